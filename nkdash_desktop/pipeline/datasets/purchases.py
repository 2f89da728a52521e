"""Purchases: product lines of posted vendor bills and refunds, with their taxes (the cost
source for profit). Day key: accounting `date`."""

from __future__ import annotations

from nkdash_desktop.pipeline.datasets.account_lines import account_tables
from nkdash_desktop.pipeline.datasets.base import ChangeSweep, Dataset

DATASET = Dataset(
    name="purchases",
    aliases=("purchases",),
    description="posted vendor bill and refund product lines",
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
