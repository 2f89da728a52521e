"""The Odoo groups a reporting user needs, and how Odoo names them per version.

The README's "Odoo user rights" table is this module in words: with these five groups a user
reads everything the app reads (checked against the demo Odoo's copy of real Odoo's
`ir.model.access.csv` rules). An AccessError lists the groups that grant the model; the
advice names the one of these five it lists, as that Odoo version prints it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

ACCOUNT_READONLY = "account.group_account_readonly"
ACCOUNT_INVOICE = "account.group_account_invoice"

# xml id -> (what the README calls it, names Odoo 16-18 and 19 print), in advice order: the
# most specific first, so a journal item's refusal names Accounting read-only rather than
# the Point of Sale group that also happens to grant it
REPORTING_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    ACCOUNT_READONLY: (
        "Accounting: Read-only",
        (
            "Technical/Show Accounting Features - Readonly",
            "Show Accounting Features - Readonly",
        ),
    ),
    "point_of_sale.group_pos_user": (
        "Point of Sale: User",
        ("Point of Sale/User", "Point of Sale / User"),
    ),
    "stock.group_stock_user": ("Inventory: User", ("Inventory/User", "Inventory / User")),
    "purchase.group_purchase_user": ("Purchase: User", ("Purchase/User", "Purchase / User")),
    "base.group_user": ("Internal User", ("User types/Internal User", "Role / User")),
}

_LISTED = re.compile(r"^\s*-\s*(.+?)\s*$")


def granting_groups(message: str) -> list[str]:
    """The groups an Odoo AccessError message says would allow the operation."""
    _, found, rest = message.partition("allowed for the following groups:")
    if not found:
        return []
    groups = []
    for line in rest.splitlines()[1:] if rest.startswith("\n") else rest.splitlines():
        match = _LISTED.match(line)
        if match:
            groups.append(match.group(1))
        elif groups or line.strip():
            break
    return groups


def advised_group(listed: Sequence[str]) -> str | None:
    """Of the groups Odoo listed, the reporting group to ask for (as Odoo names it)."""
    for _readme, names in REPORTING_GROUPS.values():
        for name in listed:
            if name in names:
                return name
    return None


def group_name(xml_id: str, version: int) -> str:
    """A reporting group's name as Odoo `version` prints it."""
    _readme, (up_to_18, from_19) = REPORTING_GROUPS[xml_id]
    return from_19 if version >= 19 else up_to_18
