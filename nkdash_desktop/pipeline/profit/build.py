"""Running profit: a full rebuild, or an update after a sync (engine entry points, Qt-free).

    rebuild_profit(layout, overrides)                         everything, from scratch
    update_profit(layout, overrides, purchase_days, sales_days) only what those days invalidate
    update_after_sync(layout, overrides, loaded)              the same, from a sync's days
    plan_profit(...)                                          the same, as a dry run (plan.py)

Each month file is rewritten once per run. The caller holds the lake's writer lock. A cancel is
honoured between month files; what was written stays consistent (see plan.py for the order).
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

import polars as pl

from nkdash_desktop.i18n import translate
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.lock import WriterLock
from nkdash_desktop.lake.months import (
    by_month,
    replace_days,
    replace_rows,
    scan_fact,
    write_month,
)
from nkdash_desktop.lake.schema import CLEAN_TABLES, FACTS, SALES_ALL_SOURCES, empty_frame
from nkdash_desktop.odoo import OdooError
from nkdash_desktop.odoo.reader import OdooReader
from nkdash_desktop.pipeline.control import CancelToken, Progress, ProgressCallback, no_progress
from nkdash_desktop.pipeline.days import day_range
from nkdash_desktop.pipeline.profit import aggregates
from nkdash_desktop.pipeline.profit.cost_events import EVENTS, PURCHASE_COLUMNS, cost_events
from nkdash_desktop.pipeline.profit.invalidation import ProfitScope, no_keys
from nkdash_desktop.pipeline.profit.latest_cost import (
    COST_KEY,
    cost_pairs,
    costs_on,
    day_costs,
    every_product,
    grid_as_costs,
    grid_rows,
    month_slices,
)
from nkdash_desktop.pipeline.profit.lookback import look_back, lookback_due, read_lookback
from nkdash_desktop.pipeline.profit.plan import (
    BY_PRODUCT,
    DAILY,
    GRID,
    PROFIT_LINES,
    PlannedWrite,
    ProfitPlan,
    plan_profit,
)
from nkdash_desktop.pipeline.profit.sales_profit import price_lines, profit_lines, read_sales
from nkdash_desktop.pipeline.profit.standard_cost import record_basis

log = logging.getLogger(__name__)
T = TypeVar("T")
STAGE = "profit"
# more threads than cores: a month's file writes wait on the disk while another month computes
WORKERS = min(8, max(4, os.cpu_count() or 1))


@dataclass
class ProfitResult:
    """What a run rewrote."""

    kind: str
    whole_days: list[date] = field(default_factory=list)  # every product's profit rewritten
    # (day, company_id, product_id) rewritten besides
    keys: pl.DataFrame = field(default_factory=no_keys)
    cost_days: list[date] = field(default_factory=list)  # purchase days whose events changed
    # (day, company_id, product_id) whose events changed
    changed: pl.DataFrame = field(default_factory=no_keys)
    writes: list[PlannedWrite] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # rows written per table
    seconds: float = 0.0

    @property
    def days(self) -> list[date]:
        """Every day whose profit was rewritten, for all or some products."""
        return sorted(set(self.whole_days) | set(self.keys["day"].to_list()))

    @property
    def products(self) -> set[int]:
        """Products rewritten on days not rewritten whole."""
        return set(self.keys["product_id"].to_list())

    @property
    def sentence(self) -> str:
        """What the run did, for the status bar and the run log (as a RunSummary's)."""
        return self.summary()

    def summary(self) -> str:
        if not self.writes:
            return translate("ProfitPlan", "Profit is up to date: nothing changed.")
        parts = [translate("ProfitPlan", "{count} whole day(s)").format(count=len(self.whole_days))]
        if self.keys.height:
            parts.append(
                translate("ProfitPlan", "{count} product(s) on {days} later day(s)").format(
                    count=len(self.products), days=self.keys["day"].n_unique()
                )
            )
        said = (
            translate(
                "ProfitPlan",
                "Profit rebuild: {what}; {count} partition(s), {rows} rows in {seconds}.",
            )
            if self.kind == "rebuild"
            else translate(
                "ProfitPlan",
                "Profit update: {what}; {count} partition(s), {rows} rows in {seconds}.",
            )
        )
        return said.format(
            what=", ".join(parts), count=len(self.writes), rows=sum(self.rows.values()),
            seconds=f"{fmt.number(self.seconds, 2)} {fmt.seconds_unit()}",
        )  # fmt: skip


class _Writer:
    """Counts partitions and rows, reports progress, honours cancel between files."""

    def __init__(self, plan: ProfitPlan, progress: ProgressCallback, cancel: CancelToken) -> None:
        self.total, self.done = len(plan.writes), 0
        self.progress, self.cancel = progress, cancel
        self.rows: dict[str, int] = {}
        self._lock = threading.Lock()  # month jobs report from worker threads

    def before(self) -> None:
        self.cancel.raise_if_cancelled()

    def wrote(self, fact: str, month: date, rows: int) -> None:
        with self._lock:
            self.done += 1
            self.rows[fact] = self.rows.get(fact, 0) + rows
            done = self.done
            self.progress(
                Progress(STAGE, fact, month, done, self.total, rows, message=f"{month:%Y-%m}")
            )


def _rebuild(layout: LakeLayout, plan: ProfitPlan, writer: _Writer) -> None:
    """Two passes over the months, each month in a worker thread (Polars releases the GIL):
    cost events and day costs, then, with each month's costs carried forward from the months
    before, profit lines, aggregates, the grid, and the events' file last."""
    month_days = by_month(day_range(*plan.span)) if plan.span else {}
    purchases = FACTS["fact_purchases"]

    def events_job(month: date) -> tuple[pl.DataFrame, pl.DataFrame]:
        writer.before()
        rows = scan_fact(layout, purchases, [month]).select(PURCHASE_COLUMNS).collect()
        month_events = cost_events(rows, plan.multipliers, plan.currencies)
        return month_events, day_costs(month_events)

    found = dict(zip(plan.months, _in_threads(events_job, plan.months), strict=True))
    events = {month: e for month, (e, _) in found.items()}
    opening = _opening_costs(layout, plan)
    costs = month_slices({month: c for month, (_, c) in found.items()}, opening)
    pairs = cost_pairs(pl.concat([*costs.values(), day_costs(empty_frame(EVENTS))]))

    def profit_job(month: date) -> None:
        # every product's cost on every day of the month: the grid, and the lines' lookup
        days = month_days.get(month, [])
        lookup = costs_on(every_product(days, pairs), costs[month])
        lines = price_lines(read_sales(layout, [month]), lookup, plan.standard)
        outputs = (
            (PROFIT_LINES, lines),
            (BY_PRODUCT, aggregates.daily_by_product(lines)),
            (DAILY, aggregates.daily(lines)),
            (GRID, grid_rows(lookup)),
            (EVENTS.name, events[month]),
        )
        for name, rows in outputs:
            writer.before()
            write_month(layout, FACTS[name], month, rows)
            writer.wrote(name, month, rows.height)

    _in_threads(profit_job, plan.months)


def _opening_costs(layout: LakeLayout, plan: ProfitPlan) -> pl.DataFrame:
    """Day costs of the cost look-back (bills from before the lake), in the columns of
    day_costs: each product's cost from the lake's first day on."""
    return day_costs(cost_events(read_lookback(layout), plan.multipliers, plan.currencies))


def _in_threads(job: Callable[[date], T], months: list[date]) -> list[T]:
    """job(month) for every month on a few worker threads; results in the months' order.
    The first failure (or cancel) stops the months not started yet and is raised."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(job, month) for month in months]
        try:
            for future in as_completed(futures):
                future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise
        return [f.result() for f in futures]


def _month_costs(layout: LakeLayout, plan: ProfitPlan, part: ProfitScope) -> pl.DataFrame:
    """The day costs an update needs in one month: each company's latest cost of a product on
    the day before the month's first recomputed day, from the cost grid (current there:
    nothing changed before that day, or this run already rewrote it), then the cost events up
    to the month's last recomputed day as they will be. Only the company-products concerned,
    unless whole days are recomputed."""
    assert plan.new_events is not None
    days = sorted(set(part.days) | set(part.grid_all_days))
    first, last = days[0], days[-1]
    before = first - timedelta(days=1)
    whole = bool(part.whole_days or part.grid_days)
    pairs = pl.concat([part.keys, part.grid_keys]).select(COST_KEY).unique()
    companies = None if whole else pairs["company_id"].to_list()
    grid = scan_fact(layout, FACTS[GRID], [before], companies).filter(pl.col("day") == before)
    in_range = pl.col("day").is_between(first, last)
    stored = scan_fact(layout, EVENTS, [first]).filter(
        in_range & ~pl.col("day").is_in(plan.cost_days)
    )
    new = plan.new_events.filter(in_range)
    # the look-back's costs come first: the grid holds nothing before the lake's first day
    opening = _opening_costs(layout, plan).filter(pl.col("day") < first)
    if not whole:
        grid = grid.join(pairs.lazy(), on=list(COST_KEY), how="semi")
        stored = stored.join(pairs.lazy(), on=list(COST_KEY), how="semi")
        new = new.join(pairs, on=list(COST_KEY), how="semi")
        opening = opening.join(pairs, on=list(COST_KEY), how="semi")
    recent = day_costs(pl.concat([stored.collect(), new]))
    return pl.concat([opening, grid_as_costs(grid.collect()), recent]).sort(
        "day", maintain_order=True
    )


def _in(frame: pl.DataFrame, scope_days: Iterable[date], keys: pl.DataFrame) -> pl.DataFrame:
    """Rows of whole `scope_days` and of the `keys` (day and company and/or product)."""
    whole = frame.filter(pl.col("day").is_in(list(scope_days)))
    if not keys.height:
        return whole
    partial = frame.join(keys, on=keys.columns, how="semi")
    return pl.concat([whole, partial.filter(~pl.col("day").is_in(list(scope_days)))])


def _rewrite_profit(
    layout: LakeLayout,
    plan: ProfitPlan,
    writer: _Writer,
    month: date,
    part: ProfitScope,
    sales: pl.DataFrame,
    costs_now: pl.DataFrame,
) -> None:
    """One month of an update's profit lines (the scope's sales lines priced anew) and their
    aggregates."""
    lines = profit_lines(sales, costs_now, plan.standard)
    kw = {"days": part.whole_days, "keys": part.keys}
    # the month's content of the companies rewritten: every one on whole days
    merged = replace_rows(layout, FACTS[PROFIT_LINES], month, lines, **kw)
    writer.wrote(PROFIT_LINES, month, lines.height)
    touched = _in(merged, part.whole_days, part.keys)
    writer.before()
    by_product = aggregates.daily_by_product(touched)
    replace_rows(layout, FACTS[BY_PRODUCT], month, by_product, **kw)
    writer.wrote(BY_PRODUCT, month, by_product.height)
    writer.before()
    company_days = part.company_days
    daily = aggregates.daily(_in(merged, part.whole_days, company_days))
    replace_rows(layout, FACTS[DAILY], month, daily, days=part.whole_days, keys=company_days)
    writer.wrote(DAILY, month, daily.height)


def _update(layout: LakeLayout, plan: ProfitPlan, writer: _Writer) -> None:
    """Per month, in order (a month's costs start from the grid before it): the scope's
    profit lines, their aggregates and grid rows. Profit lines, by-product aggregates and the
    grid are stored per company: a late bill rewrites its company's files only."""
    scope = plan.scope
    assert scope is not None and plan.new_events is not None
    for month in scope.months():
        part = scope.in_month(month)
        costs_now = _month_costs(layout, plan, part)
        if part.has_profit:
            writer.before()
            sales = read_sales(layout, [month], days=part.whole_days, keys=part.keys)
            if part.whole_days or sales.height:
                _rewrite_profit(layout, plan, writer, month, part, sales, costs_now)
            else:
                # the changed products did not sell that month: no profit line or aggregate
                # of it changes (a late bill's window may run for years past a last sale)
                for name in (PROFIT_LINES, BY_PRODUCT, DAILY):
                    writer.wrote(name, month, 0)
        if part.has_grid:
            writer.before()
            pairs = cost_pairs(costs_now)
            keys = pl.concat(
                [
                    every_product(sorted(part.grid_days), pairs),
                    part.grid_keys.select("day", *COST_KEY),
                ]
            )
            grid = grid_rows(costs_on(keys, costs_now))
            kw = {"days": part.grid_days, "keys": part.grid_keys}
            replace_rows(layout, FACTS[GRID], month, grid, **kw)
            writer.wrote(GRID, month, grid.height)
    if plan.cost_days:
        writer.before()
        events = plan.new_events
        replace_days(layout, EVENTS, plan.cost_days, events)
        for write in (w for w in plan.writes if w.fact == EVENTS.name):
            month_rows = events.filter(pl.col("day").dt.month_start() == write.month).height
            writer.wrote(EVENTS.name, write.month, month_rows)


def run_plan(
    layout: LakeLayout,
    plan: ProfitPlan,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> ProfitResult:
    """Execute a plan from plan_profit (the lake must not have changed since)."""
    started = time.perf_counter()
    writer = _Writer(plan, progress, cancel or CancelToken())
    result = ProfitResult(plan.kind, writes=plan.writes)
    if plan.kind == "rebuild":
        _rebuild(layout, plan, writer)
        result.whole_days = list(day_range(*plan.span)) if plan.span else []
    else:
        assert plan.scope is not None
        _update(layout, plan, writer)
        result.whole_days = sorted(plan.scope.whole_days)
        result.keys = plan.scope.keys
        result.cost_days, result.changed = plan.cost_days, plan.changed
    # last: a run stopped before this leaves the old basis, and the next run rebuilds
    record_basis(layout, plan.basis, plan.standard)
    result.rows, result.seconds = writer.rows, time.perf_counter() - started
    log.info("%s", result.summary())
    return result


def rebuild_profit(
    layout: LakeLayout,
    overrides: Mapping[int, float],
    *,
    standard_cost: bool = False,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> ProfitResult:
    """Rebuild every profit table from the star schema's purchases and sales. `overrides`:
    Settings.profit.tax_multipliers; `standard_cost`: Settings.profit.standard_cost_fallback."""
    plan = plan_profit(layout, overrides, rebuild=True, standard_cost=standard_cost)
    return run_plan(layout, plan, progress=progress, cancel=cancel)


def rebuild_with_lock(
    layout: LakeLayout,
    overrides: Mapping[int, float],
    *,
    standard_cost: bool,
    owner: str,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> ProfitResult:
    """rebuild_profit under the lake's writer lock: the app's path when Settings > Profit's
    cost basis changed (`nkdash profit --rebuild` is the command line's)."""
    with WriterLock(layout.metadata, owner=owner, description="profit rebuild"):
        return rebuild_profit(
            layout, overrides, standard_cost=standard_cost, progress=progress, cancel=cancel
        )


def update_profit(
    layout: LakeLayout,
    overrides: Mapping[int, float],
    purchase_days_changed: Iterable[date] = (),
    sales_days_changed: Iterable[date] = (),
    *,
    force: bool = False,
    check_multipliers: bool = False,
    standard_cost: bool = False,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> ProfitResult:
    """Bring profit up to date after these days of purchases and sales were (re)loaded:
    cost events of the purchase days are re-derived, and where they changed, the changed
    products' later days are recomputed (only theirs); the sales days are recomputed whole.
    A lake where profit was never built gets a full rebuild, and so does one whose events
    used other tax multipliers when `check_multipliers` (after a dimensions load or a
    Settings change; it reads every event's taxes). Profit computed on another cost basis than
    `standard_cost` asks for is rebuilt."""
    plan = plan_profit(
        layout,
        overrides,
        purchase_days_changed,
        sales_days_changed,
        force=force,
        check_multipliers=check_multipliers,
        standard_cost=standard_cost,
    )
    return run_plan(layout, plan, progress=progress, cancel=cancel)


def _dataset_of(fact: str) -> str:
    return CLEAN_TABLES[FACTS[fact].source].dataset


def update_after_sync(
    layout: LakeLayout,
    overrides: Mapping[int, float],
    loaded: Mapping[str, Collection[date]],
    *,
    dimensions_loaded: bool = False,
    lookback_client: Callable[[], OdooReader] | None = None,
    standard_cost: bool = False,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> ProfitResult:
    """update_profit after a sync or backfill that loaded `loaded` (dataset -> days, as the
    runner's after_load hook receives it): the purchases days' cost events, the POS and
    invoice days' sales; with `dimensions_loaded` the tax multipliers are checked too (a
    changed tax rebuilds). Other datasets do not affect profit. With `lookback_client` (a
    connected OdooReader factory), a lake whose first day no cost look-back has covered yet
    (a first backfill, or one reaching further back) reads each product's last bill before
    it (lookback.py) and profit is rebuilt."""
    purchases = loaded.get(_dataset_of("fact_purchases"), ())
    sales_datasets = {_dataset_of(fact) for fact, _ in SALES_ALL_SOURCES.values()}
    sales = {day for name in sales_datasets for day in loaded.get(name, ())}
    due = lookback_due(layout) if lookback_client and (purchases or sales) else None
    if due is not None and lookback_client is not None:
        try:
            with contextlib.closing(lookback_client()) as client:
                look_back(client, layout, due)
        except OdooError as exc:  # profit still follows the loads; the next run looks back
            log.warning("cost look-back not done: %s", exc)
        else:
            return rebuild_profit(
                layout, overrides, standard_cost=standard_cost, progress=progress, cancel=cancel
            )
    return update_profit(
        layout,
        overrides,
        purchases,
        sales,
        check_multipliers=dimensions_loaded,
        standard_cost=standard_cost,
        progress=progress,
        cancel=cancel,
    )
