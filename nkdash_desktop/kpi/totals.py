"""Sales totals per day and per product, with gross profit where the profit tables have it.

Revenue, tax and transactions per day are Odoo's own document totals: POS orders'
amount_total/amount_tax (fact_pos_orders; Odoo rounds tax once per order, so these differ from
the sum of the lines by cents) plus the invoice lines, read from their daily pre-aggregate
agg_documents_daily (lake/documents.py). Quantity and profit come from the
lines: for each business day the profit tables (agg_profit_daily, agg_profit_daily_by_product)
cover, from them (cheap to read); for the other days, quantity from fact_sales_all with profit
left null: "no cost data yet". Per product, everything comes from the lines.

An unknown cost is not a zero cost: gross profit and cost cover the lines whose cost is known,
margin = gross_profit / cost_known_revenue (the revenue of those lines), and the revenue of the
others is `revenue_cost_missing`, shown beside the margin as a share. With the Settings > Profit
fallback, lines without a bill's cost are costed at Odoo's standard price: their revenue,
`revenue_cost_standard`, is shown beside the margin as a share too (a guess, never a fact).
"""

from __future__ import annotations

from datetime import date, time, timedelta

import duckdb
import polars as pl

from nkdash_desktop.kpi.sql import Companies, day_filter, frame, period_filter, unnamed_product

DAILY_SCHEMA = {
    "day": pl.Date,
    "revenue": pl.Float64,
    "tax": pl.Float64,
    "quantity": pl.Float64,
    "transactions": pl.Int64,
    "gross_profit": pl.Float64,
    "cogs": pl.Float64,
    "cost_missing_lines": pl.Int64,
    "cost_known_revenue": pl.Float64,
    "revenue_cost_missing": pl.Float64,
    # revenue of the lines costed at Odoo's standard price (Settings > Profit fallback): the
    # share of the margin that is a guess
    "revenue_cost_standard": pl.Float64,
    # the day has POS lines but not Odoo's order totals (a raw day the lake upgrade could not
    # read again): its revenue, tax and transactions are unknown (null), never 0
    "pos_totals_unknown": pl.Boolean,
}
_DOCUMENT_COLUMNS = ("revenue", "tax", "transactions", "pos_totals_unknown")
_LINES_SCHEMA = {k: v for k, v in DAILY_SCHEMA.items() if k not in _DOCUMENT_COLUMNS}
_DOCUMENTS_SCHEMA = {
    "day": pl.Date,
    "revenue": pl.Float64,
    "tax": pl.Float64,
    "transactions": pl.Int64,
    "pos_totals_unknown": pl.Boolean,
}


def profit_days(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
) -> list[date]:
    """Days of the period whose profit has been computed."""
    where, params = period_filter(start, end, company_id)
    rows = con.sql(
        f"SELECT DISTINCT day FROM agg_profit_daily WHERE {where} ORDER BY day", params=params
    ).fetchall()
    return [r[0] for r in rows]


def uncovered_ranges(start: date, end: date, covered: list[date]) -> list[tuple[date, date]]:
    """The runs of consecutive days of [start, end] not in `covered`."""
    out: list[tuple[date, date]] = []
    first = start
    for day in sorted(d for d in covered if start <= d <= end):
        if day > first:
            out.append((first, day - timedelta(days=1)))
        first = day + timedelta(days=1)
    if first <= end:
        out.append((first, end))
    return out


def document_totals(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
) -> pl.DataFrame:
    """Per day with sales: revenue and tax as Odoo totals its documents (POS orders'
    amount_total and amount_tax, invoice lines' price_total minus price_subtotal) and
    transactions (POS orders and invoices), from agg_documents_daily (the lake keeps it equal
    to the facts). A day where a company has POS lines but no order totals (its raw orders were
    lost before the lake upgrade rebuilt them) is `pos_totals_unknown`, its revenue, tax and
    transactions null: the lines' sum is not Odoo's figure, and the invoices alone are not the
    day's."""
    where, params = period_filter(start, end, company_id)
    return frame(
        con,
        f"""
        SELECT day,
               CASE WHEN NOT bool_or(pos_totals_unknown)
                    THEN sum(pos_revenue_tax_in) + sum(invoice_revenue_tax_in) END AS revenue,
               CASE WHEN NOT bool_or(pos_totals_unknown)
                    THEN sum(pos_tax) + sum(invoice_tax) END AS tax,
               CASE WHEN NOT bool_or(pos_totals_unknown)
                    THEN (sum(pos_orders) + sum(invoices))::BIGINT END AS transactions,
               bool_or(pos_totals_unknown) AS pos_totals_unknown
        FROM agg_documents_daily WHERE {where} GROUP BY day
        """,
        params,
    ).cast(_DOCUMENTS_SCHEMA)


def daily_totals(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
) -> pl.DataFrame:
    """Per day with sales: revenue (tax in) and tax as Odoo totals its orders and invoices,
    transactions (POS orders and invoices), quantity, gross_profit and cogs (of the lines with a
    known cost), cost_missing_lines, cost_known_revenue, revenue_cost_missing and margin;
    profit null where the day's profit has not been computed, or no line of the day has a
    known cost."""
    covered, covered_params = period_filter(start, end, company_id)
    profit = frame(
        con,
        f"""
        SELECT day, sum(quantity) AS quantity, sum(gross_profit) AS gross_profit,
               sum(cogs_tax_in) AS cogs, sum(cost_missing_lines)::BIGINT AS cost_missing_lines,
               sum(revenue_tax_in - revenue_cost_missing) AS cost_known_revenue,
               sum(revenue_cost_missing) AS revenue_cost_missing,
               coalesce(sum(revenue_cost_standard), 0) AS revenue_cost_standard
        FROM agg_profit_daily WHERE {covered} GROUP BY day
        """,
        covered_params,
    ).cast(_LINES_SCHEMA)
    parts = [profit]
    # the sales lines only for the days without profit: none, once profit has caught up
    gaps = uncovered_ranges(start, end, profit["day"].to_list())
    if gaps:
        sales, sales_params = day_filter(gaps, company_id)
        parts.append(
            frame(
                con,
                f"""
                SELECT day, sum(quantity) AS quantity, NULL AS gross_profit, NULL AS cogs,
                       NULL AS cost_missing_lines, NULL AS cost_known_revenue,
                       NULL AS revenue_cost_missing, NULL AS revenue_cost_standard
                FROM fact_sales_all WHERE {sales} GROUP BY day
                """,
                sales_params,
            ).cast(_LINES_SCHEMA)
        )
    lines = pl.concat(parts)
    documents = document_totals(con, start, end, company_id)
    return (
        documents.join(lines, on="day", how="full", coalesce=True)
        # a day with lines has document totals in a lake that keeps them: lines without any
        # (a lake an older release wrote, until its next run's upgrade writes them) are a day
        # whose totals are not known, never a day of 0
        .with_columns(pl.col("pos_totals_unknown").fill_null(True))
        .select(list(DAILY_SCHEMA))
        .sort("day")
        .with_columns(margin=_margin("gross_profit", "cost_known_revenue"))
    )


def day_until(
    con: duckdb.DuckDBPyConnection, day: date, until: time, company_id: Companies = None
) -> pl.DataFrame:
    """One business day's row in the shape of `daily_totals`, counting its POS orders placed up
    to the local time `until` (a running day is compared with the same hours of another), from
    the order timestamps. Invoices carry a date but no time: the day's invoices count whole.
    Revenue and tax are the orders' and invoices' totals; quantity and profit come from their
    lines (profit when the day's profit has been computed). No row when the day has no sales
    by then."""
    where, params = period_filter(day, day, company_id, alias="s")
    orders_where, orders_params = period_filter(day, day, company_id)
    result = frame(
        con,
        f"""
        WITH lines AS (
            SELECT s.channel, s.order_id, s.line_id, s.quantity, s.revenue_tax_in
            FROM fact_sales_all s
            LEFT JOIN (SELECT line_id, date_order FROM fact_sales WHERE day = ?) o
                   ON s.channel = 'pos' AND o.line_id = s.line_id
            WHERE {where} AND (s.channel <> 'pos' OR o.date_order::TIME <= ?)
        ), documents AS (
            SELECT amount_total AS revenue, amount_tax AS tax FROM fact_pos_orders
            WHERE {orders_where} AND date_order::TIME <= ?
            UNION ALL
            SELECT sum(revenue_tax_in), sum(revenue_tax_in - revenue_tax_ex)
            FROM fact_invoice_sales WHERE {orders_where} GROUP BY move_id
        ), line_totals AS (
            SELECT sum(l.quantity) AS quantity,
                   CASE WHEN count(p.line_id) > 0 THEN sum(p.gross_profit) END AS gross_profit,
                   CASE WHEN count(p.line_id) > 0 THEN sum(p.cogs_tax_in) END AS cogs,
                   CASE WHEN count(p.line_id) > 0 THEN count_if(p.cost_missing) END
                       AS cost_missing_lines,
                   CASE WHEN count(p.line_id) > 0 THEN coalesce(sum(l.revenue_tax_in)
                       FILTER (WHERE NOT p.cost_missing), 0) END AS cost_known_revenue,
                   CASE WHEN count(p.line_id) > 0 THEN coalesce(sum(l.revenue_tax_in)
                       FILTER (WHERE p.cost_missing), 0) END AS revenue_cost_missing,
                   CASE WHEN count(p.line_id) > 0 THEN coalesce(sum(l.revenue_tax_in)
                       FILTER (WHERE p.cost_source = 'standard'), 0) END
                       AS revenue_cost_standard
            FROM lines l
            LEFT JOIN (SELECT channel, line_id, gross_profit, cogs_tax_in, cost_missing,
                              cost_source
                       FROM fact_sales_lines_profit WHERE day = ?) p
                   ON p.channel = l.channel AND p.line_id = l.line_id
        )
        SELECT ?::DATE AS day, sum(d.revenue) AS revenue, sum(d.tax) AS tax,
               any_value(t.quantity) AS quantity, count(*) AS transactions,
               any_value(t.gross_profit) AS gross_profit, any_value(t.cogs) AS cogs,
               any_value(t.cost_missing_lines) AS cost_missing_lines,
               any_value(t.cost_known_revenue) AS cost_known_revenue,
               any_value(t.revenue_cost_missing) AS revenue_cost_missing,
               any_value(t.revenue_cost_standard) AS revenue_cost_standard,
               false AS pos_totals_unknown
        FROM documents d CROSS JOIN line_totals t
        HAVING count(*) > 0
        """,
        [day, *params, until, *orders_params, until, *orders_params, day, day],
    ).cast(DAILY_SCHEMA)
    return result.with_columns(margin=_margin("gross_profit", "cost_known_revenue"))


# Per product: each figure's sum over the profit tables' daily rows (agg_profit_daily_by_product)
# and over the sales lines of the days without profit (None: unknown there, left null).
_PRODUCT_SUMS: dict[str, tuple[str, str | None]] = {
    "quantity": ("sum(quantity)", "sum(quantity)"),
    "revenue": ("sum(revenue_tax_in)", "sum(revenue_tax_in)"),
    "gross_profit": ("sum(gross_profit)", None),
    "cogs": ("sum(cogs_tax_in)", None),
    "cost_missing_lines": ("sum(cost_missing_lines)", None),
    "cost_known_revenue": ("sum(revenue_tax_in - revenue_cost_missing)", None),
    "revenue_cost_missing": ("sum(revenue_cost_missing)", None),
    "revenue_cost_standard": ("coalesce(sum(revenue_cost_standard), 0)", None),
}
# the figures of a top-products table: a ranking reads no more columns than it shows
_TOP_SUMS = ("quantity", "revenue", "gross_profit", "cost_known_revenue")


def _product_sums(
    con: duckdb.DuckDBPyConnection,
    start: date,
    end: date,
    company_id: Companies,
    figures: tuple[str, ...],
) -> tuple[str, list]:
    """The SQL of `totals` (product_id and each of `figures` per product of the period) and its
    parameters: from the profit tables where they cover the day, from the lines elsewhere."""
    gaps = uncovered_ranges(start, end, profit_days(con, start, end, company_id))
    covered, covered_params = period_filter(start, end, company_id)
    sales, sales_params = day_filter(gaps, company_id)
    profit_sums = ", ".join(f"{_PRODUCT_SUMS[f][0]} AS {f}" for f in figures)
    # the sales lines only for the days without profit (reading none costs a scan's set-up)
    sales_lines = (
        f"""UNION ALL
            SELECT product_id, {", ".join(_PRODUCT_SUMS[f][1] or "NULL" for f in figures)}
            FROM fact_sales_all WHERE {sales} GROUP BY product_id"""
        if gaps
        else ""
    )
    totals = ", ".join(
        f"sum({f})::BIGINT AS {f}" if f == "cost_missing_lines" else f"sum({f}) AS {f}"
        for f in figures
    )
    sql = f"""
        WITH lines AS (
            SELECT product_id, {profit_sums}
            FROM agg_profit_daily_by_product WHERE {covered} GROUP BY product_id
            {sales_lines}
        ), totals AS (
            SELECT product_id, {totals} FROM lines GROUP BY product_id
        )"""
    return sql, [*covered_params, *(sales_params if gaps else [])]


def product_totals(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
) -> pl.DataFrame:
    """Per product sold in the period: product_id, product, category, category_path, quantity,
    revenue, gross_profit, cogs, cost_missing_lines, cost_known_revenue, revenue_cost_missing,
    revenue_cost_standard (costed at Odoo's standard price) and margin (profit over the revenue of the lines with a known cost; null, "—", when no
    line of the product has one); by revenue, largest first."""
    totals, params = _product_sums(con, start, end, company_id, tuple(_PRODUCT_SUMS))
    return frame(
        con,
        f"""{totals}
        SELECT t.product_id,
               coalesce(p.name, {unnamed_product("t.product_id")}) AS product,
               coalesce(p.category_name, 'Uncategorised') AS category,
               coalesce(p.category_path, 'Uncategorised') AS category_path,
               t.quantity, t.revenue, t.gross_profit, t.cogs, t.cost_missing_lines,
               t.cost_known_revenue, t.revenue_cost_missing, t.revenue_cost_standard,
               t.gross_profit / nullif(t.cost_known_revenue, 0) AS margin
        FROM totals t LEFT JOIN dim_products p USING (product_id)
        ORDER BY t.revenue DESC, t.product_id
        """,
        params,
    )


def top_product_totals(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies, limit: int
) -> pl.DataFrame:
    """`product_totals`' `limit` best sellers (product_id, product, category, category_path,
    quantity, revenue, gross_profit, cost_known_revenue, margin) and share, their revenue over
    the period's: ranked in DuckDB over only those sums (a year of a chain is millions of
    daily product rows; the Overview shows ten)."""
    totals, params = _product_sums(con, start, end, company_id, _TOP_SUMS)
    return frame(
        con,
        f"""{totals}, ranked AS (
            SELECT *, sum(revenue) OVER () AS period_revenue FROM totals
            ORDER BY revenue DESC, product_id LIMIT ?
        )
        SELECT t.product_id,
               coalesce(p.name, {unnamed_product("t.product_id")}) AS product,
               coalesce(p.category_name, 'Uncategorised') AS category,
               coalesce(p.category_path, 'Uncategorised') AS category_path,
               t.quantity, t.revenue, t.gross_profit, t.cost_known_revenue,
               t.gross_profit / nullif(t.cost_known_revenue, 0) AS margin,
               t.revenue / nullif(t.period_revenue, 0) AS share
        FROM ranked t LEFT JOIN dim_products p USING (product_id)
        ORDER BY t.revenue DESC, t.product_id
        """,
        [*params, limit],
    )


def _margin(profit: str, revenue: str) -> pl.Expr:
    return (
        pl.when(pl.col(revenue) != 0).then(pl.col(profit) / pl.col(revenue)).otherwise(None)
    ).cast(pl.Float64)
