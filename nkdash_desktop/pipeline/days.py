"""Business days: the calendar day in the company's timezone, and date ranges the operator types.

Odoo datetimes are naive UTC; a POS order at 2026-01-05 18:30 UTC belongs to 2026-01-06 in
Jakarta. Date fields (invoice date) are already local days.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from nkdash_desktop import clock
from nkdash_desktop.clock import ODOO_DATETIME

# a domain's day window is part of a dataset's declaration; the rest of the engine uses it too
from nkdash_desktop.i18n import QT_TRANSLATE_NOOP, translate

EARLIEST_DAY = date(2000, 1, 1)  # Odoo (TinyERP) dates from 2002: nothing real is older


class DateRangeError(ValueError):
    """A date or range the operator typed that cannot be used; the message says why."""


def local_day(odoo_datetime: str, tz: str) -> date:
    """The business day of an Odoo (naive UTC) datetime string."""
    moment = datetime.strptime(odoo_datetime, ODOO_DATETIME).replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(tz)).date()


def today(tz: str, now: datetime | None = None) -> date:
    return (now or clock.now()).astimezone(ZoneInfo(tz)).date()


# what parse_day's sentence calls the text it refused
DAY_NAMES = {
    "date": QT_TRANSLATE_NOOP("Errors", "date"),
    "start date": QT_TRANSLATE_NOOP("Errors", "start date"),
    "end date": QT_TRANSLATE_NOOP("Errors", "end date"),
}


def parse_day(text: str, what: str = "date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise DateRangeError(
            translate(
                "Errors", "{what} {text} is not a date; write it as YYYY-MM-DD, e.g. 2026-01-05"
            ).format(what=translate("Errors", DAY_NAMES.get(what, what)), text=repr(text))
        ) from None


def parse_range(
    start: str, end: str | None = None, *, tz: str = "Asia/Jakarta", allow_today: bool = True
) -> tuple[date, date]:
    """Check an operator's range: real dates, start <= end, not in the future."""
    first = parse_day(start, "start date")
    last = parse_day(end, "end date") if end else first
    check_range(first, last)
    latest = today(tz) if allow_today else today(tz) - timedelta(days=1)
    if last > latest:
        raise DateRangeError(
            translate(
                "Errors",
                "the end date {end} is in the future; the latest day with data is {latest}",
            ).format(end=last, latest=latest)
        )
    return first, last


def check_range(first: date, last: date) -> None:
    """A range any caller (command line, backfill wizard, engine) may run: ordered, not
    before `EARLIEST_DAY`."""
    if first > last:
        raise DateRangeError(
            translate(
                "Errors", "the start date {start} is after the end date {end}; swap them"
            ).format(start=first, end=last)
        )
    if first < EARLIEST_DAY:  # a mistyped year would plan centuries of empty days
        raise DateRangeError(
            translate(
                "Errors",
                "the start date {start} is before {earliest}: no Odoo holds sales that old; "
                "check the year",
            ).format(start=first, earliest=EARLIEST_DAY)
        )


def day_range(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
