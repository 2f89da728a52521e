"""A run's read that serves two datasets (pipeline/shared_reads.py): the taker gets the file
its reader committed for the day; a reader that failed (even before reading), or is not in the
run, leaves the taker to ask Odoo itself; a cancel ends the wait."""

from __future__ import annotations

import threading
from datetime import date, datetime
from pathlib import Path

import pytest

from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.odoo.errors import HostUnreachable
from nkdash_desktop.pipeline.control import Cancelled, CancelToken
from nkdash_desktop.pipeline.runner import RunContext
from nkdash_desktop.pipeline.shared_reads import SharedReads
from nkdash_desktop.pipeline.sync import backfill

DAY, OTHER = date(2026, 1, 5), date(2026, 1, 6)
NOW = datetime(2026, 1, 6, 3, 0)
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


@pytest.mark.timeout(120)  # the defect was a wait for good: fail, never hang
def test_a_reader_stopped_before_reading_lets_its_taker_read(tmp_path):
    """pos_lines' partition of a day fails before it reads (its worker's client cannot log
    in): the payments partition of that day, waiting for pos_lines' read, reads the payments
    itself, and the run ends (one worker: the reader's failure comes first)."""
    with DemoOdoo(DemoConfig(days=3, end_date=DAY, now=NOW), port=0).start() as srv:
        logins = []

        def client() -> OdooClient:
            if threading.current_thread().name.startswith("nkdash-extract"):
                logins.append(1)  # the worker's first login fails: pos_lines' partition
                if len(logins) == 1:
                    raise HostUnreachable(srv.url, "connection refused")
            conn = OdooConnection(srv.url, srv.db, "admin", timeout_s=10)
            return OdooClient(conn, "nkdash-demo-admin-key").connect()

        ctx = RunContext(LakeLayout(tmp_path), "Asia/Jakarta", client, connections=1)
        summary = backfill(ctx, DAY, DAY, datasets=["pos_lines", "payments"])
    assert summary.status == "partial", summary.sentence
    assert [p.dataset for p in summary.failed] == ["pos_lines"]
    assert [p.dataset for p in summary.succeeded] == ["payments"]
