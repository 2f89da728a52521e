"""Runs from the app: Sync now with progress, the run history and its partitions, retrying
failed partitions, and the demo's first sync behind the history banner."""

from __future__ import annotations

import re
from datetime import timedelta

import demo_lake
import polars as pl
from demo_lake import DEMO_KEY, copy_lake, lake_range, settings_for
from PySide6.QtCore import Qt
from ui_support import LOAD_MS, screenshot, show

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.lake.state import StateDB
from nkdash_desktop.names import dataset_name
from nkdash_desktop.pipeline.sync import backfill
from nkdash_desktop.ui.dialogs.first_sync import FirstSync
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.window.mainwindow import MainWindow

RUN_MS = 120_000


def lake_range_days(first, last) -> int:
    return (last - first).days + 1


LEFT = Qt.MouseButton.LeftButton


def state_of(root):
    return StateDB(root / "metadata")


def test_history_shows_the_finished_run_and_its_partitions(qtbot, window, profit_lake):
    w = window
    show(qtbot, w, w.runs)
    qtbot.waitUntil(lambda: w.runs.detail is not None, timeout=LOAD_MS)
    with state_of(profit_lake) as state:
        run = state.runs()[0]
        partitions = state.partitions(run.id)
    model = w.runs.runs.frame_model
    assert model.column_values("id") == [run.id]
    assert model.column_values("status") == ["succeeded"]
    assert model.column_values("trigger") == ["backfill"]
    assert model.column_values("partitions_ok") == [run.totals["partitions_ok"]]
    detail = w.runs.partitions.frame_model
    # one row per partition (a dataset's day), as many as the run's "partitions done"
    assert detail.rowCount() == len({(p.dataset, p.day) for p in partitions})
    assert detail.rowCount() == run.totals["partitions_ok"]
    assert f"Partitions of run {run.id}: {run.totals['partitions_ok']}" == (
        w.runs.detail_label.text()
    )
    # the operator's words, never the internal names
    assert set(detail.column_values("dataset")) == {dataset_name(d) for d in DATASETS} == {
        "POS sales", "POS payments", "Invoices", "Bills", "Stock moves", "Stock on hand",
        "Products and other lists"}  # fmt: skip
    assert set(detail.column_values("stage")) == {"saved"}
    assert set(detail.column_values("status")) == {"succeeded"}
    assert not w.runs.retry.isEnabled()  # nothing failed


def test_sync_now_shows_progress_then_the_new_run(qtbot, make_window, lake_root, tmp_path):
    root = copy_lake(lake_root, tmp_path / "lake")
    _, yesterday = lake_range()
    with state_of(root) as state:  # three nights missed
        for name, dataset in DATASETS.items():
            if dataset.kind == "daily":
                state.set_last_complete_day(name, yesterday - timedelta(days=3))
    w = make_window(AppContext(settings_for(root, demo_lake.server()), DEMO_KEY))
    show(qtbot, w, w.runs)
    progress: list = []
    w.engine.progress.connect(progress.append)
    with qtbot.waitSignal(w.engine.started, timeout=LOAD_MS):
        qtbot.mouseClick(w.sync_button, LEFT)
    assert w.progress.isVisible() and w.cancel_button.isVisible()
    assert not w.sync_button.isEnabled()
    with qtbot.waitSignal(w.engine.finished, timeout=RUN_MS) as finished:
        pass
    summary = finished.args[0]
    assert summary.status == "succeeded", summary.sentence
    assert progress and progress[-1].done == progress[-1].total
    assert not w.progress.isVisible() and w.sync_button.isEnabled()
    assert w.statusBar().currentMessage().startswith(f"Run {summary.run_id} succeeded")
    qtbot.waitUntil(lambda: w.runs.runs.frame_model.rowCount() == 2, timeout=LOAD_MS)
    model = w.runs.runs.frame_model
    assert model.column_values("trigger")[0] == "manual"
    assert model.column_values("status")[0] == "succeeded"
    qtbot.waitUntil(
        lambda: w.runs.detail and w.runs.detail.run_id == summary.run_id, timeout=LOAD_MS
    )
    with state_of(root) as state:
        steps = state.partitions(summary.run_id)
        assert w.runs.partitions.frame_model.rowCount() == len({(p.dataset, p.day) for p in steps})
        synced = state.runs()[0].ended_at
    # the live log saw the run, timed in the Odoo timezone like the history next to it
    assert any("Sync started" in line for line in w.log_tail.lines)
    started = model.column_values("started")[0]
    first = next(line for line in w.log_tail.lines if "Sync started" in line)
    assert abs(int(first[:2]) * 60 + int(first[3:5]) - started.hour * 60 - started.minute) <= 1
    assert any(" steps · POS sales " in line for line in w.log_tail.lines)
    assert w.runs.log.toPlainText().count("\n") >= 3
    assert w.freshness is not None and w.freshness.synced_at == synced
    screenshot(w, "runs-after-sync")


def test_retry_failed_partitions(qtbot, make_window, lake_root, tmp_path):
    srv = demo_lake.server()
    root = copy_lake(lake_root, tmp_path / "lake")
    _, yesterday = lake_range()
    first = yesterday - timedelta(days=3)
    ctx = demo_lake.run_context(srv, root, max_retries=0)  # a failed request fails its day
    srv.faults.fail_next(2, "503")  # two days fail; three in a row would stop the run (down)
    try:
        failing = backfill(ctx, first, yesterday, datasets=["pos_lines"], mode="rerun_all")
    finally:
        srv.faults.reset()
    assert failing.status == "partial" and failing.failed, failing.sentence
    w = make_window(AppContext(settings_for(root, srv), DEMO_KEY))
    show(qtbot, w, w.runs)
    qtbot.waitUntil(
        lambda: w.runs.detail is not None and w.runs.detail.run_id == failing.run_id,
        timeout=LOAD_MS,
    )
    assert {(r.dataset, r.day) for r in w.runs.detail.failed} == {
        (p.dataset, p.day) for p in failing.failed
    }
    assert w.runs.retry.isEnabled()
    assert w.runs.detail_label.text().endswith(f", {len(failing.failed)} still failed")
    # a failed partition's error, whole, under the table when it is clicked
    model = w.runs.partitions.frame_model
    row = model.column_values("status").index("failed")
    error = model.column_values("error")[row]
    assert error and model.item(row, len(model.columns) - 1).toolTip() == error
    qtbot.mouseClick(
        w.runs.partitions.viewport(), LEFT,
        pos=w.runs.partitions.visualRect(model.index(row, 0)).center(),
    )  # fmt: skip
    assert w.runs.error.text() == f"Error: {error}" and w.runs.error.wordWrap()
    screenshot(w, "runs-failed")
    with qtbot.waitSignal(w.engine.finished, timeout=RUN_MS) as finished:
        qtbot.mouseClick(w.runs.retry, LEFT)
    retried = finished.args[0]
    assert retried.status == "succeeded", retried.sentence
    assert {(p.dataset, p.day) for p in retried.succeeded} == {
        (p.dataset, p.day) for p in failing.failed
    }
    with state_of(root) as state:
        assert state.failed_partitions() == []
        assert state.runs()[0].trigger == "retry"
    qtbot.waitUntil(lambda: w.runs.runs.frame_model.column_values("trigger")[0] == "retry",
                    timeout=LOAD_MS)  # fmt: skip


def slowed_first_sync(qtbot, root, latency_ms: int):
    """The demo's window on an empty lake at 1366x768 showing yesterday, whose first sync
    slows down once its first month is loaded (the older months come slowly: time to look;
    the caller sets `server.faults.latency_ms = 0` when done): (window, server, first day,
    yesterday). Start the sync with `FirstSync(window, first, yesterday).start()`."""
    srv = demo_lake.server()
    window = MainWindow(AppContext(settings_for(root, srv), DEMO_KEY, demo=True))
    qtbot.addWidget(window, before_close_func=lambda w: w.close())
    window.resize(1366, 768)
    first, yesterday = lake_range()
    window.range.set_preset("yesterday")

    def slow_after_the_first_load(p) -> None:
        if p.stage == "load":
            srv.faults.latency_ms = latency_ms

    window.engine.progress.connect(slow_after_the_first_load)
    return window, srv, first, yesterday


def test_first_sync_shows_the_newest_figures_while_the_history_loads(qtbot, tmp_path):
    """The window opens at once; the newest month comes first, and the Overview shows
    yesterday while the older days still load behind the banner, which goes when done."""
    root = tmp_path / "demo-lake"
    window, srv, first, yesterday = slowed_first_sync(qtbot, root, 150)
    try:
        FirstSync(window, first, yesterday).start()
        assert window.isVisible() and window.history.isVisible()

        def yesterday_shown() -> bool:
            """Yesterday's figures are painted and the banner knows every daily dataset has
            loaded yesterday and the day before (POS lines arrive first and paint at once: the
            banner's note says "not complete yet" until the invoices and payments follow)."""
            view = window.overview.view
            return (
                view is not None
                and view.period.end == yesterday
                and view.current.filter(pl.col("day") == yesterday)["revenue"].sum() > 0
                and window.history.range_note() == ""
            )

        qtbot.waitUntil(yesterday_shown, timeout=RUN_MS)
        assert window.engine.running and window.history.isVisible()
        assert re.fullmatch(
            rf"Loading history: \d+ of {lake_range_days(first, yesterday)} days"
            r"(, about \d+ (s|min) left)?",
            window.history.title.text(),
        ), window.history.title.text()
        with qtbot.waitSignal(window.overview.rendered, timeout=LOAD_MS):
            window.range.set_preset("last_month")  # reaches days not loaded yet
        assert window.history.range_note().startswith("History still loading: ")
        assert window.history.note.isVisible()
        screenshot(window, "history-banner-light")
        window.set_theme("dark")
        qtbot.waitUntil(lambda: not window.overview.loading, timeout=LOAD_MS)
        screenshot(window, "history-banner-dark")
        window.set_theme("light")
    finally:
        srv.faults.latency_ms = 0
    qtbot.waitUntil(lambda: not window.engine.running, timeout=RUN_MS)
    assert not window.history.isVisible()
    with state_of(root) as state:
        assert [r.status for r in state.runs()] == ["succeeded"]
        started = [p.day for p in state.partitions(state.runs()[0].id)
                   if p.stage == "extract" and DATASETS[p.dataset].kind == "daily"]  # fmt: skip
    assert started[0] == yesterday and started == sorted(started, reverse=True)
