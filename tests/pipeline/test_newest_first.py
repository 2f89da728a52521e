"""Newest first (issue 22): a backfill reads and loads the most recent days first, month by
month, and one stopped midway owes the older days, which the next sync loads."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.months import month_of
from nkdash_desktop.lake.state import RunStatus, StateDB
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.pipeline.control import CancelToken, Progress
from nkdash_desktop.pipeline.days import day_range
from nkdash_desktop.pipeline.history import HISTORY_FILE, history_owed
from nkdash_desktop.pipeline.integrity import scan
from nkdash_desktop.pipeline.runner import RunContext
from nkdash_desktop.pipeline.sync import backfill, plan_sync, sync
from nkdash_desktop.pipeline.sync_rules import Reason
from tests.pipeline.crash_runner import kill_backfill_after

TZ = "Asia/Jakarta"
END = date(2026, 2, 10)  # 45 days: the end of December, January, ten days of February
FIRST = END - timedelta(days=44)
NOW = datetime(2026, 2, 11, 3, 0)
KEY = "nkdash-demo-admin-key"
DAILY = [name for name, d in DATASETS.items() if d.kind == "daily"]


@pytest.fixture(scope="module")
def odoo():
    with DemoOdoo(DemoConfig(days=45, end_date=END, now=NOW), port=0).start() as srv:
        yield srv


def context(srv: DemoOdoo, root: Path) -> RunContext:
    def connect() -> OdooClient:
        return OdooClient(OdooConnection(srv.url, srv.db, "admin", timeout_s=10), KEY).connect()

    return RunContext(LakeLayout(root), TZ, connect, connections=2)


def test_the_first_partitions_run_are_the_latest_days(odoo, tmp_path):
    summary = backfill(context(odoo, tmp_path / "lake"), FIRST, END)
    assert summary.status == RunStatus.SUCCEEDED, summary.sentence
    with StateDB(LakeLayout(tmp_path / "lake").metadata) as state:
        records = state.partitions(summary.run_id)
    started = [r.day for r in records if r.stage == "extract" and r.day is not None]
    assert started[0] == END
    assert started == sorted(started, reverse=True), "days started oldest first somewhere"
    # loads: month by month from the newest, every dataset's month file written once
    loads = [(r.dataset, month_of(r.day)) for r in records if r.stage == "load" and r.day]
    months = [m for _, m in loads]
    assert months == sorted(months, reverse=True)
    assert months[0] == month_of(END)
    batches = [k for i, k in enumerate(loads) if i == 0 or loads[i - 1] != k]
    assert len(batches) == len(set(batches)), "a month file was loaded twice in one run"
    assert not (tmp_path / "lake" / "metadata" / HISTORY_FILE).exists()


def test_a_backfill_stopped_midway_owes_the_older_days_and_the_next_sync_loads_them(odoo, tmp_path):
    root = tmp_path / "lake"
    ctx = context(odoo, root)
    token = CancelToken()

    def stop_after_the_newest_month(p: Progress) -> None:
        if p.stage == "load" and p.day is not None and p.day < month_of(END):
            token.cancel()  # January is loading: February is in, stop there

    summary = backfill(ctx, FIRST, END, progress=stop_after_the_newest_month, cancel=token)
    assert summary.status == RunStatus.CANCELLED
    layout = LakeLayout(root)
    with StateDB(layout.metadata) as state:
        loaded = {n: set(state.complete_days(n, "load")) for n in DAILY}
    for name in DAILY:  # the newest month is whole; the oldest days are not there yet
        assert set(day_range(month_of(END), END)) <= loaded[name], name
        assert FIRST not in loaded[name], name
    assert history_owed(layout)

    the_plan = plan_sync(ctx, as_of=END + timedelta(days=1), reconcile=False)
    history = {p for p, why in the_plan.reasons.items() if Reason.HISTORY in why}
    assert {p.day for p in history if p.dataset == "pos_lines"} >= set(
        day_range(FIRST, date(2025, 12, 31))
    )
    summary = sync(ctx, as_of=END + timedelta(days=1), reconcile=False)
    assert summary.status == RunStatus.SUCCEEDED, summary.sentence
    with StateDB(layout.metadata) as state:
        for name in DAILY:
            assert set(day_range(FIRST, END)) <= set(state.complete_days(name, "load")), name
            assert state.get_dataset_state(name).last_complete_day >= END, name
    assert not history_owed(layout)
    assert not (layout.metadata / HISTORY_FILE).exists()


def test_a_backfill_killed_midway_is_continued_by_the_next_sync(odoo, tmp_path):
    """SIGKILL once the newest month is loaded: the lake reads in full, the older days are
    owed, and the next sync loads them."""
    root = tmp_path / "lake"
    newest_month = len(DAILY) * END.day  # load records of February's days
    kill_backfill_after(
        odoo, root, FIRST, END, newest_month, where="stage = 'load' AND status = 'succeeded'"
    )

    layout = LakeLayout(root)
    assert scan(layout) == {}  # every published file reads in full
    assert history_owed(layout)
    ctx = context(odoo, root)
    summary = sync(ctx, as_of=END + timedelta(days=1), reconcile=False)
    assert summary.status == RunStatus.SUCCEEDED, summary.sentence
    with StateDB(layout.metadata) as state:
        for name in DAILY:
            assert set(day_range(FIRST, END)) <= set(state.complete_days(name, "load")), name
    assert not history_owed(layout)
