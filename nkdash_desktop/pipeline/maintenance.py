"""Lake housekeeping behind `nkdash status`, `health`, `reset-lake` and `retention`: what the
lake holds, whether it is behind, and removing layers or old raw days safely (under the lock)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from nkdash_desktop import clock
from nkdash_desktop.datasets import DATASETS, get_dataset
from nkdash_desktop.i18n import translate
from nkdash_desktop.lake.layout import CLEAN, RAW, STAR, LakeLayout
from nkdash_desktop.lake.lock import WriterLock
from nkdash_desktop.lake.schema import DIMS
from nkdash_desktop.lake.state import DatasetState, Run, RunStatus, StateDB, status_words

LAYERS = {"raw": RAW, "clean": CLEAN, "star": STAR}


class MaintenanceError(ValueError):
    """Bad input to a housekeeping command; the message says what to fix."""


def parse_layers(text: str) -> list[str]:
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in LAYERS]
    if unknown or not names:
        raise MaintenanceError(
            translate("Errors", "unknown layer {layer}; the layers are: {layers}").format(
                layer=", ".join(unknown) or "(none)", layers=", ".join(LAYERS)
            )
        )
    return [LAYERS[n] for n in names]


def parse_age(text: str) -> timedelta:
    """'90d', '12w' or '6m' (30-day months)."""
    text = text.strip().lower()
    units = {"d": 1, "w": 7, "m": 30}
    if len(text) < 2 or text[-1] not in units or not text[:-1].isdigit() or int(text[:-1]) < 1:
        raise MaintenanceError(
            translate("Errors", "{text} is not an age; write it like 90d, 12w or 6m").format(
                text=repr(text)
            )
        )
    return timedelta(days=int(text[:-1]) * units[text[-1]])


def tables_of(dataset: str, layer: str) -> list[str]:
    """The lake tables a dataset owns in a layer."""
    ds = DATASETS[dataset]
    if layer == RAW:
        return [t.name for t in ds.tables]
    if ds.kind == "dimension":
        return list(DIMS)  # clean dimension snapshots and star dimensions share their names
    if layer == CLEAN:
        return [t.name for t in ds.clean_tables]
    return [f.name for f in ds.facts]


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


@dataclass
class LakeStatus:
    root: Path
    datasets: list[DatasetState]
    runs: list[Run]
    sizes: dict[str, int]  # layer -> bytes
    last_runs: dict[str, Run] = field(default_factory=dict)  # dataset -> newest run on it

    def behind(self, today: date) -> list[str]:
        """Daily datasets whose last complete day is before yesterday."""
        known = {s.dataset: s for s in self.datasets}
        out = []
        for name, ds in DATASETS.items():
            if ds.kind != "daily":
                continue
            st = known.get(name)
            if st is None or st.last_complete_day is None:
                out.append(translate("Cli", "{dataset}: never synced").format(dataset=name))
            elif st.last_complete_day < today - timedelta(days=1):
                out.append(
                    translate("Cli", "{dataset}: data only up to {day}").format(
                        dataset=name, day=st.last_complete_day
                    )
                )
        return out

    def failing(self) -> list[str]:
        """The latest runs failed (two in a row, or the latest with every partition failed)."""
        finished = [r for r in self.runs if r.status != RunStatus.RUNNING]
        if not finished or finished[0].status in (RunStatus.SUCCEEDED, RunStatus.CANCELLED):
            return []
        latest = finished[0]
        if latest.status == RunStatus.FAILED or (
            len(finished) > 1 and finished[1].status != RunStatus.SUCCEEDED
        ):
            said = translate("Cli", "run {id} ({trigger}) {status}: {error}")
            return [
                said.format(
                    id=latest.id, trigger=latest.trigger, status=status_words(latest.status),
                    error=latest.error,
                )
            ]  # fmt: skip
        return []


def lake_status(layout: LakeLayout, runs: int = 10) -> LakeStatus:
    layout.metadata.mkdir(parents=True, exist_ok=True)
    with StateDB(layout.metadata) as state:
        datasets, recent = state.dataset_states(), state.runs(limit=runs)
        last_runs = state.last_runs()
    sizes = {name: folder_size(layout.layer(layer)) for name, layer in LAYERS.items()}
    return LakeStatus(layout.root, datasets, recent, sizes, last_runs)


def reset_lake(
    layout: LakeLayout, layers: list[str], datasets: list[str] | None, owner: str = "cli"
) -> list[Path]:
    """Delete the chosen layers of the chosen datasets; returns the folders removed. When the
    star schema goes, the datasets' run state goes too, so the next sync rebuilds them."""
    names = [get_dataset(d).name for d in datasets] if datasets else list(DATASETS)
    removed: list[Path] = []
    layout.metadata.mkdir(parents=True, exist_ok=True)
    with WriterLock(layout.metadata, owner=owner, description="reset-lake"):
        for layer in layers:
            for name in names:
                for table in tables_of(name, layer):
                    folder = layout.root / layer / table
                    if folder.exists():
                        shutil.rmtree(folder)
                        removed.append(folder)
        if STAR in layers:
            with StateDB(layout.metadata) as state:
                for name in names:
                    state.forget(name)
    return removed


def apply_retention(
    layout: LakeLayout, older_than: timedelta, layers: list[str], owner: str = "cli"
) -> list[Path]:
    """Remove day partitions older than `older_than` from raw or clean (the star schema keeps
    its history: it is what the app shows). Returns the files removed."""
    if STAR in layers:
        raise MaintenanceError(
            translate(
                "Errors",
                "retention applies to the raw and clean layers; the star schema is the history "
                "the app shows (use reset-lake to remove it)",
            )
        )
    cutoff = clock.now().date() - older_than
    removed: list[Path] = []
    layout.metadata.mkdir(parents=True, exist_ok=True)
    with WriterLock(layout.metadata, owner=owner, description="retention"):
        for layer in layers:
            base = layout.layer(layer)
            if not base.exists():
                continue
            for table in sorted(p.name for p in base.iterdir() if p.is_dir()):
                for day in layout.days(layer, table):
                    if day < cutoff:
                        folder = layout.day_partition(layer, table, day).parent
                        shutil.rmtree(folder)
                        removed.append(folder)
    return removed
