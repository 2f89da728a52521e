"""The KPI cards: revenue, gross profit, margin, transactions, average basket and quantity for a
period and for the previous period of equal length, with the change between them.

Amounts of different currencies are never added: with companies in several currencies, the
money figures and the ratios made of them (margin, profit coverage) come once per currency;
counts (transactions, quantity, lines) add up across currencies and come once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import polars as pl

from nkdash_desktop.i18n import QT_TRANSLATE_NOOP, translate
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.companies import CurrencyGroup, companies, currency_groups
from nkdash_desktop.kpi.format import Currency
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.sql import Companies
from nkdash_desktop.kpi.totals import daily_totals, day_until


@dataclass(frozen=True)
class Metric:
    title: str  # in English, marked for translation
    kind: str  # money | count | quantity | ratio (a ratio's change is in points)

    @property
    def label(self) -> str:
        """The title in the operator's language."""
        return translate("Metrics", self.title)


METRICS: dict[str, Metric] = {
    "revenue": Metric(QT_TRANSLATE_NOOP("Metrics", "Revenue"), "money"),
    "gross_profit": Metric(QT_TRANSLATE_NOOP("Metrics", "Gross profit"), "money"),
    "margin": Metric(QT_TRANSLATE_NOOP("Metrics", "Margin"), "ratio"),
    "transactions": Metric(QT_TRANSLATE_NOOP("Metrics", "Transactions"), "count"),
    "average_basket": Metric(QT_TRANSLATE_NOOP("Metrics", "Average basket"), "money"),
    "quantity": Metric(QT_TRANSLATE_NOOP("Metrics", "Quantity"), "quantity"),
    # not cards: what the cards' notes need
    "profit_coverage": Metric(
        QT_TRANSLATE_NOOP("Metrics", "Revenue with profit computed"), "ratio"
    ),
    "cost_missing_share": Metric(
        QT_TRANSLATE_NOOP("Metrics", "Revenue without a known cost"), "ratio"
    ),
    "cost_missing_lines": Metric(
        QT_TRANSLATE_NOOP("Metrics", "Lines without a known cost"), "count"
    ),
    "cost_standard_share": Metric(
        QT_TRANSLATE_NOOP("Metrics", "Revenue at Odoo's standard cost"), "ratio"
    ),
    "pos_totals_unknown_days": Metric(
        QT_TRANSLATE_NOOP("Metrics", "Days without Odoo's POS order totals"), "count"
    ),
}
CARDS = ("revenue", "gross_profit", "margin", "transactions", "average_basket", "quantity")
# counts: the same unit in every company, so they add up across currencies
COUNTED_ACROSS_CURRENCIES = ("transactions", "quantity", "cost_missing_lines")
SUMMARY_SCHEMA = {
    "metric": pl.String,
    "label": pl.String,
    "kind": pl.String,
    "currency": pl.String,  # ISO code of a money figure or ratio; null for a count of several
    "currency_symbol": pl.String,
    "current": pl.Float64,
    "previous": pl.Float64,
    "change": pl.Float64,
}


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def totals_of(daily: pl.DataFrame) -> dict[str, float | None]:
    """The period's metrics from its `daily_totals` frame (or a live day in the same shape).
    Profit and margin cover the lines whose cost is known, on the days whose profit is computed;
    both are None when there are none. `cost_missing_share`: the share of those days' revenue
    without a known cost, shown beside them. A day whose POS order totals are unknown makes
    the period's revenue, transactions and basket unknown (None), never a smaller figure."""
    unknown_days = int(daily["pos_totals_unknown"].sum())
    revenue = None if unknown_days else float(daily["revenue"].sum())
    computed = daily.filter(pl.col("cost_known_revenue").is_not_null())
    with_profit = computed.filter(pl.col("gross_profit").is_not_null())
    profit = float(with_profit["gross_profit"].sum()) if with_profit.height else None
    profit_revenue = float(computed["revenue"].sum()) if computed.height else None
    known_revenue = float(computed["cost_known_revenue"].sum())
    missing_revenue = float(computed["revenue_cost_missing"].sum())
    standard_revenue = float(computed["revenue_cost_standard"].fill_null(0).sum())
    transactions = None if unknown_days else float(daily["transactions"].sum())
    quantity = daily["quantity"]
    return {
        "revenue": revenue,
        "gross_profit": profit,
        "margin": _ratio(profit, known_revenue),
        "transactions": transactions,
        "average_basket": _ratio(revenue, transactions),
        # live figures have no quantity: None, not 0
        "quantity": None
        if len(quantity) and quantity.null_count() == len(quantity)
        else float(quantity.sum()),
        "profit_coverage": _ratio(profit_revenue or 0.0, revenue) if daily.height else None,
        "cost_missing_share": _ratio(missing_revenue, profit_revenue),
        "cost_missing_lines": float(computed["cost_missing_lines"].sum()),
        "cost_standard_share": _ratio(standard_revenue, profit_revenue),
        "pos_totals_unknown_days": float(unknown_days),
    }


def unknown_totals_note(days: float | None) -> str | None:
    """Why revenue is unknown and how to fix it, in one sentence; None when every day is known."""
    if not days:
        return None
    n = int(days)
    if n == 1:
        said = translate(
            "Metrics",
            "Revenue unknown: Odoo's POS order totals are missing for 1 day (raw orders the lake "
            "upgrade could not read); the next sync extracts them again, or backfill that day.",
        )
    else:
        said = translate(
            "Metrics",
            "Revenue unknown: Odoo's POS order totals are missing for {days} days (raw orders "
            "the lake upgrade could not read); the next sync extracts them again, or backfill "
            "those days.",
        )
    return said.format(days=n)


def standard_cost_note(share: float | None) -> str | None:
    """That a part of the profit is costed at Odoo's standard price (Settings > Profit's
    fallback), in one sentence for the CLI and the workbook; None when no line is."""
    if not share:
        return None
    return translate(
        "Metrics",
        "{share} of the revenue is costed at Odoo's standard cost (no bill gave one): that "
        "part of gross profit and margin is an estimate.",
    ).format(share=fmt.percent(share))


def cost_missing_note(share: float | None) -> str | None:
    """What the profit figures leave out, in one sentence for the CLI and the workbook (the
    cards say it shorter); None when every line's cost is known."""
    if not share:
        return None
    return translate(
        "Metrics",
        "{share} of the revenue has no known cost: gross profit and margin cover the other "
        "lines only.",
    ).format(share=fmt.percent(share))


def _change(kind: str, current: float | None, previous: float | None) -> float | None:
    if current is None or previous is None:
        return None
    if kind == "ratio":
        return current - previous
    return current / previous - 1 if previous else None


def compare(
    current: dict[str, float | None],
    previous: dict[str, float | None],
    currency: Currency | None = None,
) -> pl.DataFrame:
    """One row per metric: current, previous and change (relative; in points for ratios)."""
    code, symbol = (currency.code, currency.symbol) if currency else ("", "")
    rows = [
        {
            "metric": name,
            "label": m.label,
            "kind": m.kind,
            "currency": code,
            "currency_symbol": symbol,
            "current": current[name],
            "previous": previous[name],
            "change": _change(m.kind, current[name], previous[name]),
        }
        for name, m in METRICS.items()
    ]
    return pl.DataFrame(rows, schema=SUMMARY_SCHEMA)


@dataclass(frozen=True)
class Comparison:
    """The figures the cards are compared with: the period before and how far it counts."""

    period: Period
    until: datetime | None  # its last day counts up to this local time (a running day)
    daily: pl.DataFrame  # its daily_totals (the last day cut at `until`)

    @property
    def has_data(self) -> bool:
        """False when the lake has no sales at all in the period compared with (not synced
        that far back): the cards say so instead of showing a change."""
        return self.daily.height > 0


def comparison_daily(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    company_id: Companies = None,
    now: datetime | None = None,
) -> Comparison:
    """The `daily_totals` of the period `period` is compared with (`Period.comparison`). When
    `period` runs up to today (`now`, local time in the company's timezone), its last day is
    only a part of a day: the other period's last day counts up to the same time of day."""
    other = period.comparison()
    daily = daily_totals(con, other.start, other.end, company_id)
    until = now if now is not None and period.end == now.date() else None
    if until is not None:
        cut = day_until(con, other.end, until.time(), company_id)
        daily = pl.concat([daily.filter(pl.col("day") < other.end), cut])
    return Comparison(other, until, daily)


def _added(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else float(sum(v for v in values if v))


def across_currencies(parts: list[pl.DataFrame]) -> pl.DataFrame:
    """`compare` frames of the currency groups as one: each money figure and ratio once per
    currency (in the groups' order), each count once, added up."""
    if len(parts) == 1:
        return parts[0]
    rows = []
    for name, m in METRICS.items():
        of_metric = [r for part in parts for r in part.iter_rows(named=True) if r["metric"] == name]
        if name not in COUNTED_ACROSS_CURRENCIES:
            rows += of_metric
            continue
        current = _added([r["current"] for r in of_metric])
        previous = _added([r["previous"] for r in of_metric])
        rows.append(
            {
                "metric": name,
                "label": m.label,
                "kind": m.kind,
                "currency": None,
                "currency_symbol": None,
                "current": current,
                "previous": previous,
                "change": _change(m.kind, current, previous),
            }
        )
    return pl.DataFrame(rows, schema=SUMMARY_SCHEMA)


def rows_of(figures: pl.DataFrame, metric: str) -> list[dict]:
    """A summary frame's rows of one metric: one, or one per currency. Plain Python over a few
    dozen rows: the cards call it on the UI thread, where a polars query would hand the
    interpreter lock to the workers and sleep until it wins it back."""
    return [row for row in figures.to_dicts() if row["metric"] == metric]


def currency_of(row: dict) -> Currency:
    """The currency of a summary row's figure (Currency() for a count of several)."""
    return Currency(row["currency"] or "", row["currency_symbol"] or "")


def group_summary(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    group: CurrencyGroup,
    now: datetime | None = None,
) -> tuple[pl.DataFrame, Comparison, pl.DataFrame]:
    """One currency group's cards for `period`, the figures they compare with (what a live
    today is compared with too) and the period's daily_totals (for a chart)."""
    current = daily_totals(con, period.start, period.end, group.scope)
    before = comparison_daily(con, period, group.scope, now)
    return compare(totals_of(current), totals_of(before.daily), group.currency), before, current


def summary(
    con: duckdb.DuckDBPyConnection,
    start: date,
    end: date,
    company_id: int | None = None,
    now: datetime | None = None,
) -> pl.DataFrame:
    """The cards' figures for [start, end] against the period it compares with (see
    `comparison_daily`; `now` the local time, which cuts a running day): one row per metric,
    or per metric and currency when the companies' currencies differ."""
    period = Period(start, end)
    groups = currency_groups(companies(con), company_id)
    return summary_and_daily(con, period, groups, now)[0]


def summary_and_daily(
    con: duckdb.DuckDBPyConnection,
    period: Period,
    groups: list[CurrencyGroup],
    now: datetime | None = None,
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """`summary` of the currency groups, and each group's daily_totals of the period, which
    it reads anyway (a report's Daily sheet shows them)."""
    parts = [group_summary(con, period, g, now) for g in groups]
    return across_currencies([p[0] for p in parts]), [p[2] for p in parts]
