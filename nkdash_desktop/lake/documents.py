"""agg_documents_daily: Odoo's document totals per day and company, kept beside their sources.

A click on a year of all companies needs each day's POS order totals, invoice totals and the
days whose order totals are unknown: read from the facts, that is millions of orders and tens
of millions of lines a click; from this table, a few thousand rows.

It is derived month by month: every time the writer publishes a month file of a source
(`SOURCES`), `write_month_totals` rewrites the same month of the aggregate from the sources'
files as they now are (lake/months.py calls it), so whatever writes them (a day's load, a
backfill, a lake upgrade, a repair) keeps it equal to them. A month can only be stale after a
crash between a source's publish and the aggregate's (or on a lake an older release wrote, which
has none): `stale_months` finds those by the files' modification times, and the lake upgrade
(pipeline/upgrade.py) rewrites them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import polars as pl

from nkdash_desktop.lake.layout import DATA_FILE, STAR, LakeLayout
from nkdash_desktop.lake.schema import AGG_DOCUMENTS_DAILY, FACTS, conform
from nkdash_desktop.lake.versions import publish_frame

ORDERS, INVOICES, LINES = "fact_pos_orders", "fact_invoice_sales", "fact_sales"
SOURCES = (ORDERS, INVOICES, LINES)
_KEY = ["day", "company_id"]


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


def write_month_totals(layout: LakeLayout, month: date) -> pl.DataFrame:
    """Rewrite the aggregate's month from its sources (atomically, like every month file)."""
    rows = month_totals(layout, month)
    publish_frame(rows, layout.month_partition(STAR, AGG_DOCUMENTS_DAILY.name, month))
    return rows


def _months(layout: LakeLayout, table: str) -> dict[date, Path]:
    folder = layout.layer(STAR) / table
    found = folder.glob(f"month=*/{DATA_FILE}") if folder.is_dir() else []
    return {date.fromisoformat(f"{p.parent.name[6:]}-01"): p for p in found}


def _mtime_ns(path: Path) -> int:
    return os.stat(path).st_mtime_ns


def stale_months(layout: LakeLayout) -> list[date]:
    """The months whose aggregate is missing or older than a month file of its sources (a lake
    an older release wrote, a crash between the two publishes), in calendar order."""
    written = _months(layout, AGG_DOCUMENTS_DAILY.name)
    newest: dict[date, int] = {}
    for table in SOURCES:
        for month, path in _months(layout, table).items():
            newest[month] = max(newest.get(month, 0), _mtime_ns(path))
    return sorted(
        month
        for month, source_ns in newest.items()
        if month not in written or source_ns > _mtime_ns(written[month])
    )


def write_totals(layout: LakeLayout, months: Iterable[date]) -> list[date]:
    """Rewrite the aggregate's months given (a lake upgrade, a repair); returns them."""
    done = sorted(set(months))
    for month in done:
        write_month_totals(layout, month)
    return done
