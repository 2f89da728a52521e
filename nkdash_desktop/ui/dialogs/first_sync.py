"""The first sync of an empty lake (the demo's): a progress dialog while the backfill runs, then
the main window on the loaded lake."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QProgressDialog

from nkdash_desktop.pipeline.control import Progress
from nkdash_desktop.ui.runtime.engine import first_sync_text
from nkdash_desktop.ui.window.mainwindow import MainWindow


class FirstSync(QObject):
    def __init__(self, window: MainWindow, first: date, last: date) -> None:
        super().__init__(window)
        self.window, self.first, self.last = window, first, last
        self.days = days = (last - first).days + 1
        self.dialog = QProgressDialog(
            f"Loading {days} days from Odoo: sales, invoices, bills, stock…",
            "Cancel",
            0,
            0,
        )
        self.dialog.setWindowTitle(window.windowTitle())
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.setMinimumWidth(520)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(window.engine.cancel)

    def start(self) -> None:
        self.window.engine.progress.connect(self._progress)
        self.window.engine.finished.connect(self._finished)
        self.dialog.show()
        self.window.engine.backfill(self.first, self.last)

    def _progress(self, p: Progress) -> None:
        self.dialog.setMaximum(max(p.total, 1))
        self.dialog.setValue(p.done)
        self.dialog.setLabelText(first_sync_text(p, self.days))

    def _finished(self, result: Any) -> None:
        self.window.engine.progress.disconnect(self._progress)
        self.window.engine.finished.disconnect(self._finished)
        self.dialog.close()
        self.window.show()
