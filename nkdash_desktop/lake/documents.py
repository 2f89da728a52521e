"""agg_documents_daily: Odoo's document totals per day and company, kept beside their sources.

A click on a year of all companies needs each day's POS order totals, invoice totals and the
days whose order totals are unknown: read from the facts, that is millions of orders and tens
of millions of lines a click; from this table, a few thousand rows.

It is derived month by month: every time the writer publishes a month file of a source
(`SOURCES`), `write_month_totals` rewrites that month's rows of the aggregate from the sources'
files as they now are (lake/months.py calls it), so whatever writes them (a day's load, a
backfill, a lake upgrade, a repair) keeps it equal to them. A month can only be stale after a
crash between a source's publish and the aggregate's, on a lake an older release wrote (which
has none), or while a source file of the month is unreadable (left as it was until the repair
republishes that file): `metadata/document_totals.json` records, per month, the newest
modification time of the source files its rows were computed from, `stale_months` finds the
months whose sources changed since, and the lake upgrade (pipeline/upgrade.py) rewrites them.
A record per month, not the aggregate file's own time: a month skipped while others are written
stays found.

One file, not one per month: a day and company is one row (about 73,000 for 20 shops over 10
years, a few MB), and a query's cost here is the files it opens (121 month files cost a click
about 20 ms of CPU per read, one file 3 ms); rewriting it whole with a month costs milliseconds.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import polars as pl

from nkdash_desktop.lake.files import atomic_path
from nkdash_desktop.lake.layout import DATA_FILE, STAR, LakeLayout
from nkdash_desktop.lake.schema import AGG_DOCUMENTS_DAILY, FACTS, conform, empty_frame
from nkdash_desktop.lake.versions import publish_frame

ORDERS, INVOICES, LINES = "fact_pos_orders", "fact_invoice_sales", "fact_sales"
SOURCES = (ORDERS, INVOICES, LINES)
_KEY = ["day", "company_id"]
RECORD = "document_totals.json"  # in metadata/: month -> newest source mtime its rows came from
log = logging.getLogger(__name__)


def _month_scan(layout: LakeLayout, table: str, month: date, names: list[str]) -> pl.LazyFrame:
    path = layout.month_partition(STAR, table, month)
    if not path.exists():
        schema = {n: FACTS[table].column(n).dtype for n in names}
        return pl.LazyFrame(schema=schema)
    return pl.scan_parquet(path, hive_partitioning=False).select(names)


def month_totals(layout: LakeLayout, month: date) -> pl.DataFrame:
    """The aggregate's rows for one month, from its sources' month files as they are now."""
    orders = (
        _month_scan(layout, ORDERS, month, [*_KEY, "amount_total", "amount_tax"])
        .group_by(_KEY)
        .agg(
            pos_revenue_tax_in=pl.col("amount_total").sum(),
            pos_tax=pl.col("amount_tax").sum(),
            pos_orders=pl.len().cast(pl.Int64),
        )
    )
    invoices = (
        _month_scan(layout, INVOICES, month, [*_KEY, "move_id", "revenue_tax_in", "revenue_tax_ex"])
        .group_by(_KEY)
        .agg(
            invoice_revenue_tax_in=pl.col("revenue_tax_in").sum(),
            invoice_tax=(pl.col("revenue_tax_in") - pl.col("revenue_tax_ex")).sum(),
            invoices=pl.col("move_id").n_unique().cast(pl.Int64),
        )
    )
    # POS lines without any order of their company that day: Odoo's totals are unknown there
    unknown = (
        _month_scan(layout, LINES, month, _KEY)
        .unique()
        .join(orders.select(_KEY), on=_KEY, how="anti")
        .with_columns(pos_totals_unknown=pl.lit(True))
    )
    known_pos = ~pl.col("pos_totals_unknown")
    rows = (
        orders.join(invoices, on=_KEY, how="full", coalesce=True)
        .join(unknown, on=_KEY, how="full", coalesce=True)
        .with_columns(pl.col("pos_totals_unknown").fill_null(False))
        .with_columns(
            # no order that day is 0 of each; an unknown total stays unknown
            pl.when(known_pos).then(pl.col(c).fill_null(0)).alias(c)
            for c in ("pos_revenue_tax_in", "pos_tax", "pos_orders")
        )
        .with_columns(
            pl.col(c).fill_null(0) for c in ("invoice_revenue_tax_in", "invoice_tax", "invoices")
        )
        .sort(_KEY)
        .collect()
    )
    return conform(AGG_DOCUMENTS_DAILY, rows)


def _current(layout: LakeLayout) -> pl.DataFrame:
    path = layout.single_file(STAR, AGG_DOCUMENTS_DAILY.name)
    return pl.read_parquet(path) if path.exists() else empty_frame(AGG_DOCUMENTS_DAILY)


def _source_months(layout: LakeLayout, table: str) -> dict[date, Path]:
    folder = layout.layer(STAR) / table
    found = folder.glob(f"month=*/{DATA_FILE}") if folder.is_dir() else []
    return {date.fromisoformat(f"{p.parent.name[6:]}-01"): p for p in found}


def _source_stamp(layout: LakeLayout, month: date) -> int:
    """The newest modification time of the month's source files (0: it has none)."""
    paths = (layout.month_partition(STAR, table, month) for table in SOURCES)
    return max((p.stat().st_mtime_ns for p in paths if p.exists()), default=0)


def _record(layout: LakeLayout) -> dict[date, int]:
    """What each month's rows were computed from ({} without a totals file or a readable
    record: every month is then stale)."""
    if not layout.single_file(STAR, AGG_DOCUMENTS_DAILY.name).exists():
        return {}
    try:
        held = json.loads((layout.metadata / RECORD).read_text(encoding="utf-8"))
        return {date.fromisoformat(month): int(ns) for month, ns in held.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _write_record(layout: LakeLayout, record: dict[date, int]) -> None:
    text = json.dumps({m.isoformat(): ns for m, ns in sorted(record.items())}, indent=0)
    with atomic_path(layout.metadata / RECORD) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_totals(layout: LakeLayout, months: Iterable[date]) -> list[date]:
    """Rewrite the aggregate's rows of the months given from their sources as they are now (a
    month file of a source written, a lake upgrade, a repair), in one publish; returns those
    written. A month with an unreadable source file keeps its rows and stays stale: the run's
    repair republishes that file, which writes the month again."""
    record = _record(layout)
    fresh: dict[date, pl.DataFrame] = {}
    for month in sorted(set(months)):
        stamp = _source_stamp(layout, month)  # before reading: a later publish stays newer
        try:
            fresh[month] = month_totals(layout, month)
        except (pl.exceptions.PolarsError, OSError) as exc:
            log.warning("document totals of %s left stale: a source is unreadable (%s)", month, exc)
            continue
        record[month] = stamp
    if not fresh:
        return []
    kept = _current(layout).filter(~pl.col("day").dt.month_start().is_in(list(fresh)))
    rows = pl.concat([conform(AGG_DOCUMENTS_DAILY, kept), *fresh.values()])
    publish_frame(rows.sort(_KEY), layout.single_file(STAR, AGG_DOCUMENTS_DAILY.name))
    _write_record(layout, record)  # after the rows: a crash between the two only rewrites again
    return list(fresh)


def write_month_totals(layout: LakeLayout, month: date) -> None:
    """The aggregate's month after a month file of a source was published (lake/months.py)."""
    write_totals(layout, [month])


def stale_months(layout: LakeLayout) -> list[date]:
    """The months whose totals are missing or computed from older source files than they now
    are (a lake an older release wrote, a crash between the two publishes, a source that was
    unreadable), in calendar order."""
    record = _record(layout)
    months = {m for table in SOURCES for m in _source_months(layout, table)}
    return sorted(m for m in months if record.get(m) != _source_stamp(layout, m))
