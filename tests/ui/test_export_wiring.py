"""Every table of the window exports what it shows ("Export to Excel…" button and context
menu), and Export → KPI report… writes the report of the range shown."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from ui_support import LOAD_MS, show

from nkdash_desktop.ui.widgets.export_actions import EXPORT_TEXT

EXPECTED_TABLES = {
    "Overview": ["Top products"],
    "Profit": ["Profit by product", "Sold without a known cost (margin unknown)"],
    "Purchases": ["Spend by vendor"],
    "Inventory": ["Stock on hand"],
    "Runs": ["Run history", "Partitions"],
}


def _table(sheet) -> tuple[list[str], list[list]]:
    """A sheet's table: its header and rows (the autofilter's range)."""
    first, last = sheet.auto_filter.ref.split(":")
    top = int("".join(c for c in first if c.isdigit()))
    bottom = int("".join(c for c in last if c.isdigit()))
    rows = [list(r) for r in sheet.iter_rows(min_row=top, max_row=bottom, values_only=True)]
    titles = [t for t in rows[0] if t is not None]
    return titles, [r[: len(titles)] for r in rows[1:]]


def test_every_table_offers_export(window):
    found = {tab.title: sorted(tab.export_buttons) for tab in window.all_tabs if tab.export_buttons}
    assert found == {k: sorted(v) for k, v in EXPECTED_TABLES.items()}
    for tab in window.all_tabs:
        for button in tab.export_buttons.values():
            assert button.text() == EXPORT_TEXT
            view = button.exporter.widget
            assert EXPORT_TEXT in [a.text() for a in view.actions()]  # its context menu


def test_a_sorted_table_exports_as_shown(qtbot, window, tmp_path):
    show(qtbot, window, window.profit)
    table = window.profit.table
    assert table.frame_model.rows, "the demo lake has profit rows"
    gross = [c.key for c in table.frame_model.columns].index("gross_profit")
    table.sortByColumn(gross, Qt.SortOrder.AscendingOrder)
    button = window.profit.export_buttons["Profit by product"]
    target = tmp_path / "profit.xlsx"
    button.exporter.choose_path = lambda *_: target
    with qtbot.waitSignal(button.exporter.exported, timeout=LOAD_MS):
        button.click()
    titles, rows = _table(openpyxl.load_workbook(target).active)
    assert titles == [c.title for c in table.frame_model.columns]
    shown = table.frame_model.column_values("product")
    assert [r[0] for r in rows] == shown  # the view's order: by gross profit, ascending
    exported_gross = [r[gross] for r in rows]
    assert exported_gross == sorted(exported_gross, key=lambda v: (v is None, v))
    heading = openpyxl.load_workbook(target).active["A1"].value
    assert heading == "Profit: Profit by product"
    assert f"Exported {len(shown):,} rows" in window.statusBar().currentMessage()


def test_the_kpi_report_from_the_export_menu(qtbot, window, tmp_path):
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert window.report_action in menus["&Export"].actions()
    target = tmp_path / "report.xlsx"
    window.report_action.exporter.choose_path = lambda *_: target
    with qtbot.waitSignal(window.report_action.exporter.exported, timeout=LOAD_MS):
        window.report_action.trigger()
    book = openpyxl.load_workbook(target)
    sheets = ["Daily", "By product", "No known cost", "By category", "By cashier", "Purchases",
              "Stock"]  # fmt: skip
    # all companies, in rupiah and dollars: each sheet once per currency
    assert book.sheetnames == [
        "Summary", *(f"{name} {code}" for code in ("IDR", "USD") for name in sheets),
        "Needs attention",
    ]  # fmt: skip
    period = window.board.query.period
    _, daily = _table(book["Daily IDR"])
    assert len(daily) == period.days
