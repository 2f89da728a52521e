"""An Odoo-shaped shop for the lake tests: raw partitions written the way extraction writes
them (records_to_table + raw_schema, page by page), with the awkward cases a real Odoo has."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.lake.files import StreamingWriter
from nkdash_desktop.lake.layout import RAW, LakeLayout
from nkdash_desktop.pipeline.clean import clean_day, clean_dimensions
from nkdash_desktop.pipeline.load import load_days, load_dimensions
from nkdash_desktop.pipeline.raw import raw_schema, records_to_table

TZ = "Asia/Jakarta"
D1, D2, D3 = date(2026, 1, 5), date(2026, 1, 6), date(2026, 2, 2)
DAILY = ("pos_lines", "invoice_sales", "purchases", "inventory_moves", "stock_quants")
SOURCE = {"url": "http://odoo.test:8069", "database": "nkmart", "server_version": "17.0"}
LONG_NAME = "Pelanggan " + "x" * 9_990  # 10,000 characters
NUL_NAME = "Kopi\x00 Susu Gula Aren"

Record = dict[str, Any]
Pages = Sequence[Sequence[Record]]  # one list of records per search_read page

COMPANY = [1, "NK Mart"]
IDR = [12, "IDR"]
KASIR = [1, "NK Mart Kasir 1"]
SESSION = [1, "POS/00001"]
CASH, QRIS = [1, "Cash"], [2, "QRIS"]
KOPI = [101, "[KOPI] Kopi Susu"]
BANH_MI = [102, "Bánh mì ½ – pâté"]
TEH = [103, "Es Teh Manis"]
UNITS = [1, "Units"]
STOCK, SHELF = [8, "WH/Stock"], [9, "WH/Stock/Shelf 1"]
VENDORS, CUSTOMERS, ADJUST = (
    [4, "Partners/Vendors"],
    [5, "Partners/Customers"],
    [14, "Virtual/Inventory adjustment"],
)


def order(oid: int, when: str, state: str = "paid", **kw: Any) -> Record:
    return {
        "id": oid,
        "name": f"Shop/{oid:04d}",
        "pos_reference": f"Order 00001-001-{oid:04d}",
        "date_order": when,
        "state": state,
        "partner_id": [7, "Budi Santoso"],
        "user_id": [2, "Administrator"],
        "employee_id": [3, "Siti Rahayu"],
        "session_id": SESSION,
        "config_id": KASIR,
        "company_id": COMPANY,
        "currency_id": IDR,
        "amount_total": 0.0,
        "amount_tax": 0.0,
        "amount_paid": 0.0,
        "amount_return": 0.0,
        "account_move": False,
        "write_date": when,
        **kw,
    }


def line(lid: int, oid: int, product: list, qty: float, price: float, **kw: Any) -> Record:
    gross = qty * price * (1 - kw.get("discount", 0.0) / 100)
    return {
        "id": lid,
        "order_id": [oid, f"Shop/{oid:04d}"],
        "product_id": product,
        "full_product_name": product[1],
        "qty": qty,
        "price_unit": price,
        "discount": 0.0,
        "price_subtotal": round(gross / 1.11, 2),
        "price_subtotal_incl": gross,
        "tax_ids": [1],
        "total_cost": 0.0,
        "refunded_orderline_id": False,
        "company_id": COMPANY,
        "write_date": "2026-01-05 03:01:00",
        **kw,
    }


def payment(pid: int, oid: int, amount: float, method: list, **kw: Any) -> Record:
    return {
        "id": pid,
        "pos_order_id": [oid, f"Shop/{oid:04d}"],
        "amount": amount,
        "payment_method_id": method,
        "payment_date": "2026-01-05 03:00:30",
        "is_change": False,
        "session_id": SESSION,
        "company_id": COMPANY,
        "write_date": "2026-01-05 03:00:30",
        **kw,
    }


def move(
    mid: int, name: str, move_type: str, day: date, partner: list, state: str = "posted"
) -> Record:
    return {
        "id": mid,
        "name": name,
        "move_type": move_type,
        "state": state,
        "date": day.isoformat(),
        "invoice_date": day.isoformat(),
        "partner_id": partner,
        "invoice_user_id": [2, "Administrator"],
        "currency_id": IDR,
        "company_id": COMPANY,
        "amount_untaxed": 0.0,
        "amount_tax": 0.0,
        "amount_total": 0.0,
        "amount_untaxed_signed": 0.0,
        "amount_total_signed": 0.0,
        "reversed_entry_id": False,
        "create_date": f"{day} 02:00:00",
        "write_date": f"{day} 02:00:00",
    }


def move_line(
    lid: int, mv: Record, product: list | bool, qty: float, price: float, balance: float, **kw: Any
) -> Record:
    subtotal = qty * price * (1 - kw.get("discount", 0.0) / 100)
    return {
        "id": lid,
        "move_id": [mv["id"], mv["name"]],
        "move_name": mv["name"],
        "date": mv["date"],
        "parent_state": mv["state"],
        "display_type": "product",
        "product_id": product,
        "name": product[1] if product else "PPN 11%",
        "quantity": qty,
        "price_unit": price,
        "discount": 0.0,
        "price_subtotal": subtotal,
        "price_total": round(subtotal * 1.11, 2),
        "balance": balance,
        "tax_ids": [2],
        "product_uom_id": UNITS,
        "partner_id": mv["partner_id"],
        "currency_id": IDR,
        "company_id": COMPANY,
        "write_date": mv["write_date"],
        **kw,
    }


def stock_line(
    lid: int, src: list, src_usage: Any, dst: list, dst_usage: Any, qty: float, **kw: Any
) -> Record:
    return {
        "id": lid,
        "date": "2026-01-05 02:00:00",
        "reference": kw.get("picking", [0, "Product Quantity Updated"])[1],
        "product_id": KOPI,
        "quantity": qty,
        "product_uom_id": UNITS,
        "location_id": src,
        "location_dest_id": dst,
        "location_usage": src_usage,
        "location_dest_usage": dst_usage,
        "picking_id": False,
        "picking_code": False,
        "move_id": [lid + 1000, "move"],
        "lot_id": False,
        "state": "done",
        "company_id": COMPANY,
        "write_date": "2026-01-05 02:00:00",
        **kw,
    }


def raw_days() -> dict[tuple[str, date], Mapping[str, Pages]]:
    """(dataset, day) -> raw table -> pages of Odoo records."""
    inv1 = move(501, "INV/2026/00001", "out_invoice", D1, [7, "Budi Santoso"])
    rinv = move(502, "RINV/2026/00001", "out_refund", D1, [7, "Budi Santoso"])
    draft = move(503, "/", "out_invoice", D1, [7, "Budi Santoso"], state="draft")
    inv2 = move(504, "INV/2026/00002", "out_invoice", D3, [8, "Toko Sinar"])
    bill = move(601, "BILL/2026/00001", "in_invoice", D1, [20, "PT Kopi Nusantara"])
    vref = move(602, "RBILL/2026/00001", "in_refund", D1, [20, "PT Kopi Nusantara"])
    # Odoo's company-currency totals: the negated balances of the lines below (11% tax)
    for mv, untaxed in ((inv1, 300000.0), (rinv, -100000.0), (draft, 45000.0), (inv2, 50000.0),
                        (bill, -9000.0), (vref, 900.0)):  # fmt: skip
        mv.update(amount_untaxed_signed=untaxed, amount_total_signed=round(untaxed * 1.11, 2))
    picking = [30, "WH/IN/00001"]
    return {
        ("pos_lines", D1): {
            "pos_orders": [
                [
                    order(1, "2026-01-05 03:00:00"),
                    order(2, "2026-01-05 05:00:00", "done", is_refund=True),
                    order(3, "2026-01-05 06:00:00", "cancel"),
                    order(5, "2026-01-05 16:59:59", "invoiced", partner_id=False),
                ]
            ],
            "pos_order_lines": [
                [
                    line(11, 1, KOPI, 2, 25000.0, discount=10.0, full_product_name=NUL_NAME),
                    # the newer version of line 12 arrives on the first page...
                    line(12, 1, TEH, 3, 5000.0, write_date="2026-01-05 04:00:00"),
                    line(21, 2, KOPI, -1, 25000.0, refunded_orderline_id=[11, "Kopi Susu"]),
                    line(31, 3, BANH_MI, 5, 30000.0),
                ],
                [
                    # ...and the older one again on the next page (the order moved meanwhile)
                    line(12, 1, TEH, 1, 5000.0, write_date="2026-01-05 03:01:00"),
                    line(51, 5, BANH_MI, 1, 30000.0),
                ],
            ],
            "pos_payments": [
                [
                    payment(1001, 1, 50000.0, CASH),
                    payment(1002, 1, -5000.0, CASH, is_change=True),
                    payment(1003, 1, 80000.0, QRIS),
                    payment(1004, 2, -25000.0, CASH),
                    payment(1005, 3, 150000.0, CASH),
                    payment(1006, 5, 30000.0, QRIS, payment_date="2026-01-05 16:59:59"),
                ]
            ],
        },
        ("pos_lines", D2): {
            # 18:30 UTC on the 5th is 01:30 on the 6th in Jakarta: extraction filed it on D2
            "pos_orders": [
                [order(4, "2026-01-05 18:30:00", partner_id=[9, LONG_NAME], employee_id=False)]
            ],
            "pos_order_lines": [[line(41, 4, TEH, 4, 5000.0)]],
            "pos_payments": [[payment(1007, 4, 20000.0, CASH)]],
        },
        ("pos_lines", D3): {
            "pos_orders": [[order(6, "2026-02-02 04:00:00")]],
            "pos_order_lines": [[line(61, 6, KOPI, 1, 25000.0)]],
            "pos_payments": [[payment(1008, 6, 25000.0, CASH)]],
        },
        ("invoice_sales", D1): {
            "invoice_moves": [[inv1, rinv, draft]],
            "invoice_lines": [
                [
                    move_line(5011, inv1, KOPI, 3, 100000.0, -300000.0),
                    move_line(5012, inv1, False, 0, 0.0, -33000.0, display_type="tax"),
                    # a credit note: Odoo keeps the quantity positive
                    move_line(5021, rinv, KOPI, 1, 100000.0, 100000.0),
                    move_line(5031, draft, TEH, 9, 5000.0, -45000.0),
                ]
            ],
        },
        ("invoice_sales", D2): {},
        ("invoice_sales", D3): {
            "invoice_moves": [[inv2]],
            "invoice_lines": [[move_line(5041, inv2, TEH, 10, 5000.0, -50000.0)]],
        },
        ("purchases", D1): {
            "purchase_moves": [[bill, vref]],
            "purchase_lines": [
                [
                    move_line(6011, bill, KOPI, 10, 1000.0, 9000.0, discount=10.0),
                    move_line(6012, bill, KOPI, 2, 0.0, 0.0),  # bonus: free goods
                    move_line(6021, vref, KOPI, 1, 900.0, -900.0),
                ]
            ],
        },
        ("inventory_moves", D1): {
            "stock_move_lines": [
                [
                    stock_line(
                        701,
                        VENDORS,
                        "supplier",
                        STOCK,
                        "internal",
                        10.0,
                        picking_id=picking,
                        picking_code="incoming",
                        picking=picking,
                    ),
                    stock_line(
                        702, STOCK, "internal", CUSTOMERS, "customer", 2.0, picking_code="outgoing"
                    ),
                    stock_line(
                        703, STOCK, "internal", SHELF, "internal", 5.0, picking_code="internal"
                    ),
                    stock_line(
                        704, STOCK, "internal", CUSTOMERS, "customer", 1.0, state="assigned"
                    ),
                    # Odoo 16 has no usage fields on the line: the location snapshot tells
                    stock_line(705, ADJUST, False, STOCK, False, 3.0),
                ]
            ],
        },
        ("stock_quants", D1): {
            "stock_quants": [
                [
                    {
                        "id": 801,
                        "product_id": KOPI,
                        "location_id": STOCK,
                        "lot_id": False,
                        "quantity": 8.0,
                        "reserved_quantity": 2.0,
                        "in_date": "2026-01-04 20:00:00",
                        "company_id": COMPANY,
                        "write_date": "2026-01-05 02:00:00",
                    },
                    {
                        "id": 802,
                        "product_id": TEH,
                        "location_id": SHELF,
                        "lot_id": [40, "LOT-0001"],
                        "quantity": 5.0,
                        "reserved_quantity": 0.0,
                        "in_date": "2026-01-05 02:00:00",
                        "company_id": COMPANY,
                        "write_date": "2026-01-05 02:00:00",
                    },
                ]
            ],
        },
    }


def dimension_records(with_brands: bool = True) -> dict[str, list[Record]]:
    def product(pid: int, name: str, categ: list, brand: Any, active: bool = True) -> Record:
        return {
            "id": pid,
            "product_tmpl_id": [pid + 1000, name],
            "default_code": f"SKU{pid}",
            "barcode": False,
            "name": name,
            "display_name": f"[SKU{pid}] {name}",
            "categ_id": categ,
            "list_price": 25000.0,
            "standard_price": 9000.0,
            "uom_id": UNITS,
            "type": "consu",
            "is_storable": True,
            "product_brand_id": brand,
            "active": active,
            "write_date": "2026-01-01 00:00:00",
        }

    coffee = [5, "All / Drinks / Coffee"]
    named = {"company_id": COMPANY, "active": True}
    records: dict[str, list[Record]] = {
        "products": [
            product(101, "Kopi Susu", coffee, [1, "Kapal Api"] if with_brands else False),
            product(102, BANH_MI[1], [6, "All / Food"], False, active=False),
            product(103, "Es Teh Manis", [4, "All / Drinks"], False),
        ],
        # Odoo's cost of each product in the company (standard_price is company-dependent)
        "product_company_costs": [
            {"id": pid, "company_id": COMPANY[0], "standard_price": 9000.0, "write_date": False}
            for pid in (101, 102, 103)
        ],
        "categories": [
            {"id": 1, "name": "All", "complete_name": "All", "parent_id": False},
            {"id": 4, "name": "Drinks", "complete_name": "All / Drinks", "parent_id": [1, "All"]},
            {
                "id": 5,
                "name": "Coffee",
                "complete_name": coffee[1],
                "parent_id": [4, "All / Drinks"],
            },
            {"id": 6, "name": "Food", "complete_name": "All / Food", "parent_id": [1, "All"]},
        ],
        "taxes": [
            {
                "id": 1,
                "name": "PPN 11%",
                "amount": 11.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "price_include": True,
                "children_tax_ids": [],
                **named,
            },
            {
                "id": 2,
                "name": "PPN 11% (purchase)",
                "amount": 11.0,
                "amount_type": "percent",
                "type_tax_use": "purchase",
                "price_include": False,
                "children_tax_ids": [],
                **named,
            },
        ],
        "partners": [
            {
                "id": 7,
                "name": "Budi Santoso",
                "display_name": "Budi Santoso",
                "is_company": False,
                "parent_id": False,
                "customer_rank": 3,
                "supplier_rank": 0,
                "city": "Jakarta",
                **named,
            },
            {
                "id": 9,
                "name": LONG_NAME,
                "display_name": LONG_NAME,
                "is_company": False,
                "parent_id": False,
                "customer_rank": 1,
                "supplier_rank": 0,
                "city": False,
                **named,
            },
            {
                "id": 20,
                "name": "PT Kopi Nusantara",
                "display_name": "PT Kopi Nusantara",
                "is_company": True,
                "parent_id": False,
                "customer_rank": 0,
                "supplier_rank": 2,
                "city": "Bandung",
                **named,
            },
        ],
        "users": [
            {
                "id": 2,
                "name": "Administrator",
                "login": "admin",
                "partner_id": [3, "Administrator"],
                "active": True,
            }
        ],
        "employees": [{"id": 3, "name": "Siti Rahayu", "user_id": False, **named}],
        "companies": [
            {"id": 1, "name": "NK Mart", "currency_id": IDR, "partner_id": [1, "NK Mart"]}
        ],
        "locations": [
            {
                "id": lid,
                "name": full.split("/")[-1],
                "complete_name": full,
                "location_id": False,
                "usage": usage,
                **named,
            }
            for lid, full, usage in (
                (4, VENDORS[1], "supplier"),
                (5, CUSTOMERS[1], "customer"),
                (8, STOCK[1], "internal"),
                (9, SHELF[1], "internal"),
                (14, ADJUST[1], "inventory"),
            )
        ],
        "uoms": [{"id": 1, "name": "Units", "factor": 1.0, "active": True}],
        "lots": [{"id": 40, "name": "LOT-0001", "product_id": TEH, "company_id": COMPANY}],
        "pos_configs": [{"id": 1, "name": KASIR[1], **named}],
        "payment_methods": [{"id": 1, "name": "Cash", **named}, {"id": 2, "name": "QRIS", **named}],
        "picking_types": [{"id": 1, "name": "Receipts", "code": "incoming", **named}],
        "currencies": [{"id": 12, "name": "IDR", "symbol": "Rp", "active": True}],
    }
    if with_brands:
        records["brands"] = [{"id": 1, "name": "Kapal Api", "active": True}]
    return records


def write_raw(
    layout: LakeLayout, dataset: str, day: date | None, tables: Mapping[str, Pages]
) -> None:
    """Write a dataset's raw tables the way extraction does; a table not given is an empty
    (but extracted) partition."""
    stamp = datetime(2026, 1, 7, 1, 0, tzinfo=UTC)
    for spec in DATASETS[dataset].tables:
        if day is None and spec.name not in tables:
            continue  # a dimension model this Odoo does not have
        dest = (
            layout.snapshot(RAW, spec.name)
            if day is None
            else layout.day_partition(RAW, spec.name, day)
        )
        schema = raw_schema(spec.columns)
        with StreamingWriter(dest, schema) as writer:
            for page in tables.get(spec.name, []):
                writer.write(
                    records_to_table(page, spec.columns, SOURCE, schema, extracted_at=stamp)
                )


def build_raw(layout: LakeLayout, with_brands: bool = True) -> None:
    for (dataset, day), tables in raw_days().items():
        write_raw(layout, dataset, day, tables)
    write_raw(
        layout, "dimensions", None, {k: [v] for k, v in dimension_records(with_brands).items()}
    )


def days_of(dataset: str) -> list[date]:
    return sorted(day for (name, day) in raw_days() if name == dataset)


def clean_and_load(layout: LakeLayout) -> None:
    clean_dimensions(layout)
    load_dimensions(layout)
    for dataset in DAILY:
        for day in days_of(dataset):
            clean_day(layout, DATASETS[dataset], day, TZ)
        load_days(layout, DATASETS[dataset], days_of(dataset))
