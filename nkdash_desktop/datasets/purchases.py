"""Purchases: product lines of posted vendor bills and refunds, with their taxes and net unit
price (the cost source for profit); vendor refunds negative. Day key: accounting `date`."""

from __future__ import annotations

import polars as pl

from nkdash_desktop.datasets.account_lines import (
    account_tables,
    posted_lines,
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
    TableContract,
    columns,
    fact,
)

# ---- contracts -----------------------------------------------------------------------------

CLEAN_PURCHASE_LINES = TableContract(
    "purchase_lines",
    "clean",
    "Product lines of posted vendor bills and refunds. Vendor refunds are negative.",
    columns(
        ("line_id", ID, "journal item (account.move.line)"),
        ("move_id", ID, "vendor bill or refund (account.move)"),
        ("move_name", TEXT, "bill number, e.g. 'BILL/2026/00042'"),
        ("move_type", TEXT, "in_invoice or in_refund"),
        ("is_refund", FLAG, "a vendor refund line"),
        BUSINESS_DAY,
        ("invoice_date", DAY, "bill date printed on the document"),
        ("vendor_id", ID, "vendor (res.partner)"),
        ("vendor_name", TEXT, "vendor name"),
        COMPANY,
        CURRENCY,
        PRODUCT,
        PRODUCT_NAME,
        ("uom_id", ID, "unit of measure of the quantity (uom.uom)"),
        ("quantity", QTY, "quantity bought; negative on refunds"),
        ("price_unit", MONEY, "unit price before discount (document currency)"),
        ("discount_percent", MONEY, "line discount in percent"),
        (
            "net_unit_price",
            MONEY,
            "unit price after discount, without taxes: price_subtotal / quantity "
            "(price_unit × (1 − discount %) when the quantity is 0)",
        ),
        ("amount_tax_ex", MONEY, "line total without taxes (price_subtotal), signed"),
        ("amount_tax_in", MONEY, "line total with taxes (price_total), signed"),
        ("amount_company_currency", MONEY, "line total without taxes in company currency"),
        (
            "amount_company_currency_tax_in",
            MONEY,
            "line total with taxes in company currency, signed: amount_company_currency plus "
            "the line's share of its bill's tax as Odoo posted it, shared by the lines' taxes "
            "in the bill's currency; a bill's lines add up to its amount_total_signed, negated",
        ),
        TAXES,
        ("is_bonus", FLAG, "free goods: a line with a price or quantity <= 0; never a cost"),
    ),
    "day",
    sort_by=("day", "product_id", "line_id"),
)

FACT_PURCHASES = fact(
    "fact_purchases",
    CLEAN_PURCHASE_LINES,
    (
        "day company_id move_id move_name move_type line_id invoice_date vendor_id "
        "currency_id product_id uom_id quantity price_unit discount_percent net_unit_price "
        "amount_tax_ex amount_tax_in amount_company_currency amount_company_currency_tax_in "
        "tax_ids is_refund is_bonus"
    ),
    "Vendor bill product lines (the cost source for profit); vendor refunds negative.",
)

# ---- clean ---------------------------------------------------------------------------------


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
    # Odoo signs a bill's totals negative (a debit), its lines' balances positive
    lines = lines.with_columns(
        amount_company_currency_tax_in=with_tax_in_company_currency(
            "amount_company_currency",
            "amount_tax_ex",
            "amount_tax_in",
            -pl.col("move_total_signed"),
        )
    )
    return {"purchase_lines": lines}


# ---- the dataset ---------------------------------------------------------------------------

DATASET = Dataset(
    name="purchases",
    aliases=("purchases",),
    description=QT_TRANSLATE_NOOP("Datasets", "posted vendor bill and refund product lines"),
    header="purchase_lines",  # its lines: reconciliation compares every line
    clean=clean,
    clean_tables=(CLEAN_PURCHASE_LINES,),
    facts=(FACT_PURCHASES,),
    tables=account_tables("purchase", ("in_invoice", "in_refund"), exclude_pos=False),
    # a bill posted late with an earlier date shows up here by its write_date
    changes=ChangeSweep(
        "account.move",
        "date",
        "date",
        "purchase_lines",
        "move_id",
        (("move_type", "in", ["in_invoice", "in_refund"]),),
    ),
)
