"""`nkdash --viewer --lake DIR`: a window onto a lake another process writes. Two processes on
one lake: the writer (the CLI, a backfill against the demo Odoo) publishes while the viewer
reads; the viewer never fails a query, picks up the new days once they are published, and
writes nothing (no settings, no lake files)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import demo_lake
import polars as pl
import pytest
from ui_support import LOAD_MS

from nkdash_desktop import settings as S
from nkdash_desktop.cli.program import main
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.source import KpiSource
from nkdash_desktop.lake.catalog import open_catalog, refresh
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.months import replace_days
from nkdash_desktop.lake.schema import FACTS
from nkdash_desktop.lake.state import PUBLISHED_FILE, read_published
from nkdash_desktop.paths import app_paths
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.window import mainwindow
from nkdash_desktop.ui.window.mainwindow import MainWindow

REPO = Path(__file__).resolve().parents[2]
WRITER_S = 300


def writer_env(tmp_path: Path, lake: Path, srv) -> dict[str, str]:
    """A separate home for the writer process: its settings name the demo Odoo and the lake."""
    home = tmp_path / "writer-home"
    settings = demo_lake.settings_for(lake, srv)
    S.save(settings, home / "config" / "settings.toml")
    return dict(os.environ, NKDASH_HOME=str(home), NKDASH_ODOO_SECRET=demo_lake.DEMO_KEY)


def start_writer(tmp_path, lake, demo_odoo, days) -> subprocess.Popen:
    """The writer PC: `nkdash backfill --mode rerun-all` of `days` in a process of its own."""
    return subprocess.Popen(
        [sys.executable, "-m", "nkdash_desktop", "backfill", "--mode", "rerun-all",
         "--from", days.start.isoformat(), "--to", days.end.isoformat()],
        env=writer_env(tmp_path, lake, demo_odoo), cwd=REPO,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def lake_without_last_days(lake_root: Path, tmp_path: Path) -> tuple[Path, Period]:
    """A copy of the demo lake whose facts lack its last 5 days: the writer brings them."""
    lake = demo_lake.copy_lake(lake_root, tmp_path / "lake")
    _, last = demo_lake.lake_range()
    days = [last - timedelta(days=i) for i in range(5)]
    for fact in FACTS.values():
        empty = pl.DataFrame(schema={c.name: c.dtype for c in fact.columns})
        replace_days(LakeLayout(lake), fact, days, empty)
    return lake, Period(min(days), last)


def lake_files(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def revenue_text(window: MainWindow) -> str:
    return window.overview.cards.cards["revenue"].value.text()


def test_a_viewer_follows_a_writer_on_the_same_lake(
    qtbot, lake_root, demo_odoo, tmp_path, monkeypatch
):
    lake, new_days = lake_without_last_days(lake_root, tmp_path)
    monkeypatch.setattr(mainwindow, "VIEWER_POLL_MS", 200)
    viewer = MainWindow(AppContext(demo_lake.settings_for(lake), viewer=True))
    qtbot.addWidget(viewer, before_close_func=lambda w: w.close())
    viewer.show()
    qtbot.waitUntil(lambda: viewer.board.source is not None, timeout=LOAD_MS)
    assert viewer.windowTitle().endswith("(viewer)")
    assert not viewer.sync_button.isEnabled() and not viewer.sync_action.isEnabled()
    with qtbot.waitSignal(viewer.overview.rendered, timeout=LOAD_MS):
        viewer.range.set_period(new_days)
    before = revenue_text(viewer)
    failures: list[BaseException] = []
    monkeypatch.setattr(viewer, "_lake_failed", failures.append)
    refreshed: list[bool] = []
    viewer.overview.rendered.connect(lambda: refreshed.append(True))

    writer = start_writer(tmp_path, lake, demo_odoo, new_days)
    try:
        # the viewer keeps querying while the writer publishes: never a failed query
        qtbot.waitUntil(lambda: writer.poll() is not None, timeout=WRITER_S * 1000)
    finally:
        if writer.poll() is None:
            writer.kill()
    output = writer.stdout.read() if writer.stdout else ""
    assert writer.returncode == 0, output
    assert read_published(LakeLayout(lake).metadata) is not None
    qtbot.waitUntil(lambda: revenue_text(viewer) != before and not viewer.overview.loading,
                    timeout=LOAD_MS)  # fmt: skip
    assert failures == [] and refreshed
    with viewer.board.source.cursor() as con:  # what the lake now holds for those days
        total = con.execute(
            "SELECT count(*) FROM fact_sales WHERE day BETWEEN ? AND ?",
            [new_days.start, new_days.end],
        ).fetchone()[0]
    assert total > 0


def test_a_viewer_writes_nothing(qtbot, lake_root, tmp_path, monkeypatch):
    lake = demo_lake.copy_lake(lake_root, tmp_path / "lake")
    KpiSource(lake).close()  # files of a copied lake get their version names, as a writer's
    monkeypatch.setattr(mainwindow, "VIEWER_POLL_MS", 100)
    before = lake_files(lake)
    viewer = MainWindow(AppContext(demo_lake.settings_for(lake), viewer=True))
    qtbot.addWidget(viewer, before_close_func=lambda w: w.close())
    viewer.show()
    qtbot.waitUntil(lambda: viewer.board.source is not None, timeout=LOAD_MS)
    viewer.set_theme("dark")  # in memory only
    qtbot.wait(500)  # a few polls
    viewer.close()
    assert lake_files(lake) == before
    assert not app_paths().settings_file.exists()


def test_the_viewer_command_line(capsys):
    assert main(["--viewer"]) == 2
    assert "--viewer and --lake go together" in capsys.readouterr().err
    assert main(["--lake", "somewhere"]) == 2


@pytest.mark.slow
def test_duckdb_reads_the_lake_from_another_process_while_a_sync_writes(
    lake_root, demo_odoo, tmp_path
):
    """The README's example: DuckDB in another process reads the lake's hive layout
    (month=YYYY-MM folders) through the catalog, whose views bind each file's immutable
    version (.v-<stamp>.parquet), while the writer replaces those months: every query succeeds
    and, after a refresh, sees the new files."""
    lake, new_days = lake_without_last_days(lake_root, tmp_path)
    writer = start_writer(tmp_path, lake, demo_odoo, new_days)
    con = open_catalog(lake)
    recent = "SELECT count(*) FROM fact_sales WHERE day >= ?"
    reads = 0
    try:
        while writer.poll() is None or reads == 0:
            refresh(con)  # the files published since the last query
            assert con.execute("SELECT count(*) FROM fact_sales").fetchone()[0] > 0
            con.execute(recent, [new_days.start]).fetchone()
            reads += 1
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.wait(WRITER_S) == 0, writer.stdout.read() if writer.stdout else ""
    refresh(con)
    assert con.execute(recent, [new_days.start]).fetchone()[0] > 0
    assert reads > 1 and (LakeLayout(lake).metadata / PUBLISHED_FILE).exists()
