"""A run's read that serves two datasets (pipeline/shared_reads.py): the taker gets the file
its reader committed for the day; a reader that failed, or is not in the run, leaves the taker
to ask Odoo itself; a cancel ends the wait."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

from nkdash_desktop.pipeline.control import Cancelled, CancelToken
from nkdash_desktop.pipeline.shared_reads import SharedReads

DAY, OTHER = date(2026, 1, 5), date(2026, 1, 6)
FILE = Path("raw/pos_payments/day=2026-01-05/part.parquet")


def test_the_taker_waits_for_the_readers_file_then_lets_go():
    shared = SharedReads([("pos_lines", DAY), ("payments", DAY)])
    threading.Timer(0.3, shared.finished, ("pos_lines", DAY, {"pos_payments": FILE})).start()
    assert shared.take("pos_lines", "pos_payments", DAY, CancelToken()) == FILE
    assert shared.take("pos_lines", "pos_payments", DAY, CancelToken()) is None  # taken


def test_a_failed_or_absent_reader_leaves_the_taker_to_read():
    shared = SharedReads([("pos_lines", DAY), ("payments", DAY), ("payments", OTHER)])
    shared.finished("pos_lines", DAY, None)
    assert shared.take("pos_lines", "pos_payments", DAY, CancelToken()) is None
    assert shared.take("pos_lines", "pos_payments", OTHER, CancelToken()) is None  # not in the run


def test_a_cancel_ends_the_wait():
    shared = SharedReads([("pos_lines", DAY), ("payments", DAY)])
    cancel = CancelToken()
    threading.Timer(0.3, cancel.cancel).start()
    with pytest.raises(Cancelled):
        shared.take("pos_lines", "pos_payments", DAY, cancel)
