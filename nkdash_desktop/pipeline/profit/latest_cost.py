"""The latest known cost of a product on a day: the most recent cost event on or before it.

Same-day rule: when a product has several cost events on one day, the day's cost is the one of
the last bill (highest move id) and, within it, its last line (highest line id): the price
entered last. Deterministic, whatever order the events were read in.

A cost never comes from a later day: the lookup is a backward as-of join on the day.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date

import polars as pl

from nkdash_desktop.lake.schema import FACTS, conform

GRID = FACTS["fact_product_cost_latest_daily"]
# what a lookup adds to its keys
COST_COLUMNS = ("unit_cost_tax_in", "tax_multiplier", "cost_day", "cost_line_id", "cost_company_id")


def day_costs(events: pl.DataFrame) -> pl.DataFrame:
    """One cost per product and day (the same-day rule), sorted by day: the lookup table."""
    return (
        events.sort("day", "product_id", "move_id", "line_id")
        .unique(subset=["day", "product_id"], keep="last", maintain_order=True)
        .select(
            "day",
            "product_id",
            "unit_cost_tax_in",
            "tax_multiplier",
            cost_day=pl.col("day"),
            cost_line_id=pl.col("line_id"),
            cost_company_id=pl.col("company_id"),
        )
    )


def costs_on(keys: pl.DataFrame, costs: pl.DataFrame) -> pl.DataFrame:
    """`keys` (any rows with `day` and `product_id`) plus COST_COLUMNS: the latest cost on or
    before each row's day, null when none is known. Rows come back sorted by day (stable)."""
    if not keys["day"].is_sorted():
        keys = keys.sort("day", maintain_order=True)
    if not costs["day"].is_sorted():
        costs = costs.sort("day", maintain_order=True)
    return keys.join_asof(
        costs.select("day", "product_id", *COST_COLUMNS),
        on="day",
        by="product_id",
        strategy="backward",
        check_sortedness=False,  # both sorted just above; with `by` Polars cannot check
    )


def every_product(days: Sequence[date], products: Sequence[int]) -> pl.DataFrame:
    """(day, product_id) for every day and product, sorted by day then product."""
    return pl.DataFrame({"day": sorted(days)}, schema={"day": pl.Date}).join(
        pl.DataFrame({"product_id": sorted(products)}, schema={"product_id": pl.Int64}),
        how="cross",
    )


def grid_rows(keys: pl.DataFrame, costs: pl.DataFrame) -> pl.DataFrame:
    """fact_product_cost_latest_daily rows for (day, product_id) keys that have a known cost."""
    found = costs_on(keys.select("day", "product_id"), costs).filter(
        pl.col("unit_cost_tax_in").is_not_null()
    )
    rows = conform(GRID, found.rename({"cost_company_id": "company_id"}))
    return rows.sort(GRID.sort_by)


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_slices(
    costs: pl.DataFrame, months: Iterable[date]
) -> Iterator[tuple[date, pl.DataFrame]]:
    """For each month (first days, ascending), the costs a lookup within it needs: each
    product's last cost before the month, then the month's own, sorted by day. The lookups
    give the same answers as over all of `costs`, searching far fewer rows."""
    costs = costs if costs["day"].is_sorted() else costs.sort("day", maintain_order=True)
    carried = costs.clear()
    done = 0
    for month in sorted(set(months)):
        start = int(costs["day"].search_sorted(month, side="left"))
        end = int(costs["day"].search_sorted(_next_month(month), side="left"))
        if start > done:  # fold what happened since the previous month into the carry
            carried = (
                pl.concat([carried, costs.slice(done, start - done)])
                .unique(subset="product_id", keep="last", maintain_order=True)
                .sort("day", maintain_order=True)
            )
            done = start
        yield month, pl.concat([carried, costs.slice(start, end - start)])
