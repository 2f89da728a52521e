"""Today's live figures in the lake's shape: the frame `pipeline.live.live_today` fills from
Odoo's own grouped totals, and its conversion to the cards' daily shape."""

from __future__ import annotations

import polars as pl

LIVE_SCHEMA = {
    "day": pl.Date,
    "revenue": pl.Float64,
    "transactions": pl.Int64,
    "pos_revenue": pl.Float64,
    "pos_orders": pl.Int64,
    "invoice_revenue": pl.Float64,
    "invoices": pl.Int64,
    "fetched_at": pl.Datetime("us", "UTC"),
}


def as_daily(live: pl.DataFrame) -> pl.DataFrame:
    """The live row in the shape of `totals.daily_totals`, for the cards: no quantity and no
    profit live (Odoo's totals carry neither)."""
    return live.select(
        "day",
        "revenue",
        quantity=pl.lit(None, pl.Float64),
        transactions="transactions",
        gross_profit=pl.lit(None, pl.Float64),
        cogs=pl.lit(None, pl.Float64),
        cost_missing_lines=pl.lit(None, pl.Int64),
        cost_known_revenue=pl.lit(None, pl.Float64),
        revenue_cost_missing=pl.lit(None, pl.Float64),
        margin=pl.lit(None, pl.Float64),
    )
