"""Profit aggregates: per day and company, and per day, company and product, summed from the
sales line profit. Their days (or day-product rows) are always recomputed from whole lines, so
an aggregate equals the sum of its lines."""

from __future__ import annotations

import polars as pl

from nkdash_desktop.lake.schema import FACTS, conform

DAILY = FACTS["agg_profit_daily"]
DAILY_BY_PRODUCT = FACTS["agg_profit_daily_by_product"]


def _measures() -> list[pl.Expr]:
    missing = pl.col("cost_missing")
    # a POS order and an invoice may share an id: the channel is part of the transaction key
    transaction = pl.col("order_id") * 2 + (pl.col("channel") == "invoice").cast(pl.Int64)
    return [
        pl.col("revenue_tax_in").sum(),
        pl.col("cogs_tax_in").sum(),
        pl.col("gross_profit").sum(),
        pl.col("quantity").sum(),
        transaction.drop_nulls().n_unique().cast(pl.Int64).alias("transactions"),
        pl.len().cast(pl.Int64).alias("lines"),
        missing.sum().cast(pl.Int64).alias("cost_missing_lines"),
        pl.col("revenue_tax_in").filter(missing).sum().alias("revenue_cost_missing"),
    ]


def daily(lines: pl.DataFrame) -> pl.DataFrame:
    """agg_profit_daily rows of fact_sales_lines_profit rows (whole days)."""
    rows = lines.group_by("day", "company_id").agg(_measures())
    return conform(DAILY, rows).sort(DAILY.sort_by, nulls_last=True)


def daily_by_product(lines: pl.DataFrame) -> pl.DataFrame:
    """agg_profit_daily_by_product rows of fact_sales_lines_profit rows (whole day-products)."""
    rows = lines.group_by("day", "company_id", "product_id").agg(_measures())
    return conform(DAILY_BY_PRODUCT, rows).sort(DAILY_BY_PRODUCT.sort_by, nulls_last=True)
