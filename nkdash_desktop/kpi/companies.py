"""The companies in the lake and the currency their amounts are in (never assume IDR).

Amounts of different currencies are never added together: an all-companies view of companies
in several currencies is computed once per currency (`currency_groups`, `per_currency`), each
over the companies of that currency, and shows one figure per currency. Where all companies
share a currency, the all-companies figure is the plain sum, as before.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import polars as pl

from nkdash_desktop.i18n import translate
from nkdash_desktop.kpi.format import Currency
from nkdash_desktop.kpi.sql import Companies, frame
from nkdash_desktop.odoo.companies import listed, match_company

CURRENCY_COLUMNS = ("currency", "currency_symbol")


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
    unknown or mixed."""
    return company_currency(table, company_id).symbol


def company_currency(table: pl.DataFrame, company_id: int | None = None) -> Currency:
    """The currency of the company (of all companies when they share one) from a `companies`
    frame; Currency() when unknown or mixed."""
    return _currency(_selected(table, company_id))


def _currency(rows: list[tuple[int, str | None, str | None]]) -> Currency:
    codes = {code for _, code, _ in rows if code}
    symbols = {symbol for _, _, symbol in rows if symbol}
    return Currency(
        codes.pop() if len(codes) == 1 else "",
        symbols.pop() if len(symbols) == 1 and len(codes) <= 1 else "",
    )


@dataclass(frozen=True)
class CurrencyGroup:
    """The selected companies of one currency, and the company filter that selects them (the
    selection itself when it is all in that currency, so same-currency queries are unchanged)."""

    currency: Currency
    company_ids: tuple[int, ...]
    scope: Companies


def _selected(
    table: pl.DataFrame, company_id: Companies
) -> list[tuple[int, str | None, str | None]]:
    """(company_id, currency_code, currency_symbol) of the selected companies, in the table's
    order. Plain Python over a handful of rows: the UI thread asks at every tab switch and draw,
    and a polars query there hands the interpreter lock to the workers and sleeps until it wins
    it back (tests/ui/test_ui_thread_queries.py)."""
    wanted = (
        None
        if company_id is None
        else {company_id}
        if isinstance(company_id, int)
        else set(company_id)
    )
    columns = (table[c].to_list() for c in ("company_id", "currency_code", "currency_symbol"))
    rows = zip(*columns, strict=True)
    return [row for row in rows if wanted is None or row[0] in wanted]


def currency_groups(table: pl.DataFrame, company_id: Companies = None) -> list[CurrencyGroup]:
    """The selection (one company, several, or all: None) split by currency, in company id
    order: one group when it shares a currency (or none is known), one per currency otherwise."""
    rows = _selected(table, company_id)
    by_code: dict[str, list[tuple[int, str]]] = {}
    for cid, code, symbol in rows:
        by_code.setdefault(code or "", []).append((cid, symbol or ""))
    known = {code: members for code, members in by_code.items() if code}
    if len(known) <= 1:
        return [CurrencyGroup(_currency(rows), tuple(cid for cid, _, _ in rows), company_id)]
    if "" in by_code:  # a company of unknown currency cannot be added to any: on its own
        known[""] = by_code[""]
    groups = []
    for code, members in known.items():
        ids = tuple(cid for cid, _ in members)
        symbol = next((s for _, s in members if s), "")
        groups.append(CurrencyGroup(Currency(code, symbol), ids, ids))
    return groups


def mixed(groups: Sequence[CurrencyGroup]) -> bool:
    return len(groups) > 1


def chosen_group(groups: Sequence[CurrencyGroup], currency: str | None) -> CurrencyGroup:
    """The group of the chosen currency (code); the first when none is chosen or it is not
    among them (e.g. one company selected)."""
    return next((g for g in groups if currency and g.currency.code == currency), groups[0])


def per_currency(
    query: Callable[[duckdb.DuckDBPyConnection, date, date, Companies], pl.DataFrame],
    con: duckdb.DuckDBPyConnection,
    start: date,
    end: date,
    groups: Sequence[CurrencyGroup],
) -> pl.DataFrame:
    """`query`'s frame for each currency group, one after the other, with the group's currency
    (code) and currency_symbol as the first columns: sums, shares and rankings stay within a
    currency."""
    parts = [
        # a query that is itself split (`each_currency`) brings its own currency columns
        query(con, start, end, g.scope)
        .drop(CURRENCY_COLUMNS, strict=False)
        .select(
            pl.lit(g.currency.code, pl.String).alias("currency"),
            pl.lit(g.currency.symbol, pl.String).alias("currency_symbol"),
            pl.all(),
        )
        for g in groups
    ]
    return pl.concat(parts, how="diagonal_relaxed") if len(parts) > 1 else parts[0]


def split_by_currency(
    query: Callable[[duckdb.DuckDBPyConnection, date, date, Companies], pl.DataFrame],
    con: duckdb.DuckDBPyConnection,
    start: date,
    end: date,
    company_id: Companies = None,
) -> pl.DataFrame:
    """`query`'s frame for the company (or all), once per currency of the lake's companies
    (`per_currency`): what a table of all companies shows."""
    return per_currency(query, con, start, end, currency_groups(companies(con), company_id))


Breakdown = Callable[..., pl.DataFrame]


def each_currency(query: Breakdown) -> Breakdown:
    """`query` (con, start, end, company_id, ...) made currency-safe: its frame comes once per
    currency of the selected companies, with currency and currency_symbol first
    (`split_by_currency`), so no figure of it adds two currencies."""

    @functools.wraps(query)
    def split(
        con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None,
        **options: Any,
    ) -> pl.DataFrame:  # fmt: skip
        of_one = functools.partial(query, **options) if options else query
        return split_by_currency(of_one, con, start, end, company_id)

    return split


def of_currency(frame: pl.DataFrame, currency: str) -> pl.DataFrame:
    """The rows of an `each_currency` frame in that currency (code), without the currency
    columns: what a chart of one currency draws."""
    return frame.filter(pl.col("currency") == currency).drop(CURRENCY_COLUMNS)


def company_id_of(con: duckdb.DuckDBPyConnection, wanted: str | None) -> int | None:
    """The lake's company a name or an id means (None: all companies); an unknown one is
    refused with the lake's companies listed, never read as "no sales"."""
    if wanted is None:
        return None
    known = companies(con).select("company_id", "name").rows()
    chosen = match_company(known, wanted)
    if chosen is None:
        raise UnknownCompany(
            translate(
                "ExcelReport",
                '"{wanted}" is not a company in the lake; its companies are: {companies}',
            ).format(wanted=wanted, companies=listed(known))
        )
    return chosen
