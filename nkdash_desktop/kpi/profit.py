"""Profit views: per product (margin, products sold without a known cost) and the margin trend.
Both read the profit tables through `totals`; without computed profit they have no rows."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from nkdash_desktop.kpi.totals import daily_totals, product_totals


def profit_by_product(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: int | None = None
) -> pl.DataFrame:
    """Products whose profit is known: quantity, revenue, cogs, gross_profit, margin,
    cost_missing_lines and cost_missing (some lines were counted at cost 0: the profit is
    overstated); by gross profit, largest first."""
    return (
        product_totals(con, start, end, company_id)
        .filter(pl.col("gross_profit").is_not_null())
        .with_columns(cost_missing=pl.col("cost_missing_lines") > 0)
        .sort(["gross_profit", "product_id"], descending=[True, False])
    )


def margin_trend(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: int | None = None
) -> pl.DataFrame:
    """Per day whose profit is known: revenue, gross_profit, margin."""
    return (
        daily_totals(con, start, end, company_id)
        .filter(pl.col("gross_profit").is_not_null())
        .select("day", "revenue", "gross_profit", "margin")
    )
