"""What invoice sales and purchases share: posted product lines joined to their moves, signed
by move type (Odoo keeps credit note and vendor refund quantities positive)."""

from __future__ import annotations

import polars as pl

from nkdash_desktop.pipeline.clean.base import RawDay
from nkdash_desktop.pipeline.clean.common import keep_day, latest_by_id, odoo_date, weekday

POSTED = "posted"


def posted_lines(
    raw: RawDay, prefix: str, move_types: tuple[str, ...], refund_type: str
) -> pl.DataFrame:
    """Product lines of posted `<prefix>_moves` of these types, with the move's fields, the
    business `day`, `is_refund` and `sign` (-1.0 on refunds). Odoo's unsigned amounts stay."""
    moves = latest_by_id(raw.tables[f"{prefix}_moves"]).filter(
        (pl.col("state") == POSTED) & pl.col("move_type").is_in(move_types)
    )
    moves = moves.select(
        move_id=pl.col("id"),
        move_type=pl.col("move_type"),
        document_name=pl.col("name"),
        move_date=odoo_date("date"),
        invoice_date=odoo_date("invoice_date"),
        move_partner_id=pl.col("partner_id_id"),
        move_partner_name=pl.col("partner_id_name"),
        salesperson_id=pl.col("invoice_user_id_id"),
        salesperson_name=pl.col("invoice_user_id_name"),
        move_currency_id=pl.col("currency_id_id"),
        move_company_id=pl.col("company_id_id"),
    )
    lines = latest_by_id(raw.tables[f"{prefix}_lines"]).filter(
        (pl.col("display_type") == "product") & (pl.col("parent_state") == POSTED)
    )
    joined = lines.join(moves, left_on="move_id_id", right_on="move_id", how="inner")
    is_refund = pl.col("move_type") == refund_type
    joined = joined.with_columns(
        line_id=pl.col("id"),
        move_id=pl.col("move_id_id"),
        move_name=pl.coalesce("move_name", "document_name"),
        is_refund=is_refund,
        sign=pl.when(is_refund).then(-1.0).otherwise(1.0),
        day=pl.coalesce(odoo_date("date"), "move_date"),
        partner_id=pl.coalesce("move_partner_id", "partner_id_id"),
        partner_name=pl.coalesce("move_partner_name", "partner_id_name"),
        company_id=pl.coalesce("company_id_id", "move_company_id"),
        currency_id=pl.coalesce("currency_id_id", "move_currency_id"),
        product_id=pl.col("product_id_id"),
        product_name=pl.coalesce("product_id_name", "name"),
        uom_id=pl.col("product_uom_id_id"),
        discount_percent=pl.col("discount"),
    ).with_columns(weekday=weekday(pl.col("day")))
    return keep_day(joined, raw.day, f"{prefix}_lines")
