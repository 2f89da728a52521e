"""The plan's request estimate is close to what the run then takes (issue 15): within a factor of
1.5, whether the lake's history comes from small nightly runs or from none at all."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.pipeline.sync import execute, plan_backfill
from tests.pipeline.test_runner import context

END = date(2026, 1, 30)


@pytest.fixture(scope="module")
def odoo():
    with DemoOdoo(DemoConfig(days=70, end_date=END, now=datetime(2026, 1, 31, 3)), port=0).start(
    ) as srv:  # fmt: skip
        yield srv


def within_one_and_a_half(estimated: int, used: int) -> bool:
    return used / 1.5 <= estimated <= used * 1.5


def test_a_first_backfill_is_estimated_within_a_factor_of_one_and_a_half(odoo, tmp_path):
    ctx = context(odoo, tmp_path / "lake", connections=3)
    the_plan = plan_backfill(ctx, END - timedelta(days=59), END)
    used = execute(ctx, the_plan, trigger="backfill").requests
    assert within_one_and_a_half(the_plan.requests, used), (the_plan.requests, used)


def test_a_backfill_after_small_runs_is_estimated_within_a_factor_of_one_and_a_half(odoo, tmp_path):
    ctx = context(odoo, tmp_path / "lake", connections=3)
    for day in range(3):  # three nightly-sized runs: every worker reads the server's facts
        last = END - timedelta(days=day)
        assert (
            execute(ctx, plan_backfill(ctx, last, last), trigger="backfill").status == "succeeded"
        )
    the_plan = plan_backfill(ctx, END - timedelta(days=62), END - timedelta(days=3))
    used = execute(ctx, the_plan, trigger="backfill").requests
    assert within_one_and_a_half(the_plan.requests, used), (the_plan.requests, used)
