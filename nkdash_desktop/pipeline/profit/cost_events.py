"""Cost events: the vendor bill lines that say what a product cost, with taxes, in company
currency.

A purchase line is a cost event when it is on a vendor bill (not a refund: a vendor credit note
returns goods, it does not price them) and has a quantity and a price above 0 (a bonus line,
free goods, would drag the cost to 0). Its cost:

    net_unit_price   = price_unit x (1 - discount %) x currency_rate
    unit_cost_tax_in = net_unit_price x tax_multiplier          (multipliers.py)

The price is the one written on the bill, so a price-included tax stays in it (multiplier 1.0)
and an excluded one is added by its multiplier. `currency_rate` = balance / price_subtotal
converts a bill in another currency into company currency at the rate Odoo posted it with; it
is exactly 1 for a bill in the company's currency.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from nkdash_desktop.lake.schema import FACTS, conform
from nkdash_desktop.pipeline.profit.multipliers import with_line_multiplier

EVENTS = FACTS["fact_product_cost_events"]
# fact_purchases columns a cost event is made of
PURCHASE_COLUMNS = (
    "day",
    "company_id",
    "product_id",
    "move_id",
    "line_id",
    "vendor_id",
    "quantity",
    "price_unit",
    "discount_percent",
    "amount_tax_ex",
    "amount_company_currency",
    "tax_ids",
    "is_refund",
    "is_bonus",
)


def currency_rate() -> pl.Expr:
    ex, company = pl.col("amount_tax_ex"), pl.col("amount_company_currency")
    return (
        pl.when((ex != 0) & company.is_not_null())
        .then(company / ex)
        .otherwise(1.0)
        .alias("currency_rate")
    )


def net_unit_price() -> pl.Expr:
    discount = pl.col("discount_percent").fill_null(0.0)
    return (pl.col("price_unit") * (1.0 - discount / 100.0) * pl.col("currency_rate")).alias(
        "net_unit_price"
    )


def cost_events(purchases: pl.DataFrame, multipliers: Mapping[int, float]) -> pl.DataFrame:
    """fact_product_cost_events rows from fact_purchases rows, sorted like the table."""
    lines = (
        purchases.select(PURCHASE_COLUMNS)
        .filter(
            ~pl.col("is_refund").fill_null(False)
            & ~pl.col("is_bonus").fill_null(False)
            & (pl.col("quantity") > 0)
            & pl.col("product_id").is_not_null()
        )
        .with_columns(currency_rate())
        .with_columns(net_unit_price())
        .filter(pl.col("net_unit_price") > 0)
    )
    events = with_line_multiplier(lines, multipliers).with_columns(
        unit_cost_tax_in=pl.col("net_unit_price") * pl.col("tax_multiplier")
    )
    return conform(EVENTS, events).sort(EVENTS.sort_by)


def changed_products(old: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """(day, product_id) whose cost events differ between two versions of the same days: an
    event added, removed or changed in any column."""
    # a list column makes a slow join key: compare the taxes as text
    taxes = pl.col("tax_ids").cast(pl.List(pl.String)).list.join(",")
    old, new = old.with_columns(taxes), new.with_columns(taxes)
    gone = old.join(new, on=EVENTS.names, how="anti", nulls_equal=True)
    added = new.join(old, on=EVENTS.names, how="anti", nulls_equal=True)
    return (
        pl.concat([gone.select("day", "product_id"), added.select("day", "product_id")])
        .unique()
        .sort("day", "product_id")
    )
