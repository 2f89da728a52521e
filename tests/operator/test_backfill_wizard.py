"""The backfill wizard on a fresh lake and the demo Odoo over HTTP: validation messages, a real
backfill to its summary, cancel with nothing half-written, the retry of failures."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import demo_lake
import pytest
from app_support import RUN_MS, demo_context, nothing_half_written
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWizard

from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import STATE_FILE
from nkdash_desktop.names import dataset_name
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.ui.dialogs.backfill_pages import range_problems
from nkdash_desktop.ui.dialogs.backfill_wizard import BackfillWizard
from nkdash_desktop.ui.runtime.engine import EngineRunner
from nkdash_desktop.ui.runtime.tasks import Pools

TZ = demo_lake.TZ
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture
def make_wizard(qtbot, tmp_path):
    made = []

    def make(url: str | None = None) -> BackfillWizard:
        context = demo_context(tmp_path / "lake", url=url)
        pools = Pools()
        engine = EngineRunner(context, pools)
        wizard = BackfillWizard(context, engine, pools)
        qtbot.addWidget(wizard)
        made.append((wizard, pools))
        wizard.show()
        return wizard

    yield make
    for wizard, pools in made:
        wizard.engine.cancel()
        pools.wait()


def qdate(d):
    return QDate(d.year, d.month, d.day)


def go_to_range(qtbot, wizard: BackfillWizard, first, last) -> None:
    wizard.next()
    page = wizard.range_page
    assert wizard.currentPage() is page
    page.first.setDate(qdate(first))
    page.last.setDate(qdate(last))
    qtbot.waitUntil(lambda: not page.asking, timeout=RUN_MS)


def run_to_summary(qtbot, wizard: BackfillWizard) -> None:
    wizard.next()  # mode
    wizard.next()  # plan preview
    qtbot.waitUntil(lambda: wizard.plan_page.plan is not None, timeout=RUN_MS)
    assert wizard.plan_page.isComplete(), wizard.plan_page.totals.text()
    wizard.next()  # commit: the run starts
    assert wizard.currentPage() is wizard.run_page


def test_range_problems_in_sentences():
    t = today(TZ)
    assert range_problems(t - timedelta(days=3), t - timedelta(days=1), t, None) == []
    assert range_problems(t, t - timedelta(days=1), t, None) == [
        "The first day comes after the last day: swap them."
    ]
    assert range_problems(t, t + timedelta(days=1), t, None) == [
        f"The last day is in the future: the latest possible day is today, {t}."
    ]
    start = t - timedelta(days=10)
    assert range_problems(t - timedelta(days=20), t, t, start) == [
        f"Odoo's data starts on {start}: pick a first day on or after it."
    ]
    assert range_problems(t - timedelta(days=30), t - timedelta(days=20), t, start) == [
        f"Odoo has no data before {start}: the whole range is before it."
    ]


def test_the_range_page_says_what_is_wrong(qtbot, make_wizard):
    wizard = make_wizard()
    assert wizard.windowModality() == Qt.WindowModality.NonModal and not wizard.isModal()
    for box in wizard.datasets_page.boxes.values():
        box.setChecked(False)
    assert not wizard.datasets_page.isComplete()
    assert wizard.datasets_page.hint.text() == "Choose at least one dataset."
    wizard.datasets_page.boxes["pos_lines"].setChecked(True)
    first_demo_day, yesterday = demo_lake.lake_range()
    go_to_range(qtbot, wizard, yesterday, yesterday - timedelta(days=2))
    page = wizard.range_page
    assert page.data_start == first_demo_day  # asked of Odoo in a worker
    assert page.odoo_note.text() == f"Odoo's data starts on {first_demo_day}."
    assert not page.isComplete()
    assert page.problems.text() == "The first day comes after the last day: swap them."
    page.first.setDate(qdate(first_demo_day - timedelta(days=5)))
    assert not page.isComplete()
    assert "Odoo's data starts on" in page.problems.text()
    page.first.setDate(qdate(yesterday))
    page.last.setDate(qdate(today(TZ) + timedelta(days=1)))
    assert "The last day is in the future" in page.problems.text()
    page.last.setDate(qdate(yesterday))
    assert page.isComplete() and page.problems.text() == ""


def test_offline_the_range_is_checked_against_the_calendar_only(qtbot, make_wizard):
    wizard = make_wizard(url="http://127.0.0.1:9")  # nothing listens on the discard port
    t = today(TZ)
    go_to_range(qtbot, wizard, t - timedelta(days=3), t - timedelta(days=1))
    page = wizard.range_page
    note = page.odoo_note.text()
    assert note.startswith("Odoo cannot be reached, so the range is not checked against its data:")
    assert "Traceback" not in note
    assert page.isComplete()


def test_the_wizard_drives_a_real_backfill_to_its_summary(qtbot, make_wizard):
    wizard = make_wizard()
    _, yesterday = demo_lake.lake_range()
    first = yesterday - timedelta(days=2)
    go_to_range(qtbot, wizard, first, yesterday)
    run_to_summary(qtbot, wizard)
    plan = wizard.plan_page.plan
    assert plan is not None
    daily = ["pos_lines", "invoice_sales", "purchases", "inventory_moves"]
    assert {p.dataset for p in plan.partitions} >= set(daily)
    assert "about" in wizard.plan_page.totals.text()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=RUN_MS)
    summary = wizard.summary_page
    qtbot.waitUntil(lambda: bool(summary.rows), timeout=RUN_MS)
    assert summary.result.status == "succeeded", summary.result.sentence
    run_page = wizard.run_page
    assert run_page.overall.value() == run_page.overall.maximum() == len(plan.partitions)
    for name, bar in run_page.bars.items():
        assert bar.value() == bar.maximum(), name
    # the summary's rows per dataset are the state database's, read independently
    metadata = LakeLayout(wizard.context.lake_root).metadata
    conn = sqlite3.connect(metadata / STATE_FILE)
    expected = dict(
        conn.execute(
            "SELECT dataset, SUM(rows) FROM partitions WHERE run_id = ? AND stage = 'extract'"
            " AND status = 'succeeded' GROUP BY dataset",
            (summary.result.run_id,),
        ).fetchall()
    )
    conn.close()
    shown = {
        summary.table.item(i, 0).text(): int(summary.table.item(i, 3).text().replace(",", ""))
        for i in range(summary.table.rowCount())
    }
    assert shown == {dataset_name(name): rows for name, rows in expected.items()}
    assert all(shown[name] > 0 for name in ("POS sales", "Invoices"))  # the operator's words
    assert summary.failures.count() == 0 and not summary.retry_button.isEnabled()
    # nothing failed: no empty failures box squeezing the results
    assert not summary.failures.isVisible() and not summary.failures_label.isVisible()
    assert summary.table.height() > 150
    # one closing button
    closing = [b for b in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton)
               if wizard.button(b).isVisible()]  # fmt: skip
    assert [wizard.button(b).text() for b in closing] == ["Close"]
    # the plan's and the summary's tables: figures right-aligned, every column whole
    for table in (wizard.plan_page.table, summary.table):
        assert "_" not in "".join(table.item(i, 0).text() for i in range(table.rowCount()))
        for i in range(table.rowCount()):
            for j in range(table.columnCount()):
                item = table.item(i, j)
                text_width = table.fontMetrics().horizontalAdvance(item.text())
                assert text_width + 6 <= table.columnWidth(j), item.text()
                if j:
                    assert item.textAlignment() & Qt.AlignmentFlag.AlignRight
    shot = SCREENSHOTS / "backfill-summary.png"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert wizard.grab().save(str(shot))
    boxes = [box.text() for box in wizard.datasets_page.boxes.values()]
    assert boxes[0].startswith("Products and other lists") and not any("_" in b for b in boxes)
    # a second wizard on the same range: no day left to load (snapshots are always taken)
    again = make_wizard()
    for name, box in again.datasets_page.boxes.items():
        box.setChecked(name in daily)
    go_to_range(qtbot, again, first, yesterday)
    again.next()
    again.next()
    qtbot.waitUntil(lambda: again.plan_page.plan is not None, timeout=RUN_MS)
    assert not again.plan_page.isComplete()
    assert again.plan_page.totals.text().startswith("Nothing to load")


def test_cancel_stops_cleanly_with_nothing_half_written(qtbot, make_wizard):
    wizard = make_wizard()
    first, yesterday = demo_lake.lake_range()
    go_to_range(qtbot, wizard, first, yesterday)
    run_to_summary(qtbot, wizard)
    run_page = wizard.run_page
    with qtbot.waitSignal(wizard.engine.progress, timeout=RUN_MS):
        pass
    qtbot.mouseClick(run_page.cancel_button, Qt.MouseButton.LeftButton)
    assert not run_page.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=RUN_MS)
    result = wizard.summary_page.result
    assert result.status == "cancelled"
    assert wizard.summary_page.headline.text().startswith(f"Run {result.run_id} cancelled")
    assert len(result.succeeded) < len(wizard.plan_page.plan.partitions)
    nothing_half_written(wizard.context.lake_root, result.run_id)
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()


def test_failures_are_listed_and_retried_from_the_summary(qtbot, make_wizard):
    wizard = make_wizard()
    for name, box in wizard.datasets_page.boxes.items():
        box.setChecked(name == "pos_lines")
    _, yesterday = demo_lake.lake_range()
    go_to_range(qtbot, wizard, yesterday - timedelta(days=1), yesterday)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.plan_page.plan is not None, timeout=RUN_MS)
    assert len(wizard.plan_page.plan.partitions) == 2
    # Odoo fails two requests, not retried: the sweep position read before the run (the next
    # sync then sweeps from this PC's clock) and one partition's
    demo_lake.server().faults.fail_next(2, kind="500")
    wizard.next()
    summary = wizard.summary_page
    qtbot.waitUntil(lambda: wizard.currentPage() is summary, timeout=RUN_MS)
    qtbot.waitUntil(lambda: bool(summary.rows), timeout=RUN_MS)
    assert summary.result.status == "partial", summary.result.sentence
    assert summary.failures.count() == 1 and summary.failures.item(0).text().startswith(
        "POS sales "
    )
    assert summary.failures.isVisible()
    assert summary.retry_button.isEnabled()
    qtbot.mouseClick(summary.retry_button, Qt.MouseButton.LeftButton)
    assert summary.headline.text() == "Retrying 1 failed partitions…"
    qtbot.waitUntil(lambda: not summary.retrying and summary.failures.count() == 0, timeout=RUN_MS)
    qtbot.waitUntil(
        lambda: summary.result.status == "succeeded" and bool(summary.rows), timeout=RUN_MS
    )
    assert summary.rows[0].done == 1 and summary.rows[0].failed == 0
    assert not summary.retry_button.isEnabled()
