"""The sync's rules, one test per rule, without a server: pure functions of the lake's state
and Odoo's answers (pipeline/sync_rules.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from nkdash_desktop.pipeline.days import day_range
from nkdash_desktop.pipeline.runner import Partition
from nkdash_desktop.pipeline.sync_rules import (
    Answers,
    DatasetFacts,
    Reason,
    complete_up_to,
    day_over_at,
    decide_sync,
    questions,
    sweep_position_before_reading,
)

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


# -- what a sync runs ------------------------------------------------------------------------

RUN_DAY = date(2026, 3, 20)
YESTERDAY = RUN_DAY - timedelta(days=1)
NOW = datetime(2026, 3, 20, 3, 0, tzinfo=UTC)
POSITION = ("2026-03-19 10:00:00", 42)


def decide(facts=None, answers=None, failed=(), reconcile=False, first_day=None, kinds=None):
    kinds = kinds or {"pos_lines": "daily"}
    facts = {n: (facts or DatasetFacts()) for n, k in kinds.items() if k == "daily"}
    asked = {n: questions(f, now=NOW, reconcile=reconcile) for n, f in facts.items()}
    answers = {n: answers or Answers() for n in facts}
    return asked, decide_sync(kinds, facts, asked, answers, list(failed), run_day=RUN_DAY,
                              first_day=first_day)  # fmt: skip


def why(decision, day, dataset="pos_lines"):
    return decision.reasons.get(Partition(dataset, day), set())


def test_snapshots_and_dimensions_are_taken_fresh():
    _, d = decide(kinds={"dimensions": "dimension", "stock_quants": "snapshot"})
    assert d.reasons == {
        Partition("dimensions", None): {Reason.SNAPSHOT},
        Partition("stock_quants", RUN_DAY): {Reason.SNAPSHOT},
    }


def test_catch_up_covers_every_missed_day_up_to_yesterday():
    _, d = decide(DatasetFacts(RUN_DAY - timedelta(days=4), POSITION))
    caught = sorted(p.day for p, r in d.reasons.items() if Reason.CATCH_UP in r)
    assert caught == [RUN_DAY - timedelta(days=i) for i in (3, 2, 1)]


def test_a_first_sync_starts_at_the_first_day_or_yesterday():
    _, d = decide()
    assert set(d.reasons) == {Partition("pos_lines", YESTERDAY)}
    _, d = decide(first_day=RUN_DAY - timedelta(days=3))
    assert len(d.reasons) == 3


def test_a_dataset_new_to_an_existing_lake_catches_up_the_lake_history():
    first = RUN_DAY - timedelta(days=30)
    reads = {first + timedelta(days=i): read_at(RUN_DAY, 0) for i in range(29)}
    old = DatasetFacts(YESTERDAY - timedelta(days=1), POSITION, reads)
    kinds = {"pos_lines": "daily", "payments": "daily"}
    facts = {"pos_lines": old, "payments": DatasetFacts()}  # payments: never read
    asked = {n: questions(f, now=NOW, reconcile=False) for n, f in facts.items()}
    d = decide_sync(kinds, facts, asked, {}, [], run_day=RUN_DAY)
    caught = sorted(p.day for p in d.reasons if p.dataset == "payments")
    assert caught == list(day_range(first, YESTERDAY))
    assert [p.day for p in d.reasons if p.dataset == "pos_lines"] == [YESTERDAY]
    # a dataset read before but never complete (its days failed) keeps the usual rule
    failing = DatasetFacts(None, None, {RUN_DAY: read_at(RUN_DAY, 1)})
    facts = {"pos_lines": old, "payments": failing}
    d = decide_sync(kinds, facts, asked, {}, [], run_day=RUN_DAY)
    assert [p.day for p in d.reasons if p.dataset == "payments"] == [YESTERDAY]


def test_late_changes_rerun_past_days_and_today_never_the_future():
    changed = frozenset({D, RUN_DAY, RUN_DAY + timedelta(days=2)})
    _, d = decide(DatasetFacts(YESTERDAY, POSITION), Answers(changed, POSITION))
    assert Reason.LATE_CHANGE in why(d, D) and Reason.LATE_CHANGE in why(d, RUN_DAY)
    assert Partition("pos_lines", RUN_DAY + timedelta(days=2)) not in d.reasons


def test_the_sweep_starts_at_the_stored_position():
    asked, _ = decide(DatasetFacts(YESTERDAY, POSITION))
    assert asked["pos_lines"].sweep_since == POSITION


def test_the_position_moves_to_the_newest_change_seen():
    newer = ("2026-03-20 02:00:00", 7)
    _, d = decide(DatasetFacts(YESTERDAY, POSITION), Answers(frozenset({D}), newer))
    assert d.cursors == {"pos_lines": newer}
    _, d = decide(DatasetFacts(YESTERDAY, POSITION))  # nothing changed: it stays
    assert d.cursors == {"pos_lines": POSITION}


def test_nothing_read_yet_takes_the_position_before_reading():
    asked, d = decide()
    assert asked["pos_lines"].sweep_since is None
    assert d.unswept == {"pos_lines"} and d.cursors == {}


def test_a_lake_read_without_a_position_sweeps_from_its_oldest_read():
    reads = {D: read_at(D, 20), D + timedelta(days=1): read_at(D, 22)}
    asked, d = decide(DatasetFacts(D + timedelta(days=1), None, reads))
    assert asked["pos_lines"].sweep_since == ("2026-03-09 20:00:00", 0)  # a day's margin
    assert d.unswept == set()


def test_a_position_stored_before_reading_never_moves_later():
    early, late = ("2026-03-01 00:00:00", 1), ("2026-03-05 00:00:00", 9)
    assert sweep_position_before_reading(None, late) == late
    assert sweep_position_before_reading(early, late) == early
    assert sweep_position_before_reading(late, early) == early


def test_ids_are_compared_weekly_over_the_last_35_complete_days():
    facts = DatasetFacts(YESTERDAY, POSITION, last_reconciled_at=NOW - timedelta(days=2))
    assert questions(facts, now=NOW, reconcile=None).reconcile_days == ()
    facts = DatasetFacts(YESTERDAY, POSITION, last_reconciled_at=NOW - timedelta(days=7))
    days = questions(facts, now=NOW, reconcile=None).reconcile_days
    assert len(days) == 35 and days[-1] == YESTERDAY
    assert questions(DatasetFacts(), now=NOW, reconcile=True).reconcile_days == ()  # no lake


def test_days_whose_ids_differ_are_rerun_and_the_comparison_recorded():
    _, d = decide(DatasetFacts(YESTERDAY, POSITION), Answers(mismatched_days=frozenset({D})),
                  reconcile=True)  # fmt: skip
    assert why(d, D) == {Reason.RECONCILE} and d.reconciled == {"pos_lines"}


def test_failed_partitions_are_retried_up_to_today():
    failed = [Partition("pos_lines", D), Partition("pos_lines", RUN_DAY + timedelta(days=1)),
              Partition("purchases", D)]  # fmt: skip
    _, d = decide(DatasetFacts(YESTERDAY, POSITION), failed=failed)
    assert why(d, D) == {Reason.RETRY}
    assert Partition("pos_lines", RUN_DAY + timedelta(days=1)) not in d.reasons
    assert Partition("purchases", D) not in d.reasons  # not asked for
