"""Inventory: stock on hand by location and category, and goods moved in and out per day."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from nkdash_desktop.kpi.companies import each_currency
from nkdash_desktop.kpi.sql import Companies, company_filter, frame, period_filter


def location_names(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """Location id -> the name an operator knows: Odoo's full name starts with the warehouse's
    short code ("BL/Stock"), shown here with the warehouse's company instead ("NK Mart Bali /
    Stock"; with the code too when the company has several warehouses)."""
    locations = frame(
        con,
        """
        SELECT l.location_id, l.name, l.full_path, l.parent_id, l.usage, c.name AS company
        FROM dim_locations l LEFT JOIN dim_companies c USING (company_id)
        """,
    )
    top = set(locations.filter(pl.col("parent_id").is_null())["location_id"].to_list())
    roots = locations.filter(
        pl.col("parent_id").is_in(list(top)), pl.col("usage") == "view",
        pl.col("company").is_not_null(),
    )  # fmt: skip
    per_company = roots.group_by("company").len()
    several = set(per_company.filter(pl.col("len") > 1)["company"].to_list())
    labels = {
        r["full_path"]: r["company"] + (f" ({r['name']})" if r["company"] in several else "")
        for r in roots.iter_rows(named=True)
    }
    out = {}
    for r in locations.iter_rows(named=True):
        head, _, rest = r["full_path"].partition("/")
        parts = [labels.get(head, head), *([p for p in rest.split("/") if p] if rest else [])]
        out[r["location_id"]] = " / ".join(parts)
    return out


@each_currency
def stock_on_hand(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
) -> pl.DataFrame:
    """Stock in the company's own (internal) locations per location, product category and unit
    of measure (quantities in different units are never added up), from the daily snapshot
    nearest the period's end: the last one on or before it, else the first one after (stock
    levels cannot be read for the past, so early days may have none). Columns: snapshot_day,
    location (location_names), category (full path), category_name (its last part), unit,
    products, quantity, value (at the company's own Odoo cost, as Odoo values it: a product the
    company never costed counts 0)."""
    of_company, company = company_filter(company_id)
    of_quant_company, _ = company_filter(company_id, "q.company_id")
    stock = frame(
        con,
        f"""
        WITH snapshot AS (
            SELECT day FROM fact_stock_quants WHERE {of_company}
            GROUP BY day ORDER BY day > ?, abs(day - ?) LIMIT 1
        )
        SELECT q.day AS snapshot_day, q.location_id,
               coalesce(c.full_path, 'Uncategorised') AS category,
               coalesce(c.name, 'Uncategorised') AS category_name,
               coalesce(p.uom_name, 'Units') AS unit,
               count(DISTINCT q.product_id) AS products, sum(q.quantity) AS quantity,
               sum(q.quantity * coalesce(k.standard_price, 0)) AS value
        FROM fact_stock_quants q
        JOIN snapshot USING (day)
        JOIN dim_locations l ON l.location_id = q.location_id AND l.is_internal
        LEFT JOIN dim_products p ON p.product_id = q.product_id
        -- each company's own cost: standard_price is company-dependent in Odoo
        LEFT JOIN dim_product_company_costs k
            ON k.company_id = q.company_id AND k.product_id = q.product_id
        LEFT JOIN dim_categories c ON c.category_id = p.category_id
        WHERE {of_quant_company}
        GROUP BY ALL
        """,
        [*company, end, end, *company],
    )
    names = location_names(con)
    return (
        stock.with_columns(
            location=pl.col("location_id").replace_strict(names, default=None, return_dtype=pl.String)
        )
        .select(
            "snapshot_day", "location", "category", "category_name", "unit", "products",
            "quantity", "value",
        )
        .sort("location", "category", "unit")
    )  # fmt: skip


def moves_per_day(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
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
