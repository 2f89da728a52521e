"""Gross profit at the latest known cost: cost events -> latest daily cost -> sales line profit
-> aggregates, in the star schema, one file per month like the other facts.

Modules, one job each: multipliers (tax -> factor), cost_events (bill lines -> costs),
latest_cost (the cost on a day, never a later one), sales_profit (line profit), aggregates
(per day, per day and product), profit_calendar (the days profit covers), invalidation (what
a change makes stale), plan (the dry run), build (running it), coverage (the share of revenue
with a known cost), validate (checks against the lower layers and Odoo).

Costs are per company and product: a company's sales are priced only by its own bills, in its
own currency (a bill in a foreign currency counts at the company-currency amount Odoo posted),
with taxes. After a sync, call `update_profit` with the
purchase days and sales days that were (re)loaded.
"""

from nkdash_desktop.pipeline.profit.build import (
    ProfitResult,
    rebuild_profit,
    rebuild_with_lock,
    run_plan,
    update_after_sync,
    update_profit,
)
from nkdash_desktop.pipeline.profit.coverage import CostCoverage, cost_coverage
from nkdash_desktop.pipeline.profit.plan import PlannedWrite, ProfitPlan, plan_profit

__all__ = [
    "CostCoverage",
    "PlannedWrite",
    "ProfitPlan",
    "ProfitResult",
    "cost_coverage",
    "plan_profit",
    "rebuild_profit",
    "rebuild_with_lock",
    "run_plan",
    "update_after_sync",
    "update_profit",
]
