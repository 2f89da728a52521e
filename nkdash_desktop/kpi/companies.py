"""The companies in the lake and the currency their amounts are in (never assume IDR)."""

from __future__ import annotations

import duckdb
import polars as pl

from nkdash_desktop.kpi.sql import frame
from nkdash_desktop.odoo.companies import listed, match_company


class UnknownCompany(ValueError):
    """A company name or id the lake does not have."""


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


def company_id_of(con: duckdb.DuckDBPyConnection, wanted: str | None) -> int | None:
    """The lake's company a name or an id means (None: all companies); an unknown one is
    refused with the lake's companies listed, never read as "no sales"."""
    if wanted is None:
        return None
    known = companies(con).select("company_id", "name").rows()
    chosen = match_company(known, wanted)
    if chosen is None:
        raise UnknownCompany(
            f'"{wanted}" is not a company in the lake; its companies are: {listed(known)}'
        )
    return chosen
