"""Who may read what on the demo Odoo: groups, per-model read rights and the record rule that
matters to a reporting user, as real Odoo 16-19 ship them.

Read rights follow the `perm_read` rows of the real `ir.model.access.csv` files for the models
the demo serves (measured on real 16 and 19: shared/reference/odoo-access-and-rounding.md). The
xml ids of the groups are the same in 16-19; only the names Odoo prints differ.
"""

from __future__ import annotations

from collections.abc import Iterable

from nkdash_desktop.demo.errors import AccessError

USER = "base.group_user"
PORTAL = "base.group_portal"
PUBLIC = "base.group_public"
ACCESS_RIGHTS = "base.group_erp_manager"
SETTINGS = "base.group_system"
POS_USER = "point_of_sale.group_pos_user"
POS_MANAGER = "point_of_sale.group_pos_manager"
ACCOUNT_READONLY = "account.group_account_readonly"
ACCOUNT_INVOICE = "account.group_account_invoice"
ACCOUNT_MANAGER = "account.group_account_manager"
STOCK_USER = "stock.group_stock_user"
STOCK_MANAGER = "stock.group_stock_manager"
PURCHASE_USER = "purchase.group_purchase_user"
PURCHASE_MANAGER = "purchase.group_purchase_manager"
SALE_OWN = "sales_team.group_sale_salesman"

# xml id -> (name Odoo 16-18 prints: "Category/Name", name Odoo 19 prints)
GROUPS: dict[str, tuple[str, str]] = {
    USER: ("User types/Internal User", "Role / User"),
    PORTAL: ("User types/Portal", "Portal"),
    PUBLIC: ("User types/Public", "Public"),
    ACCESS_RIGHTS: ("Administration/Access Rights", "Access Rights"),
    SETTINGS: ("Administration/Settings", "Role / Administrator"),
    POS_USER: ("Point of Sale/User", "Point of Sale / User"),
    POS_MANAGER: ("Point of Sale/Administrator", "Point of Sale / Administrator"),
    ACCOUNT_READONLY: (
        "Technical/Show Accounting Features - Readonly",
        "Show Accounting Features - Readonly",
    ),
    ACCOUNT_INVOICE: ("Invoicing/Billing", "Invoicing"),
    ACCOUNT_MANAGER: ("Invoicing/Billing Administrator", "Accounting / Administrator"),
    STOCK_USER: ("Inventory/User", "Inventory / User"),
    STOCK_MANAGER: ("Inventory/Administrator", "Inventory / Administrator"),
    PURCHASE_USER: ("Purchase/User", "Purchase / User"),
    PURCHASE_MANAGER: ("Purchase/Administrator", "Purchase / Administrator"),
    SALE_OWN: ("Sales/User: Own Documents Only", "Sales / User: Own Documents Only"),
}

# group -> the groups it implies (Odoo's implied_ids), closed over by `with_implied`
IMPLIED: dict[str, frozenset[str]] = {
    SETTINGS: frozenset({ACCESS_RIGHTS, USER}),
    ACCESS_RIGHTS: frozenset({USER}),
    POS_USER: frozenset({USER}),
    POS_MANAGER: frozenset({POS_USER}),
    ACCOUNT_READONLY: frozenset({USER}),
    ACCOUNT_INVOICE: frozenset({USER}),
    ACCOUNT_MANAGER: frozenset({ACCOUNT_INVOICE, ACCOUNT_READONLY}),
    STOCK_USER: frozenset({USER}),
    STOCK_MANAGER: frozenset({STOCK_USER}),
    PURCHASE_USER: frozenset({USER}),
    PURCHASE_MANAGER: frozenset({PURCHASE_USER}),
    SALE_OWN: frozenset({USER}),
}

EVERYONE = None  # an access row without group: every user may read
ACCOUNTING = frozenset(
    {ACCOUNT_MANAGER, ACCOUNT_INVOICE, ACCOUNT_READONLY, POS_USER, PURCHASE_USER, PORTAL, SALE_OWN}
)
PRODUCTS = frozenset({STOCK_USER, POS_USER, PURCHASE_USER, USER})

# model -> the groups whose access rows grant perm_read (the real ir.model.access.csv files)
READ: dict[str, frozenset[str] | None] = {
    "ir.model": frozenset({ACCESS_RIGHTS}),
    "ir.module.module": frozenset({SETTINGS, USER}),
    "pos.order": frozenset({STOCK_USER, POS_USER}),
    "pos.order.line": frozenset({POS_USER}),
    "pos.payment": frozenset({POS_USER}),
    "pos.session": frozenset({POS_USER}),
    "pos.config": frozenset({POS_USER}),
    "pos.payment.method": frozenset({POS_MANAGER, POS_USER}),
    "account.move": ACCOUNTING,
    "account.move.line": ACCOUNTING | {PURCHASE_MANAGER},
    "account.tax": frozenset(
        {ACCOUNT_MANAGER, ACCOUNT_INVOICE, ACCOUNT_READONLY, PURCHASE_USER, USER, SALE_OWN}
    ),
    "account.account": frozenset({ACCOUNT_INVOICE, ACCOUNT_READONLY, POS_USER}),
    "account.journal": frozenset({ACCOUNT_INVOICE, ACCOUNT_READONLY, POS_USER, USER}),
    "stock.move.line": frozenset({STOCK_MANAGER, STOCK_USER, USER}),
    "stock.picking.type": frozenset({STOCK_MANAGER, STOCK_USER, USER}),
    "stock.quant": frozenset({STOCK_USER, USER}),
    "stock.lot": frozenset({STOCK_USER}),
    "stock.move": frozenset(
        {STOCK_USER, ACCOUNT_INVOICE, POS_USER, PURCHASE_USER, SALE_OWN, ACCOUNT_READONLY}
    ),
    "stock.picking": frozenset(
        {STOCK_USER, ACCOUNT_INVOICE, POS_USER, PURCHASE_USER, SALE_OWN, ACCOUNT_READONLY}
    ),
    "stock.location": frozenset({USER, STOCK_MANAGER}),
    "product.product": PRODUCTS,
    "product.template": PRODUCTS,
    "product.category": frozenset({USER, SETTINGS}),
    "product.brand": frozenset({USER}),
    "uom.uom": frozenset({USER, SETTINGS}),
    "hr.employee": frozenset({USER}),
    "res.partner": frozenset({USER, PORTAL, PUBLIC}),
    "res.company": EVERYONE,
    "res.users": EVERYONE,
    "res.currency": EVERYONE,
    "res.currency.rate": EVERYONE,
}

# what a reporting user needs (README "Odoo user rights"): nothing more
REPORTING_USER = frozenset({USER, POS_USER, ACCOUNT_READONLY, STOCK_USER, PURCHASE_USER})
EVERY_GROUP = frozenset(GROUPS)

# Purchase's record rule on journal entries: a purchase user sees vendor bills only, unless
# another of their groups has a see-all rule (Odoo ORs the rules of the user's groups)
VENDOR_BILLS = ("in_invoice", "in_refund", "in_receipt")
SEES_ALL_MOVES = frozenset({ACCOUNT_READONLY, ACCOUNT_INVOICE, ACCOUNT_MANAGER})


def with_implied(groups: Iterable[str]) -> frozenset[str]:
    """The groups and every group they imply, transitively (what `has_group` answers)."""
    todo, seen = list(groups), set()
    while todo:
        group = todo.pop()
        if group not in seen:
            seen.add(group)
            todo.extend(IMPLIED.get(group, ()))
    return frozenset(seen)


def group_label(group: str, version: int) -> str:
    sixteen, nineteen = GROUPS[group]
    return nineteen if version >= 19 else sixteen


def may_read(groups: frozenset[str], model: str) -> bool:
    granted = READ.get(model, EVERYONE)
    return granted is EVERYONE or bool(granted & groups)


def check_read(groups: frozenset[str], model: str, description: str, version: int) -> None:
    """Odoo's AccessError for a model the groups may not read, listing who may."""
    if may_read(groups, model):
        return
    raise read_refused(model, description, version)


def read_refused(model: str, description: str, version: int, operation: str = "read"):
    verb = {"read": "access", "write": "modify", "create": "create", "unlink": "delete"}[operation]
    granted = READ.get(model) or frozenset()
    names = sorted(group_label(g, version) for g in granted)
    listed = "".join(f"\t- {name}\n" for name in names)
    allowed = (
        f"This operation is allowed for the following groups:\n{listed}\n"
        if operation == "read" and names
        else "No group currently allows this operation.\n\n"
    )
    return AccessError(
        f"You are not allowed to {verb} '{description}' ({model}) records.\n\n"
        f"{allowed}Contact your administrator to request access if necessary."
    )


def move_rule(groups: frozenset[str], model: str) -> list[tuple[str, str, object]]:
    """The record-rule domain journal entries get for these groups ([] = no restriction)."""
    if model not in ("account.move", "account.move.line") or groups & SEES_ALL_MOVES:
        return []
    if PURCHASE_USER not in groups:
        return []
    path = "move_type" if model == "account.move" else "move_id.move_type"
    return [(path, "in", list(VENDOR_BILLS))]
