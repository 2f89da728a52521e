"""The rules of what a sync must do, as pure functions of the lake's state and Odoo's answers.

No Odoo client, no files, no clock: `sync.py` asks the `questions` these rules pose, gathers
Odoo's `Answers`, and `decide_sync` turns state and answers into the work and the cursor moves.
The unit tests state each rule on its own (tests/pipeline/test_sync_rules.py).

The cursor rule: a dataset's sweep position is Odoo's newest write_date taken before any of
its partitions was read; a sync sweeps every change since (less an overlap) and reruns the days
they touch, and moves the position only once all its partitions landed. So every change made
after a partition was read is swept by the next sync, whatever backfills, cancels or crashes
came in between.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from nkdash_desktop.pipeline.days import ODOO_DATETIME, day_range
from nkdash_desktop.pipeline.runner import Partition

Position = tuple[str, int]  # Odoo write_date (naive UTC text) and record id
RECONCILE_EVERY = timedelta(days=7)
RECONCILE_DAYS = 35  # how far back the weekly reconciliation compares ids
# a lake read before sweep positions were stored: its reads are timed by this PC's clock
CLOCK_MARGIN = timedelta(days=1)


class Reason(StrEnum):
    """Why a partition is in a sync's plan (shown by the dry run)."""

    CATCH_UP = "catch-up"
    HISTORY = "history"  # days an interrupted backfill still owes (pipeline/history.py)
    LATE_CHANGE = "late change"
    RECONCILE = "reconcile"
    RETRY = "retry"
    SNAPSHOT = "snapshot"


@dataclass(frozen=True)
class DatasetFacts:
    """What the lake knows about one daily dataset."""

    last_complete_day: date | None = None
    sweep_position: Position | None = None
    read_times: Mapping[date, datetime] = field(default_factory=dict)  # this PC's clock, UTC
    last_reconciled_at: datetime | None = None


@dataclass(frozen=True)
class Questions:
    """What to ask Odoo about one daily dataset before deciding."""

    sweep_since: Position | None  # changes written since; None: nothing read, nothing to sweep
    reconcile_days: tuple[date, ...]  # days whose ids to compare with the lake's


@dataclass(frozen=True)
class Answers:
    """Odoo's answers to the questions of one daily dataset."""

    changed_days: frozenset[date] = frozenset()  # days the swept changes touch (old and new)
    newest: Position | None = None  # the newest change the sweep saw
    mismatched_days: frozenset[date] = frozenset()


@dataclass
class Decision:
    """The work of a sync and the bookkeeping that follows it."""

    reasons: dict[Partition, set[str]] = field(default_factory=dict)
    cursors: dict[str, Position] = field(default_factory=dict)  # once all partitions landed
    unswept: set[str] = field(default_factory=set)  # positions to take before reading
    reconciled: set[str] = field(default_factory=set)


def day_over_at(day: date, tz: str) -> datetime:
    """The moment a business day is over: the next midnight in the company's timezone."""
    return datetime.combine(day + timedelta(days=1), time.min, ZoneInfo(tz)).astimezone(UTC)


def complete_up_to(
    stored: date | None, read_times: Mapping[date, datetime], tz: str
) -> date | None:
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


def sweep_since(facts: DatasetFacts) -> Position | None:
    """Where the late-change sweep starts: the stored position; for a lake read before
    positions were stored, its oldest read by this PC's clock less a margin; None when
    nothing was read yet (the position is then taken before the first read)."""
    if facts.sweep_position is not None:
        return facts.sweep_position
    if not facts.read_times:
        return None
    oldest = min(facts.read_times.values()).astimezone(UTC) - CLOCK_MARGIN
    return (oldest.strftime(ODOO_DATETIME), 0)


def reconcile_due(last: datetime | None, now: datetime, asked: bool | None) -> bool:
    """Ids are compared when asked, or by default once a week."""
    if asked is not None:
        return asked
    return last is None or now - last >= RECONCILE_EVERY


def questions(facts: DatasetFacts, *, now: datetime, reconcile: bool | None) -> Questions:
    """What to ask Odoo: the sweep, and the days of the lake whose ids to compare."""
    days: tuple[date, ...] = ()
    if facts.last_complete_day and reconcile_due(facts.last_reconciled_at, now, reconcile):
        last = facts.last_complete_day
        days = tuple(day_range(last - timedelta(days=RECONCILE_DAYS - 1), last))
    return Questions(sweep_since(facts), days)


def lake_first_day(facts: Iterable[DatasetFacts]) -> date | None:
    """The first day any daily dataset of the lake was read (None: a new lake)."""
    days = [min(f.read_times) for f in facts if f.read_times]
    return min(days) if days else None


def decide_sync(
    kinds: Mapping[str, str],
    facts: Mapping[str, DatasetFacts],
    asked: Mapping[str, Questions],
    answers: Mapping[str, Answers],
    failed: Iterable[Partition],
    *,
    run_day: date,
    first_day: date | None = None,
    owed: Mapping[str, Iterable[date]] | None = None,
) -> Decision:
    """What a sync runs, for datasets `kinds` (name -> daily | snapshot | dimension):

    - snapshots and dimensions are taken fresh (stock levels: today);
    - catch-up: every day after the last complete one up to yesterday (without one, from
      `first_day`, else from the lake's first read day when the dataset was never read (a
      dataset new to an existing lake gets the history the others have), else yesterday);
    - history: the days an interrupted backfill still owes (`owed`), up to yesterday;
    - late changes: the days the swept changes touch, up to yesterday, and today;
    - reconcile: the compared days whose ids differ;
    - retry: every partition whose latest result failed, up to today.
    """
    yesterday = run_day - timedelta(days=1)
    lake_start = lake_first_day(facts.values())
    out = Decision()
    reasons: dict[Partition, set[str]] = defaultdict(set)
    for name, kind in kinds.items():
        if kind != "daily":
            reasons[Partition(name, None if kind == "dimension" else run_day)].add(Reason.SNAPSHOT)
            continue
        st, q, a = facts[name], asked[name], answers.get(name, Answers())
        start = st.last_complete_day + timedelta(days=1) if st.last_complete_day else None
        if start is None and not st.read_times:
            start = first_day or lake_start
        for day in day_range(start or first_day or yesterday, yesterday):
            reasons[Partition(name, day)].add(Reason.CATCH_UP)
        for day in (owed or {}).get(name, ()):
            if day <= yesterday:
                reasons[Partition(name, day)].add(Reason.HISTORY)
        if q.sweep_since is None:
            out.unswept.add(name)
        else:
            for day in a.changed_days:
                if day <= yesterday or day == run_day:
                    reasons[Partition(name, day)].add(Reason.LATE_CHANGE)
            out.cursors[name] = max(q.sweep_since, a.newest or q.sweep_since)
        if q.reconcile_days:
            for day in a.mismatched_days:
                reasons[Partition(name, day)].add(Reason.RECONCILE)
            out.reconciled.add(name)
    for p in failed:
        if p.dataset in kinds and (p.day is None or p.day <= run_day):
            reasons[p].add(Reason.RETRY)
    out.reasons = dict(reasons)
    return out


def sweep_position_before_reading(stored: Position | None, taken: Position) -> Position:
    """The position stored before a run reads: never later than one already stored."""
    return taken if stored is None else min(stored, taken)
