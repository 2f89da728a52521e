"""The demo engine's domain semantics, checked against plain Python on a tiny hand-made database.

The database has the generator's layout (one table per model, a column per stored field) but
only a few rows, chosen for the edge cases: NULL many2ones and strings, archived records, empty
and NULL many2many lists, a category tree, an order at 18:30 UTC (next day in Jakarta).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

import duckdb
import pytest

from nkdash_desktop.demo.access import EVERY_GROUP, STOCK_USER, with_implied
from nkdash_desktop.demo.engine import Engine
from nkdash_desktop.demo.errors import AccessError, InvalidValue, NoSuchMethod, UserError
from nkdash_desktop.demo.grouping import group
from nkdash_desktop.demo.registry import Registry
from nkdash_desktop.demo.schema import Flavour

SQL_TYPES = {
    "char": "VARCHAR", "text": "VARCHAR", "html": "VARCHAR", "selection": "VARCHAR",
    "integer": "BIGINT", "many2one": "BIGINT", "float": "DOUBLE", "monetary": "DOUBLE",
    "boolean": "BOOLEAN", "date": "DATE", "datetime": "TIMESTAMP", "many2many": "BIGINT[]",
}  # fmt: skip
T = datetime.fromisoformat

ROWS: dict[str, list[dict[str, Any]]] = {
    "res.company": [{"id": 1, "name": "NK Mart", "active": True},
                    {"id": 2, "name": "NK Bali", "active": True}],
    "res.users": [
        {"id": 2, "name": "Administrator", "login": "admin", "company_id": 1,
         "company_ids": [1, 2], "active": True, "tz": "Asia/Jakarta"},
        {"id": 3, "name": "Viewer", "login": "viewer", "company_id": 1, "company_ids": [1],
         "active": True, "tz": "Asia/Jakarta"},
    ],
    "res.partner": [
        {"id": 1, "name": "Budi", "active": True, "city": "Jakarta"},
        {"id": 2, "name": "Siti Rahma", "active": True, "city": None},
        {"id": 3, "name": None, "active": True, "city": "Bandung"},
        {"id": 4, "name": "PT Maju", "active": True, "is_company": True},
        {"id": 5, "name": "Andi", "parent_id": 4, "active": True, "city": "jakarta"},
        {"id": 6, "name": "Arsip Lama", "active": False},
    ],
    "product.category": [
        {"id": 1, "name": "All", "complete_name": "All", "parent_path": "1/"},
        {"id": 2, "name": "Food", "complete_name": "All / Food", "parent_id": 1,
         "parent_path": "1/2/"},
        {"id": 3, "name": "Snacks", "complete_name": "All / Food / Snacks", "parent_id": 2,
         "parent_path": "1/2/3/"},
        {"id": 4, "name": "Drinks", "complete_name": "All / Drinks", "parent_id": 1,
         "parent_path": "1/4/"},
    ],
    "product.template": [
        {"id": 1, "name": "Chips", "categ_id": 3, "list_price": 12000.0, "active": True,
         "taxes_id": [1]},
        {"id": 2, "name": "Cola", "categ_id": 4, "list_price": 8000.0, "active": True,
         "taxes_id": [1]},
        {"id": 3, "name": "Water", "categ_id": 4, "list_price": 4000.0, "active": False,
         "taxes_id": []},
        {"id": 4, "name": "Bread", "categ_id": 2, "list_price": 15000.0, "active": True},
    ],
    "product.product": [
        {"id": 1, "product_tmpl_id": 1, "default_code": "CH1", "active": True},
        {"id": 2, "product_tmpl_id": 2, "default_code": "CO1", "active": True},
        {"id": 3, "product_tmpl_id": 3, "default_code": None, "active": False},
        {"id": 4, "product_tmpl_id": 4, "default_code": "BR_1", "active": True},
    ],
    "account.tax": [
        {"id": 1, "name": "PPN 11%", "amount": 11.0, "amount_type": "percent",
         "type_tax_use": "sale", "price_include": False, "active": True, "sequence": 1},
        {"id": 2, "name": "Exempt", "amount": 0.0, "amount_type": "percent",
         "type_tax_use": "sale", "price_include": False, "active": True, "sequence": 2},
        {"id": 3, "name": "PPN 11% incl", "amount": 11.0, "amount_type": "percent",
         "type_tax_use": "purchase", "price_include": True, "active": True, "sequence": 3},
    ],
    "pos.config": [{"id": 1, "name": "Kasir 1", "active": True},
                   {"id": 2, "name": "Kasir 2", "active": True}],
    "pos.session": [{"id": 1, "name": "S/1", "config_id": 1, "state": "closed"},
                    {"id": 2, "name": "S/2", "config_id": 2, "state": "opened"}],
    "account.move": [
        {"id": 1, "name": "INV/1", "move_type": "out_invoice", "state": "posted",
         "date": date(2026, 1, 5), "partner_id": 1, "amount_total": 111.0},
        {"id": 2, "name": "RINV/1", "move_type": "out_refund", "state": "posted",
         "date": date(2026, 1, 6), "partner_id": 2, "amount_total": 55.5},
        {"id": 3, "name": "BILL/1", "move_type": "in_invoice", "state": "draft",
         "date": date(2026, 1, 6), "partner_id": 4, "amount_total": 200.0},
    ],
    "pos.order": [
        {"id": 1, "name": "O/1", "date_order": T("2026-01-05 02:00:00"), "state": "paid",
         "partner_id": 1, "session_id": 1, "amount_total": 100.0, "company_id": 1},
        {"id": 2, "name": "O/2", "date_order": T("2026-01-05 16:59:59"), "state": "done",
         "partner_id": None, "session_id": 1, "amount_total": 50.0, "company_id": 1},
        {"id": 3, "name": "O/3", "date_order": T("2026-01-05 18:30:00"), "state": "done",
         "partner_id": 2, "session_id": 2, "amount_total": 70.0, "company_id": 1,
         "account_move": 1},
        {"id": 4, "name": "O/4", "date_order": T("2026-01-06 10:00:00"), "state": "cancel",
         "partner_id": 5, "session_id": 2, "amount_total": 0.0, "company_id": 2},
        {"id": 5, "name": "O/5", "date_order": T("2026-01-07 00:00:00"), "state": "draft",
         "partner_id": 6, "session_id": None, "amount_total": None, "company_id": 2},
        {"id": 6, "name": None, "date_order": None, "state": "paid", "partner_id": 3,
         "session_id": 1, "amount_total": 12.5, "company_id": 1},
    ],
    "pos.order.line": [
        {"id": 1, "order_id": 1, "product_id": 1, "qty": 2.0, "price_unit": 12000.0,
         "tax_ids": [1], "full_product_name": "Chips"},
        {"id": 2, "order_id": 1, "product_id": 2, "qty": 1.0, "price_unit": 8000.0,
         "tax_ids": [1, 2], "full_product_name": "Cola"},
        {"id": 3, "order_id": 2, "product_id": 3, "qty": 3.0, "price_unit": 4000.0,
         "tax_ids": [], "full_product_name": "Water"},
        {"id": 4, "order_id": 3, "product_id": 4, "qty": -1.0, "price_unit": 15000.0,
         "tax_ids": None, "full_product_name": None, "refunded_orderline_id": 1},
        {"id": 5, "order_id": 4, "product_id": 1, "qty": 1.0, "price_unit": 12000.0,
         "tax_ids": [2], "full_product_name": "Chips 100%_promo"},
        {"id": 6, "order_id": None, "product_id": None, "qty": 0.0, "price_unit": None,
         "tax_ids": [3], "full_product_name": "Orphan"},
    ],
    "account.move.line": [
        {"id": 1, "move_id": 1, "display_type": "product", "product_id": 1, "quantity": 1.0,
         "tax_ids": [1], "price_subtotal": 100.0},
        {"id": 2, "move_id": 1, "display_type": "tax", "tax_ids": [], "price_subtotal": 11.0},
        {"id": 3, "move_id": 2, "display_type": "product", "product_id": 2, "quantity": 1.0,
         "tax_ids": [1], "price_subtotal": 50.0},
        {"id": 4, "move_id": 3, "display_type": "product", "product_id": 4, "quantity": 10.0,
         "tax_ids": [3], "price_subtotal": 180.0},
    ],
    "stock.location": [
        {"id": 1, "name": "WH", "complete_name": "WH", "usage": "view", "active": True,
         "parent_path": "1/"},
        {"id": 2, "name": "Stock", "complete_name": "WH/Stock", "usage": "internal",
         "location_id": 1, "active": True, "parent_path": "1/2/"},
        {"id": 3, "name": "Customers", "complete_name": "Partners/Customers",
         "usage": "customer", "active": True, "parent_path": "3/"},
    ],
    "stock.picking.type": [
        {"id": 1, "name": "Receipts", "code": "incoming", "active": True},
        {"id": 2, "name": "PoS Orders", "code": "outgoing", "active": True},
    ],
    "stock.picking": [{"id": 1, "name": "WH/IN/1", "picking_type_id": 1, "state": "done"},
                      {"id": 2, "name": "WH/POS/1", "picking_type_id": 2, "state": "done"}],
    "stock.move": [{"id": 1, "reference": "WH/IN/1", "picking_id": 1, "picking_type_id": 1},
                   {"id": 2, "reference": "WH/POS/1", "picking_id": 2, "picking_type_id": 2}],
    "stock.move.line": [
        {"id": 1, "move_id": 1, "picking_id": 1, "product_id": 1, "quantity": 10.0,
         "location_id": 1, "location_dest_id": 2, "state": "done",
         "date": T("2026-01-05 03:00:00")},
        {"id": 2, "move_id": 2, "picking_id": 2, "product_id": 1, "quantity": 2.0,
         "location_id": 2, "location_dest_id": 3, "state": "done",
         "date": T("2026-01-05 18:00:00")},
        {"id": 3, "move_id": None, "picking_id": None, "product_id": 2, "quantity": 1.0,
         "location_id": 2, "location_dest_id": 3, "state": "cancel", "date": None},
    ],
}  # fmt: skip

ADMIN = SimpleNamespace(uid=2, login="admin", groups=with_implied(EVERY_GROUP))
# an Inventory user: reads POS orders (not their lines) and no journal entries
VIEWER = SimpleNamespace(uid=3, login="viewer", groups=with_implied({STOCK_USER}))


def build(con: duckdb.DuckDBPyConnection, flavour: Flavour) -> None:
    """Tables in the generator's layout, filled with ROWS (missing columns are NULL)."""
    for name, model in flavour.models().items():
        columns = {
            f.column or n: SQL_TYPES[f.type]
            for n, f in flavour.fields(name).items()
            if f.related is None and f.inverse is None
        }
        ddl = ", ".join(f'"{c}" {t}' for c, t in columns.items())
        con.execute(f'CREATE TABLE "{model.table}" ({ddl})')
        for row in ROWS.get(name, []):
            stored = {
                (flavour.fields(name)[k].column or k): v
                for k, v in row.items()
                if k in flavour.fields(name)
            }
            if "quantity" in row and "quantity" in columns:  # qty_done is stored as quantity
                stored["quantity"] = row["quantity"]
            cols = ", ".join(f'"{c}"' for c in stored)
            marks = ", ".join("?" for _ in stored)
            con.execute(
                f'INSERT INTO "{model.table}" ({cols}) VALUES ({marks})', list(stored.values())
            )


def make_engine(version: int) -> Engine:
    con = duckdb.connect()
    flavour = Flavour(version, frozenset())
    build(con, flavour)
    return Engine(con, Registry(flavour), "Asia/Jakarta", grouper=group)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return make_engine(19)


@pytest.fixture(scope="module")
def engine16() -> Engine:
    return make_engine(16)


def ids(engine: Engine, model: str, domain: list[Any], **context: Any) -> list[int]:
    return engine.call(ADMIN, model, "search", [domain], {"order": "id", "context": context})


class Row(dict):
    """A fixture row where a column left out reads as NULL."""

    def __missing__(self, key: str) -> None:
        return None


def table(model: str) -> list[dict[str, Any]]:
    return [Row(r) for r in ROWS[model]]


def by_id(model: str) -> dict[int, dict[str, Any]]:
    return {r["id"]: r for r in table(model)}


def expected(model: str, predicate: Callable[[dict[str, Any]], bool], active: bool = True):
    rows = table(model)
    return [
        r["id"] for r in rows if predicate(r) and (not active or r.get("active", True) is not False)
    ]


def like(pattern: str, value: Any, ci: bool = True) -> bool:
    """SQL LIKE for the test patterns (% only)."""
    if value is None:
        return False
    import fnmatch

    translated = pattern.replace("*", "[*]").replace("?", "[?]").replace("%", "*")
    if ci:
        return fnmatch.fnmatchcase(str(value).lower(), translated.lower())
    return fnmatch.fnmatchcase(str(value), translated)


ORDERS = by_id("pos.order")
PARTNERS = by_id("res.partner")
MOVES = by_id("account.move")
CATEGS = by_id("product.category")
TEMPLATES = by_id("product.template")
PRODUCTS = by_id("product.product")


def partner_name(r: dict[str, Any]) -> Any:
    return PARTNERS[r["partner_id"]]["name"] if r.get("partner_id") else None


CASES: list[tuple[str, list[Any], Callable[[dict[str, Any]], bool]]] = [
    # comparison operators, with NULLs
    ("pos.order", [("amount_total", "=", 50.0)], lambda r: r["amount_total"] == 50.0),
    ("pos.order", [("amount_total", "!=", 50.0)], lambda r: r["amount_total"] != 50.0),
    ("pos.order", [("amount_total", "<", 50.0)],
     lambda r: r["amount_total"] is not None and r["amount_total"] < 50),
    ("pos.order", [("amount_total", "<=", 50.0)],
     lambda r: r["amount_total"] is not None and r["amount_total"] <= 50),
    ("pos.order", [("amount_total", ">", 50.0)],
     lambda r: r["amount_total"] is not None and r["amount_total"] > 50),
    ("pos.order", [("amount_total", ">=", 50.0)],
     lambda r: r["amount_total"] is not None and r["amount_total"] >= 50),
    ("pos.order", [("state", "in", ["paid", "done"])], lambda r: r["state"] in ("paid", "done")),
    ("pos.order", [("state", "not in", ["paid", "done"])],
     lambda r: r["state"] not in ("paid", "done")),
    ("pos.order", [("name", "=", False)], lambda r: r["name"] is None),
    ("pos.order", [("name", "!=", False)], lambda r: r["name"] is not None),
    ("pos.order", [("name", "!=", "O/1")], lambda r: r["name"] != "O/1"),
    ("pos.order", [("partner_id", "=", False)], lambda r: r["partner_id"] is None),
    ("pos.order", [("partner_id", "in", [1, False])], lambda r: r["partner_id"] in (1, None)),
    ("pos.order", [("partner_id", "not in", [1])], lambda r: r["partner_id"] != 1),
    ("pos.order", [("partner_id", "not in", [1, False])],
     lambda r: r["partner_id"] not in (1, None)),
    ("pos.order", [("partner_id", "in", [])], lambda r: False),
    ("pos.order", [("partner_id", "not in", [])], lambda r: True),
    # datetimes as naive UTC strings, dates widened to the whole day
    ("pos.order", [("date_order", ">=", "2026-01-05 17:00:00"),
                   ("date_order", "<", "2026-01-06 17:00:00")],
     lambda r: r["date_order"] is not None
     and T("2026-01-05 17:00:00") <= r["date_order"] < T("2026-01-06 17:00:00")),
    ("pos.order", [("date_order", "<=", "2026-01-05")],
     lambda r: r["date_order"] is not None and r["date_order"] <= T("2026-01-05 23:59:59")),
    ("pos.order", [("date_order", ">", "2026-01-06")],
     lambda r: r["date_order"] is not None and r["date_order"] > T("2026-01-06 23:59:59")),
    # like family
    ("res.partner", [("name", "like", "Rah")], lambda r: like("%Rah%", r["name"], ci=False)),
    ("res.partner", [("name", "ilike", "rah")], lambda r: like("%rah%", r["name"])),
    ("res.partner", [("name", "not ilike", "a")],
     lambda r: r["name"] is None or not like("%a%", r["name"])),
    ("res.partner", [("name", "not like", "Budi")],
     lambda r: r["name"] is None or not like("%Budi%", r["name"], ci=False)),
    ("res.partner", [("name", "=like", "B%")], lambda r: like("B%", r["name"], ci=False)),
    ("res.partner", [("name", "=ilike", "b%")], lambda r: like("b%", r["name"])),
    ("res.partner", [("city", "=ilike", "jakarta")], lambda r: like("jakarta", r["city"])),
    ("res.partner", [("city", "ilike", "")], lambda r: True),
    # operators and implicit AND
    ("pos.order", ["|", ("state", "=", "draft"), ("partner_id", "=", 1)],
     lambda r: r["state"] == "draft" or r["partner_id"] == 1),
    ("pos.order", ["&", ("state", "=", "done"), ("partner_id", "!=", False)],
     lambda r: r["state"] == "done" and r["partner_id"] is not None),
    ("pos.order", [("state", "=", "done"), ("partner_id", "!=", False)],
     lambda r: r["state"] == "done" and r["partner_id"] is not None),
    ("pos.order", ["!", ("state", "=", "done")], lambda r: r["state"] != "done"),
    ("pos.order", ["!", ("partner_id", "=", 1)], lambda r: r["partner_id"] != 1),
    ("pos.order", ["!", "|", ("state", "=", "done"), ("amount_total", ">", 60)],
     lambda r: r["state"] != "done"
     and (r["amount_total"] is not None and r["amount_total"] <= 60)),
    ("pos.order", ["|", "!", ("state", "=", "paid"), "&", ("partner_id", "=", 1),
                   ("amount_total", ">", 10)],
     lambda r: r["state"] != "paid" or (r["partner_id"] == 1 and (r["amount_total"] or 0) > 10)),
    # many2one by name, dotted paths
    ("pos.order", [("partner_id", "ilike", "siti")], lambda r: like("%siti%", partner_name(r))),
    ("pos.order", [("partner_id", "not ilike", "siti")],
     lambda r: not like("%siti%", partner_name(r))),
    ("pos.order", [("partner_id.city", "ilike", "jakarta")],
     lambda r: r["partner_id"] is not None and like("%jakarta%", PARTNERS[r["partner_id"]].get(
         "city"))),
    ("pos.order", [("partner_id.name", "=", False)],
     lambda r: r["partner_id"] is not None and PARTNERS[r["partner_id"]]["name"] is None),
    ("pos.order", [("partner_id.parent_id.is_company", "=", True)],
     lambda r: r["partner_id"] is not None and PARTNERS[r["partner_id"]].get("parent_id")
     is not None and PARTNERS[PARTNERS[r["partner_id"]]["parent_id"]].get("is_company") is True),
    ("pos.order.line", [("order_id.date_order", ">=", "2026-01-05 17:00:00")],
     lambda r: r["order_id"] is not None and ORDERS[r["order_id"]]["date_order"] is not None
     and ORDERS[r["order_id"]]["date_order"] >= T("2026-01-05 17:00:00")),
    ("pos.order.line", [("order_id.state", "in", ["paid", "done"])],
     lambda r: r["order_id"] is not None and ORDERS[r["order_id"]]["state"] in ("paid", "done")),
    ("account.move.line", [("move_id.move_type", "in", ["out_invoice", "out_refund"])],
     lambda r: MOVES[r["move_id"]]["move_type"] in ("out_invoice", "out_refund")),
    # related fields: through their path
    ("account.move.line", [("parent_state", "=", "posted")],
     lambda r: MOVES[r["move_id"]]["state"] == "posted"),
    ("account.move.line", [("date", ">=", "2026-01-06")],
     lambda r: MOVES[r["move_id"]]["date"] >= date(2026, 1, 6)),
    ("account.move.line", [("move_type", "=", "out_refund")],
     lambda r: MOVES[r["move_id"]]["move_type"] == "out_refund"),
    ("stock.move.line", [("picking_code", "=", "outgoing")], lambda r: r["picking_id"] == 2),
    ("stock.move.line", [("picking_id.picking_type_id.code", "=", "incoming")],
     lambda r: r["picking_id"] == 1),
    ("stock.move.line", [("location_dest_usage", "in", ["customer"])],
     lambda r: r["location_dest_id"] == 3),
    # one2many and many2many
    ("account.move", [("pos_order_ids", "=", False)], lambda r: r["id"] != 1),
    ("account.move", [("pos_order_ids", "!=", False)], lambda r: r["id"] == 1),
    ("account.move.line", [("move_id.pos_order_ids", "=", False)], lambda r: r["move_id"] != 1),
    ("pos.order", [("lines.product_id", "=", 4)], lambda r: r["id"] == 3),
    ("pos.order", [("lines", "in", [2, 5])], lambda r: r["id"] in (1, 4)),
    ("pos.order", [("lines", "=", False)], lambda r: r["id"] in (5, 6)),
    ("pos.order.line", [("tax_ids", "in", [1, 2])],
     lambda r: bool(set(r["tax_ids"] or []) & {1, 2})),
    ("pos.order.line", [("tax_ids", "not in", [1])], lambda r: 1 not in (r["tax_ids"] or [])),
    ("pos.order.line", [("tax_ids", "=", False)], lambda r: not r["tax_ids"]),
    ("pos.order.line", [("tax_ids", "!=", False)], lambda r: bool(r["tax_ids"])),
    ("pos.order.line", [("tax_ids", "=", 3)], lambda r: 3 in (r["tax_ids"] or [])),
    ("pos.order.line", [("tax_ids.price_include", "=", True)],
     lambda r: 3 in (r["tax_ids"] or [])),
    ("pos.order.line", [("tax_ids", "ilike", "exempt")], lambda r: 2 in (r["tax_ids"] or [])),
    # hierarchy
    ("product.category", [("id", "child_of", 2)], lambda r: r["id"] in (2, 3)),
    ("product.category", [("id", "child_of", [1])], lambda r: True),
    ("product.category", [("id", "parent_of", 3)], lambda r: r["id"] in (1, 2, 3)),
    ("product.template", [("categ_id", "child_of", 2)], lambda r: r["categ_id"] in (2, 3)),
    ("product.template", [("categ_id", "child_of", "Food")], lambda r: r["categ_id"] in (2, 3)),
    ("res.partner", [("id", "child_of", 4)], lambda r: r["id"] in (4, 5)),
    ("stock.location", [("id", "child_of", 1)], lambda r: r["id"] in (1, 2)),
    # many2one into a model with related rec names, and name search on product.product
    ("product.product", [("categ_id", "child_of", 4)],
     lambda r: TEMPLATES[r["product_tmpl_id"]]["categ_id"] == 4),
    ("product.product", [("name", "ilike", "co")],
     lambda r: like("%co%", TEMPLATES[r["product_tmpl_id"]]["name"])),
    ("product.product", [("display_name", "ilike", "br_")],
     lambda r: like("%br_%", r["default_code"]) or like("%br_%",
                                                       TEMPLATES[r["product_tmpl_id"]]["name"])),
    ("pos.order.line", [("product_id", "ilike", "CH1")], lambda r: r["product_id"] == 1),
    ("pos.order.line", [("product_id.categ_id", "child_of", 2)],
     lambda r: r["product_id"] in (1, 4)),
    # booleans: False means false or NULL
    ("res.partner", [("is_company", "=", False)], lambda r: not r.get("is_company")),
    ("res.partner", [("is_company", "!=", False)], lambda r: r.get("is_company") is True),
    ("res.partner", [("is_company", "in", [False])], lambda r: not r.get("is_company")),
    # explicit TRUE/FALSE leaves
    ("pos.order", [(1, "=", 1)], lambda r: True),
    ("pos.order", [(0, "=", 1)], lambda r: False),
]  # fmt: skip


@pytest.mark.parametrize(("model", "domain", "predicate"), CASES, ids=[str(c[1]) for c in CASES])
def test_domain_matches_python(engine: Engine, model: str, domain: list[Any], predicate) -> None:
    assert ids(engine, model, domain) == expected(model, predicate)


def test_every_operator_is_covered() -> None:
    used = set()
    for _model, domain, _p in CASES:
        for term in domain:
            if isinstance(term, tuple):
                used.add(term[1])
                used.add("dotted" if "." in str(term[0]) else "plain")
            else:
                used.add(term)
    wanted = {"=", "!=", "<", "<=", ">", ">=", "in", "not in", "like", "ilike", "=like",
              "=ilike", "not like", "not ilike", "child_of", "parent_of", "&", "|", "!",
              "dotted"}  # fmt: skip
    assert wanted <= used


def test_active_test(engine: Engine) -> None:
    everyone = [r["id"] for r in table("res.partner")]
    assert ids(engine, "res.partner", []) == [i for i in everyone if i != 6]
    assert ids(engine, "res.partner", [], active_test=False) == everyone
    assert ids(engine, "res.partner", [("active", "=", False)]) == [6]
    assert ids(engine, "res.partner", [("active", "in", [True, False])]) == everyone
    # a many2one path searches the comodel without the active filter (archived Water matches)
    assert ids(engine, "pos.order.line", [("product_id.name", "=", "Water")]) == [3]
    # read() by id sees archived records
    rows = engine.call(ADMIN, "product.product", "read", [[3]], {"fields": ["display_name"]})
    assert rows == [{"id": 3, "display_name": "Water"}]


def test_company_rule_from_context(engine: Engine) -> None:
    both = ids(engine, "pos.order", [], allowed_company_ids=[1, 2])
    only_bali = ids(engine, "pos.order", [], allowed_company_ids=[2])
    assert both == [1, 2, 3, 4, 5, 6]
    assert only_bali == [4, 5]
    with pytest.raises(AccessError):
        engine.call(VIEWER, "pos.order", "search", [[]], {"context": {"allowed_company_ids": [2]}})


def test_search_read_values_as_odoo_sends_them(engine: Engine) -> None:
    rows = engine.call(
        ADMIN, "pos.order.line", "search_read", [[("id", "in", [1, 4, 6])]],
        {"fields": ["order_id", "product_id", "qty", "tax_ids", "full_product_name",
                    "price_unit", "refunded_orderline_id"], "order": "id"},
    )  # fmt: skip
    assert rows[0] == {
        "id": 1, "order_id": [1, "O/1"], "product_id": [1, "[CH1] Chips"], "qty": 2.0,
        "tax_ids": [1], "full_product_name": "Chips", "price_unit": 12000.0,
        "refunded_orderline_id": False,
    }  # fmt: skip
    assert rows[1]["tax_ids"] == [] and rows[1]["full_product_name"] is False
    assert rows[1]["refunded_orderline_id"] == [1, ""]  # the line has no name
    assert rows[2]["order_id"] is False and rows[2]["product_id"] is False
    assert rows[2]["price_unit"] is False
    order = engine.call(
        ADMIN, "pos.order", "read", [[3, 1]], {"fields": ["date_order", "lines", "partner_id"]}
    )
    assert [o["id"] for o in order] == [3, 1]  # read keeps the ids' order
    assert order[0]["date_order"] == "2026-01-05 18:30:00"
    assert order[1]["lines"] == [1, 2]
    move = engine.call(ADMIN, "account.move", "read", [[1]], {"fields": ["date", "pos_order_ids"]})
    assert move == [{"id": 1, "date": "2026-01-05", "pos_order_ids": [3]}]


def test_related_fields_read_and_order(engine: Engine) -> None:
    rows = engine.call(
        ADMIN, "account.move.line", "search_read", [[]],
        {"fields": ["move_name", "date", "parent_state", "journal_id"], "order": "date desc, id"},
    )  # fmt: skip
    assert [r["id"] for r in rows] == [3, 4, 1, 2]
    assert rows[0] == {
        "id": 3, "move_name": "RINV/1", "date": "2026-01-06", "parent_state": "posted",
        "journal_id": False,
    }  # fmt: skip
    products = engine.call(
        ADMIN, "product.product", "search_read", [[]],
        {"fields": ["name", "categ_id", "taxes_id", "lst_price"], "order": "name"},
    )  # fmt: skip
    assert [p["name"] for p in products] == ["Bread", "Chips", "Cola"]
    assert products[1]["categ_id"] == [3, "All / Food / Snacks"]
    assert products[1]["taxes_id"] == [1] and products[0]["taxes_id"] == []
    picking = engine.call(ADMIN, "stock.move.line", "read", [[2, 3]], {"fields": ["picking_code"]})
    assert picking == [{"id": 2, "picking_code": "outgoing"}, {"id": 3, "picking_code": False}]


def test_default_order_and_paging(engine: Engine) -> None:
    # pos.order default order: date_order desc, name desc, id desc; NULL first like PostgreSQL
    default = engine.call(ADMIN, "pos.order", "search", [[]], {})
    assert default == [6, 5, 4, 3, 2, 1]
    page = engine.call(ADMIN, "pos.order", "search", [[("id", ">", 2)]],
                       {"order": "id asc", "limit": 2})  # fmt: skip
    assert page == [3, 4]
    assert engine.call(ADMIN, "pos.order", "search", [[]], {"order": "id", "offset": 4}) == [5, 6]
    by_partner = engine.call(ADMIN, "pos.order", "search", [[("partner_id", "!=", False)]],
                             {"order": "partner_id desc"})  # fmt: skip
    assert by_partner == [5, 4, 6, 3, 1]  # many2one: by the partner's own order (id)
    assert engine.call(ADMIN, "pos.order", "search_count", [[("state", "=", "done")]], {}) == 2


def test_errors(engine: Engine, engine16: Engine) -> None:
    with pytest.raises(InvalidValue, match=r"Invalid field pos.order.nofield in condition "
                       r"\('nofield', '=', 1\)"):  # fmt: skip
        ids(engine, "pos.order", [("nofield", "=", 1)])
    with pytest.raises(InvalidValue, match=r"^Invalid field 'nofield' on 'pos\.order'$"):
        engine.call(ADMIN, "pos.order", "read", [[1]], {"fields": ["nofield"]})
    with pytest.raises(InvalidValue, match=r"^Invalid field 'nofield' on model 'pos\.order'$"):
        engine16.call(ADMIN, "pos.order", "read", [[1]], {"fields": ["nofield"]})
    with pytest.raises(UserError, match=r"Object no\.such doesn't exist"):
        engine.call(ADMIN, "no.such", "search", [[]], {})
    with pytest.raises(
        AccessError, match=r"not allowed to access 'Journal Entry' \(account.move\)"
    ):
        engine.call(VIEWER, "account.move", "search_read", [[]], {"fields": ["name"]})
    with pytest.raises(NoSuchMethod):
        engine.call(ADMIN, "pos.order", "frobnicate", [], {})
    with pytest.raises(InvalidValue, match="Invalid field 'qty_done'"):
        engine.call(ADMIN, "stock.move.line", "read", [[1]], {"fields": ["qty_done"]})
    assert engine16.call(ADMIN, "stock.move.line", "read", [[1]], {"fields": ["qty_done"]}) == [
        {"id": 1, "qty_done": 10.0}
    ]
    with pytest.raises(InvalidValue, match="Invalid field 'quantity'"):
        engine16.call(ADMIN, "stock.move.line", "read", [[1]], {"fields": ["quantity"]})
    with pytest.raises(NoSuchMethod):
        engine.call(ADMIN, "pos.order", "name_get", [[1]], {})
    assert engine16.call(ADMIN, "pos.order", "name_get", [[1, 3]], {}) == [[1, "O/1"], [3, "O/3"]]
    with pytest.raises(InvalidValue, match="Invalid leaf"):
        ids(engine, "pos.order", [("state", "=")])
    with pytest.raises(InvalidValue, match="Invalid operator"):
        ids(engine, "pos.order", [("state", "~", "x")])
    with pytest.raises(InvalidValue, match='Invalid "order"'):
        engine.call(ADMIN, "pos.order", "search", [[]], {"order": "nofield desc"})
    with pytest.raises(InvalidValue, match="syntactically"):
        ids(engine, "pos.order", ["|", ("state", "=", "done")])


def test_fields_get_by_flavour(engine: Engine, engine16: Engine) -> None:
    new = engine.call(ADMIN, "pos.order", "fields_get", [], {"attributes": ["type", "selection"]})
    old = engine16.call(ADMIN, "pos.order", "fields_get", [], {})
    assert [v for v, _label in new["state"]["selection"]] == ["draft", "cancel", "paid", "done"]
    assert "invoiced" in [v for v, _label in old["state"]["selection"]]
    assert "is_refund" in new and "is_refund" not in old
    assert set(new["state"]) == {"type", "selection"}
    assert old["lines"]["relation"] == "pos.order.line"
    assert old["lines"]["relation_field"] == "order_id"
    lines = engine.call(ADMIN, "pos.order.line", "fields_get", [["order_id"]], {})
    assert list(lines) == ["order_id"] and lines["order_id"]["required"] is True
    sml = engine.call(ADMIN, "stock.move.line", "fields_get", [], {"attributes": ["type"]})
    sml16 = engine16.call(ADMIN, "stock.move.line", "fields_get", [], {"attributes": ["type"]})
    assert "quantity" in sml and "qty_done" not in sml
    assert "qty_done" in sml16 and "quantity" not in sml16


def test_read_group_days_in_jakarta(engine: Engine) -> None:
    ctx = {"tz": "Asia/Jakarta"}
    groups = engine.call(
        ADMIN, "pos.order", "read_group",
        [[("date_order", "!=", False)], ["amount_total:sum"], ["date_order:day"]],
        {"lazy": False, "context": ctx},
    )  # fmt: skip
    # 02:00 and 16:59:59 UTC are 5 Jan in Jakarta; 18:30 UTC is already 6 Jan
    assert [g["date_order:day"] for g in groups] == ["05 Jan 2026", "06 Jan 2026", "07 Jan 2026"]
    assert [g["__count"] for g in groups] == [2, 2, 1]
    assert groups[0]["amount_total"] == 150.0 and groups[1]["amount_total"] == 70.0
    assert groups[1]["__range"] == {
        "date_order:day": {"from": "2026-01-05 17:00:00", "to": "2026-01-06 17:00:00"}
    }
    assert groups[1]["__domain"] == [
        "&", "&", ("date_order", ">=", "2026-01-05 17:00:00"),
        ("date_order", "<", "2026-01-06 17:00:00"), ("date_order", "!=", False),
    ]  # fmt: skip
    utc = engine.call(ADMIN, "pos.order", "read_group",
                      [[("date_order", "!=", False)], ["amount_total"], ["date_order:day"]],
                      {"lazy": False})  # fmt: skip
    assert [g["__count"] for g in utc] == [3, 1, 1]  # without tz: UTC days
    lazy = engine.call(ADMIN, "pos.order", "read_group",
                       [[], ["amount_total"], ["partner_id", "state"]], {})  # fmt: skip
    assert lazy[0]["partner_id"] == [1, "Budi"] and lazy[0]["partner_id_count"] == 1
    assert lazy[0]["__context"] == {"group_by": ["state"]}
    assert lazy[-1]["partner_id"] is False


def test_formatted_read_group(engine: Engine, engine16: Engine) -> None:
    groups = engine.call(
        ADMIN, "pos.order", "formatted_read_group", [],
        {"domain": [("date_order", "!=", False)], "groupby": ["date_order:day", "session_id"],
         "aggregates": ["amount_total:sum", "__count"], "context": {"tz": "Asia/Jakarta"}},
    )  # fmt: skip
    first = groups[0]
    assert first["date_order:day"] == ["2026-01-04 17:00:00", "05 Jan 2026"]
    assert first["session_id"] == [1, "S/1"]
    assert first["amount_total:sum"] == 150.0 and first["__count"] == 2
    assert first["__extra_domain"] == [
        "&", "&", ("date_order", ">=", "2026-01-04 17:00:00"),
        ("date_order", "<", "2026-01-05 17:00:00"), ("session_id", "=", 1),
    ]  # fmt: skip
    assert [g["__count"] for g in groups] == [2, 2, 1]
    assert groups[-1]["session_id"] is False
    having = engine.call(
        ADMIN, "pos.order", "formatted_read_group", [[], ["state"], ["__count"]],
        {"having": [("__count", ">", 1)], "order": "__count desc, state"},
    )  # fmt: skip
    assert having == [
        {"state": "done", "__extra_domain": [("state", "=", "done")], "__count": 2},
        {"state": "paid", "__extra_domain": [("state", "=", "paid")], "__count": 2},
    ]
    with pytest.raises(NoSuchMethod):
        engine16.call(ADMIN, "pos.order", "formatted_read_group", [[]], {})
    months = engine.call(
        ADMIN,
        "account.move",
        "formatted_read_group",
        [[], ["date:month"], ["amount_total:sum"]],
        {},
    )
    assert months == [{"date:month": ["2026-01-01", "January 2026"],
                       "__extra_domain": ["&", ("date", ">=", "2026-01-01"),
                                          ("date", "<", "2026-02-01")],
                       "amount_total:sum": 366.5}]  # fmt: skip


def test_method_binding(engine: Engine, engine16: Engine) -> None:
    from nkdash_desktop.demo.errors import BadArguments

    with pytest.raises(BadArguments, match="unexpected keyword argument 'args'"):
        engine.call(ADMIN, "pos.order", "search_read", [], {"args": []})
    with pytest.raises(BadArguments, match="count"):
        engine.call(ADMIN, "pos.order", "search", [[]], {"count": True})
    assert engine16.call(ADMIN, "pos.order", "search", [[]], {"count": True}) == 6
    assert engine.call(ADMIN, "res.users", "context_get", [], {}) == {
        "lang": "en_US", "tz": "Asia/Jakarta", "uid": 2,
    }  # fmt: skip
    assert engine.call(ADMIN, "res.partner", "name_search", ["bud"], {}) == [[1, "Budi"]]
    assert engine16.call(ADMIN, "account.move", "check_access_rights", ["read"], {}) is True
    assert engine16.call(VIEWER, "account.move", "check_access_rights", ["read"],
                         {"raise_exception": False}) is False  # fmt: skip
    with pytest.raises(AccessError):
        engine.call(ADMIN, "pos.order", "write", [[1], {"name": "x"}], {})
