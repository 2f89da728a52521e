"""Date ranges the operator picks: the presets of the range bar and the previous period.

Conventions (those of common web analytics): "last 7 days" is the 7 complete days ending
yesterday; month to date and year to date run up to today, whose sales only Odoo knows live.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, time, timedelta

PRESETS: dict[str, str] = {
    "today": "Today",
    "yesterday": "Yesterday",
    "last_7_days": "Last 7 days",
    "month_to_date": "Month to date",
    "last_month": "Last month",
    "year_to_date": "Year to date",
}


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"the period starts ({self.start}) after it ends ({self.end})")

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
        if self.start == self.end:
            return f"{self.start:%d %b %Y}"
        return f"{self.start:%d %b %Y} – {self.end:%d %b %Y}"


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
    other = period.comparison()
    cut = f" until {until:%H:%M}" if until is not None else ""
    if period.days == 1:
        return f"yesterday{cut}" if until is not None else "the day before"
    if other.start.year == period.start.year - 1 and other.start.month == period.start.month:
        return f"same dates last year{cut}"
    if period.start.day == 1 and (period.end + timedelta(days=1)).day == 1:
        months = round(period.days / 30.4)
        return "previous month" if months == 1 else f"previous {months} months"
    if period.start.day == 1 and period.start.month == period.end.month:
        return f"previous month to the {_ordinal(other.end.day)}{cut}"
    return f"previous {period.days} days{cut}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


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
    raise ValueError(f"unknown range preset {name!r}; the presets are: {', '.join(PRESETS)}")
