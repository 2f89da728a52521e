"""The settings store's changes as a Qt signal.

The store tells its subscribers from the thread that made the change (the Settings dialog saves
on a worker); a signal of an object living on the GUI thread delivers it to the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from nkdash_desktop.settings_store import SettingsStore


class SettingsChanges(QObject):
    changed = Signal(object, object)  # old, new Settings

    def __init__(self, store: SettingsStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        unsubscribe = store.subscribe(self.changed.emit)
        self.destroyed.connect(lambda *_: unsubscribe())  # the store may outlive the window
