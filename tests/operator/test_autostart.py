"""Start at sign-in: the XDG autostart file is written and removed (isolated XDG_CONFIG_HOME).
The Windows branch (HKCU Run key via winreg) cannot run on Linux: only its command line is
checked here."""

from __future__ import annotations

import shlex

from nkdash_desktop.autostart import (
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
    set_autostart(True, command, platform="linux")  # again: still one file, no error
    set_autostart(False, platform="linux")
    assert not path.exists() and not autostart_enabled(platform="linux")
    set_autostart(False, platform="linux")  # already off: nothing to do


def test_commands():
    assert launch_command()[-1] == "--tray"
    assert windows_command([r"C:\Program Files\NK Dash\NKDash.exe", "--tray"]) == (
        r'"C:\Program Files\NK Dash\NKDash.exe" --tray'
    )
