"""Start with Windows (or with the Linux desktop session): the app starts hidden in the tray.

Windows: the value "NKDash" = `"<exe>" --tray` under HKCU\\Software\\Microsoft\\Windows\\
CurrentVersion\\Run (per user, no administrator rights needed). Linux: an XDG autostart entry,
`$XDG_CONFIG_HOME/autostart/nkdash.desktop`. Plain Python, no Qt.

The system is the only record of whether the app starts at sign-in: the installer's task writes
the same Run value the app writes, and Settings reads it back from there (a copy in the settings
file went stale the moment the installer or the operator changed it). The Linux tests run the
winreg branch against a fake registry module; the Windows workflow runs it against the real one.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from nkdash_desktop import APP_NAME
from nkdash_desktop.errors import OperatorError
from nkdash_desktop.i18n import translate

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "NKDash"
DESKTOP_FILE = "nkdash.desktop"


class AutostartError(OperatorError):
    """The sign-in start cannot be set or removed; `sentence` says why."""


def launch_command() -> list[str]:
    """How the sign-in starts the app: the frozen executable, or this Python running the
    package (a development install)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--tray"]
    return [sys.executable, "-m", "nkdash_desktop", "--tray"]


def xdg_autostart_file() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart" / DESKTOP_FILE


def _desktop_quote(arg: str) -> str:
    """An Exec argument per the Desktop Entry spec: quoted when needed, `%` doubled."""
    arg = arg.replace("%", "%%")
    if not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
        return arg
    for c in '\\"`$':
        arg = arg.replace(c, "\\" + c)
    return f'"{arg}"'


def desktop_entry(command: list[str]) -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            f"Name={APP_NAME}",
            "Comment=Retail KPIs from Odoo; nightly sync from the tray",
            "Exec=" + " ".join(_desktop_quote(a) for a in command),
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
            "",
        ]
    )


def windows_command(command: list[str]) -> str:
    """`"<exe>" --tray`: the path quoted (it may hold spaces), the flags as they are."""
    exe, *args = command
    return " ".join([f'"{exe}"', *args])


def set_autostart(
    enabled: bool, command: list[str] | None = None, platform: str = sys.platform
) -> None:
    """Register (or remove) the app's start at sign-in; raises AutostartError."""
    command = command or launch_command()
    try:
        if platform == "win32":
            _set_windows(enabled, windows_command(command))
        else:
            _set_xdg(enabled, command)
    except OSError as exc:
        if enabled:
            sentence = translate(
                "Errors",
                "Could not register the start at sign-in ({reason}): try again, or turn it off "
                "and on in Settings > Startup.",
            )
        else:
            sentence = translate(
                "Errors",
                "Could not remove the start at sign-in ({reason}): try again, or turn it off "
                "and on in Settings > Startup.",
            )
        raise AutostartError(sentence.format(reason=exc.strerror or exc)) from None


def autostart_enabled(platform: str = sys.platform) -> bool:
    """Whether the system starts the app at sign-in (the Run value or the .desktop file exists,
    whoever wrote it: the installer or the app)."""
    if platform == "win32":
        return _windows_value() is not None
    return xdg_autostart_file().exists()


def autostart_command(platform: str = sys.platform) -> str | None:
    """The command the system runs at sign-in (the Run value's data, the Exec line), or None."""
    if platform == "win32":
        return _windows_value()
    path = xdg_autostart_file()
    if not path.exists():
        return None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("Exec="):
            return line[len("Exec=") :]
    return ""


def _set_xdg(enabled: bool, command: list[str]) -> None:
    path = xdg_autostart_file()
    if not enabled:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(desktop_entry(command), encoding="utf-8")
    os.replace(tmp, path)


def _set_windows(enabled: bool, value: str) -> None:
    import winreg

    with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
        if enabled:
            winreg.SetValueEx(key, RUN_VALUE, 0, winreg.REG_SZ, value)
        else:
            with contextlib.suppress(FileNotFoundError):  # already off
                winreg.DeleteValue(key, RUN_VALUE)


def _windows_value() -> str | None:
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            return str(winreg.QueryValueEx(key, RUN_VALUE)[0])
    except FileNotFoundError:
        return None
