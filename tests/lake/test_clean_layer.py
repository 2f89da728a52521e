"""Raw -> clean: types, signs, deduplication, filters and business days, from Odoo-shaped raw
partitions (see odoo_shop)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import polars as pl
import pytest
from odoo_shop import D1, D2, LONG_NAME, TZ, build_raw, order, raw_days, write_raw

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.lake.layout import CLEAN, RAW, LakeLayout
from nkdash_desktop.lake.schema import CLEAN_TABLES, DIMS, clean_dimension, differences
from nkdash_desktop.pipeline.clean import MissingRawDataError, clean_day, clean_dimensions


def clean(layout: LakeLayout, table: str, day=D1) -> pl.DataFrame:
    return pl.read_parquet(layout.day_partition(CLEAN, table, day))


def by_id(frame: pl.DataFrame, key: str) -> dict[int, dict]:
    return {row[key]: row for row in frame.iter_rows(named=True)}


def test_every_clean_file_has_its_contract_schema(lake):
    checked = 0
    for table in CLEAN_TABLES.values():
        for day in lake.days(CLEAN, table.name):
            schema = pl.read_parquet_schema(lake.day_partition(CLEAN, table.name, day))
            assert differences(table, schema) == [], (table.name, day)
            checked += 1
    for dim in DIMS.values():
        snapshot = clean_dimension(dim)
        schema = pl.read_parquet_schema(lake.snapshot(CLEAN, snapshot.name))
        assert differences(snapshot, schema) == [], snapshot.name
    assert checked >= 12


def test_pos_lines_keep_valid_orders_latest_versions_and_refund_signs(lake):
    lines = by_id(clean(lake, "pos_lines"), "line_id")
    # line 31 belongs to the cancelled order 3
    assert sorted(lines) == [11, 12, 21, 51]
    # line 12 came twice; the newer version (3 units) wins although it arrived first
    assert lines[12]["quantity"] == 3.0 and lines[12]["revenue_tax_in"] == 15000.0
    refund = lines[21]
    assert refund["quantity"] == -1.0 and refund["revenue_tax_in"] == -25000.0
    assert refund["revenue_tax_ex"] < 0 and refund["is_refund"] and refund["refunded_line_id"] == 11
    sale = lines[11]
    assert not sale["is_refund"] and sale["revenue_tax_in"] == 45000.0
    assert sale["discount_percent"] == 10.0 and sale["discount_amount"] == 5000.0
    # main payment method: the largest payment (QRIS 80,000), not the first (cash 50,000)
    assert sale["payment_method_id"] == 2 and refund["payment_method_id"] == 1
    assert sale["cashier_name"] == "Siti Rahayu" and sale["employee_id"] == 3
    assert sale["date_order"] == datetime(2026, 1, 5, 10, 0) and sale["hour"] == 10
    assert sale["date_order_utc"] == datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
    assert sale["weekday"] == 1 and sale["day"] == D1  # a Monday
    last = lines[51]  # 16:59:59 UTC is 23:59:59 in Jakarta: still the same business day
    assert last["day"] == D1 and last["hour"] == 23 and last["state"] == "invoiced"
    assert last["partner_id"] is None


def test_pos_payments_of_cancelled_orders_are_left_out(lake):
    payments = by_id(clean(lake, "pos_payments"), "payment_id")
    assert sorted(payments) == [1001, 1002, 1003, 1004, 1006]
    assert payments[1002]["is_change"] and payments[1002]["amount"] == -5000.0
    assert payments[1006]["payment_date"] == datetime(2026, 1, 5, 23, 59, 59)


def test_an_order_late_in_the_utc_day_belongs_to_the_next_local_day(lake):
    (late,) = clean(lake, "pos_lines", D2).iter_rows(named=True)
    assert late["day"] == D2 and late["date_order"] == datetime(2026, 1, 6, 1, 30)
    assert late["date_order_utc"] == datetime(2026, 1, 5, 18, 30, tzinfo=UTC)
    assert late["hour"] == 1 and late["weekday"] == 2
    assert late["cashier_name"] == "Administrator"  # no employee: the POS user
    assert late["partner_name"] == LONG_NAME and len(late["partner_name"]) == 10_000


def test_credit_notes_are_negative_and_only_posted_product_lines_count(lake):
    lines = by_id(clean(lake, "invoice_lines"), "line_id")
    # 5012 is a tax line, 5031 belongs to a draft invoice
    assert sorted(lines) == [5011, 5021]
    invoice, credit = lines[5011], lines[5021]
    assert invoice["quantity"] == 3.0 and invoice["revenue_tax_ex"] == 300000.0
    assert invoice["revenue_tax_in"] == 333000.0
    assert invoice["revenue_tax_ex_document_currency"] == 300000.0
    assert not invoice["is_refund"] and invoice["move_type"] == "out_invoice"
    # Odoo stores the credit note's quantity as +1: the sign comes from the move type
    assert credit["is_refund"] and credit["move_type"] == "out_refund"
    assert credit["quantity"] == -1.0 and credit["revenue_tax_ex"] == -100000.0
    assert credit["revenue_tax_in"] == -111000.0
    assert credit["revenue_tax_in_document_currency"] == -111000.0
    assert credit["move_name"] == "RINV/2026/00001" and credit["salesperson_id"] == 2
    assert invoice["invoice_date"] == D1 and invoice["weekday"] == 1


def test_vendor_bills_net_price_bonus_lines_and_refunds(lake):
    lines = by_id(clean(lake, "purchase_lines"), "line_id")
    assert sorted(lines) == [6011, 6012, 6021]
    discounted, bonus, refund = lines[6011], lines[6012], lines[6021]
    # 10 units at 1,000 with 10% off: 9,000 paid, 900 a unit
    assert discounted["net_unit_price"] == 900.0 and not discounted["is_bonus"]
    assert discounted["amount_tax_ex"] == 9000.0 and discounted["amount_tax_in"] == 9990.0
    assert discounted["vendor_name"] == "PT Kopi Nusantara" and discounted["tax_ids"] == [2]
    assert bonus["is_bonus"] and bonus["net_unit_price"] == 0.0 and bonus["quantity"] == 2.0
    assert refund["is_refund"] and refund["quantity"] == -1.0
    assert refund["amount_tax_ex"] == -900.0 and refund["amount_company_currency"] == -900.0
    assert refund["net_unit_price"] == 900.0  # a price stays positive; the sign is in quantity


def test_stock_moves_are_signed_relative_to_internal_locations(lake):
    moves = by_id(clean(lake, "inventory_moves"), "move_line_id")
    assert sorted(moves) == [701, 702, 703, 705]  # 704 is not done
    signed = {k: (m["direction"], m["quantity_signed"]) for k, m in moves.items()}
    assert signed == {
        701: ("in", 10.0),
        702: ("out", -2.0),
        703: ("internal", 0.0),
        705: ("in", 3.0),  # usage from the location snapshot: inventory -> internal
    }
    assert moves[701]["picking_code"] == "incoming" and moves[701]["picking_name"] == "WH/IN/00001"
    assert moves[705]["location_usage"] == "inventory"
    assert moves[701]["date"] == datetime(2026, 1, 5, 9, 0)


def test_unknown_location_usage_gives_no_sign_rather_than_a_guess(raw_lake):
    raw_lake.snapshot(RAW, "locations").unlink()
    clean_day(raw_lake, DATASETS["inventory_moves"], D1, TZ)
    moves = by_id(clean(raw_lake, "inventory_moves"), "move_line_id")
    assert moves[705]["direction"] is None and moves[705]["quantity_signed"] is None
    assert moves[702]["quantity_signed"] == -2.0  # the line's own usage fields still sign it


def test_stock_quants_snapshot(lake):
    quants = by_id(clean(lake, "stock_quants"), "quant_id")
    assert quants[801]["available_quantity"] == 6.0 and quants[801]["day"] == D1
    assert quants[801]["in_date"] == datetime(2026, 1, 5, 3, 0)
    assert quants[802]["lot_name"] == "LOT-0001"


def test_text_is_kept_whole_except_nul_characters(lake):
    lines = by_id(clean(lake, "pos_lines"), "line_id")
    assert lines[11]["product_name"] == "Kopi Susu Gula Aren"
    assert lines[51]["product_name"] == "Bánh mì ½ – pâté"
    partners = pl.read_parquet(lake.snapshot(CLEAN, "partners"))
    assert LONG_NAME in partners["name"].to_list()


def test_dimensions(lake):
    products = by_id(pl.read_parquet(lake.snapshot(CLEAN, "products")), "product_id")
    kopi, banh_mi = products[101], products[102]
    assert kopi["category_path"] == "All / Drinks / Coffee" and kopi["category_name"] == "Coffee"
    assert kopi["brand_name"] == "Kapal Api" and not kopi["archived"] and kopi["is_storable"]
    assert banh_mi["archived"] and banh_mi["name"] == "Bánh mì ½ – pâté"
    assert products[103]["brand_id"] is None
    (company,) = pl.read_parquet(lake.snapshot(CLEAN, "companies")).iter_rows(named=True)
    assert company["currency_code"] == "IDR" and company["currency_symbol"] == "Rp"
    categories = by_id(pl.read_parquet(lake.snapshot(CLEAN, "categories")), "category_id")
    assert categories[5]["depth"] == 3 and categories[1]["depth"] == 1
    locations = by_id(pl.read_parquet(lake.snapshot(CLEAN, "locations")), "location_id")
    assert locations[8]["is_internal"] and not locations[5]["is_internal"]
    partners = by_id(pl.read_parquet(lake.snapshot(CLEAN, "partners")), "partner_id")
    assert partners[20]["is_vendor"] and not partners[20]["is_customer"]


def test_an_odoo_without_brands_has_no_brand_dimension(tmp_path):
    layout = LakeLayout(tmp_path / "lake")
    build_raw(layout, with_brands=False)
    rows = clean_dimensions(layout)
    assert "brands" not in rows and rows["products"] == 3
    assert not layout.snapshot(CLEAN, "brands").exists()
    products = pl.read_parquet(layout.snapshot(CLEAN, "products"))
    assert products["brand_id"].null_count() == 3


def test_a_day_that_was_not_extracted_is_an_error(raw_lake):
    raw_lake.day_partition(RAW, "pos_payments", D1).unlink()
    with pytest.raises(
        MissingRawDataError, match="pos_lines for 2026-01-05 has not been extracted"
    ):
        clean_day(raw_lake, DATASETS["pos_lines"], D1, TZ)
    assert not raw_lake.day_partition(CLEAN, "pos_lines", D1).exists()


def test_missing_dimension_snapshots_are_an_error(raw_lake):
    raw_lake.snapshot(RAW, "products").unlink()
    with pytest.raises(MissingRawDataError, match="no raw snapshot of products"):
        clean_dimensions(raw_lake)


def test_an_empty_day_writes_typed_empty_files(raw_lake):
    assert clean_day(raw_lake, DATASETS["invoice_sales"], D2, TZ) == {"invoice_lines": 0}
    frame = clean(raw_lake, "invoice_lines", D2)
    assert frame.height == 0
    assert differences(CLEAN_TABLES["invoice_lines"], frame.schema) == []


def test_a_row_dated_outside_its_partition_is_left_out(raw_lake, caplog):
    tables = dict(raw_days()[("pos_lines", D1)])
    # 17:00 UTC on the 5th is midnight on the 6th in Jakarta: not this partition's day
    tables["pos_orders"] = [[*tables["pos_orders"][0], order(7, "2026-01-05 17:00:00")]]
    write_raw(raw_lake, "pos_lines", D1, tables)
    with caplog.at_level(logging.WARNING):
        clean_day(raw_lake, DATASETS["pos_lines"], D1, TZ)
    assert 7 not in clean(raw_lake, "pos_lines")["order_id"].to_list()
    assert "dated outside the day" in caplog.text
