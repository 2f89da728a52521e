"""Validation against the lake's lower layers: passes on a built lake, and names a tampered
row; CSV samples and mismatches."""

from __future__ import annotations

from datetime import date

import polars as pl
from profit_lake import OVERRIDES, read_table

from nkdash_desktop.lake.months import replace_days
from nkdash_desktop.lake.schema import FACTS
from nkdash_desktop.pipeline.profit import rebuild_profit
from nkdash_desktop.pipeline.profit.validate import compare, validate_profit

D1, D3 = date(2026, 1, 5), date(2026, 2, 2)


def test_a_built_lake_validates(shop):
    rebuild_profit(shop, OVERRIDES)
    for day in (D1, D3):
        report = validate_profit(shop, day, OVERRIDES)
        assert report.ok, "\n".join(report.lines())
        names = [c.name for c in report.checks]
        assert names[:4] == [
            "tax multipliers",
            "cost events",
            "latest cost per company and product",
            "sales line profit",
        ]
        assert "Odoo's totals were not checked (no connection)." in report.notes


def test_a_tampered_line_is_named_and_written_to_csv(shop, tmp_path):
    rebuild_profit(shop, OVERRIDES)
    table = FACTS["fact_sales_lines_profit"]
    rows = read_table(shop, table.name).filter(pl.col("day") == D1)
    tampered = rows.with_columns(
        cogs_tax_in=pl.when(pl.col("line_id") == 11).then(1.0).otherwise("cogs_tax_in")
    )
    replace_days(shop, table, [D1], tampered)
    report = validate_profit(shop, D1, OVERRIDES)
    failed = {c.name for c in report.checks if not c.ok}
    # the line differs from its recomputation, and the aggregates from the sum of the lines
    assert failed == {
        "sales line profit",
        "agg_profit_daily = sum of its lines",
        "agg_profit_daily_by_product = sum of its lines",
    }
    line = next(c for c in report.checks if c.name == "sales line profit")
    assert line.mismatches["line_id"].to_list() == [11]
    assert line.mismatches["problem"].to_list() == [
        "cogs_tax_in is 1.0 in the lake, 1800.0 expected"
    ]
    assert (
        "FAIL sales line profit vs lake (SQL): 6 compared, 1 differ "
        "(e.g. channel pos, line_id 11: cogs_tax_in is 1.0 in the lake, 1800.0 expected)"
    ) in report.lines()
    files = report.write_csv(tmp_path / "csv")
    names = {f.name for f in files}
    assert "2026-01-05_sales_line_profit_lake_sql_mismatches.csv" in names
    assert "2026-01-05_summary.csv" in names
    summary = pl.read_csv(tmp_path / "csv" / "2026-01-05_summary.csv")
    assert summary.filter(~pl.col("ok"))["check"].to_list()[0] == "sales line profit"
    mismatches = pl.read_csv(
        tmp_path / "csv" / "2026-01-05_sales_line_profit_lake_sql_mismatches.csv"
    )
    assert mismatches["lake_cogs_tax_in"].to_list() == [1.0]


def test_changed_multipliers_show_up_in_the_cost_events(shop):
    rebuild_profit(shop, {})
    report = validate_profit(shop, D1, {2: 1.05})  # settings changed since the build
    failed = {c.name for c in report.checks if not c.ok}
    assert failed == {"cost events", "latest cost per company and product", "sales line profit"}


def test_compare_matches_rows_on_keys_within_tolerance():
    expected = pl.DataFrame({"k": [1, 2, 3], "v": [1.0, 2.0, 3.0], "f": [True, False, None]})
    lake = pl.DataFrame({"k": [1, 2, 4], "v": [1.004, 2.5, 4.0], "f": [True, False, None]})
    rows, bad = compare(expected, lake, ["k"], {"v": 0.005, "f": None})
    assert rows.height == 4
    assert dict(zip(bad["k"].to_list(), bad["problem"].to_list(), strict=True)) == {
        2: "v is 2.5 in the lake, 2.0 expected",
        3: "missing in the lake",
        4: "in the lake, not expected",
    }
