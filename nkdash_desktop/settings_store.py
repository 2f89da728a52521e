"""The one writer of the operator's settings, and the place that says when they changed.

Every change (View > Dark theme, Settings > OK, the setup wizard, `nkdash login`) goes through
`SettingsStore.update`: it edits a copy of the settings the app holds, validates it, writes the
file atomically (`settings.save`) and only then makes it current and tells the subscribers. A
copy held elsewhere cannot go stale and be written back over a newer value, and a refused value
or a failed write leaves the file and the current settings as they were. Plain Python: the UI
adapts the subscription to a Qt signal.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from pathlib import Path

from nkdash_desktop.paths import app_paths
from nkdash_desktop.settings import Settings, load, save

Change = Callable[[Settings], None]  # edits the copy it is given
Listener = Callable[[Settings, Settings], None]  # (old, new), called only when a value changed


class SettingsStore:
    """The settings of this process. Without a `path` they live in memory only (the demo)."""

    def __init__(self, settings: Settings, path: Path | None = None) -> None:
        self.path = path
        self._current = settings
        self._listeners: list[Listener] = []
        # one change at a time, listeners told in the order of the changes; re-entrant so that
        # a listener may itself update
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: Path | None = None) -> SettingsStore:
        """The settings file's store (the per-user file by default); raises SettingsError
        naming the bad key of an invalid file."""
        path = path or app_paths().settings_file
        return cls(load(path), path)

    @property
    def current(self) -> Settings:
        """The settings in force. Read them; change them only through `update`."""
        return self._current

    def update(self, change: Change) -> Settings:
        """Apply `change` to a copy of the current settings, validate, write, make current,
        then tell the subscribers when a value changed. Returns the new settings."""
        with self._lock:
            draft = copy.deepcopy(self._current)
            change(draft)
            return self._commit(draft)

    def replace(self, new: Settings) -> Settings:
        """Make `new` (a whole edited copy, e.g. the Settings dialog's) the settings."""
        with self._lock:
            return self._commit(new)

    def _commit(self, new: Settings) -> Settings:
        old = self._current
        new = new.validated()  # SettingsError names the bad key
        if self.path is not None:
            save(new, self.path)  # atomic: a failed write keeps the old file
        self._current = new
        if new != old:
            for listener in list(self._listeners):
                listener(old, new)
        return new

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(old, new)` after each change that altered a value, from the thread
        that made it. Returns the function that ends the subscription."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe
