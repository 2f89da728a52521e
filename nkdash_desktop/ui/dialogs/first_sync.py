"""The first sync of an empty lake (the demo's, the setup wizard's first backfill): the main
window opens at once, on what the lake has, and loads the history newest first behind the
banner over its tabs (MainWindow.load_history); the tabs show each month as it lands."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject

from nkdash_desktop.ui.window.mainwindow import MainWindow


class FirstSync(QObject):
    def __init__(self, window: MainWindow, first: date, last: date) -> None:
        super().__init__(window)
        self.window, self.first, self.last = window, first, last

    def start(self) -> None:
        self.window.show()
        self.window.load_history(self.first, self.last)
