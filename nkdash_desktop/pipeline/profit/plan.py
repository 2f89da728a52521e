"""Planning a profit run: the steps and the partitions it will write, found by reading the lake
only. The dry run prints a plan; `build.run_plan` executes one.

Order of writes (also the order of the plan): per month, the profit lines, the by-product and
daily aggregates and the cost grid; the cost events last. Events are what an update compares
to find changes, so a run stopped half-way leaves them as they were and the next update
finds the same changes and recomputes them again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import polars as pl

from nkdash_desktop.i18n import translate
from nkdash_desktop.lake.layout import DATA_FILE, STAR, LakeLayout
from nkdash_desktop.lake.months import by_month, fact_months, month_of, scan_fact
from nkdash_desktop.lake.schema import FACTS
from nkdash_desktop.pipeline.days import day_range
from nkdash_desktop.pipeline.profit.cost_events import (
    EVENTS,
    PURCHASE_COLUMNS,
    changed_products,
    company_currencies,
    cost_events,
    stale_multipliers,
)
from nkdash_desktop.pipeline.profit.invalidation import (
    KEY_SCHEMA,
    ProfitScope,
    no_keys,
    update_scope,
)
from nkdash_desktop.pipeline.profit.multipliers import (
    lake_multipliers,
    read_taxes,
    refuse_unknown_taxes,
)
from nkdash_desktop.pipeline.profit.profit_calendar import built_until, lake_span
from nkdash_desktop.pipeline.profit.standard_cost import (
    STANDARD,
    CostBasis,
    basis_now,
    repriced,
    stored_basis,
)

log = logging.getLogger(__name__)
PROFIT_LINES, BY_PRODUCT, DAILY, GRID = (
    "fact_sales_lines_profit",
    "agg_profit_daily_by_product",
    "agg_profit_daily",
    "fact_product_cost_latest_daily",
)
PROFIT_TABLES = (PROFIT_LINES, BY_PRODUCT, DAILY, GRID, EVENTS.name)


def _span(days: Iterable[date]) -> str:
    days = sorted(days)
    if not days:
        return translate("ProfitPlan", "no day")
    if len(days) == 1:
        return str(days[0])
    return translate("ProfitPlan", "{count} days {first}…{last}").format(
        count=len(days), first=days[0], last=days[-1]
    )


@dataclass(frozen=True)
class PlannedWrite:
    """One month file a run rewrites: all rows of `whole_days`, and the rows of `products`
    products on `partial_days`. A month without either is emptied (a rebuild's stale month)."""

    fact: str
    month: date
    whole_days: tuple[date, ...] = ()
    partial_days: tuple[date, ...] = ()
    products: int = 0

    def describe(self) -> str:
        what = []
        if self.whole_days:
            what.append(
                translate("ProfitPlan", "{days}, every product").format(days=_span(self.whole_days))
            )
        if self.partial_days:
            what.append(
                translate("ProfitPlan", "{days}, {count} product(s)").format(
                    days=_span(self.partial_days), count=self.products
                )
            )
        said = "; ".join(what) or translate("ProfitPlan", "emptied")
        return f"{self.fact}/month={self.month:%Y-%m}: {said}"


@dataclass
class ProfitPlan:
    kind: Literal["rebuild", "update"]
    multipliers: dict[int, float]
    currencies: dict[int, int]  # company id -> currency id
    steps: list[str] = field(default_factory=list)
    writes: list[PlannedWrite] = field(default_factory=list)
    # rebuild: the calendar and every month to write (stale ones emptied)
    span: tuple[date, date] | None = None
    months: list[date] = field(default_factory=list)
    # update
    scope: ProfitScope | None = None
    until: date | None = None  # the calendar's end after the update
    cost_days: list[date] = field(default_factory=list)  # purchase days whose events change
    new_events: pl.DataFrame | None = None  # the events of cost_days
    changed: pl.DataFrame = field(default_factory=no_keys)  # (day, product_id) events changed
    # where costs come from (recorded when the run ends) and the standard costs when that
    # includes Odoo's standard prices (standard_cost.py)
    basis: CostBasis = field(default_factory=lambda: CostBasis(False))
    standard: pl.DataFrame | None = None

    def lines(self) -> list[str]:
        """The plan for a person: numbered steps, then the partitions it writes."""
        out = [f"{n}. {step}" for n, step in enumerate(self.steps, 1)]
        out.append(translate("ProfitPlan", "partitions to write: {count}").format(
            count=len(self.writes)))  # fmt: skip
        out += [f"  {w.describe()}" for w in self.writes]
        return out


def single_file_months(layout: LakeLayout) -> list[str]:
    """The profit tables stored per company that still hold a month in one file (written
    before that layout): a rebuild rewrites them per company."""
    star = layout.layer(STAR)
    return [
        name
        for name in PROFIT_TABLES
        if FACTS[name].by_company and any((star / name).glob(f"month=*/{DATA_FILE}"))
    ]


def _multiplier_step(multipliers: Mapping[int, float], overrides: Mapping[int, float]) -> str:
    shown = ", ".join(f"{t} -> {m:g}" for t, m in sorted(multipliers.items()))
    given = ", ".join(f"{t} -> {m:g}" for t, m in sorted(overrides.items()))
    return translate(
        "ProfitPlan", "tax multipliers from dim_taxes ({shown}; overrides from settings: {given})"
    ).format(shown=shown, given=given or translate("ProfitPlan", "none"))


def _rebuild_plan(
    layout: LakeLayout, multipliers: dict[int, float], steps: list[str]
) -> ProfitPlan:
    span = lake_span(layout)
    existing = {m for name in PROFIT_TABLES for m in fact_months(layout, FACTS[name])}
    days = list(day_range(*span)) if span else []
    months = by_month(days)
    plan = ProfitPlan("rebuild", multipliers, company_currencies(layout), steps, span=span)
    plan.months = sorted(set(months) | existing)
    if span:
        plan.steps += [
            translate(
                "ProfitPlan", "cost events: every vendor bill line of fact_purchases, {days}"
            ).format(days=_span(days)),
            translate(
                "ProfitPlan", "latest cost of every product on every day of the calendar (the grid)"
            ),
            translate(
                "ProfitPlan", "profit of every POS and invoice sales line at its day's latest cost"
            ),
            translate("ProfitPlan", "aggregates per day, and per day and product"),
        ]
    stale = sorted(existing - set(months))
    if stale:
        plan.steps.append(
            translate("ProfitPlan", "empty {count} month(s) without data any more").format(
                count=len(stale)
            )
        )
    for month in plan.months:
        for name in PROFIT_TABLES:
            plan.writes.append(PlannedWrite(name, month, tuple(months.get(month, ()))))
    return plan


def _update_writes(scope: ProfitScope, cost_days: list[date]) -> list[PlannedWrite]:
    writes = []
    for month in scope.months():
        part = scope.in_month(month)
        whole = tuple(sorted(part.whole_days))
        partial = tuple(sorted(set(part.keys["day"].to_list())))
        products = part.keys["product_id"].n_unique()
        if part.has_profit:
            writes.append(PlannedWrite(PROFIT_LINES, month, whole, partial, products))
            writes.append(PlannedWrite(BY_PRODUCT, month, whole, partial, products))
            writes.append(PlannedWrite(DAILY, month, tuple(part.days)))
        if part.has_grid:
            grid_partial = tuple(sorted(set(part.grid_keys["day"].to_list())))
            grid_products = part.grid_keys["product_id"].n_unique()
            grid_whole = tuple(sorted(part.grid_days))
            writes.append(PlannedWrite(GRID, month, grid_whole, grid_partial, grid_products))
    for month, days in by_month(cost_days).items():
        writes.append(PlannedWrite(EVENTS.name, month, tuple(days)))
    return writes


def _days_of(frame: pl.LazyFrame, days: list[date]) -> pl.DataFrame:
    return frame.filter(pl.col("day").is_in(days)).collect()


def _cost_changes(layout: LakeLayout, plan: ProfitPlan, days: list[date], force: bool) -> int:
    """Re-derive the cost events of the purchase `days` and compare them with the stored
    ones: sets the plan's new events, changed (day, product_id) and cost days; returns how
    many events the days have now."""
    purchases = scan_fact(layout, FACTS["fact_purchases"], days).select(PURCHASE_COLUMNS)
    new = cost_events(_days_of(purchases, days), plan.multipliers, plan.currencies)
    old = _days_of(scan_fact(layout, EVENTS, days), days)
    if force:  # every event of those days counts as changed, and the days are rewritten
        keys = ("day", "company_id", "product_id")
        both = pl.concat([old.select(keys), new.select(keys)])
        plan.changed = both.unique().sort("day", "product_id", "company_id")
        plan.cost_days = days
    else:
        plan.changed = changed_products(old, new)
        plan.cost_days = sorted(set(plan.changed["day"].to_list()))
    plan.new_events = new.filter(pl.col("day").is_in(plan.cost_days))
    return new.height


def _priced_lines(layout: LakeLayout, prices: pl.DataFrame) -> pl.DataFrame:
    """The keys (invalidation.KEY_SCHEMA) of the profit lines of these (company_id, product_id)
    that a standard price costs, or could: costed at one, or without any cost (a bill's cost
    wins over it)."""
    lines = scan_fact(layout, FACTS[PROFIT_LINES]).join(
        prices.lazy(), on=["company_id", "product_id"], how="semi"
    )
    source = pl.col("cost_source")
    unbilled = lines.filter(source.is_null() | (source == STANDARD))
    return unbilled.select(list(KEY_SCHEMA)).unique().collect()


def _without_later_events(layout: LakeLayout, waiting: pl.DataFrame, built: date) -> pl.DataFrame:
    """The `waiting` company-products that may have a stored cost event after their change:
    the cost grid's last day (the calendar's end) names each one's latest event, so one whose
    latest event is not after its only changed day has none later, and the events need not be
    read to the lake's end to learn it (a product its company rarely buys again). One with
    several changed days stays: its events between them end windows too."""
    companies = waiting["company_id"].unique().to_list()
    latest = (
        scan_fact(layout, FACTS[GRID], [built], companies)
        .filter(pl.col("day") == built)
        .select("company_id", "product_id", latest_event=pl.col("cost_day"))
        .collect()
    )
    known = waiting.join(latest, on=["company_id", "product_id"], how="left")
    none_later = (pl.col("first_change") == pl.col("last_change")) & (
        pl.col("latest_event").is_null() | (pl.col("latest_event") <= pl.col("last_change"))
    )
    return known.filter(~none_later).drop("latest_event")


def _event_days(layout: LakeLayout, plan: ProfitPlan, built: date) -> pl.DataFrame:
    """(day, company_id, product_id) of the changed company-products' events after their first
    change, as they will be (and the changed days' new events): where each cost window ends.
    Month files are read from the first change on only until each pair has an event after its
    last change (usually a month or two), and not at all for a pair the grid shows has none;
    another company's events end no window."""
    assert plan.new_events is not None
    keys = ("day", "company_id", "product_id")
    pair = ["company_id", "product_id"]
    new = plan.new_events.select(keys)
    if not plan.changed.height:
        return new
    since = plan.changed["day"].min()
    waiting = plan.changed.group_by(pair).agg(
        first_change=pl.col("day").min(), last_change=pl.col("day").max()
    )
    waiting = _without_later_events(layout, waiting, built)
    found = [new]
    for month in (m for m in fact_months(layout, EVENTS) if m >= month_of(since)):
        if not waiting.height:
            break
        # a pair's events before its first change end none of its windows: a new day's
        # pairs (every company's bills of the day) add nothing from the months before it
        stored = (
            scan_fact(layout, EVENTS, [month])
            .filter((pl.col("day") >= since) & ~pl.col("day").is_in(plan.cost_days))
            .select(keys)
            .join(waiting.lazy().select(*pair, "first_change"), on=pair)
            .filter(pl.col("day") > pl.col("first_change"))
            .select(keys)
            .collect()
        )
        found.append(stored)
        ends = pl.concat([new, stored]).join(waiting, on=pair)
        done = ends.filter(pl.col("day") > pl.col("last_change")).select(pair).unique()
        waiting = waiting.join(done, on=pair, how="anti")
        if not waiting.height:
            break
    return pl.concat(found)


def plan_profit(
    layout: LakeLayout,
    overrides: Mapping[int, float],
    purchase_days: Iterable[date] = (),
    sales_days: Iterable[date] = (),
    *,
    rebuild: bool = False,
    force: bool = False,
    check_multipliers: bool = False,
    standard_cost: bool = False,
) -> ProfitPlan:
    """What a profit run would do, reading the lake only.

    `rebuild`: everything, from scratch. Otherwise an update for the purchase days whose cost
    events may have changed and the sales days whose lines may have changed (a never-built
    lake gets a rebuild). `force`: treat every cost event of the purchase days as changed.
    `check_multipliers` (after a dimensions load or a Settings change): if the stored events
    used other tax multipliers than the current ones, rebuild. `standard_cost`: the Settings >
    Profit fallback to Odoo's standard prices; profit computed on another basis is rebuilt."""
    purchase_days = sorted(set(purchase_days))
    multipliers = lake_multipliers(layout, overrides)
    steps = [_multiplier_step(multipliers, overrides)]
    built = built_until(layout)
    if not rebuild and built is None:
        steps.append(
            translate("ProfitPlan", "profit has never been built in this lake: a full rebuild")
        )
        rebuild = True
    # a tax without a multiplier is unknown, never 1.0: refuse before anything is written
    everything = rebuild or check_multipliers  # else only the purchase days' month files
    months = None if everything else purchase_days
    purchases = scan_fact(layout, FACTS["fact_purchases"], months).select("day", "tax_ids")
    if not everything:
        purchases = purchases.filter(pl.col("day").is_in(purchase_days))
    lookback = scan_fact(layout, FACTS["fact_purchases_lookback"]).select("day", "tax_ids")
    used = pl.concat([purchases.collect(), lookback.collect()])
    refuse_unknown_taxes(read_taxes(layout), used, multipliers)
    if not rebuild and check_multipliers:
        stale = stale_multipliers(layout, multipliers)
        if stale:
            taxes = ", ".join(map(str, stale))
            steps.append(
                translate(
                    "ProfitPlan",
                    "the multipliers of taxes {taxes} changed since the build: a rebuild",
                ).format(taxes=taxes)
            )
            rebuild = True
    basis, standard = basis_now(layout, standard_cost)
    if standard is not None:
        steps.append(
            translate(
                "ProfitPlan",
                "lines without a bill's cost: Odoo's standard cost ({count} company products "
                "with one)",
            ).format(count=standard.height)
        )
    prices: pl.DataFrame | None = None  # company-products whose standard price changed
    if not rebuild:
        stored = stored_basis(layout)
        if stored != basis:
            prices = repriced(layout, stored, basis, standard)
            if prices is None:
                was = stored.describe() if stored else translate("ProfitPlan", "not recorded")
                steps.append(
                    translate(
                        "ProfitPlan", "costs came from {was}, now from {now}: a rebuild"
                    ).format(was=was, now=basis.describe())
                )
                rebuild = True
            else:
                steps.append(
                    translate(
                        "ProfitPlan",
                        "Odoo's standard cost changed for {count} company product(s): their "
                        "lines without a bill's cost are recomputed",
                    ).format(count=prices.height)
                )
    older = [] if rebuild else single_file_months(layout)
    if older:
        steps.append(
            translate(
                "ProfitPlan",
                "{tables} are stored per company since this release (one file per company "
                "and month): a rebuild rewrites them",
            ).format(tables=", ".join(older))
        )
        log.info("profit rebuild: %s stored per company from now on", ", ".join(older))
        rebuild = True
    if rebuild or built is None:
        plan = _rebuild_plan(layout, multipliers, steps)
        plan.basis, plan.standard = basis, standard
        return plan
    purchase, sales = purchase_days, sorted(set(sales_days))
    until = max([built, *purchase, *sales])
    plan = ProfitPlan("update", multipliers, company_currencies(layout), steps, until=until)
    plan.basis, plan.standard = basis, standard
    events_now = _cost_changes(layout, plan, purchase, force)
    scope = update_scope(plan.changed, _event_days(layout, plan, built), sales, built, until)
    if prices is not None:
        scope = scope.with_keys(_priced_lines(layout, prices))
    plan.scope = scope
    products = plan.changed["product_id"].n_unique()
    if purchase:
        plan.steps.append(
            translate(
                "ProfitPlan",
                "cost events of {days}: {events} event(s); changed for {products} product(s) "
                "on {changed}",
            ).format(
                days=_span(purchase), events=events_now, products=products,
                changed=_span(plan.cost_days),
            )
        )  # fmt: skip
    if until > built:
        plan.steps.append(
            translate("ProfitPlan", "extend the profit calendar from {built} to {until}").format(
                built=built, until=until
            )
        )
    if scope.keys.height:
        plan.steps.append(
            translate(
                "ProfitPlan", "later days of the changed products: {count} product(s) on {days}"
            ).format(count=len(scope.products), days=_span(scope.keys["day"].unique()))
        )
    if scope.whole_days:
        plan.steps.append(
            translate("ProfitPlan", "every product on {days}").format(days=_span(scope.whole_days))
        )
    if not scope.has_profit and not scope.has_grid and not plan.cost_days:
        plan.steps.append(translate("ProfitPlan", "nothing changed: nothing to write"))
    plan.writes = _update_writes(scope, plan.cost_days)
    return plan
