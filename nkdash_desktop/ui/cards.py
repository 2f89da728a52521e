"""The KPI cards: a figure, its change against the previous period, a note, a LIVE tag."""

from __future__ import annotations

import polars as pl
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.summary import CARDS, METRICS
from nkdash_desktop.ui.theme import Theme, style

NO_COST = "no cost data yet"


class KpiCard(QFrame):
    def __init__(self, metric: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KpiCard")
        style(self, "card")
        self.key = metric
        self.title = QLabel(METRICS[metric].label)
        self.title.setObjectName("CardTitle")
        self.live_tag = QLabel("LIVE")
        self.live_tag.setObjectName("LiveTag")
        self.live_tag.hide()
        self.value = QLabel(fmt.NO_VALUE)
        self.value.setObjectName("CardValue")
        self.change = QLabel("")
        self.note = QLabel("")
        self.note.setObjectName("CardNote")
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.live_tag)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.value)
        layout.addWidget(self.change)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def show_figures(
        self, row: dict, symbol: str, theme: Theme, note: str = "", live: bool = False
    ) -> None:
        kind = row["kind"]
        self.value.setText(fmt.figure(kind, row["current"], symbol))
        change = row["change"]
        if change is None:
            self.change.setText("")
        else:
            self.change.setText(f"{fmt.change(kind, change)} vs previous period")
            style(self.change, "positive" if change >= 0 else "negative")
        self.change.setToolTip(f"previous period: {fmt.figure(kind, row['previous'], symbol)}")
        self.note.setText(note)
        self.live_tag.setVisible(live)


class CardRow(QWidget):
    """The six cards of the Overview, filled from a `summary` frame."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = {m: KpiCard(m) for m in CARDS}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for i, card in enumerate(self.cards.values()):
            layout.addWidget(card, 0, i)

    def show_summary(
        self, frame: pl.DataFrame, symbol: str, theme: Theme, live: bool = False
    ) -> None:
        rows = {r["metric"]: r for r in frame.iter_rows(named=True)}
        for metric, card in self.cards.items():
            card.show_figures(
                rows[metric], symbol, theme, self._note(metric, rows, live), live=live
            )

    @staticmethod
    def _note(metric: str, rows: dict[str, dict], live: bool) -> str:
        if live and metric in ("gross_profit", "margin", "quantity"):
            return "not live: Odoo's totals have no cost or quantity"
        if live:
            return "live from Odoo"
        if metric in ("gross_profit", "margin"):
            coverage = rows["profit_coverage"]["current"]
            if rows[metric]["current"] is None:
                return NO_COST
            if coverage is not None and coverage < 0.999:
                return f"profit computed for {fmt.percent(coverage)} of the revenue"
            missing = rows["cost_missing_lines"]["current"] or 0
            if metric == "margin" and missing:
                return f"{fmt.count(missing)} lines sold without a known cost"
        return ""
