"""One Odoo read for two datasets' raw tables of a day, within a run.

Two datasets may ask Odoo the same question for a day (`pos_lines` reads a day's POS payments
for the lines' payment method, `payments` for the payments themselves). Such a table names
the dataset and raw table it is read with (RawTable.read_with); when that dataset's partition
of the same day is in the same run, the table takes its committed raw file instead of asking
Odoo again. Only the taker waits, never the reader it takes from, so waits cannot form a cycle;
the reader's partition is planned before the taker's (the registry's order), and a reader that
failed leaves the taker to ask Odoo itself. No Qt, no Odoo here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.pipeline.control import CancelToken

WAIT_S = 0.2  # between looks at the cancel token while the reader's partition runs

Key = tuple[str, date | None]  # (dataset, day)


class SharedReads:
    def __init__(self, planned: Iterable[Key]) -> None:
        """`planned`: the run's partitions. Only readers whose taker runs too are awaited."""
        planned = set(planned)
        self._awaited: dict[Key, threading.Event] = {}
        for name, day in planned:
            for table in DATASETS[name].tables:
                if table.read_with and (table.read_with[0], day) in planned:
                    self._awaited[(table.read_with[0], day)] = threading.Event()
        self._files: dict[Key, dict[str, Path]] = {}
        self._lock = threading.Lock()

    def finished(self, dataset: str, day: date | None, files: dict[str, Path] | None) -> None:
        """The reader's partition ended: its committed raw files, or None (it failed)."""
        key = (dataset, day)
        with self._lock:
            event = self._awaited.get(key)
            if event is None:
                return  # nobody takes from it in this run
            if files is not None:
                self._files[key] = files
        event.set()

    def take(self, reader: str, table: str, day: date | None, cancel: CancelToken) -> Path | None:
        """The raw file `reader` committed for `table` and `day` in this run, once its
        partition has ended; None when it is not in the run or failed (then ask Odoo)."""
        key = (reader, day)
        with self._lock:
            event = self._awaited.get(key)
        if event is None:
            return None
        while not event.wait(WAIT_S):
            cancel.raise_if_cancelled()
        with self._lock:  # one taker per reader and day: let go of it
            self._awaited.pop(key, None)
            files = self._files.pop(key, None)
        return files.get(table) if files else None
