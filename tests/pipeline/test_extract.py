"""Extraction into the raw layer, against the built-in demo Odoo over real HTTP."""

from __future__ import annotations

import math
from datetime import date, datetime

import pyarrow.parquet as pq
import pytest

from nkdash_desktop.datasets import DATASETS, get_dataset
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.lake.layout import RAW, LakeLayout
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.pipeline.days import local_day
from nkdash_desktop.pipeline.extract import Extractor

END = date(2026, 1, 10)
NOW = datetime(2026, 1, 11, 3, 0)
DAY = date(2026, 1, 6)
ADMIN_KEY = "nkdash-demo-admin-key"
META = {"_extracted_at", "_source_url", "_source_db", "_server_version"}


@pytest.fixture(scope="module")
def odoo19():
    with DemoOdoo(DemoConfig(days=10, flavour=19, end_date=END, now=NOW), port=0).start() as srv:
        yield srv


@pytest.fixture(scope="module")
def odoo16():
    with DemoOdoo(DemoConfig(days=10, flavour=16, end_date=END, now=NOW), port=0).start() as srv:
        yield srv


def client_for(srv: DemoOdoo, transport: str = "auto", batch: int = 2000) -> OdooClient:
    conn = OdooConnection(srv.url, srv.db, "admin", transport=transport, batch_size=batch)
    return OdooClient(conn, ADMIN_KEY).connect()


def extract(srv, tmp_path, dataset: str, day, transport="auto", batch=2000):
    layout = LakeLayout(tmp_path / transport)
    with client_for(srv, transport, batch) as client:
        result = Extractor(client, layout, timezone="Asia/Jakarta").extract(
            get_dataset(dataset), day
        )
        return layout, result, client.stats.snapshot()


def content(path) -> list[dict]:
    table = pq.read_table(path)
    return table.drop_columns([c for c in table.column_names if c in META]).to_pylist()


@pytest.mark.parametrize("dataset", ["pos_lines", "invoice_sales", "purchases", "inventory_moves"])
def test_both_transports_write_identical_raw_files(odoo19, tmp_path, dataset):
    _rpc_layout, rpc, _ = extract(odoo19, tmp_path, dataset, DAY, "jsonrpc")
    _j2_layout, j2, _ = extract(odoo19, tmp_path, dataset, DAY, "json2")
    for a, b in zip(rpc.tables, j2.tables, strict=True):
        ra, rb = pq.read_table(a.path), pq.read_table(b.path)
        assert ra.schema.equals(rb.schema)
        assert content(a.path) == content(b.path)
    assert rpc.rows == j2.rows


def test_pos_day_is_the_jakarta_day_and_many2one_split(odoo19, tmp_path):
    layout = LakeLayout(tmp_path)
    late = []
    with client_for(odoo19) as client:
        extractor = Extractor(client, layout, timezone="Asia/Jakarta")
        for n in range(1, 11):
            day = date(2026, 1, n)
            extractor.extract(get_dataset("pos_lines"), day)
            orders = pq.read_table(layout.day_partition(RAW, "pos_orders", day)).to_pylist()
            assert orders, "the demo has orders every day"
            assert {local_day(o["date_order"], "Asia/Jakarta") for o in orders} == {day}
            # before local midnight in UTC terms: 17:00-24:00 UTC of the previous day
            late += [o for o in orders if o["date_order"] < f"{day.isoformat()} 00:00:00"]
    assert late, "orders after 17:00 UTC belong to the next Jakarta day"
    assert all(o["date_order"][11:13] >= "17" for o in late)
    orders = pq.read_table(layout.day_partition(RAW, "pos_orders", DAY)).to_pylist()
    assert all(o["state"] in ("paid", "done") for o in orders)  # 19: no 'invoiced'
    assert all(isinstance(o["session_id_id"], int) and o["session_id_name"] for o in orders)
    meta = orders[0]
    assert meta["_source_url"] == odoo19.url and meta["_server_version"].startswith("19")
    lines = pq.read_table(layout.day_partition(RAW, "pos_order_lines", DAY)).to_pylist()
    order_ids = {o["id"] for o in orders}
    assert {ln["order_id_id"] for ln in lines} == order_ids
    assert all(isinstance(ln["tax_ids"], list) for ln in lines)


def test_flavour_16_reads_qty_done_and_invoiced_state(odoo16, tmp_path):
    layout, _, _ = extract(odoo16, tmp_path, "inventory_moves", DAY)
    moves = pq.read_table(layout.day_partition(RAW, "stock_move_lines", DAY)).to_pylist()
    assert moves and all(m["quantity"] is not None and m["quantity"] > 0 for m in moves)
    with client_for(odoo16) as client:
        assert client.transport_name == "jsonrpc"
        expected = client.search_read(
            "stock.move.line",
            [("id", "in", [m["id"] for m in moves])],
            ["qty_done"],
        )
    assert sorted(m["quantity"] for m in moves) == sorted(r["qty_done"] for r in expected)
    layout, _result, _ = extract(odoo16, tmp_path, "pos_lines", DAY)
    orders = pq.read_table(layout.day_partition(RAW, "pos_orders", DAY)).to_pylist()
    assert {o["state"] for o in orders} <= {"paid", "done", "invoiced"}


def test_requests_are_pages_per_model_plus_a_constant(odoo19, tmp_path):
    batch = 50
    _layout, result, stats = extract(odoo19, tmp_path, "pos_lines", DAY, batch=batch)
    for table in result.tables:
        site = stats[f"pos_lines.{table.table}"]
        assert site["requests"] <= math.ceil(table.rows / batch) + 1, table.table
    assert result.requests <= sum(math.ceil(t.rows / batch) + 1 for t in result.tables) + 1


def test_empty_day_writes_a_typed_empty_file(odoo19, tmp_path):
    empty = date(2025, 6, 1)  # before the demo's history
    _layout, result, _ = extract(odoo19, tmp_path, "pos_lines", empty)
    busy_layout, _, _ = extract(odoo19, tmp_path / "busy", "pos_lines", DAY)
    for table in result.tables:
        t = pq.read_table(table.path)
        assert t.num_rows == 0
        busy = pq.read_table(busy_layout.day_partition(RAW, table.table, DAY))
        assert t.schema.equals(busy.schema)


def test_dimensions_include_archived_products_and_skip_missing_addons(odoo19, tmp_path):
    layout, result, _ = extract(odoo19, tmp_path, "dimensions", None)
    by_name = {t.table: t for t in result.tables}
    assert by_name["brands"].path is None  # product_brand is not installed on this demo
    products = pq.read_table(layout.snapshot(RAW, "products")).to_pylist()
    assert any(not p["active"] for p in products)
    categories = pq.read_table(layout.snapshot(RAW, "categories")).to_pylist()
    assert any(" / " in (c["complete_name"] or "") for c in categories)
    assert by_name["employees"].rows > 0  # pos_hr is installed
    assert set(by_name) == {t.name for t in DATASETS["dimensions"].tables}


def test_stock_quants_snapshot(odoo19, tmp_path):
    layout, _result, _ = extract(odoo19, tmp_path, "stock_quants", END)
    quants = pq.read_table(layout.day_partition(RAW, "stock_quants", END)).to_pylist()
    assert quants and all(q["location_id_id"] for q in quants)
