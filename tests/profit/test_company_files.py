"""Profit lines, by-product aggregates and the cost grid are stored one file per company and
month (issue 22, item 3): a late bill rewrites its own company's files only, the result equals
a from-scratch rebuild, and a lake written before this layout (one file per month) keeps
reading the same figures until the next profit run rebuilds it per company, by itself."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from profit_lake import OVERRIDES, purchase, read_table, sale, same_profit, write_rows, write_taxes

from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import DATA_FILE, STAR, LakeLayout
from nkdash_desktop.lake.months import replace_rows
from nkdash_desktop.lake.schema import FACTS
from nkdash_desktop.lake.versions import publish_frame
from nkdash_desktop.pipeline.profit import plan_profit, rebuild_profit, update_profit
from nkdash_desktop.pipeline.profit.plan import (
    PROFIT_TABLES,
    _without_later_events,
    single_file_months,
)

START = date(2026, 1, 20)
LAST = 30  # days: two months
PER_COMPANY = [name for name in PROFIT_TABLES if FACTS[name].by_company]
BILL = st.tuples(
    st.integers(0, LAST),
    st.integers(1, 2),  # company
    st.integers(1, 4),  # product
    st.sampled_from([500.0, 800.0, 1000.0]),
)
SALE = st.tuples(st.integers(0, LAST), st.integers(1, 2), st.integers(1, 4), st.integers(-1, 3))


def _day(offset: int) -> date:
    return START + timedelta(days=offset)


def _bills(bills, first_id: int = 1) -> list[dict]:
    return [
        purchase(n, _day(d), p, price, 2.0, company_id=c)
        for n, (d, c, p, price) in enumerate(bills, first_id)
    ]


def _lake(root: Path, bills: list[dict], lines) -> LakeLayout:
    layout = LakeLayout(root)
    write_taxes(layout)
    write_rows(layout, "fact_purchases", bills)
    rows = [
        sale(n, _day(d), p, float(q or 1), 1500.0 * (q or 1), company_id=c)
        for n, (d, c, p, q) in enumerate(lines, 1)
    ]
    # both companies sell on the first and last day: the calendar's bounds stay put
    rows += [
        sale(9000 + c * 10 + e, _day(e * LAST), 1, 1.0, 1500.0, company_id=c)
        for c in (1, 2)
        for e in (0, 1)
    ]
    write_rows(layout, "fact_sales", rows[::2])
    write_rows(layout, "fact_invoice_sales", rows[1::2])
    return layout


def _fingerprint(layout: LakeLayout) -> dict[str, str]:
    star = layout.layer(STAR)
    return {
        str(p.relative_to(star)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(star.rglob(DATA_FILE))
    }


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    bills=st.lists(BILL, min_size=1, max_size=10),
    lines=st.lists(SALE, max_size=25),
    late=st.lists(BILL.map(lambda b: (b[0], 2, b[2], b[3])), min_size=1, max_size=3),
)
def test_a_late_bill_rewrites_its_company_files_only_and_equals_a_rebuild(bills, lines, late):
    with tempfile.TemporaryDirectory() as folder:
        base = _bills(bills)
        layout = _lake(Path(folder) / "a", base, lines)
        rebuild_profit(layout, OVERRIDES)
        every = base + _bills(late, first_id=500)
        write_rows(layout, "fact_purchases", every, days=[_day(d) for d, *_ in late])
        before = _fingerprint(layout)
        result = update_profit(layout, OVERRIDES, {_day(d) for d, *_ in late})
        # company 1's bills did not change: none of its files is rewritten
        assert set(result.keys["company_id"].to_list()) <= {2}
        changed = {k for k, v in _fingerprint(layout).items() if before.get(k) != v}
        assert not [k for k in changed if "/company=1/" in k]
        fresh = _lake(Path(folder) / "b", every, lines)
        rebuild_profit(fresh, OVERRIDES)
        same_profit(layout, fresh)


def _as_single_files(layout: LakeLayout) -> None:
    """The per-company tables as a release before this layout wrote them: a file per month."""
    for name in PER_COMPANY:
        for month_folder in sorted((layout.layer(STAR) / name).glob("month=*")):
            rows = pl.concat(
                [pl.read_parquet(p) for p in month_folder.glob(f"company=*/{DATA_FILE}")]
            )
            shutil.rmtree(month_folder)
            publish_frame(rows.sort(FACTS[name].sort_by), month_folder / DATA_FILE)


def _catalog_figures(layout: LakeLayout) -> list[tuple]:
    con = open_catalog(layout.root)
    return [
        con.execute(
            f"SELECT count(*), round(sum(gross_profit), 2), round(sum(revenue_tax_in), 2) "
            f"FROM {name}"
        ).fetchone()
        for name in ("fact_sales_lines_profit", "agg_profit_daily_by_product", "agg_profit_daily")
    ]


def test_a_lake_of_month_files_reads_as_before_and_the_next_run_rebuilds_it_per_company(
    tmp_path,
):
    bills = [(0, 1, 1, 1000.0), (3, 2, 1, 800.0), (12, 2, 2, 500.0), (15, 1, 3, 1000.0)]
    lines = [(1, 1, 1, 2), (4, 2, 1, 1), (14, 2, 2, 3), (16, 1, 3, 1), (20, 2, 4, 1)]
    layout = _lake(tmp_path / "lake", _bills(bills), lines)
    rebuild_profit(layout, OVERRIDES)
    built = {name: read_table(layout, name) for name in PROFIT_TABLES}
    figures = _catalog_figures(layout)
    assert figures[0][0] > 0 and single_file_months(layout) == []

    _as_single_files(layout)
    assert set(single_file_months(layout)) == set(PER_COMPANY)
    # the older layout reads the same, in Polars and in the catalog
    assert _catalog_figures(layout) == figures
    for name, frame in built.items():
        order = FACTS[name].sort_by
        assert_frame_equal(read_table(layout, name).sort(order), frame.sort(order))

    plan = plan_profit(layout, OVERRIDES)
    assert plan.kind == "rebuild"
    assert any("stored per company" in step for step in plan.steps)
    result = update_profit(layout, OVERRIDES)  # what the next sync's profit step runs
    assert result.kind == "rebuild"
    assert single_file_months(layout) == []
    star = layout.layer(STAR)
    for name in PER_COMPANY:
        assert not list((star / name).glob(f"month=*/{DATA_FILE}"))
        assert not list((star / name).glob("month=*/.v-*.parquet"))
        assert list((star / name).glob(f"month=*/company=2/{DATA_FILE}"))
    assert _catalog_figures(layout) == figures
    for name, frame in built.items():
        order = FACTS[name].sort_by
        assert_frame_equal(read_table(layout, name).sort(order), frame.sort(order))
    assert plan_profit(layout, OVERRIDES).kind == "update"  # once


def test_a_month_of_one_file_rewritten_by_an_update_is_split_per_company(tmp_path):
    """A writer that reaches an older month file without a rebuild first (replace_rows) splits
    it into company files, rows unchanged."""
    bills = [(0, 1, 1, 1000.0), (3, 2, 1, 800.0)]
    lines = [(1, 1, 1, 2), (4, 2, 1, 1), (20, 2, 1, 1)]
    layout = _lake(tmp_path / "lake", _bills(bills), lines)
    rebuild_profit(layout, OVERRIDES)
    _as_single_files(layout)
    fact = FACTS["fact_sales_lines_profit"]
    month = START.replace(day=1)
    before = read_table(layout, fact.name)
    kept = replace_rows(
        layout,
        fact,
        month,
        before.clear(),
        keys=pl.DataFrame({"day": [date(2099, 1, 1)], "company_id": [2], "product_id": [1]}),
    )
    assert (
        kept.height
        == before.filter((pl.col("company_id") == 2) & (pl.col("day") < date(2026, 2, 1))).height
    )
    folder = layout.month_partition(STAR, fact.name, month).parent
    assert not (folder / DATA_FILE).exists()
    assert sorted(p.parent.name for p in folder.glob(f"company=*/{DATA_FILE}")) == [
        "company=1",
        "company=2",
    ]
    assert_frame_equal(read_table(layout, fact.name).sort(fact.sort_by), before.sort(fact.sort_by))


def test_the_plan_skips_the_events_of_a_product_the_grid_shows_never_bought_again(tmp_path):
    """Where a changed cost ends is its company's next bill of the product; the grid's last day
    names each one's latest bill, so a product not bought again after its change needs no
    read of the events to the lake's end (the late bill of a rarely bought product)."""
    bills = [(0, 1, 1, 1000.0), (5, 1, 2, 800.0), (20, 1, 2, 900.0), (5, 2, 3, 500.0)]
    layout = _lake(tmp_path / "lake", _bills(bills), [(1, 1, 1, 1)])
    rebuild_profit(layout, OVERRIDES)
    waiting = pl.DataFrame(
        {
            "company_id": [1, 1, 2, 2],
            "product_id": [1, 2, 3, 4],
            "first_change": [_day(0), _day(5), _day(2), _day(3)],
            "last_change": [_day(0), _day(5), _day(9), _day(3)],
        }
    )
    kept = _without_later_events(layout, waiting, _day(LAST))
    # 1: bought last on its change; 2: bought again on day 20; 3: two changed days (its bill
    # between them ends a window); 4: never bought (no grid row)
    assert kept["product_id"].to_list() == [2, 3]
