"""Runs from the app: Sync now with progress, the run history and its partitions, retrying
failed partitions, and the demo's first sync behind a progress dialog."""

from __future__ import annotations

import re
from datetime import timedelta

import demo_lake
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
        "POS sales", "Invoices", "Bills", "Stock moves", "Stock on hand",
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


def test_first_sync_behind_a_progress_dialog(qtbot, tmp_path):
    root = tmp_path / "demo-lake"
    context = AppContext(settings_for(root, demo_lake.server()), DEMO_KEY, demo=True)
    window = MainWindow(context)  # not shown: the first sync shows it when done
    qtbot.addWidget(window, before_close_func=lambda w: w.close())
    _, yesterday = lake_range()
    first_sync = FirstSync(window, yesterday - timedelta(days=2), yesterday)
    labels: list[str] = []
    window.engine.progress.connect(lambda _: labels.append(first_sync.dialog.labelText()))
    first_sync.start()
    assert first_sync.dialog.isVisible() and not window.isVisible()
    assert window.windowTitle().endswith("(demo)")
    qtbot.waitUntil(window.isVisible, timeout=RUN_MS)
    assert not first_sync.dialog.isVisible()
    # plain words and the time left, never "20/358 partitions · purchases … extract"
    assert labels and all(
        label.startswith(
            ("Loading 3 days from Odoo: sales, invoices, bills, stock — ", "Computing profit")
        )
        for label in labels[1:]  # the first: the dialog's text before any progress
    )
    assert any(re.search(r"— \d+ of \d+ steps, about \d+ (s|min) left$", label)
               for label in labels), labels  # fmt: skip
    assert not any("_" in label for label in labels)
    qtbot.waitUntil(
        lambda: window.freshness is not None and window.freshness.data_up_to == yesterday,
        timeout=LOAD_MS,
    )
    qtbot.waitUntil(lambda: window.overview.cards.cards["revenue"].value.text() != "Rp 0",
                    timeout=LOAD_MS)  # fmt: skip
    with state_of(root) as state:
        assert [r.status for r in state.runs()] == ["succeeded"]
