"""The demo Odoo's currencies as real Odoo keeps them: res.currency.rate rows per company and
date, a rate that moves within the history, foreign-currency invoices and bills posted at the
rate of their date, and an edited dollar invoice posted again (tax lines, payment term, the
*_signed totals in company currency) as Odoo 16 and 17+ post it. The expected amounts are
computed here from the rules, not by the demo's code."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.odoo import OdooClient, OdooConnection

END = date(2026, 1, 10)
NOW = datetime(2026, 1, 11, 3, 0)
KEY = "nkdash-demo-admin-key"
PERCENT = {1: 0.11, 2: 0.11, 3: 0.0, 4: 0.12}  # the demo's sale taxes (catalogue.TAXES)


def cent(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@pytest.fixture(scope="module", params=[16, 19])
def odoo(request) -> Iterator[tuple[DemoOdoo, OdooClient]]:
    config = DemoConfig(days=60, flavour=request.param, end_date=END, now=NOW)
    with (
        DemoOdoo(config, port=0).start() as srv,
        OdooClient(OdooConnection(srv.url, srv.db, "admin"), KEY).connect() as client,
    ):
        yield srv, client


def rates(client: OdooClient, company: int) -> list[tuple[str, float]]:
    rows = client.search_read(
        "res.currency.rate", [("company_id", "=", company)], ["name", "rate", "currency_id"],
        order="name asc",
    )  # fmt: skip
    return [(r["name"], r["rate"]) for r in rows]


def rate_on(table: list[tuple[str, float]], day: str) -> float:
    return [rate for name, rate in table if name <= day][-1]


def dollar_moves(client: OdooClient) -> list[dict[str, Any]]:
    return client.search_read(
        "account.move",
        [("company_id", "=", 1), ("currency_id", "=", 2), ("state", "=", "posted")],
        ["move_type", "invoice_date", "amount_untaxed_signed", "amount_tax_signed",
         "amount_total_signed", "amount_total", "write_date"],
        context={"allowed_company_ids": [1]},
    )  # fmt: skip


def lines_of(client: OdooClient, move: int) -> list[dict[str, Any]]:
    return client.search_read(
        "account.move.line", [("move_id", "=", move)],
        ["display_type", "amount_currency", "balance", "price_subtotal", "price_total",
         "tax_line_id", "tax_ids"], order="id asc", context={"allowed_company_ids": [1]},
    )  # fmt: skip


def test_rates_by_company_and_date_move_within_the_history(odoo):
    _, client = odoo
    rupiah_company = rates(client, 1)
    assert len(rupiah_company) >= 8 and rupiah_company[0][0] < "2025-11-12"  # before the start
    idr_per_usd = {round(1 / rate, 2) for _, rate in rupiah_company}
    assert len(idr_per_usd) > 4 and max(idr_per_usd) - min(idr_per_usd) > 100
    assert any(x != round(x) for x in idr_per_usd)  # cents, as a bank feed's
    # the dollar company keeps the rupiah's rate: units of rupiah per dollar
    dollar_company = rates(client, 2)
    assert [round(r, 2) for _, r in dollar_company] == [round(1 / r, 2) for _, r in rupiah_company]


def test_dollar_documents_are_posted_at_the_rate_of_their_date(odoo):
    _, client = odoo
    table = rates(client, 1)
    moves = dollar_moves(client)
    assert {m["move_type"] for m in moves} >= {"out_invoice", "in_invoice"}
    used = set()
    for move in moves:
        rate = rate_on(table, move["invoice_date"])
        used.add(rate)
        lines = lines_of(client, move["id"])
        products = [line for line in lines if line["display_type"] == "product"]
        for line in products:
            assert line["balance"] == cent(line["amount_currency"] / rate)
        assert move["amount_untaxed_signed"] == cent(-sum(p["balance"] for p in products))
        taxes = [line for line in lines if line["display_type"] == "tax"]
        assert move["amount_tax_signed"] == cent(-sum(t["balance"] for t in taxes))
        assert abs(sum(line["balance"] for line in lines)) < 0.005
    assert len(used) > 1  # the rate changed within the history


def test_an_edited_dollar_invoice_is_posted_again_in_company_currency(odoo):
    srv, client = odoo
    version = srv.data.flavour.version
    table = rates(client, 1)
    move = next(m for m in dollar_moves(client) if m["move_type"] == "out_invoice")
    product = next(ln for ln in lines_of(client, move["id"]) if ln["display_type"] == "product")
    srv.clock = lambda: datetime(2026, 1, 11, 4, 0)
    srv.write("account.move.line", [product["id"]], {"price_unit": 37.37, "quantity": 7})
    (after,) = [m for m in dollar_moves(client) if m["id"] == move["id"]]
    lines = lines_of(client, move["id"])
    products = [ln for ln in lines if ln["display_type"] == "product"]
    assert any(ln["price_subtotal"] == cent(37.37 * 7) for ln in products)
    rate = rate_on(table, move["invoice_date"])
    # product lines: the signed subtotal at the rate, line by line
    for ln in products:
        assert ln["amount_currency"] == -ln["price_subtotal"]
        assert ln["balance"] == cent(ln["amount_currency"] / rate)
    # tax lines: the tax of each base line, rounded once per tax (round_globally); in company
    # currency at each base line's own posted rate (16) or at the move's rate (17+)
    tax_currency: dict[int, float] = defaultdict(float)
    tax_company: dict[int, float] = defaultdict(float)
    for ln in products:
        for tax in ln["tax_ids"]:
            amount = ln["amount_currency"] * PERCENT[tax]
            tax_currency[tax] += amount
            own_rate = ln["balance"] / ln["amount_currency"] if version == 16 else 1 / rate
            tax_company[tax] += amount * own_rate
    taxes = {ln["tax_line_id"][0]: ln for ln in lines if ln["display_type"] == "tax"}
    assert set(taxes) == {t for t, v in tax_currency.items() if v}
    for tax, line in taxes.items():
        assert line["amount_currency"] == cent(tax_currency[tax])
        assert line["balance"] == cent(tax_company[tax])
    (term,) = [ln for ln in lines if ln["display_type"] == "payment_term"]
    assert term["balance"] == cent(-sum(ln["balance"] for ln in lines if ln is not term))
    assert after["amount_untaxed_signed"] == cent(-sum(ln["balance"] for ln in products))
    assert after["amount_tax_signed"] == cent(-sum(t["balance"] for t in taxes.values()))
    assert after["amount_total_signed"] == cent(
        after["amount_untaxed_signed"] + after["amount_tax_signed"]
    )
    assert after["amount_total_signed"] != move["amount_total_signed"]
    assert after["write_date"] == "2026-01-11 04:00:00"
    # the company total is not the document total at the rate, to the cent, on every edit:
    # each line and tax line was rounded in company currency on its own
    assert after["amount_total"] == cent(
        sum(ln["price_subtotal"] for ln in products)
        + sum(-t["amount_currency"] for t in taxes.values())
    )
