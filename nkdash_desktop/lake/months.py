"""Facts stored one file per month, sorted by day: few files for fast queries, while the day
stays the unit of (re)load.

Replacing days rewrites each touched month file once: read it, drop those days, add their new
rows, sort, and publish the file (atomic replace, plus an immutable version for the catalog: see
versions.py). A crash at any point leaves the previous complete month file; readers see the old
month or the new one, never a mix. Writers are serialised by the caller (one load at a time).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import polars as pl

from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.lake.schema import TableContract, conform, empty_frame
from nkdash_desktop.lake.versions import publish_frame


def month_of(day: date) -> date:
    return day.replace(day=1)


def by_month(days: Iterable[date]) -> dict[date, list[date]]:
    """Days grouped by their month, both in calendar order."""
    months: dict[date, list[date]] = defaultdict(list)
    for day in sorted(set(days)):
        months[month_of(day)].append(day)
    return dict(months)


def _in_order(frame: pl.DataFrame, keys: tuple[str, ...]) -> bool:
    """Whether rows are already in `keys` order (a null key counts as out of order)."""
    if frame.height < 2:
        return True
    ordered = pl.col(keys[-1]) >= pl.col(keys[-1]).shift(1)
    for key in reversed(keys[:-1]):
        ahead, prev = pl.col(key), pl.col(key).shift(1)
        ordered = (ahead > prev) | ((ahead == prev) & ordered)
    return bool(frame.select(ordered.slice(1).fill_null(False).all()).item())


def sort_rows(frame: pl.DataFrame, keys: tuple[str, ...]) -> pl.DataFrame:
    """Rows in `keys` order. The month file and each new day arrive already sorted, so a stable
    sort on the first key (day) usually finishes the job: checked, else a full sort."""
    by_day = frame.sort(keys[0], maintain_order=True)
    return by_day if _in_order(by_day, keys) else frame.sort(keys, nulls_last=True)


def _kept_rows(
    layout: LakeLayout, fact: TableContract, month: date, replaced: list[date]
) -> pl.DataFrame:
    """The rows of a month file outside the replaced days (the filter is pushed into the
    Parquet reader, so replaced rows are not decoded in full)."""
    path = layout.month_partition(STAR, fact.name, month)
    if not path.exists():
        return empty_frame(fact)
    scan = pl.scan_parquet(path, hive_partitioning=False)
    return conform(fact, scan.filter(~pl.col("day").is_in(replaced)).collect())


def replace_days(
    layout: LakeLayout, fact: TableContract, days: Iterable[date], rows: pl.DataFrame
) -> int:
    """Make `rows` the whole content of `days` in `fact`; returns the rows written.

    Every row must fall on one of `days`; a day without rows becomes empty (its month file
    stays, so a file never disappears under a reader)."""
    months = by_month(days)
    wanted = [d for month_days in months.values() for d in month_days]
    rows = conform(fact, rows)
    stray = rows.filter(~pl.col("day").is_in(wanted))
    if stray.height:
        raise ValueError(
            f"{fact.name}: {stray.height} row(s) fall outside the days being replaced "
            f"(e.g. {stray['day'][0]})"
        )
    for month, month_days in months.items():
        kept = _kept_rows(layout, fact, month, month_days)
        new = rows.filter(pl.col("day").is_in(month_days)) if len(months) > 1 else rows
        merged = sort_rows(pl.concat([kept, new]), fact.sort_by)
        publish_frame(merged, layout.month_partition(STAR, fact.name, month))
    return rows.height
