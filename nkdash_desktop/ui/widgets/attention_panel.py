"""The Overview's "Needs attention" panel: one line per rule that fires (kpi.attention), a click
opens the rule's detail table (exportable like every table) with a button to the tab that shows
more; nothing firing is one quiet line. The findings are computed in a worker (the Overview's
job); this module only draws them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import polars as pl
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nkdash_desktop.kpi.attention import Finding
from nkdash_desktop.kpi.columns import attention_columns, frame_symbol
from nkdash_desktop.kpi.excel.formats import Currency
from nkdash_desktop.ui.runtime.locale_format import QT
from nkdash_desktop.ui.runtime.theme import style
from nkdash_desktop.ui.runtime.translation import translate
from nkdash_desktop.ui.widgets.export_actions import ExportButton, install_export
from nkdash_desktop.ui.widgets.table import FrameTable


def detail_currency(finding: Finding) -> Currency:
    if "currency" not in finding.detail.columns:
        return Currency()
    codes = set(finding.detail["currency"].drop_nulls().to_list())
    return Currency(codes.pop(), frame_symbol(finding.detail)) if len(codes) == 1 else Currency()


class AttentionDetail(QDialog):
    """A rule's detail table with Export to Excel and, where it helps, the tab to open (with
    the selected row's product, else the first row's)."""

    open_tab = Signal(str, object)  # tab title, product id or None

    def __init__(
        self,
        finding: Finding,
        heading: str,
        parent: QWidget | None = None,
        timezone: Callable[[], str] | None = None,
    ) -> None:
        """`timezone`: the business timezone dating the export's file name (install_export)."""
        super().__init__(parent)
        self.finding = finding
        title = self.tr("Needs attention: {rule}").format(rule=finding.title)
        self.setWindowTitle(title)
        self.resize(960, 420)
        layout = QVBoxLayout(self)
        summary = QLabel(finding.line)
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.table = FrameTable(attention_columns(finding.rule, finding.detail))
        self.table.set_frame(finding.detail, frame_symbol(finding.detail))
        layout.addWidget(self.table, 1)
        self.export_button: ExportButton = install_export(
            self.table,
            lambda: [title, heading],
            currency_fn=lambda: detail_currency(finding),
            timezone=timezone,
        )
        row = QHBoxLayout()
        self.tab_button: QPushButton | None = None
        if finding.tab:
            self.tab_button = QPushButton(
                self.tr("Open {tab}").format(tab=translate("Tabs", finding.tab))
            )
            self.tab_button.clicked.connect(self._open_tab)
            row.addWidget(self.tab_button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)

    def product_id(self) -> int | None:
        """The product of the selected row (the first row when none is selected)."""
        detail = self.finding.detail
        if "product_id" not in detail.columns or detail.is_empty():
            return None
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return int(detail["product_id"][0])
        name = self.table.frame_model.column_values("product")[rows[0].row()]
        match = detail.filter(pl.col("product") == name)
        return int(match["product_id"][0]) if match.height else None

    def _open_tab(self) -> None:
        self.open_tab.emit(self.finding.tab, self.product_id())
        self.accept()


class AttentionPanel(QFrame):
    """The morning list at the top of the Overview."""

    open_tab = Signal(str, object)  # tab title, product id or None

    def __init__(
        self, parent: QWidget | None = None, timezone: Callable[[], str] | None = None
    ) -> None:
        super().__init__(parent)
        self.timezone = timezone  # the business timezone, for the details' exports
        self.setObjectName("Attention")
        self.findings: list[Finding] = []
        self.lines: list[QPushButton] = []
        self.dialog: AttentionDetail | None = None
        self._heading = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(1)
        self.title = QLabel(self.tr("Needs attention"))
        self.title.setObjectName("AttentionTitle")
        layout.addWidget(self.title)
        self.quiet = QLabel("")
        layout.addWidget(self.quiet)
        self._rows = QVBoxLayout()
        self._rows.setSpacing(0)
        layout.addLayout(self._rows)
        style(self, "attention_quiet")
        self.quiet.setText(self.tr("Checking what needs attention…"))

    def show_findings(self, findings: list[Finding], day: date, who: str) -> None:
        """Draw the firing findings of `day` for `who` (a company, or all companies)."""
        self.findings = findings
        self._heading = f"{who} · {QT.weekday_day(day)}"
        self._clear_rows()
        firing = [f for f in findings if f.fires]
        self.title.setText(self.tr("Needs attention · {day}").format(day=QT.weekday_month(day)))
        self.title.setToolTip(
            self.tr("What the lake says needs acting on for {who}").format(who=self._heading)
        )
        self.quiet.setVisible(not firing)
        self.quiet.setText(
            self.tr("Nothing needs attention for {day}.").format(day=QT.weekday_month(day))
        )
        for finding in firing:
            button = QPushButton(f"• {finding.line}")
            button.setToolTip(self.tr("{rule}: click for the list").format(rule=finding.title))
            button.clicked.connect(lambda _=False, f=finding: self.open_detail(f))
            self._rows.addWidget(button)
            self.lines.append(button)
        style(self, "attention" if firing else "attention_quiet")

    def show_history_loading(self) -> None:
        """While a history loads no rule is checked: over days not loaded yet each would only
        report that they are not loaded (no sync booked yet, no profit yet, no usual day)."""
        self.findings = []
        self._clear_rows()
        self.title.setText(self.tr("Needs attention"))
        self.title.setToolTip("")
        self.quiet.setText(
            self.tr("History still loading: what needs attention is checked once it is in.")
        )
        self.quiet.show()
        style(self, "attention_quiet")

    def _clear_rows(self) -> None:
        for button in self.lines:
            self._rows.removeWidget(button)
            button.deleteLater()
        self.lines = []

    def open_detail(self, finding: Finding) -> AttentionDetail:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = AttentionDetail(finding, self._heading, self.window(), self.timezone)
        self.dialog.open_tab.connect(self.open_tab)
        self.dialog.show()
        return self.dialog
