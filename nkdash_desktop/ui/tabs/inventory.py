"""Inventory: stock on hand by location and category (at the snapshot nearest the range's end),
and goods moved into and out of the company's locations per day. When the companies selected
trade in several currencies, the stock (valued in money) is that of the companies of the
currency chosen in the range bar; the moves (counted in lines) are of all of them. Native charts only: a web
view costs the UI thread a frame's wait each time its tab is shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.columns import STOCK_ON_HAND
from nkdash_desktop.kpi.companies import CurrencyGroup, of_currency
from nkdash_desktop.kpi.format import Currency
from nkdash_desktop.kpi.inventory import moves_per_day, stock_on_hand
from nkdash_desktop.ui.runtime.locale_format import QT
from nkdash_desktop.ui.runtime.theme import Theme
from nkdash_desktop.ui.runtime.translation import translate
from nkdash_desktop.ui.tabs import INVENTORY
from nkdash_desktop.ui.tabs.base import Dashboard, KpiTab, Query
from nkdash_desktop.ui.widgets.charts import BarChart, DayChart, Series
from nkdash_desktop.ui.widgets.empty import EmptyState
from nkdash_desktop.ui.widgets.table import FrameModel, FrameTable

COLUMNS = STOCK_ON_HAND.on_screen()
NO_STOCK = QT_TRANSLATE_NOOP(
    "Inventory", "No stock snapshot in the lake yet: the next sync takes one."
)
NO_MOVES = QT_TRANSLATE_NOOP("Inventory", "No stock moves in this range.")
CHART_MIN = 420  # the stock chart's narrowest: its category names and a readable bar


@dataclass(frozen=True)
class StockView:
    """The stock table and its chart's bars (value by category), computed in the worker."""

    stock: pl.DataFrame
    table: FrameModel  # the table's rows, built in the worker (a Qt call per cell otherwise)
    day: date | None
    categories: list[str]
    values: list[float]
    texts: list[str]


def stock_view(con: duckdb.DuckDBPyConnection, q: Query, group: CurrencyGroup) -> StockView:
    """The stock of the group's companies (one currency): value per category (money adds up
    within a currency); its quantities per unit of measure, never added across units ("120
    Units, 35 kg")."""
    stock = of_currency(stock_on_hand(con, q.period.start, q.period.end, group.scope),
                        group.currency.code)  # fmt: skip
    symbol: Currency = group.currency
    per_unit = stock.group_by("category", "unit").agg(pl.col("quantity").sum()).sort("unit")
    by_category = (
        stock.group_by("category", "category_name")
        .agg(pl.col("value").sum())
        .join(
            per_unit.group_by("category").agg(
                quantities=pl.concat_str(
                    pl.col("quantity").map_elements(fmt.quantity, return_dtype=pl.String),
                    pl.col("unit"), separator=" ",
                ).str.join(", ")
            ),
            on="category",
        )
        .sort("category")
    )  # fmt: skip
    return StockView(
        stock,
        FrameModel.filled(COLUMNS, stock, symbol),
        stock["snapshot_day"][0] if stock.height else None,
        by_category["category_name"].to_list(),
        by_category["value"].to_list(),
        [
            f"{fmt.money(v, symbol)} · {quantities}"
            for v, quantities in by_category.select("value", "quantities").rows()
        ],
    )


class InventoryTab(KpiTab):
    title = INVENTORY
    follows_currency = True

    def __init__(self, board: Dashboard, parent: QWidget | None = None) -> None:
        super().__init__(board, parent)
        self.stock_chart = BarChart(board.theme, self.tr("Stock value at cost by category"))
        self.table = FrameTable(COLUMNS)
        self.table_stack = EmptyState(self.table)
        # move lines, not quantities: a day's moves are in different units of measure
        self.moves = DayChart(board.theme, self.tr("Stock move lines in and out per day"))
        top = self.top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.stock_chart)
        top.addWidget(
            self.exportable(
                self.table,
                QT_TRANSLATE_NOOP("Tables", "Stock on hand"),
                self.table_stack,
                of_chart_group=True,
                of_days=False,  # a dated snapshot: known whatever days are still to load
            )
        )
        top.setSizes([1000, 1000])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.moves)
        split.setSizes([3000, 2000])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def kpi_jobs(self):
        group = self.board.chart_group  # read here, used in the worker
        empty = self.empty_message(translate("Inventory", NO_MOVES))
        return [
            (lambda con, q: stock_view(con, q, group), self._show_stock),
            (lambda con, q: moves_per_day(con, q.period.start, q.period.end, q.company_id),
             lambda moves, q: self._show_moves(moves, q, empty)),
        ]  # fmt: skip

    def fit_table(self) -> None:
        """The stock table as wide as its columns (the longer Indonesian headings too), the
        chart the rest: at 1366 px half the width made the table scroll sideways, its value
        column out of sight."""
        total = sum(self.top.sizes())
        if total <= 0:
            return
        table = min(self.table.needed_width(), max(total - CHART_MIN, total // 2))
        self.top.setSizes([total - table, table])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_table()

    def _show_stock(self, view: StockView, query: Query) -> None:
        self.table.set_model(view.table)
        self.fit_table()
        if view.stock.height == 0:
            self.table_stack.show_message(translate("Inventory", NO_STOCK))
            self.stock_chart.set_data([], [], [], translate("Inventory", NO_STOCK))
            return
        self.table_stack.show_content()
        end = query.period.end
        taken = (
            ""
            if view.day == end
            else self.tr(" (stock levels read on {day})").format(day=QT.day(view.day))
        )
        note = self.board.chart_note
        whose = f" ({note})" if note else ""
        self.stock_chart.title = (
            self.tr("Stock value at cost by category on {day}").format(day=QT.day(end))
            + whose
            + taken
        )
        self.stock_chart.set_data(
            view.categories, view.values, view.texts, translate("Inventory", NO_STOCK)
        )

    def _show_moves(self, moves: pl.DataFrame, query: Query, empty: str) -> None:
        t = self.board.theme
        self.moves.set_data(
            moves["day"].to_list(),
            [
                Series(self.tr("In"), moves["moves_in"].to_list(), t.profit, "bar", "count"),
                Series(
                    self.tr("Out"),
                    [-v for v in moves["moves_out"].to_list()],
                    t.negative,
                    "bar",
                    "count",
                ),
            ],
            empty=empty,
        )

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.stock_chart.set_theme(theme)
        self.moves.set_theme(theme)
