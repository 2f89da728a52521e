"""The payments dataset against the demo Odoo over real HTTP, on Odoo 16 and 19: pos.payment
extracted, cleaned and loaded; per order, and per day and company, the payments add up to
Odoo's order totals to the cent (refunds and the dollar company's cents included)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import polars as pl
import pytest

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.kpi.sql import frame
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import CLEAN, LakeLayout
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.pipeline.clean import clean_day, clean_dimensions
from nkdash_desktop.pipeline.days import day_range, local_day
from nkdash_desktop.pipeline.extract import Extractor
from nkdash_desktop.pipeline.load import load_days, load_dimensions
from nkdash_desktop.pipeline.sync import backfill, sync
from tests.pipeline.test_runner import context

TZ = "Asia/Jakarta"
END = date(2026, 1, 10)
NOW = datetime(2026, 1, 11, 3, 0)
DAYS = list(day_range(date(2025, 12, 28), END))
KEY = "nkdash-demo-admin-key"
PAYMENTS, POS = DATASETS["payments"], DATASETS["pos_lines"]
DUO = ["pos_lines", "payments"]  # the two datasets that read a day's pos.payment


def cents(value: float) -> int:
    return round(value * 100)


@dataclass
class Shop:
    con: duckdb.DuckDBPyConnection
    odoo: pl.DataFrame  # every order Odoo holds
    server: DemoOdoo
    layout: LakeLayout


@pytest.fixture(scope="module", params=[16, 19])
def shop(request, tmp_path_factory):
    """A lake of POS orders and payments read from a demo Odoo of each flavour."""
    config = DemoConfig(days=40, flavour=request.param, end_date=END, now=NOW)
    layout = LakeLayout(tmp_path_factory.mktemp(f"odoo{request.param}"))
    with DemoOdoo(config, port=0).start() as srv:
        conn = OdooConnection(srv.url, srv.db, "admin")
        with OdooClient(conn, KEY).connect() as client:
            extractor = Extractor(client, layout, timezone=TZ)
            extractor.extract(DATASETS["dimensions"], None)
            for dataset in (POS, PAYMENTS):
                for day in DAYS:
                    extractor.extract(dataset, day)
            odoo = _odoo_orders(client)
        clean_dimensions(layout)
        load_dimensions(layout)
        for dataset in (POS, PAYMENTS):
            for day in DAYS:
                clean_day(layout, dataset, day, TZ)
            load_days(layout, dataset, DAYS)
        with open_catalog(layout.root) as con:
            yield Shop(con, odoo, srv, layout)


def _odoo_orders(client) -> pl.DataFrame:
    """Every order Odoo holds with its state, company and total, read as Odoo answers."""
    rows = []
    for page in client.search_read_pages(
        "pos.order", [], ["amount_total", "state", "date_order"], site="test"
    ):
        rows += [
            {"order_id": r["id"], "state": r["state"], "day": local_day(r["date_order"], TZ),
             "amount_total": r["amount_total"]}
            for r in page
        ]  # fmt: skip
    return pl.DataFrame(rows)


def test_every_valid_order_is_paid_exactly_its_total(shop):
    con, odoo = shop.con, shop.odoo
    paid = frame(
        con,
        "SELECT order_id, sum(amount) AS paid, count(*) AS payments FROM fact_payments GROUP BY 1",
    )
    orders = frame(con, "SELECT order_id, amount_total FROM fact_pos_orders")
    both = orders.join(paid, on="order_id", how="full", coalesce=True)
    assert both.height == orders.height, "a payment of an order the lake does not hold"
    assert both["paid"].null_count() == 0, "a valid order without payments"
    wrong = both.filter(
        pl.col("paid").map_elements(cents, pl.Int64)
        != pl.col("amount_total").map_elements(cents, pl.Int64)
    )
    assert wrong.height == 0, wrong.head()
    # the demo has what makes it hard: refunds paid back, change given, dollars with cents
    assert (both["amount_total"] < 0).any()
    assert frame(con, "SELECT count(*) FROM fact_payments WHERE is_change").item() > 0
    dollars = frame(
        con,
        "SELECT p.amount FROM fact_payments p JOIN dim_companies c USING (company_id) "
        "WHERE c.currency_code = 'USD'",
    )["amount"]
    assert dollars.len() and (dollars.map_elements(cents, pl.Int64) % 100 != 0).any()
    # the lake's orders are Odoo's valid ones of those days (cancelled orders have no payments)
    valid = odoo.filter(pl.col("state") != "cancel", pl.col("day").is_between(DAYS[0], END))
    assert set(valid["order_id"]) == set(orders["order_id"])


def test_payments_per_day_and_company_equal_the_order_totals_to_the_cent(shop):
    con = shop.con
    per_day = frame(
        con,
        """
        SELECT o.day, o.company_id, o.total, p.paid, p.currencies
        FROM (SELECT day, company_id, sum(amount_total) AS total
              FROM fact_pos_orders GROUP BY ALL) o
        FULL JOIN (SELECT day, company_id, sum(amount) AS paid,
                          count(DISTINCT currency_id) AS currencies
                   FROM fact_payments GROUP BY ALL) p USING (day, company_id)
        ORDER BY ALL
        """,
    )
    assert set(per_day["day"]) == set(DAYS)
    assert per_day["company_id"].n_unique() == 2
    for row in per_day.iter_rows(named=True):
        assert cents(row["paid"]) == cents(row["total"]), row
        assert row["currencies"] == 1  # a company's payments are in its one currency


def test_a_payment_carries_its_company_currency_and_method(shop):
    con = shop.con
    mismatched = frame(
        con,
        """
        SELECT count(*) FROM fact_payments p JOIN dim_companies c USING (company_id)
        WHERE p.currency_id IS DISTINCT FROM c.currency_id
           OR p.payment_method_id IS NULL
        """,
    ).item()
    assert mismatched == 0
    methods = frame(
        con,
        "SELECT DISTINCT m.name FROM fact_payments JOIN dim_payment_methods m "
        "USING (payment_method_id)",
    )["name"]
    assert methods.len() >= 4


def test_the_reporting_user_reads_the_payments_of_its_company(shop, tmp_path):
    """The least-privilege viewer (README's groups, company 1 only) reads pos.payment with its
    order's currency: the same payments the administrator's lake holds for that company."""
    srv, day = shop.server, DAYS[-1]
    conn = OdooConnection(srv.url, srv.db, "viewer", company_id=1)
    with OdooClient(conn, "nkdash-demo-viewer-key").connect() as client:
        result = Extractor(client, LakeLayout(tmp_path), timezone=TZ, company_id=1).extract(
            PAYMENTS, day
        )
    raw = pl.read_parquet(result.tables[0].path)
    assert raw["currency_id_id"].null_count() == 0
    admin = frame(
        shop.con,
        "SELECT payment_id FROM fact_payments WHERE day = ? AND company_id = 1",
        [day],
    )
    assert sorted(raw["id"]) == sorted(admin["payment_id"]) and raw.height


def test_a_run_reads_a_days_payments_once_for_both_datasets(shop, tmp_path):
    """pos_lines reads a day's payments for its lines' payment method; when both datasets run
    for the day, the payments dataset takes that read (counted by the demo Odoo) and its lake
    is the one it writes reading alone (the module's lake)."""
    days = DAYS[-4:]
    layout = LakeLayout(tmp_path / "lake")
    before = shop.server.calls()
    summary = backfill(context(shop.server, layout.root), days[0], days[-1], datasets=DUO)
    calls = shop.server.calls()
    assert summary.status == "succeeded", summary.sentence
    read = calls["pos.payment/search_read"] - before.get("pos.payment/search_read", 0)
    assert read == len(days)
    for table in ("payments", "pos_payments"):
        for day in days:
            alone = pl.read_parquet(shop.layout.day_partition(CLEAN, table, day))
            together = pl.read_parquet(layout.day_partition(CLEAN, table, day))
            assert together.height and together.equals(alone), (table, day)

    # a sync asks Odoo about POS orders and payments what pos_lines alone asks: the payments
    # dataset's change sweep and its days' payments come from pos_lines' answers
    pos_only = tmp_path / "pos-only"
    shutil.copytree(layout.root, pos_only)
    asked = {}
    for root, datasets in ((pos_only, ["pos_lines"]), (layout.root, DUO)):
        before = shop.server.calls()
        summary = sync(context(shop.server, root), datasets=datasets, as_of=END)
        assert summary.status == "succeeded", summary.sentence
        after = shop.server.calls()
        asked[len(datasets)] = {
            call: after.get(call, 0) - before.get(call, 0)
            for call in ("pos.order/search_read", "pos.payment/search_read")
        }
    assert asked[2] == asked[1] and asked[1]["pos.payment/search_read"] > 0, asked
