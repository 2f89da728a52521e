"""The date-range bar: presets (today ... year to date, custom), two calendar date edits, a
company selector shown when the lake has several companies, and a currency switch shown when
the companies selected trade in several currencies (on a tab whose charts follow it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QWidget,
)

from nkdash_desktop.kpi.periods import PRESETS, Period, preset, preset_label
from nkdash_desktop.ui.runtime.translation import translate

if TYPE_CHECKING:
    import polars as pl

    from nkdash_desktop.kpi.companies import CurrencyGroup

CUSTOM = "custom"
TYPING_PAUSE_MS = 300  # a typed date applies once the operator pauses


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


RANGE_HELP = QT_TRANSLATE_NOOP(
    "RangeBar",
    "The business days shown, in the shop's time zone. The lake holds the days up to"
    " yesterday (the nightly sync); today's revenue and transactions come live from Odoo."
    " The cards compare with the period before: today with yesterday up to the same time,"
    " a month so far with the previous month up to the same day, the year so far with the"
    " same dates last year.",
)
PRESET_HELP = {
    "today": QT_TRANSLATE_NOOP(
        "RangeBar", "Today so far: revenue and transactions live from Odoo."
    ),
    "yesterday": QT_TRANSLATE_NOOP("RangeBar", "Yesterday, the last day the nightly sync loaded."),
    "last_7_days": QT_TRANSLATE_NOOP("RangeBar", "The 7 complete days ending yesterday."),
    "month_to_date": QT_TRANSLATE_NOOP("RangeBar", "From the 1st of this month to today."),
    "last_month": QT_TRANSLATE_NOOP("RangeBar", "The whole previous calendar month."),
    "year_to_date": QT_TRANSLATE_NOOP("RangeBar", "From 1 January to today."),
    CUSTOM: QT_TRANSLATE_NOOP("RangeBar", "Any days: pick the first and the last."),
}


class RangeBar(QWidget):
    changed = Signal()  # period or company changed

    def __init__(
        self, today: Callable[[], date], default: str = "last_7_days", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.presets = QComboBox()
        for key in PRESETS:
            self.presets.addItem(preset_label(key), key)
        self.presets.addItem(self.tr("Custom"), CUSTOM)
        self.presets.setToolTip(translate("RangeBar", RANGE_HELP))
        for i in range(self.presets.count()):
            text = translate("RangeBar", PRESET_HELP[self.presets.itemData(i)])
            self.presets.setItemData(i, text, Qt.ItemDataRole.ToolTipRole)
        self.start_edit = self._date_edit()
        self.end_edit = self._date_edit()
        self.company = QComboBox()
        self.company_label = QLabel(self.tr("Company"))
        self.company.setToolTip(
            self.tr("One company's figures, or all companies together (each currency apart).")
        )
        # charts cannot add rupiah to dollars: they show the companies of one currency
        self.currency_label = QLabel(self.tr("Currency"))
        self.currency_buttons = QButtonGroup(self)
        self.currency_buttons.setExclusive(True)
        self.currency_box = QWidget()
        self.currency_row = QHBoxLayout(self.currency_box)
        self.currency_row.setContentsMargins(0, 0, 0, 0)
        self.currency_row.setSpacing(0)
        self._companies: pl.DataFrame | None = None  # none until the lake is open
        self._currency: str | None = None  # the code chosen; None: the first currency's
        self._currency_wanted = True  # the tab shown has charts that follow the currency
        self._last_edited: QDateEdit | None = None
        self._typing = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._typing.timeout.connect(self._dates_edited)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Range")))
        layout.addWidget(self.presets)
        layout.addWidget(self.start_edit)
        layout.addWidget(QLabel(self.tr("to")))
        layout.addWidget(self.end_edit)
        layout.addSpacing(12)
        layout.addWidget(self.company_label)
        layout.addWidget(self.company)
        layout.addSpacing(12)
        layout.addWidget(self.currency_label)
        layout.addWidget(self.currency_box)
        self.company_label.hide()
        self.company.hide()
        self.currency_label.hide()
        self.currency_box.hide()
        self._period = preset(default, today())
        self._show_period(default)
        self.presets.currentIndexChanged.connect(self._preset_chosen)
        self.company.currentIndexChanged.connect(self._company_chosen)
        self.currency_buttons.idClicked.connect(self._currency_chosen)

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
    def currency(self) -> str | None:
        """The currency (code) whose companies the charts show when the selection has several;
        None before one is chosen (the first currency's)."""
        return self._currency

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
        self.company.addItem(self.tr("All companies"), None)
        for row in table.iter_rows(named=True):
            self.company.addItem(row["name"], row["company_id"])
        index = self.company.findData(selected) if selected else 0
        self.company.setCurrentIndex(max(index, 0))
        self.company.blockSignals(False)
        several = table.height > 1
        self.company.setVisible(several)
        self.company_label.setVisible(several)
        self._companies = table
        self._show_currencies()

    def _company_chosen(self, _: int) -> None:
        self._show_currencies()
        self.changed.emit()

    def _groups(self) -> list[CurrencyGroup]:
        if self._companies is None or self._companies.is_empty():
            return []
        from nkdash_desktop.kpi.companies import currency_groups  # polars, DuckDB: not at start

        return currency_groups(self._companies, self.company_id)

    def _show_currencies(self) -> None:
        """One button per currency of the selected companies (the chosen one pressed), shown
        when there are several and the tab uses them."""
        groups = self._groups()
        for button in self.currency_buttons.buttons():
            self.currency_buttons.removeButton(button)
            button.deleteLater()
        codes = [g.currency.code for g in groups]
        if self._currency not in codes:
            self._currency = codes[0] if codes else None
        for index, group in enumerate(groups):
            button = QToolButton()
            button.setText(group.currency.label or group.currency.code or "?")
            names = self._companies.filter(
                self._companies["company_id"].is_in(list(group.company_ids))
            )
            button.setToolTip(
                self.tr(
                    "Charts of the companies in {currency}: {companies} (amounts of different"
                    " currencies are never added)"
                ).format(
                    currency=group.currency.code or self.tr("an unknown currency"),
                    companies=", ".join(names["name"].to_list()),
                )
            )
            button.setCheckable(True)
            button.setChecked(group.currency.code == self._currency)
            self.currency_buttons.addButton(button, index)
            self.currency_row.addWidget(button)
        self._show_switch(len(groups) > 1)

    def _currency_chosen(self, index: int) -> None:
        code = self._groups()[index].currency.code
        if code != self._currency:
            self._currency = code
            self.changed.emit()

    def set_currency_wanted(self, wanted: bool) -> None:
        """Show the currency switch only on a tab whose charts follow it."""
        self._currency_wanted = wanted
        self._show_switch(len(self._groups()) > 1)

    def _show_switch(self, several: bool) -> None:
        shown = several and self._currency_wanted
        self.currency_label.setVisible(shown)
        self.currency_box.setVisible(shown)

    def choose_currency(self, code: str) -> None:
        """Press the currency's button, as the operator would."""
        for index, group in enumerate(self._groups()):
            if group.currency.code == code:
                self.currency_buttons.button(index).click()
