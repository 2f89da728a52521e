"""Clean: raw -> clean, one (dataset, business day) at a time, plus the dimension snapshots.

Each dataset's cleaner is a pure frame function declared in its module (`datasets/<name>.py`);
this module reads the raw partition, checks the result against the dataset's clean contracts and
writes every clean table of the day atomically.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import polars as pl

from nkdash_desktop.datasets import DATASETS, Dataset, RawDay
from nkdash_desktop.datasets.frames import without_nul
from nkdash_desktop.i18n import translate
from nkdash_desktop.lake.files import write_frame
from nkdash_desktop.lake.layout import CLEAN, RAW, LakeLayout
from nkdash_desktop.lake.schema import DIMS, TableContract, clean_dimension, conform
from nkdash_desktop.pipeline.clean.dimensions import BUILDERS, build_dimension

log = logging.getLogger(__name__)


class MissingRawDataError(FileNotFoundError):
    """The raw layer lacks a partition or snapshot the clean step needs."""


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


def clean_day(layout: LakeLayout, dataset: Dataset, day: date, timezone: str) -> dict[str, int]:
    """Clean one business day of a dataset; returns rows written per clean table.

    Every clean table of the day is rewritten (an empty raw day gives typed empty files).
    Raises MissingRawDataError when the day was not extracted."""
    if dataset.clean is None:
        raise ValueError(f"{dataset.name} has no daily partitions: use clean_dimensions()")
    raw = RawDay(
        day,
        timezone,
        {t.name: _raw_day(layout, dataset.name, t.name, day) for t in dataset.tables},
        {name: _raw_snapshot(layout, name) for name in dataset.snapshots},
    )
    frames = dataset.clean(raw)
    rows: dict[str, int] = {}
    for table in dataset.clean_tables:
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


__all__ = ["MissingRawDataError", "clean_day", "clean_dimensions"]
