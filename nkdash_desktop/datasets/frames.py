"""Expressions and steps every cleaner shares: Odoo strings -> typed times, latest version of
each record, the business-day filter."""

from __future__ import annotations

import logging
from datetime import date

import polars as pl

from nkdash_desktop.clock import ODOO_DATETIME

log = logging.getLogger(__name__)

ODOO_DATE = "%Y-%m-%d"
NUL = "\x00"


def utc_instant(column: str) -> pl.Expr:
    """An Odoo datetime string (naive UTC) as a UTC instant; unparseable -> null."""
    return pl.col(column).str.to_datetime(
        ODOO_DATETIME, time_unit="us", time_zone="UTC", strict=False
    )


def local_time(instant: pl.Expr, timezone: str) -> pl.Expr:
    """A UTC instant as naive wall-clock time in the company's timezone (what people read)."""
    return instant.dt.convert_time_zone(timezone).dt.replace_time_zone(None)


def odoo_date(column: str) -> pl.Expr:
    """An Odoo date string (already a local day) as a Date; unparseable -> null."""
    return pl.col(column).str.to_date(ODOO_DATE, strict=False)


def weekday(day: pl.Expr) -> pl.Expr:
    return day.dt.weekday().cast(pl.Int8)  # ISO: 1 = Monday


def latest_by_id(raw: pl.DataFrame, by: tuple[str, ...] = ("id",)) -> pl.DataFrame:
    """One row per Odoo id (or per `by`, e.g. company and id of a per-company table): the
    latest version (highest write_date, then the last extracted).

    A record edited while a day was being paged can arrive twice, on two pages."""
    if raw.select(by).n_unique() == raw.height:
        return raw  # the usual case: nothing to choose
    keys = [k for k in ("write_date", "_extracted_at") if k in raw.columns]
    # a stable sort: among equal versions the row read last (the later page) wins
    ordered = raw.sort([*by, *keys], nulls_last=False, maintain_order=True)
    return ordered.unique(list(by), keep="last", maintain_order=True)


def keep_day(frame: pl.DataFrame, day: date, what: str) -> pl.DataFrame:
    """Rows of this business day only: a fact row's `day` must equal its partition's day,
    or a reload of one day would duplicate or lose rows filed elsewhere."""
    kept = frame.filter(pl.col("day") == day)
    dropped = frame.height - kept.height
    if dropped:
        log.warning(
            "%s %s: %d row(s) dated outside the day (or undated) left out", what, day, dropped
        )
    return kept


def without_nul(frame: pl.DataFrame) -> pl.DataFrame:
    """Strip NUL characters from every text column: Excel and some ODBC readers choke on them."""
    texts = [n for n, t in frame.schema.items() if t == pl.String]
    if not texts:
        return frame
    found = frame.select(pl.col(texts).str.contains(NUL, literal=True).any()).row(0)
    dirty = [name for name, has_nul in zip(texts, found, strict=True) if has_nul]
    if not dirty:
        return frame  # the usual case: a scan, no copy
    return frame.with_columns(pl.col(dirty).str.replace_all(NUL, "", literal=True))
