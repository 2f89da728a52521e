"""Which profit rows a change makes stale, and nothing more.

- Cost events of product p on day D changed (a new bill, a bill entered late, an edited or
  cancelled bill, a purchases backfill): p's latest cost may change on D and on every later day
  up to, not including, p's next cost event, from which on that later event decides. Those
  (day, company, p) rows of the cost grid, of the profit lines and of the by-product
  aggregates are recomputed (costs are per company: only the company whose bill changed),
  plus that company's daily aggregates of those days. Other products and companies are not
  touched.
- Sales of day D changed: every profit line and aggregate of D.
- The profit calendar (profit_calendar.py) ends on the last day profit was built for; a
  change on a later day extends it, and the new days are built for every product.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from nkdash_desktop.lake.months import by_month, month_of
from nkdash_desktop.pipeline.days import day_range

KEY_SCHEMA = {"day": pl.Date, "company_id": pl.Int64, "product_id": pl.Int64}


def no_keys() -> pl.DataFrame:
    return pl.DataFrame(schema=KEY_SCHEMA)


@dataclass(frozen=True)
class ProfitScope:
    """What an update rewrites. Profit lines and by-product aggregates: every row of
    `whole_days`, plus the (day, company_id, product_id) `keys` on other days; daily
    aggregates: every company on `whole_days`, and the (day, company_id) of the keys. Cost
    grid: every product on `grid_days`, plus `grid_keys` on other days."""

    whole_days: frozenset[date]
    keys: pl.DataFrame
    grid_days: frozenset[date]
    grid_keys: pl.DataFrame

    @property
    def days(self) -> list[date]:
        """Days whose profit (some or all of it) is recomputed."""
        return sorted(self.whole_days | set(self.keys["day"].to_list()))

    @property
    def products(self) -> set[int]:
        """Products recomputed on days that are not recomputed whole."""
        return set(self.keys["product_id"].to_list())

    @property
    def company_days(self) -> pl.DataFrame:
        """(day, company_id) of the keys on days not recomputed whole: the daily aggregates
        recomputed besides the whole days'."""
        return (
            self.keys.filter(~pl.col("day").is_in(list(self.whole_days)))
            .select("day", "company_id")
            .unique()
            .sort("day", "company_id")
        )

    @property
    def grid_all_days(self) -> list[date]:
        return sorted(self.grid_days | set(self.grid_keys["day"].to_list()))

    def months(self) -> list[date]:
        return sorted(set(by_month(self.days)) | set(by_month(self.grid_all_days)))

    def in_month(self, month: date) -> ProfitScope:
        def keys_of(keys: pl.DataFrame) -> pl.DataFrame:
            return keys.filter(pl.col("day").dt.month_start() == month)

        return ProfitScope(
            frozenset(d for d in self.whole_days if month_of(d) == month),
            keys_of(self.keys),
            frozenset(d for d in self.grid_days if month_of(d) == month),
            keys_of(self.grid_keys),
        )

    def with_keys(self, keys: pl.DataFrame) -> ProfitScope:
        """This scope and the profit of the `keys` (KEY_SCHEMA) too."""
        more = keys.select(list(KEY_SCHEMA)).cast(KEY_SCHEMA)
        more = more.filter(~pl.col("day").is_in(list(self.whole_days)))
        keys = pl.concat([self.keys, more]).unique().sort(list(KEY_SCHEMA))
        return ProfitScope(self.whole_days, keys, self.grid_days, self.grid_keys)

    @property
    def has_profit(self) -> bool:
        return bool(self.whole_days) or self.keys.height > 0

    @property
    def has_grid(self) -> bool:
        return bool(self.grid_days) or self.grid_keys.height > 0


def cost_windows(changed: pl.DataFrame, event_days: pl.DataFrame, last_day: date) -> pl.DataFrame:
    """(day, company_id, product_id) whose latest cost may differ after the cost events of the `changed`
    (day, company_id, product_id) changed: from the changed day up to the company's next event
    of the product (`event_days`: every (day, company_id, product_id) with an event, after the
    change) or `last_day`. Another company's event does not end a window: costs are per
    company."""
    if not changed.height:
        return no_keys()
    by = ["company_id", "product_id"]
    following = event_days.select("day", *by).unique().sort("day")
    nexts = (
        changed.select("day", *by)
        .sort("day")
        .join_asof(
            following.with_columns(next_day=pl.col("day")),
            on="day",
            by=by,
            strategy="forward",
            allow_exact_matches=False,  # the next event strictly after the changed day
            check_sortedness=False,
        )
    )
    end = pl.min_horizontal(
        (pl.col("next_day") - pl.duration(days=1)).fill_null(last_day), pl.lit(last_day)
    )
    windows = nexts.select(pl.date_ranges("day", end).alias("day"), *by).explode("day")
    return (
        windows.drop_nulls("day")
        .unique()
        .sort("day", "product_id", "company_id")
        .select(list(KEY_SCHEMA))
        .cast(KEY_SCHEMA)
    )


def update_scope(
    changed: pl.DataFrame,
    event_days: pl.DataFrame,
    sales_days: Collection[date],
    built_until: date,
    until: date,
) -> ProfitScope:
    """The scope of an update: cost windows of the `changed` events, whole `sales_days`, and
    the calendar extended from `built_until` to `until` (whole days, every product)."""
    extension = frozenset(day_range(built_until + timedelta(days=1), until))
    windows = cost_windows(changed, event_days, until)
    whole = frozenset(sales_days) | extension
    return ProfitScope(
        whole,
        windows.filter(~pl.col("day").is_in(list(whole))),
        extension,
        windows.filter(~pl.col("day").is_in(list(extension))),
    )
