"""Start at sign-in, read from and written to the system: the XDG autostart file (isolated
XDG_CONFIG_HOME) and the HKCU Run value through winreg. On Linux the winreg branch runs against
a fake registry module with winreg's interface; on Windows the same test runs against the real
registry (the Windows workflow runs the whole suite)."""

from __future__ import annotations

import shlex
import sys
import types
from contextlib import contextmanager

import pytest

from nkdash_desktop import autostart
from nkdash_desktop.autostart import (
    RUN_KEY,
    RUN_VALUE,
    autostart_command,
    autostart_enabled,
    launch_command,
    set_autostart,
    windows_command,
    xdg_autostart_file,
)


def test_xdg_autostart_on_and_off(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg config"))
    command = ["/opt/NK Dash/nkdash", "--tray"]
    set_autostart(True, command, platform="linux")
    path = tmp_path / "xdg config" / "autostart" / "nkdash.desktop"
    assert xdg_autostart_file() == path
    assert autostart_enabled(platform="linux")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]" and "Type=Application" in lines
    exec_line = next(line for line in lines if line.startswith("Exec="))
    assert shlex.split(exec_line[5:]) == command  # the path with a space stays one argument
    assert autostart_command(platform="linux") == exec_line[5:]
    set_autostart(True, command, platform="linux")  # again: still one file, no error
    set_autostart(False, platform="linux")
    assert not path.exists() and not autostart_enabled(platform="linux")
    assert autostart_command(platform="linux") is None
    set_autostart(False, platform="linux")  # already off: nothing to do


def test_commands():
    assert launch_command()[-1] == "--tray"
    assert windows_command([r"C:\Program Files\NK Dash\NKDash.exe", "--tray"]) == (
        r'"C:\Program Files\NK Dash\NKDash.exe" --tray'
    )


class FakeRegistry:
    """winreg's calls the app makes, over a dict {key path: {value name: (type, data)}}, with
    winreg's errors: FileNotFoundError for a missing key or value."""

    HKEY_CURRENT_USER = "HKCU"
    REG_SZ = 1

    def __init__(self) -> None:
        self.keys: dict[str, dict[str, tuple[int, str]]] = {}

    def module(self) -> types.ModuleType:
        mod = types.ModuleType("winreg")
        for name in ("HKEY_CURRENT_USER", "REG_SZ"):
            setattr(mod, name, getattr(self, name))
        for name in ("CreateKey", "OpenKey", "SetValueEx", "QueryValueEx", "DeleteValue"):
            setattr(mod, name, getattr(self, name))
        return mod

    @contextmanager
    def _key(self, root: str, path: str, create: bool):
        full = f"{root}\\{path}"
        if full not in self.keys:
            if not create:
                raise FileNotFoundError(2, "The system cannot find the file specified")
            self.keys[full] = {}
        yield self.keys[full]

    def CreateKey(self, root: str, path: str):
        return self._key(root, path, create=True)

    def OpenKey(self, root: str, path: str, *rest: object):
        return self._key(root, path, create=False)

    def SetValueEx(self, key: dict, name: str, reserved: int, kind: int, data: str) -> None:
        key[name] = (kind, data)

    def QueryValueEx(self, key: dict, name: str) -> tuple[str, int]:
        if name not in key:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        kind, data = key[name]
        return data, kind

    def DeleteValue(self, key: dict, name: str) -> None:
        if name not in key:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        del key[name]


@pytest.fixture
def registry(monkeypatch):
    """The registry the winreg branch talks to: the real one on Windows (the app's own value,
    removed afterwards), a fake one elsewhere."""
    if sys.platform == "win32":
        saved = autostart._windows_value()
        yield None
        if saved is None:
            autostart._set_windows(False, "")
        else:
            autostart._set_windows(True, saved)
        return
    fake = FakeRegistry()
    monkeypatch.setitem(sys.modules, "winreg", fake.module())
    yield fake


def test_the_run_value_is_read_from_the_registry_whoever_wrote_it(registry):
    exe = r"C:\Users\op\AppData\Local\Programs\NKDash\NKDash.exe"
    set_autostart(False, platform="win32")
    assert not autostart_enabled(platform="win32")
    assert autostart_command(platform="win32") is None
    set_autostart(True, [exe, "--tray"], platform="win32")
    assert autostart_enabled(platform="win32")
    # what the installer's task writes: ValueData """{app}\{#AppExe}"" --tray"
    installer_data = f'"{exe}" --tray'
    assert autostart_command(platform="win32") == installer_data
    if registry is not None:
        assert registry.keys[f"HKCU\\{RUN_KEY}"][RUN_VALUE] == (registry.REG_SZ, installer_data)
        # written by the installer, not by the app: the app sees it all the same
        registry.keys[f"HKCU\\{RUN_KEY}"][RUN_VALUE] = (registry.REG_SZ, '"D:\\x.exe" --tray')
        assert autostart_enabled(platform="win32")
    set_autostart(False, platform="win32")
    assert not autostart_enabled(platform="win32")
    set_autostart(False, platform="win32")  # already off: no error


def test_a_registry_error_is_one_sentence(registry, monkeypatch):
    def denied(*args: object) -> None:
        raise PermissionError(5, "Access is denied")

    monkeypatch.setattr(autostart, "_set_windows", denied)
    with pytest.raises(autostart.AutostartError, match=r"Could not register .*Access is denied"):
        set_autostart(True, ["NKDash.exe", "--tray"], platform="win32")
