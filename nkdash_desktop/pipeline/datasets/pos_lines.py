"""POS sales: orders in the valid states of the server's version, their lines and payments.
Day key: `date_order` in the company's timezone."""

from __future__ import annotations

from nkdash_desktop.pipeline.datasets.base import ChangeSweep, Dataset, Domain, RawTable, Scope


def _orders(scope: Scope, prefix: str = "") -> Domain:
    return [
        *scope.datetime_in_day(f"{prefix}date_order"),
        (f"{prefix}state", "in", list(scope.version.pos_valid_states)),
        *scope.company(f"{prefix}company_id"),
    ]


DATASET = Dataset(
    name="pos_lines",
    aliases=("pos",),
    description="POS orders, order lines and payments",
    # an order's write_date moves when it is paid, cancelled, refunded or invoiced
    changes=ChangeSweep("pos.order", "date_order", "datetime", "pos_lines", "order_id"),
    tables=(
        RawTable(
            "pos_orders",
            "pos.order",
            {
                "name": "char",
                "pos_reference": "char",
                "date_order": "datetime",
                "state": "selection",
                "partner_id": "many2one",
                "user_id": "many2one",
                "employee_id": "many2one",
                "session_id": "many2one",
                "config_id": "many2one",
                "company_id": "many2one",
                "currency_id": "many2one",
                "amount_total": "monetary",
                "amount_tax": "monetary",
                "amount_paid": "monetary",
                "amount_return": "monetary",
                "account_move": "many2one",
                "is_refund": "boolean",
                "write_date": "datetime",
            },
            _orders,
            optional=frozenset({"employee_id", "is_refund", "currency_id"}),
        ),
        RawTable(
            "pos_order_lines",
            "pos.order.line",
            {
                "order_id": "many2one",
                "product_id": "many2one",
                "full_product_name": "char",
                "qty": "float",
                "price_unit": "float",
                "discount": "float",
                "price_subtotal": "monetary",
                "price_subtotal_incl": "monetary",
                "tax_ids": "many2many",
                "total_cost": "float",
                "refunded_orderline_id": "many2one",
                "company_id": "many2one",
                "write_date": "datetime",
            },
            lambda scope: _orders(scope, "order_id."),
        ),
        RawTable(
            "pos_payments",
            "pos.payment",
            {
                "pos_order_id": "many2one",
                "amount": "monetary",
                "payment_method_id": "many2one",
                "payment_date": "datetime",
                "is_change": "boolean",
                "session_id": "many2one",
                "company_id": "many2one",
                "write_date": "datetime",
            },
            lambda scope: _orders(scope, "pos_order_id."),
            optional=frozenset({"is_change"}),
        ),
    ),
)
