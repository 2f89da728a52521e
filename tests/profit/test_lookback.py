"""Cost look-back (issue 14, item 3): a lake that starts after the first vendor bills has costs
from its first day. Against the demo Odoo, whose opening purchases are older than a lake
backfilled from day 6: every sales line of that young lake is costed exactly as in a lake
holding all ten days, with bounded requests."""

from __future__ import annotations

import shutil

import polars as pl
import pytest
from demo_support import DAYS, SALES_AND_PURCHASES, client_for, sync
from profit_lake import OVERRIDES, read_table

from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.pipeline.profit import rebuild_profit, update_after_sync
from nkdash_desktop.pipeline.profit.lookback import (
    latest_bill_lines,
    lookback_due,
    read_lookback,
    sold_pairs,
)
from nkdash_desktop.pipeline.profit.validate import validate_profit

YOUNG = DAYS[5:]
COST = ["channel", "line_id", "unit_cost_tax_in", "cost_line_id", "gross_profit"]


@pytest.fixture(scope="module")
def full(demo_star, tmp_path_factory) -> LakeLayout:
    root = tmp_path_factory.mktemp("full") / "lake"
    shutil.copytree(demo_star, root)
    layout = LakeLayout(root)
    rebuild_profit(layout, OVERRIDES)
    return layout


@pytest.fixture(scope="module")
def young(odoo, tmp_path_factory) -> LakeLayout:
    """A first backfill of the last five days only, as a sync's profit step runs it."""
    layout = LakeLayout(tmp_path_factory.mktemp("young") / "lake")
    sync(layout, odoo, ("dimensions", *SALES_AND_PURCHASES), YOUNG)
    assert lookback_due(layout) == YOUNG[0]
    loaded = {name: set(YOUNG) for name in SALES_AND_PURCHASES}
    update_after_sync(layout, OVERRIDES, loaded, lookback_client=lambda: client_for(odoo))
    return layout


def test_a_young_lake_has_costs_from_its_first_day(young, full):
    lookback = read_lookback(young)
    assert lookback.height > 0 and (lookback["day"] < YOUNG[0]).all()
    assert set(lookback["company_id"]) == {1, 2}  # each company's own bills
    assert lookback_due(young) is None  # done once
    for day in YOUNG:
        mine = read_table(young, "fact_sales_lines_profit").filter(pl.col("day") == day)
        theirs = read_table(full, "fact_sales_lines_profit").filter(pl.col("day") == day)
        assert mine.height == theirs.height > 0
        assert (
            mine.sort("channel", "line_id")
            .select(COST)
            .equals(theirs.sort("channel", "line_id").select(COST))
        ), day


def test_the_young_lake_validates_against_its_own_layers(young):
    report = validate_profit(young, YOUNG[0], OVERRIDES)
    assert report.ok, "\n".join(report.lines())


def test_the_lookback_makes_three_requests_whatever_the_products(odoo, young):
    pairs = sold_pairs(young)
    with client_for(odoo) as client:  # the user's companies, the grouped query, one page
        rows, requests = latest_bill_lines(client, YOUNG[0], pairs)
        assert requests == 3 and rows.height > 10
        one, one_request = latest_bill_lines(client, YOUNG[0], pairs.head(1))
    assert one_request <= 3 and one.height <= 1
