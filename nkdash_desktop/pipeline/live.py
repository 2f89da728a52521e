"""Today's sales computed live by Odoo itself, while the lake holds days up to yesterday.

Odoo's own grouped totals (read_group / formatted_read_group) over the same domains the
datasets extract with: POS orders in valid states (amount_total, amount_tax, count) and the
posted customer invoices not coming from the POS (amount_untaxed_signed and amount_total_signed:
the company currency, as Odoo posted them and as the lake's invoice lines add up; credit notes
are signed already). Two small requests, cheap enough to repeat every few minutes.
Totals come per company, each in its own currency (kpi.live.live_summary adds up only companies
of one currency). Odoo is asked for the companies wanted (context `allowed_company_ids`), not
only the user's default company.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import polars as pl

from nkdash_desktop import clock
from nkdash_desktop.datasets import DATASETS, Scope
from nkdash_desktop.datasets.invoice_sales import ODOO_REVENUE_FIELDS, odoo_revenue
from nkdash_desktop.kpi.live import LIVE_SCHEMA
from nkdash_desktop.odoo.reader import OdooReader


def live_today(
    client: OdooReader, day: date, company_id: int | None = None, *, company_ids: Sequence[int] = ()
) -> pl.DataFrame:
    """One row per company with sales on `day`: revenue (tax in, in the company's currency),
    transactions, and their POS and invoice parts, as Odoo sums them now. `client` is a
    connected OdooReader; `company_ids`: the companies asked about when `company_id` is None
    (all the lake's companies), else the connection's company."""
    asked = [company_id] if company_id is not None else list(company_ids)
    context = {"allowed_company_ids": asked} if asked else None
    scope = Scope(day, client.connection.timezone, client.odoo_version, company_id)
    orders = DATASETS["pos_lines"].header_table
    pos = client.grouped_totals(
        orders.model, orders.domain(scope), "date_order", ["amount_total", "amount_tax"],
        ["company_id"], context=context, site="live.pos",
    )  # fmt: skip
    moves = next(t for t in DATASETS["invoice_sales"].tables if t.name == "invoice_moves")
    rows: dict[int, dict[str, Any]] = {}

    def company(cid: int) -> dict[str, Any]:
        empty = {"pos_revenue": 0.0, "pos_orders": 0, "invoice_revenue": 0.0, "invoices": 0,
                 "tax": 0.0}  # fmt: skip
        return rows.setdefault(cid, empty)

    for row in pos:
        part = company(row["company_id"])
        part["pos_revenue"] += row["amount_total"]
        part["tax"] += row["amount_tax"]
        part["pos_orders"] += row["count"]
    per_company = client.grouped_totals(
        moves.model, moves.domain(scope), "date", list(ODOO_REVENUE_FIELDS), ["company_id"],
        context=context, site="live.invoices",
    )  # fmt: skip
    # in the company's currency, as the lake counts them: a dollar invoice of a rupiah company
    # adds rupiah
    for row in odoo_revenue(per_company).iter_rows(named=True):
        part = company(row["company_id"])
        part["invoice_revenue"] += row["revenue_tax_in"]
        part["tax"] += row["revenue_tax_in"] - row["revenue_tax_ex"]
        part["invoices"] += row["invoices"]
    fetched = clock.now()
    out = [
        {
            "day": day,
            "company_id": cid,
            "revenue": part["pos_revenue"] + part["invoice_revenue"],
            "tax": part["tax"],
            "transactions": part["pos_orders"] + part["invoices"],
            "pos_revenue": part["pos_revenue"],
            "pos_orders": part["pos_orders"],
            "invoice_revenue": part["invoice_revenue"],
            "invoices": part["invoices"],
            "fetched_at": fetched,
        }
        for cid, part in sorted(rows.items())
    ]
    if not out:  # no sale yet today: one empty row, so the day and the time are known
        zero = {k: 0 for k in ("revenue", "tax", "transactions", "pos_revenue", "pos_orders")}
        zero |= {"invoice_revenue": 0.0, "invoices": 0}
        out = [{"day": day, "company_id": company_id, **zero, "fetched_at": fetched}]
    return pl.DataFrame(out, schema=LIVE_SCHEMA)
