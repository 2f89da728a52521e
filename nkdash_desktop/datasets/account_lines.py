"""What invoice sales and purchases share: posted invoice product lines and their moves, by
accounting date (already a local day), and their cleaning: lines joined to their moves, signed
by move type (Odoo keeps credit note and vendor refund quantities positive)."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from nkdash_desktop.datasets.base import Domain, RawDay, RawTable, Scope
from nkdash_desktop.datasets.frames import keep_day, latest_by_id, odoo_date, weekday

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
        # what the move's lines add up to in the company currency with taxes, signed as Odoo
        # signs it (credits positive: with_tax_in_company_currency)
        move_total_signed=pl.col("amount_total_signed"),
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


def posted_rate(document_amount: pl.Expr, company_amount: pl.Expr) -> pl.Expr:
    """The rate Odoo posted a line at: its company-currency amount (balance) over its
    document-currency amount; 1 where either is unknown or the document amount is 0. Exactly
    1 for a line in its company's currency (Odoo rounds both amounts alike)."""
    return (
        pl.when((document_amount != 0) & company_amount.is_not_null())
        .then(company_amount / document_amount)
        .otherwise(1.0)
    )


def with_tax_in_company_currency(
    untaxed: str, document_untaxed: str, document_total: str, move_total: pl.Expr
) -> pl.Expr:
    """Each line's total with taxes in the company currency, signed like `untaxed` (its
    company-currency amount without taxes), such that a move's lines add up to `move_total`
    (Odoo's amount_total_signed, signed like `untaxed`) to the cent.

    Odoo converts and rounds each tax line on its own (16 at each base line's posted rate,
    17+ at the move's rate) and rounds a tax once per move under round_globally: a move's
    price_total at any rate is not its company-currency total. So the move's tax as Odoo
    posted it (`move_total` minus its product lines' untaxed amounts) is shared over its lines
    by their own tax in the document's currency (`document_total` - `document_untaxed`); by
    their untaxed amount when the move has no tax, evenly when it has no amount either."""
    move = "move_id"
    ex = pl.col(untaxed)
    own_tax = pl.col(document_total) - pl.col(document_untaxed)
    posted_tax = move_total - ex.sum().over(move)
    share = (
        pl.when(own_tax.sum().over(move) != 0)
        .then(own_tax / own_tax.sum().over(move))
        .when(ex.sum().over(move) != 0)
        .then(ex / ex.sum().over(move))
        .otherwise(1.0 / pl.len().over(move))
    )
    return ex + posted_tax * share
