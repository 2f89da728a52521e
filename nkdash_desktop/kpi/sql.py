"""What every KPI query shares: running SQL into a polars frame, and the period/company filter."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import duckdb
import polars as pl


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> pl.DataFrame:
    return con.sql(sql, params=list(params) if params else None).pl()


def day_filter(
    ranges: Iterable[tuple[date, date]], company_id: int | None = None, alias: str = ""
) -> tuple[str, list[Any]]:
    """A WHERE condition for rows whose day is in any of `ranges` (inclusive) and, when given,
    of one company; with its parameters. No range at all selects nothing."""
    prefix = f"{alias}." if alias else ""
    spans = list(ranges)
    params: list[Any] = []
    for first, last in spans:
        params += [first, last]
    days = " OR ".join(f"{prefix}day BETWEEN ? AND ?" for _ in spans) or "false"
    if company_id is None:
        return f"({days})", params
    return f"({days}) AND {prefix}company_id = ?", [*params, company_id]


def period_filter(
    start: date, end: date, company_id: int | None = None, alias: str = ""
) -> tuple[str, list[Any]]:
    return day_filter([(start, end)], company_id, alias)
