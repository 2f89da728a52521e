"""Profit aggregates: per day and company, and per day, company and product, summed from the
sales line profit. Their days (or day-product rows) are always recomputed from whole lines, so
an aggregate equals the sum of its lines.

Cost and profit sum the lines with a known cost only, and are null when no line has one; the
revenue of the others is `revenue_cost_missing`, so margin = gross_profit / (revenue_tax_in -
revenue_cost_missing). The lines costed at Odoo's standard price (the Settings > Profit
fallback) are counted apart too: `revenue_cost_standard` is the share of a margin that is a
guess."""

from __future__ import annotations

import polars as pl

from nkdash_desktop.lake.months import sort_rows
from nkdash_desktop.lake.schema import FACTS, TableContract, conform
from nkdash_desktop.pipeline.profit.standard_cost import STANDARD

DAILY = FACTS["agg_profit_daily"]
DAILY_BY_PRODUCT = FACTS["agg_profit_daily_by_product"]


def _measures() -> list[pl.Expr]:
    missing = pl.col("cost_missing")
    standard = (pl.col("cost_source") == STANDARD).fill_null(False)
    # a POS order and an invoice may share an id: the channel is part of the transaction key
    transaction = pl.col("order_id") * 2 + (pl.col("channel") == "invoice").cast(pl.Int64)
    return [
        pl.col("revenue_tax_in").sum(),
        _known_sum("cogs_tax_in"),
        _known_sum("gross_profit"),
        pl.col("quantity").sum(),
        transaction.drop_nulls().n_unique().cast(pl.Int64).alias("transactions"),
        pl.len().cast(pl.Int64).alias("lines"),
        missing.sum().cast(pl.Int64).alias("cost_missing_lines"),
        pl.col("revenue_tax_in").filter(missing).sum().alias("revenue_cost_missing"),
        standard.sum().cast(pl.Int64).alias("cost_standard_lines"),
        pl.col("revenue_tax_in").filter(standard).sum().alias("revenue_cost_standard"),
    ]


def _known_sum(column: str) -> pl.Expr:
    """The sum over the lines where `column` is known; null when it is known on none."""
    return pl.when(pl.col(column).count() > 0).then(pl.col(column).sum()).alias(column)


def _aggregate(lines: pl.DataFrame, table: TableContract) -> pl.DataFrame:
    # lines come sorted by day and product: groups in order of appearance are nearly sorted
    rows = lines.group_by(*table.sort_by, maintain_order=True).agg(_measures())
    return sort_rows(conform(table, rows), table.sort_by)


def daily(lines: pl.DataFrame) -> pl.DataFrame:
    """agg_profit_daily rows of fact_sales_lines_profit rows (whole days)."""
    return _aggregate(lines, DAILY)


def daily_by_product(lines: pl.DataFrame) -> pl.DataFrame:
    """agg_profit_daily_by_product rows of fact_sales_lines_profit rows (whole day-products)."""
    return _aggregate(lines, DAILY_BY_PRODUCT)
