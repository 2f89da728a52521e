"""One writer of the settings, seen from the window: what the View menu changes is what the
app holds, so Settings > OK never writes an older value back."""

from __future__ import annotations

import demo_lake

# WebEngine must be imported before pytest-qt creates the QApplication (the qapp fixture)
import PySide6.QtWebEngineWidgets  # noqa: F401
from PySide6.QtCore import QEvent

from nkdash_desktop import settings as S
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.window.mainwindow import MainWindow

WAIT_MS = 60_000


def test_the_dark_theme_survives_settings_ok(qtbot, qapp, memory_keyring, lake_root, tmp_path):
    lake = demo_lake.copy_lake(lake_root, tmp_path / "lake")
    S.save(demo_lake.settings_for(lake))  # light, no connection: OK needs no secret
    window = MainWindow(AppContext(S.load()))
    try:
        window.show()
        window.dark_action.trigger()
        qtbot.waitUntil(lambda: S.load().ui.theme == "dark", timeout=WAIT_MS)
        assert window.context.settings.ui.theme == "dark"

        window.settings_action.trigger()
        dialog = window.settings_dialog
        with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
            dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        assert S.load().ui.theme == "dark"
        assert window.context.settings.ui.theme == "dark"
        assert window.dark_action.isChecked()
    finally:
        window.set_theme("light")  # the application's palette is shared by the next tests
        qtbot.waitUntil(lambda: S.load().ui.theme == "light", timeout=WAIT_MS)
        window.close()
        window.deleteLater()
        qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
