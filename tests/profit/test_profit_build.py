"""Building profit: the rebuild, the views, the dry run, cancel and progress, and the update
that recomputes what a change invalidates, and only that."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from profit_lake import (
    OVERRIDES,
    PROFIT_TABLES,
    purchase,
    read_table,
    sale,
    same_profit,
    write_rows,
    write_taxes,
)

from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.lake.schema import FACTS, differences
from nkdash_desktop.pipeline.control import Cancelled, CancelToken
from nkdash_desktop.pipeline.profit import (
    cost_coverage,
    plan_profit,
    rebuild_profit,
    update_after_sync,
    update_profit,
)
from nkdash_desktop.pipeline.profit.cost_events import stale_multipliers
from nkdash_desktop.pipeline.profit.multipliers import lake_multipliers

D1, D2, D3 = date(2026, 1, 5), date(2026, 1, 6), date(2026, 2, 2)


def fingerprint(layout: LakeLayout) -> dict[str, str]:
    star = layout.layer(STAR)
    return {
        str(p.relative_to(star)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(star.rglob("data.parquet"))
    }


def test_rebuild_writes_every_profit_table_by_month(shop):
    result = rebuild_profit(shop, {})
    for name in PROFIT_TABLES:
        months = sorted(p.name for p in (shop.layer(STAR) / name).iterdir())
        assert months == ["month=2026-01", "month=2026-02"], name
        for path in (shop.layer(STAR) / name).rglob("data.parquet"):  # per company or month
            assert differences(FACTS[name], pl.read_parquet_schema(path)) == [], path
    assert result.kind == "rebuild" and result.days[0] == D1 and result.days[-1] == D3
    lines = read_table(shop, "fact_sales_lines_profit").sort("channel", "line_id")
    kopi = lines.filter(pl.col("product_id") == 101)
    # POS lines 11 (2 x 25,000 - 10%), 21 (its refund), 61 (February, cost from January);
    # invoice lines 5011 and its credit note 5021
    assert kopi["line_id"].to_list() == [5011, 5021, 11, 21, 61]
    assert kopi["unit_cost_tax_in"].to_list() == pytest.approx([999.0] * 5)
    assert kopi["cogs_tax_in"].to_list() == pytest.approx([2997.0, -999.0, 1998.0, -999.0, 999.0])
    assert lines.filter(pl.col("product_id") == 103)["cost_missing"].all()


def test_views_add_margin_and_coverage_reads_the_aggregates(shop):
    rebuild_profit(shop, {})
    con = open_catalog(shop.root)
    row = con.execute(
        "SELECT revenue_tax_in, gross_profit, margin FROM fact_sales_lines_profit "
        "WHERE channel = 'pos' AND line_id = 11"
    ).fetchone()
    assert row == pytest.approx((45000.0, 43002.0, 43002.0 / 45000.0))
    daily = con.execute(
        "SELECT sum(gross_profit) / sum(revenue_tax_in - revenue_cost_missing), min(margin) "
        "FROM agg_profit_daily WHERE day = ?",
        [D1],
    ).fetchone()
    assert daily[0] == pytest.approx(daily[1])
    by_product = con.execute(
        "SELECT gross_profit, cogs_tax_in, margin FROM agg_profit_daily_by_product "
        "WHERE day = ? AND product_id = 103",
        [D2],
    ).fetchone()
    assert by_product == (None, None, None)  # no cost known: no profit, not 100% margin
    grid = con.execute(
        "SELECT day, unit_cost_tax_in FROM fact_product_cost_latest_daily ORDER BY day"
    ).fetchall()
    assert grid[0] == (D1, pytest.approx(999.0)) and grid[-1][0] == D3
    coverage = cost_coverage(con, D2, D2)
    assert coverage.share == 0.0 and coverage.cost_missing_lines == coverage.lines == 1
    january = cost_coverage(con, D1, date(2026, 1, 31))
    assert 0 < january.share < 1


def test_dry_run_lists_steps_and_partitions_and_writes_nothing(shop):
    before = fingerprint(shop)
    plan = plan_profit(shop, OVERRIDES, rebuild=True)
    text = "\n".join(plan.lines())
    assert "cost events" in text and "fact_sales_lines_profit/month=2026-02" in text
    assert len(plan.writes) == 2 * len(PROFIT_TABLES)
    assert fingerprint(shop) == before
    rebuild_profit(shop, OVERRIDES)
    plan = plan_profit(shop, OVERRIDES, [D2], [D2])
    assert [w.describe() for w in plan.writes] == [
        "fact_sales_lines_profit/month=2026-01: 2026-01-06, every product",
        "agg_profit_daily_by_product/month=2026-01: 2026-01-06, every product",
        "agg_profit_daily/month=2026-01: 2026-01-06, every product",
    ]


def test_an_update_on_a_lake_never_built_is_a_rebuild(shop):
    assert update_profit(shop, {}, [D1], [D1]).kind == "rebuild"


def test_cancel_and_progress(shop):
    token = CancelToken()
    token.cancel()
    before = fingerprint(shop)
    with pytest.raises(Cancelled):
        rebuild_profit(shop, {}, cancel=token)
    assert fingerprint(shop) == before
    seen = []
    rebuild_profit(shop, {}, progress=seen.append)
    assert seen[-1].done == seen[-1].total == 2 * len(PROFIT_TABLES)
    assert {p.stage for p in seen} == {"profit"}


def test_a_stale_month_is_emptied_by_a_rebuild(shop):
    rebuild_profit(shop, {})
    stale = shop.month_partition(STAR, "agg_profit_daily", date(2025, 12, 1))
    stale.parent.mkdir(parents=True)
    pl.read_parquet(shop.month_partition(STAR, "agg_profit_daily", D1)).with_columns(
        day=pl.lit(date(2025, 12, 1))
    ).write_parquet(stale)
    rebuild_profit(shop, {})
    assert pl.read_parquet(stale).height == 0


# ---- invalidation: an update equals a rebuild, and touches only what changed ----------------

START = date(2026, 1, 1)
LAST = 45  # days: January and half of February
BILL = st.tuples(
    st.integers(0, LAST),  # day
    st.integers(1, 4),  # product
    st.sampled_from([0.0, 500.0, 800.0, 1000.0, 1200.0]),  # 0: a bonus line
    st.sampled_from([[6], [5], [7], [9]]),
)
SALE = st.tuples(st.integers(0, LAST), st.integers(1, 5), st.integers(-1, 3))


def _day(offset: int) -> date:
    return START + timedelta(days=offset)


def _purchases(bills) -> list[dict]:
    return [
        purchase(n, _day(d), p, price, 2.0, move_id=n // 2 + 1, taxes=t)
        for n, (d, p, price, t) in enumerate(bills, 1)
    ]


def _sales(lines) -> list[dict]:
    rows = [
        sale(n, _day(d), p, float(q or 1), 1500.0 * (q or 1))
        for n, (d, p, q) in enumerate(lines, 1)
    ]
    # the first and last day always have sales: the calendar's bounds stay put
    rows += [sale(9001, _day(0), 1, 1.0, 1500.0), sale(9002, _day(LAST), 2, 1.0, 1500.0)]
    return rows


def _lake(root: Path, bills: list[dict], lines) -> LakeLayout:
    layout = LakeLayout(root)
    write_taxes(layout)
    write_rows(layout, "fact_purchases", bills)
    pos = _sales(lines)
    write_rows(layout, "fact_sales", pos[::2])
    write_rows(layout, "fact_invoice_sales", pos[1::2])
    return layout


def _lines_by_key(layout: LakeLayout) -> pl.DataFrame:
    return read_table(layout, "fact_sales_lines_profit").select(
        "day", "product_id", "channel", "line_id", "unit_cost_tax_in", "cogs_tax_in"
    )


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    bills=st.lists(BILL, min_size=1, max_size=12),
    lines=st.lists(SALE, max_size=25),
    late=st.lists(BILL, max_size=3),
    late_day=st.one_of(st.integers(0, LAST), st.integers(-12, -1)),  # < 0: a bill's day
    cancelled=st.booleans(),
)
def test_a_late_bill_recomputes_later_days_of_its_products_only(
    bills, lines, late, late_day, cancelled
):
    """A bill entered late (dated `late_day`), and maybe that day's other bills cancelled."""
    late_day = bills[late_day % len(bills)][0] if late_day < 0 else late_day
    day = _day(late_day)
    rows = _purchases(bills + [(late_day, p, price, t) for _, p, price, t in late])
    before_rows, late_rows = rows[: len(bills)], rows[len(bills) :]
    gone = [r for r in before_rows if cancelled and r["day"] == day]
    after_rows = [r for r in before_rows if r not in gone] + late_rows
    touched = {r["product_id"] for r in gone + late_rows}
    with tempfile.TemporaryDirectory() as tmp:
        updated = _lake(Path(tmp) / "a", before_rows, lines)
        rebuild_profit(updated, OVERRIDES)
        before = _lines_by_key(updated)
        # purchases of the bill's day reloaded, then profit updated for that day
        write_rows(updated, "fact_purchases", [r for r in after_rows if r["day"] == day], [day])
        result = update_profit(updated, OVERRIDES, [day], [])

        fresh = _lake(Path(tmp) / "b", after_rows, lines)
        rebuild_profit(fresh, OVERRIDES)
        same_profit(updated, fresh)

        # only later days (from the bill's day) of the bill's products were recomputed...
        assert result.whole_days == []
        assert result.products <= touched
        assert all(d >= day for d in result.days)
        # ...and every line whose cost changed was among them
        after = _lines_by_key(updated)
        moved = before.join(after, on=["channel", "line_id"], suffix="_after").filter(
            ~pl.col("unit_cost_tax_in").eq_missing(pl.col("unit_cost_tax_in_after"))
        )
        recomputed = set(result.keys.select("day", "product_id").iter_rows())
        assert set(moved.select("day", "product_id").iter_rows()) <= recomputed


def test_a_changed_sales_day_recomputes_that_day_only(tmp_path):
    bills = [(0, 1, 1000.0, [6]), (10, 2, 800.0, [5])]
    lines = [(3, 1, 2), (12, 2, 1), (20, 1, 1)]
    layout = _lake(tmp_path / "a", _purchases(bills), lines)
    rebuild_profit(layout, OVERRIDES)
    write_rows(layout, "fact_sales", [sale(77, _day(12), 1, 5.0, 7500.0)], days=[_day(12)])
    before = fingerprint(layout)
    result = update_profit(layout, OVERRIDES, [], [_day(12)])
    assert result.whole_days == [_day(12)] and result.keys.height == 0
    changed = {k for k, v in fingerprint(layout).items() if before.get(k) != v}
    # the per-company tables rewrite the company's file; the small daily one its month
    assert changed == {
        "fact_sales_lines_profit/month=2026-01/company=1/data.parquet",
        "agg_profit_daily_by_product/month=2026-01/company=1/data.parquet",
        "agg_profit_daily/month=2026-01/data.parquet",
    }
    fresh = _lake(tmp_path / "b", _purchases(bills), lines)
    write_rows(fresh, "fact_sales", [sale(77, _day(12), 1, 5.0, 7500.0)], days=[_day(12)])
    rebuild_profit(fresh, OVERRIDES)
    same_profit(layout, fresh)


def test_a_new_day_extends_the_calendar_for_every_product(tmp_path):
    bills = [(0, 1, 1000.0, [6]), (3, 2, 800.0, [5])]
    layout = _lake(tmp_path / "a", _purchases(bills), [(2, 1, 1)])
    rebuild_profit(layout, OVERRIDES)
    new_day = _day(LAST + 2)
    write_rows(layout, "fact_sales", [sale(500, new_day, 2, 1.0, 1000.0)])
    result = update_profit(layout, OVERRIDES, [new_day], [new_day])
    assert result.whole_days == [_day(LAST + 1), new_day]
    grid = read_table(layout, "fact_product_cost_latest_daily").filter(pl.col("day") > _day(LAST))
    assert grid.select("day", "product_id").rows() == [
        (_day(LAST + 1), 1),
        (_day(LAST + 1), 2),
        (new_day, 1),
        (new_day, 2),
    ]
    line = read_table(layout, "fact_sales_lines_profit").filter(pl.col("line_id") == 500)
    assert line["unit_cost_tax_in"].to_list() == [800.0]


def test_forcing_a_day_rewrites_its_events_even_unchanged(tmp_path):
    layout = _lake(
        tmp_path / "a", _purchases([(0, 1, 1000.0, [6]), (5, 1, 900.0, [6])]), [(7, 1, 1)]
    )
    rebuild_profit(layout, OVERRIDES)
    assert update_profit(layout, OVERRIDES, [_day(0)], []).writes == []
    forced = update_profit(layout, OVERRIDES, [_day(0)], [], force=True)
    assert forced.cost_days == [_day(0)]
    assert forced.products == {1} and forced.days == [_day(d) for d in range(5)]


def test_changed_tax_multipliers_call_for_a_rebuild(tmp_path):
    rows = _purchases([(0, 1, 1000.0, [6]), (3, 2, 800.0, [7]), (4, 3, 700.0, [5])])
    layout = _lake(tmp_path / "a", rows, [(5, 1, 1)])
    rebuild_profit(layout, OVERRIDES)
    table = lake_multipliers(layout, OVERRIDES)
    assert stale_multipliers(layout, table) == []
    assert stale_multipliers(layout, lake_multipliers(layout, {**OVERRIDES, 6: 1.1})) == [6]
    # without its override the group is 1.115; tax 6 is 1.11 either way
    assert stale_multipliers(layout, lake_multipliers(layout, {5: 1.0, 2: 1.0})) == [7]
    assert update_profit(layout, OVERRIDES, [], [_day(5)], check_multipliers=True).kind == "update"
    changed = {**OVERRIDES, 7: 1.115}
    assert update_profit(layout, changed, [], [_day(5)], check_multipliers=True).kind == "rebuild"
    grid = read_table(layout, "fact_product_cost_latest_daily").filter(pl.col("product_id") == 2)
    assert grid["tax_multiplier"].unique().to_list() == [1.115]


def test_after_a_sync_purchase_and_sales_days_go_their_ways(tmp_path):
    layout = _lake(tmp_path / "a", _purchases([(0, 1, 1000.0, [6])]), [(5, 1, 1), (9, 1, 2)])
    rebuild_profit(layout, OVERRIDES)
    write_rows(layout, "fact_purchases", _purchases([(0, 1, 1000.0, [6]), (3, 1, 1200.0, [6])]))
    loaded = {"purchases": {_day(3)}, "pos_lines": {_day(9)}, "inventory_moves": {_day(4)}}
    result = update_after_sync(layout, OVERRIDES, loaded)
    assert result.cost_days == [_day(3)] and result.whole_days == [_day(9)]
    assert result.days == [_day(d) for d in range(3, LAST + 1)]
    assert result.products == {1}
