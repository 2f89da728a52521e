"""bench/profit.py's synthetic chain (what bench/chain.py measures at 20 companies x 10 years)
writes a valid lake: a tiny one here, 3 companies x 45 days, one of them in US dollars."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.lake.months import fact_months, scan_fact
from nkdash_desktop.lake.schema import FACTS, conform
from nkdash_desktop.pipeline.integrity import scan
from nkdash_desktop.pipeline.profit import rebuild_profit, update_profit
from nkdash_desktop.pipeline.profit.plan import PROFIT_TABLES

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _bench_profit():
    """bench/profit.py under a name of its own (tests/profit is a folder named profit)."""
    spec = importlib.util.spec_from_file_location("bench_profit", BENCH / "profit.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_profit"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


bench = _bench_profit()
START = date(2025, 11, 20)  # 45 days over two months' ends: three month files per fact
DAYS = 45
GENERATED = (
    "fact_sales",
    "fact_pos_orders",
    "fact_invoice_sales",
    "fact_purchases",
    "fact_inventory_moves",
    "fact_stock_quants",
)


@pytest.fixture(scope="module")
def chain_lake(tmp_path_factory):
    layout = LakeLayout(tmp_path_factory.mktemp("chain") / "lake")
    shops = bench.chain(3, 60, usd_every=3)
    synth = bench.Synthetic(START, DAYS, 60, 50, 0, shops)
    counts = bench.generate(layout, synth)
    return layout, synth, counts


def test_every_fact_is_written_month_by_month_to_its_contract(chain_lake):
    layout, _, counts = chain_lake
    assert set(counts) == set(GENERATED)
    for name in GENERATED:
        fact = FACTS[name]
        months = fact_months(layout, fact)
        assert months == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1)] or (
            name == "fact_stock_quants" and months
        ), name
        for month in months:
            rows = pl.read_parquet(layout.month_partition(STAR, name, month))
            assert rows.equals(conform(fact, rows)), name  # the contract's columns and types
            assert rows["day"].dt.month_start().unique().to_list() == [month], name
    con = open_catalog(layout.root)
    for name in GENERATED:
        assert con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] == counts[name] > 0
    assert scan(layout) == {}  # verify-lake reads every file in full


def test_each_company_keeps_its_own_currency(chain_lake):
    layout, _, _ = chain_lake
    con = open_catalog(layout.root)
    companies = dict(con.execute("SELECT company_id, currency_code FROM dim_companies").fetchall())
    assert companies == {1: "IDR", 2: "IDR", 3: "USD"}
    sales = con.execute(
        "SELECT DISTINCT s.company_id, s.currency_id, c.currency_id "
        "FROM fact_sales s JOIN dim_companies c USING (company_id)"
    ).fetchall()
    assert all(own == sold for _, sold, own in sales)
    assert {row[0] for row in sales} == {1, 2, 3}
    # rupiah prices are whole hundreds; dollar prices have cents and are far smaller
    prices = con.execute(
        "SELECT company_id, max(price_unit), bool_and(price_unit % 100 = 0) "
        "FROM fact_sales GROUP BY company_id ORDER BY company_id"
    ).fetchall()
    assert prices[0][2] and prices[1][2] and not prices[2][2]
    assert prices[2][1] < prices[0][1] / 1000
    # a dollar company's bills are in dollars; a rupiah company's in rupiah or (a few) dollars
    bills = con.execute(
        "SELECT company_id, list(DISTINCT currency_id) FROM fact_purchases GROUP BY company_id"
    ).fetchall()
    assert dict(bills)[3] == [2]


def test_pos_orders_total_their_lines(chain_lake):
    layout, _, _ = chain_lake
    con = open_catalog(layout.root)
    lines, orders, count = con.execute(
        "SELECT (SELECT sum(revenue_tax_in) FROM fact_sales), "
        "(SELECT sum(amount_total) FROM fact_pos_orders), (SELECT count(*) FROM fact_pos_orders)"
    ).fetchone()
    assert abs(orders - lines) <= 0.005 * count  # each order's total rounded to the cent


def test_profit_builds_and_updates_on_the_chain(chain_lake, tmp_path):
    layout, synth, counts = chain_lake
    built = rebuild_profit(layout, bench.OVERRIDES)
    assert (
        built.rows["fact_sales_lines_profit"] == counts["fact_sales"] + counts["fact_invoice_sales"]
    )
    prepared = bench.prepare_update(layout, synth)
    middle = date.fromisoformat(prepared["middle"])
    next_day = date.fromisoformat(prepared["next_day"])
    updated = update_profit(layout, bench.OVERRIDES, {middle, next_day}, {next_day})
    assert next_day in updated.whole_days
    con = open_catalog(layout.root)
    # no company's sales are priced with another company's bills
    crossed = con.execute(
        "SELECT count(*) FROM fact_sales_lines_profit p JOIN fact_product_cost_events e "
        "ON p.cost_line_id = e.line_id WHERE p.company_id <> e.company_id"
    ).fetchone()[0]
    assert crossed == 0
    assert con.execute(f"SELECT count(*) FROM fact_sales WHERE day = '{next_day}'").fetchone()[0]
    # the update left every profit table as a rebuild of the same lake makes it
    again = LakeLayout(tmp_path / "again")
    shutil.copytree(layout.root, again.root)
    rebuild_profit(again, bench.OVERRIDES)
    for name in PROFIT_TABLES:
        updated_rows = scan_fact(layout, FACTS[name]).collect()
        rebuilt_rows = scan_fact(again, FACTS[name]).collect()
        assert updated_rows.equals(rebuilt_rows), name
