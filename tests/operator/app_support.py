"""What the tray, wizard and single-instance tests share: a fresh lake on the demo Odoo, and
an app context on it (the demo's key in memory, settings never saved)."""

from __future__ import annotations

from pathlib import Path

import demo_lake

# WebEngine must be imported before pytest-qt creates the QApplication (the main window uses it)
import PySide6.QtWebEngineWidgets  # noqa: F401

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.lake.files import TEMP_PREFIX
from nkdash_desktop.lake.layout import RAW, LakeLayout
from nkdash_desktop.lake.state import StateDB
from nkdash_desktop.ui.runtime.context import AppContext

RUN_MS = 120_000  # a real backfill of a few demo days, on a loaded CI machine


def demo_context(root: Path, url: str | None = None) -> AppContext:
    """The app on the lake at `root`, connected to the demo Odoo (or to `url`)."""
    srv = demo_lake.server()
    settings = demo_lake.settings_for(root, srv, url=url)
    return AppContext(settings, demo_lake.DEMO_KEY)


def nothing_half_written(root: Path, run_id: int) -> None:
    """No temp file left; every raw day partition on disk belongs to a day whose extract
    succeeded; no partition of the run is left running."""
    assert not [p for p in root.rglob(f"{TEMP_PREFIX}*")], "temp files left behind"
    layout = LakeLayout(root)
    with StateDB(layout.metadata) as state:
        records = state.partitions(run_id)
    assert all(r.status != "running" for r in records), "a partition was left running"
    ok = {(r.dataset, r.day) for r in records if r.stage == "extract" and r.status == "succeeded"}
    for name, dataset in DATASETS.items():
        if dataset.kind != "daily":
            continue
        for table in dataset.tables:
            for day in layout.days(RAW, table.name):
                assert (name, day) in ok, f"{table.name} {day} is on disk but not recorded done"
