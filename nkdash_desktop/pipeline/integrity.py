"""Corrupt Parquet files: detected, moved aside (quarantined, never deleted), and rebuilt from
the layer below.

- a star-schema month file is rebuilt from the clean days of that month;
- a star dimension from the clean snapshots;
- a clean day from its raw day (or, without one, re-extracted by the next run);
- a raw day or snapshot is re-extracted by the next run: its partition is recorded as failed,
  and every sync retries failed partitions.
A full scan reads every file completely: `nkdash verify-lake` runs it on demand; the runner
repairs a month on the spot when loading into it fails because it is unreadable.
"""

from __future__ import annotations

import logging
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow.parquet as pq

from nkdash_desktop.datasets import DATASETS, Dataset
from nkdash_desktop.i18n import translate
from nkdash_desktop.lake import documents
from nkdash_desktop.lake.layout import CLEAN, RAW, STAR, LakeLayout
from nkdash_desktop.lake.schema import AGG_DOCUMENTS_DAILY, CLEAN_TABLES, DIMS, FACTS
from nkdash_desktop.lake.state import PartitionStatus, RunStatus, StateDB, Trigger
from nkdash_desktop.pipeline.clean import clean_day, clean_dimensions
from nkdash_desktop.pipeline.load import load_days, load_dimensions

log = logging.getLogger(__name__)
QUARANTINE = "quarantine"


def unreadable(path: Path) -> str | None:
    """Why a Parquet file cannot be read in full, or None when it can."""
    try:
        pq.ParquetFile(path).read()
    except Exception as exc:  # Arrow raises several types for torn and corrupt files
        return f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
    return None


def quarantine(layout: LakeLayout, path: Path) -> Path:
    """Move a bad file under <root>/quarantine/<stamp>/<same relative path>."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    dest = layout.root / QUARANTINE / stamp / path.relative_to(layout.root)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(path), dest)
    log.warning("quarantined corrupt file %s -> %s", path, dest)
    return dest


@dataclass
class RepairReport:
    corrupt: dict[Path, str] = field(default_factory=dict)  # file -> why
    quarantined: list[Path] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)  # what was rebuilt, in words
    to_extract: list[tuple[str, date | None]] = field(default_factory=list)  # next run's job

    def lines(self) -> list[str]:
        if not self.corrupt:
            return [translate("Runs", "every file of the lake reads in full")]
        corrupt = translate("Runs", "corrupt: {path} ({reason})")
        rebuilt = translate("Runs", "rebuilt: {what}")
        again = translate("Runs", "re-extract next run: {dataset} {day}")
        snapshot = translate("Runs", "snapshot")
        out = [corrupt.format(path=p, reason=why) for p, why in self.corrupt.items()]
        out += [rebuilt.format(what=what) for what in self.rebuilt]
        out += [again.format(dataset=d, day=day or snapshot) for d, day in self.to_extract]
        return out


def _lake_files(layout: LakeLayout) -> list[Path]:
    files: list[Path] = []
    for layer in (RAW, CLEAN, STAR):
        base = layout.layer(layer)
        if base.exists():
            files += [p for p in base.rglob("*.parquet") if not p.name.startswith(".")]
    return sorted(files)


def scan(layout: LakeLayout) -> dict[Path, str]:
    return {p: why for p in _lake_files(layout) if (why := unreadable(p))}


def _raw_owner(table: str) -> str | None:
    return next((d.name for d in DATASETS.values() if table in {t.name for t in d.tables}), None)


def _day_of(path: Path) -> date | None:
    part = path.parent.name
    return date.fromisoformat(part[4:]) if part.startswith("day=") else None


def rebuild_month(layout: LakeLayout, fact_name: str, month: date, timezone: str) -> str:
    """Reload a star month from its clean days (re-cleaning a clean day that is unreadable)."""
    fact = FACTS[fact_name]
    dataset = DATASETS[CLEAN_TABLES[fact.source].dataset]
    days = [
        d for d in layout.days(CLEAN, fact.source) if (d.year, d.month) == (month.year, month.month)
    ]
    for day in days:
        if unreadable(layout.day_partition(CLEAN, fact.source, day)):
            clean_day(layout, dataset, day, timezone)
    if days:
        load_days(layout, dataset, days)
    return f"{fact_name} {month:%Y-%m} from {len(days)} clean days"


def clear_derived(layout: LakeLayout) -> str:
    """Remove every table not loaded from a clean table (profit, costs, the cost look-back):
    a month of one cannot be rebuilt on its own, and a lake without them gets them whole
    from the next run's profit step (a full rebuild, the look-back read again). The document
    totals are rebuilt month by month instead (see `repair`)."""
    for name, fact in FACTS.items():
        if not fact.source and name != AGG_DOCUMENTS_DAILY.name:
            shutil.rmtree(layout.layer(STAR) / name, ignore_errors=True)
    return "profit and cost tables: rebuilt whole by the next run"


def repair(
    layout: LakeLayout, timezone: str, corrupt: dict[Path, str] | None = None
) -> RepairReport:
    """Quarantine every corrupt file (of a full scan, or those given) and rebuild what the
    layers below allow; the caller holds the writer lock."""
    report = RepairReport(corrupt=dict(corrupt if corrupt is not None else scan(layout)))
    raw_days: set[tuple[str, date | None]] = set()
    clean_days: dict[str, set[date]] = defaultdict(set)  # dataset name -> days
    months: set[tuple[str, date]] = set()
    dims = derived = False
    for path in report.corrupt:
        report.quarantined.append(quarantine(layout, path))
        layer, table = path.relative_to(layout.root).parts[:2]
        day = _day_of(path)
        if layer == RAW:
            owner = _raw_owner(table)
            if owner:
                raw_days.add((owner, day))
        elif layer == CLEAN:
            if table in CLEAN_TABLES and day:
                clean_days[CLEAN_TABLES[table].dataset].add(day)
            else:
                dims = True
        elif table in DIMS:
            dims = True
        elif table == AGG_DOCUMENTS_DAILY.name:
            pass  # gone now: every month of it is stale, rewritten below from its sources
        elif table in FACTS and not FACTS[table].source:
            derived = True
        elif table in FACTS and path.parent.name.startswith("month="):
            months.add((table, date.fromisoformat(path.parent.name[6:] + "-01")))
    for dataset, day in sorted(raw_days, key=lambda x: (x[0], x[1] or date.min)):
        report.to_extract.append((dataset, day))
    for name, days in clean_days.items():
        dataset = DATASETS[name]
        for day in sorted(days):
            if (dataset.name, day) in raw_days:
                continue  # its raw day is gone too: the next run re-extracts and re-cleans
            try:
                clean_day(layout, dataset, day, timezone)
                report.rebuilt.append(f"clean {dataset.name} {day} from raw")
            except FileNotFoundError:
                report.to_extract.append((dataset.name, day))
        for fact in dataset.facts:
            months |= {(fact.name, d.replace(day=1)) for d in days}
    if dims:
        try:
            clean_dimensions(layout)
            load_dimensions(layout)
            report.rebuilt.append("dimensions from the raw snapshots")
        except FileNotFoundError:
            report.to_extract.append(("dimensions", None))
    for fact_name, month in sorted(months):
        report.rebuilt.append(rebuild_month(layout, fact_name, month, timezone))
    # the document totals of every month touched or stale, from its sources as they are now (a
    # source month without clean days to rebuild it from is gone until a run loads it again)
    touched = {m for t, m in months if t in documents.SOURCES}
    if written := documents.write_totals(layout, touched | set(documents.stale_months(layout))):
        what = f"{AGG_DOCUMENTS_DAILY.name}: {len(written)} months from their sources"
        report.rebuilt.append(what)
    if derived:
        report.rebuilt.append(clear_derived(layout))
    if report.to_extract:
        _record_for_retry(layout, report.to_extract)
    return report


def _record_for_retry(layout: LakeLayout, partitions: list[tuple[str, date | None]]) -> None:
    """Failed partitions are what the next sync retries: record the lost raw days as such."""
    with StateDB(layout.metadata) as state:
        run_id = state.start_run(Trigger.REPAIR, {"repair": True})
        for dataset, day in partitions:
            state.record_partition(
                run_id,
                dataset,
                day,
                "load",
                PartitionStatus.FAILED,
                error="corrupt file quarantined",
            )
        state.finish_run(
            run_id, RunStatus.PARTIAL, error=f"{len(partitions)} partitions to re-extract"
        )


def corrupt_months(layout: LakeLayout, dataset: Dataset, days: list[date]) -> dict[Path, str]:
    """The unreadable star month files a load of these days would rewrite."""
    found: dict[Path, str] = {}
    for fact in dataset.facts:
        for month in {d.replace(day=1) for d in days}:
            path = layout.month_partition(STAR, fact.name, month)
            if path.exists() and (why := unreadable(path)):
                found[path] = why
    return found
