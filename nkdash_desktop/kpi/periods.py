"""Date ranges the operator picks: the presets of the range bar and the previous period.

Conventions (those of common web analytics): "last 7 days" is the 7 complete days ending
yesterday; month to date and year to date run up to today, whose sales only Odoo knows live.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from nkdash_desktop.i18n import QT_TRANSLATE_NOOP, translate
from nkdash_desktop.kpi import format as fmt

# The presets in English; preset_label gives the operator's language.
PRESETS: dict[str, str] = {
    "today": QT_TRANSLATE_NOOP("Periods", "Today"),
    "yesterday": QT_TRANSLATE_NOOP("Periods", "Yesterday"),
    "last_7_days": QT_TRANSLATE_NOOP("Periods", "Last 7 days"),
    "month_to_date": QT_TRANSLATE_NOOP("Periods", "Month to date"),
    "last_month": QT_TRANSLATE_NOOP("Periods", "Last month"),
    "year_to_date": QT_TRANSLATE_NOOP("Periods", "Year to date"),
}
# a day of the month as an ordinal, by its last digit ("6th"; Indonesian: "6")
ORDINALS = {
    1: QT_TRANSLATE_NOOP("Periods", "{day}st"),
    2: QT_TRANSLATE_NOOP("Periods", "{day}nd"),
    3: QT_TRANSLATE_NOOP("Periods", "{day}rd"),
}
ORDINAL_TH = QT_TRANSLATE_NOOP("Periods", "{day}th")


def preset_label(name: str) -> str:
    """A preset's name in the operator's language: 'Last 7 days', '7 hari terakhir'."""
    return translate("Periods", PRESETS[name])


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(
                translate("Periods", "the period starts ({start}) after it ends ({end})").format(
                    start=self.start, end=self.end
                )
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of equal length just before this one."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def comparison(self) -> Period:
        """The period the cards compare this one with, as an operator reads the calendar:
        whole months with as many whole months before; a range from 1 January (year to date)
        with the same dates last year; a range from the 1st within a month (month to date) with
        the previous month up to the same day; any other range with the days just before."""
        start, end = self.start, self.end
        if start.day == 1 and (end + timedelta(days=1)).day == 1:
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            first = _add_months(start, -months)
            return Period(first, start - timedelta(days=1))
        if start.month == 1 and start.day == 1 and end.year == start.year and end.month > 1:
            return Period(start.replace(year=start.year - 1), _same_day(end, end.year - 1))
        if start.day == 1 and (start.year, start.month) == (end.year, end.month):
            first = _add_months(start, -1)
            last_day = calendar.monthrange(first.year, first.month)[1]
            return Period(first, first.replace(day=min(end.day, last_day)))
        return self.previous()

    def label(self) -> str:
        """05 Dec 2026 – 11 Dec 2026 (5 Des 2026 – 11 Des 2026)."""
        return fmt.day_range(self.start, self.end)


def _add_months(first: date, months: int) -> date:
    """The 1st of the month `months` away from `first` (a 1st)."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _same_day(day: date, year: int) -> date:
    """`day` in `year`; 29 February becomes the 28th."""
    last_day = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last_day))


def compared_with(period: Period, until: time | None = None) -> str:
    """What the cards' changes are against, in a few words: 'yesterday until 10:11' (today),
    'the day before', 'same dates last year', 'previous month to the 6th', 'previous 7 days'."""
    said = _compared_with(period, until is not None)
    if until is None or said is None:
        return said or translate("Periods", "the day before")
    clock = fmt.clock(datetime.combine(period.start, until))
    return translate("Periods", "{comparison} until {time}").format(comparison=said, time=clock)


def _compared_with(period: Period, live: bool) -> str | None:
    """The comparison without its cut-off time; None: the day before (not live)."""
    other = period.comparison()
    if period.days == 1:
        return translate("Periods", "yesterday") if live else None
    if other.start.year == period.start.year - 1 and other.start.month == period.start.month:
        return translate("Periods", "same dates last year")
    if period.start.day == 1 and (period.end + timedelta(days=1)).day == 1:
        months = round(period.days / 30.4)
        if months == 1:
            return translate("Periods", "previous month")
        return translate("Periods", "previous {months} months").format(months=months)
    if period.start.day == 1 and period.start.month == period.end.month:
        day = ordinal(other.end.day)
        return translate("Periods", "previous month to the {day}").format(day=day)
    return translate("Periods", "previous {days} days").format(days=period.days)


def ordinal(n: int) -> str:
    """6th, 21st, 12th (Indonesian: the bare number, 'tanggal 6')."""
    teen = 10 <= n % 100 <= 20
    return translate("Periods", ORDINAL_TH if teen else ORDINALS.get(n % 10, ORDINAL_TH)).format(
        day=n
    )


def preset(name: str, today: date) -> Period:
    """The period a preset means on `today` (the business day in the company's timezone)."""
    yesterday = today - timedelta(days=1)
    if name == "today":
        return Period(today, today)
    if name == "yesterday":
        return Period(yesterday, yesterday)
    if name == "last_7_days":
        return Period(today - timedelta(days=7), yesterday)
    if name == "month_to_date":
        return Period(today.replace(day=1), today)
    if name == "last_month":
        last_of_previous = today.replace(day=1) - timedelta(days=1)
        return Period(last_of_previous.replace(day=1), last_of_previous)
    if name == "year_to_date":
        return Period(today.replace(month=1, day=1), today)
    raise ValueError(
        translate("Periods", "unknown range preset {name}; the presets are: {presets}").format(
            name=repr(name), presets=", ".join(PRESETS)
        )
    )
