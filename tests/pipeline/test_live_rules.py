"""Live today (pipeline/live.py) on the in-memory FakeOdoo: which orders and invoice lines
make a company's live figures, each rule on a few records. The demo end-to-end checks stay in
tests/ui/test_live.py and tests/kpi/test_freshness_live_periods.py."""

from __future__ import annotations

from datetime import date

import pytest
from odoo_fake import FakeOdoo

from nkdash_desktop.pipeline.live import live_today

TZ = "Asia/Jakarta"  # UTC+7
DAY = date(2026, 1, 15)


@pytest.fixture(params=[16, 19])
def odoo(request):
    fake = FakeOdoo(request.param, timezone=TZ)
    yield fake
    fake.shut()


def order(odoo: FakeOdoo, when: str, total: float, state: str = "paid", company: int = 1) -> int:
    """An order whose tax is a tenth of its total (Odoo's amount_tax, rounded per order)."""
    vals = {"name": when, "date_order": when, "amount_total": total,
            "amount_tax": round(total / 10, 2), "state": state}  # fmt: skip
    return odoo.create("pos.order", {**vals, "company_id": company})


def invoice(odoo: FakeOdoo, move_type: str, total: float, company: int = 1) -> int:
    move = odoo.create(
        "account.move",
        {"name": f"{move_type} {total}", "move_type": move_type, "state": "posted",
         "date": DAY.isoformat(), "company_id": company},
    )  # fmt: skip
    # balance: company currency, a credit (negative) on an invoice, a debit on a credit note
    credit = -1 if move_type in ("out_invoice", "in_refund") else 1
    odoo.create(
        "account.move.line",
        {"move_id": move, "display_type": "product", "quantity": 1, "price_unit": total,
         "price_total": total, "price_subtotal": total - 1, "balance": credit * (total - 1),
         "company_id": company},
    )  # fmt: skip
    return move


def figures(frame) -> dict[int, dict]:
    return {row.pop("company_id"): row for row in frame.drop("day", "fetched_at").to_dicts()}


def test_valid_orders_and_invoices_minus_credit_notes_per_company(odoo):
    order(odoo, "2026-01-14 20:00:00", 100.0)  # 03:00 on the 15th in Jakarta
    order(odoo, "2026-01-15 02:00:00", 50.0, state="done")
    order(odoo, "2026-01-15 02:30:00", 70.0, state="cancel")  # not a sale
    order(odoo, "2026-01-15 18:00:00", 40.0)  # 01:00 on the 16th: tomorrow's
    order(odoo, "2026-01-15 03:00:00", 7.5, company=2)
    invoice(odoo, "out_invoice", 30.0)
    invoice(odoo, "out_refund", 10.0)  # Odoo keeps a credit note's amounts positive
    invoice(odoo, "in_invoice", 999.0)  # a vendor bill is no sale
    assert figures(live_today(odoo, DAY, company_ids=[1, 2])) == {
        # tax: the orders' amount_tax (10 + 5) plus the invoice's 1 less the credit note's 1
        1: {"revenue": 170.0, "tax": 15.0, "transactions": 4, "pos_revenue": 150.0,
            "pos_orders": 2, "invoice_revenue": 20.0, "invoices": 2},
        2: {"revenue": 7.5, "tax": 0.75, "transactions": 1, "pos_revenue": 7.5, "pos_orders": 1,
            "invoice_revenue": 0.0, "invoices": 0},
    }  # fmt: skip


def test_an_invoiced_pos_order_counts_once(odoo):
    move = invoice(odoo, "out_invoice", 25.0)
    state = "invoiced" if odoo.version <= 18 else "done"
    sold = order(odoo, "2026-01-15 04:00:00", 25.0, state=state)
    odoo.write("pos.order", [sold], {"account_move": move})
    assert figures(live_today(odoo, DAY, company_ids=[1]))[1]["revenue"] == 25.0


def test_one_company_asked_and_a_day_without_sales(odoo):
    order(odoo, "2026-01-15 03:00:00", 7.5, company=2)
    order(odoo, "2026-01-15 03:00:00", 9.0, company=1)
    assert list(figures(live_today(odoo, DAY, 2))) == [2]
    quiet = live_today(odoo, date(2026, 1, 20), 1)
    assert figures(quiet) == {1: {"revenue": 0.0, "tax": 0.0, "transactions": 0,
                                  "pos_revenue": 0.0, "pos_orders": 0, "invoice_revenue": 0.0,
                                  "invoices": 0}}  # fmt: skip
