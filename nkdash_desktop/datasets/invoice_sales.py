"""Invoice sales: product lines of posted customer invoices and credit notes that did not come
from the POS, credit notes negative. Day key: accounting `date`."""

from __future__ import annotations

from typing import Any

import polars as pl

from nkdash_desktop.datasets.account_lines import (
    account_tables,
    posted_lines,
    posted_rate,
    with_tax_in_company_currency,
)
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
            "line total with taxes in the company currency, signed: revenue_tax_ex plus the "
            "line's share of its invoice's tax as Odoo posted it (amount_total_signed minus "
            "the product lines' balances), shared by the lines' taxes in the invoice's "
            "currency; an invoice's lines add up to its amount_total_signed",
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
    lines = lines.with_columns(
        # an invoice's lines add up to its amount_total_signed
        revenue_tax_in=with_tax_in_company_currency(
            "revenue_tax_ex",
            "revenue_tax_ex_document_currency",
            "revenue_tax_in_document_currency",
            pl.col("move_total_signed"),
        ),
        # the invoice's rate as its lines were posted (1 in the company's own currency)
        discount_amount=pl.col("price_unit")
        * qty
        * pl.col("discount")
        / 100.0
        * posted_rate(
            pl.col("revenue_tax_ex_document_currency").sum().over("move_id"),
            pl.col("revenue_tax_ex").sum().over("move_id"),
        ),
    )
    return {"invoice_lines": lines}


# Odoo's company-currency totals of an invoice (account.move), what the lake's lines add up to
ODOO_REVENUE_FIELDS = ("amount_untaxed_signed", "amount_total_signed")


def odoo_revenue(per_company: list[dict[str, Any]]) -> pl.DataFrame:
    """Odoo's invoices summed per company (rows of grouped_totals of the dataset's moves by
    company_id, with ODOO_REVENUE_FIELDS), as the lake counts them: `company_id`, `invoices`,
    `revenue_tax_ex` and `revenue_tax_in` in the company currency (credit notes negative:
    Odoo signs them already)."""
    return (
        pl.DataFrame(
            [
                {
                    "company_id": r["company_id"],
                    "invoices": r["count"],
                    "revenue_tax_ex": r["amount_untaxed_signed"],
                    "revenue_tax_in": r["amount_total_signed"],
                }
                for r in per_company
            ],
            schema={
                "company_id": pl.Int64,
                "invoices": pl.Int64,
                "revenue_tax_ex": pl.Float64,
                "revenue_tax_in": pl.Float64,
            },
        )
        .group_by("company_id", maintain_order=True)
        .sum()
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
