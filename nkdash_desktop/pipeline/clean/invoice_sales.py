"""Invoice sales: customer invoice and credit note product lines, credit notes negative."""

from __future__ import annotations

import polars as pl

from nkdash_desktop.pipeline.clean.account_lines import posted_lines
from nkdash_desktop.pipeline.clean.base import DayCleaner, RawDay


def clean(raw: RawDay) -> dict[str, pl.DataFrame]:
    lines = posted_lines(raw, "invoice", ("out_invoice", "out_refund"), "out_refund")
    sign, qty = pl.col("sign"), pl.col("quantity") * pl.col("sign")
    lines = lines.with_columns(
        quantity=qty,
        discount_amount=pl.col("price_unit") * qty * pl.col("discount") / 100.0,
        revenue_tax_ex=pl.col("price_subtotal") * sign,
        revenue_tax_in=pl.col("price_total") * sign,
        # balance is signed already, debit-positive: revenue is its negation
        revenue_company_currency=-pl.col("balance"),
    )
    return {"invoice_lines": lines}


CLEANER = DayCleaner(clean)
