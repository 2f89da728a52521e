"""Sales: when (hour x weekday), what (category treemap), how customers pay, who sold."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nkdash_desktop.kpi import sales
from nkdash_desktop.ui import figures
from nkdash_desktop.ui.plotly_view import PlotlyView
from nkdash_desktop.ui.tabs.base import Dashboard, KpiTab, Query
from nkdash_desktop.ui.theme import Theme

Figure = Callable[[pl.DataFrame, Theme, str], figures.Figure]
# panel -> (query, figure, what an empty range says)
PANELS: dict[str, tuple[Callable, Figure, str]] = {
    "heatmap": (sales.sales_heatmap, figures.heatmap, "No POS sales in this range."),
    "categories": (sales.sales_by_category, figures.category_treemap, "No sales in this range."),
    "payments": (sales.sales_by_payment_method, figures.payment_methods, "No sales in this range."),
    "cashiers": (sales.sales_by_cashier, figures.cashiers, "No sales in this range."),
}


class SalesTab(KpiTab):
    title = "Sales"

    def __init__(self, board: Dashboard, parent: QWidget | None = None) -> None:
        super().__init__(board, parent)
        self.charts = PlotlyView(list(PANELS), board.theme, columns=2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.charts)

    def kpi_jobs(self):
        theme, symbol = self.board.theme, self.board.symbol  # read here, used in the workers
        return [
            (lambda con, q, panel=panel: self._figure(panel, con, q, theme, symbol),
             lambda fig, q, panel=panel: self._show(panel, fig))
            for panel in PANELS
        ]  # fmt: skip

    @staticmethod
    def _figure(panel: str, con, q: Query, theme: Theme, symbol: str) -> str | None:
        """Worker thread: the panel's figure as JSON, or None for an empty range."""
        query, figure, _ = PANELS[panel]
        frame = query(con, q.period.start, q.period.end, q.company_id)
        return figures.to_json(figure(frame, theme, symbol)) if frame.height else None

    def _show(self, panel: str, fig: str | None) -> None:
        if fig is None:
            self.charts.show_empty(panel, PANELS[panel][2])
        else:
            self.charts.show_figure(panel, fig)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.charts.set_theme(theme)
