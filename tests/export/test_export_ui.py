"""The app's Excel export: what a table shows (through a sorting and filtering proxy, hidden
and moved columns) is what the workbook holds; written in a worker; a file open in Excel makes
it ask for another name; Export → KPI report… writes the report of the range shown."""

from __future__ import annotations

import os
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest
import shiboken6
from excel_support import formats_of, heading_of, load, table_of
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTableView, QWidget

from nkdash_desktop import clock
from nkdash_desktop.kpi.columns import Column
from nkdash_desktop.kpi.companies import companies
from nkdash_desktop.kpi.excel import book as book_module
from nkdash_desktop.kpi.excel import company_currency
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.source import KpiSource
from nkdash_desktop.kpi.totals import product_totals
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.ui.tabs.base import Query
from nkdash_desktop.ui.widgets import export_actions
from nkdash_desktop.ui.widgets.export_actions import (
    EXPORT_TEXT,
    Exporter,
    export_report_action,
    file_name,
    install_export,
    table_heading,
)
from nkdash_desktop.ui.widgets.table import FrameModel, FrameTable

WAIT_MS = 20_000
MOMENT = datetime(2031, 5, 4, 19, 30, tzinfo=UTC)
COLUMNS = [
    Column("product", "Product"),
    Column("category", "Category"),
    Column("quantity", "Quantity", "quantity"),
    Column("revenue", "Revenue", "money"),
    Column("gross_profit", "Gross profit", "money"),
    Column("margin", "Margin", "percent"),
]


class Chooser:
    """Stands in for the save dialog: hands out the given paths, records each question."""

    def __init__(self, *paths: Path | None) -> None:
        self.paths = list(paths)
        self.asked: list[tuple[str, str]] = []

    def __call__(self, parent: QWidget, suggested: str, problem: str) -> Path | None:
        self.asked.append((suggested, problem))
        return self.paths.pop(0)


@pytest.fixture
def moved_clock():
    """The process runs at 2031-05-04 19:30 UTC: 02:30 on the 5th in Jakarta."""
    clock.use(lambda: MOMENT)
    yield MOMENT
    clock.use(None)


@pytest.fixture
def products(con) -> pl.DataFrame:
    return product_totals(con, date(2026, 1, 1), date(2026, 1, 20))


@pytest.fixture
def proxied(qtbot, products):
    """A view over a FrameModel through a proxy: food and drinks only, by revenue descending;
    Quantity hidden, Margin moved next to Category."""
    model = FrameModel(COLUMNS)
    model.set_frame(products, "Rp")
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(Qt.ItemDataRole.UserRole)
    proxy.setFilterKeyColumn(1)
    proxy.setFilterRegularExpression("Snacks|Beverages|Dairy")
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    view.setColumnHidden(2, True)
    view.horizontalHeader().moveSection(5, 2)
    qtbot.addWidget(view)
    view.proxy, view.source_model = proxy, model  # kept alive with the view
    return view


def test_the_context_menu_exports_exactly_what_is_shown(qtbot, proxied, products, con, tmp_path):
    chooser = Chooser(tmp_path / "shown.xlsx")
    known = companies(con)
    shown_range = Query(Period(date(2026, 1, 1), date(2026, 1, 20)), company_id=1)
    button = install_export(
        proxied, lambda: table_heading("Sales by product", known, shown_range),
        choose_path=chooser, currency_fn=lambda: company_currency(known, 1),
    )  # fmt: skip
    action = next(a for a in proxied.actions() if a.text() == EXPORT_TEXT)
    assert proxied.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert button.text() == EXPORT_TEXT
    with qtbot.waitSignal(button.exporter.exported, timeout=WAIT_MS) as done:
        action.trigger()
    assert done.args == [str(tmp_path / "shown.xlsx")]
    assert chooser.asked == [(file_name("Sales by product", today("Asia/Jakarta")), "")]

    shown = (
        products.filter(pl.col("category").str.contains("Snacks|Beverages|Dairy"))
        .sort("revenue", descending=True)
        .select("product", "category", "margin", "revenue", "gross_profit")
    )
    assert 0 < shown.height < products.height
    sheet = load(tmp_path / "shown.xlsx").active
    header, titles, rows = table_of(sheet)
    assert titles == ["Product", "Category", "Margin", "Revenue", "Gross profit"]
    assert rows == [list(r) for r in shown.iter_rows()]
    # a product without a known cost has no margin: its cell stays empty, so read a known one
    known = next(i for i, r in enumerate(rows) if r[2] is not None)
    assert formats_of(sheet, header + 1 + known, 5) == [
        "General", "General", "0.0%", '"Rp "#,##0', '"Rp "#,##0',
    ]  # fmt: skip
    assert heading_of(sheet, header)[:2] == [
        "Sales by product",
        "NK Mart · 01 Jan 2026 – 20 Jan 2026",
    ]


def test_the_button_exports_the_apps_sorted_table_in_a_worker(
    qtbot, products, tmp_path, monkeypatch
):
    window = QMainWindow()
    table = FrameTable(COLUMNS)
    window.setCentralWidget(table)
    qtbot.addWidget(window)
    table.set_frame(products, "Rp")
    table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by quantity, as a header click does
    threads = []
    real = export_actions.export_frame

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(export_actions, "export_frame", recording)
    button = install_export(
        table, lambda: "Sales by product", choose_path=Chooser(tmp_path / "t.xlsx")
    )
    with qtbot.waitSignal(button.exporter.exported, timeout=WAIT_MS):
        button.click()
        assert not button.isEnabled()  # one export at a time
    assert threads and threads[0] is not threading.main_thread()
    assert button.isEnabled()
    _, titles, rows = table_of(load(tmp_path / "t.xlsx").active)
    assert titles == [c.title for c in COLUMNS]
    keys = [c.key for c in COLUMNS]
    by_quantity = [list(r) for r in products.select(keys).iter_rows()]
    by_quantity.sort(key=lambda r: r[2])  # the table's own stable sort
    assert rows == by_quantity
    assert (
        window.statusBar().currentMessage()
        == f"Exported {products.height:,} rows to {tmp_path / 't.xlsx'}"
    )


def test_a_file_open_in_excel_asks_for_another_name(qtbot, proxied, tmp_path, monkeypatch):
    locked, other = tmp_path / "locked.xlsx", tmp_path / "other.xlsx"
    locked.write_bytes(b"open in Excel")
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst) == locked:
            raise PermissionError(13, "The process cannot access the file", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    chooser = Chooser(locked, other)
    button = install_export(proxied, lambda: "Products", choose_path=chooser)
    with qtbot.waitSignal(button.exporter.exported, timeout=WAIT_MS) as done:
        button.click()
    assert done.args == [str(other)]
    assert chooser.asked[1] == (
        "locked.xlsx",
        "locked.xlsx is open in another program (Excel?): close it or choose another name",
    )
    assert locked.read_bytes() == b"open in Excel"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locked.xlsx", "other.xlsx"]


def test_giving_up_on_a_locked_file_says_why(qtbot, proxied, tmp_path, monkeypatch):
    def refused(src, dst):
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(os, "replace", refused)
    button = install_export(
        proxied, lambda: "Products", choose_path=Chooser(tmp_path / "a.xlsx", None)
    )
    with qtbot.waitSignal(button.exporter.failed, timeout=WAIT_MS) as failed:
        button.click()
    assert failed.args == [
        "a.xlsx is open in another program (Excel?): close it or choose another name"
    ]
    assert list(tmp_path.iterdir()) == []


def test_the_context_menu_works_without_the_button(qtbot, proxied, tmp_path):
    button = install_export(proxied, lambda: "Products", choose_path=Chooser(tmp_path / "a.xlsx"))
    button.deleteLater()  # a caller that only wants the context menu
    qtbot.waitUntil(lambda: not shiboken6.isValid(button))
    exporter = proxied.findChild(Exporter)
    with qtbot.waitSignal(exporter.exported, timeout=WAIT_MS):
        next(a for a in proxied.actions() if a.text() == EXPORT_TEXT).trigger()
    assert (tmp_path / "a.xlsx").exists()


def test_a_cancelled_dialog_writes_nothing(qtbot, proxied, tmp_path):
    button = install_export(proxied, lambda: "Products", choose_path=Chooser(None))
    with qtbot.assertNotEmitted(button.exporter.exported, wait=200):
        button.click()
    assert button.isEnabled() and list(tmp_path.iterdir()) == []


def test_the_suggested_name_is_dated_by_the_apps_clock_in_the_business_timezone(
    qtbot, proxied, moved_clock
):
    for zone, day in ((None, "2031-05-05"), ("Asia/Jakarta", "2031-05-05"), ("UTC", "2031-05-04")):
        chooser = Chooser(None)
        button = install_export(
            proxied, lambda: "Products", choose_path=chooser,
            timezone=None if zone is None else (lambda z=zone: z),
        )  # fmt: skip
        button.click()
        assert chooser.asked == [(f"Products {day}.xlsx", "")], zone


def test_an_export_that_cannot_be_done_is_reported(qtbot, proxied, tmp_path, monkeypatch):
    monkeypatch.setattr(book_module, "EXCEL_ROWS", 6)
    button = install_export(proxied, lambda: "Products", choose_path=Chooser(tmp_path / "a.xlsx"))
    with qtbot.waitSignal(button.exporter.failed, timeout=WAIT_MS) as failed:
        button.click()
    assert "an Excel sheet holds at most" in failed.args[0]
    boxes = [b for b in proxied.findChildren(QMessageBox) if b.isVisible()]
    assert [b.text() for b in boxes] == failed.args  # shown without blocking the window
    assert list(tmp_path.iterdir()) == []


def test_any_item_model_exports_its_shown_values(qtbot, tmp_path):
    model = QStandardItemModel(0, 3)
    model.setHorizontalHeaderLabels(["Cashier", "Revenue", "Orders"])
    for name, revenue, orders in [("Ayu", 1500.5, 12), ("Budi", 900.0, 30), ("Citra", 2100.25, 7)]:
        cells = [QStandardItem(name), QStandardItem(), QStandardItem()]
        cells[1].setData(revenue, Qt.ItemDataRole.DisplayRole)
        cells[2].setData(orders, Qt.ItemDataRole.DisplayRole)
        model.appendRow(cells)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterKeyColumn(0)
    proxy.setFilterRegularExpression("^(Ayu|Citra)$")
    view = QTableView()
    view.setModel(proxy)
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    qtbot.addWidget(view)
    button = install_export(view, lambda: "Cashiers", choose_path=Chooser(tmp_path / "c.xlsx"))
    with qtbot.waitSignal(button.exporter.exported, timeout=WAIT_MS):
        button.click()
    sheet = load(tmp_path / "c.xlsx").active
    header, titles, rows = table_of(sheet)
    assert titles == ["Cashier", "Revenue", "Orders"]
    assert rows == [["Citra", 2100.25, 7], ["Ayu", 1500.5, 12]]
    assert formats_of(sheet, header + 1, 3) == ["General", "#,##0.00", "#,##0"]


def test_the_report_action_exports_the_range_shown(qtbot, export_lake, tmp_path):
    window = QMainWindow()
    qtbot.addWidget(window)
    source = KpiSource(export_lake)
    query = Query(Period(date(2026, 1, 11), date(2026, 1, 20)), 1)
    lake: list[KpiSource | None] = [None]
    chooser = Chooser(tmp_path / "kpi.xlsx")
    action = export_report_action(window, lambda: query, lambda: lake[0], choose_path=chooser)
    assert action.text() == "KPI &report…"
    action.trigger()  # the lake is not open yet
    assert chooser.asked == []
    assert window.statusBar().currentMessage() == "The lake is not open yet: try again in a moment."
    lake[0] = source
    try:
        with qtbot.waitSignal(action.exporter.exported, timeout=WAIT_MS):
            action.trigger()
    finally:
        source.close()
    assert chooser.asked == [("KPI report 2026-01-11 to 2026-01-20.xlsx", "")]
    book = load(tmp_path / "kpi.xlsx")
    assert len(book.sheetnames) == 9
    summary = book["Summary"]
    assert "NK Mart · 11 Jan 2026 – 20 Jan 2026" in heading_of(summary, table_of(summary)[0])[1]
    assert window.statusBar().currentMessage().startswith(f"Wrote {tmp_path / 'kpi.xlsx'}")


def test_a_heading_names_the_company_and_the_period(con):
    known = companies(con)
    january = Period(date(2026, 1, 1), date(2026, 1, 31))
    assert table_heading("Stock", known, Query(january, 2)) == [
        "Stock",
        "NK Mart Bali · 01 Jan 2026 – 31 Jan 2026",
    ]
    assert table_heading("Stock", known.clear(), Query(january))[1].startswith("All companies ·")


def test_suggested_file_names_are_valid_on_windows():
    assert (
        file_name('Spend: "vendors" / Jan?', date(2026, 1, 20))
        == "Spend vendors Jan 2026-01-20.xlsx"
    )
    assert file_name("  ", date(2026, 1, 20)) == "Export 2026-01-20.xlsx"
