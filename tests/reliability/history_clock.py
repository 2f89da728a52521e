"""The random histories' clock, shared by the demo Odoo and the runs.

The demo Odoo stamps changes with its injectable clock; the process's clock
(nkdash_desktop/clock.py: a run's business day, its read times, the weekly comparison) is set
to the same history clock, so days pass for both sides together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

from nkdash_desktop import clock
from nkdash_desktop.lake.state import Trigger
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.pipeline.runner import RunContext, RunSummary
from nkdash_desktop.pipeline.sync import backfill, sync

TZ = "Asia/Jakarta"


@contextmanager
def product_clock(history: Callable[[], datetime]) -> Iterator[None]:
    """The process runs on the history's clock (naive UTC) until the block ends."""
    clock.use(lambda: history().replace(tzinfo=UTC))
    try:
        yield
    finally:
        clock.use(None)


def business_day(now: datetime) -> date:
    return today(TZ, now.replace(tzinfo=UTC))


def run_sync(
    ctx: RunContext, trigger: Trigger = Trigger.NIGHTLY, reconcile: bool | None = None
) -> RunSummary:
    return sync(ctx, trigger=trigger, reconcile=reconcile)


def run_backfill(ctx: RunContext, first: date, last: date, mode: str) -> RunSummary:
    return backfill(ctx, first, last, mode=mode)
