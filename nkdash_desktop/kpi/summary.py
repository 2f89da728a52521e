"""The KPI cards: revenue, gross profit, margin, transactions, average basket and quantity for a
period and for the previous period of equal length, with the change between them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.totals import daily_totals


@dataclass(frozen=True)
class Metric:
    label: str
    kind: str  # money | count | quantity | ratio (a ratio's change is in points)


METRICS: dict[str, Metric] = {
    "revenue": Metric("Revenue", "money"),
    "gross_profit": Metric("Gross profit", "money"),
    "margin": Metric("Margin", "ratio"),
    "transactions": Metric("Transactions", "count"),
    "average_basket": Metric("Average basket", "money"),
    "quantity": Metric("Quantity", "quantity"),
    # not cards: what the cards' notes need
    "profit_coverage": Metric("Revenue with profit computed", "ratio"),
    "cost_missing_lines": Metric("Lines without a known cost", "count"),
}
CARDS = ("revenue", "gross_profit", "margin", "transactions", "average_basket", "quantity")
SUMMARY_SCHEMA = {
    "metric": pl.String,
    "label": pl.String,
    "kind": pl.String,
    "current": pl.Float64,
    "previous": pl.Float64,
    "change": pl.Float64,
}


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def totals_of(daily: pl.DataFrame) -> dict[str, float | None]:
    """The period's metrics from its `daily_totals` frame (or a live day in the same shape).
    Profit and margin cover the days whose profit is known; both are None when none is."""
    revenue = float(daily["revenue"].sum())
    with_profit = daily.filter(pl.col("gross_profit").is_not_null())
    profit = float(with_profit["gross_profit"].sum()) if with_profit.height else None
    profit_revenue = float(with_profit["revenue"].sum()) if with_profit.height else None
    transactions = float(daily["transactions"].sum())
    quantity = daily["quantity"]
    return {
        "revenue": revenue,
        "gross_profit": profit,
        "margin": _ratio(profit, profit_revenue),
        "transactions": transactions,
        "average_basket": _ratio(revenue, transactions),
        # live figures have no quantity: None, not 0
        "quantity": None
        if len(quantity) and quantity.null_count() == len(quantity)
        else float(quantity.sum()),
        "profit_coverage": _ratio(profit_revenue or 0.0, revenue) if daily.height else None,
        "cost_missing_lines": float(with_profit["cost_missing_lines"].sum()),
    }


def _change(kind: str, current: float | None, previous: float | None) -> float | None:
    if current is None or previous is None:
        return None
    if kind == "ratio":
        return current - previous
    return current / previous - 1 if previous else None


def compare(current: dict[str, float | None], previous: dict[str, float | None]) -> pl.DataFrame:
    """One row per metric: current, previous and change (relative; in points for ratios)."""
    rows = [
        {
            "metric": name,
            "label": m.label,
            "kind": m.kind,
            "current": current[name],
            "previous": previous[name],
            "change": _change(m.kind, current[name], previous[name]),
        }
        for name, m in METRICS.items()
    ]
    return pl.DataFrame(rows, schema=SUMMARY_SCHEMA)


def split_periods(daily: pl.DataFrame, period: Period) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A `daily_totals` frame over the previous and current periods, cut in two."""
    current = daily.filter(pl.col("day") >= period.start)
    return current, daily.filter(pl.col("day") < period.start)


def summary(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: int | None = None
) -> pl.DataFrame:
    """The cards' figures for [start, end] against the previous period of equal length."""
    period = Period(start, end)
    daily = daily_totals(con, period.previous().start, end, company_id)
    current, previous = split_periods(daily, period)
    return compare(totals_of(current), totals_of(previous))
