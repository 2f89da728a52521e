"""Today's live figures in the lake's shape: the frame `pipeline.live.live_today` fills from
Odoo's own grouped totals (one row per company, each in its own currency), its conversion to
the cards' daily shape, and the live cards: only companies of one currency are added up."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from nkdash_desktop.kpi.companies import CurrencyGroup
from nkdash_desktop.kpi.summary import across_currencies, compare, totals_of

LIVE_SCHEMA = {
    "day": pl.Date,
    "company_id": pl.Int64,
    "revenue": pl.Float64,
    "tax": pl.Float64,
    "transactions": pl.Int64,
    "pos_revenue": pl.Float64,
    "pos_orders": pl.Int64,
    "invoice_revenue": pl.Float64,
    "invoices": pl.Int64,
    "fetched_at": pl.Datetime("us", "UTC"),
}


def live_summary(
    live: pl.DataFrame,
    groups: Sequence[tuple[CurrencyGroup, dict[str, float | None]]],
) -> pl.DataFrame:
    """The cards of a live day: each currency group's companies added up, against that
    group's previous totals (kpi.summary.group_summary); amounts of two currencies apart."""
    parts = []
    for group, previous in groups:
        of_group = pl.col("company_id").is_in(group.company_ids)
        rows = live if len(groups) == 1 else live.filter(of_group)
        parts.append(compare(totals_of(as_daily(rows)), previous, group.currency))
    return across_currencies(parts)


def as_daily(live: pl.DataFrame) -> pl.DataFrame:
    """The live rows (of companies in one currency) as one day in the shape of
    `totals.daily_totals`, for the cards: no quantity and no profit live (Odoo's totals carry
    neither)."""
    live = live.group_by("day").agg(pl.col("revenue", "tax", "transactions").sum())
    return live.select(
        "day",
        "revenue",
        "tax",
        quantity=pl.lit(None, pl.Float64),
        transactions="transactions",
        gross_profit=pl.lit(None, pl.Float64),
        cogs=pl.lit(None, pl.Float64),
        cost_missing_lines=pl.lit(None, pl.Int64),
        cost_known_revenue=pl.lit(None, pl.Float64),
        revenue_cost_missing=pl.lit(None, pl.Float64),
        revenue_cost_standard=pl.lit(None, pl.Float64),
        pos_totals_unknown=pl.lit(False),
        margin=pl.lit(None, pl.Float64),
    )
