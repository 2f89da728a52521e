"""Clean: raw -> clean, one (dataset, business day) at a time, plus the dimension snapshots.

Each dataset's cleaner is a pure frame function (one module per dataset); this module reads the
raw partition, checks the result against the lake's contracts and writes every clean table of
the day atomically.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import polars as pl

from nkdash_desktop.i18n import translate
from nkdash_desktop.lake.files import write_frame
from nkdash_desktop.lake.layout import CLEAN, RAW, LakeLayout
from nkdash_desktop.lake.schema import (
    CLEAN_TABLES,
    DIMS,
    TableContract,
    clean_dimension,
    conform,
)
from nkdash_desktop.pipeline.clean import (
    inventory_moves,
    invoice_sales,
    pos_lines,
    purchases,
    stock_quants,
)
from nkdash_desktop.pipeline.clean.base import DayCleaner, RawDay
from nkdash_desktop.pipeline.clean.common import without_nul
from nkdash_desktop.pipeline.clean.dimensions import BUILDERS, build_dimension
from nkdash_desktop.pipeline.datasets import DATASETS, get_dataset

log = logging.getLogger(__name__)

CLEANERS: dict[str, DayCleaner] = {
    "pos_lines": pos_lines.CLEANER,
    "invoice_sales": invoice_sales.CLEANER,
    "purchases": purchases.CLEANER,
    "inventory_moves": inventory_moves.CLEANER,
    "stock_quants": stock_quants.CLEANER,
}


class MissingRawDataError(FileNotFoundError):
    """The raw layer lacks a partition or snapshot the clean step needs."""


def clean_tables_of(dataset: str) -> list[TableContract]:
    return [t for t in CLEAN_TABLES.values() if t.dataset == dataset]


def _raw_day(layout: LakeLayout, dataset: str, table: str, day: date) -> pl.DataFrame:
    path = layout.day_partition(RAW, table, day)
    if not path.exists():
        raise MissingRawDataError(
            translate(
                "Errors",
                "{dataset} for {day} has not been extracted: the raw partition {table} is "
                "missing ({path}); extract that day before cleaning it.",
            ).format(dataset=dataset, day=day, table=table, path=path)
        )
    return pl.read_parquet(path)


def _raw_snapshot(layout: LakeLayout, table: str) -> pl.DataFrame | None:
    path = layout.snapshot(RAW, table)
    return pl.read_parquet(path) if path.exists() else None


def _write(layout: LakeLayout, table: TableContract, frame: pl.DataFrame, path: Path) -> int:
    frame = without_nul(conform(table, frame)).sort(table.sort_by, nulls_last=True)
    write_frame(frame, path, statistics=False)
    return frame.height


def clean_day(layout: LakeLayout, dataset_name: str, day: date, timezone: str) -> dict[str, int]:
    """Clean one business day of a dataset; returns rows written per clean table.

    Every clean table of the day is rewritten (an empty raw day gives typed empty files).
    Raises MissingRawDataError when the day was not extracted."""
    dataset = get_dataset(dataset_name)
    cleaner = CLEANERS.get(dataset.name)
    if cleaner is None:
        raise ValueError(f"{dataset.name} has no daily partitions: use clean_dimensions()")
    raw = RawDay(
        day,
        timezone,
        {t.name: _raw_day(layout, dataset.name, t.name, day) for t in dataset.tables},
        {name: _raw_snapshot(layout, name) for name in cleaner.snapshots},
    )
    frames = cleaner.clean(raw)
    rows: dict[str, int] = {}
    for table in clean_tables_of(dataset.name):
        rows[table.name] = _write(
            layout, table, frames[table.name], layout.day_partition(CLEAN, table.name, day)
        )
    log.info("cleaned %s %s: %s", dataset.name, day, rows)
    return rows


def clean_dimensions(layout: LakeLayout) -> dict[str, int]:
    """Clean every dimension snapshot; returns rows written per clean dimension.

    A dimension whose Odoo model may be absent (brands, employees) is skipped when it was not
    extracted; any other missing snapshot raises MissingRawDataError."""
    specs = {t.name: t for t in DATASETS["dimensions"].tables}
    snapshots = {name: _raw_snapshot(layout, name) for name in specs}
    missing = [n for n, s in snapshots.items() if s is None and not specs[n].requires_model]
    if missing:
        raise MissingRawDataError(
            translate(
                "Errors",
                "the dimensions have not been extracted: no raw snapshot of {tables}; extract "
                "the dimensions before cleaning them.",
            ).format(tables=", ".join(missing))
        )
    rows: dict[str, int] = {}
    for builder in BUILDERS:
        if snapshots[builder.table] is None:
            log.info("no %s on this Odoo: %s left out", builder.table, builder.dimension)
            continue
        table = clean_dimension(DIMS[builder.dimension])
        frame = build_dimension(builder, snapshots)
        rows[table.name] = _write(layout, table, frame, layout.snapshot(CLEAN, table.name))
    return rows


__all__ = ["CLEANERS", "MissingRawDataError", "clean_day", "clean_dimensions", "clean_tables_of"]
