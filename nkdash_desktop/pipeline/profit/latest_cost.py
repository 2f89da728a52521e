"""The latest known cost of a product on a day: the most recent cost event on or before it, of
the same company. A company's costs come from its own bills, in its own currency: another
company's bill never prices its sales (two companies may even differ in currency).

Same-day rule: when a product has several cost events on one day, the day's cost is the one of
the last bill (highest move id) and, within it, its last line (highest line id): the price
entered last. Deterministic, whatever order the events were read in.

A cost never comes from a later day: the lookup is a backward as-of join on the day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import polars as pl

from nkdash_desktop.lake.months import sort_rows
from nkdash_desktop.lake.schema import FACTS, conform

GRID = FACTS["fact_product_cost_latest_daily"]
# what a lookup adds to its keys
COST_COLUMNS = ("unit_cost_tax_in", "tax_multiplier", "cost_day", "cost_line_id")
# what a cost is looked up by, besides the day
COST_KEY = ("company_id", "product_id")


def day_costs(events: pl.DataFrame) -> pl.DataFrame:
    """One cost per company, product and day (the same-day rule), sorted by day: the lookup
    table."""
    # Odoo ids are 32-bit: one int64 orders events by (move id, line id)
    entered = pl.col("move_id") * 2**32 + pl.col("line_id")
    last = entered == entered.max().over("day", *COST_KEY)
    return (
        sort_rows(events, ("day", "product_id", "company_id"))
        .filter(last)
        .select(
            "day",
            *COST_KEY,
            "unit_cost_tax_in",
            "tax_multiplier",
            cost_day=pl.col("day"),
            cost_line_id=pl.col("line_id"),
        )
    )


def grid_as_costs(grid: pl.DataFrame) -> pl.DataFrame:
    """Cost grid rows (each a product's latest cost on some day) in the day_costs shape, dated
    by their event's day: where a lookup over the later events can start from."""
    return grid.select(
        day=pl.col("cost_day"),
        company_id=pl.col("company_id"),
        product_id=pl.col("product_id"),
        unit_cost_tax_in=pl.col("unit_cost_tax_in"),
        tax_multiplier=pl.col("tax_multiplier"),
        cost_day=pl.col("cost_day"),
        cost_line_id=pl.col("cost_line_id"),
    ).sort("day", maintain_order=True)


def costs_on(keys: pl.DataFrame, costs: pl.DataFrame) -> pl.DataFrame:
    """`keys` (any rows with `day`, `company_id` and `product_id`) plus COST_COLUMNS: the
    company's latest cost on or before each row's day, null when none is known. Rows come back
    sorted by day (stable)."""
    if not keys["day"].is_sorted():
        keys = keys.sort("day", maintain_order=True)
    if not costs["day"].is_sorted():
        costs = costs.sort("day", maintain_order=True)
    return keys.join_asof(
        costs.select("day", *COST_KEY, *COST_COLUMNS),
        on="day",
        by=list(COST_KEY),
        strategy="backward",
        check_sortedness=False,  # both sorted just above; with `by` Polars cannot check
    )


def cost_pairs(costs: pl.DataFrame) -> pl.DataFrame:
    """The (company_id, product_id) that have a cost in `costs`, sorted by product then
    company: the grid's rows of a day."""
    return costs.select(COST_KEY).unique().sort("product_id", "company_id")


def every_product(days: Sequence[date], pairs: pl.DataFrame) -> pl.DataFrame:
    """(day, company_id, product_id) for every day and (company, product) pair of `pairs`,
    sorted by day, then product, then company."""
    pairs = pairs.select(pl.col(c).cast(pl.Int64) for c in COST_KEY)
    return pl.DataFrame({"day": sorted(days)}, schema={"day": pl.Date}).join(
        pairs.sort("product_id", "company_id"), how="cross"
    )


def grid_rows(lookup: pl.DataFrame) -> pl.DataFrame:
    """fact_product_cost_latest_daily rows of a lookup (costs_on over day-product keys): the
    keys that have a known cost, in the lookup's order."""
    return conform(GRID, lookup.filter(pl.col("unit_cost_tax_in").is_not_null()))


def month_slices(
    monthly: Mapping[date, pl.DataFrame], opening: pl.DataFrame | None = None
) -> dict[date, pl.DataFrame]:
    """Per month (first day), the costs a lookup within it needs, from each month's own day
    costs: every product's last cost before the month (`opening`: the day costs from before
    the first month, the cost look-back), then the month's, sorted by day. The lookups give
    the same answers as over all costs, searching far fewer rows."""
    out: dict[date, pl.DataFrame] = {}
    carried: pl.DataFrame | None = None
    if opening is not None and opening.height:
        carried = opening.sort("day", maintain_order=True).unique(
            subset=list(COST_KEY), keep="last", maintain_order=True
        )
    for month in sorted(monthly):
        own = monthly[month]
        carried = own.clear() if carried is None else carried
        out[month] = pl.concat([carried, own])
        # what the next month starts from: each company's latest cost of a product so far
        carried = (
            out[month]
            .unique(subset=list(COST_KEY), keep="last", maintain_order=True)
            .sort("day", maintain_order=True)
        )
    return out
