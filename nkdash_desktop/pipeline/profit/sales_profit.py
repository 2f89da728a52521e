"""Sales line profit: every POS and invoice line at the latest known cost of its product.

    cogs_tax_in  = quantity x unit_cost_tax_in
    gross_profit = revenue_tax_in - cogs_tax_in

When no cost is known, both are null and the line is flagged cost_missing: an unknown cost is
not a zero cost (a line at cost 0 would count at 100% margin). With the Settings > Profit
fallback on, such a line takes Odoo's standard price instead, flagged cost_source 'standard'
(standard_cost.py).

Refund lines keep their negative quantity and revenue, so their cost comes back negative too.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

import polars as pl

from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.months import scan_fact, sort_rows
from nkdash_desktop.lake.schema import FACTS, SALES_ALL_SOURCES, conform
from nkdash_desktop.pipeline.profit.latest_cost import COST_COLUMNS, COST_KEY, costs_on
from nkdash_desktop.pipeline.profit.standard_cost import with_standard_cost

PROFIT_LINES = FACTS["fact_sales_lines_profit"]
_ORDER = PROFIT_LINES.sort_by
NO_PRODUCT = 2**32 - 1
SALES_COLUMNS = (
    "day",
    "company_id",
    "channel",
    "order_id",
    "line_id",
    "product_id",
    "quantity",
    "revenue_tax_in",
    "revenue_tax_ex",  # the line's tax ratio puts a standard price on the tax-in basis
)


def _in_scope(
    scan: pl.LazyFrame, days: Collection[date], keys: pl.DataFrame | None
) -> pl.LazyFrame:
    """The rows of whole `days`, plus those matching `keys` (day, product_id and maybe
    company_id)."""
    whole = scan.filter(pl.col("day").is_in(list(days)))
    if keys is None or not keys.height:
        return whole
    partial = (
        scan.filter(pl.col("day").is_in(keys["day"].unique().to_list()))
        .filter(~pl.col("day").is_in(list(days)))
        .join(keys.lazy(), on=keys.columns, how="semi")
    )
    return pl.concat([whole, partial])


def read_sales(
    layout: LakeLayout,
    months: Iterable[date],
    *,
    days: Collection[date] | None = None,
    keys: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """POS and invoice lines of `months` in one shape (SALES_COLUMNS), like fact_sales_all;
    only the whole `days` and the rows of `keys` (day, product_id, maybe company_id) when
    either is given. Sorted like
    fact_sales_lines_profit."""
    months = list(months)
    scoped = days is not None or keys is not None
    frames = []
    for channel in sorted(SALES_ALL_SOURCES):  # 'invoice' before 'pos', like the table's order
        fact_name, renamed = SALES_ALL_SOURCES[channel]
        columns = {c: pl.col(renamed.get(c, c)) for c in SALES_COLUMNS if c != "channel"}
        scan = scan_fact(layout, FACTS[fact_name], months).select(
            **columns, channel=pl.lit(channel)
        )
        frames.append(_in_scope(scan, days or (), keys) if scoped else scan)
    sales = pl.concat(frames).select(SALES_COLUMNS).collect()
    # each fact is sorted by day, product, line: a stable sort by day and product finishes
    return sort_rows(sales.sort("day", "product_id", maintain_order=True, nulls_last=True), _ORDER)


def _key() -> pl.Expr:
    """(day, product) as one sortable int64 (Odoo ids are 32-bit); a line without a product
    sorts last in its day and matches no cost."""
    product = pl.col("product_id").fill_null(NO_PRODUCT)
    return (pl.col("day").cast(pl.Int64) * 2**32 + product).alias("_key")


def price_lines(
    sales: pl.DataFrame, lookup: pl.DataFrame, standard: pl.DataFrame | None = None
) -> pl.DataFrame:
    """fact_sales_lines_profit rows for sales lines (SALES_COLUMNS), in their order, from a
    lookup of costs by day, company and product (latest_cost.costs_on, one row per day,
    company and product); a line without a lookup row has no cost, unless `standard` (the
    Settings > Profit fallback: standard_cost.read_standard_costs) gives its company's
    standard price."""
    lines = sales.select(SALES_COLUMNS).with_columns(_key())
    costs = lookup.select(_key(), "company_id", *COST_COLUMNS)
    if not costs["_key"].is_sorted():
        costs = costs.sort("_key")
    if lines["_key"].is_sorted():  # the usual case: a merge join, exact keys only
        costed = lines.join_asof(
            costs,
            on="_key",
            by="company_id",
            strategy="backward",
            tolerance=0,
            check_sortedness=False,
        )
    else:
        costed = lines.join(costs, on=["_key", "company_id"], how="left", maintain_order="left")
    rows = (
        with_standard_cost(costed, standard)
        .with_columns(
            cost_missing=pl.col("unit_cost_tax_in").is_null(),
            cogs_tax_in=pl.col("quantity") * pl.col("unit_cost_tax_in"),
        )
        .with_columns(gross_profit=pl.col("revenue_tax_in") - pl.col("cogs_tax_in"))
    )
    return conform(PROFIT_LINES, rows)


def profit_lines(
    sales: pl.DataFrame, costs: pl.DataFrame, standard: pl.DataFrame | None = None
) -> pl.DataFrame:
    """fact_sales_lines_profit rows for sales lines (SALES_COLUMNS), given the day costs
    (latest_cost.day_costs) of at least their products up to their days, and the standard
    costs when the fallback is on."""
    # one as-of lookup per distinct day, company and product, then each line takes its row
    keys = sales.select("day", *COST_KEY).unique()
    return price_lines(sales, costs_on(keys, costs), standard)
