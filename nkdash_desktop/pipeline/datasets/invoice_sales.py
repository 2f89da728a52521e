"""Invoice sales: product lines of posted customer invoices and credit notes that did not come
from the POS. Day key: accounting `date`."""

from __future__ import annotations

from nkdash_desktop.odoo.rights import ACCOUNT_INVOICE, ACCOUNT_READONLY
from nkdash_desktop.pipeline.datasets.account_lines import account_tables
from nkdash_desktop.pipeline.datasets.base import ChangeSweep, Dataset

DATASET = Dataset(
    name="invoice_sales",
    aliases=("invoice-sales",),
    description="posted customer invoice and credit note product lines (not from the POS)",
    tables=account_tables("invoice", ("out_invoice", "out_refund"), exclude_pos=True),
    # without one, a purchase user sees vendor bills only (Purchase's record rule on entries)
    needs_group=(ACCOUNT_READONLY, ACCOUNT_INVOICE),
    changes=ChangeSweep(
        "account.move",
        "date",
        "date",
        "invoice_lines",
        "move_id",
        (("move_type", "in", ["out_invoice", "out_refund"]),),
    ),
)
