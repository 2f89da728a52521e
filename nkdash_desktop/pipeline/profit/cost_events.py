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
is 1 for a bill in the company's currency, and unknown (no cost event) where Odoo's amounts do
not give it: never a guessed 1. CURRENCY_RATE_SQL is the one definition, which the DuckDB
recomputation of validation (recompute_sql.py) runs as well.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.lake.months import scan_fact, sort_rows
from nkdash_desktop.lake.schema import FACTS, PURCHASE_COST_COLUMNS, conform
from nkdash_desktop.pipeline.profit.multipliers import with_line_multiplier

EVENTS = FACTS["fact_product_cost_events"]
PURCHASE_COLUMNS = PURCHASE_COST_COLUMNS  # the fact_purchases columns a cost event is made of


# over a purchase line with its company's currency as `company_currency_id`: 1 in the company's
# currency, else the rate Odoo posted the line at (also when the company's currency is unknown:
# that ratio is 1 for a bill in company currency); null when Odoo's amounts do not give it
CURRENCY_RATE_SQL = """
CASE WHEN currency_id = company_currency_id THEN 1.0
     ELSE amount_company_currency / NULLIF(amount_tax_ex, 0) END
"""


def company_currency(currencies: Mapping[int, int]) -> pl.Expr:
    """`company_currency_id` of each row (`currencies`: company id -> currency id)."""
    return (
        pl.col("company_id")
        .replace_strict(
            list(currencies), list(currencies.values()), default=None, return_dtype=pl.Int64
        )
        .alias("company_currency_id")
    )


def currency_rate() -> pl.Expr:
    """CURRENCY_RATE_SQL over purchase rows with their `company_currency_id`."""
    return pl.sql_expr(CURRENCY_RATE_SQL).alias("currency_rate")


def net_unit_price() -> pl.Expr:
    discount = pl.col("discount_percent").fill_null(0.0)
    return (pl.col("price_unit") * (1.0 - discount / 100.0) * pl.col("currency_rate")).alias(
        "net_unit_price"
    )


def cost_events(
    purchases: pl.DataFrame,
    multipliers: Mapping[int, float],
    currencies: Mapping[int, int] | None = None,
) -> pl.DataFrame:
    """fact_product_cost_events rows from fact_purchases rows, sorted like the table;
    `currencies`: each company's currency id (dim_companies)."""
    lines = (
        purchases.select(PURCHASE_COLUMNS)
        .filter(
            ~pl.col("is_refund").fill_null(False)
            & ~pl.col("is_bonus").fill_null(False)
            & (pl.col("quantity") > 0)
            & pl.col("product_id").is_not_null()
        )
        .with_columns(company_currency(currencies or {}))
        .with_columns(currency_rate())
        .with_columns(net_unit_price())
        .filter(pl.col("net_unit_price") > 0)
    )
    events = with_line_multiplier(lines, multipliers).with_columns(
        unit_cost_tax_in=pl.col("net_unit_price") * pl.col("tax_multiplier")
    )
    return sort_rows(conform(EVENTS, events), EVENTS.sort_by)


def changed_products(old: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """(day, company_id, product_id) whose cost events differ between two versions of the same
    days: an event added, removed or changed in any column."""
    # a list column makes a slow join key: compare the taxes as text
    taxes = pl.col("tax_ids").cast(pl.List(pl.String)).list.join(",")
    old, new = old.with_columns(taxes), new.with_columns(taxes)
    gone = old.join(new, on=EVENTS.names, how="anti", nulls_equal=True)
    added = new.join(old, on=EVENTS.names, how="anti", nulls_equal=True)
    keys = ("day", "company_id", "product_id")
    return pl.concat([gone.select(keys), added.select(keys)]).unique().sort("day", "product_id")


def company_currencies(layout: LakeLayout) -> dict[int, int]:
    """company id -> currency id, from dim_companies (empty before the first dimension load)."""
    path = layout.single_file(STAR, "dim_companies")
    if not path.exists():
        return {}
    frame = pl.read_parquet(path, columns=["company_id", "currency_id"]).drop_nulls()
    return dict(frame.iter_rows())


def stale_multipliers(layout: LakeLayout, multipliers: Mapping[int, float]) -> list[int]:
    """Tax ids whose stored cost events used another multiplier than `multipliers` gives now
    (the taxes or the Settings overrides changed since): profit then needs a rebuild."""
    recorded = (
        scan_fact(layout, EVENTS)
        .select("tax_ids", "tax_multiplier")
        .with_columns(_taxes=pl.col("tax_ids").cast(pl.List(pl.String)).list.join(","))
        .unique(subset=["_taxes", "tax_multiplier"])
        .collect()
    )
    now = with_line_multiplier(recorded.rename({"tax_multiplier": "_used"}), multipliers)
    moved = now.filter((pl.col("tax_multiplier") - pl.col("_used")).abs() > 1e-12)
    return sorted(set(moved["tax_ids"].explode().drop_nulls().to_list()))
