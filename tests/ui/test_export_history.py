"""While a history loads (newest days first) no export writes the days not loaded yet as
zeros: Export → KPI report… and a table's "Export to Excel…" of a range (or, for the report, a
comparison) reaching those days say so in one sentence and write no file; the Profit tables
wait for the whole history (a cost reads every older bill); a dated snapshot (stock on hand)
and the run history export as ever. Once the history is in, the same exports write."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import openpyxl
from demo_lake import lake_range
from PySide6.QtWidgets import QMessageBox
from test_export_wiring import _table
from test_history_load import loading, redraw, speaking  # noqa: F401 (fixtures)
from test_runs import RUN_MS, slowed_first_sync
from ui_support import LOAD_MS, screenshot, show

from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.ui.dialogs.first_sync import FirstSync
from nkdash_desktop.ui.runtime.locale_format import QT
from nkdash_desktop.ui.runtime.translation import translate
from nkdash_desktop.ui.tabs.profit import PROFIT_LOADING

DAYS_LOADING = (
    "History still loading: the days from {first} to {until} are not in the lake yet; "
    "export again when the banner above the tabs is gone."
)
PROFIT_WAITS = (
    "History still loading: gross profit is computed once every day of the history is in; "
    "export again when the banner above the tabs is gone."
)


class Chooser:
    """Stands in for the save dialog: `asked` counts the times a file was asked for."""

    def __init__(self, target: Path) -> None:
        self.target, self.asked = target, 0

    def __call__(self, *_) -> Path:
        self.asked += 1
        return self.target


def refused(qtbot, exporter, press, target: Path) -> str:
    """Press an export that must refuse: its sentence; no file asked for nor written."""
    chooser = Chooser(target)
    exporter.choose_path = chooser
    with qtbot.waitSignal(exporter.failed, timeout=LOAD_MS) as said:
        press()
    assert chooser.asked == 0 and not target.exists()
    assert exporter.widget.window().statusBar().currentMessage() == said.args[0]
    return said.args[0]


def exported(qtbot, exporter, press, target: Path) -> openpyxl.Workbook:
    exporter.choose_path = Chooser(target)
    with qtbot.waitSignal(exporter.exported, timeout=LOAD_MS):
        press()
    return openpyxl.load_workbook(target)


def boxes(window) -> list[QMessageBox]:
    """The message boxes the window shows."""
    return [b for b in window.findChildren(QMessageBox) if b.isVisible()]


def close_boxes(window) -> int:
    shown = boxes(window)
    for box in shown:
        box.close()
    return len(shown)


def days_loading(first, until) -> str:
    return translate("Export", DAYS_LOADING).format(first=QT.day(first), until=QT.day(until))


def test_exports_of_days_not_loaded_refuse(qtbot, window, loading, tmp_path):  # noqa: F811
    first, yesterday = lake_range()
    week = Period(yesterday - timedelta(days=6), yesterday)
    missing_until = week.start - timedelta(days=1)
    loading(first, missing_until)  # the week is in, the period it is compared with is not
    redraw(qtbot, window, week)
    report = window.report_action
    said = refused(qtbot, report.exporter, report.trigger, tmp_path / "report.xlsx")
    assert said == days_loading(first, missing_until)
    # the table of the week: its days are in (a table has no comparison)
    top = window.overview.export_buttons["Top products"]
    book = exported(qtbot, top.exporter, top.click, tmp_path / "top.xlsx")
    assert book.active.max_row > 3
    # the Profit tables wait for the whole history: an older bill may give a cost
    show(qtbot, window, window.profit)
    for name, button in window.profit.export_buttons.items():
        said = refused(qtbot, button.exporter, button.click, tmp_path / f"{name}.xlsx")
        assert said == translate("Profit", PROFIT_WAITS)
    close_boxes(window)
    window.tabs.setCurrentWidget(window.overview)
    redraw(qtbot, window, week.comparison())
    for tab, name in ((window.overview, "Top products"), (window.purchases, "Spend by vendor")):
        show(qtbot, window, tab)
        button = tab.export_buttons[name]
        said = refused(qtbot, button.exporter, button.click, tmp_path / f"{name}.xlsx")
        assert said == days_loading(first, missing_until)
    # a dated snapshot is known whatever days are still to load; the runs are not of a range
    show(qtbot, window, window.inventory)
    stock = window.inventory.export_buttons["Stock on hand"]
    assert exported(qtbot, stock.exporter, stock.click, tmp_path / "stock.xlsx").active.max_row > 3
    show(qtbot, window, window.runs)
    runs = window.runs.export_buttons["Run history"]
    exported(qtbot, runs.exporter, runs.click, tmp_path / "runs.xlsx")
    assert close_boxes(window)

    # days Odoo has no data of, still to load: Profit says the history is loading, not that
    # profit comes after the next sync
    loading(first - timedelta(days=60), first - timedelta(days=1))
    window.range.set_period(Period(first - timedelta(days=20), first - timedelta(days=10)))
    show(qtbot, window, window.profit)
    assert window.profit.table_stack.message.text() == translate("Profit", PROFIT_LOADING)


def test_first_sync_exports_nothing_not_loaded_then_all(qtbot, tmp_path, speaking):  # noqa: F811
    """The demo's first sync, slowed after its first month: the report and the tables of the
    oldest week refuse (no file), in the operator's language; once the run ends they write
    that week's real figures."""
    code = speaking
    window, srv, first, yesterday = slowed_first_sync(qtbot, tmp_path / "demo-lake", 400)
    oldest = Period(first, first + timedelta(days=6))
    report = window.report_action
    top = window.overview.export_buttons
    try:
        FirstSync(window, first, yesterday).start()
        qtbot.waitUntil(lambda: window.history.range_note() == "", timeout=RUN_MS)
        redraw(qtbot, window, oldest)
        assert window.engine.running and window.history.not_loaded().covers(
            oldest.start, oldest.end
        )
        pattern = re.escape(translate("Export", DAYS_LOADING)).replace(r"\{first\}", "(.+)")
        pattern = pattern.replace(r"\{until\}", "(.+)")
        said = refused(qtbot, report.exporter, report.trigger, tmp_path / "report.xlsx")
        assert re.fullmatch(pattern, said).group(1) == QT.day(first), said
        qtbot.wait(100)  # the box lays its sentence out
        screenshot(boxes(window)[-1], f"export-refused-{code}")
        close_boxes(window)
        said = refused(qtbot, top["Top products"].exporter, top["Top products"].click,
                       tmp_path / "top.xlsx")  # fmt: skip
        assert re.fullmatch(pattern, said), said
        show(qtbot, window, window.profit)
        assert window.profit.table_stack.message.text() == translate("Profit", PROFIT_LOADING)
        screenshot(window, f"profit-history-loading-{code}")
        profit = window.profit.export_buttons["Profit by product"]
        said = refused(qtbot, profit.exporter, profit.click, tmp_path / "profit.xlsx")
        assert said == translate("Profit", PROFIT_WAITS)
        close_boxes(window)
        window.tabs.setCurrentWidget(window.overview)
    finally:
        srv.faults.latency_ms = 0
    qtbot.waitUntil(lambda: not window.engine.running, timeout=RUN_MS)
    qtbot.waitUntil(lambda: window.board.not_loaded() is None, timeout=LOAD_MS)
    book = exported(qtbot, report.exporter, report.trigger, tmp_path / "report.xlsx")
    _, daily = _table(book.worksheets[1])  # the oldest week, day by day: its real sales
    assert len(daily) == oldest.days
    assert all(any(isinstance(v, float | int) and v > 0 for v in day[1:]) for day in daily)
    qtbot.waitUntil(lambda: not window.overview.loading, timeout=LOAD_MS)
    book = exported(qtbot, top["Top products"].exporter, top["Top products"].click,
                    tmp_path / "top.xlsx")  # fmt: skip
    assert book.active.max_row > 3
    show(qtbot, window, window.profit)
    assert window.profit.table.frame_model.rows, "the demo's first sync computes profit"
    profit = window.profit.export_buttons["Profit by product"]
    assert exported(qtbot, profit.exporter, profit.click, tmp_path / "p.xlsx").active.max_row > 3
