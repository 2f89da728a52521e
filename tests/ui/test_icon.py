"""The app's icon comes from the bundled files, on every window (and the taskbar) and the tray."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from nkdash_desktop.ui.app import ensure_app
from nkdash_desktop.ui.background.tray import state_icon
from nkdash_desktop.ui.runtime.icon import app_icon, icon_paths


def colours(icon: QIcon, size: int = 64) -> set[str]:
    image = icon.pixmap(size, size).toImage()
    return {image.pixelColor(x, y).name() for x in range(0, size, 4) for y in range(0, size, 4)}


def test_windows_taskbar_and_tray_show_the_bundled_icon(qapp, qtbot):
    assert all(path.is_file() for path in icon_paths()), icon_paths()
    icon = app_icon()
    assert not icon.isNull()
    assert {16, 32, 48, 256} <= {s.width() for s in icon.availableSizes()}  # from the .ico
    ensure_app()  # the app's set-up sets it on the application (every window inherits it)
    app = QApplication.instance()
    assert not app.windowIcon().isNull()
    widget = QWidget()
    qtbot.addWidget(widget)
    same = widget.windowIcon().pixmap(32, 32).toImage()
    assert same == icon.pixmap(32, 32).toImage()
    # the tray's idle icon is the same picture (its badges come on top)
    idle = state_icon("idle").pixmap(64, 64).toImage()
    assert idle == icon.pixmap(64, 64).toImage().convertToFormat(idle.format())
    assert len(colours(icon)) > 3  # a picture, not a blank square
