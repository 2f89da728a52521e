"""Invoice sales: product lines of posted customer invoices and credit notes that did not come
from the POS, credit notes negative. Day key: accounting `date`."""

from __future__ import annotations

from typing import Any

import polars as pl

from nkdash_desktop.datasets.account_lines import account_tables, posted_lines, posted_rate
from nkdash_desktop.datasets.base import ChangeSweep, Dataset, RawDay
from nkdash_desktop.i18n import QT_TRANSLATE_NOOP
from nkdash_desktop.lake.columns import (
    BUSINESS_DAY,
    COMPANY,
    CURRENCY,
    DAY,
    FLAG,
    ID,
    MONEY,
    PRODUCT,
    PRODUCT_NAME,
    QTY,
    TAXES,
    TEXT,
    WEEKDAY,
    TableContract,
    columns,
    fact,
)

# ---- contracts -----------------------------------------------------------------------------

CLEAN_INVOICE_LINES = TableContract(
    "invoice_lines",
    "clean",
    "Product lines of posted customer invoices and credit notes not coming from the POS. "
    "Credit notes are negative: Odoo keeps their quantity positive and the sign in move_type.",
    columns(
        ("line_id", ID, "journal item (account.move.line)"),
        ("move_id", ID, "invoice or credit note (account.move)"),
        ("move_name", TEXT, "invoice number, e.g. 'INV/2026/00042'"),
        ("move_type", TEXT, "out_invoice or out_refund"),
        ("is_refund", FLAG, "a credit note line"),
        BUSINESS_DAY,
        ("invoice_date", DAY, "invoice date printed on the document"),
        WEEKDAY,
        ("partner_id", ID, "customer (res.partner)"),
        ("partner_name", TEXT, "customer name"),
        ("salesperson_id", ID, "salesperson (res.users, invoice_user_id)"),
        ("salesperson_name", TEXT, "salesperson name"),
        COMPANY,
        CURRENCY,
        PRODUCT,
        PRODUCT_NAME,
        ("uom_id", ID, "unit of measure of the quantity (uom.uom)"),
        ("quantity", QTY, "quantity sold; negative on credit notes"),
        ("price_unit", MONEY, "unit price before discount (document currency)"),
        ("discount_percent", MONEY, "line discount in percent"),
        (
            "discount_amount",
            MONEY,
            "price_unit × quantity × discount % in the company currency (signed like quantity)",
        ),
        (
            "revenue_tax_ex",
            MONEY,
            "line total without taxes in the company currency (Odoo's balance, negated), signed",
        ),
        (
            "revenue_tax_in",
            MONEY,
            "line total with taxes in the company currency: price_total at the rate the line "
            "was posted at (balance / price_subtotal), signed",
        ),
        (
            "revenue_tax_ex_document_currency",
            MONEY,
            "line total without taxes (price_subtotal) in the invoice's currency, signed",
        ),
        (
            "revenue_tax_in_document_currency",
            MONEY,
            "line total with taxes (price_total) in the invoice's currency, signed",
        ),
        TAXES,
    ),
    "day",
    sort_by=("day", "product_id", "line_id"),
)

FACT_INVOICE_SALES = fact(
    "fact_invoice_sales",
    CLEAN_INVOICE_LINES,
    (
        "day company_id move_id move_name move_type line_id invoice_date weekday "
        "salesperson_id partner_id currency_id product_id uom_id quantity price_unit "
        "discount_percent discount_amount revenue_tax_ex revenue_tax_in "
        "revenue_tax_ex_document_currency revenue_tax_in_document_currency is_refund"
    ),
    "Invoice sales (not from the POS), one row per product line; credit notes negative.",
)

# ---- clean ---------------------------------------------------------------------------------


def clean(raw: RawDay) -> dict[str, pl.DataFrame]:
    lines = posted_lines(raw, "invoice", ("out_invoice", "out_refund"), "out_refund")
    sign, qty = pl.col("sign"), pl.col("quantity") * pl.col("sign")
    lines = lines.with_columns(
        quantity=qty,
        revenue_tax_ex_document_currency=pl.col("price_subtotal") * sign,
        revenue_tax_in_document_currency=pl.col("price_total") * sign,
        # balance is signed already, debit-positive, in the company currency: revenue is its
        # negation. A dollar invoice of a rupiah company is counted in rupiah, as Odoo's
        # Invoicing report counts it; never dollars added to rupiah.
        revenue_tax_ex=-pl.col("balance"),
    )
    # one rate per invoice, as Odoo converts an invoice's total (price_total / the move's
    # invoice_currency_rate in its Invoicing report): Odoo's per-move totals give the same
    rate = posted_rate(
        pl.col("revenue_tax_ex_document_currency").sum().over("move_id"),
        pl.col("revenue_tax_ex").sum().over("move_id"),
    )
    lines = lines.with_columns(
        revenue_tax_in=pl.col("revenue_tax_in_document_currency") * rate,
        discount_amount=pl.col("price_unit") * qty * pl.col("discount") / 100.0 * rate,
    )
    return {"invoice_lines": lines}


def odoo_move_revenue(per_move: list[dict[str, Any]], sign: float) -> pl.DataFrame:
    """Odoo's invoice product lines summed per move (rows of grouped_totals by move_id and
    company_id with price_subtotal, price_total and balance), as the lake counts them: one row
    per move with `company_id`, `move_id`, `lines`, and `revenue_tax_ex` / `revenue_tax_in`
    in the company currency; `sign` -1.0 for credit notes (Odoo keeps their prices positive,
    their balance is signed already)."""
    frame = pl.DataFrame(
        [
            {
                "company_id": r["company_id"],
                "move_id": r["move_id"],
                "lines": r["count"],
                "document_ex": sign * r["price_subtotal"],
                "document_in": sign * r["price_total"],
                "revenue_tax_ex": -r["balance"],
            }
            for r in per_move
        ],
        schema={
            "company_id": pl.Int64,
            "move_id": pl.Int64,
            "lines": pl.Int64,
            "document_ex": pl.Float64,
            "document_in": pl.Float64,
            "revenue_tax_ex": pl.Float64,
        },
    )
    rate = posted_rate(pl.col("document_ex"), pl.col("revenue_tax_ex"))
    return frame.select(
        "company_id",
        "move_id",
        "lines",
        "revenue_tax_ex",
        revenue_tax_in=pl.col("document_in") * rate,
    )


# ---- the dataset ---------------------------------------------------------------------------

DATASET = Dataset(
    name="invoice_sales",
    aliases=("invoice-sales",),
    description=QT_TRANSLATE_NOOP(
        "Datasets", "posted customer invoice and credit note product lines (not from the POS)"
    ),
    header="invoice_lines",  # its lines: reconciliation compares every line
    clean=clean,
    clean_tables=(CLEAN_INVOICE_LINES,),
    facts=(FACT_INVOICE_SALES,),
    tables=account_tables("invoice", ("out_invoice", "out_refund"), exclude_pos=True),
    # without one, a purchase user sees vendor bills only (Purchase's record rule on entries)
    needs_group=("account.group_account_readonly", "account.group_account_invoice"),
    changes=ChangeSweep(
        "account.move",
        "date",
        "date",
        "invoice_lines",
        "move_id",
        (("move_type", "in", ["out_invoice", "out_refund"]),),
    ),
)
