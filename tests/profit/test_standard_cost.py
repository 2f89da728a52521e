"""The optional standard cost fallback (issue 14, 3): Settings > Profit, off by default. A sales
line no bill of its company prices takes the company's standard_price, on the revenue's tax
basis, flagged cost_source 'standard'; the share of revenue so costed is shown beside every
margin; switching the setting (or a standard price changing while it is on) rebuilds profit, so
the lake never holds lines of two bases."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from profit_lake import OVERRIDES, purchase, read_table, sale, write_rows, write_taxes

from nkdash_desktop.cli.kpi import summary_lines
from nkdash_desktop.kpi.excel.report import profit_note
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.summary import rows_of, summary
from nkdash_desktop.kpi.totals import product_totals
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.lake.versions import publish_frame
from nkdash_desktop.pipeline.profit import plan_profit, rebuild_profit, update_profit
from nkdash_desktop.pipeline.profit.plan import PROFIT_TABLES
from nkdash_desktop.pipeline.profit.standard_cost import stored_basis
from nkdash_desktop.pipeline.profit.validate import validate_profit

D1, D2, MARCH = date(2026, 1, 5), date(2026, 1, 6), date(2026, 3, 2)
BILLED, STANDARD, ZERO, OTHER = 101, 102, 103, 104
TAX = 1.11  # the sales lines' revenue_tax_in / revenue_tax_ex (profit_lake's lines)


def write_standard_costs(layout: LakeLayout, rows: list[tuple[int, int, float]]) -> None:
    frame = pl.DataFrame(
        rows, schema=["company_id", "product_id", "standard_price"], orient="row"
    ).cast({"company_id": pl.Int64, "product_id": pl.Int64, "standard_price": pl.Float64})
    publish_frame(frame, layout.single_file(STAR, "dim_product_company_costs"))


def shop(root: Path) -> LakeLayout:
    """One bill (product 101, company 1: 1000 + 11% tax); sales of a billed product, a product
    with a standard price, one whose standard price is 0 (no cost) and one only company 2 has a
    standard price for (in its currency)."""
    layout = LakeLayout(root)
    write_taxes(layout)
    write_rows(layout, "fact_purchases", [purchase(1, D1, BILLED, 1000.0)])
    write_rows(
        layout,
        "fact_invoice_sales",  # invoices: their lines are their documents' totals
        [
            sale(1, D1, BILLED, 1.0, 1500.0),
            sale(2, D2, BILLED, 2.0, 3330.0),
            sale(3, D2, STANDARD, 3.0, 3330.0),
            sale(4, D2, STANDARD, -1.0, -1110.0),  # a refund: its cost comes back
            sale(5, D2, ZERO, 1.0, 999.0),
            sale(6, D2, OTHER, 2.0, 22.2, company_id=2),
            sale(7, D2, OTHER, 1.0, 555.0),  # company 1 has no cost for it at all
        ],
    )
    write_standard_costs(
        layout,
        [(1, BILLED, 700.0), (1, STANDARD, 800.0), (1, ZERO, 0.0), (2, OTHER, 5.0)],
    )
    return layout


def lines_by_id(layout: LakeLayout) -> dict[int, dict]:
    lines = read_table(layout, "fact_sales_lines_profit")
    return {r["line_id"]: r for r in lines.iter_rows(named=True)}


def test_off_by_default_a_line_without_a_bill_has_no_cost(tmp_path):
    layout = shop(tmp_path / "lake")
    rebuild_profit(layout, OVERRIDES)
    lines = lines_by_id(layout)
    assert lines[2]["cost_source"] == "purchase"
    assert lines[2]["unit_cost_tax_in"] == pytest.approx(1110.0)
    for line in (3, 4, 5, 6, 7):
        assert lines[line]["cost_missing"] and lines[line]["cost_source"] is None
    daily = read_table(layout, "agg_profit_daily")
    assert daily["cost_standard_lines"].sum() == 0 and daily["revenue_cost_standard"].sum() == 0
    assert stored_basis(layout) is not None and not stored_basis(layout).standard_cost


def test_on_the_standard_price_costs_what_no_bill_does_on_the_revenues_tax_basis(tmp_path):
    layout = shop(tmp_path / "lake")
    rebuild_profit(layout, OVERRIDES, standard_cost=True)
    lines = lines_by_id(layout)
    # a bill's cost wins over the standard price (700) whenever there is one
    assert lines[2]["cost_source"] == "purchase"
    assert lines[2]["unit_cost_tax_in"] == pytest.approx(1110.0)
    # standard_price is tax excluded: grossed up by the line's own tax ratio, the margin is the
    # tax-excluded one: (3000 - 3 x 800) / 3000 = 20%
    standard = lines[3]
    assert standard["cost_source"] == "standard" and not standard["cost_missing"]
    assert standard["unit_cost_tax_in"] == pytest.approx(800.0 * TAX)
    assert standard["gross_profit"] / standard["revenue_tax_in"] == pytest.approx(0.2)
    assert lines[3]["cost_day"] is None and lines[3]["cost_line_id"] is None
    assert lines[4]["cogs_tax_in"] == pytest.approx(-800.0 * TAX)  # the refund's cost back
    # a standard price of 0 is no cost; a company's price never costs another's sales
    assert lines[5]["cost_missing"] and lines[5]["cost_source"] is None
    assert lines[7]["cost_missing"] and lines[7]["cost_source"] is None
    assert lines[6]["cost_source"] == "standard"  # company 2's own price, in its currency
    assert lines[6]["unit_cost_tax_in"] == pytest.approx(5.0 * TAX)
    daily = read_table(layout, "agg_profit_daily").filter(pl.col("day") == D2)
    one = daily.filter(pl.col("company_id") == 1).row(0, named=True)
    assert one["cost_standard_lines"] == 2
    assert one["revenue_cost_standard"] == pytest.approx(3330.0 - 1110.0)
    assert one["revenue_cost_missing"] == pytest.approx(999.0 + 555.0)
    # the lake's checks recompute the lines in SQL on the same basis: they agree
    report = validate_profit(layout, D2, OVERRIDES)
    assert report.ok, report.lines()


def test_switching_the_setting_rebuilds_and_never_mixes_bases(tmp_path):
    layout = shop(tmp_path / "lake")
    rebuild_profit(layout, OVERRIDES)
    plan = plan_profit(layout, OVERRIDES, [], [D2], standard_cost=True)
    assert plan.kind == "rebuild"
    assert any("now from bills, then Odoo's standard cost: a rebuild" in s for s in plan.steps)
    # an update for one day with the setting on rebuilds every day (D1 too)
    assert update_profit(layout, OVERRIDES, [], [D2], standard_cost=True).kind == "rebuild"
    assert lines_by_id(layout)[3]["cost_source"] == "standard"
    assert stored_basis(layout).standard_cost
    # same basis: an ordinary update
    assert update_profit(layout, OVERRIDES, [], [D2], standard_cost=True).kind == "update"
    # a standard price changed in Odoo (a dimensions load): the lines priced at it follow
    write_standard_costs(layout, [(1, STANDARD, 900.0), (2, OTHER, 5.0)])
    assert update_profit(layout, OVERRIDES, [], [], standard_cost=True).kind == "update"
    assert lines_by_id(layout)[3]["unit_cost_tax_in"] == pytest.approx(900.0 * TAX)
    # off again: not one standard line is left
    assert update_profit(layout, OVERRIDES, [], [D1]).kind == "rebuild"
    lines = read_table(layout, "fact_sales_lines_profit")
    assert lines.filter(pl.col("cost_source") == "standard").height == 0
    assert read_table(layout, "agg_profit_daily")["revenue_cost_standard"].sum() == 0


def profit_files(layout: LakeLayout) -> dict[str, set[tuple[str, int, int]]]:
    """Every partition of the profit tables, with what a rewrite changes: its files (a new
    version), their inodes and times (an atomic replace)."""
    star = layout.root / "star-schema"
    found: dict[str, set[tuple[str, int, int]]] = {}
    for table in PROFIT_TABLES:
        for path in (star / table).rglob("*.parquet"):
            stat = path.stat()
            partition = str(path.parent.relative_to(star))
            found.setdefault(partition, set()).add((path.name, stat.st_ino, stat.st_mtime_ns))
    return found


def test_a_changed_standard_price_recomputes_only_the_lines_it_prices(tmp_path):
    """A dimensions load that changes a standard price (the fallback on) recomputes the lines
    that company-product's price costs, or could, not all profit: the result is a rebuild's,
    and the partitions (month and company files) holding none of those lines are not
    rewritten."""
    layout = shop(tmp_path / "lake")
    write_rows(
        layout,
        "fact_invoice_sales",
        [sale(8, MARCH, BILLED, 1.0, 1500.0), sale(9, MARCH, OTHER, 1.0, 555.0)],
    )
    rebuild_profit(layout, OVERRIDES, standard_cost=True)
    before = profit_files(layout)
    write_standard_costs(
        layout,
        [(1, BILLED, 700.0), (1, STANDARD, 950.0), (1, ZERO, 0.0), (2, OTHER, 5.0)],
    )
    result = update_profit(layout, OVERRIDES, [], [], standard_cost=True)
    assert result.kind == "update" and result.products == {STANDARD}, result.summary()
    assert lines_by_id(layout)[3]["unit_cost_tax_in"] == pytest.approx(950.0 * TAX)
    rewritten = sorted(p for p, files in profit_files(layout).items() if before.get(p) != files)
    # January of company 1 (where product 102's standard-costed lines are), not March, not
    # company 2, not the cost grid or events (a standard price is no bill)
    assert rewritten == [
        "agg_profit_daily/month=2026-01",
        "agg_profit_daily_by_product/month=2026-01/company=1",
        "fact_sales_lines_profit/month=2026-01/company=1",
    ], rewritten

    copy = LakeLayout(tmp_path / "rebuilt")
    shutil.copytree(layout.root, copy.root)
    rebuild_profit(copy, OVERRIDES, standard_cost=True)
    for table in PROFIT_TABLES:
        updated, rebuilt = read_table(layout, table), read_table(copy, table)
        key = [c for c in ("day", "company_id", "product_id", "line_id") if c in updated.columns]
        assert updated.sort(key).equals(rebuilt.sort(key)), table


def test_a_lake_built_before_the_fallback_existed_is_rebuilt_once(tmp_path):
    layout = shop(tmp_path / "lake")
    rebuild_profit(layout, OVERRIDES)
    (layout.metadata / "profit_basis.json").unlink()  # an older release recorded none
    assert plan_profit(layout, OVERRIDES, [], [D2]).kind == "rebuild"
    update_profit(layout, OVERRIDES, [], [D2])
    assert plan_profit(layout, OVERRIDES, [], [D2]).kind == "update"


def test_every_margin_says_how_much_of_it_is_costed_at_standard(tmp_path):
    layout = shop(tmp_path / "lake")
    rebuild_profit(layout, OVERRIDES, standard_cost=True)
    con = open_catalog(layout.root)
    try:
        figures = summary(con, D2, D2, company_id=1)
        lines = summary_lines(con, Period(D2, D2), 1)
        products = product_totals(con, D2, D2, 1)
    finally:
        con.close()
    revenue = 3330.0 + 3330.0 - 1110.0 + 999.0 + 555.0
    (share,) = rows_of(figures, "cost_standard_share")
    assert share["current"] == pytest.approx((3330.0 - 1110.0) / revenue)
    standard_row = next(line for line in lines if line.startswith("Standard cost"))
    assert "%" in standard_row
    assert any("is costed at Odoo's standard cost" in line for line in lines)
    note = profit_note(figures)
    assert note is not None and "is costed at Odoo's standard cost" in note
    by_product = dict(zip(products["product_id"], products["revenue_cost_standard"], strict=True))
    assert by_product[STANDARD] == pytest.approx(3330.0 - 1110.0)
    assert by_product[BILLED] == 0
