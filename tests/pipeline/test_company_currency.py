"""Company-currency figures equal Odoo's own, to the cent, on Odoo 16 (XML-RPC through odoorpc)
and 19 (JSON-2), with the demo's dollar invoices and bills posted at a rate that moves by date:
per day and company, the lake's invoice revenue without and with taxes equals the sum of
Odoo's amount_untaxed_signed and amount_total_signed, the revenue and tax cards equal Odoo's
POS order totals plus those, and the bills' spend without and with taxes equals their
amount_untaxed_signed and amount_total_signed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pytest

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.kpi.totals import document_totals
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.pipeline.clean import clean_day, clean_dimensions
from nkdash_desktop.pipeline.days import day_range
from nkdash_desktop.pipeline.extract import Extractor
from nkdash_desktop.pipeline.load import load_days, load_dimensions
from tests.odoo_equality import CENT, companies, odoo_days

TZ = "Asia/Jakarta"
END = date(2026, 1, 10)
NOW = datetime(2026, 1, 11, 3, 0)
FIRST = date(2025, 11, 22)
DAYS = list(day_range(FIRST, END))
KEY = "nkdash-demo-admin-key"
READ = ("pos_lines", "invoice_sales", "purchases")
SALES = [("move_type", "in", ["out_invoice", "out_refund"]), ("pos_order_ids", "=", False)]
BILLS = [("move_type", "in", ["in_invoice", "in_refund"])]
SIGNED = ["amount_untaxed_signed", "amount_tax_signed", "amount_total_signed"]


@dataclass
class Shop:
    con: duckdb.DuckDBPyConnection
    client: OdooClient


@pytest.fixture(scope="module", params=[16, 19])
def shop(request, tmp_path_factory) -> Iterator[Shop]:
    """A lake of POS orders, invoices and bills read from a demo Odoo of each flavour."""
    config = DemoConfig(days=len(DAYS) + 2, flavour=request.param, end_date=END, now=NOW)
    layout = LakeLayout(tmp_path_factory.mktemp(f"odoo{request.param}"))
    with DemoOdoo(config, port=0).start() as srv:
        conn = OdooConnection(srv.url, srv.db, "admin", timezone=TZ)
        with OdooClient(conn, KEY).connect() as client:
            extractor = Extractor(client, layout, timezone=TZ)
            extractor.extract(DATASETS["dimensions"], None)
            for name in READ:
                for day in DAYS:
                    extractor.extract(DATASETS[name], day)
            clean_dimensions(layout)
            load_dimensions(layout)
            for name in READ:
                for day in DAYS:
                    clean_day(layout, DATASETS[name], day, TZ)
                load_days(layout, DATASETS[name], DAYS)
            with open_catalog(layout.root) as con:
                yield Shop(con, client)


def odoo_moves(shop: Shop, company: int, domain: list) -> dict[date, dict[str, float]]:
    return odoo_days(shop.client, company, "account.move", [("state", "=", "posted"), *domain],
                     "date", SIGNED, FIRST, END, False, TZ)  # fmt: skip


def off(got: float | None, expected: float) -> bool:
    return got is None or abs(got - expected) > CENT


def test_the_demo_posts_dollar_documents_at_moving_rates(shop):
    rates = shop.client.search_read("res.currency.rate", [("company_id", "=", 1)], ["rate"])
    assert len({round(1 / r["rate"], 2) for r in rates}) > 4
    dollars = shop.client.search_read(
        "account.move", [("company_id", "=", 1), ("currency_id.name", "=", "USD"),
                         ("state", "=", "posted"), ("date", ">=", FIRST.isoformat())],
        ["move_type"], context={"allowed_company_ids": [1]},
    )  # fmt: skip
    assert {m["move_type"] for m in dollars} >= {"out_invoice", "in_invoice"}


def signed_differences(shop: Shop, domain: list, sql: str, sign: float) -> list[str]:
    """Each day and company where the lake's (tax excluded, tax included) sums in company
    currency (`sql`, grouped by day for one company) differ from Odoo's `_signed` totals of
    the moves in `domain`, times `sign`."""
    problems = []
    for company in companies(shop.client):
        odoo = odoo_moves(shop, company, domain)
        lake = {day: (ex, inc) for day, ex, inc in shop.con.execute(sql, [company]).fetchall()}
        assert odoo, f"company {company} has no such moves in Odoo"
        for day in sorted(set(odoo) | set(lake)):
            ex, inc = lake.get(day, (None, None))
            o = odoo.get(day, dict.fromkeys(SIGNED, 0.0))
            if off(ex, sign * o["amount_untaxed_signed"]) or off(
                inc, sign * o["amount_total_signed"]
            ):
                problems.append(f"{company} {day}: lake {ex} / {inc}, Odoo "
                                f"{o['amount_untaxed_signed']} / {o['amount_total_signed']}")  # fmt: skip
    return problems


def test_invoice_revenue_per_day_and_company_equals_odoos_signed_totals(shop):
    problems = signed_differences(
        shop,
        SALES,
        "SELECT day, sum(revenue_tax_ex), sum(revenue_tax_in) FROM fact_invoice_sales "
        "WHERE company_id = ? GROUP BY day",
        1.0,
    )
    assert not problems, f"{len(problems)} days differ, e.g.:\n" + "\n".join(problems[:10])


def test_revenue_and_tax_cards_equal_odoos_documents(shop):
    problems = []
    for company in companies(shop.client):
        pos = odoo_days(shop.client, company, "pos.order",
                        [("state", "in", list(shop.client.odoo_version.pos_valid_states))],
                        "date_order", ["amount_total", "amount_tax"], FIRST, END, True, TZ)  # fmt: skip
        moves = odoo_moves(shop, company, SALES)
        cards = document_totals(shop.con, FIRST, END, company)
        assert len(cards) > 0
        for row in cards.iter_rows(named=True):
            p = pos.get(row["day"], {"amount_total": 0.0, "amount_tax": 0.0})
            m = moves.get(row["day"], dict.fromkeys(SIGNED, 0.0))
            revenue = p["amount_total"] + m["amount_total_signed"]
            tax = p["amount_tax"] + m["amount_tax_signed"]
            if off(row["revenue"], revenue) or off(row["tax"], tax):
                problems.append(f"{company} {row['day']}: cards {row['revenue']} / {row['tax']}, "
                                f"Odoo {revenue} / {tax}")  # fmt: skip
    assert not problems, f"{len(problems)} days differ, e.g.:\n" + "\n".join(problems[:10])


def test_bill_spend_per_day_and_company_equals_odoos_signed_totals(shop):
    problems = signed_differences(  # Odoo signs a bill's amounts negative (a debit)
        shop,
        BILLS,
        "SELECT day, sum(amount_company_currency), sum(amount_company_currency_tax_in) "
        "FROM fact_purchases WHERE company_id = ? GROUP BY day",
        -1.0,
    )
    assert not problems, f"{len(problems)} days differ, e.g.:\n" + "\n".join(problems[:10])
