"""Profit: gross profit and margin per product (with the share of each one's revenue sold
without a known cost), the products sold without any known cost listed apart (margin "—",
never 100%), and the margin per day."""

from __future__ import annotations

import polars as pl
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.columns import PRODUCTS_WITHOUT_COST, PROFIT_BY_PRODUCT
from nkdash_desktop.kpi.companies import of_currency, split_by_currency
from nkdash_desktop.kpi.profit import margin_trend, products_without_cost, profit_by_product
from nkdash_desktop.ui.runtime.theme import Theme, style
from nkdash_desktop.ui.runtime.translation import translate
from nkdash_desktop.ui.tabs import PROFIT
from nkdash_desktop.ui.tabs.base import Dashboard, KpiTab, Query
from nkdash_desktop.ui.widgets.charts import DayChart, Series
from nkdash_desktop.ui.widgets.empty import EmptyState
from nkdash_desktop.ui.widgets.table import FrameTable

NO_COST_TITLE = QT_TRANSLATE_NOOP("Tables", "Sold without a known cost (margin unknown)")
NO_PROFIT = QT_TRANSLATE_NOOP(
    "Profit",
    "No cost data yet for this range: gross profit appears once profit has been computed "
    "(after the next sync).",
)
# profit is computed when a run's days are all in (a product's cost reads every bill up to the
# day it sold, older ones included): during a history load nothing of it is final yet
PROFIT_LOADING = QT_TRANSLATE_NOOP(
    "Profit",
    "History still loading: gross profit is computed once every day of the history is in.",
)


class ProfitTab(KpiTab):
    title = PROFIT
    follows_currency = True  # the margin per day: the chosen currency's companies

    def __init__(self, board: Dashboard, parent: QWidget | None = None) -> None:
        super().__init__(board, parent)
        self.empty = ""  # what an empty table or chart says, chosen as a reload starts
        self.table = FrameTable(PROFIT_BY_PRODUCT.on_screen())
        self.table_stack = EmptyState(self.table)
        self.no_cost = FrameTable(PRODUCTS_WITHOUT_COST.on_screen())
        self.no_cost.setToolTip(
            self.tr(
                "No purchase cost is known for these products on or before the days they were "
                "sold: they are left out of gross profit and margin rather than counted at cost 0."
            )
        )
        self.no_cost_box = QWidget()
        box = QVBoxLayout(self.no_cost_box)
        box.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(translate("Tables", NO_COST_TITLE))
        style(heading, "muted")
        box.addWidget(heading)
        box.addWidget(self.exportable(self.no_cost, NO_COST_TITLE, self.no_cost), 1)
        self.trend = DayChart(board.theme, self.tr("Margin per day"))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(
            self.exportable(
                self.table, QT_TRANSLATE_NOOP("Tables", "Profit by product"), self.table_stack
            )
        )
        split.addWidget(self.no_cost_box)
        split.addWidget(self.trend)
        split.setSizes([3000, 1200, 2000])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def empty_message(self, message: str) -> str:
        if self.board.loading_history():
            return translate("Profit", PROFIT_LOADING)
        return message

    def export_refusal(self) -> str:
        if self.board.loading_history():
            return translate(
                "Profit",
                "History still loading: gross profit is computed once every day of the history is in; "
                "export again when the banner above the tabs is gone.",
            )
        return super().export_refusal()

    def kpi_jobs(self):
        self.empty = self.empty_message(translate("Profit", NO_PROFIT))  # as the reload starts
        return [
            (lambda con, q: split_by_currency(profit_by_product, con, q.period.start,
                                              q.period.end, q.company_id),
             self._show_products),
            (lambda con, q: split_by_currency(products_without_cost, con, q.period.start,
                                              q.period.end, q.company_id),
             self._show_no_cost),
            (lambda con, q, group=self.board.chart_group: of_currency(
                margin_trend(con, q.period.start, q.period.end, group.scope),
                group.currency.code),
             self._show_trend),
        ]  # fmt: skip

    def _show_products(self, frame: pl.DataFrame, query: Query) -> None:
        self.table.set_frame(frame, self.board.currency)
        if frame.height:
            self.table_stack.show_content()
        else:
            self.table_stack.show_message(self.empty)

    def _show_no_cost(self, frame: pl.DataFrame, query: Query) -> None:
        self.no_cost.set_frame(frame, self.board.currency)
        self.no_cost_box.setVisible(frame.height > 0)

    def _show_trend(self, frame: pl.DataFrame, query: Query) -> None:
        note = self.board.chart_note
        title = (
            self.tr("Margin per day ({currency})").format(currency=note)
            if note
            else self.tr("Margin per day")
        )
        # a margin partly made of Odoo's standard costs says how much of it is an estimate
        revenue = frame["revenue"].sum() if frame.height else 0
        standard = sum(  # plain Python: a polars query on the UI thread waits for the workers
            (share or 0) * (amount or 0)
            for share, amount in zip(
                frame["cost_standard_share"].to_list(), frame["revenue"].to_list(), strict=True
            )
        )
        if revenue and standard:
            title += self.tr(" · {share} of revenue at Odoo's standard cost").format(
                share=fmt.percent(standard / revenue)
            )
        self.trend.title = title
        self.trend.set_data(
            frame["day"].to_list(),
            [
                Series(
                    self.tr("Margin"),
                    frame["margin"].to_list(),
                    self.board.theme.profit,
                    "line",
                    "ratio",
                )
            ],
            self.board.chart_group.currency,
            empty=self.empty,
        )

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.trend.set_theme(theme)
