"""Today's sales computed live by Odoo itself, while the lake holds days up to yesterday.

Odoo's own grouped totals (read_group / formatted_read_group) over the same domains the
datasets extract with: POS orders in valid states (amount_total, count) and the product lines of
posted customer invoices not coming from the POS (price_total; credit notes subtract, as Odoo
keeps their amounts positive). Three small requests, cheap enough to repeat every few minutes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import polars as pl

from nkdash_desktop.kpi.live import LIVE_SCHEMA
from nkdash_desktop.pipeline.datasets import DATASETS, Scope

_SIGN = {"out_invoice": 1.0, "out_refund": -1.0}


def live_today(client: Any, day: date, company_id: int | None = None) -> pl.DataFrame:
    """One row for `day`: revenue (tax in), transactions, and their POS and invoice parts, as
    Odoo sums them now. `client` is a connected OdooClient."""
    scope = Scope(day, client.connection.timezone, client.odoo_version, company_id)
    orders = DATASETS["pos_lines"].tables[0]
    pos = client.grouped_totals(
        orders.model, orders.domain(scope), "date_order", ["amount_total"], site="live.pos"
    )
    lines = DATASETS["invoice_sales"].tables[0]
    invoice_revenue, invoices = 0.0, 0
    for move_type, sign in _SIGN.items():
        domain = [*lines.domain(scope), ("move_id.move_type", "=", move_type)]
        per_move = client.grouped_totals(
            lines.model, domain, "date", ["price_total"], ["move_id"], site="live.invoices"
        )
        invoice_revenue += sign * sum(row["price_total"] for row in per_move)
        invoices += len({row["move_id"] for row in per_move})
    pos_revenue = sum(row["amount_total"] for row in pos)
    pos_orders = sum(row["count"] for row in pos)
    row = {
        "day": day,
        "revenue": pos_revenue + invoice_revenue,
        "transactions": pos_orders + invoices,
        "pos_revenue": pos_revenue,
        "pos_orders": pos_orders,
        "invoice_revenue": invoice_revenue,
        "invoices": invoices,
        "fetched_at": datetime.now(UTC),
    }
    return pl.DataFrame([row], schema=LIVE_SCHEMA)
