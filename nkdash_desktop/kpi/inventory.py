"""Inventory: stock on hand by location and category, and goods moved in and out per day."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from nkdash_desktop.kpi.sql import frame, period_filter


def stock_on_hand(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: int | None = None
) -> pl.DataFrame:
    """Stock in the company's own (internal) locations per location and product category, from
    the daily snapshot nearest the period's end: the last one on or before it, else the first
    one after (stock levels cannot be read for the past, so early days may have none).
    Columns: snapshot_day, location, category, products, quantity, value (at Odoo's cost)."""
    company = [] if company_id is None else [company_id]
    of_company = "" if company_id is None else "AND company_id = ?"
    return frame(
        con,
        f"""
        WITH snapshot AS (
            SELECT day FROM fact_stock_quants WHERE true {of_company}
            GROUP BY day ORDER BY day > ?, abs(day - ?) LIMIT 1
        )
        SELECT q.day AS snapshot_day, l.full_path AS location,
               coalesce(c.full_path, 'Uncategorised') AS category,
               count(DISTINCT q.product_id) AS products, sum(q.quantity) AS quantity,
               sum(q.quantity * coalesce(p.standard_price, 0)) AS value
        FROM fact_stock_quants q
        JOIN snapshot USING (day)
        JOIN dim_locations l ON l.location_id = q.location_id AND l.is_internal
        LEFT JOIN dim_products p ON p.product_id = q.product_id
        LEFT JOIN dim_categories c ON c.category_id = p.category_id
        WHERE true {of_company.replace("company_id", "q.company_id")}
        GROUP BY ALL ORDER BY location, category
        """,
        [*company, end, end, *company],
    )


def moves_per_day(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: int | None = None
) -> pl.DataFrame:
    """Per day with moves: quantity_in (into own locations), quantity_out (out of them, as a
    positive number), net, and the count of move lines in and out."""
    where, params = period_filter(start, end, company_id)
    return frame(
        con,
        f"""
        SELECT day,
               coalesce(sum(quantity_signed) FILTER (WHERE quantity_signed > 0), 0)
                   AS quantity_in,
               coalesce(-sum(quantity_signed) FILTER (WHERE quantity_signed < 0), 0)
                   AS quantity_out,
               coalesce(sum(quantity_signed), 0) AS net,
               count(*) FILTER (WHERE direction = 'in') AS moves_in,
               count(*) FILTER (WHERE direction = 'out') AS moves_out
        FROM fact_inventory_moves WHERE {where}
        GROUP BY day ORDER BY day
        """,
        params,
    )
