from __future__ import annotations

from datetime import date, timedelta

import pytest

from nkdash_desktop.datasets.base import utc_window
from nkdash_desktop.pipeline.days import (
    DateRangeError,
    day_range,
    local_day,
    parse_range,
    today,
)


def test_jakarta_day_window_is_utc_17_to_17():
    assert utc_window(date(2026, 1, 6), "Asia/Jakarta") == (
        "2026-01-05 17:00:00",
        "2026-01-06 17:00:00",
    )


def test_order_late_in_utc_day_belongs_to_next_jakarta_day():
    assert local_day("2026-01-05 18:30:00", "Asia/Jakarta") == date(2026, 1, 6)
    assert local_day("2026-01-05 16:59:59", "Asia/Jakarta") == date(2026, 1, 5)


def test_dst_day_window_has_23_hours():
    start, end = utc_window(date(2026, 3, 29), "Europe/Brussels")
    assert (start, end) == ("2026-03-28 23:00:00", "2026-03-29 22:00:00")


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-13-01", None, "not a date"),
        ("yesterday", None, "YYYY-MM-DD"),
        ("2026-01-10", "2026-01-01", "after the end date"),
        ("2026-01-01", "2999-01-01", "in the future"),
    ],
)
def test_bad_ranges_say_why(start, end, message):
    with pytest.raises(DateRangeError, match=message):
        parse_range(start, end)


def test_good_range_and_days():
    first, last = parse_range("2026-01-01", "2026-01-03")
    assert list(day_range(first, last)) == [date(2026, 1, d) for d in (1, 2, 3)]
    yday = today("Asia/Jakarta") - timedelta(days=1)
    assert parse_range(yday.isoformat(), allow_today=False) == (yday, yday)
