"""Sales totals per day and per product, with gross profit where the profit tables have it.

The profit tables (agg_profit_daily, agg_profit_daily_by_product) carry revenue, quantity and
transactions next to profit, from the same sales lines. For each business day they cover, the
totals come from them; for the other days, from fact_sales_all (POS and invoices) with profit
left null: "no cost data yet". The small profit aggregates are also far cheaper to read than the
sales lines of a year.

An unknown cost is not a zero cost: gross profit and cost cover the lines whose cost is known,
margin = gross_profit / cost_known_revenue (the revenue of those lines), and the revenue of the
others is `revenue_cost_missing`, shown beside the margin as a share.
"""

from __future__ import annotations

from datetime import date, time, timedelta

import duckdb
import polars as pl

from nkdash_desktop.kpi.sql import Companies, day_filter, frame, period_filter

DAILY_SCHEMA = {
    "day": pl.Date,
    "revenue": pl.Float64,
    "quantity": pl.Float64,
    "transactions": pl.Int64,
    "gross_profit": pl.Float64,
    "cogs": pl.Float64,
    "cost_missing_lines": pl.Int64,
    "cost_known_revenue": pl.Float64,
    "revenue_cost_missing": pl.Float64,
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


def daily_totals(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
) -> pl.DataFrame:
    """Per day with sales: revenue (tax in), quantity, transactions (distinct orders and
    invoices), gross_profit and cogs (of the lines with a known cost), cost_missing_lines,
    cost_known_revenue, revenue_cost_missing and margin; profit null where the day's profit
    has not been computed, or no line of the day has a known cost."""
    covered, covered_params = period_filter(start, end, company_id)
    profit = frame(
        con,
        f"""
        SELECT day, sum(revenue_tax_in) AS revenue, sum(quantity) AS quantity,
               sum(transactions)::BIGINT AS transactions, sum(gross_profit) AS gross_profit,
               sum(cogs_tax_in) AS cogs, sum(cost_missing_lines)::BIGINT AS cost_missing_lines,
               sum(revenue_tax_in - revenue_cost_missing) AS cost_known_revenue,
               sum(revenue_cost_missing) AS revenue_cost_missing
        FROM agg_profit_daily WHERE {covered} GROUP BY day
        """,
        covered_params,
    ).cast(DAILY_SCHEMA)
    parts = [profit]
    # the sales lines only for the days without profit: none, once profit has caught up
    gaps = uncovered_ranges(start, end, profit["day"].to_list())
    if gaps:
        sales, sales_params = day_filter(gaps, company_id)
        parts.append(
            frame(
                con,
                f"""
                SELECT day, sum(revenue_tax_in) AS revenue, sum(quantity) AS quantity,
                       count(DISTINCT (channel, order_id)) AS transactions,
                       NULL AS gross_profit, NULL AS cogs, NULL AS cost_missing_lines,
                       NULL AS cost_known_revenue, NULL AS revenue_cost_missing
                FROM fact_sales_all WHERE {sales} GROUP BY day
                """,
                sales_params,
            ).cast(DAILY_SCHEMA)
        )
    return (
        pl.concat(parts)
        .sort("day")
        .with_columns(margin=_margin("gross_profit", "cost_known_revenue"))
    )


def day_until(
    con: duckdb.DuckDBPyConnection, day: date, until: time, company_id: Companies = None
) -> pl.DataFrame:
    """One business day's row in the shape of `daily_totals`, counting its POS orders placed up
    to the local time `until` (a running day is compared with the same hours of another), from
    the order timestamps. Invoices carry a date but no time: the day's invoices count whole.
    Profit comes from the same lines when the day's profit has been computed. No row when the
    day has no sales by then."""
    where, params = period_filter(day, day, company_id, alias="s")
    result = frame(
        con,
        f"""
        WITH lines AS (
            SELECT s.channel, s.order_id, s.line_id, s.quantity, s.revenue_tax_in
            FROM fact_sales_all s
            LEFT JOIN (SELECT line_id, date_order FROM fact_sales WHERE day = ?) o
                   ON s.channel = 'pos' AND o.line_id = s.line_id
            WHERE {where} AND (s.channel <> 'pos' OR o.date_order::TIME <= ?)
        )
        SELECT ?::DATE AS day, sum(l.revenue_tax_in) AS revenue, sum(l.quantity) AS quantity,
               count(DISTINCT (l.channel, l.order_id)) AS transactions,
               CASE WHEN count(p.line_id) > 0 THEN sum(p.gross_profit) END AS gross_profit,
               CASE WHEN count(p.line_id) > 0 THEN sum(p.cogs_tax_in) END AS cogs,
               CASE WHEN count(p.line_id) > 0 THEN count_if(p.cost_missing) END
                   AS cost_missing_lines,
               CASE WHEN count(p.line_id) > 0 THEN coalesce(sum(l.revenue_tax_in)
                   FILTER (WHERE NOT p.cost_missing), 0) END AS cost_known_revenue,
               CASE WHEN count(p.line_id) > 0 THEN coalesce(sum(l.revenue_tax_in)
                   FILTER (WHERE p.cost_missing), 0) END AS revenue_cost_missing
        FROM lines l
        LEFT JOIN (SELECT channel, line_id, gross_profit, cogs_tax_in, cost_missing
                   FROM fact_sales_lines_profit WHERE day = ?) p
               ON p.channel = l.channel AND p.line_id = l.line_id
        HAVING count(*) > 0
        """,
        [day, *params, until, day, day],
    ).cast(DAILY_SCHEMA)
    return result.with_columns(margin=_margin("gross_profit", "cost_known_revenue"))


def product_totals(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
) -> pl.DataFrame:
    """Per product sold in the period: product_id, product, category, category_path, quantity,
    revenue, gross_profit, cogs, cost_missing_lines, cost_known_revenue, revenue_cost_missing
    and margin (profit over the revenue of the lines with a known cost; null, "—", when no
    line of the product has one); by revenue, largest first."""
    gaps = uncovered_ranges(start, end, profit_days(con, start, end, company_id))
    covered, covered_params = period_filter(start, end, company_id)
    sales, sales_params = day_filter(gaps, company_id)
    # the sales lines only for the days without profit (reading none costs a scan's set-up)
    sales_lines = (
        f"""UNION ALL
            SELECT product_id, sum(quantity), sum(revenue_tax_in), NULL, NULL, NULL, NULL, NULL
            FROM fact_sales_all WHERE {sales} GROUP BY product_id"""
        if gaps
        else ""
    )
    result = frame(
        con,
        f"""
        WITH lines AS (
            SELECT product_id, sum(quantity) AS quantity, sum(revenue_tax_in) AS revenue,
                   sum(gross_profit) AS gross_profit, sum(cogs_tax_in) AS cogs,
                   sum(cost_missing_lines) AS cost_missing_lines,
                   sum(revenue_tax_in - revenue_cost_missing) AS cost_known_revenue,
                   sum(revenue_cost_missing) AS revenue_cost_missing
            FROM agg_profit_daily_by_product WHERE {covered} GROUP BY product_id
            {sales_lines}
        ), totals AS (
            SELECT product_id, sum(quantity) AS quantity, sum(revenue) AS revenue,
                   sum(gross_profit) AS gross_profit, sum(cogs) AS cogs,
                   sum(cost_missing_lines)::BIGINT AS cost_missing_lines,
                   sum(cost_known_revenue) AS cost_known_revenue,
                   sum(revenue_cost_missing) AS revenue_cost_missing
            FROM lines GROUP BY product_id
        )
        SELECT t.product_id,
               coalesce(p.name, 'Product ' || t.product_id) AS product,
               coalesce(p.category_name, 'Uncategorised') AS category,
               coalesce(p.category_path, 'Uncategorised') AS category_path,
               t.quantity, t.revenue, t.gross_profit, t.cogs, t.cost_missing_lines,
               t.cost_known_revenue, t.revenue_cost_missing,
               t.gross_profit / nullif(t.cost_known_revenue, 0) AS margin
        FROM totals t LEFT JOIN dim_products p USING (product_id)
        ORDER BY t.revenue DESC, t.product_id
        """,
        [*covered_params, *(sales_params if gaps else [])],
    )
    return result


def _margin(profit: str, revenue: str) -> pl.Expr:
    return (
        pl.when(pl.col(revenue) != 0).then(pl.col(profit) / pl.col(revenue)).otherwise(None)
    ).cast(pl.Float64)
