"""The rules of what a sync must do, as pure functions of the lake's state and Odoo's answers.

No Odoo client, no files, no clock: `sync.py` gathers the facts, these decide, and the unit tests
state each rule on its own (tests/pipeline/test_sync_rules.py).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def day_over_at(day: date, tz: str) -> datetime:
    """The moment a business day is over: the next midnight in the company's timezone."""
    return datetime.combine(day + timedelta(days=1), time.min, ZoneInfo(tz)).astimezone(UTC)


def complete_up_to(stored: date | None, read_times: dict[date, datetime], tz: str) -> date | None:
    """The last complete day: every day up to it was read after it was over in the company's
    timezone. A day read while it was still going on (today, reloaded for a late change) is
    not complete, and a stored day read that way (an older version's) steps back."""

    def complete(day: date) -> bool:
        read = read_times.get(day)
        return read is not None and read >= day_over_at(day, tz)

    day = stored
    while day is not None and day in read_times and not complete(day):
        day -= timedelta(days=1)
    if day is None:
        if not read_times:
            return None
        day = min(read_times) - timedelta(days=1)
        if not complete(day + timedelta(days=1)):
            return None
    while complete(day + timedelta(days=1)):
        day += timedelta(days=1)
    return day
