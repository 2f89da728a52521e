"""The app's one "now": which business day is today, when a run started and a partition was
read, which night is due, what the Overview compares today with.

Everything that asks the time for a business purpose asks here, so one process (app, engine,
scheduler) can run on another clock as a whole: bench/tray_weeks.py runs weeks of nights in
minutes on a simulated one. Timers and timeouts keep the real clock (they measure waiting,
not business time). No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]  # an aware "now"
ODOO_DATETIME = "%Y-%m-%d %H:%M:%S"  # how Odoo writes a moment (UTC) on the wire


def system_now() -> datetime:
    return datetime.now(UTC)


_source: Clock = system_now


def now() -> datetime:
    """The current moment, timezone-aware."""
    return _source()


def use(source: Clock | None) -> None:
    """Make `source` the process's clock (None: the system's again)."""
    global _source
    _source = source or system_now
