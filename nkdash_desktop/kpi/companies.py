"""The companies in the lake and the currency their amounts are in (never assume IDR)."""

from __future__ import annotations

import duckdb
import polars as pl

from nkdash_desktop.kpi.sql import frame


def companies(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """company_id, name, currency_code, currency_symbol; by id."""
    return frame(
        con,
        "SELECT company_id, name, currency_code, currency_symbol FROM dim_companies "
        "ORDER BY company_id",
    )


def currency_symbol(table: pl.DataFrame, company_id: int | None = None) -> str:
    """The symbol of the company's currency, or of all companies when they share one; '' when
    unknown or mixed (amounts of several currencies are then shown without a symbol)."""
    rows = table if company_id is None else table.filter(pl.col("company_id") == company_id)
    symbols = {s for s in rows["currency_symbol"].to_list() if s}
    return symbols.pop() if len(symbols) == 1 else ""
