"""Purchases: spend per vendor, and how a product's purchase price moved."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from nkdash_desktop.kpi.sql import Companies, company_filter, frame, period_filter, unnamed_product


def spend_by_vendor(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
) -> pl.DataFrame:
    """Per vendor: bills, lines, spend without and with taxes (company currency, as Odoo posted
    the bills: a dollar bill of a rupiah company counts in rupiah; refunds negative) and share
    of the spend; largest first."""
    where, params = period_filter(start, end, company_id, alias="p")
    return frame(
        con,
        f"""
        SELECT p.vendor_id, coalesce(v.name, 'Vendor ' || p.vendor_id) AS vendor,
               count(DISTINCT p.move_id) AS bills, count(*) AS lines,
               sum(p.amount_company_currency) AS spend, sum(p.amount_company_currency_tax_in) AS spend_tax_in,
               sum(p.amount_company_currency) / sum(sum(p.amount_company_currency)) OVER ()
                   AS share
        FROM fact_purchases p LEFT JOIN dim_partners v ON v.partner_id = p.vendor_id
        WHERE {where}
        GROUP BY ALL ORDER BY spend DESC, p.vendor_id
        """,
        params,
    )


def purchased_products(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
) -> pl.DataFrame:
    """Products bought in the period (not as free bonus goods): product_id, product, spend,
    lines; largest spend first. The choices of the cost trend."""
    where, params = period_filter(start, end, company_id, alias="p")
    return frame(
        con,
        f"""
        SELECT p.product_id, coalesce(d.name, {unnamed_product("p.product_id")}) AS product,
               sum(p.amount_company_currency) AS spend, count(*) AS lines
        FROM fact_purchases p LEFT JOIN dim_products d USING (product_id)
        WHERE {where} AND NOT p.is_bonus AND NOT p.is_refund
        GROUP BY ALL ORDER BY spend DESC, p.product_id
        """,
        params,
    )


def costed_products(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
) -> pl.DataFrame:
    """Every product with a cost history (bought at any time, not as bonus goods) by the
    company or companies (of one currency: the spend is added up): product_id, product, spend
    (in the period; 0 when not bought in it), lines (ever); those bought in the period first,
    by spend, then the others by name. The choices of the cost trend."""
    company, params = company_filter(company_id, "p.company_id")
    return frame(
        con,
        f"""
        SELECT p.product_id, coalesce(d.name, {unnamed_product("p.product_id")}) AS product,
               coalesce(sum(p.amount_company_currency)
                   FILTER (WHERE p.day BETWEEN ? AND ?), 0) AS spend,
               count(*) AS lines
        FROM fact_purchases p LEFT JOIN dim_products d USING (product_id)
        WHERE NOT p.is_bonus AND NOT p.is_refund AND {company}
        GROUP BY ALL ORDER BY spend DESC, product, p.product_id
        """,
        [start, end, *params],
    )


def cost_trend(
    con: duckdb.DuckDBPyConnection,
    product_id: int,
    start: date,
    end: date,
    company_id: Companies = None,
) -> pl.DataFrame:
    """Each purchase of the product in the period (bonus lines and refunds left out): day,
    vendor, quantity, net_unit_price (after discount, without taxes, in the company's currency:
    a dollar bill of a rupiah company counts at the rupiah amount Odoo posted, so one company's
    prices share one axis) and unit_cost_tax_in (the cost profit uses, company currency too;
    null until profit is computed). `company_id`: companies of one currency only."""
    where, params = period_filter(start, end, company_id, alias="p")
    return frame(
        con,
        f"""
        SELECT p.day, coalesce(v.name, 'Vendor ' || p.vendor_id) AS vendor, p.quantity,
               p.amount_company_currency / p.quantity AS net_unit_price, c.unit_cost_tax_in
        FROM fact_purchases p
        LEFT JOIN dim_partners v ON v.partner_id = p.vendor_id
        LEFT JOIN fact_product_cost_events c ON c.line_id = p.line_id
        WHERE {where} AND p.product_id = ? AND NOT p.is_bonus AND NOT p.is_refund
        ORDER BY p.day, p.line_id
        """,
        [*params, product_id],
    )
