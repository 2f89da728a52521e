"""Facts stored one file per month, sorted by day: few files for fast queries, while the day
stays the unit of (re)load.

Replacing days rewrites each touched month file once: read it, drop those days, add their new
rows, sort, and publish the file (atomic replace, plus an immutable version for the catalog: see
versions.py). A crash at any point leaves the previous complete month file; readers see the old
month or the new one, never a mix. Writers are serialised by the caller (one load at a time).
Derived facts (profit) may replace only some rows of a day: `replace_rows` with key columns.

The largest profit facts are stored per company (storage "month_company":
month=YYYY-MM/company=N/data.parquet), so a change of one company's costs rewrites that
company's share of a month, not the month of every shop. A month written by an older release
as one file is read as it is and split into company files the first time it is rewritten.

A month of Odoo's document totals' sources rewrites that month of agg_documents_daily right
after it (documents.py), whoever writes it.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date
from pathlib import Path

import polars as pl

from nkdash_desktop.lake import documents
from nkdash_desktop.lake.layout import DATA_FILE, STAR, LakeLayout
from nkdash_desktop.lake.schema import TableContract, conform, empty_frame
from nkdash_desktop.lake.versions import VERSION_PREFIX, publish_frame


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
    """Rows in `keys` order. Frames often arrive sorted (checked first, the cheapest), and a
    month file plus new days usually only need a stable sort on the first key (day): checked,
    else a full sort."""
    if _in_order(frame, keys):
        return frame
    by_day = frame.sort(keys[0], maintain_order=True)
    return by_day if _in_order(by_day, keys) else frame.sort(keys, nulls_last=True)


def _month_folder(layout: LakeLayout, fact: TableContract, month: date) -> Path:
    return layout.month_partition(STAR, fact.name, month).parent


def company_files(layout: LakeLayout, fact: TableContract, month: date) -> dict[int, Path]:
    """A per-company fact's files of a month, by company id."""
    folder = _month_folder(layout, fact, month)
    found = {}
    for path in folder.glob(f"company=*/{DATA_FILE}"):
        with contextlib.suppress(ValueError):
            found[int(path.parent.name[8:])] = path
    return dict(sorted(found.items()))


def month_files(
    layout: LakeLayout, fact: TableContract, month: date, companies: Collection[int] | None = None
) -> list[Path]:
    """The files holding a month of `fact` (those of `companies` only, when given and the
    month is stored per company). A per-company fact's month still in one file (written by
    an older release) is that file."""
    single = layout.month_partition(STAR, fact.name, month)
    if fact.by_company:
        files = company_files(layout, fact, month)
        if files:
            return [p for c, p in files.items() if companies is None or c in companies]
    return [single] if single.exists() else []


def fact_months(layout: LakeLayout, fact: TableContract) -> list[date]:
    """The months that have a file, in calendar order."""
    folder = layout.layer(STAR) / fact.name
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob("month=*") if (p / DATA_FILE).exists()]
    if fact.by_company:
        found += [p for p in folder.glob("month=*") if any(p.glob(f"company=*/{DATA_FILE}"))]
    return sorted({date.fromisoformat(f"{p.name[6:]}-01") for p in found})


def scan_fact(
    layout: LakeLayout,
    fact: TableContract,
    months: Iterable[date] | None = None,
    companies: Collection[int] | None = None,
) -> pl.LazyFrame:
    """A lazy scan over a fact's month files (all, or those of `months` that exist; of
    `companies` only, when given), typed by the contract; an empty typed frame when there is
    none. Filters push into the readers."""
    wanted = fact_months(layout, fact)
    if months is not None:
        keep = {month_of(m) for m in months}
        wanted = [m for m in wanted if m in keep]
    paths = [p for m in wanted for p in month_files(layout, fact, m, companies)]
    if not paths:
        return empty_frame(fact).lazy()
    scan = pl.scan_parquet(paths, hive_partitioning=False)
    if companies is not None and "company_id" in fact.names:  # a month still in one file
        scan = scan.filter(pl.col("company_id").is_in(list(companies)))
    return scan


def _kept_rows(
    fact: TableContract,
    path: Path,
    replaced: list[date],
    keys: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The rows of a month file outside the replaced days and keys (the day filter is pushed
    into the Parquet reader, so replaced rows are not decoded in full)."""
    if not path.exists():
        return empty_frame(fact)
    scan = pl.scan_parquet(path, hive_partitioning=False)
    if replaced:
        scan = scan.filter(~pl.col("day").is_in(replaced))
    if keys is not None and keys.height:
        scan = scan.join(keys.lazy(), on=keys.columns, how="anti", maintain_order="left")
    kept = scan.collect()
    # nothing kept needs no shape: a lake upgrade replaces every day of an older-shaped file
    return conform(fact, kept) if kept.height else empty_frame(fact)


def _drop_single_file(layout: LakeLayout, fact: TableContract, month: date) -> None:
    """Remove a per-company fact's month file of an older release (and its versions), once
    its rows are in company files: readers then take the company files."""
    single = layout.month_partition(STAR, fact.name, month)
    single.unlink(missing_ok=True)
    for version in single.parent.glob(f"{VERSION_PREFIX}*.parquet"):
        version.unlink(missing_ok=True)


def _publish_by_company(
    layout: LakeLayout, fact: TableContract, month: date, rows: pl.DataFrame, also: Iterable[int]
) -> None:
    """Publish `rows` (sorted) as the content of their companies' files of the month, and
    empty files for the companies in `also` without rows; an older single month file goes."""
    parts = rows.partition_by("company_id", as_dict=True, maintain_order=True)
    own = {key[0]: part for key, part in parts.items()}
    for company in sorted(set(own) | set(also)):
        frame = own.get(company, empty_frame(fact))
        publish_frame(frame, layout.company_partition(STAR, fact.name, month, company))
    if own or also:
        _drop_single_file(layout, fact, month)
    elif layout.month_partition(STAR, fact.name, month).exists():  # nothing: empty it
        publish_frame(empty_frame(fact), layout.month_partition(STAR, fact.name, month))


def _split_single_file(layout: LakeLayout, fact: TableContract, month: date) -> None:
    """A per-company fact's month still in one file becomes company files (same rows)."""
    single = layout.month_partition(STAR, fact.name, month)
    if single.exists() and not company_files(layout, fact, month):
        rows = _kept_rows(fact, single, [])
        _publish_by_company(layout, fact, month, sort_rows(rows, fact.sort_by), ())


def _replace_by_company(
    layout: LakeLayout,
    fact: TableContract,
    month: date,
    rows: pl.DataFrame,
    replaced: list[date],
    keys: pl.DataFrame | None,
) -> pl.DataFrame:
    """replace_rows of a per-company fact: only the files of the companies concerned (every
    company of the month for whole days, else those of the rows and keys)."""
    _split_single_file(layout, fact, month)
    existing = company_files(layout, fact, month)
    companies = set(rows["company_id"].unique().drop_nulls().to_list())
    keyed = keys is not None and keys.height > 0
    if replaced or (keyed and "company_id" not in keys.columns):  # type: ignore[union-attr]
        companies |= set(existing)
    elif keyed:
        companies |= set(keys["company_id"].unique().to_list())  # type: ignore[index]
    merged = []
    for company in sorted(companies):
        path = layout.company_partition(STAR, fact.name, month, company)
        own_keys = keys
        if keys is not None and "company_id" in keys.columns:
            own_keys = keys.filter(pl.col("company_id") == company)
        kept = _kept_rows(fact, path, replaced, own_keys)
        new = rows.filter(pl.col("company_id") == company)
        content = sort_rows(pl.concat([kept, new]), fact.sort_by)
        publish_frame(content, path)
        merged.append(content)
    return pl.concat(merged) if merged else empty_frame(fact)


def replace_rows(
    layout: LakeLayout,
    fact: TableContract,
    month: date,
    rows: pl.DataFrame,
    *,
    days: Iterable[date] = (),
    keys: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Rewrite one month file: `rows` replace every row of `days` and every row matching
    `keys` (a frame of key columns, `day` among them, e.g. day + product_id); returns the
    month's new content (of a per-company fact: the content of the companies rewritten). Rows
    outside `days` and `keys` raise ValueError."""
    replaced = sorted(set(days))
    rows = conform(fact, rows)
    stray = rows.filter(~pl.col("day").is_in(replaced))
    if keys is not None and keys.height:
        stray = stray.join(keys, on=keys.columns, how="anti")
    if stray.height:
        raise ValueError(
            f"{fact.name}: {stray.height} row(s) fall outside what is being replaced "
            f"(e.g. day {stray['day'][0]})"
        )
    if fact.by_company:
        return _replace_by_company(layout, fact, month, rows, replaced, keys)
    path = layout.month_partition(STAR, fact.name, month)
    kept = _kept_rows(fact, path, replaced, keys)
    merged = sort_rows(pl.concat([kept, rows]), fact.sort_by)
    _publish(layout, fact, month, merged)
    return merged


def write_month(
    layout: LakeLayout, fact: TableContract, month: date, rows: pl.DataFrame
) -> pl.DataFrame:
    """Publish `rows` as the whole content of a month file (a rebuild); returns it sorted.
    Rows of another month raise ValueError."""
    rows = conform(fact, rows)
    stray = rows.filter(pl.col("day").dt.month_start() != month_of(month))
    if stray.height:
        raise ValueError(
            f"{fact.name}: {stray.height} row(s) fall outside {month:%Y-%m} "
            f"(e.g. day {stray['day'][0]})"
        )
    rows = sort_rows(rows, fact.sort_by)
    if fact.by_company:  # every company file of the month is replaced: stale ones emptied
        stale = company_files(layout, fact, month_of(month))
        _publish_by_company(layout, fact, month_of(month), rows, stale)
        return rows
    _publish(layout, fact, month_of(month), rows)
    return rows


def _publish(layout: LakeLayout, fact: TableContract, month: date, rows: pl.DataFrame) -> None:
    publish_frame(rows, layout.month_partition(STAR, fact.name, month))
    if fact.name in documents.SOURCES:  # the document totals follow their sources
        documents.write_month_totals(layout, month)


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
        new = rows.filter(pl.col("day").is_in(month_days)) if len(months) > 1 else rows
        replace_rows(layout, fact, month, new, days=month_days)
    return rows.height
