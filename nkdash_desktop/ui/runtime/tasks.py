"""Work off the UI thread: `run_task(fn, on_done, on_error)` runs `fn` in a thread pool and hands
its result (or its exception) back to the UI thread (Picard's run_task pattern).

Results reach the UI thread through a queued signal of a relay object living there, so the
callbacks always run on the UI thread whatever thread `fn` ran on. A callback whose `owner`
widget has been deleted meanwhile is dropped.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)
_relay: _Relay | None = None
_thread_state = threading.local()
# The app's one thread-priority policy. Linux niceness of background threads above the UI
# thread's (the process's; Qt leaves Linux thread priorities alone): KPI queries QUERY_NICE
# above it, a third of the UI thread's CPU share; engine runs lower still, RUN_NICE above it,
# and the threads a run starts (extraction, DuckDB's) inherit it. Windows and macOS get Qt's
# LowPriority only.
QUERY_NICE = 5
RUN_NICE = 10


class _Relay(QObject):
    deliver = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._call)

    @Slot(object, object)
    def _call(self, callback: Callable[[Any], None], value: Any) -> None:
        callback(value)


def _main_relay() -> _Relay:
    global _relay
    if _relay is None or not shiboken6.isValid(_relay):
        _relay = _Relay()
        app = QCoreApplication.instance()
        if app is not None:
            _relay.moveToThread(app.thread())
    return _relay


class _Task:
    """One piece of work; the pool runs `run` (a plain callable: Python subclasses of
    QRunnable deleted by the pool upset PySide6's reference counts at exit)."""

    def __init__(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        owner: QObject | None,
    ) -> None:
        self.fn, self.on_done, self.on_error, self.owner = fn, on_done, on_error, owner
        self.relay = _main_relay()

    def _alive(self) -> bool:
        return self.owner is None or shiboken6.isValid(self.owner)

    def _done(self, value: Any) -> None:
        if self._alive():
            self.on_done(value)

    def _failed(self, exc: BaseException) -> None:
        if self._alive():
            self.on_error(exc)

    def run(self) -> None:
        _run_in_background()
        try:
            result = self.fn()
        except BaseException as exc:  # handed to the UI thread, never lost in the pool
            self.relay.deliver.emit(self._failed, exc)
        else:
            self.relay.deliver.emit(self._done, result)


def _run_in_background() -> None:
    """Lower the calling pool thread below the UI thread, once: on a busy PC the scheduler
    then serves the event loop first. Threads it starts (the sync's extraction threads,
    DuckDB's) inherit the lower priority on Linux; Windows and macOS take Qt's."""
    if getattr(_thread_state, "background", False):
        return
    _thread_state.background = True
    QThread.currentThread().setPriority(QThread.Priority.LowPriority)
    lower_thread_priority(QUERY_NICE)


def lower_thread_priority(nice: int) -> None:
    """Give the calling thread (and the threads it starts later) Linux niceness `nice` above
    the process's: an app started with `nice -n 19` (a benchmark) must not get workers that a
    privileged user's absolute niceness 5 would put above its own UI thread."""
    if sys.platform.startswith("linux"):
        try:
            base = os.getpriority(os.PRIO_PROCESS, os.getpid())  # the main (UI) thread's
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), min(19, base + nice))
        except OSError:  # not permitted here: the work still runs, at the same priority
            log.debug("cannot lower a worker thread's priority", exc_info=True)


def log_error(exc: BaseException) -> None:
    log.error("background task failed: %s", exc, exc_info=exc)


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] = log_error,
    *,
    pool: QThreadPool | None = None,
    owner: QObject | None = None,
) -> None:
    """Run `fn()` in `pool` (the global pool by default); then `on_done(result)` or
    `on_error(exception)` on the UI thread, unless `owner` is gone by then."""
    (pool or QThreadPool.globalInstance()).start(_Task(fn, on_done, on_error, owner).run)


class Pools:
    """The app's thread pools: KPI queries (two at a time, DuckDB parallelises each), engine
    runs (one at a time, the lake has one writer), Odoo live figures (one at a time)."""

    def __init__(self) -> None:
        self.queries = QThreadPool()
        self.queries.setMaxThreadCount(2)
        self.engine = QThreadPool()
        self.engine.setMaxThreadCount(1)
        self.odoo = QThreadPool()
        self.odoo.setMaxThreadCount(1)

    def wait(self, msecs: int = -1) -> bool:
        return all(p.waitForDone(msecs) for p in (self.queries, self.engine, self.odoo))
