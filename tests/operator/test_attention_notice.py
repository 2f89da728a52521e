"""After a sync the scheduler started, one tray notification says what needs attention (as the
panel and `nkdash attention` list it), by Settings > Attention > notify."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest
from app_support import RUN_MS, demo_context
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from nkdash_desktop.kpi import attention as A
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.scheduler import Due
from nkdash_desktop.ui.background.resident import Resident
from nkdash_desktop.ui.window.mainwindow import MainWindow


@pytest.fixture
def resident(qtbot, tmp_path, request):
    context = demo_context(tmp_path / "lake", url=getattr(request, "param", None))
    context.settings.schedule.enabled = False  # the test starts the "nightly" run itself
    window = MainWindow(context)
    qtbot.addWidget(window)
    made = Resident(window, tray_available=False)
    made.show()
    yield made
    made.tray.quitting = True
    window.close()
    made.shutdown()
    window.deleteLater()
    app = QApplication.instance()
    app.setQuitOnLastWindowClosed(True)
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def findings_of(context) -> list[A.Finding]:
    root = context.lake_root
    con = open_catalog(root)
    try:
        day = A.morning_day(today(context.timezone))
        return A.attention(con, root, day, None, context.settings.attention)
    finally:
        con.close()


def test_one_notification_after_the_nightly_sync_lists_what_fired(qtbot, resident):
    tray, window = resident.tray, resident.window
    notes: list[tuple[str, str]] = []
    tray.notified.connect(lambda title, text: notes.append((title, text)))
    with qtbot.waitSignal(window.engine.finished, timeout=RUN_MS) as finished:
        resident.nightly._start(Due("nightly", datetime.now(UTC)))
    assert finished.args[0].status == "succeeded", finished.args[0].sentence
    qtbot.waitUntil(lambda: bool(notes), timeout=RUN_MS)
    qtbot.wait(200)
    expected = A.notification(findings_of(window.context), "everything")
    assert expected, "the demo's first night has something that needs attention"
    assert notes == [("NK Dash: needs attention", expected)]
    # a run started by hand says nothing about attention (ui.notifications: failures)
    with qtbot.waitSignal(window.engine.finished, timeout=RUN_MS):
        window.sync_now()
    qtbot.wait(300)
    assert len(notes) == 1


@pytest.mark.parametrize("resident", ["http://127.0.0.1:9"], indirect=True)  # nobody there
def test_a_failed_nightly_is_one_notification_with_the_data_problems(qtbot, resident):
    tray, window = resident.tray, resident.window
    window.context.settings.attention.notify = "data"
    notes: list[tuple[str, str]] = []
    tray.notified.connect(lambda title, text: notes.append((title, text)))
    with qtbot.waitSignal(window.engine.finished, timeout=RUN_MS):
        resident.nightly._start(Due("nightly", datetime.now(UTC)))
    qtbot.waitUntil(lambda: bool(notes), timeout=RUN_MS)
    qtbot.wait(200)
    assert len(notes) == 1 and notes[0][0] == "NK Dash: the run failed"
    failure, attention = notes[0][1].split("\n")
    assert "Traceback" not in failure
    assert attention == A.notification(findings_of(window.context), "data")
    assert attention.startswith("1 data problem: last run failed")


def finding(rule: str, count: int, line: str) -> A.Finding:
    return A.Finding(rule, rule, count, "", line, pl.DataFrame())


def test_the_notification_modes():
    findings = [
        finding("data", 1, "1 data problem: last run partial"),
        finding("below_cost", 3, "3 products sold below cost: Rp 1.2K lost"),
        finding("running_out", 0, ""),
        finding("running_out", 5, "5 products will run out within 3 days"),
    ]
    assert A.notification(findings, "everything") == (
        "1 data problem: last run partial · 3 products sold below cost: Rp 1.2K lost · "
        "5 products will run out within 3 days"
    )
    assert A.notification(findings, "data") == "1 data problem: last run partial"
    assert A.notification(findings, "off") == ""
    assert A.notification(findings[1:], "data") == ""
