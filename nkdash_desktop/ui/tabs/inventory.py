"""Inventory: stock on hand by location and category (at the snapshot nearest the range's end),
and goods moved into and out of the company's locations per day."""

from __future__ import annotations

import polars as pl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from nkdash_desktop.kpi.inventory import moves_per_day, stock_on_hand
from nkdash_desktop.ui import figures
from nkdash_desktop.ui.charts import DayChart, Series
from nkdash_desktop.ui.empty import EmptyState
from nkdash_desktop.ui.plotly_view import PlotlyView
from nkdash_desktop.ui.table import Column, FrameTable
from nkdash_desktop.ui.tabs.base import Dashboard, KpiTab, Query
from nkdash_desktop.ui.theme import Theme

COLUMNS = [
    Column("location", "Location"),
    Column("category", "Category"),
    Column("products", "Products", "count"),
    Column("quantity", "On hand", "quantity"),
    Column("value", "Value at cost", "money"),
]
NO_STOCK = "No stock snapshot in the lake yet: the next sync takes one."
NO_MOVES = "No stock moves in this range."


class InventoryTab(KpiTab):
    title = "Inventory"

    def __init__(self, board: Dashboard, parent: QWidget | None = None) -> None:
        super().__init__(board, parent)
        self.stock_chart = PlotlyView(["stock"], board.theme, columns=1)
        self.table = FrameTable(COLUMNS)
        self.table_stack = EmptyState(self.table)
        self.moves = DayChart(board.theme, "Goods in and out per day (units)")
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.stock_chart)
        top.addWidget(self.table_stack)
        top.setSizes([1000, 1000])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.moves)
        split.setSizes([3000, 2000])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def kpi_jobs(self):
        theme, symbol = self.board.theme, self.board.symbol  # read here, used in a worker
        return [
            (lambda con, q: self._stock(con, q, theme, symbol), self._show_stock),
            (lambda con, q: moves_per_day(con, q.period.start, q.period.end, q.company_id),
             self._show_moves),
        ]  # fmt: skip

    @staticmethod
    def _stock(con, q: Query, theme: Theme, symbol: str) -> tuple[pl.DataFrame, str | None]:
        """Worker thread: the stock table and its treemap's JSON (None without a snapshot)."""
        stock = stock_on_hand(con, q.period.start, q.period.end, q.company_id)
        fig = figures.to_json(figures.stock_treemap(stock, theme, symbol)) if stock.height else None
        return stock, fig

    def _show_stock(self, found: tuple[pl.DataFrame, str | None], query: Query) -> None:
        stock, fig = found
        self.table.set_frame(stock, self.board.symbol)
        if fig is None:
            self.table_stack.show_message(NO_STOCK)
            self.stock_chart.show_empty("stock", NO_STOCK)
            return
        self.table_stack.show_content()
        self.stock_chart.show_figure("stock", fig)

    def _show_moves(self, moves: pl.DataFrame, query: Query) -> None:
        t = self.board.theme
        self.moves.set_data(
            moves["day"].to_list(),
            [
                Series("In", moves["quantity_in"].to_list(), t.profit, "bar", "quantity"),
                Series(
                    "Out",
                    [-v for v in moves["quantity_out"].to_list()],
                    t.negative,
                    "bar",
                    "quantity",
                ),
            ],
            empty=NO_MOVES,
        )

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.stock_chart.set_theme(theme)
        self.moves.set_theme(theme)
