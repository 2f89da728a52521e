"""The nightly sync and its relatives: catch-up, late changes, reconciliation, backfill.

A sync covers, per daily dataset, every day after its last complete day up to yesterday (so
one run catches up however many nights were missed), plus the days touched by records edited
since the dataset's cursor (late bills, cancellations, refunds, moved dates), plus, once a week
or on demand, the days whose ids in Odoo no longer match the lake (deleted records). Snapshots
(dimensions, stock levels) are taken fresh. Cursors advance only once the data is durable; a
backfill never moves them.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb

from nkdash_desktop.lake.layout import CLEAN, RAW, LakeLayout
from nkdash_desktop.lake.state import StateDB
from nkdash_desktop.lake.storage import check_writable
from nkdash_desktop.odoo import OdooError
from nkdash_desktop.pipeline.control import CancelToken, ProgressCallback, no_progress
from nkdash_desktop.pipeline.datasets import DATASETS, Dataset, Scope
from nkdash_desktop.pipeline.days import ODOO_DATETIME, check_range, day_range, local_day, today
from nkdash_desktop.pipeline.integrity import unreadable
from nkdash_desktop.pipeline.pending import (
    DIMENSIONS,
    clear_pending,
    merged,
    read_pending,
    write_pending,
)
from nkdash_desktop.pipeline.profit import update_after_sync
from nkdash_desktop.pipeline.runner import (
    DEFAULT_ESTIMATE,
    FATAL,
    Partition,
    Plan,
    RunContext,
    RunSummary,
    plan,
    record_failed_run,
    run,
)
from nkdash_desktop.pipeline.sync_rules import complete_up_to

log = logging.getLogger(__name__)

OVERLAP = timedelta(hours=1)  # a long Odoo transaction commits rows with an older write_date
RECONCILE_EVERY = timedelta(days=7)
RECONCILE_DAYS = 35  # how far back the weekly reconciliation compares ids
# the sweep position of a dataset whose Odoo holds no record yet: everything is newer
EPOCH = ("1970-01-01 00:00:00", 0)
ProfitHook = Callable[[StateDB, int, dict[str, set[date]]], None]


@dataclass
class SyncPlan:
    plan: Plan
    reasons: dict[Partition, set[str]] = field(default_factory=dict)  # catch-up, late change...
    cursors: dict[str, tuple[str, int]] = field(default_factory=dict)  # to set once durable
    reconciled: set[str] = field(default_factory=set)  # datasets whose ids were compared
    # sweep positions to store before the first partition is read (datasets without one)
    sweep_from: dict[str, tuple[str, int]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        counts: dict[str, int] = defaultdict(int)
        for reasons in self.reasons.values():
            for reason in reasons:
                counts[reason] += 1
        why = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
        return [*self.plan.lines(), f"why: {why}" if why else "nothing new to sync"]


def _odoo_day(value: Any, kind: str, tz: str) -> date | None:
    if not value:
        return None
    return local_day(value, tz) if kind == "datetime" else date.fromisoformat(value[:10])


def _lake_days(layout: LakeLayout, table: str, column: str, ids: list[int]) -> dict[int, date]:
    """The day each id is filed under in the clean layer (for records whose date moved)."""
    days = layout.days(CLEAN, table)
    if not ids or not days:
        return {}
    files = [layout.day_partition(CLEAN, table, d) for d in days]
    con = duckdb.connect()
    try:
        con.execute("CREATE TEMP TABLE wanted (id BIGINT)")
        con.executemany("INSERT INTO wanted VALUES (?)", [(i,) for i in ids])
        query = (
            f"SELECT DISTINCT t.{column}, t.day FROM read_parquet(?, union_by_name=true) t "
            f"JOIN wanted w ON w.id = t.{column}"
        )
        try:
            rows = con.execute(query, [[str(f) for f in files]]).fetchall()
        except duckdb.Error:  # a corrupt clean day must not stop the nightly sync
            readable = [str(f) for f in files if not unreadable(f)]
            log.warning("%s: %d unreadable clean files skipped", table, len(files) - len(readable))
            rows = con.execute(query, [readable]).fetchall() if readable else []
    finally:
        con.close()
    return {int(i): d for i, d in rows}


def newest_change(client: Any, dataset: Dataset) -> tuple[str, int]:
    """The newest (write_date, id) of the dataset's sweep, read before any of its partitions:
    every later change has a newer write_date, so a sweep from here sees it. EPOCH when
    Odoo holds no record yet (then the first one is newer)."""
    sweep = dataset.changes
    assert sweep is not None
    newest = client.search_read(
        sweep.model, list(sweep.domain), ["write_date"], order="write_date desc, id desc",
        limit=1, site=f"{dataset.name}.changes", context={"active_test": False},
    )  # fmt: skip
    return (newest[0]["write_date"], newest[0]["id"]) if newest else EPOCH


def late_changes(
    client: Any, layout: LakeLayout, dataset: Dataset, cursor: tuple[str, int], tz: str
) -> tuple[set[date], tuple[str, int]]:
    """Days to rerun for records written since `cursor` (minus the overlap window), and the
    cursor to store once those days are durable."""
    sweep = dataset.changes
    assert sweep is not None
    site = f"{dataset.name}.changes"
    since = datetime.strptime(cursor[0], ODOO_DATETIME) - OVERLAP
    domain = [("write_date", ">=", since.strftime(ODOO_DATETIME)), *sweep.domain]
    changed: list[dict[str, Any]] = []
    for page in client.search_read_pages(
        sweep.model, domain, [sweep.day_field, "write_date"], site=site,
        context={"active_test": False},
    ):  # fmt: skip
        changed.extend(page)
    if not changed:
        return set(), cursor
    days = {d for r in changed if (d := _odoo_day(r[sweep.day_field], sweep.day_kind, tz))}
    # a record whose date moved is still filed under its old day: rerun that one too
    before = _lake_days(layout, sweep.clean_table, sweep.clean_id, [r["id"] for r in changed])
    days |= set(before.values())
    newest = max(changed, key=lambda r: (r["write_date"], r["id"]))
    return days, max(cursor, (newest["write_date"], newest["id"]))


def legacy_sweep_start(read_times: dict[date, datetime]) -> tuple[str, int] | None:
    """A lake written before reads recorded their sweep position: sweep from its oldest read,
    by this PC's clock, with a day's margin for the clocks' difference. None: nothing read."""
    if not read_times:
        return None
    oldest = min(read_times.values()).astimezone(UTC) - timedelta(days=1)
    return (oldest.strftime(ODOO_DATETIME), 0)


def mark_sweep_start(state: StateDB, positions: dict[str, tuple[str, int]]) -> None:
    """Before any partition is read: a dataset without a sweep position gets the one taken
    before reading, so the next sync sweeps every change made since its data was read (a
    crash or cancel later in the run loses nothing)."""
    for name, position in positions.items():
        st = state.get_dataset_state(name)
        stored = (st.cursor_write_date, st.cursor_id or 0) if st.cursor_write_date else None
        if stored is None or position < stored:
            state.set_cursor(name, *position)


def mismatched_days(
    client: Any, layout: LakeLayout, dataset: Dataset, days: Iterable[date], tz: str
) -> set[date]:
    """Days whose ids in Odoo differ from the lake's (deleted, cancelled, missed records).
    Compares the dataset's first raw table, one id-only search per day."""
    table = dataset.tables[0]
    version = client.odoo_version
    company = getattr(client.connection, "company_id", None)
    out: set[date] = set()
    con = duckdb.connect()
    try:
        for day in days:
            path = layout.day_partition(RAW, table.name, day)
            if not path.exists():
                continue  # never extracted (or removed by retention): nothing to compare
            try:
                lake = {
                    r[0]
                    for r in con.execute("SELECT id FROM read_parquet(?)", [str(path)]).fetchall()
                }
            except duckdb.Error:  # corrupt: rerunning the day replaces the file
                log.warning("%s %s: the raw file is unreadable: rerun", dataset.name, day)
                out.add(day)
                continue
            domain = table.domain(Scope(day, tz, version, company))
            odoo = set(
                client.call(
                    table.model, "search", {"domain": domain}, site=f"{dataset.name}.reconcile",
                    context=dict(table.context),
                )
            )  # fmt: skip
            if odoo != lake:
                log.info(
                    "%s %s: %d ids in Odoo, %d in the lake: rerun",
                    dataset.name, day, len(odoo), len(lake),
                )  # fmt: skip
                out.add(day)
    finally:
        con.close()
    return out


def plan_sync(
    ctx: RunContext,
    state: StateDB,
    *,
    datasets: Iterable[str] | None = None,
    as_of: date | None = None,
    reconcile: bool | None = None,
    first_day: date | None = None,
) -> SyncPlan:
    """What a sync would run: catch-up days, late-change days, reconciled days, snapshots.
    `reconcile=None` reconciles when the last reconciliation is a week old."""
    names = list(datasets or DATASETS)
    run_day = as_of or today(ctx.timezone)
    yesterday = run_day - timedelta(days=1)
    reasons: dict[Partition, set[str]] = defaultdict(set)
    cursors: dict[str, tuple[str, int]] = {}
    sweep_from: dict[str, tuple[str, int]] = {}
    reconciled: set[str] = set()
    client = ctx.client_factory()
    try:
        for name in names:
            dataset = DATASETS[name]
            if dataset.kind != "daily":
                day = None if dataset.kind == "dimension" else run_day
                reasons[Partition(name, day)].add("snapshot")
                continue
            st = state.get_dataset_state(name)
            start = (
                st.last_complete_day + timedelta(days=1)
                if st.last_complete_day
                else first_day or yesterday
            )
            for day in day_range(start, yesterday):
                reasons[Partition(name, day)].add("catch-up")
            cursor = (st.cursor_write_date, st.cursor_id or 0) if st.cursor_write_date else None
            if cursor is None:
                cursor = legacy_sweep_start(state.read_times(name))
            if cursor is None:  # nothing read yet: every change from now on is swept
                sweep_from[name] = cursors[name] = newest_change(client, dataset)
                continue
            changed, cursors[name] = late_changes(client, ctx.layout, dataset, cursor, ctx.timezone)
            for day in changed:
                if day <= yesterday or day == run_day:
                    reasons[Partition(name, day)].add("late change")
            due = reconcile
            if due is None:
                last = st.last_reconciled_at
                due = last is None or datetime.now(UTC) - _aware(last) >= RECONCILE_EVERY
            if due and st.last_complete_day:
                window = day_range(
                    st.last_complete_day - timedelta(days=RECONCILE_DAYS - 1),
                    st.last_complete_day,
                )
                for day in mismatched_days(client, ctx.layout, dataset, window, ctx.timezone):
                    reasons[Partition(name, day)].add("reconcile")
                reconciled.add(name)
        # partitions that failed before are retried until they succeed
        for record in state.failed_partitions():
            if record.dataset in names and (record.day is None or record.day <= run_day):
                reasons[Partition(record.dataset, record.day)].add("retry")
    finally:
        client.close()
    order = list(DATASETS)
    partitions = sorted(reasons, key=lambda p: (order.index(p.dataset), p.day or date.min))
    requests, seconds = 0.0, 0.0
    for name in {p.dataset for p in partitions}:
        est = state.estimate(name)
        n = sum(1 for p in partitions if p.dataset == name)
        requests += (est.requests if est else DEFAULT_ESTIMATE["requests"]) * n
        seconds += (est.seconds if est else DEFAULT_ESTIMATE["seconds"]) * n
    the_plan = Plan(partitions, [], round(requests), seconds / max(1, ctx.connections))
    return SyncPlan(the_plan, dict(reasons), cursors, reconciled, sweep_from)


def _update_profit(
    ctx: RunContext, the_plan: Plan, loaded: dict[str, set[date]], progress: ProgressCallback
) -> None:
    """Profit follows every load: the purchase days' costs, the sales days' profit (and a tax
    change rebuilds), over the days loaded now and those written down as owed (pending.py: this
    run's plan, before its first load, and what an interrupted run left). Runs under the
    writer lock, inside the run."""
    owed = read_pending(ctx.layout)
    days = {n: d for n, d in merged(loaded, owed).items() if n != DIMENSIONS}
    dims = DIMENSIONS in owed or any(p.dataset == "dimensions" for p in the_plan.partitions)
    if days or dims:
        update_after_sync(
            ctx.layout, ctx.tax_multipliers, days, dimensions_loaded=dims, progress=progress
        )
    clear_pending(ctx.layout)


def _before_reading(
    ctx: RunContext, the_plan: Plan, sweep_from: dict[str, tuple[str, int]]
) -> Callable[[], None]:
    """The run's `before_work`: sweep positions are stored, and its planned days join those an
    earlier run still owes profit for (pending.py)."""

    def write() -> None:
        with StateDB(ctx.layout.metadata) as state:
            mark_sweep_start(state, sweep_from)
        planned: dict[str, set[date]] = defaultdict(set)
        for p in the_plan.partitions:
            planned[p.dataset if p.day else DIMENSIONS] |= {p.day} if p.day else set()
        write_pending(ctx.layout, merged(read_pending(ctx.layout), planned))

    return write


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def advance_complete_day(state: StateDB, name: str, tz: str) -> None:
    """The dataset's last complete day, from when each loaded day was read (sync_rules)."""
    st = state.get_dataset_state(name)
    day = complete_up_to(st.last_complete_day, state.read_times(name), tz)
    if day is not None and day != st.last_complete_day:
        state.set_last_complete_day(name, day)


def _advance(state: StateDB, sync_plan: SyncPlan, failed: set[Partition], tz: str) -> None:
    """Cursors and last complete days move only for datasets whose partitions all landed."""
    for name in {p.dataset for p in sync_plan.plan.partitions} | set(sync_plan.cursors):
        if DATASETS[name].kind != "daily":
            continue
        if any(p.dataset == name for p in failed):
            continue
        if name in sync_plan.cursors:
            state.set_cursor(name, *sync_plan.cursors[name])
        if name in sync_plan.reconciled:
            state.mark_reconciled(name)
        advance_complete_day(state, name, tz)
        state.mark_success(name)


def sync(
    ctx: RunContext,
    *,
    trigger: str = "manual",
    datasets: Iterable[str] | None = None,
    as_of: date | None = None,
    reconcile: bool | None = None,
    first_day: date | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    after_load: ProfitHook | None = None,
    dry_run: bool = False,
) -> RunSummary | SyncPlan:
    """Plan and run a sync; with `dry_run`, return the plan without touching the lake."""
    check_writable(ctx.layout.root)  # missing, read-only, full: one sentence up front
    try:
        with StateDB(ctx.layout.metadata) as state:
            sync_plan = plan_sync(
                ctx, state, datasets=datasets, as_of=as_of, reconcile=reconcile,
                first_day=first_day,
            )  # fmt: skip
    except OdooError as exc:
        if dry_run:
            raise
        return record_failed_run(ctx, trigger, {"datasets": list(datasets or DATASETS)}, exc)
    if dry_run:
        return sync_plan

    def finish(state: StateDB, run_id: int, loaded: dict[str, set[date]]) -> None:
        failed = {p for r in state.failed_partitions(run_id) for p in [Partition(r.dataset, r.day)]}
        _advance(state, sync_plan, failed, ctx.timezone)
        _update_profit(ctx, sync_plan.plan, loaded, progress)
        if after_load:
            after_load(state, run_id, loaded)

    params = {
        "datasets": sorted({p.dataset for p in sync_plan.plan.partitions}),
        "partitions": len(sync_plan.plan.partitions),
        "as_of": (as_of or today(ctx.timezone)).isoformat(),
    }
    return run(
        ctx, sync_plan.plan, trigger=trigger, parameters=params, progress=progress,
        cancel=cancel, after_load=finish, before_work=_before_reading(ctx, sync_plan.plan, sync_plan.sweep_from),
    )  # fmt: skip


def _unswept_marks(ctx: RunContext, the_plan: Plan) -> dict[str, tuple[str, int]]:
    """Odoo's newest change per planned daily dataset that has no sweep position yet: the
    backfill's data is read after it, so the next sync sweeps from there."""
    with StateDB(ctx.layout.metadata) as state:
        names = {
            p.dataset
            for p in the_plan.partitions
            if DATASETS[p.dataset].kind == "daily"
            and not state.get_dataset_state(p.dataset).cursor_write_date
        }
    if not names:
        return {}
    client = ctx.client_factory()
    try:
        return {name: newest_change(client, DATASETS[name]) for name in sorted(names)}
    finally:
        client.close()


def backfill(
    ctx: RunContext,
    first: date,
    last: date,
    *,
    datasets: Iterable[str] | None = None,
    mode: str = "skip_complete",
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    after_load: ProfitHook | None = None,
    dry_run: bool = False,
    trigger: str = "backfill",
) -> RunSummary | Plan:
    """Any date range of chosen datasets; never moves the nightly cursor. Snapshots are taken
    only when the range reaches today (stock levels cannot be read for the past)."""
    names = list(datasets or DATASETS)
    check_range(first, last)  # the wizard's date pickers go back to 1752
    check_writable(ctx.layout.root)  # missing, read-only, full: one sentence up front
    run_day = today(ctx.timezone)
    with StateDB(ctx.layout.metadata) as state:
        the_plan = plan(
            state, names, first, last, mode, connections=ctx.connections,
            snapshot_day=run_day if last >= run_day - timedelta(days=1) else None,
        )  # fmt: skip
    if dry_run:
        return the_plan
    try:
        sweep_from = _unswept_marks(ctx, the_plan)
    except FATAL as exc:  # every partition would fail the same way
        return record_failed_run(ctx, trigger, {"datasets": names}, exc)
    except OdooError as exc:  # the next sync sweeps from this PC's clock instead (a day's margin)
        log.warning("the sweep position could not be read before the backfill: %s", exc)
        sweep_from = {}
    params = {"datasets": names, "start": first.isoformat(), "end": last.isoformat(), "mode": mode}

    def finish(state: StateDB, run_id: int, loaded: dict[str, set[date]]) -> None:
        # a backfill may close the gap after the last complete day, never move the cursor
        for name in loaded:
            if DATASETS[name].kind == "daily":
                advance_complete_day(state, name, ctx.timezone)
        _update_profit(ctx, the_plan, loaded, progress)
        if after_load:
            after_load(state, run_id, loaded)

    return run(
        ctx, the_plan, trigger=trigger, parameters=params, progress=progress, cancel=cancel,
        after_load=finish, before_work=_before_reading(ctx, the_plan, sweep_from),
    )  # fmt: skip
