"""Odoo's own totals for one business day, the other yardstick of validation: summed by Odoo
(grouped_totals: read_group / formatted_read_group) over the same records the datasets
extract, selected with the datasets' own domains. Asked for one company at a time, with that
company in the context (`allowed_company_ids`): without it Odoo answers for the user's default
company only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.datasets.base import Domain, Scope
from nkdash_desktop.datasets.invoice_sales import ODOO_REVENUE_FIELDS, odoo_revenue
from nkdash_desktop.odoo.reader import OdooReader


@dataclass(frozen=True)
class _Asking:
    """The client, and the context that selects the company asked about."""

    client: OdooReader
    context: dict[str, Any] | None


@dataclass(frozen=True)
class OdooTotal:
    """A total Odoo computed for the day: documents or lines counted, and summed fields."""

    name: str
    count: int
    sums: dict[str, float]


def _domain(dataset: str, table: str, scope: Scope) -> Domain:
    spec = next(t for t in DATASETS[dataset].tables if t.name == table)
    return spec.domain(scope)


def _total(
    ask: _Asking, name: str, model: str, domain: Domain, day_field: str, fields: list[str], day
) -> OdooTotal:
    totals = ask.client.grouped_totals(model, domain, day_field, fields, context=ask.context)
    rows = [r for r in totals if r["day"] == day]
    return OdooTotal(
        name,
        sum(r["count"] for r in rows),
        {f: sum(r[f] for r in rows) for f in fields},
    )


def _signed(plus: OdooTotal, minus: OdooTotal, name: str) -> OdooTotal:
    """Invoices minus credit notes (Odoo keeps a credit note's amounts positive)."""
    sums = {f: plus.sums[f] - minus.sums[f] for f in plus.sums}
    return OdooTotal(name, plus.count + minus.count, sums)


def _move_lines(
    ask: _Asking, scope: Scope, dataset: str, table: str, types: tuple[str, str], extra: Domain
) -> OdooTotal:
    fields = ["price_subtotal", "price_total", "quantity"]
    parts = [
        _total(
            ask,
            move_type,
            "account.move.line",
            [*_domain(dataset, table, scope), ("move_id.move_type", "=", move_type), *extra],
            "date",
            fields,
            scope.day,
        )
        for move_type in types
    ]
    return _signed(parts[0], parts[1], dataset)


def _invoice_revenue(ask: _Asking, scope: Scope) -> OdooTotal:
    """Customer invoices minus credit notes in the company currency, as Odoo posted them
    (amount_untaxed_signed, amount_total_signed): `revenue_tax_ex`, `revenue_tax_in`; counted
    in invoices."""
    rows = ask.client.grouped_totals(
        "account.move",
        _domain("invoice_sales", "invoice_moves", scope),
        "date",
        list(ODOO_REVENUE_FIELDS),
        ["company_id"],
        context=ask.context,
    )
    moves = odoo_revenue([r for r in rows if r["day"] == scope.day])
    return OdooTotal(
        "invoice_sales_company_currency",
        int(moves["invoices"].sum()),
        {c: float(moves[c].sum()) for c in ("revenue_tax_ex", "revenue_tax_in")},
    )


def odoo_totals(
    client: OdooReader, day: date, timezone: str, company_id: int | None = None
) -> dict[str, OdooTotal]:
    """The day's totals by name: `pos` (valid POS orders: amount_total, amount_tax), `invoice_sales`
    (customer invoice product lines minus credit notes: price_subtotal, price_total,
    quantity, each in the invoice's currency), `invoice_revenue` (the same lines' revenue in
    the company currency), `purchases` (vendor bill product lines minus refunds: same fields),
    `cost_lines` (vendor bill lines with a quantity and an amount above 0: the lines that
    make cost events)."""
    scope = Scope(day, timezone, client.odoo_version, company_id)
    ask = _Asking(client, {"allowed_company_ids": [company_id]} if company_id else None)
    pos = _total(
        ask,
        "pos",
        "pos.order",
        _domain("pos_lines", "pos_orders", scope),
        "date_order",
        ["amount_total", "amount_tax"],
        day,
    )
    invoices = _move_lines(
        ask, scope, "invoice_sales", "invoice_lines", ("out_invoice", "out_refund"), []
    )
    purchases = _move_lines(
        ask, scope, "purchases", "purchase_lines", ("in_invoice", "in_refund"), []
    )
    cost_domain = [
        *_domain("purchases", "purchase_lines", scope),
        ("move_id.move_type", "=", "in_invoice"),
        ("quantity", ">", 0),
        ("price_subtotal", ">", 0),
        ("product_id", "!=", False),
    ]
    fields = ["price_subtotal", "price_total", "quantity"]
    costs = _total(ask, "cost_lines", "account.move.line", cost_domain, "date", fields, day)
    revenue = _invoice_revenue(ask, scope)
    return {
        "pos": pos,
        "invoice_sales": invoices,
        "invoice_revenue": revenue,
        "purchases": purchases,
        "cost_lines": costs,
    }
