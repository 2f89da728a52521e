"""What the operator should act on this morning: the "Needs attention" rules (no Qt here).

Each rule is a DuckDB query over the lake's catalog for a business day (normally yesterday) and
an optional company, with thresholds from Settings > Attention, and gives a `Finding`: how many
things need attention, the figure that matters, and a detail frame (one row per product, bill,
company or problem). The panel, `nkdash attention`, the workbook sheet and the tray notification
all show `attention()`'s findings, so they agree.

Amounts stay in their company's currency: every detail row carries `currency`, and a figure
over several currencies is one amount per currency, never their sum.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl

from nkdash_desktop import clock
from nkdash_desktop.i18n import QT_TRANSLATE_NOOP, translate
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.freshness import SUCCESSFUL, freshness
from nkdash_desktop.kpi.sql import frame, unnamed_product
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import STATE_FILE, RunStatus, StateDB
from nkdash_desktop.names import dataset_name
from nkdash_desktop.settings import AttentionSettings

# a latest run that ended like this needs the operator's attention
UNSUCCESSFUL = (RunStatus.FAILED, RunStatus.PARTIAL, RunStatus.INTERRUPTED)

# 1.4826 × MAD estimates the standard deviation of normally distributed days, so k reads as
# "k standard deviations" while one freak week among the eight cannot widen the band
MAD_TO_SIGMA = 1.4826
# eight identical weeks give a MAD of 0: without a floor any cent of difference would be
# unusual, so the band is at least this share of the median wide on each side
MIN_SPREAD = 0.05
# a median of fewer same weekdays with sales says nothing about what is usual
MIN_WEEKS = 4
DATA_PROBLEMS = ("data",)
# how far before the dead-stock window a product's last sale is looked for (a bounded scan)
LAST_SALE_LOOKBACK = 365


@dataclass(frozen=True)
class Finding:
    rule: str  # key, e.g. "below_cost"
    title: str  # the rule's name for a column or sheet
    count: int  # how many things need attention; 0: the rule is quiet
    figure: str  # the figure that matters, amounts per currency
    line: str  # one sentence for the panel, the CLI and the notification
    detail: pl.DataFrame  # what the count counts
    tab: str = ""  # the tab that shows more ("" none)

    @property
    def fires(self) -> bool:
        return self.count > 0


@dataclass(frozen=True)
class Check:
    """What the rules look at: `day` (the morning list's day, normally yesterday), one company
    or all, the thresholds, and `now` (UTC) for how old a sync is."""

    day: date
    company_id: int | None
    settings: AttentionSettings
    now: datetime


def _company(check: Check, alias: str = "") -> tuple[str, list[int]]:
    if check.company_id is None:
        return "", []
    prefix = f"{alias}." if alias else ""
    return f"AND {prefix}company_id = ?", [check.company_id]


def _with_currency(con: duckdb.DuckDBPyConnection, detail: pl.DataFrame) -> pl.DataFrame:
    """`detail` with company, currency and currency_symbol after company_id."""
    companies = frame(
        con,
        "SELECT company_id, name AS company, currency_code AS currency, currency_symbol "
        "FROM dim_companies",
    )
    joined = detail.join(companies, on="company_id", how="left")
    first = ["company_id", "company", "currency", "currency_symbol"]
    return joined.select(*first, *[c for c in detail.columns if c != "company_id"])


def _amounts(detail: pl.DataFrame, column: str, *, compact: bool = True) -> str:
    """The column's total per currency, 'Rp 1.2M · $ 35.50'; never two currencies added."""
    if detail.is_empty():
        return ""
    show = fmt.money_compact if compact else fmt.money
    totals = (
        detail.group_by("currency", "currency_symbol", maintain_order=True)
        .agg(pl.col(column).sum())
        .sort("currency", nulls_last=True)
    )
    return " · ".join(
        show(amount, symbol or code or "")
        for code, symbol, amount in totals.select("currency", "currency_symbol", column).rows()
    )


def _tr(text: str) -> str:
    """A sentence marked QT_TRANSLATE_NOOP("Attention", ...) in the operator's language."""
    return translate("Attention", text)


def _plural(n: int, one: str, many: str) -> str:
    """'1 product', '3 products': `one` and `many` are marked '{count} ...' phrases (whole
    phrases: not every language makes a plural by adding an s)."""
    return _tr(one if n == 1 else many).format(count=fmt.count(n))


# the unusual-day rule's metrics, as its line names them
UNUSUAL_METRICS = {
    "revenue": QT_TRANSLATE_NOOP("Attention", "revenue"),
    "transactions": QT_TRANSLATE_NOOP("Attention", "transactions"),
}
# the last run's status as the data rule names it
CAUSES = {  # below_cost's causes, as its detail table shows them
    "below cost": QT_TRANSLATE_NOOP("Attention", "below cost"),
    "promotion": QT_TRANSLATE_NOOP("Attention", "promotion"),
    "refunds": QT_TRANSLATE_NOOP("Attention", "refunds"),
}
LAST_RUN = {
    RunStatus.FAILED: QT_TRANSLATE_NOOP("Attention", "last run failed"),
    RunStatus.PARTIAL: QT_TRANSLATE_NOOP("Attention", "last run partial"),
    RunStatus.INTERRUPTED: QT_TRANSLATE_NOOP("Attention", "last run interrupted"),
}


# --- sold below cost ----------------------------------------------------------------------


def below_cost(con: duckdb.DuckDBPyConnection, check: Check) -> Finding:
    """Products whose gross profit on the day is negative, over the lines with a known cost.
    The cause tells a real loss (full-price sales below cost) from a promotion (discounted or
    free lines made the loss) and from refunds (taking goods back made it)."""
    company, params = _company(check, "p")
    sales_company, sales_params = _company(check)
    detail = frame(
        con,
        f"""
        WITH lines AS (
            SELECT p.company_id, p.product_id, p.quantity, p.revenue_tax_in, p.cogs_tax_in,
                   p.gross_profit, s.order_name,
                   CASE WHEN p.quantity < 0 OR coalesce(s.is_refund, false) THEN 'refund'
                        WHEN coalesce(s.discount_percent, 0) > 0 OR p.revenue_tax_in <= 0
                            THEN 'promotion'
                        ELSE 'sale' END AS kind
            FROM fact_sales_lines_profit p
            LEFT JOIN (SELECT channel, line_id, order_name, is_refund, discount_percent
                       FROM fact_sales_all WHERE day = ? {sales_company}) s
                   ON s.channel = p.channel AND s.line_id = p.line_id
            WHERE p.day = ? {company} AND NOT p.cost_missing
        ), products AS (
            SELECT company_id, product_id, sum(quantity) AS quantity,
                   sum(revenue_tax_in) AS revenue, sum(cogs_tax_in) AS cogs,
                   sum(gross_profit) AS gross_profit,
                   coalesce(sum(gross_profit) FILTER (WHERE kind = 'sale'), 0) AS full_price,
                   coalesce(sum(gross_profit) FILTER (WHERE kind = 'promotion'), 0)
                       AS promotions,
                   arg_min(order_name, gross_profit) AS worst_order,
                   min(gross_profit) AS worst_line
            FROM lines GROUP BY company_id, product_id HAVING sum(gross_profit) < 0
        )
        SELECT t.company_id, t.product_id, coalesce(d.name, {unnamed_product("t.product_id")}) AS product,
               CASE WHEN t.full_price < 0 THEN 'below cost'
                    WHEN t.promotions < 0 THEN 'promotion' ELSE 'refunds' END AS cause,
               t.quantity, t.revenue, t.cogs, -t.gross_profit AS lost, t.worst_order,
               t.worst_line
        FROM products t LEFT JOIN dim_products d USING (product_id)
        ORDER BY t.gross_profit, t.company_id, t.product_id
        """,
        [check.day, *sales_params, check.day, *params],
    )
    detail = _with_currency(con, detail)
    n = detail.height
    figure = (
        translate("Attention", "{amounts} lost").format(amounts=_amounts(detail, "lost"))
        if n
        else ""
    )
    causes = detail.group_by("cause").len().rows()
    # the causes in the operator's words, as the table shows them (computed on the codes above)
    detail = detail.with_columns(pl.col("cause").replace({c: _tr(w) for c, w in CAUSES.items()}))
    apart = [
        translate("Attention", "{count} on promotion").format(count=fmt.count(c))
        if cause == "promotion"
        else translate("Attention", "{count} through refunds").format(count=fmt.count(c))
        for cause, c in sorted(causes)
        if cause != "below cost"
    ]
    products = _plural(
        n,
        QT_TRANSLATE_NOOP("Attention", "{count} product"),
        QT_TRANSLATE_NOOP("Attention", "{count} products"),
    )
    if apart:
        line = translate("Attention", "{products} sold below cost ({causes}): {figure}").format(
            products=products, causes=", ".join(apart), figure=figure
        )
    else:
        line = translate("Attention", "{products} sold below cost: {figure}").format(
            products=products, figure=figure
        )
    title = translate("Attention", "Sold below cost")
    return Finding("below_cost", title, n, figure, line if n else "", detail, "Profit")


# --- cost jump ----------------------------------------------------------------------------


def cost_jump(con: duckdb.DuckDBPyConnection, check: Check) -> Finding:
    """Per company and product, the cost of its latest bill in the last `cost_jump_days` days
    ending on the day against the cost known before that bill's day, when they differ by more
    than `cost_jump_percent`. A day's cost is its last bill's last line (as profit uses)."""
    s = check.settings
    company, params = _company(check, "e")
    first = check.day - timedelta(days=s.cost_jump_days - 1)
    detail = frame(
        con,
        f"""
        WITH latest AS (  -- each product's last bill day in the window: few, however long the lake
            SELECT company_id, product_id, max(day) AS bill_day
            FROM fact_product_cost_events e WHERE e.day BETWEEN ? AND ? {company}
            GROUP BY ALL
        ), bill AS (
            SELECT e.company_id, e.product_id, any_value(l.bill_day) AS bill_day,
                   arg_max(e.unit_cost_tax_in, e.move_id * 4294967296 + e.line_id) AS cost,
                   arg_max(e.line_id, e.move_id * 4294967296 + e.line_id) AS line_id,
                   arg_max(e.vendor_id, e.move_id * 4294967296 + e.line_id) AS vendor_id
            FROM fact_product_cost_events e
            JOIN latest l ON l.company_id = e.company_id AND l.product_id = e.product_id
                         AND e.day = l.bill_day
            WHERE e.day BETWEEN ? AND ?
            GROUP BY e.company_id, e.product_id
        ), history AS (  -- the last cost day before the window: a plain max, no join per event
            SELECT e.company_id, e.product_id, max(e.day) AS previous_day
            FROM fact_product_cost_events e WHERE e.day < ? {company}
            GROUP BY ALL
        ), in_window AS (  -- else the last before the bill's day within the window
            SELECT e.company_id, e.product_id, max(e.day) AS previous_day
            FROM fact_product_cost_events e
            JOIN latest l ON l.company_id = e.company_id AND l.product_id = e.product_id
                         AND e.day < l.bill_day
            WHERE e.day BETWEEN ? AND ?
            GROUP BY e.company_id, e.product_id
        ), before_day AS (  -- the day of the cost known before
            SELECT l.company_id, l.product_id,
                   coalesce(w.previous_day, h.previous_day) AS previous_day
            FROM latest l
            LEFT JOIN in_window w ON w.company_id = l.company_id AND w.product_id = l.product_id
            LEFT JOIN history h ON h.company_id = l.company_id AND h.product_id = l.product_id
            WHERE coalesce(w.previous_day, h.previous_day) IS NOT NULL
        ), before AS (  -- and its last line, among that day's events only
            SELECT e.company_id, e.product_id, any_value(b.previous_day) AS previous_day,
                   arg_max(e.unit_cost_tax_in, e.move_id * 4294967296 + e.line_id)
                       AS previous_cost
            FROM fact_product_cost_events e
            JOIN before_day b ON b.company_id = e.company_id AND b.product_id = e.product_id
                             AND e.day = b.previous_day
            WHERE e.day < ?
            GROUP BY e.company_id, e.product_id
        )
        SELECT o.company_id, o.product_id,
               coalesce(d.name, {unnamed_product("o.product_id")}) AS product,
               o.bill_day, b.move_name AS bill,
               coalesce(v.name, 'Vendor ' || o.vendor_id) AS vendor,
               p.previous_cost, p.previous_day, o.cost AS latest_cost,
               round(o.cost / p.previous_cost - 1, 9) AS change
        FROM bill o
        JOIN before p ON p.company_id = o.company_id AND p.product_id = o.product_id
        LEFT JOIN dim_products d ON d.product_id = o.product_id
        LEFT JOIN dim_partners v ON v.partner_id = o.vendor_id
        LEFT JOIN (SELECT line_id, move_name FROM fact_purchases WHERE day BETWEEN ? AND ?) b
               ON b.line_id = o.line_id
        WHERE p.previous_cost > 0 AND abs(round(o.cost / p.previous_cost - 1, 9)) > ?
        ORDER BY abs(change) DESC, o.company_id, o.product_id
        """,
        [
            first,
            check.day,
            *params,
            first,
            check.day,
            first,
            *params,
            first,
            check.day,
            check.day,
            first,
            check.day,
            s.cost_jump_percent / 100,
        ],
    )
    detail = _with_currency(con, detail)
    n = detail.height
    figure = ""
    if n:
        ups = detail.filter(pl.col("change") > 0).height
        biggest = detail["change"][0]
        figure = translate("Attention", "largest {change}").format(
            change=fmt.change("money", biggest)
        )
        if ups != n:
            figure = translate("Attention", "{figure} ({up} up, {down} down)").format(
                figure=figure, up=ups, down=n - ups
            )
    costs = _plural(
        n,
        QT_TRANSLATE_NOOP("Attention", "{count} cost"),
        QT_TRANSLATE_NOOP("Attention", "{count} costs"),
    )
    days = _plural(
        s.cost_jump_days,
        QT_TRANSLATE_NOOP("Attention", "{count} day"),
        QT_TRANSLATE_NOOP("Attention", "{count} days"),
    )
    line = translate(
        "Attention",
        "{costs} changed by more than {percent}% on a bill of the last {days}: {figure}",
    )
    line = line.format(
        costs=costs, percent=fmt.number_short(s.cost_jump_percent), days=days, figure=figure
    )
    return Finding(
        "cost_jump",
        translate("Attention", "Cost jump"),
        n,
        figure,
        line if n else "",
        detail,
        "Purchases",
    )


# --- stock: running out and dead stock ----------------------------------------------------


def _stock_sql(company: str) -> str:
    """Stock on hand per company and product in own locations, from each company's snapshot
    nearest the morning after the day (what the operator has when acting on the list): the
    last on or before it, else the first after (the past cannot be read, so a young lake's
    first days use its first snapshot). Parameters: that morning twice, company."""
    return f"""
        snapshot AS (
            SELECT company_id, day FROM (
                SELECT company_id, day, row_number() OVER (
                    PARTITION BY company_id ORDER BY day > ?::DATE, abs(day - ?::DATE)) AS pick
                FROM (SELECT DISTINCT company_id, day FROM fact_stock_quants
                      WHERE true {company}))
            WHERE pick = 1
        ), stock AS (
            SELECT q.company_id, q.product_id, any_value(q.day) AS snapshot_day,
                   sum(q.quantity) AS on_hand
            FROM fact_stock_quants q
            JOIN snapshot s ON s.company_id = q.company_id AND s.day = q.day
            JOIN dim_locations l ON l.location_id = q.location_id AND l.is_internal
            GROUP BY q.company_id, q.product_id
        )"""


def _morning(check: Check) -> date:
    return check.day + timedelta(days=1)


def running_out(con: duckdb.DuckDBPyConnection, check: Check) -> Finding:
    """Products sold in the last `cover_window_days` days whose stock on hand covers fewer than
    `cover_days` days at their average daily quantity sold over that window (refunds taken
    back), with the last receipt. Stock at zero or below covers 0 days; a product missing from
    the company's snapshot has none; a company without any snapshot is not judged."""
    s = check.settings
    company, params = _company(check)
    first = check.day - timedelta(days=s.cover_window_days - 1)
    detail = frame(
        con,
        f"""
        WITH {_stock_sql(company)}, sold AS (
            SELECT company_id, product_id, sum(quantity) AS sold
            FROM fact_sales_all WHERE day BETWEEN ? AND ? {company}
            GROUP BY ALL HAVING sum(quantity) > 0
        ), receipts AS (
            SELECT company_id, product_id, max(day) AS last_receipt
            FROM fact_inventory_moves
            WHERE day <= ? AND direction = 'in' AND picking_code = 'incoming' {company}
            GROUP BY ALL
        )
        SELECT o.company_id, o.product_id,
               coalesce(d.name, {unnamed_product("o.product_id")}) AS product,
               coalesce(k.on_hand, 0) AS on_hand, o.sold / ? AS daily_rate,
               greatest(coalesce(k.on_hand, 0), 0) / (o.sold / ?) AS days_of_cover,
               r.last_receipt, sn.day AS snapshot_day
        FROM sold o
        JOIN snapshot sn ON sn.company_id = o.company_id  -- no snapshot: stock not known
        LEFT JOIN stock k ON k.company_id = o.company_id AND k.product_id = o.product_id
        LEFT JOIN receipts r ON r.company_id = o.company_id AND r.product_id = o.product_id
        LEFT JOIN dim_products d ON d.product_id = o.product_id
        WHERE coalesce(d.is_storable, true)
          AND greatest(coalesce(k.on_hand, 0), 0) / (o.sold / ?) < ?
        ORDER BY days_of_cover, daily_rate DESC, o.company_id, o.product_id
        """,
        [
            _morning(check),
            _morning(check),
            *params,
            first,
            check.day,
            *params,
            check.day,
            *params,
            s.cover_window_days,
            s.cover_window_days,
            s.cover_window_days,
            s.cover_days,
        ],
    )
    detail = _with_currency(con, detail).drop("currency", "currency_symbol")
    n = detail.height
    out = detail.filter(pl.col("on_hand") <= 0).height
    figure = (
        translate("Attention", "{count} already out of stock").format(count=fmt.count(out))
        if out
        else ""
    )
    products = _plural(
        n,
        QT_TRANSLATE_NOOP("Attention", "{count} product"),
        QT_TRANSLATE_NOOP("Attention", "{count} products"),
    )
    days = fmt.number_short(s.cover_days)
    if figure:
        line = translate("Attention", "{products} will run out within {days} days: {figure}")
    else:
        line = translate("Attention", "{products} will run out within {days} days")
    line = line.format(products=products, days=days, figure=figure) if n else ""
    return Finding(
        "running_out", translate("Attention", "Running out"), n, figure, line, detail, "Inventory"
    )


def dead_stock(con: duckdb.DuckDBPyConnection, check: Check) -> Finding:
    """Products on hand that sold nothing in the last `dead_stock_days` days, valued at the
    company's latest known cost (its latest bill on or before the day); the value of a product
    without a known cost is unknown, not zero. Quiet while the lake's sales do not reach back
    that far: a young lake cannot tell a slow product from one sold before it began. The last
    sale is looked for in the year before the window (null: none that recent)."""
    s = check.settings
    company, params = _company(check)
    cost_company, _ = _company(check, "e")
    first = check.day - timedelta(days=s.dead_stock_days - 1)
    # the monthly files are sorted by day: the first sale on or before the window's first day
    # is found in the first row group read
    judged = bool(
        con.execute("SELECT 1 FROM fact_sales_all WHERE day <= ? LIMIT 1", [first]).fetchall()
    )
    horizon = first - timedelta(days=LAST_SALE_LOOKBACK)
    detail = frame(
        con,
        f"""
        WITH {_stock_sql(company)}, recent AS (
            SELECT DISTINCT company_id, product_id FROM fact_sales_all
            WHERE day BETWEEN ? AND ? AND quantity > 0 {company}
        ), dead AS (
            SELECT k.* FROM stock k ANTI JOIN recent USING (company_id, product_id)
            WHERE k.on_hand > 0 AND ?
        ), costs AS (  -- of the dead products only: every product's reads all bills ever
            SELECT e.company_id, e.product_id,
                   arg_max(e.unit_cost_tax_in, (e.day, e.move_id * 4294967296 + e.line_id))
                       AS unit_cost
            FROM fact_product_cost_events e
            SEMI JOIN dead k ON k.company_id = e.company_id AND k.product_id = e.product_id
            WHERE e.day <= ? {cost_company} GROUP BY ALL
        ), last_sale AS (
            SELECT company_id, product_id, max(day) AS last_sale
            FROM fact_sales_all
            WHERE day BETWEEN ? AND ? AND quantity > 0 {company}
              AND product_id IN (SELECT product_id FROM dead)
            GROUP BY ALL
        )
        SELECT k.company_id, k.product_id,
               coalesce(d.name, {unnamed_product("k.product_id")}) AS product,
               k.on_hand, c.unit_cost, k.on_hand * c.unit_cost AS value, l.last_sale,
               k.snapshot_day
        FROM dead k
        LEFT JOIN costs c USING (company_id, product_id)
        LEFT JOIN last_sale l USING (company_id, product_id)
        LEFT JOIN dim_products d USING (product_id)
        ORDER BY value DESC NULLS LAST, k.company_id, k.product_id
        """,
        [
            _morning(check),
            _morning(check),
            *params,
            first,
            check.day,
            *params,
            judged,
            check.day,
            *params,
            horizon,
            first - timedelta(days=1),
            *params,
        ],
    )
    detail = _with_currency(con, detail)
    n = detail.height
    unknown = detail.filter(pl.col("value").is_null()).height
    known = detail.filter(pl.col("value").is_not_null())
    parts = []
    if known.height:
        parts.append(
            translate("Attention", "{amounts} tied up").format(amounts=_amounts(known, "value"))
        )
    if unknown:
        parts.append(
            translate("Attention", "{count} without a known cost").format(count=fmt.count(unknown))
        )
    figure = "; ".join(parts)
    products = _plural(
        n,
        QT_TRANSLATE_NOOP("Attention", "{count} product"),
        QT_TRANSLATE_NOOP("Attention", "{count} products"),
    )
    line = translate(
        "Attention", "{products} on hand unsold for {days} days or more: {figure}"
    ).format(products=products, days=s.dead_stock_days, figure=figure)
    return Finding(
        "dead_stock",
        translate("Attention", "Dead stock"),
        n,
        figure,
        line if n else "",
        detail,
        "Inventory",
    )


# --- unusual day --------------------------------------------------------------------------


def unusual_day(con: duckdb.DuckDBPyConnection, check: Check) -> Finding:
    """Per company, the day's revenue and transactions against the same weekday of the last
    `unusual_weeks` weeks: outside median ± k × 1.4826 × MAD (at least ± 5% of the median) is
    unusual. Needs 4 such weekdays with sales; a day without any sales is left to the data rule
    (the lake may be behind) or is a closed day."""
    s = check.settings
    company, params = _company(check)
    days = [check.day - timedelta(weeks=w) for w in range(s.unusual_weeks + 1)]
    marks = ", ".join("?" for _ in days)
    daily = frame(
        con,
        f"""
        SELECT company_id, day, sum(revenue_tax_in) AS revenue,
               count(DISTINCT (channel, order_id)) AS transactions
        FROM fact_sales_all WHERE day IN ({marks}) {company} GROUP BY ALL
        """,
        [*days, *params],
    )
    rows = []
    for (company_id,), group in daily.partition_by("company_id", as_dict=True).items():
        today = group.filter(pl.col("day") == check.day)
        usual = group.filter(pl.col("day") != check.day)
        if today.is_empty() or usual.height < MIN_WEEKS:
            continue
        for metric in ("revenue", "transactions"):
            value = float(today[metric][0])
            median = float(usual[metric].median())  # type: ignore[arg-type]
            mad = float((usual[metric] - median).abs().median())  # type: ignore[arg-type]
            spread = max(MAD_TO_SIGMA * mad, MIN_SPREAD * abs(median))
            low, high = median - s.unusual_k * spread, median + s.unusual_k * spread
            if not low <= value <= high:
                rows.append(
                    {
                        "company_id": company_id,
                        "metric": metric,
                        "value": value,
                        "usual": median,
                        "low": low,
                        "high": high,
                        "change": value / median - 1 if median else None,
                        "weeks": usual.height,
                    }
                )
    schema = {
        "company_id": pl.Int64,
        "metric": pl.String,
        "value": pl.Float64,
        "usual": pl.Float64,
        "low": pl.Float64,
        "high": pl.Float64,
        "change": pl.Float64,
        "weeks": pl.Int64,
    }
    detail = _with_currency(con, pl.DataFrame(rows, schema=schema, orient="row"))
    n = detail.height
    parts = []
    for company_name, metric, value, usual, symbol, code in detail.select(
        "company", "metric", "value", "usual", "currency_symbol", "currency"
    ).rows():
        shown = (
            (fmt.money_compact(value, symbol or code or ""), fmt.money_compact(usual))
            if metric == "revenue"
            else (fmt.count(value), fmt.count(usual))
        )
        part = translate("Attention", "{metric} {value} (usual {usual})").format(
            metric=_tr(UNUSUAL_METRICS[metric]), value=shown[0], usual=shown[1]
        )
        parts.append(f"{company_name} {part}" if detail["company_id"].n_unique() > 1 else part)
    figure = "; ".join(parts)
    line = translate("Attention", "{day} was unusual: {figure}").format(
        day=fmt.weekday_month(check.day), figure=figure
    )
    return Finding(
        "unusual_day",
        translate("Attention", "Unusual day"),
        n,
        figure,
        line if n else "",
        detail,
        "Sales",
    )


# --- unknown costs ------------------------------------------------------------------------


def unknown_costs(con: duckdb.DuckDBPyConnection, check: Check) -> Finding:
    """Products sold on the day without a known cost (no bill of the company on or before the
    day), by revenue: their profit is unknown."""
    company, params = _company(check)
    detail = frame(
        con,
        f"""
        SELECT p.company_id, p.product_id,
               coalesce(d.name, {unnamed_product("p.product_id")}) AS product,
               count(*) AS lines, sum(p.quantity) AS quantity, sum(p.revenue_tax_in) AS revenue
        FROM fact_sales_lines_profit p LEFT JOIN dim_products d USING (product_id)
        WHERE p.day = ? AND p.cost_missing {company}
        GROUP BY ALL ORDER BY revenue DESC, p.company_id, p.product_id
        """,
        [check.day, *params],
    )
    detail = _with_currency(con, detail)
    n = detail.height
    figure = (
        translate("Attention", "{amounts} of sales").format(amounts=_amounts(detail, "revenue"))
        if n
        else ""
    )
    products = _plural(
        n,
        QT_TRANSLATE_NOOP("Attention", "{count} product"),
        QT_TRANSLATE_NOOP("Attention", "{count} products"),
    )
    line = translate("Attention", "{products} sold without a known cost: {figure}").format(
        products=products, figure=figure
    )
    title = translate("Attention", "Unknown costs")
    return Finding("unknown_costs", title, n, figure, line if n else "", detail, "Profit")


# --- data ---------------------------------------------------------------------------------


def data_problems(
    lake_root: Path, check: Check, con: duckdb.DuckDBPyConnection | None = None
) -> Finding:
    """A failed or partial last run, the lake behind the day, datasets not synced for more
    than a day (by their last successful sync or the last run that loaded them, a backfill
    too): from the state database; and, with `con`, a day with sales whose profit is not
    computed (the profit rules would stay quiet without it). A lake never synced is one
    problem."""
    rows: list[tuple[str, str, str]] = []  # problem, datasets, detail
    said: list[str] = []  # each problem in the figure
    layout = LakeLayout(Path(lake_root))
    if not (layout.metadata / STATE_FILE).exists():
        rows.append(
            (
                translate("Attention", "never synced"),
                "",
                translate("Attention", "the lake has no data yet: run a sync"),
            )
        )
        said.append(rows[-1][0])
    else:
        with StateDB(layout.metadata) as state:
            finished = [r for r in state.runs(limit=20) if r.status != RunStatus.RUNNING]
            loaded = {d: r.ended_at for d, r in state.last_runs().items() if _worked(r.status)}
            synced = {s.dataset: s.last_success_at for s in state.dataset_states()}
        if finished and finished[0].status in UNSUCCESSFUL:
            last = finished[0]
            run = translate("Attention", "run {id} ({trigger})").format(
                id=last.id, trigger=last.trigger
            )
            problem = _tr(LAST_RUN[RunStatus(last.status)])
            rows.append((problem, "", f"{run}: {last.error}" if last.error else run))
            said.append(problem)
        fresh = freshness(lake_root)
        if fresh.data_up_to is not None and fresh.data_up_to < check.day:
            behind = translate("Attention", "data only up to {day}").format(
                day=fmt.day(fresh.data_up_to)
            )
            rows.append((translate("Attention", "lake behind"), "", behind))
            said.append(behind)
        if con is not None and not _profit_computed(con, check):
            missing = translate("Attention", "no profit yet for {day}").format(
                day=fmt.day(check.day)
            )
            rows.append((translate("Attention", "profit not computed"), "", missing))
            said.append(missing)
        old: dict[str, datetime | None] = {}
        for dataset in sorted(set(loaded) | set(synced)):
            moments = [m for m in (loaded.get(dataset), synced.get(dataset)) if m is not None]
            latest = max(moments) if moments else None
            if latest is None or check.now - latest > timedelta(days=1):
                old[dataset_name(dataset)] = latest
        if old:
            oldest = min((m for m in old.values() if m is not None), default=None)
            if oldest:
                when = translate("Attention", "oldest last sync {when} UTC").format(
                    when=fmt.day_clock(oldest)
                )
            else:
                when = translate("Attention", "never synced")
            problem = translate("Attention", "not synced for over a day")
            rows.append((problem, ", ".join(old), when))
            said.append(f"{problem}: {', '.join(old)}")
    detail = pl.DataFrame(
        rows,
        schema={"problem": pl.String, "datasets": pl.String, "detail": pl.String},
        orient="row",
    )
    n = detail.height
    figure = "; ".join(said)
    problems = _plural(
        n,
        QT_TRANSLATE_NOOP("Attention", "{count} data problem"),
        QT_TRANSLATE_NOOP("Attention", "{count} data problems"),
    )
    line = (
        translate("Attention", "{problems}: {figure}").format(problems=problems, figure=figure)
        if n
        else ""
    )
    return Finding("data", translate("Attention", "Data"), n, figure, line, detail, "Runs")


def _profit_computed(con: duckdb.DuckDBPyConnection, check: Check) -> bool:
    """Profit is computed for every company that sold on the day (or nothing was sold)."""
    company, params = _company(check)
    ((missing,),) = con.execute(
        f"""
        SELECT count(*) FROM (
            SELECT DISTINCT company_id FROM fact_sales_all WHERE day = ? {company}
            EXCEPT SELECT company_id FROM agg_profit_daily WHERE day = ? {company})
        """,
        [check.day, *params, check.day, *params],
    ).fetchall()
    return missing == 0


def _worked(status: str) -> bool:
    return status in SUCCESSFUL


# --- all rules ----------------------------------------------------------------------------

LAKE_RULES: dict[str, Callable[[duckdb.DuckDBPyConnection, Check], Finding]] = {
    "below_cost": below_cost,
    "cost_jump": cost_jump,
    "running_out": running_out,
    "dead_stock": dead_stock,
    "unusual_day": unusual_day,
    "unknown_costs": unknown_costs,
}
RULES = (*LAKE_RULES, "data")


def attention(
    con: duckdb.DuckDBPyConnection,
    lake_root: Path | None,
    day: date,
    company_id: int | None = None,
    settings: AttentionSettings | None = None,
    now: datetime | None = None,
) -> list[Finding]:
    """Every rule's finding for `day` (data first: the other figures depend on it). Without
    `lake_root` (a connection not opened on a lake folder) there is no state database to read,
    and no data finding."""
    check = Check(day, company_id, settings or AttentionSettings(), now or clock.now())
    findings = [data_problems(lake_root, check, con)] if lake_root is not None else []
    findings += [rule(con, check) for rule in LAKE_RULES.values()]
    return findings


def morning_day(today: date) -> date:
    """The day the morning list is about: yesterday, the last whole business day."""
    return today - timedelta(days=1)


def summary(findings: list[Finding], only: tuple[str, ...] | None = None) -> str:
    """The firing findings' lines joined by ' · ' (optionally only some rules); '' when none."""
    return " · ".join(f.line for f in findings if f.fires and (only is None or f.rule in only))


def notification(findings: list[Finding], mode: str) -> str:
    """What the tray says after the nightly sync, by Settings > Attention > notify: "off"
    nothing, "data" the data problems only, "everything" every firing rule; '' when none."""
    if mode == "off":
        return ""
    return summary(findings, only=DATA_PROBLEMS if mode == "data" else None)


# in English, marked; quiet() says it in the operator's language
QUIET = QT_TRANSLATE_NOOP("Attention", "Nothing needs attention")


def quiet() -> str:
    return _tr(QUIET)
