"""The nightly scheduler: on time under an injectable clock, one catch-up after missed nights,
never a double run, never while a run is active or the lake is locked. Real APScheduler, real
state database, real writer lock."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from nkdash_desktop.lake.lock import WriterLock
from nkdash_desktop.lake.state import STATE_FILE, StateDB
from nkdash_desktop.scheduler import Due, NightlyScheduler, last_scheduled, parse_time

TZ = "Asia/Jakarta"
JKT = ZoneInfo(TZ)
DAY = date(2026, 3, 10)


def local(day: date, hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=JKT)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def add_run(metadata: Path, trigger: str, started: datetime, status: str = "succeeded") -> None:
    """A past run in the state database, started at `started` (history written by hand)."""
    metadata.mkdir(parents=True, exist_ok=True)
    with StateDB(metadata) as state:
        run_id = state.start_run(trigger, {})
        if status != "running":
            state.finish_run(run_id, status, totals={"rows": 0})
    conn = sqlite3.connect(metadata / STATE_FILE)
    with conn:
        stamp = started.astimezone(UTC).isoformat()
        conn.execute("UPDATE runs SET started_at = ? WHERE id = ?", (stamp, run_id))
    conn.close()


class Launches:
    """The scheduler's launch callback: records each run it is asked to start."""

    def __init__(self, accept: bool = True) -> None:
        self.due: list[Due] = []
        self.accept = accept
        self.event = threading.Event()

    def __call__(self, due: Due) -> bool:
        self.due.append(due)
        self.event.set()
        return self.accept


@pytest.fixture
def metadata(tmp_path) -> Path:
    return tmp_path / "lake" / "_metadata"


def make(metadata: Path, clock: FakeClock, launches: Launches, **kw) -> NightlyScheduler:
    return NightlyScheduler(
        metadata, launches, nightly_time="02:00", timezone=TZ, clock=clock, **kw
    )


def test_last_scheduled_time():
    at = parse_time("02:00")
    assert last_scheduled(local(DAY, 1, 59), at, JKT) == local(DAY - timedelta(days=1), 2, 0)
    assert last_scheduled(local(DAY, 2, 0), at, JKT) == local(DAY, 2, 0)
    assert last_scheduled(local(DAY, 23, 0), at, JKT) == local(DAY, 2, 0)


def test_fires_the_nightly_run_at_its_time_under_the_clock(metadata):
    add_run(metadata, "nightly", local(DAY - timedelta(days=1), 2, 0, 5))
    clock, launches = FakeClock(local(DAY, 1, 59, 30)), Launches()
    scheduler = make(metadata, clock, launches)
    assert scheduler.check() is None  # last night is covered; tonight's time is not here yet
    assert scheduler.next_run() == local(DAY, 2, 0)
    clock.now = local(DAY, 2, 0, 1)
    assert scheduler.check() == Due("nightly", local(DAY, 2, 0))
    assert scheduler.check() is None  # launched already: never twice for one night
    assert scheduler.next_run() == local(DAY + timedelta(days=1), 2, 0)
    assert [d.trigger for d in launches.due] == ["nightly"]
    # the run is in the state database: a restarted app does not run it again
    add_run(metadata, "nightly", local(DAY, 2, 0, 2))
    clock.now = local(DAY, 7, 0)
    assert make(metadata, clock, Launches()).check() is None


def test_apscheduler_runs_the_check_and_the_nightly_job(metadata):
    """Started for real: the start-up check fires in APScheduler's thread, under the clock."""
    add_run(metadata, "nightly", local(DAY - timedelta(days=1), 2, 1))
    clock, launches = FakeClock(local(DAY, 2, 0, 10)), Launches()
    scheduler = make(metadata, clock, launches)
    scheduler.start()
    try:
        assert launches.event.wait(20), "the start-up check never ran"
        assert launches.due == [Due("nightly", local(DAY, 2, 0))]
        job = scheduler._aps.get_job("nightly")
        assert job.coalesce and job.max_instances == 1 and job.misfire_grace_time >= 3600
        assert (
            job.trigger.fields[5].expressions[0].first,
            job.trigger.fields[6].expressions[0].first,
        ) == (2, 0)
        launches.event.clear()
        scheduler.poke()  # checks again in the scheduler's thread: nothing new is due
        assert not launches.event.wait(1.5)
        assert len(launches.due) == 1
    finally:
        scheduler.shutdown()
    assert not scheduler.running


def test_catches_up_missed_nights_exactly_once(metadata):
    """The PC was off for two nights: one catch-up covers the gap, also across restarts."""
    add_run(metadata, "nightly", local(DAY - timedelta(days=2), 2, 0, 3))
    clock, launches = FakeClock(local(DAY, 9, 30)), Launches()
    scheduler = make(metadata, clock, launches)
    scheduler.start()
    try:
        assert launches.event.wait(20)
        for _ in range(3):  # more checks, as the watch makes every few minutes
            launches.event.clear()
            scheduler.poke()
            assert not launches.event.wait(1.0)
    finally:
        scheduler.shutdown()
    assert launches.due == [Due("catch-up", local(DAY, 2, 0))]
    # the catch-up ran (and is in the state database): the next start runs nothing
    add_run(metadata, "catch-up", local(DAY, 9, 30, 2))
    clock.now = local(DAY, 11, 0)
    assert make(metadata, clock, Launches()).check() is None
    # ...until the next night
    clock.now = local(DAY + timedelta(days=1), 2, 0, 1)
    assert make(metadata, clock, Launches()).check() == Due("nightly", clock.now.replace(second=0))


def test_a_manual_sync_after_the_time_covers_the_night_but_a_backfill_does_not(metadata):
    add_run(metadata, "nightly", local(DAY - timedelta(days=2), 2, 0))
    add_run(metadata, "backfill", local(DAY, 8, 0))
    clock = FakeClock(local(DAY, 9, 0))
    assert make(metadata, clock, Launches()).check() == Due("catch-up", local(DAY, 2, 0))
    add_run(metadata, "manual", local(DAY, 9, 1))
    assert make(metadata, clock, Launches()).check() is None


def test_an_interrupted_run_does_not_cover_the_night(metadata):
    """The PC went off during the nightly run: the catch-up runs it again."""
    add_run(metadata, "nightly", local(DAY - timedelta(days=1), 2, 0))
    add_run(metadata, "nightly", local(DAY, 2, 0, 1), status="interrupted")
    clock = FakeClock(local(DAY, 8, 0))
    assert make(metadata, clock, Launches()).check() == Due("catch-up", local(DAY, 2, 0))


def test_a_new_lake_gets_its_nightly_run_but_no_catch_up(metadata):
    clock = FakeClock(local(DAY, 9, 0))
    assert make(metadata, clock, Launches()).check() is None  # nothing before: not a missed night
    clock.now = local(DAY + timedelta(days=1), 2, 0, 30)
    assert make(metadata, clock, Launches()).check() == Due(
        "nightly", local(DAY + timedelta(days=1), 2, 0)
    )


def test_never_while_a_run_is_active(metadata):
    add_run(metadata, "nightly", local(DAY - timedelta(days=2), 2, 0))
    clock, launches = FakeClock(local(DAY, 9, 0)), Launches()
    busy = [True]
    scheduler = make(metadata, clock, launches, busy=lambda: busy[0])
    assert scheduler.check() is None  # the app's engine runs something
    busy[0] = False
    with WriterLock(metadata, owner="cli", description="sync"):  # another process writes
        assert scheduler.check() is None
    assert launches.due == []
    assert scheduler.check() == Due("catch-up", local(DAY, 2, 0))
    assert scheduler.check() is None
    assert len(launches.due) == 1


def test_a_refused_launch_is_tried_again(metadata):
    add_run(metadata, "nightly", local(DAY - timedelta(days=2), 2, 0))
    launches = Launches(accept=False)
    scheduler = make(metadata, FakeClock(local(DAY, 9, 0)), launches)
    assert scheduler.check() is None
    launches.accept = True
    assert scheduler.check() == Due("catch-up", local(DAY, 2, 0))
    assert len(launches.due) == 2


def test_pause_resume_and_new_settings(metadata):
    add_run(metadata, "nightly", local(DAY, 2, 0, 5))
    clock, launches = FakeClock(local(DAY, 3, 0)), Launches()
    scheduler = make(metadata, clock, launches)
    scheduler.start()
    try:
        assert scheduler.next_run() == local(DAY + timedelta(days=1), 2, 0)
        scheduler.pause()
        assert scheduler.paused and scheduler.next_run() is None
        assert scheduler._aps.get_job("nightly").next_run_time is None
        clock.now = local(DAY, 4, 0)
        scheduler.configure("03:30", TZ, enabled=True)  # moved to 03:30: today's is missed
        assert scheduler.check() is None  # paused: nothing runs
        scheduler.resume()
        assert launches.event.wait(20)
        assert launches.due == [Due("nightly", local(DAY, 3, 30))]
        assert scheduler._aps.get_job("nightly").next_run_time is not None
        scheduler.configure("03:30", TZ, enabled=False)
        assert scheduler.next_run() is None and not scheduler.active
    finally:
        scheduler.shutdown()


def test_a_repair_after_a_missed_night_does_not_cover_it(tmp_path):
    """`verify-lake --repair` records a run for the partitions it could not rebuild: that run
    is bookkeeping, not a sync, so the morning's catch-up still runs."""
    from nkdash_desktop.lake.layout import RAW, LakeLayout
    from nkdash_desktop.pipeline.integrity import repair

    layout = LakeLayout(tmp_path / "lake")
    add_run(layout.metadata, "nightly", local(DAY - timedelta(days=2), 2, 0))
    broken = layout.day_partition(RAW, "pos_orders", DAY - timedelta(days=3))
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_bytes(b"not parquet")
    report = repair(layout, TZ, {broken: "not a Parquet file"})
    assert report.to_extract == [("pos_lines", DAY - timedelta(days=3))]
    clock = FakeClock(local(DAY, 9, 0))
    assert make(layout.metadata, clock, Launches()).check() == Due("catch-up", local(DAY, 2, 0))
    with StateDB(layout.metadata) as state:
        assert state.runs()[0].trigger == "repair"
