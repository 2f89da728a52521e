"""Profit views: per product (margin over the lines with a known cost), the products sold
without any known cost (listed apart: their margin is unknown, "—", never 100%), and the margin
trend. All read the profit tables through `totals`; without computed profit they have no rows."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from nkdash_desktop.kpi.companies import each_currency
from nkdash_desktop.kpi.sql import Companies
from nkdash_desktop.kpi.totals import daily_totals, product_totals


def _missing_share() -> pl.Expr:
    """The share of a row's revenue (on days with profit) whose cost is unknown."""
    computed = pl.col("cost_known_revenue") + pl.col("revenue_cost_missing")
    return (
        pl.when(computed != 0)
        .then(pl.col("revenue_cost_missing") / computed)
        .alias("cost_missing_share")
    )


def _standard_share() -> pl.Expr:
    """The share of a row's revenue (on days with profit) costed at Odoo's standard price."""
    computed = pl.col("cost_known_revenue") + pl.col("revenue_cost_missing")
    return (
        pl.when(computed != 0)
        .then(pl.col("revenue_cost_standard") / computed)
        .alias("cost_standard_share")
    )


def profit_by_product(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
) -> pl.DataFrame:
    """Products with a known cost on some of their lines: quantity, revenue, cogs,
    gross_profit, margin (over those lines), cost_missing_lines, cost_missing_share (the
    share of their revenue left out for want of a cost) and cost_standard_share (the share
    costed at Odoo's standard price); by gross profit, largest first."""
    return (
        product_totals(con, start, end, company_id)
        .filter(pl.col("gross_profit").is_not_null())
        .with_columns(_missing_share(), _standard_share())
        .sort(["gross_profit", "product_id"], descending=[True, False])
    )


def products_without_cost(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: int | None = None
) -> pl.DataFrame:
    """Products sold on days with computed profit without any known cost: quantity, revenue,
    cost_missing_lines, and margin null (unknown); by revenue, largest first."""
    return without_cost(product_totals(con, start, end, company_id))


def without_cost(products: pl.DataFrame) -> pl.DataFrame:
    """`products_without_cost` from the period's `product_totals`."""
    return products.filter(
        pl.col("gross_profit").is_null() & (pl.col("cost_missing_lines") > 0)
    ).sort(["revenue", "product_id"], descending=[True, False])


@each_currency
def margin_trend(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
) -> pl.DataFrame:
    """Per day whose profit is known: revenue, gross_profit, margin (over the lines with a
    known cost), cost_missing_share and cost_standard_share."""
    return (
        daily_totals(con, start, end, company_id)
        .filter(pl.col("gross_profit").is_not_null())
        .with_columns(_missing_share(), _standard_share())
        .select(
            "day", "revenue", "gross_profit", "margin", "cost_missing_share", "cost_standard_share"
        )
    )
