"""Load: clean -> star schema. Facts go into their month files, one (dataset, day) or many days
at once; dimensions are published whole."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date

import polars as pl

from nkdash_desktop.datasets import DATASETS, Dataset
from nkdash_desktop.lake.layout import CLEAN, STAR, LakeLayout
from nkdash_desktop.lake.months import by_month, replace_days
from nkdash_desktop.lake.schema import (
    DIMS,
    clean_dimension,
    conform,
    empty_frame,
)
from nkdash_desktop.lake.versions import publish_frame

log = logging.getLogger(__name__)


class MissingCleanDataError(FileNotFoundError):
    """The clean layer lacks a partition or snapshot the load step needs."""


def _require_cleaned(layout: LakeLayout, dataset: Dataset, days: list[date]) -> None:
    for fact in dataset.facts:
        for day in days:
            path = layout.day_partition(CLEAN, fact.source, day)
            if not path.exists():
                raise MissingCleanDataError(
                    f"{dataset.name} for {day} has not been cleaned: the clean partition "
                    f"{fact.source} is missing ({path}); clean that day before loading it."
                )


def load_days(
    layout: LakeLayout, dataset: Dataset, days: Iterable[date], clear: Iterable[date] = ()
) -> dict[str, int]:
    """Load many days of a dataset into its facts, rewriting each touched month file once
    (backfills); returns rows loaded per fact. A day that was not cleaned raises
    MissingCleanDataError before anything is written. The `clear` days lose their rows in the
    same rewrite (a lake upgrade's days whose raw is lost: rows of an older shape must not stay
    beside the new ones, or no month file of theirs could be rewritten again)."""
    if not dataset.facts:
        raise ValueError(f"{dataset.name} has no facts to load")
    days, clear = sorted(set(days)), sorted(set(clear) - set(days))
    _require_cleaned(layout, dataset, days)
    rows: dict[str, int] = {}
    for fact in dataset.facts:
        rows[fact.name] = 0
        for month_days in by_month([*days, *clear]).values():
            loaded = [d for d in month_days if d not in clear]
            # one read over the month's day files: Polars reads them in parallel
            paths = [layout.day_partition(CLEAN, fact.source, day) for day in loaded]
            new = (
                pl.read_parquet(paths, columns=fact.names, hive_partitioning=False)
                if paths
                else empty_frame(fact)
            )
            rows[fact.name] += replace_days(layout, fact, month_days, new)
    log.info("loaded %s, %d day(s), %d cleared: %s", dataset.name, len(days), len(clear), rows)
    return rows


def load_day(layout: LakeLayout, dataset: Dataset, day: date) -> dict[str, int]:
    """Load one business day of a dataset into its facts, replacing that day's rows."""
    return load_days(layout, dataset, [day])


def load_dimensions(layout: LakeLayout) -> dict[str, int]:
    """Publish every clean dimension snapshot to star-schema/<dim>/data.parquet.

    A dimension whose Odoo model may be absent (brands, employees) is skipped when it has no
    clean snapshot; any other missing snapshot raises MissingCleanDataError."""
    optional = {t.name for t in DATASETS["dimensions"].tables if t.requires_model}
    rows: dict[str, int] = {}
    for dim in DIMS.values():
        clean = clean_dimension(dim)
        path = layout.snapshot(CLEAN, clean.name)
        if not path.exists():
            if clean.name in optional:
                continue
            raise MissingCleanDataError(
                f"the dimension {clean.name} has not been cleaned ({path}); clean the "
                "dimensions before loading them."
            )
        frame = conform(dim, pl.read_parquet(path))
        publish_frame(frame, layout.single_file(STAR, dim.name))
        rows[dim.name] = frame.height
    return rows
