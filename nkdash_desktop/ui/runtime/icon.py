"""The app's icon, from the files build/make_icon.py draws: resources/nkdash.ico (every size
Windows asks for) and nkdash.png (512 px). The same image shows on the windows, the taskbar and
the tray; the frozen app carries both files (nkdash.spec RESOURCES), and the .ico is also the
exe's icon resource, which Explorer and the Start menu show."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon

ICON_FILES = ("nkdash.ico", "nkdash.png")
# the taskbar groups windows by this id (not python.exe's when run from source)
APP_USER_MODEL_ID = "NKDash.Desktop"


def resources_dir() -> Path:
    """resources/ beside the code: in the bundle (_internal/resources) or the source tree."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    return Path(__file__).resolve().parents[3] / "resources"


def icon_paths() -> list[Path]:
    return [resources_dir() / name for name in ICON_FILES]


def app_icon() -> QIcon:
    """Every size of the .ico plus the large PNG; an empty icon when neither file is there (a
    wheel install without resources): Qt then keeps the platform's default."""
    icon = QIcon()
    for path in icon_paths():
        if path.is_file():
            icon.addFile(str(path))
    return icon


def set_app_icon(app) -> QIcon:
    """The icon of every window of `app` (and of its taskbar button)."""
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    if sys.platform == "win32":
        import ctypes

        shell32 = ctypes.WinDLL("shell32")  # type: ignore[attr-defined]
        shell32.SetCurrentProcessExplicitAppUserModelID(ctypes.c_wchar_p(APP_USER_MODEL_ID))
    return icon
