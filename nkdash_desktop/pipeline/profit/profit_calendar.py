"""The profit calendar: the days profit is built for.

A rebuild covers every day from the lake's first day with sales or purchases to its last one;
the cost grid then has a row for every product with a known cost on each of those days. An
update extends the calendar to the latest day it is given. Where the calendar ends is read
back from the profit tables themselves, so nothing else has to remember it.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.months import fact_months, scan_fact
from nkdash_desktop.lake.schema import FACTS, TableContract

SOURCE_FACTS = ("fact_sales", "fact_invoice_sales", "fact_purchases")
# the tables whose last day says how far profit was built
BUILT_TABLES = ("agg_profit_daily", "fact_product_cost_latest_daily")


def _edge(layout: LakeLayout, fact: TableContract, last: bool) -> date | None:
    """The first (or last) day with rows in a fact, reading only the edge month files."""
    months = fact_months(layout, fact)
    for month in reversed(months) if last else months:  # a month file may be empty
        day = pl.col("day").max() if last else pl.col("day").min()
        value = scan_fact(layout, fact, [month]).select(day).collect().item()
        if value is not None:
            return value
    return None


def lake_span(layout: LakeLayout) -> tuple[date, date] | None:
    """First and last day with sales or purchases in the star schema (None: no data)."""
    firsts = [_edge(layout, FACTS[name], last=False) for name in SOURCE_FACTS]
    lasts = [_edge(layout, FACTS[name], last=True) for name in SOURCE_FACTS]
    found_first = [d for d in firsts if d is not None]
    found_last = [d for d in lasts if d is not None]
    if not found_first:
        return None
    return min(found_first), max(found_last)


def built_until(layout: LakeLayout) -> date | None:
    """The last day profit was built for (None: never built)."""
    ends = [_edge(layout, FACTS[name], last=True) for name in BUILT_TABLES]
    found = [d for d in ends if d is not None]
    return max(found) if found else None
