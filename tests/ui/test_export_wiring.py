"""Every table of the window exports what it shows ("Export to Excel…" button and context
menu), and Export → KPI report… writes the report of the range shown."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from ui_support import LOAD_MS, show

from nkdash_desktop.kpi.columns import (
    PRODUCTS_WITHOUT_COST,
    SPEND_BY_VENDOR,
    STOCK_ON_HAND,
    column_title,
)
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


def _headings(view) -> list[str]:
    model = view.model()
    return [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]


def test_a_kpi_shows_the_same_columns_on_screen_and_in_the_workbook(qtbot, window, tmp_path):
    """The tables the window and the KPI report both show read one declaration (kpi.columns):
    the columns both show are the same, titled alike, in the same order; the others are the
    ones the declaration gives to one view (the workbook's ids and snapshot day, the screen's
    currency column and a category's own name)."""
    target = tmp_path / "report.xlsx"
    window.report_action.exporter.choose_path = lambda *_: target
    with qtbot.waitSignal(window.report_action.exporter.exported, timeout=LOAD_MS):
        window.report_action.trigger()
    book = openpyxl.load_workbook(target)
    shared = {
        "No known cost": (window.profit.no_cost, PRODUCTS_WITHOUT_COST),
        "Purchases": (window.purchases.table, SPEND_BY_VENDOR),
        "Stock": (window.inventory.table, STOCK_ON_HAND),
    }
    for sheet, (view, declared) in shared.items():
        screen = _headings(view)
        workbook, rows = _table(book[f"{sheet} IDR"])
        assert rows, f"the demo lake fills {sheet}"
        assert screen == [column_title(c) for c in declared.on_screen()], sheet
        assert workbook == [column_title(c) for c in declared.in_workbook()], sheet
        both = [c for c in declared.all if c.screen and c.workbook]
        on_screen = [t for t, c in zip(screen, declared.on_screen(), strict=True) if c in both]
        in_book = [t for t, c in zip(workbook, declared.in_workbook(), strict=True) if c in both]
        assert on_screen == in_book == [column_title(c) for c in both], sheet
        assert len(both) >= 4, sheet  # most columns are shared, not one view's own
