"""The nightly sync's scheduler: APScheduler in-process, and the catch-up decision.

Two APScheduler jobs call the same `check()`: a cron job at the nightly time, and a watch every
few minutes. The watch is what catches up after the PC was off or asleep: a sleeping PC does
not advance the timer APScheduler waits on, so its cron job may fire late or never for that
night; the watch sees the gap within minutes of waking, and once at start-up.

Whether a run is due comes from the lake's state database, not from memory: the last scheduled
time has passed and no full sync has started since (a restart after a missed night triggers
exactly one run). A run never starts while another is active: neither while the caller says it
is busy (the app's engine) nor while any process holds the lake's writer lock.

No Qt here: the app hands `launch` a signal, the tests a list, a headless caller a plain sync.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from nkdash_desktop import clock as app_clock
from nkdash_desktop.clock import Clock
from nkdash_desktop.lake.lock import current_holder
from nkdash_desktop.lake.state import STATE_FILE, SYNC_TRIGGERS, RunStatus, StateDB, Trigger

log = logging.getLogger(__name__)

NIGHTLY_WINDOW = timedelta(minutes=30)  # later than this after the time: a catch-up run
WATCH_S = 300.0  # how often the catch-up watch looks (and how late after a wake-up at most)
MISFIRE_GRACE_S = 12 * 3600  # a late cron firing still runs; check() decides if it is needed
JOB_NIGHTLY, JOB_WATCH = "nightly", "catch-up-watch"


@dataclass(frozen=True)
class Due:
    """A run to start now: its trigger ("nightly" or "catch-up") and the night it covers."""

    trigger: Trigger
    scheduled: datetime


def parse_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def last_scheduled(now: datetime, at: time, tz: ZoneInfo) -> datetime:
    """The latest nightly time at or before `now`, in `tz`."""
    local = now.astimezone(tz)
    moment = datetime.combine(local.date(), at, tz)
    if moment > local:
        moment = datetime.combine(local.date() - timedelta(days=1), at, tz)
    return moment


def covered_since(metadata_dir: Path, since: datetime) -> tuple[bool, bool]:
    """(a full sync started at or after `since` and did not die with the PC, any run at all
    before `since`). A run left "interrupted" (app or PC stopped) does not cover the night."""
    if not (Path(metadata_dir) / STATE_FILE).exists():
        return False, False
    with StateDB(metadata_dir) as state:
        for run in state.runs(limit=200):  # newest first
            started = (
                run.started_at if run.started_at.tzinfo else run.started_at.replace(tzinfo=UTC)
            )
            if started < since:
                return False, True
            if run.trigger in SYNC_TRIGGERS and run.status != RunStatus.INTERRUPTED:
                return True, True
    return False, False


class NightlyScheduler:
    def __init__(
        self,
        metadata_dir: Path,
        launch: Callable[[Due], bool],
        *,
        nightly_time: str = "02:00",
        timezone: str = "UTC",
        enabled: bool = True,
        busy: Callable[[], bool] = lambda: False,
        clock: Clock = app_clock.now,  # the app's clock (clock.py); tests pass their own
        watch_s: float = WATCH_S,
    ) -> None:
        """`launch(due)` starts the run (or hands it over) and says whether it did; `busy()`
        says whether the caller runs something already. Both may be called from APScheduler's
        threads."""
        self.metadata_dir = Path(metadata_dir)
        self.launch, self.busy, self.clock = launch, busy, clock
        self.watch_s = watch_s
        self._lock = threading.Lock()
        self._claimed: datetime | None = None  # the night a run was launched for, this process
        self._paused = False
        self._at = parse_time(nightly_time)
        self._tz = ZoneInfo(timezone)
        self._enabled = enabled
        self._aps = BackgroundScheduler(
            timezone=self._tz,
            job_defaults={
                "coalesce": True,  # several missed firings: one run
                "max_instances": 1,
                "misfire_grace_time": MISFIRE_GRACE_S,
            },
        )

    # -- configuration -----------------------------------------------------------------------

    @property
    def trigger(self) -> CronTrigger:
        return CronTrigger(hour=self._at.hour, minute=self._at.minute, timezone=self._tz)

    @property
    def active(self) -> bool:
        return self._enabled and not self._paused

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def enabled(self) -> bool:
        return self._enabled

    def configure(self, nightly_time: str, timezone: str, enabled: bool) -> None:
        """New settings: the cron job moves, and a check runs at once."""
        with self._lock:
            self._at, self._tz, self._enabled = (
                parse_time(nightly_time),
                ZoneInfo(timezone),
                enabled,
            )
        if self._aps.running:
            self._aps.reschedule_job(JOB_NIGHTLY, trigger=self.trigger)
            self._sync_jobs()

    def pause(self) -> None:
        self._paused = True
        self._sync_jobs()
        log.info("nightly sync paused")

    def resume(self) -> None:
        self._paused = False
        self._sync_jobs()
        log.info("nightly sync resumed; next run %s", self.next_run())

    def _sync_jobs(self) -> None:
        if not self._aps.running:
            return
        for job_id in (JOB_NIGHTLY, JOB_WATCH):
            if self.active:
                self._aps.resume_job(job_id)
            else:
                self._aps.pause_job(job_id)
        if self.active:
            self.poke()

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the timers; the first check (a catch-up when a night was missed) runs now."""
        self._aps.add_job(self._fired, self.trigger, id=JOB_NIGHTLY, name="nightly sync")
        self._aps.add_job(
            self._fired, IntervalTrigger(seconds=self.watch_s, timezone=self._tz), id=JOB_WATCH,
            name="catch-up watch", next_run_time=datetime.now(self._tz),
        )  # fmt: skip
        self._aps.start(paused=False)
        if not self.active:
            self._sync_jobs()
        log.info("scheduler started; next nightly sync %s", self.next_run())

    def shutdown(self, wait: bool = True) -> None:
        if self._aps.running:
            self._aps.shutdown(wait=wait)

    @property
    def running(self) -> bool:
        return bool(self._aps.running)

    def poke(self) -> None:
        """Check now, in the scheduler's thread (after a wake-up, a resume, new settings)."""
        if self._aps.running and self.active:
            # a one-off job of its own: a watch check still running would make APScheduler
            # skip a second instance of the watch job (checks are serialised by the lock)
            self._aps.add_job(self._fired, next_run_time=datetime.now(self._tz), name="check now")

    def next_run(self) -> datetime | None:
        """The next nightly run on the clock, in the nightly time zone; None while paused."""
        if not self.active:
            return None
        return self.trigger.get_next_fire_time(None, self.clock().astimezone(self._tz))

    # -- the decision ------------------------------------------------------------------------

    def due(self) -> Due | None:
        """The run to start now, if any (reads the state database and the writer lock)."""
        if not self.active:
            return None
        now = self.clock()
        scheduled = last_scheduled(now, self._at, self._tz)
        if self._claimed == scheduled:
            return None  # launched already by this process
        covered, history = covered_since(self.metadata_dir, scheduled)
        if covered:
            return None
        on_time = now - scheduled <= NIGHTLY_WINDOW
        if not on_time and not history:
            return None  # a new lake: the first backfill is the setup's, not a catch-up
        return Due(Trigger.NIGHTLY if on_time else Trigger.CATCH_UP, scheduled)

    def check(self) -> Due | None:
        """Start the due run unless something runs already; returns what was launched."""
        with self._lock:
            due = self.due()
            if due is None:
                return None
            if self.busy():
                log.info("%s sync due, but a run is going on: checking again later", due.trigger)
                return None
            holder = current_holder(self.metadata_dir)
            if holder is not None:
                log.info(
                    "%s sync due, but the lake is being written (%s)", due.trigger, holder.owner
                )
                return None
            self._claimed = due.scheduled
        log.info("%s sync due (scheduled %s): starting", due.trigger, due.scheduled)
        if not self.launch(due):
            self.release(due)
            return None
        return due

    def release(self, due: Due) -> None:
        """The launched run could not start after all: let the next check try again."""
        with self._lock:
            if self._claimed == due.scheduled:
                self._claimed = None

    def _fired(self) -> None:
        try:
            self.check()
        except Exception:  # a broken state file must not stop the timers
            log.exception("the nightly sync check failed")
