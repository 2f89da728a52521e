"""What every KPI query shares: running SQL into a polars frame, and the period/company filter."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import duckdb
import polars as pl

from nkdash_desktop.i18n import translate


def text(value: str) -> str:
    """A SQL string literal of `value` (quotes doubled)."""
    return "'" + value.replace("'", "''") + "'"


def unnamed_product(id_sql: str) -> str:
    """SQL of the label of a product the lake has no name for: 'Product 42' ('Produk 42')."""
    label = text(translate("Columns", "Product {id}"))
    return f"replace({label}, '{{id}}', CAST({id_sql} AS VARCHAR))"


def unknown(what: str = "") -> str:
    """SQL literal of an unknown cashier ('Unknown') or payment method ('Unknown method')."""
    if what == "method":
        return text(translate("Columns", "Unknown method"))
    return text(translate("Columns", "Unknown"))


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> pl.DataFrame:
    return con.sql(sql, params=list(params) if params else None).pl()


Companies = int | tuple[int, ...] | None  # one company, several (of one currency), or all


def company_filter(company_id: Companies, column: str = "company_id") -> tuple[str, list[Any]]:
    """A condition selecting the company or companies ('true' for all), with its parameters."""
    if company_id is None:
        return "true", []
    if isinstance(company_id, int):
        return f"{column} = ?", [company_id]
    return f"{column} IN ({', '.join('?' for _ in company_id)})", list(company_id)


def day_filter(
    ranges: Iterable[tuple[date, date]], company_id: Companies = None, alias: str = ""
) -> tuple[str, list[Any]]:
    """A WHERE condition for rows whose day is in any of `ranges` (inclusive) and, when given,
    of one company (or several); with its parameters. No range at all selects nothing."""
    prefix = f"{alias}." if alias else ""
    spans = list(ranges)
    params: list[Any] = []
    for first, last in spans:
        params += [first, last]
    days = " OR ".join(f"{prefix}day BETWEEN ? AND ?" for _ in spans) or "false"
    if company_id is None:
        return f"({days})", params
    companies, ids = company_filter(company_id, f"{prefix}company_id")
    return f"({days}) AND {companies}", [*params, *ids]


def period_filter(
    start: date, end: date, company_id: Companies = None, alias: str = ""
) -> tuple[str, list[Any]]:
    return day_filter([(start, end)], company_id, alias)
