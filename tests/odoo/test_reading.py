"""Reading the demo Odoo through both transports: same rows, transport choice, keyset pages,
bulk reads by id, metadata helpers and Odoo's own grouped totals."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from odoo_support import ADMIN_KEY

from nkdash_desktop.odoo import OdooVersion, collect_ids

LINE_FIELDS = ["order_id", "product_id", "qty", "price_unit", "price_subtotal_incl", "tax_ids"]


def test_both_transports_return_identical_rows_on_19(demo19, make_client):
    json2 = make_client(demo19, ADMIN_KEY, transport="json2").connect()
    jsonrpc = make_client(demo19, ADMIN_KEY, transport="jsonrpc").connect()
    assert (json2.transport_name, jsonrpc.transport_name) == ("json2", "jsonrpc")
    domain = [("qty", ">", 0)]
    a = json2.search_read("pos.order.line", domain, LINE_FIELDS, order="id asc", limit=200)
    b = jsonrpc.search_read("pos.order.line", domain, LINE_FIELDS, order="id asc", limit=200)
    assert len(a) == 200
    assert a == b
    assert set(a[0]) == {"id", *LINE_FIELDS}
    assert json2.uid == jsonrpc.uid
    orders_a = json2.search_read("pos.order", [], ["name", "date_order", "state"], limit=20)
    assert orders_a == jsonrpc.search_read("pos.order", [], ["name", "date_order", "state"],
                                           limit=20)  # fmt: skip


@pytest.mark.parametrize("flavour", [16, 19])
def test_jsonrpc_reads_16_and_19(flavour, demo16, demo19, make_client):
    srv = demo16 if flavour == 16 else demo19
    client = make_client(srv, ADMIN_KEY, transport="jsonrpc").connect()
    assert client.version == flavour
    assert client.transport_name == "jsonrpc"
    assert client.uid > 0
    assert "lang" in client.user_context
    done_qty = client.odoo_version.field("stock.move.line", "quantity")
    assert done_qty == ("qty_done" if flavour == 16 else "quantity")
    rows = client.search_read("stock.move.line", [], [done_qty, "product_id"], limit=5)
    assert len(rows) == 5 and all(done_qty in r for r in rows)
    states = client.odoo_version.pos_valid_states
    n = client.search_count("pos.order", [("state", "in", states)])
    assert n > 0


@pytest.mark.parametrize(
    ("flavour", "secret", "expected"),
    [
        (19, ADMIN_KEY, "json2"),
        (16, ADMIN_KEY, "jsonrpc"),
        (19, "admin", "jsonrpc"),  # a password is no bearer API key: JSON-2 refuses it
    ],
)
def test_auto_picks_the_transport(flavour, secret, expected, demo16, demo19, make_client):
    srv = demo16 if flavour == 16 else demo19
    client = make_client(srv, secret, transport="auto").connect()
    assert client.transport_name == expected
    assert client.version == flavour
    assert client.search_count("res.company", []) >= 1


@pytest.mark.parametrize("transport", ["json2", "jsonrpc"])
def test_keyset_pages_stream_every_id_once(transport, demo19, make_client):
    client = make_client(demo19, ADMIN_KEY, transport=transport).connect()
    total = client.search_count("pos.order.line", [])
    batch = 97
    client.stats.reset()
    seen: list[int] = []
    pages = 0
    for page in client.search_read_pages(
        "pos.order.line", [], ["qty"], batch_size=batch, site="pos_lines.lines"
    ):
        pages += 1
        assert len(page) <= batch
        seen.extend(row["id"] for row in page)
    assert len(seen) == total > batch * 3
    assert seen == sorted(set(seen))  # every id once, in order
    stats = client.stats.snapshot()["pos_lines.lines"]
    # ceil(rows / batch), plus one empty page when rows divide evenly
    assert stats["requests"] == total // batch + 1
    assert stats["calls"] == stats["requests"] and stats["retries"] == 0
    assert stats["bytes_sent"] > 0 and stats["bytes_received"] > 1000
    assert pages == -(-total // batch)


def test_pages_combine_with_the_callers_domain(demo19, make_client):
    client = make_client(demo19, ADMIN_KEY, transport="json2")
    domain = ["|", ("qty", "<", 0), ("price_unit", ">", 50000)]
    want = [r["id"] for r in client.search_read("pos.order.line", domain, ["id"], order="id asc")]
    got = [
        r["id"]
        for page in client.search_read_pages("pos.order.line", domain, ["id"], batch_size=10)
        for r in page
    ]
    assert got == want and want


@pytest.mark.parametrize("transport", ["json2", "jsonrpc"])
def test_related_records_come_in_bulk(transport, demo19, make_client):
    client = make_client(demo19, ADMIN_KEY, transport=transport)
    lines = client.search_read("pos.order.line", [], ["product_id", "tax_ids"], limit=500)
    product_ids = collect_ids(lines, "product_id")
    assert len(product_ids) > 10
    client.stats.reset()
    products = client.read_ids(
        "product.product", product_ids, ["name", "categ_id"], chunk=8, site="dim.products"
    )
    assert [p["id"] for p in products] == product_ids
    assert client.stats.snapshot()["dim.products"]["requests"] == -(-len(product_ids) // 8)
    assert collect_ids(lines, "tax_ids")  # x2many ids too


def test_metadata_helpers(demo19, make_client):
    client = make_client(demo19, ADMIN_KEY)
    assert client.model_exists("pos.order")
    assert not client.model_exists("no.such.model")
    assert client.installed_modules(["point_of_sale", "no_such_module"]) == {"point_of_sale"}
    assert client.can_read("pos.order")
    fields = client.fields_get("pos.order")
    assert fields["date_order"]["type"] == "datetime"
    assert fields["partner_id"]["relation"] == "res.partner"
    companies = client.companies()
    assert len(companies) >= 1 and {"id", "name", "currency_id"} <= set(companies[0])


def test_context_carries_timezone_company_and_caller_keys(demo19, make_client):
    client = make_client(demo19, ADMIN_KEY, company_id=1, timezone="Asia/Jakarta").connect()
    ctx = client.context({"active_test": False})
    assert ctx["tz"] == "Asia/Jakarta"
    assert ctx["allowed_company_ids"] == [1]
    assert ctx["active_test"] is False
    assert "allowed_company_ids" not in client.context(with_company=False)
    # archived records appear only with active_test False
    active = client.search_count("product.product", [])
    everything = client.search_count("product.product", [], context={"active_test": False})
    assert everything >= active


def _expected_daily(client, version: OdooVersion):
    tz = ZoneInfo("Asia/Jakarta")
    states = list(version.pos_valid_states)
    totals: dict = defaultdict(lambda: [0, 0.0])
    for page in client.search_read_pages(
        "pos.order", [("state", "in", states)], ["date_order", "amount_total"]
    ):
        for row in page:
            moment = datetime.strptime(row["date_order"], "%Y-%m-%d %H:%M:%S")
            day = moment.replace(tzinfo=UTC).astimezone(tz).date()
            totals[day][0] += 1
            totals[day][1] += row["amount_total"]
    return totals


@pytest.mark.parametrize("flavour", [16, 19])
def test_grouped_totals_match_the_rows(flavour, demo16, demo19, make_client):
    srv = demo16 if flavour == 16 else demo19
    client = make_client(srv, ADMIN_KEY).connect()
    version = client.odoo_version
    domain = [("state", "in", list(version.pos_valid_states))]
    client.stats.reset()
    grouped = client.grouped_totals("pos.order", domain, "date_order", ["amount_total"])
    assert client.stats.totals()["requests"] == 1
    expected = _expected_daily(client, version)
    assert [g["day"] for g in grouped] == sorted(expected)
    for g in grouped:
        count, amount = expected[g["day"]]
        assert g["count"] == count
        assert g["amount_total"] == pytest.approx(amount, rel=1e-9, abs=0.01)


def test_grouped_totals_by_an_extra_key(demo19, make_client):
    client = make_client(demo19, ADMIN_KEY)
    domain = [("state", "in", ["paid", "done"])]
    by_session = client.grouped_totals(
        "pos.order", domain, "date_order", ["amount_total"], ["session_id"]
    )
    plain = client.grouped_totals("pos.order", domain, "date_order", ["amount_total"])
    assert all(isinstance(g["session_id"], int) for g in by_session)
    assert len(by_session) >= len(plain)
    per_day: dict = defaultdict(int)
    for g in by_session:
        per_day[g["day"]] += g["count"]
    assert per_day == {g["day"]: g["count"] for g in plain}


def test_connection_from_settings_and_secret_free_reprs(demo19, make_client):
    from nkdash_desktop.odoo import OdooConnection
    from nkdash_desktop.settings import OdooSettings

    s = OdooSettings(url=demo19.url, database=demo19.db, login="admin", batch_size=500)
    conn = OdooConnection.from_settings(s)
    assert (conn.company_id, conn.ca_file, conn.batch_size) == (None, None, 500)
    assert conn.transport == "auto" and conn.timezone == "Asia/Jakarta"
    client = make_client(demo19, ADMIN_KEY).connect()
    for obj in (client, client._transport, client.connection):
        assert ADMIN_KEY not in repr(obj)
    assert client.read_ids("product.product", [], ["name"]) == []
    assert "product.product.read_ids" not in client.stats.snapshot()  # no request for nothing


@pytest.mark.parametrize("flavour", [16, 19])
def test_grouped_max_is_the_largest_value_per_group(flavour, demo16, demo19, make_client):
    client = make_client(demo16 if flavour == 16 else demo19, ADMIN_KEY)
    domain = [("state", "in", list(client.odoo_version.pos_valid_states))]
    client.stats.reset()
    grouped = client.grouped_max("pos.order", domain, ["company_id", "session_id"], "date_order")
    assert client.stats.totals()["requests"] == 1
    latest: dict = {}
    for page in client.search_read_pages(
        "pos.order", domain, ["company_id", "session_id", "date_order"]
    ):
        for row in page:
            key = (row["company_id"][0], row["session_id"][0])
            latest[key] = max(latest.get(key, ""), row["date_order"])
    assert {(g["company_id"], g["session_id"]): g["date_order"] for g in grouped} == latest
