"""The KPI cards: a figure, its change against the previous period, a note, a LIVE tag."""

from __future__ import annotations

import polars as pl
from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.summary import CARDS, METRICS, currency_of, rows_of
from nkdash_desktop.ui.runtime.theme import Theme, style
from nkdash_desktop.ui.runtime.translation import translate

NO_COST = QT_TRANSLATE_NOOP("Cards", "no cost data yet")
NO_PREVIOUS = QT_TRANSLATE_NOOP("Cards", "no data for the previous period")
NOT_LOADED = QT_TRANSLATE_NOOP("Cards", "its days are still loading")
CHANGE_NOT_LOADED = QT_TRANSLATE_NOOP(
    "Cards", "History still loading: the change is known once both periods are in."
)
LIVE_METRICS = ("revenue", "transactions", "average_basket")  # what Odoo's own totals give
LIVE_HELP = QT_TRANSLATE_NOOP(
    "Cards",
    "LIVE: today's figure comes straight from Odoo, refreshed every few minutes (the lake holds"
    " the days up to yesterday). Gross profit, margin and quantity are not live: Odoo's totals"
    " carry no cost or quantity.",
)
HELP = {
    "revenue": QT_TRANSLATE_NOOP(
        "Cards", "Sales with taxes: POS orders and customer invoices, refunds deducted."
    ),
    "gross_profit": QT_TRANSLATE_NOOP(
        "Cards",
        "Revenue minus the cost of the goods sold (quantity × the latest purchase"
        " cost known on the day, taxes included), for the sales lines whose cost is known.",
    ),
    "margin": QT_TRANSLATE_NOOP(
        "Cards",
        "Gross profit ÷ revenue, counting only the sales lines whose cost is known: lines"
        " sold without a known cost are left out of both.",
    ),
    "transactions": QT_TRANSLATE_NOOP(
        "Cards", "POS orders and customer invoices (a refund counts as one)."
    ),
    "average_basket": QT_TRANSLATE_NOOP("Cards", "Revenue ÷ transactions."),
    "quantity": QT_TRANSLATE_NOOP("Cards", "Units sold, refunds deducted."),
}


class KpiCard(QFrame):
    def __init__(self, metric: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KpiCard")
        style(self, "card")
        self.key = metric
        self.title = QLabel(METRICS[metric].label)
        self.title.setObjectName("CardTitle")
        self.setToolTip(translate("Cards", HELP[metric]) if metric in HELP else "")
        self.live_tag = QLabel(self.tr("LIVE"))
        self.live_tag.setObjectName("LiveTag")
        self.live_tag.setToolTip(translate("Cards", LIVE_HELP))
        self.live_tag.hide()
        self.value = QLabel(fmt.NO_VALUE)
        self.value.setObjectName("CardValue")
        self.change = QLabel("")
        self.change.setWordWrap(True)  # a sentence ("no data for …") may wrap; "+4.1%" cannot
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
        self,
        rows: list[dict],
        theme: Theme,
        note: str = "",
        live: bool = False,
        compared: str = "previous period",
        previous: Period | None = None,
        known: bool = True,
        change_known: bool = True,
    ) -> None:
        """The metric's figure, or one line per currency (amounts of two currencies are never
        added: kpi.summary gives a money figure or ratio once per currency). `compared`: what
        the change is against, in words; `previous`: that period, or None when the lake has no
        data for it (then no change is shown, and the card says so). Not `known`: the range's
        days are still loading (a history load), so its figure is unknown, never a zero; not
        `change_known`: the period compared with is (partly) still loading."""
        kind = rows[0]["kind"]
        if not known or all(r["current"] is None for r in rows):  # unknown: one dash
            rows = [{**rows[0], "current": None}]
        split = len(rows) > 1
        lines = [fmt.figure(kind, r["current"], currency_of(r)) for r in rows]
        if split and kind != "money":  # a ratio has no symbol: name its currency
            lines = [f"{line} ({r['currency']})" for line, r in zip(lines, rows, strict=True)]
        self.value.setText("\n".join(lines))
        if not (known and change_known):  # against days not loaded: no change to tell yet
            self.change.setText(fmt.NO_VALUE)
            style(self.change, "muted")
            self.change.setToolTip(translate("Cards", CHANGE_NOT_LOADED))
        elif previous is None:
            self.change.setText(translate("Cards", NO_PREVIOUS))
            style(self.change, "muted")
            self.change.setToolTip("")
        else:  # what it is against: the row's caption
            changes = [r for r in rows if r["change"] is not None]
            self.change.setText(
                " · ".join(
                    f"{currency_of(r).label} {fmt.change(kind, r['change'])}" if split
                    else fmt.change(kind, r["change"])
                    for r in changes
                )
            )  # fmt: skip
            if changes:
                style(self.change, "positive" if changes[0]["change"] >= 0 else "negative")
            was = ", ".join(fmt.figure(kind, r["previous"], currency_of(r)) for r in rows)
            self.change.setToolTip(
                self.tr("{compared}, {period}: {figures}").format(
                    compared=compared, period=previous.label(), figures=was
                )
            )
        self.note.setText(note if known else translate("Cards", NOT_LOADED))
        self.live_tag.setVisible(live)


class CardRow(QWidget):
    """The six cards of the Overview, filled from a `summary` frame, under a caption that says
    what their changes are against. The cards sit in one row when their figures fit side by
    side, else in two or three rows: a figure is never wrapped or cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = {m: KpiCard(m) for m in CARDS}
        self.caption = QLabel("")
        style(self.caption, "muted")
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addLayout(self.grid)
        self.columns = 0
        self.measure()
        self._arrange(len(self.cards))

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for card in self.cards.values():
            self.grid.removeWidget(card)
        for i, card in enumerate(self.cards.values()):
            self.grid.addWidget(card, i // columns, i % columns)
        for c in range(len(self.cards)):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)
        self.updateGeometry()

    def _columns_for(self, width: int) -> int:
        widest, spacing = self._widest, self._spacing
        for columns in (6, 3, 2):
            if columns * widest + (columns - 1) * spacing <= width:
                return columns
        return 1

    def measure(self) -> None:
        """The widest card's need, after the figures changed (a Qt call per card: not on
        every resize, which a sync's progress updates trigger)."""
        self._widest = max(card.minimumSizeHint().width() for card in self.cards.values())
        self._spacing = max(self.grid.horizontalSpacing(), 0)

    def fit(self) -> None:
        """One, two or three rows of cards, whichever lets every figure show whole."""
        self._arrange(self._columns_for(self.width()))

    def minimumSizeHint(self) -> QSize:
        widest = self._widest
        return QSize(widest * 2 + self._spacing, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # not for a change of height
            self.fit()

    def show_summary(
        self,
        frame: pl.DataFrame,
        theme: Theme,
        live: bool = False,
        compared: str = "previous period",
        previous: Period | None = None,
        known: bool = True,
        change_known: bool = True,
    ) -> None:
        """Fill the cards (a line per currency where amounts differ in currency); with `live`,
        only those Odoo gives live carry the LIVE tag. `known`, `change_known`: whether the
        range's and the compared period's days are loaded (see KpiCard.show_figures)."""
        if not (known and change_known):
            self.caption.setText(self.tr("Changes: unknown until the history is loaded"))
        elif previous is None:
            self.caption.setText(
                self.tr("Changes: none, the lake has no data for the previous period")
            )
        else:
            self.caption.setText(
                self.tr("Changes against {compared} ({period})").format(
                    compared=compared, period=previous.label()
                )
            )
        rows = {metric: rows_of(frame, metric) for metric in set(frame["metric"].to_list())}
        for metric, card in self.cards.items():
            card.show_figures(
                rows_of(frame, metric),
                theme,
                self._note(metric, rows, live),
                live=live and metric in LIVE_METRICS,
                compared=compared,
                previous=previous,
                known=known,
                change_known=change_known,
            )
        self.measure()
        self.fit()  # longer figures may need another row

    @staticmethod
    def _note(metric: str, rows: dict[str, list[dict]], live: bool) -> str:
        """`rows`: each metric's rows (one per currency where amounts differ in currency)."""
        if live and metric in ("gross_profit", "margin"):
            return translate("Cards", "not live: Odoo's totals carry no cost")
        if live and metric == "quantity":
            return translate("Cards", "not live: Odoo's totals carry no quantity")
        if live:
            return translate("Cards", "live from Odoo")
        if metric in ("revenue", "transactions", "average_basket"):
            # unknown, never a smaller figure: say why and what fixes it
            unknown = max((r["current"] or 0 for r in rows["pos_totals_unknown_days"]), default=0)
            if unknown:
                text = (
                    translate(
                        "Cards", "POS totals missing for 1 day: the next sync reads them again"
                    )
                    if unknown == 1
                    else translate(
                        "Cards",
                        "POS totals missing for {days} days: the next sync reads them again",
                    ).format(days=int(unknown))
                )
                return text
        if metric in ("gross_profit", "margin"):
            if all(r["current"] is None for r in rows[metric]):
                return translate("Cards", NO_COST)
            said = []
            partial = [
                r
                for r in rows["profit_coverage"]
                if r["current"] is not None and r["current"] < 0.999
            ]
            named = len(rows["gross_profit"]) > 1  # several currencies: each share names its own
            if partial:
                said.append(
                    translate("Cards", "profit computed for {share} of the revenue").format(
                        share=_percents(partial, named)
                    )
                )
            # an unknown cost is not a zero cost: say how much revenue the figure leaves out
            missing = [r for r in rows["cost_missing_share"] if r["current"]]
            if missing:
                said.append(
                    translate("Cards", "{share} of revenue without a known cost").format(
                        share=_percents(missing, named)
                    )
                )
            # a standard price is Odoo's estimate: say how much of the figure rests on one
            standard = [r for r in rows.get("cost_standard_share", []) if r["current"]]
            if standard:
                said.append(
                    translate("Cards", "{share} of revenue at Odoo's standard cost").format(
                        share=_percents(standard, named)
                    )
                )
            return "; ".join(said)
        return ""


def _percents(rows: list[dict], named: bool = False) -> str:
    """Shares of revenue, each named with its currency when there are several (or `named`,
    when the figure has several currencies): '3.3% (IDR), 3.0% (USD)'."""
    if len(rows) == 1 and not named:
        return fmt.percent(rows[0]["current"])
    return ", ".join(f"{fmt.percent(r['current'])} ({r['currency']})" for r in rows)
