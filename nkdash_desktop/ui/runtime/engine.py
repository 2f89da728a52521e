"""Engine runs from the app: sync now, a backfill, retrying failed partitions. One at a time,
in the engine's worker thread; progress comes back as a signal, cancel is a token.

The engine's modules are imported by the first run, in its worker thread: the window opens
without them."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QObject, Signal

from nkdash_desktop.errors import sentence
from nkdash_desktop.lake.state import PartitionRecord, Trigger
from nkdash_desktop.names import dataset_name, stage_name
from nkdash_desktop.pipeline.control import CancelToken, Progress, ProgressCallback
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.runtime.locale_format import QT
from nkdash_desktop.ui.runtime.tasks import RUN_NICE, Pools, lower_thread_priority, run_task
from nkdash_desktop.ui.runtime.translation import translate

log = logging.getLogger(__name__)


def describe(p: Progress) -> str:
    """A progress line for the status bar and the run log, in the operator's words:
    '20 of 358 steps · POS sales 01 Dec 2026: saving (227 rows)'."""
    when = QT.day(p.day) if p.day else translate("Engine", "today")
    text = translate("Engine", "{done} of {total} steps · {data} {day}: {step}").format(
        done=p.done, total=p.total, data=dataset_name(p.dataset), day=when,
        step=stage_name(p.stage),
    )  # fmt: skip
    if p.rows:
        text += translate("Engine", " ({rows} rows)").format(rows=f"{p.rows:,}")
    if p.message:
        text += f", {p.message}"
    return text


def retry_range(failed: Iterable[PartitionRecord], tz: str) -> tuple[list[str], date, date]:
    """The datasets and day range of a "rerun failed" backfill that retries these partitions
    (inside the range it reruns only the failed days). Snapshots cannot be taken for the past:
    the range then reaches yesterday, so the backfill takes them as of today."""
    from nkdash_desktop.datasets import DATASETS

    records = list(failed)
    yesterday = today(tz) - timedelta(days=1)
    days = [r.day for r in records if r.day is not None and DATASETS[r.dataset].kind == "daily"]
    first = min(days, default=yesterday)
    last = max(days, default=yesterday)
    if any(DATASETS[r.dataset].kind != "daily" for r in records):
        last = max(last, yesterday)
    return sorted({r.dataset for r in records}), first, last


def background_priority() -> None:
    """Lower the calling worker thread's CPU priority, and so that of the threads a run starts
    from it (Linux threads inherit it): when the UI thread and a run's threads are ready at once,
    the UI thread gets the CPU, and with it the interpreter lock. On 2 cores a run at normal
    priority roughly doubles the time the window takes to paint a tab."""
    lower_thread_priority(RUN_NICE)


class EngineRunner(QObject):
    started = Signal(str)  # what runs
    progress = Signal(object)  # Progress
    finished = Signal(object)  # RunSummary, or the exception that stopped the run

    def __init__(self, context: AppContext, pools: Pools, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pools = pools
        self.cancel_token: CancelToken | None = None

    @property
    def running(self) -> bool:
        return self.cancel_token is not None

    def _start(
        self,
        what: str,
        work: Callable[[Any, CancelToken, ProgressCallback], Any],
        need_odoo: bool = True,
    ) -> bool:
        if self.running:
            return False
        token = CancelToken()
        self.cancel_token = token
        self.started.emit(what)  # first: the run log starts afresh
        log.info("%s started", what)

        def on_progress(p: Progress) -> None:  # worker thread: log, then hand over
            log.info("%s", describe(p))
            self.progress.emit(p)

        def job() -> Any:
            background_priority()
            return work(self.context.run_context(need_odoo), token, on_progress)

        run_task(job, self._done, self._done, pool=self.pools.engine, owner=self)
        return True

    def _done(self, result: Any) -> None:
        self.cancel_token = None
        if isinstance(result, BaseException):
            log.error("the run stopped: %s", sentence(result))
        else:
            log.info("%s", result.sentence)  # the RunSummary's
        self.finished.emit(result)

    def rebuild_profit(self) -> bool:
        """Profit rebuilt from the lake on the settings' cost basis (Settings > Profit changed):
        no Odoo needed. False when another run is going on."""

        def work(ctx: Any, token: CancelToken, progress: ProgressCallback) -> Any:
            from nkdash_desktop.pipeline.profit import rebuild_with_lock

            return rebuild_with_lock(
                ctx.layout,
                ctx.tax_multipliers,
                standard_cost=ctx.standard_cost,
                owner=ctx.owner,
                progress=progress,
                cancel=token,
            )

        return self._start(translate("Engine", "Profit rebuild"), work, need_odoo=False)

    def sync_now(self, trigger: Trigger = Trigger.MANUAL) -> bool:
        """A sync: "manual" from the button, "nightly" or "catch-up" from the scheduler."""

        def work(ctx: Any, token: CancelToken, progress: ProgressCallback) -> Any:
            from nkdash_desktop.pipeline.sync import sync

            return sync(ctx, trigger=trigger, progress=progress, cancel=token)

        what = {
            Trigger.MANUAL: translate("Engine", "Sync"),
            Trigger.NIGHTLY: translate("Engine", "Nightly sync"),
            Trigger.CATCH_UP: translate("Engine", "Catch-up sync"),
        }.get(trigger) or translate("Engine", "{trigger} sync").format(trigger=trigger.capitalize())
        return self._start(what, work)

    def backfill(
        self,
        first: date,
        last: date,
        *,
        datasets: list[str] | None = None,
        mode: str = "skip_complete",
        trigger: Trigger = Trigger.BACKFILL,
        what: str = "",
    ) -> bool:
        def work(ctx: Any, token: CancelToken, progress: ProgressCallback) -> Any:
            from nkdash_desktop.pipeline.sync import backfill

            return backfill(
                ctx, first, last, datasets=datasets, mode=mode, progress=progress,
                cancel=token, trigger=trigger,
            )  # fmt: skip

        return self._start(
            what
            or translate("Engine", "Backfill {first} to {last}").format(first=first, last=last),
            work,
        )

    def retry_failed(self, failed: list[PartitionRecord]) -> bool:
        datasets, first, last = retry_range(failed, self.context.timezone)
        return self.backfill(
            first, last, datasets=datasets, mode="rerun_failed", trigger=Trigger.RETRY,
            what=translate("Engine", "Retry of {count} failed partitions").format(count=len(failed)),
        )  # fmt: skip

    def cancel(self) -> None:
        if self.cancel_token is not None:
            self.cancel_token.cancel()
