"""The runner: a plan of (dataset, day) partitions, run extract -> clean -> load with bounded
parallelism, recorded partition by partition in the state database.

- Days run newest first (`newest_first`): the most recent month of every dataset is loaded
  before any older one, so a first sync or a backfill shows yesterday's figures long before it
  ends, and a run cancelled or killed midway has loaded the newest days and owes the older ones.
- Extract and clean of different days run in parallel, one Odoo connection per worker thread
  (`connections`, default from settings); loads into the star schema run on the calling thread,
  one month file at a time, when every planned day of that month has been cleaned. So each
  month file is rewritten once per run and the single-writer rule holds inside the process too.
- A failed partition is recorded with its error and does not stop the others. Errors that will
  fail every partition (wrong password, unknown database, TLS...) stop the run at once.
- Cancel is honoured between batches; finished partitions are kept, nothing is half-written.
- The whole run holds the lake's writer lock, shared with every other NK Dash process.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nkdash_desktop.datasets import DATASETS, Dataset
from nkdash_desktop.errors import sentence
from nkdash_desktop.i18n import translate
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.lake import versions
from nkdash_desktop.lake.files import sweep_temp_files
from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.lake.lock import WriterLock
from nkdash_desktop.lake.months import month_of
from nkdash_desktop.lake.state import PartitionStatus, RunStatus, StateDB, Trigger, status_words
from nkdash_desktop.lake.storage import LakeStorageError, check_writable, storage_sentence
from nkdash_desktop.odoo import errors as odoo_errors
from nkdash_desktop.odoo.reader import OdooReader
from nkdash_desktop.pipeline.clean import clean_day, clean_dimensions
from nkdash_desktop.pipeline.control import (
    Cancelled,
    CancelToken,
    Progress,
    ProgressCallback,
    no_progress,
)
from nkdash_desktop.pipeline.days import day_range
from nkdash_desktop.pipeline.extract import Extractor
from nkdash_desktop.pipeline.integrity import corrupt_months, repair
from nkdash_desktop.pipeline.load import load_days, load_dimensions
from nkdash_desktop.pipeline.shared_reads import SharedReads
from nkdash_desktop.pipeline.upgrade import upgrade_lake

log = logging.getLogger(__name__)

MODES = ("skip_complete", "rerun_failed", "rerun_all")
# errors that would fail every partition the same way: stop instead of repeating them
FATAL = (
    odoo_errors.WrongCredentials,
    odoo_errors.UnknownDatabase,
    odoo_errors.HostNotFound,
    odoo_errors.TlsError,
    odoo_errors.NoExternalApi,
    odoo_errors.InvalidUrl,
    odoo_errors.UnsupportedVersion,
    odoo_errors.Json2Unavailable,
)
DEFAULT_SECONDS = 1.0  # per partition, before any history
CONNECT_REQUESTS = 2  # a client's version probe and login
# Odoo unreachable for this many partitions in a row, each after its full retries: the server
# is gone, so stop instead of spending every remaining partition's retries on it (a 5-year
# backfill would hammer a dead server for hours)
UNREACHABLE_IN_A_ROW = 3


@dataclass(frozen=True, order=True)
class Partition:
    dataset: str  # the dataset's name: the state database's key
    day: date | None  # None: a dimension snapshot

    @property
    def spec(self) -> Dataset:
        return DATASETS[self.dataset]


@dataclass
class Plan:
    partitions: list[Partition]
    skipped: list[Partition] = field(default_factory=list)
    requests: int = 0  # estimated
    seconds: float = 0.0  # estimated, with the run's parallelism

    def lines(self) -> list[str]:
        by_dataset: dict[str, list[Partition]] = defaultdict(list)
        for p in self.partitions:
            by_dataset[p.dataset].append(p)
        out = []
        for name, parts in by_dataset.items():
            days = [p.day for p in parts if p.day]
            if days:
                span = translate("Runs", "{first} .. {last}, {count} days").format(
                    first=min(days), last=max(days), count=len(days)
                )
            else:
                span = translate("Runs", "snapshot")
            out.append(f"{name}: {span}")
        out.append(
            translate(
                "Runs",
                "{count} partitions to run, {skipped} skipped; about {requests} requests and "
                "{duration}",
            ).format(
                count=len(self.partitions),
                skipped=len(self.skipped),
                requests=self.requests,
                duration=_duration(self.seconds),
            )
        )
        return out


def _duration(seconds: float) -> str:
    if seconds < 90:
        return translate("Runs", "{count} s").format(count=f"{seconds:.0f}")
    if seconds < 5400:
        return translate("Runs", "{count} min").format(count=f"{seconds / 60:.0f}")
    return translate("Runs", "{count} h").format(count=fmt.number(seconds / 3600, 1))


@dataclass
class RunSummary:
    run_id: int
    status: RunStatus  # succeeded | partial | failed | cancelled
    error: str | None
    rows: dict[str, int]  # dataset -> rows loaded
    succeeded: list[Partition]
    failed: dict[Partition, str]
    requests: int
    bytes: int
    seconds: float

    @property
    def sentence(self) -> str:
        ok, bad = len(self.succeeded), len(self.failed)
        text = translate("Runs", "run {id} {status}: {done} partitions done, {failed} failed")
        text = text.format(id=self.run_id, status=status_words(self.status), done=ok, failed=bad)
        return f"{text} ({self.error})" if self.error else text


@dataclass
class RunContext:
    """What a run needs; built from settings by the app and the CLI alike."""

    layout: LakeLayout
    timezone: str
    client_factory: Callable[[], OdooReader]  # a connected client; one per worker thread
    company_id: int | None = None
    connections: int = 3
    owner: str = "app"  # who holds the writer lock: app | cli | scheduler
    tax_multipliers: dict[int, float] = field(default_factory=dict)  # settings' overrides
    standard_cost: bool = False  # settings' fallback to Odoo's standard cost (profit)


def plan(
    state: StateDB,
    datasets: Iterable[Dataset],
    first: date,
    last: date,
    mode: str = "skip_complete",
    *,
    connections: int = 1,
    snapshot_day: date | None = None,
) -> Plan:
    """Datasets x days, less what `mode` skips. Snapshots (stock levels, dimensions) cannot be
    taken for the past: they are planned once, for `snapshot_day` (dimensions: no day)."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; the modes are: {', '.join(MODES)}")
    chosen = {d.name for d in datasets}
    todo: list[Partition] = []
    skipped: list[Partition] = []
    for dataset in [d for d in DATASETS.values() if d.name in chosen]:  # dimensions first
        name = dataset.name
        if dataset.kind == "dimension":
            candidates = [Partition(name, None)]
        elif dataset.kind == "snapshot":
            candidates = [Partition(name, snapshot_day)] if snapshot_day else []
        else:
            candidates = [Partition(name, d) for d in day_range(first, last)]
        status = state.latest_partition_status(name, [p.day for p in candidates], "load")
        for p in candidates:
            done = status.get(p.day)
            if dataset.kind == "daily" and (
                (mode == "skip_complete" and done == PartitionStatus.SUCCEEDED)
                or (mode == "rerun_failed" and done != PartitionStatus.FAILED)
            ):
                skipped.append(p)
                continue
            todo.append(p)
    return Plan(todo, skipped, *estimate(state, todo, connections))


def estimate(state: StateDB, partitions: list[Partition], connections: int) -> tuple[int, float]:
    """Requests and seconds a plan will take (seconds with the run's parallelism).

    Per partition: the dataset's average data requests over its recent partitions, or before
    any history one request per table (a page each). Per worker client: its login and the
    server facts of the datasets it reads (Extractor._server_facts), paid once per run."""
    requests = seconds = 0.0
    for name in {p.dataset for p in partitions}:
        known = state.estimate(name)
        n = sum(1 for p in partitions if p.dataset == name)
        requests += (known.requests if known else len(DATASETS[name].tables)) * n
        seconds += (known.seconds if known else DEFAULT_SECONDS) * n
    days = [p for p in partitions if p.day is not None]
    workers = min(max(1, connections), len(days))
    requests += workers * (CONNECT_REQUESTS + _server_facts({p.dataset for p in days}))
    if len(days) < len(partitions):  # snapshots of dimensions run on the calling thread
        dims = {p.dataset for p in partitions if p.day is None}
        requests += CONNECT_REQUESTS + _server_facts(dims)
    return round(requests), seconds / max(1, connections)


def newest_first(partitions: Iterable[Partition]) -> list[Partition]:
    """Day partitions from the most recent day backwards, the datasets of one day together (in
    the registry's order). Month by month in effect: a month's days are all read before any
    older month's, so each month file is still loaded once, as soon as its month is read."""
    order = {name: i for i, name in enumerate(DATASETS)}
    return sorted(partitions, key=lambda p: (-p.day.toordinal(), order[p.dataset]))  # type: ignore[union-attr]


def _server_facts(names: Iterable[str]) -> int:
    """How many questions a worker asks the server before reading these datasets: each model
    with optional fields or itself optional, and each dataset's group check."""
    datasets = [DATASETS[name] for name in names]
    models = {t.model for d in datasets for t in d.tables if t.optional or t.requires_model}
    return len(models) + sum(1 for d in datasets if d.needs_group)


class _Workers:
    """One connected Odoo client and extractor per worker thread, closed at the end."""

    def __init__(self, ctx: RunContext, cancel: CancelToken, planned: list[Partition]) -> None:
        self.ctx, self.cancel = ctx, cancel
        # a day's read that serves two datasets of the run (pos.payment): one request
        self.shared = SharedReads((p.dataset, p.day) for p in planned)
        self._local = threading.local()
        self._clients: list[OdooReader] = []
        self._lock = threading.Lock()

    def extractor(self) -> Extractor:
        ex = getattr(self._local, "extractor", None)
        if ex is None:
            client = self.ctx.client_factory()
            with self._lock:
                self._clients.append(client)
            ex = Extractor(
                client,
                self.ctx.layout,
                timezone=self.ctx.timezone,
                company_id=self.ctx.company_id,
                cancel=self.cancel,
                shared=self.shared,
            )
            self._local.extractor = ex
        return ex

    def totals(self) -> tuple[int, int]:
        with self._lock:
            stats = [c.stats.totals() for c in self._clients]
        return sum(int(s["requests"]) for s in stats), sum(int(s["bytes"]) for s in stats)

    def close(self) -> None:
        with self._lock:
            for client in self._clients:
                try:
                    client.close()
                except Exception:  # closing is best effort
                    log.debug("closing a client failed", exc_info=True)


def _sentence(exc: BaseException) -> str:
    """The failure's sentence as the run records keep it: one line, bounded."""
    return " ".join(sentence(exc).split())[:500]


def run(
    ctx: RunContext,
    the_plan: Plan,
    *,
    trigger: Trigger,
    parameters: dict[str, Any] | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    after_load: Callable[[StateDB, int, dict[str, set[date]]], None] | None = None,
    before_work: Callable[[], None] | None = None,
    after_run: Callable[[StateDB], None] | None = None,
) -> RunSummary:
    """Run a plan under the writer lock; `before_work()` runs once the run is recorded, before
    any partition; `after_load(state, run_id, days_loaded)` runs at the end while the lock is
    still held (the sync uses them for profit and cursors), unless the run was cancelled;
    `after_run(state)` runs last, under the lock, however the run ended."""
    cancel = cancel or CancelToken()
    layout = ctx.layout
    check_writable(layout.root)  # a read-only or full lake is one sentence, before any work
    with (
        _storage_errors(layout),
        WriterLock(layout.metadata, owner=ctx.owner, description=trigger),
        StateDB(layout.metadata) as state,
    ):
        state.mark_interrupted_runs(writer_lock_held=True)
        sweep_temp_files(layout.root)
        versions.prune_tree(layout.layer(STAR))  # what earlier runs superseded, past retention
        upgrade_lake(layout, ctx.timezone, state)  # an older release's lake, once
        run_id = state.start_run(trigger, parameters or {})
        if before_work:
            before_work()
        summary = _Run(ctx, the_plan, state, run_id, progress, cancel, after_load).execute()
        if after_run:
            after_run(state)
        return summary


@contextlib.contextmanager
def _storage_errors(layout: LakeLayout) -> Iterator[None]:
    """A storage failure outside the partitions (the lock, the state database, the run's
    end) becomes the lake's storage sentence; a run it leaves open is marked interrupted by
    the next run."""
    try:
        yield
    except (OSError, sqlite3.Error) as exc:
        reason = storage_sentence(exc, layout.root)
        if reason is None or isinstance(exc, LakeStorageError):
            raise
        raise LakeStorageError(reason, getattr(exc, "errno", None)) from exc


def record_failed_run(
    ctx: RunContext, trigger: Trigger, parameters: dict[str, Any], exc: BaseException
) -> RunSummary:
    """A run that could not even be planned (Odoo down at start, wrong password...) still
    ends in the history with a clear status."""
    sentence = _sentence(exc)
    check_writable(ctx.layout.root)
    with (
        _storage_errors(ctx.layout),
        WriterLock(ctx.layout.metadata, owner=ctx.owner, description=trigger),
        StateDB(ctx.layout.metadata) as state,
    ):
        run_id = state.start_run(trigger, parameters)
        state.finish_run(run_id, RunStatus.FAILED, error=sentence, totals={"rows": 0})
    return RunSummary(run_id, RunStatus.FAILED, sentence, {}, [], {}, 0, 0, 0.0)


class _Run:
    def __init__(
        self,
        ctx: RunContext,
        the_plan: Plan,
        state: StateDB,
        run_id: int,
        progress: ProgressCallback,
        cancel: CancelToken,
        after_load: Callable[[StateDB, int, dict[str, set[date]]], None] | None,
    ) -> None:
        self.ctx, self.plan, self.state, self.run_id = ctx, the_plan, state, run_id
        self.progress, self.cancel, self.after_load = progress, cancel, after_load
        self.workers = _Workers(ctx, cancel, the_plan.partitions)
        self.total = len(the_plan.partitions)
        self.done = 0
        self.started = time.monotonic()
        self.rows: dict[str, int] = defaultdict(int)
        self.succeeded: list[Partition] = []
        self.failed: dict[Partition, str] = {}
        self.fatal: str | None = None
        self.unreachable = 0  # partitions failed in a row because Odoo could not be reached
        # cleaned days waiting for their month's load: (dataset, month) -> days
        self.waiting: dict[tuple[str, date], list[date]] = defaultdict(list)
        self.expected: dict[tuple[str, date], int] = defaultdict(int)
        for p in the_plan.partitions:
            if p.day is not None:
                self.expected[(p.dataset, month_of(p.day))] += 1

    # -- bookkeeping -----------------------------------------------------------------------

    def _emit(self, stage: str, p: Partition, rows: int = 0, message: str = "") -> None:
        elapsed = time.monotonic() - self.started
        eta = elapsed / self.done * (self.total - self.done) if self.done else None
        self.progress(Progress(stage, p.dataset, p.day, self.done, self.total, rows, eta, message))

    def _record(self, p: Partition, stage: str, status: PartitionStatus, **kw: Any) -> None:
        self.state.record_partition(self.run_id, p.dataset, p.day, stage, status, **kw)

    def _fail(self, p: Partition, stage: str, exc: BaseException) -> None:
        sentence = _sentence(exc)
        log.warning("%s %s %s failed: %s", p.dataset, p.day or "snapshot", stage, sentence)
        if not isinstance(exc, odoo_errors.OdooError | Cancelled):
            log.debug("traceback", exc_info=exc)
        self._record(p, stage, PartitionStatus.FAILED, error=sentence)
        if stage != "load":
            self._record(p, "load", PartitionStatus.FAILED, error=sentence)
        self.failed[p] = sentence
        if stage != "load":  # a partition counts as done once, when extract+clean ends
            self.done += 1
        self._emit(stage, p, message=sentence)
        fatal = isinstance(exc, FATAL)
        storage = storage_sentence(exc, self.ctx.layout.root)
        if storage:  # every partition would fail the same way: stop at the first
            fatal, sentence = True, storage
        if isinstance(exc, odoo_errors.HostUnreachable | odoo_errors.OdooTimeout):
            self.unreachable += 1
            if self.unreachable >= UNREACHABLE_IN_A_ROW:
                stopped = translate("Runs", "Odoo stopped answering: {reason}")
                fatal, sentence = True, stopped.format(reason=sentence)
        if fatal and self.fatal is None:
            self.fatal = sentence
            self.cancel.cancel()  # stop the other workers between batches

    # -- stages ----------------------------------------------------------------------------

    def _extract_and_clean(self, p: Partition) -> tuple[int, int, int, float]:
        """Worker thread: extract then clean one partition; returns rows, requests, bytes, s."""
        shared = self.workers.shared
        try:
            self.cancel.raise_if_cancelled()
            result = self.workers.extractor().extract(p.spec, p.day)
        except BaseException:  # whatever stopped it (even its client's login), a taker reads
            shared.finished(p.dataset, p.day, None)
            raise
        shared.finished(p.dataset, p.day, {t.table: t.path for t in result.tables if t.path})
        if p.day is None:
            clean_dimensions(self.ctx.layout)
        else:
            clean_day(self.ctx.layout, p.spec, p.day, self.ctx.timezone)
        return result.rows, result.requests, result.bytes, result.seconds

    def _load(self, dataset: Dataset, days: list[date]) -> None:
        """Calling thread: load cleaned days of one dataset (one month) into the star."""
        parts = [Partition(dataset.name, d) for d in sorted(days)]
        started = time.perf_counter()
        try:
            rows = self._load_repairing(dataset, days)
        except Exception as exc:
            for p in parts:
                self._fail(p, "load", exc)
            return
        seconds = (time.perf_counter() - started) / max(1, len(parts))
        self.rows[dataset.name] += sum(rows.values())
        for p in parts:
            self._record(p, "load", PartitionStatus.SUCCEEDED, seconds=seconds)
            self.succeeded.append(p)
            self._emit("load", p)

    def _load_repairing(self, dataset: Dataset, days: list[date]) -> dict[str, int]:
        """Load; when a month file it must rewrite is unreadable, quarantine and rebuild that
        month from the clean layer, then load again."""
        try:
            return load_days(self.ctx.layout, dataset, days)
        except Exception:
            corrupt = corrupt_months(self.ctx.layout, dataset, days)
            if not corrupt:
                raise
            report = repair(self.ctx.layout, self.ctx.timezone, corrupt)
            log.warning("repaired before loading %s: %s", dataset.name, "; ".join(report.lines()))
            return load_days(self.ctx.layout, dataset, days)

    def _month_finished(self, p: Partition, cleaned: bool) -> None:
        assert p.day is not None
        key = (p.dataset, month_of(p.day))
        if cleaned:
            self.waiting[key].append(p.day)
        self.expected[key] -= 1
        if self.expected[key] == 0 and self.waiting[key]:
            self._load(p.spec, self.waiting.pop(key))

    def _flush_waiting(self) -> None:
        """After a cancel or a fatal error: load what was cleaned, so it is not lost."""
        for (name, _), days in sorted(self.waiting.items(), key=lambda kv: kv[0][1], reverse=True):
            if days:
                self._load(DATASETS[name], days)
        self.waiting.clear()

    # -- the run ---------------------------------------------------------------------------

    def execute(self) -> RunSummary:
        status, error = RunStatus.FAILED, None
        try:
            dims = [p for p in self.plan.partitions if p.day is None]
            days = [p for p in self.plan.partitions if p.day is not None]
            for p in dims:  # dimensions first: the clean layer looks locations up in them
                self._run_dimension(p)
            if not self.fatal:
                self._run_days(days)
            self._flush_waiting()
            if self.after_load and not self.cancel.cancelled:
                loaded: dict[str, set[date]] = defaultdict(set)
                for p in self.succeeded:
                    if p.day is not None:
                        loaded[p.dataset].add(p.day)
                self.after_load(self.state, self.run_id, dict(loaded))
            if self.fatal:
                status, error = RunStatus.FAILED, self.fatal
            elif self.cancel.cancelled:
                status, error = RunStatus.CANCELLED, Cancelled.sentence
            elif self.failed:
                status = RunStatus.PARTIAL if self.succeeded else RunStatus.FAILED
                error = f"{len(self.failed)} partitions failed: {next(iter(self.failed.values()))}"
            else:
                status = RunStatus.SUCCEEDED
        except Cancelled:
            self._flush_waiting()
            status, error = RunStatus.CANCELLED, Cancelled.sentence
        except Exception as exc:  # an unexpected failure still ends the run with a status
            log.exception("run %s failed", self.run_id)
            status, error = (
                RunStatus.FAILED,
                storage_sentence(exc, self.ctx.layout.root) or _sentence(exc),
            )
        finally:
            self.workers.close()
        requests, nbytes = self.workers.totals()
        seconds = time.monotonic() - self.started
        totals = {
            "rows": sum(self.rows.values()),
            "requests": requests,
            "bytes": nbytes,
            "seconds": round(seconds, 3),
            "partitions_ok": len(self.succeeded),
            "partitions_failed": len(self.failed),
        }
        self.state.finish_run(self.run_id, status, error=error, totals=totals)
        return RunSummary(
            self.run_id, status, error, dict(self.rows), self.succeeded, self.failed,
            requests, nbytes, seconds,
        )  # fmt: skip

    def _run_dimension(self, p: Partition) -> None:
        self._record(p, "extract", PartitionStatus.RUNNING)
        try:
            rows, requests, nbytes, seconds = self._extract_and_clean(p)
            self._record(p, "extract", PartitionStatus.SUCCEEDED, rows=rows, requests=requests,
                         bytes=nbytes, seconds=seconds)  # fmt: skip
            rows_loaded = load_dimensions(self.ctx.layout)
        except Cancelled:
            raise
        except Exception as exc:
            self._fail(p, "extract", exc)
            return
        self.rows[p.dataset] += sum(rows_loaded.values())
        self._record(p, "load", PartitionStatus.SUCCEEDED, rows=rows)
        self.succeeded.append(p)
        self.done += 1
        self._emit("load", p, rows)

    def _run_days(self, days: list[Partition]) -> None:
        pending: dict[Future, Partition] = {}
        queue = iter(newest_first(days))
        limit = max(1, self.ctx.connections)
        with ThreadPoolExecutor(limit, thread_name_prefix="nkdash-extract") as pool:
            while True:
                while len(pending) < limit and not self.cancel.cancelled:
                    p = next(queue, None)
                    if p is None:
                        break
                    self._record(p, "extract", PartitionStatus.RUNNING)
                    pending[pool.submit(self._extract_and_clean, p)] = p
                if not pending:
                    break
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    p = pending.pop(future)
                    self._finish_day(p, future)
        # days never started because of a cancel are simply not recorded: nothing changed

    def _finish_day(self, p: Partition, future: Future) -> None:
        try:
            rows, requests, nbytes, seconds = future.result()
        except Cancelled:
            self._record(p, "extract", PartitionStatus.CANCELLED)
            self.expected[(p.dataset, month_of(p.day))] -= 1  # type: ignore[arg-type]
            return
        except Exception as exc:
            self._fail(p, "extract", exc)
            self._month_finished(p, cleaned=False)
            return
        self._record(p, "extract", PartitionStatus.SUCCEEDED, rows=rows, requests=requests,
                     bytes=nbytes, seconds=seconds)  # fmt: skip
        self.unreachable = 0
        self.done += 1
        self._emit("extract", p, rows)
        self._month_finished(p, cleaned=True)
