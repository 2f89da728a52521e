"""The nightly sync and the backfill: plan first, then one `execute` runs the plan.

A sync covers, per daily dataset, every day after its last complete day up to yesterday (so
one run catches up however many nights were missed), plus the days touched by records edited
since the dataset's sweep position (late bills, cancellations, refunds, moved dates), plus,
once a week or on demand, the days whose ids in Odoo no longer match the lake (deleted
records). Snapshots (dimensions, stock levels) are taken fresh. A backfill is any date range of
chosen datasets. `plan_sync` gathers the lake's state and Odoo's answers, then the pure rules
of `sync_rules` decide; a dry run shows the plan, `execute` runs it. Sweep positions are taken
before a run reads and move only once the data is durable; a backfill never moves them on.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from nkdash_desktop import clock
from nkdash_desktop.datasets import DATASETS, get_dataset
from nkdash_desktop.i18n import translate
from nkdash_desktop.lake.lock import WriterLock
from nkdash_desktop.lake.state import StateDB, Trigger
from nkdash_desktop.lake.storage import check_writable
from nkdash_desktop.odoo import OdooError
from nkdash_desktop.pipeline.changes import SweepReads, ask, newest_change
from nkdash_desktop.pipeline.control import CancelToken, ProgressCallback, no_progress
from nkdash_desktop.pipeline.days import check_range, today
from nkdash_desktop.pipeline.history import owe_history, owed_history, settle_history
from nkdash_desktop.pipeline.integrity import repair, scan
from nkdash_desktop.pipeline.pending import (
    DIMENSIONS,
    clear_pending,
    merged,
    read_pending,
    write_pending,
)
from nkdash_desktop.pipeline.profit import update_after_sync
from nkdash_desktop.pipeline.profit.multipliers import MissingTaxesError
from nkdash_desktop.pipeline.runner import (
    FATAL,
    Partition,
    Plan,
    RunContext,
    RunSummary,
    estimate,
    plan,
    record_failed_run,
    run,
)
from nkdash_desktop.pipeline.sync_rules import (
    Answers,
    DatasetFacts,
    Position,
    Questions,
    complete_up_to,
    decide_sync,
    questions,
    sweep_position_before_reading,
    sweep_since,
)

log = logging.getLogger(__name__)
ProfitHook = Callable[[StateDB, int, dict[str, set[date]]], None]


class RunKind(StrEnum):
    SYNC = "sync"
    BACKFILL = "backfill"


@dataclass
class RunPlan:
    """What a run will do, and the bookkeeping once it is done."""

    kind: RunKind
    work: Plan
    parameters: dict[str, Any]  # recorded with the run
    reasons: dict[Partition, set[str]] = field(default_factory=dict)  # catch-up, late change...
    cursors: dict[str, Position] = field(default_factory=dict)  # once a dataset fully landed
    unswept: set[str] = field(default_factory=set)  # sweep positions to take before reading
    reconciled: set[str] = field(default_factory=set)  # datasets whose ids were compared

    @property
    def partitions(self) -> list[Partition]:
        return self.work.partitions

    @property
    def skipped(self) -> list[Partition]:
        return self.work.skipped

    @property
    def requests(self) -> int:
        return self.work.requests

    @property
    def seconds(self) -> float:
        return self.work.seconds

    def lines(self) -> list[str]:
        if self.kind is RunKind.BACKFILL:
            return self.work.lines()
        counts: dict[str, int] = defaultdict(int)
        for reasons in self.reasons.values():
            for reason in reasons:
                counts[reason] += 1
        why = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
        if not why:
            return [*self.work.lines(), translate("Runs", "nothing new to sync")]
        return [*self.work.lines(), translate("Runs", "why: {reasons}").format(reasons=why)]


# -- planning --------------------------------------------------------------------------------


def _facts(state: StateDB, name: str) -> DatasetFacts:
    st = state.get_dataset_state(name)
    position = (st.cursor_write_date, st.cursor_id or 0) if st.cursor_write_date else None
    return DatasetFacts(
        st.last_complete_day, position, state.read_times(name), st.last_reconciled_at
    )


def _gather(ctx: RunContext, asked: dict[str, Questions]) -> dict[str, Answers]:
    """Odoo's answers, over one client; none opened when there is nothing to ask."""
    if not any(q.sweep_since or q.reconcile_days for q in asked.values()):
        return {}
    client = ctx.client_factory()
    reads: SweepReads = {}  # two datasets sweeping the same model since the same cursor: once
    try:
        return {
            name: ask(client, ctx.layout, DATASETS[name], q, ctx.timezone, reads)
            for name, q in asked.items()
        }
    finally:
        client.close()


def plan_sync(
    ctx: RunContext,
    *,
    datasets: Iterable[str] | None = None,
    as_of: date | None = None,
    reconcile: bool | None = None,
    first_day: date | None = None,
    now: datetime | None = None,
) -> RunPlan:
    """What a sync would run. `reconcile=None` compares ids when the last comparison is a week
    old; `as_of` is the run's business day (default today in the company's timezone)."""
    names = [get_dataset(d).name for d in (datasets or DATASETS)]
    run_day = as_of or today(ctx.timezone)
    kinds = {n: DATASETS[n].kind for n in DATASETS if n in names}  # registry order
    with StateDB(ctx.layout.metadata) as state:
        facts = {n: _facts(state, n) for n, kind in kinds.items() if kind == "daily"}
        failed = [Partition(r.dataset, r.day) for r in state.failed_partitions()]
        asked = {
            n: questions(f, now=now or clock.now(), reconcile=reconcile) for n, f in facts.items()
        }
        answers = _gather(ctx, asked)
        decision = decide_sync(
            kinds, facts, asked, answers, failed, run_day=run_day, first_day=first_day,
            owed=owed_history(ctx.layout, state),
        )  # fmt: skip
        order = list(DATASETS)
        partitions = sorted(
            decision.reasons, key=lambda p: (order.index(p.dataset), p.day or date.min)
        )
        work = Plan(partitions, [], *estimate(state, partitions, ctx.connections))
    parameters = {
        "datasets": sorted({p.dataset for p in partitions}),
        "partitions": len(partitions),
        "as_of": run_day.isoformat(),
    }
    return RunPlan(
        RunKind.SYNC, work, parameters, decision.reasons, decision.cursors, decision.unswept,
        decision.reconciled,
    )  # fmt: skip


def plan_backfill(
    ctx: RunContext,
    first: date,
    last: date,
    *,
    datasets: Iterable[str] | None = None,
    mode: str = "skip_complete",
) -> RunPlan:
    """Any date range of chosen datasets; needs no Odoo. Snapshots are taken only when the
    range reaches yesterday (stock levels cannot be read for the past)."""
    chosen = [get_dataset(d) for d in (datasets or DATASETS)]
    names = [d.name for d in chosen]
    check_range(first, last)  # the wizard's date pickers go back to 1752
    run_day = today(ctx.timezone)
    with StateDB(ctx.layout.metadata) as state:
        work = plan(
            state, chosen, first, last, mode, connections=ctx.connections,
            snapshot_day=run_day if last >= run_day - timedelta(days=1) else None,
        )  # fmt: skip
        unswept = {
            p.dataset
            for p in work.partitions
            if DATASETS[p.dataset].kind == "daily" and sweep_since(_facts(state, p.dataset)) is None
        }
    parameters = {"datasets": names, "start": first.isoformat(), "end": last.isoformat(),
                  "mode": mode}  # fmt: skip
    return RunPlan(RunKind.BACKFILL, work, parameters, unswept=unswept)


# -- running ---------------------------------------------------------------------------------


def _take_positions(ctx: RunContext, names: set[str]) -> dict[str, Position]:
    """Odoo's newest change of each dataset, read before any of its partitions."""
    if not names:
        return {}
    client = ctx.client_factory()
    by_sweep: dict[str, Position] = {}  # pos_lines and payments both sweep pos.order: once
    positions = {}
    try:
        for name in sorted(names):
            sweep = DATASETS[name].changes
            key = repr((sweep.model, sweep.domain)) if sweep else name
            if key not in by_sweep:
                by_sweep[key] = newest_change(client, DATASETS[name])
            positions[name] = by_sweep[key]
        return positions
    finally:
        client.close()


def _update_profit(
    ctx: RunContext, work: Plan, loaded: dict[str, set[date]], progress: ProgressCallback
) -> None:
    """Profit follows every load: the purchase days' costs, the sales days' profit (and a tax
    change rebuilds), over the days loaded now and those written down as owed (pending.py: this
    run's plan, before its first load, and what an interrupted run left). Runs under the
    writer lock, inside the run."""
    owed = read_pending(ctx.layout)
    days = {n: d for n, d in merged(loaded, owed).items() if n != DIMENSIONS}
    dims = DIMENSIONS in owed or any(p.dataset == "dimensions" for p in work.partitions)
    if days or dims:
        try:
            update_after_sync(
                ctx.layout,
                ctx.tax_multipliers,
                days,
                dimensions_loaded=dims,
                lookback_client=ctx.client_factory,  # costs from before the lake's first day
                standard_cost=ctx.standard_cost,
                progress=progress,
            )
        except MissingTaxesError as exc:
            # the data landed; profit waits (its days stay owed) until the taxes are known
            log.warning("%s", exc)
            return
    clear_pending(ctx.layout)


def _before_reading(
    ctx: RunContext, the_plan: RunPlan, positions: dict[str, Position]
) -> Callable[[], None]:
    """The run's `before_work`: sweep positions are stored, and its planned days join those an
    earlier run still owes profit for (pending.py); a backfill's days are owed as history until
    they land (history.py)."""

    def write() -> None:
        planned: dict[str, set[date]] = defaultdict(set)
        for p in the_plan.partitions:
            planned[p.dataset if p.day else DIMENSIONS] |= {p.day} if p.day else set()
        with StateDB(ctx.layout.metadata) as state:
            for name, taken in positions.items():
                st = state.get_dataset_state(name)
                stored = (st.cursor_write_date, st.cursor_id or 0) if st.cursor_write_date else None
                state.set_cursor(name, *sweep_position_before_reading(stored, taken))
            if the_plan.kind is RunKind.BACKFILL:
                days = {n: ds for n, ds in planned.items() if DATASETS[n].kind == "daily"}
                owe_history(ctx.layout, state, days)
        write_pending(ctx.layout, merged(read_pending(ctx.layout), planned))

    return write


def _settle(ctx: RunContext) -> Callable[[StateDB], None]:
    """The run's `after_run`, however it ended: the history still owed is written down."""
    return lambda state: settle_history(ctx.layout, state)


def _book(state: StateDB, the_plan: RunPlan, failed: set[Partition], tz: str) -> None:
    """After the run: last complete days (sync_rules.complete_up_to); for a sync, the sweep
    positions and reconciliations of the datasets whose partitions all landed."""
    names = {p.dataset for p in the_plan.partitions} | set(the_plan.cursors)
    for name in sorted(names):
        if DATASETS[name].kind != "daily":
            continue
        st = state.get_dataset_state(name)
        day = complete_up_to(st.last_complete_day, state.read_times(name), tz)
        if day is not None and day != st.last_complete_day:
            state.set_last_complete_day(name, day)
        if the_plan.kind is not RunKind.SYNC or any(p.dataset == name for p in failed):
            continue
        if name in the_plan.cursors:
            state.set_cursor(name, *the_plan.cursors[name])
        if name in the_plan.reconciled:
            state.mark_reconciled(name)
        state.mark_success(name)


def execute(
    ctx: RunContext,
    the_plan: RunPlan,
    *,
    trigger: Trigger,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    after_load: ProfitHook | None = None,
) -> RunSummary:
    """Run a plan: sweep positions first, then the partitions, then the bookkeeping and
    profit, all under the lake's writer lock."""
    try:
        positions = _take_positions(ctx, the_plan.unswept)
    except FATAL as exc:  # every partition would fail the same way
        return record_failed_run(ctx, trigger, the_plan.parameters, exc)
    except OdooError as exc:  # the next sync sweeps from this PC's clock instead (a day's margin)
        log.warning("the sweep position could not be read before the run: %s", exc)
        positions = {}

    def finish(state: StateDB, run_id: int, loaded: dict[str, set[date]]) -> None:
        failed = {Partition(r.dataset, r.day) for r in state.failed_partitions(run_id)}
        _book(state, the_plan, failed, ctx.timezone)
        _update_profit(ctx, the_plan.work, loaded, progress)
        if after_load:
            after_load(state, run_id, loaded)

    return run(
        ctx, the_plan.work, trigger=trigger, parameters=the_plan.parameters, progress=progress,
        cancel=cancel, after_load=finish,
        before_work=_before_reading(ctx, the_plan, positions), after_run=_settle(ctx),
    )  # fmt: skip


def _weekly_check_due(
    ctx: RunContext, datasets: Iterable[str] | None, reconcile: bool | None, now: datetime
) -> bool:
    """Whether this sync compares ids with Odoo (weekly, or when asked): it then reads every
    lake file too."""
    names = [get_dataset(d).name for d in (datasets or DATASETS)]
    with StateDB(ctx.layout.metadata) as state:
        return any(
            questions(_facts(state, n), now=now, reconcile=reconcile).reconcile_days
            for n in names
            if DATASETS[n].kind == "daily"
        )


def _verify_files(ctx: RunContext) -> None:
    """Read every lake file in full; quarantine the corrupt ones and rebuild them from the
    layer below (a lost raw day is recorded as failed, so this sync re-extracts it).
    A file no run rewrites would otherwise stay unreadable until `verify-lake --repair`."""
    with WriterLock(ctx.layout.metadata, owner=ctx.owner, description="verify the lake"):
        corrupt = scan(ctx.layout)
        if corrupt:
            report = repair(ctx.layout, ctx.timezone, corrupt)
            log.warning("the weekly check repaired the lake: %s", "; ".join(report.lines()))


def sync(
    ctx: RunContext,
    *,
    trigger: Trigger = Trigger.MANUAL,
    datasets: Iterable[str] | None = None,
    as_of: date | None = None,
    reconcile: bool | None = None,
    first_day: date | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    after_load: ProfitHook | None = None,
) -> RunSummary:
    """Plan and execute a sync; Odoo failing while planning still ends in a failed run. The
    weekly sync (the one that compares ids) also reads every lake file and repairs the
    corrupt ones before planning."""
    check_writable(ctx.layout.root)  # missing, read-only, full: one sentence up front
    if _weekly_check_due(ctx, datasets, reconcile, clock.now()):
        _verify_files(ctx)
    try:
        the_plan = plan_sync(
            ctx, datasets=datasets, as_of=as_of, reconcile=reconcile, first_day=first_day
        )
    except OdooError as exc:
        return record_failed_run(ctx, trigger, {"datasets": list(datasets or DATASETS)}, exc)
    return execute(
        ctx, the_plan, trigger=trigger, progress=progress, cancel=cancel, after_load=after_load
    )


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
    trigger: Trigger = Trigger.BACKFILL,
) -> RunSummary:
    """Plan and execute a backfill."""
    check_writable(ctx.layout.root)  # missing, read-only, full: one sentence up front
    the_plan = plan_backfill(ctx, first, last, datasets=datasets, mode=mode)
    return execute(
        ctx, the_plan, trigger=trigger, progress=progress, cancel=cancel, after_load=after_load
    )
