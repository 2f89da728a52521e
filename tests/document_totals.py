"""The oracle of agg_documents_daily: Odoo's document totals per day and company computed from
the facts themselves (POS orders, invoice lines, which company-days have POS lines), and the
check that the pre-aggregate, and the cards' reader of it, equal them to the cent.

Shared by the pre-aggregate's own tests (tests/pipeline/test_document_totals.py) and the
reliability campaign's "nothing half-written" check (reliability_support.assert_sound).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from nkdash_desktop.kpi.totals import document_totals
from nkdash_desktop.lake.catalog import open_catalog

CENT = 0.005
POS = ("pos_revenue_tax_in", "pos_tax", "pos_orders")
INVOICES = ("invoice_revenue_tax_in", "invoice_tax", "invoices")
Key = tuple[date, int]


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> dict[Key, tuple]:
    return {(r[0], r[1]): tuple(r[2:]) for r in con.sql(sql).fetchall()}


def from_facts(con: duckdb.DuckDBPyConnection) -> dict[Key, dict[str, Any]]:
    """(day, company) -> the pre-aggregate's columns, computed from the facts."""
    orders = _rows(
        con,
        "SELECT day, company_id, sum(amount_total), sum(amount_tax), count(*) "
        "FROM fact_pos_orders GROUP BY ALL",
    )
    invoices = _rows(
        con,
        "SELECT day, company_id, sum(revenue_tax_in), sum(revenue_tax_in - revenue_tax_ex), "
        "count(DISTINCT move_id) FROM fact_invoice_sales GROUP BY ALL",
    )
    lines = _rows(con, "SELECT DISTINCT day, company_id FROM fact_sales")
    out = {}
    for key in set(orders) | set(invoices) | set(lines):
        unknown = key in lines and key not in orders
        pos = (None, None, None) if unknown else orders.get(key, (0.0, 0.0, 0))
        out[key] = {
            **dict(zip(POS, pos, strict=True)),
            **dict(zip(INVOICES, invoices.get(key, (0.0, 0.0, 0)), strict=True)),
            "pos_totals_unknown": unknown,
        }
    return out


def from_aggregate(con: duckdb.DuckDBPyConnection) -> dict[Key, dict[str, Any]]:
    names = [*POS, *INVOICES, "pos_totals_unknown"]
    rows = con.sql(f"SELECT day, company_id, {', '.join(names)} FROM agg_documents_daily")
    return {(r[0], r[1]): dict(zip(names, r[2:], strict=True)) for r in rows.fetchall()}


def _same(expected: Any, got: Any, name: str) -> bool:
    if expected is None or got is None or isinstance(expected, bool):
        return expected == got
    if name in ("pos_orders", "invoices"):
        return int(expected) == int(got)
    return abs(float(expected) - float(got)) <= CENT


def differences(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Each (day, company) and column where the pre-aggregate differs from the facts, and
    each day where the cards' reader (kpi.totals.document_totals) differs from them."""
    facts, aggregate = from_facts(con), from_aggregate(con)
    out = []
    for key in sorted(set(facts) | set(aggregate)):
        f, a = facts.get(key), aggregate.get(key)
        if f is None or a is None:
            out.append(f"{key}: only in {'the facts' if a is None else 'agg_documents_daily'}")
            continue
        out += [f"{key} {n}: facts {f[n]}, aggregate {a[n]}" for n in f if not _same(f[n], a[n], n)]
    if not facts:
        return out
    days = sorted({d for d, _ in facts})
    read = document_totals(con, days[0], days[-1])
    for row in read.iter_rows(named=True):
        mine = [v for (d, _), v in facts.items() if d == row["day"]]
        unknown = any(v["pos_totals_unknown"] for v in mine)
        expected = {
            "revenue": None
            if unknown
            else sum(v["pos_revenue_tax_in"] + v["invoice_revenue_tax_in"] for v in mine),
            "tax": None if unknown else sum(v["pos_tax"] + v["invoice_tax"] for v in mine),
            "transactions": None if unknown else sum(v["pos_orders"] + v["invoices"] for v in mine),
            "pos_totals_unknown": unknown,
        }
        out += [
            f"{row['day']} {n}: facts {e}, document_totals {row[n]}"
            for n, e in expected.items()
            if not _same(e, row[n], "invoices" if n == "transactions" else n)
        ]
    if read.height != len(days):
        out.append(f"document_totals has {read.height} days, the facts {len(days)}")
    return out


def lake_differences(root: Path) -> list[str]:
    con = open_catalog(root)
    try:
        return differences(con)
    finally:
        con.close()
