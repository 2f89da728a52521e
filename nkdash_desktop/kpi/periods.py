"""Date ranges the operator picks: the presets of the range bar and the previous period.

Conventions (those of common web analytics): "last 7 days" is the 7 complete days ending
yesterday; month to date and year to date run up to today, whose sales only Odoo knows live.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

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

    def label(self) -> str:
        if self.start == self.end:
            return f"{self.start:%d %b %Y}"
        return f"{self.start:%d %b %Y} – {self.end:%d %b %Y}"


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
