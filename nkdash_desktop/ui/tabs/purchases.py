"""Purchases: spend per vendor in the range, and the purchase price of a chosen product over its
whole history with the range shaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from nkdash_desktop.kpi.columns import SPEND_BY_VENDOR
from nkdash_desktop.kpi.companies import split_by_currency
from nkdash_desktop.kpi.purchases import cost_trend, costed_products, spend_by_vendor
from nkdash_desktop.kpi.sql import Companies
from nkdash_desktop.ui.runtime.tasks import run_task
from nkdash_desktop.ui.runtime.theme import Theme
from nkdash_desktop.ui.runtime.translation import translate
from nkdash_desktop.ui.tabs import PURCHASES
from nkdash_desktop.ui.tabs.base import Dashboard, KpiTab, Query
from nkdash_desktop.ui.widgets.charts import DayChart, Series
from nkdash_desktop.ui.widgets.empty import EmptyState
from nkdash_desktop.ui.widgets.table import FrameTable

NO_PURCHASES = QT_TRANSLATE_NOOP("Purchases", "No vendor bills in this range.")
NO_COST_HISTORY = QT_TRANSLATE_NOOP(
    "Purchases", "No product has been bought yet: the cost trend needs vendor bills."
)
NOT_BOUGHT = QT_TRANSLATE_NOOP("Purchases", "{product} (not bought in this range)")
TREND_TITLE = QT_TRANSLATE_NOOP("Purchases", "Purchase price per unit")


def history(con: duckdb.DuckDBPyConnection, product_id: int, companies: Companies):
    """The product's unit prices per day over every bill the lake has, of `companies` (of one
    currency: the range bar's)."""
    return per_day(cost_trend(con, product_id, date.min, date.max, companies))


@dataclass(frozen=True)
class PurchasesData:
    vendors: pl.DataFrame
    products: pl.DataFrame
    product_id: int | None
    trend: pl.DataFrame | None  # unit prices per day (per_day)


def per_day(trend: pl.DataFrame) -> pl.DataFrame:
    """Quantity-weighted unit prices per day (a day may have several bills)."""
    return (
        trend.group_by("day")
        .agg(
            net_unit_price=(pl.col("net_unit_price") * pl.col("quantity")).sum()
            / pl.col("quantity").sum(),
            unit_cost_tax_in=pl.when(pl.col("unit_cost_tax_in").is_not_null().all()).then(
                (pl.col("unit_cost_tax_in") * pl.col("quantity")).sum() / pl.col("quantity").sum()
            ),
        )
        .sort("day")
    )


class PurchasesTab(KpiTab):
    title = PURCHASES
    # the cost trend: the chosen currency's companies (prices of two currencies never share
    # an axis); the vendor table has a Currency column
    follows_currency = True
    trend_rendered = Signal()

    def __init__(self, board: Dashboard, parent: QWidget | None = None) -> None:
        super().__init__(board, parent)
        self.table = FrameTable(SPEND_BY_VENDOR.on_screen())
        self.table_stack = EmptyState(self.table)
        self.product = QComboBox()
        self.product.setMinimumContentsLength(30)
        self.product.activated.connect(self._product_chosen)
        self._product_ids: list[int] = []  # the chooser's products, in its order
        self.wanted: int | None = None  # a product asked for before the list had it
        self.trend = DayChart(board.theme, translate("Purchases", TREND_TITLE))
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel(self.tr("Cost trend of")))
        chooser.addWidget(self.product, 1)
        trend_box = QWidget()
        trend_layout = QVBoxLayout(trend_box)
        trend_layout.setContentsMargins(0, 0, 0, 0)
        trend_layout.addLayout(chooser)
        trend_layout.addWidget(self.trend, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(
            self.exportable(
                self.table, QT_TRANSLATE_NOOP("Tables", "Spend by vendor"), self.table_stack
            )
        )
        split.addWidget(trend_box)
        split.setSizes([1000, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    @property
    def product_id(self) -> int | None:
        i = self.product.currentIndex()
        return self._product_ids[i] if 0 <= i < len(self._product_ids) else None

    def show_product(self, product_id: int) -> None:
        """Show `product_id`'s cost trend (a "Needs attention" line's product): now when the
        list has it, else at the next load."""
        if product_id in self._product_ids:
            index = self._product_ids.index(product_id)
            self.product.setCurrentIndex(index)
            self._product_chosen(index)
        else:
            self.wanted = product_id

    def kpi_jobs(self):
        # read on the UI thread; the fetch runs in a worker
        selected = self.wanted if self.wanted is not None else self.product_id
        self.wanted = None
        scope = self.board.chart_group.scope
        empty = self.empty_message(translate("Purchases", NO_PURCHASES))
        return [(lambda con, q: self._fetch(con, q, selected, scope),
                 lambda data, q: self._show(data, q, empty))]  # fmt: skip

    @staticmethod
    def _fetch(
        con: duckdb.DuckDBPyConnection, q: Query, selected: int | None, scope: Companies
    ) -> PurchasesData:
        """The vendors, every product with a cost history in the chosen currency's companies
        (`scope`), and the history of the product still selected (else of the product with the
        largest spend in the range)."""
        start, end = q.period.start, q.period.end
        products = costed_products(con, start, end, scope)
        ids = products["product_id"].to_list()
        chosen = selected if selected in ids else (ids[0] if ids else None)
        trend = None if chosen is None else history(con, chosen, scope)
        vendors = split_by_currency(spend_by_vendor, con, start, end, q.company_id)
        return PurchasesData(vendors, products, chosen, trend)

    def _show(self, data: PurchasesData, query: Query, empty: str) -> None:
        self.table.set_frame(data.vendors, self.board.currency)
        if data.vendors.height:
            self.table_stack.show_content()
        else:
            self.table_stack.show_message(empty)
        # one call for all the names (a call per product would wait for the interpreter lock
        # each time while a sync runs)
        not_bought = translate("Purchases", NOT_BOUGHT)
        names = [
            name if spend != 0 else not_bought.format(product=name)
            for name, spend in zip(
                data.products["product"].to_list(), data.products["spend"].to_list(), strict=True
            )
        ]
        self._product_ids = data.products["product_id"].to_list()
        self.product.clear()
        self.product.addItems(names)
        ids = self._product_ids
        self.product.setCurrentIndex(ids.index(data.product_id) if data.product_id in ids else 0)
        self._show_trend(data.trend, query)

    def _show_trend(self, days: pl.DataFrame | None, query: Query) -> None:
        """`days`: the product's unit prices per day (per_day, computed in the worker), drawn
        over its whole history with the range shaded."""
        note = self.board.chart_note
        title = translate("Purchases", TREND_TITLE)
        self.trend.title = f"{title} ({note})" if note else title
        if days is None or days.height == 0:
            self.trend.set_data([], [], empty=translate("Purchases", NO_COST_HISTORY))
            return
        t = self.board.theme
        self.trend.set_data(
            days["day"].to_list(),
            [
                Series(
                    self.tr("Net unit price"),
                    days["net_unit_price"].to_list(),
                    t.revenue,
                    "line",
                    markers=True,
                ),
                Series(
                    self.tr("Unit cost with taxes"),
                    days["unit_cost_tax_in"].to_list(),
                    t.profit,
                    "line",
                    markers=True,
                ),
            ],
            self.board.chart_group.currency,
            shade=(query.period.start, query.period.end),
        )

    def _product_chosen(self, _: int) -> None:
        source, query, product = self.board.source, self.board.query, self.product_id
        if source is None or product is None:
            return
        scope = self.board.chart_group.scope

        def fetch() -> pl.DataFrame:
            with source.cursor() as con:
                return history(con, product, scope)

        def show(trend: pl.DataFrame) -> None:
            if self.board.query == query and self.product_id == product:
                self._show_trend(trend, query)
                self.trend_rendered.emit()

        run_task(fetch, show, pool=self.board.pools.queries, owner=self)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.trend.set_theme(theme)
