"""The date-range bar: presets (today ... year to date, custom), two calendar date edits, and
a company selector shown when the lake has several companies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import polars as pl
from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from nkdash_desktop.kpi.periods import PRESETS, Period, preset

CUSTOM = "custom"
TYPING_PAUSE_MS = 300  # a typed date applies once the operator pauses


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


RANGE_HELP = (
    "The business days shown, in the shop's time zone. The lake holds the days up to"
    " yesterday (the nightly sync); today's revenue and transactions come live from Odoo."
    " The cards compare with the period before: today with yesterday up to the same time,"
    " a month so far with the previous month up to the same day, the year so far with the"
    " same dates last year."
)
PRESET_HELP = {
    "today": "Today so far: revenue and transactions live from Odoo.",
    "yesterday": "Yesterday, the last day the nightly sync loaded.",
    "last_7_days": "The 7 complete days ending yesterday.",
    "month_to_date": "From the 1st of this month to today.",
    "last_month": "The whole previous calendar month.",
    "year_to_date": "From 1 January to today.",
    CUSTOM: "Any days: pick the first and the last.",
}


class RangeBar(QWidget):
    changed = Signal()  # period or company changed

    def __init__(
        self, today: Callable[[], date], default: str = "last_7_days", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.presets = QComboBox()
        for key, label in PRESETS.items():
            self.presets.addItem(label, key)
        self.presets.addItem("Custom", CUSTOM)
        self.presets.setToolTip(RANGE_HELP)
        for i in range(self.presets.count()):
            text = PRESET_HELP[self.presets.itemData(i)]
            self.presets.setItemData(i, text, Qt.ItemDataRole.ToolTipRole)
        self.start_edit = self._date_edit()
        self.end_edit = self._date_edit()
        self.company = QComboBox()
        self.company_label = QLabel("Company")
        self.company.setToolTip(
            "One company's figures, or all companies together (each currency apart)."
        )
        self._last_edited: QDateEdit | None = None
        self._typing = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._typing.timeout.connect(self._dates_edited)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Range"))
        layout.addWidget(self.presets)
        layout.addWidget(self.start_edit)
        layout.addWidget(QLabel("to"))
        layout.addWidget(self.end_edit)
        layout.addSpacing(12)
        layout.addWidget(self.company_label)
        layout.addWidget(self.company)
        self.company_label.hide()
        self.company.hide()
        self._period = preset(default, today())
        self._show_period(default)
        self.presets.currentIndexChanged.connect(self._preset_chosen)
        self.company.currentIndexChanged.connect(lambda _: self.changed.emit())

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd MMM yyyy")
        edit.dateChanged.connect(lambda _: self._date_typed(edit))
        return edit

    def _date_typed(self, edit: QDateEdit) -> None:
        self._last_edited = edit
        self._typing.start()

    @property
    def period(self) -> Period:
        return self._period

    @property
    def preset_name(self) -> str:
        return self.presets.currentData()

    @property
    def company_id(self) -> int | None:
        return self.company.currentData()

    @property
    def is_today(self) -> bool:
        return self._period.start == self._period.end == self.today()

    def _show_period(self, key: str) -> None:
        """Reflect the period in the widgets without triggering their signals."""
        for widget in (self.presets, self.start_edit, self.end_edit):
            widget.blockSignals(True)
        self.presets.setCurrentIndex(self.presets.findData(key))
        self.start_edit.setDate(_qdate(self._period.start))
        self.end_edit.setDate(_qdate(self._period.end))
        for widget in (self.presets, self.start_edit, self.end_edit):
            widget.blockSignals(False)

    def set_preset(self, key: str) -> None:
        self._period = preset(key, self.today())
        self._show_period(key)
        self.changed.emit()

    def set_period(self, period: Period) -> None:
        """A custom range, e.g. picked in the calendars."""
        self._period = period
        self._show_period(CUSTOM)
        self.changed.emit()

    def _preset_chosen(self, _: int) -> None:
        key = self.presets.currentData()
        if key == CUSTOM:
            return  # the dates stay; the operator edits them
        self.set_preset(key)

    def _dates_edited(self) -> None:
        start, end = _date(self.start_edit.date()), _date(self.end_edit.date())
        if start > end:  # keep the range valid: the other end follows
            start, end = (start, start) if self._last_edited is self.start_edit else (end, end)
        period = Period(start, end)
        if period != self._period:
            self.set_period(period)

    def set_companies(self, table: pl.DataFrame, selected: int | None = None) -> None:
        """Fill the selector from `companies()`; shown only when there are several."""
        self.company.blockSignals(True)
        self.company.clear()
        self.company.addItem("All companies", None)
        for row in table.iter_rows(named=True):
            self.company.addItem(row["name"], row["company_id"])
        index = self.company.findData(selected) if selected else 0
        self.company.setCurrentIndex(max(index, 0))
        self.company.blockSignals(False)
        several = table.height > 1
        self.company.setVisible(several)
        self.company_label.setVisible(several)
