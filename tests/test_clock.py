"""The app's one clock (nkdash_desktop/clock.py): the business day, a run's start and the
scheduler's decision all follow it, so a whole process can run on a simulated one."""

from __future__ import annotations

from datetime import UTC, date, datetime

from nkdash_desktop import clock
from nkdash_desktop.lake.state import StateDB
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.scheduler import NightlyScheduler

MOMENT = datetime(2031, 5, 4, 19, 30, tzinfo=UTC)  # 02:30 on the 5th in Jakarta


def test_the_day_a_run_and_the_next_night_follow_the_process_clock(tmp_path):
    clock.use(lambda: MOMENT)
    try:
        assert today("Asia/Jakarta") == date(2031, 5, 5)
        with StateDB(tmp_path) as state:
            state.start_run("manual", {})
            assert state.runs()[0].started_at == MOMENT
        scheduler = NightlyScheduler(tmp_path, lambda due: True, timezone="Asia/Jakarta")
        assert scheduler.next_run() == datetime(2031, 5, 6, 2, 0, tzinfo=scheduler._tz)
    finally:
        clock.use(None)
    assert clock.now() != MOMENT  # the system's clock again
