"""One lake catalog shared by the threads that query it: each query gets its own cursor.

DuckDB connections are not meant for concurrent use, but cursors of one connection are
separate connections to the same in-memory database, so they share the views and can run at
the same time. `refresh()` re-lists the lake's files after a run, for every cursor.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from nkdash_desktop.lake.catalog import open_catalog, refresh


class KpiSource:
    def __init__(self, lake_root: Path) -> None:
        self.lake_root = Path(lake_root)
        self._con = open_catalog(self.lake_root)
        self._lock = threading.Lock()  # guards the parent connection (cursor(), refresh())

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def refresh(self) -> None:
        with self._lock:
            refresh(self._con)

    def close(self) -> None:
        with self._lock:
            self._con.close()
