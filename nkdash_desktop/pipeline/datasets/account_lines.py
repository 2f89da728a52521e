"""What invoice sales and purchases share: posted invoice product lines and their moves, by
accounting date (already a local day)."""

from __future__ import annotations

from collections.abc import Callable

from nkdash_desktop.pipeline.datasets.base import Domain, RawTable, Scope

LINE_FIELDS = {
    "move_id": "many2one",
    "move_name": "char",
    "date": "date",
    "parent_state": "selection",
    "display_type": "selection",
    "product_id": "many2one",
    "name": "char",
    "quantity": "float",
    "price_unit": "float",
    "discount": "float",
    "price_subtotal": "monetary",
    "price_total": "monetary",
    "balance": "monetary",
    "tax_ids": "many2many",
    "product_uom_id": "many2one",
    "partner_id": "many2one",
    "currency_id": "many2one",
    "company_id": "many2one",
    "write_date": "datetime",
}
MOVE_FIELDS = {
    "name": "char",
    "move_type": "selection",
    "state": "selection",
    "date": "date",
    "invoice_date": "date",
    "partner_id": "many2one",
    "invoice_user_id": "many2one",
    "currency_id": "many2one",
    "company_id": "many2one",
    "amount_untaxed": "monetary",
    "amount_tax": "monetary",
    "amount_total": "monetary",
    "amount_untaxed_signed": "monetary",
    "amount_total_signed": "monetary",
    "reversed_entry_id": "many2one",
    "create_date": "datetime",
    "write_date": "datetime",
}


def account_tables(
    prefix: str, move_types: tuple[str, ...], exclude_pos: bool
) -> tuple[RawTable, RawTable]:
    """Raw tables `<prefix>_lines` and `<prefix>_moves` for posted moves of these types."""

    def moves(path: str) -> Callable[[Scope], Domain]:
        def domain(scope: Scope) -> Domain:
            p = f"{path}." if path else ""
            out: Domain = [
                (f"{p}date", "=", scope.day.isoformat()),  # type: ignore[union-attr]
                (f"{p}state", "=", "posted"),
                (f"{p}move_type", "in", list(move_types)),
                *scope.company(f"{p}company_id"),
            ]
            if exclude_pos:
                # invoiced POS orders are counted from pos.order: never twice (odoo-api.md)
                out.append((f"{p}pos_order_ids", "=", False))
            return out

        return domain

    def lines(scope: Scope) -> Domain:
        return [("display_type", "=", "product"), *moves("move_id")(scope)]

    return (
        RawTable(f"{prefix}_lines", "account.move.line", LINE_FIELDS, lines),
        RawTable(f"{prefix}_moves", "account.move", MOVE_FIELDS, moves("")),
    )
