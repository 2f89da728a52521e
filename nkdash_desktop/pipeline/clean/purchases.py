"""Purchases: vendor bill and refund product lines with their net unit price (the cost source)."""

from __future__ import annotations

import polars as pl

from nkdash_desktop.pipeline.clean.account_lines import posted_lines
from nkdash_desktop.pipeline.clean.base import DayCleaner, RawDay


def net_unit_price() -> pl.Expr:
    """Unit price after discount, without taxes, from Odoo's unsigned line values.

    price_subtotal / quantity is what was really paid per unit (Odoo applied the discount and
    took included taxes out); a zero-quantity line falls back to the discounted list price."""
    discounted = pl.col("price_unit") * (1.0 - pl.col("discount").fill_null(0.0) / 100.0)
    return (
        pl.when(pl.col("quantity") != 0)
        .then(pl.col("price_subtotal") / pl.col("quantity"))
        .otherwise(discounted)
    )


def clean(raw: RawDay) -> dict[str, pl.DataFrame]:
    lines = posted_lines(raw, "purchase", ("in_invoice", "in_refund"), "in_refund")
    lines = lines.with_columns(net_unit_price=net_unit_price())
    sign = pl.col("sign")
    lines = lines.with_columns(
        vendor_id=pl.col("partner_id"),
        vendor_name=pl.col("partner_name"),
        # a free bonus line (price or quantity <= 0, or unknown) must never become a cost
        is_bonus=~((pl.col("net_unit_price") > 0) & (pl.col("quantity") > 0)).fill_null(False),
        quantity=pl.col("quantity") * sign,
        amount_tax_ex=pl.col("price_subtotal") * sign,
        amount_tax_in=pl.col("price_total") * sign,
        amount_company_currency=pl.col("balance"),
    )
    return {"purchase_lines": lines}


CLEANER = DayCleaner(clean)
