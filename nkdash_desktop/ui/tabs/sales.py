"""Sales: when (hour x weekday), what (category treemap), how customers pay, who sold. When the
companies selected trade in several currencies, the charts show the companies of the currency
chosen in the range bar, and their titles say so."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nkdash_desktop.kpi import sales
from nkdash_desktop.kpi.companies import CurrencyGroup, of_currency
from nkdash_desktop.kpi.format import Currency
from nkdash_desktop.ui.runtime.theme import Theme
from nkdash_desktop.ui.runtime.translation import translate
from nkdash_desktop.ui.tabs import SALES
from nkdash_desktop.ui.tabs.base import Dashboard, KpiTab, Query
from nkdash_desktop.ui.widgets import figures
from nkdash_desktop.ui.widgets.plotly_view import PlotlyView

Figure = Callable[[pl.DataFrame, Theme, Currency | str], figures.Figure]
NO_POS_SALES = QT_TRANSLATE_NOOP("Sales", "No POS sales in this range.")
NO_SALES = QT_TRANSLATE_NOOP("Sales", "No sales in this range.")
# panel -> (query, figure, what an empty range says)
PANELS: dict[str, tuple[Callable, Figure, str]] = {
    "heatmap": (sales.sales_heatmap, figures.heatmap, NO_POS_SALES),
    "categories": (sales.sales_by_category, figures.category_treemap, NO_SALES),
    "payments": (sales.sales_by_payment_method, figures.payment_methods, NO_SALES),
    "cashiers": (sales.sales_by_cashier, figures.cashiers, NO_SALES),
}


class SalesTab(KpiTab):
    title = SALES
    follows_currency = True

    def __init__(self, board: Dashboard, parent: QWidget | None = None) -> None:
        super().__init__(board, parent)
        self.charts = PlotlyView(list(PANELS), board.theme, columns=2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.charts)

    def kpi_jobs(self):
        # read here, used in the workers
        theme, group, note = self.board.theme, self.board.chart_group, self.board.chart_note
        # a range wholly of days still loading shows nothing (a dataset loaded early is not the
        # range's sales); an empty one says it is loading, not "no sales"
        missing, period = self.board.not_loaded(), self.board.query.period
        covered = missing is not None and missing.covers(period.start, period.end)
        empties = {panel: self.empty_message(translate("Sales", PANELS[panel][2]))
                   for panel in PANELS}  # fmt: skip
        return [
            (lambda con, q, panel=panel: self._figure(panel, con, q, theme, group, note),
             lambda fig, q, panel=panel: self._show(panel, None if covered else fig,
                                                    empties[panel]))
            for panel in PANELS
        ]  # fmt: skip

    @staticmethod
    def _figure(
        panel: str, con, q: Query, theme: Theme, group: CurrencyGroup, note: str
    ) -> str | None:
        """Worker thread: the panel's figure of the group's companies as JSON, or None for an
        empty range."""
        query, figure, _ = PANELS[panel]
        frame = of_currency(query(con, q.period.start, q.period.end, group.scope),
                            group.currency.code)  # fmt: skip
        if not frame.height:
            return None
        return figures.to_json(figures.whose(figure(frame, theme, group.currency), note))

    def _show(self, panel: str, fig: str | None, empty: str) -> None:
        if fig is None:
            self.charts.show_empty(panel, empty)
        else:
            self.charts.show_figure(panel, fig)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.charts.set_theme(theme)
