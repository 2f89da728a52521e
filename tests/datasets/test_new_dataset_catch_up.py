"""A lake older than a dataset (here: payments, which older releases did not read) gets that
dataset's history at its next sync, from the lake's first day, with no migration: against the
demo Odoo over real HTTP."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.pipeline.days import day_range
from nkdash_desktop.pipeline.sync import backfill, plan_sync, sync
from nkdash_desktop.pipeline.sync_rules import Reason
from tests.pipeline.test_runner import context, star_by_day

END = date(2026, 1, 20)
NOW = datetime(2026, 1, 21, 3, 0)
FIRST = END - timedelta(days=9)
RUN_DAY = END + timedelta(days=1)
DATASETS = ["pos_lines", "payments"]


@pytest.fixture
def odoo():
    with DemoOdoo(DemoConfig(days=20, end_date=END, now=NOW), port=0).start() as srv:
        srv.clock = lambda: NOW
        yield srv


def test_a_sync_reads_a_new_dataset_for_the_history_the_lake_has(odoo, tmp_path):
    root = tmp_path / "lake"
    ctx = context(odoo, root)
    # what an older release wrote: POS sales for ten days, no payments
    assert backfill(ctx, FIRST, END - timedelta(days=1), datasets=["pos_lines"]).status == (
        "succeeded"
    )
    assert not (LakeLayout(root).root / "star-schema" / "fact_payments").exists()

    the_plan = plan_sync(ctx, datasets=DATASETS, as_of=RUN_DAY)
    payments = {
        p.day: the_plan.reasons[p] for p in the_plan.work.partitions if p.dataset == "payments"
    }
    assert sorted(payments) == list(day_range(FIRST, END))
    assert all(Reason.CATCH_UP in why for why in payments.values())
    assert "payments: 2026-01-11 .. 2026-01-20, 10 days" in the_plan.lines()

    summary = sync(ctx, datasets=DATASETS, as_of=RUN_DAY)
    assert summary.status == "succeeded", summary.sentence
    paid = star_by_day(root, "SELECT day, sum(amount) FROM fact_payments GROUP BY 1")
    totals = star_by_day(root, "SELECT day, sum(amount_total) FROM fact_pos_orders GROUP BY 1")
    assert set(paid) == set(day_range(FIRST, END))
    assert paid == totals  # to the cent (star_by_day rounds to cents)
    # caught up: the next sync reads only what is new
    again = plan_sync(ctx, datasets=DATASETS, as_of=RUN_DAY)
    assert not [p for p in again.work.partitions if p.dataset == "payments" and p.day < END]
