"""The sync's rules, one test per rule, without a server: pure functions of the lake's state
and Odoo's answers (pipeline/sync_rules.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from nkdash_desktop.pipeline.sync_rules import complete_up_to, day_over_at

TZ = "Asia/Jakarta"  # UTC+7: a day is over at 17:00 UTC
D = date(2026, 3, 10)


def read_at(day: date, hours_after_midnight_utc: float) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
        hours=hours_after_midnight_utc
    )


def test_a_day_is_over_at_the_next_midnight_in_the_company_timezone():
    assert day_over_at(D, TZ) == datetime(2026, 3, 10, 17, 0, tzinfo=UTC)


def test_a_day_read_after_it_was_over_is_complete():
    reads = {D: read_at(D, 20)}
    assert complete_up_to(D - timedelta(days=1), reads, TZ) == D


def test_today_read_while_it_goes_on_is_not_complete():
    yesterday = D - timedelta(days=1)
    reads = {yesterday: read_at(D, 1), D: read_at(D, 3)}  # 10:00 in Jakarta on D
    assert complete_up_to(yesterday, reads, TZ) == yesterday
    assert complete_up_to(None, {D: read_at(D, 3)}, TZ) is None


def test_a_stored_day_read_before_it_was_over_steps_back():
    yesterday = D - timedelta(days=1)
    reads = {yesterday: read_at(D, 1), D: read_at(D, 3)}
    assert complete_up_to(D, reads, TZ) == yesterday


def test_completion_stops_at_the_first_gap():
    days = [D + timedelta(days=i) for i in (0, 1, 3)]
    reads = {d: read_at(D + timedelta(days=10), 0) for d in days}
    assert complete_up_to(None, reads, TZ) == D + timedelta(days=1)
    reads[D + timedelta(days=2)] = read_at(D + timedelta(days=10), 0)  # a backfill fills it
    assert complete_up_to(D + timedelta(days=1), reads, TZ) == D + timedelta(days=3)
