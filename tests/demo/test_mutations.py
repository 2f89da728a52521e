"""Changing the demo database while serving it: late edits the ETL's write_date sweep must see."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest

from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.errors import InvalidValue, MissingError
from nkdash_desktop.demo.server import DemoOdoo

T0 = datetime(2026, 11, 25, 4, 0, 0)


@pytest.fixture(scope="module")
def odoo() -> Iterator[DemoOdoo]:
    config = DemoConfig(days=3, end_date=date(2026, 11, 24), now=datetime(2026, 11, 25, 3))
    with DemoOdoo(config).start() as server:
        yield server


def call(odoo: DemoOdoo, model: str, method: str, args: list[Any], kwargs=None, secret="admin"):
    body = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
        "service": "object", "method": "execute_kw",
        "args": [odoo.db, 2, secret, model, method, args, kwargs or {}]}}  # fmt: skip
    return httpx.post(f"{odoo.url}/jsonrpc", json=body).json()


def read(odoo: DemoOdoo, model: str, ids: list[int], fields: list[str]) -> list[dict[str, Any]]:
    return call(odoo, model, "read", [ids], {"fields": fields})["result"]


def test_create_order_with_lines(odoo: DemoOdoo) -> None:
    odoo.clock = lambda: T0
    session = call(odoo, "pos.session", "search", [[]], {"limit": 1})["result"][0]
    product = call(odoo, "product.product", "search", [[("default_code", "!=", False)]],
                   {"limit": 1})["result"][0]  # fmt: skip
    order_id = odoo.create("pos.order", {
        "name": "Demo/0001", "date_order": "2026-11-24 18:30:00", "state": "paid",
        "session_id": session, "company_id": 1,
        "lines": [(0, 0, {"product_id": product, "qty": 2, "price_unit": 10000.0,
                          "discount": 10, "tax_ids": [1]}),
                  (0, 0, {"product_id": product, "qty": 1, "price_unit": 5000.0})],
    })  # fmt: skip
    order = read(odoo, "pos.order", [order_id],
                 ["lines", "amount_total", "amount_tax", "write_date", "create_date",
                  "config_id"])[0]  # fmt: skip
    assert order["write_date"] == order["create_date"] == "2026-11-25 04:00:00"
    assert len(order["lines"]) == 2 and order["config_id"]
    lines = read(odoo, "pos.order.line", order["lines"],
                 ["price_subtotal", "price_subtotal_incl", "order_id"])  # fmt: skip
    assert [(line["price_subtotal"], line["price_subtotal_incl"]) for line in lines] == [
        (18000.0, 19980.0), (5000.0, 5000.0)  # 11% PPN on the first line only
    ]  # fmt: skip
    assert order["amount_total"] == 24980.0 and order["amount_tax"] == 1980.0
    # 18:30 UTC on the 24th is already the 25th in Jakarta
    groups = call(odoo, "pos.order", "formatted_read_group", [
        [("id", "=", order_id)], ["date_order:day"], ["__count"]],
        {"context": {"tz": "Asia/Jakarta"}})["result"]  # fmt: skip
    assert groups == [{
        "date_order:day": ["2026-11-24 17:00:00", "25 Nov 2026"],
        "__extra_domain": ["&", ["date_order", ">=", "2026-11-24 17:00:00"],
                           ["date_order", "<", "2026-11-25 17:00:00"]],
        "__count": 1,
    }]  # fmt: skip


def test_write_recomputes_and_stamps(odoo: DemoOdoo) -> None:
    odoo.clock = lambda: T0
    order_id = odoo.create("pos.order", {"name": "Demo/0002", "date_order": "2026-11-24 05:00:00",
                                         "state": "paid", "company_id": 1})  # fmt: skip
    line = odoo.create("pos.order.line", {"order_id": order_id, "qty": 1, "price_unit": 1000.0})
    t1 = datetime(2026, 11, 25, 5, 30, 0)
    odoo.clock = lambda: t1
    odoo.write("pos.order.line", [line], {"full_product_name": "renamed"})
    order = read(odoo, "pos.order", [order_id], ["write_date", "amount_total"])[0]
    # editing a child line without changing amounts leaves the order untouched
    assert order == {"id": order_id, "write_date": "2026-11-25 04:00:00", "amount_total": 1000.0}
    odoo.write("pos.order.line", [line], {"qty": 3})
    order = read(odoo, "pos.order", [order_id], ["write_date", "amount_total"])[0]
    assert order == {"id": order_id, "write_date": "2026-11-25 05:30:00", "amount_total": 3000.0}
    changed = call(odoo, "pos.order.line", "search",
                   [[("write_date", ">=", "2026-11-25 05:30:00")]])["result"]  # fmt: skip
    assert changed == [line]
    # an explicit write_date is kept: a long transaction commits an older stamp
    odoo.write("pos.order.line", [line], {"discount": 50, "write_date": "2026-11-25 05:00:00"})
    stamped = read(odoo, "pos.order.line", [line], ["write_date", "price_subtotal"])[0]
    assert stamped["write_date"] == "2026-11-25 05:00:00" and stamped["price_subtotal"] == 1500.0


def test_an_edit_of_a_paid_order_settles_its_payments(odoo: DemoOdoo) -> None:
    """Odoo never keeps a paid order whose payments miss its total: the demo pays the
    difference of an edit, or gives it back, with the order's main method."""
    odoo.clock = lambda: T0
    paid_order = call(odoo, "pos.payment", "search_read",
                      [[("pos_order_id.state", "in", ["paid", "done"]), ("amount", ">", 0)]],
                      {"fields": ["pos_order_id"], "limit": 1})["result"][0]["pos_order_id"][0]  # fmt: skip
    order = read(odoo, "pos.order", [paid_order], ["lines", "payment_ids", "amount_total"])[0]
    before = read(odoo, "pos.payment", order["payment_ids"], ["amount", "payment_method_id"])
    line = read(odoo, "pos.order.line", order["lines"][:1], ["qty"])[0]

    def settled() -> tuple[dict, list[dict]]:
        now = read(odoo, "pos.order", [order["id"]],
                   ["amount_total", "amount_paid", "payment_ids"])[0]  # fmt: skip
        paid = read(odoo, "pos.payment", now["payment_ids"], ["amount", "payment_method_id"])
        assert round(sum(p["amount"] for p in paid), 2) == now["amount_total"] == now["amount_paid"]
        return now, paid

    odoo.write("pos.order.line", [line["id"]], {"qty": line["qty"] + 2})
    more, paid = settled()
    assert more["amount_total"] > order["amount_total"] and len(paid) == len(before) + 1
    main = max(before, key=lambda p: abs(p["amount"]))["payment_method_id"]
    extra = next(p for p in paid if p["id"] not in order["payment_ids"])
    assert extra["payment_method_id"] == main and extra["amount"] > 0
    odoo.write("pos.order.line", [line["id"]], {"qty": line["qty"]})  # back: given back
    back, paid = settled()
    assert back["amount_total"] == order["amount_total"] and min(p["amount"] for p in paid) < 0


def test_unlink_cascades(odoo: DemoOdoo) -> None:
    order_id = odoo.create("pos.order", {"name": "Demo/0003", "state": "cancel",
                                         "lines": [(0, 0, {"qty": 1, "price_unit": 1.0})]})  # fmt: skip
    lines = read(odoo, "pos.order", [order_id], ["lines"])[0]["lines"]
    odoo.unlink("pos.order", [order_id])
    assert read(odoo, "pos.order", [order_id], ["name"]) == []
    assert call(odoo, "pos.order.line", "search", [[("id", "in", lines)]])["result"] == []
    with pytest.raises(MissingError):
        odoo.unlink("pos.order", [order_id])


def test_admin_endpoint_mutations(odoo: DemoOdoo) -> None:
    def admin(**request: Any) -> Any:
        response = httpx.post(f"{odoo.url}/demo/admin", json=request)
        assert response.status_code == 200, response.text
        return response.json()["result"]

    partner = admin(action="create", model="res.partner", vals={"name": "Toko Baru"})
    assert admin(action="write", model="res.partner", ids=[partner], vals={"city": "Depok"})
    assert read(odoo, "res.partner", [partner], ["name", "city"]) == [
        {"id": partner, "name": "Toko Baru", "city": "Depok"}
    ]
    assert admin(action="unlink", model="res.partner", ids=[partner])
    assert read(odoo, "res.partner", [partner], ["name"]) == []
    bad = httpx.post(f"{odoo.url}/demo/admin",
                     json={"action": "write", "model": "res.partner", "ids": [1],
                           "vals": {"nofield": 1}})  # fmt: skip
    assert bad.status_code == 400 and "nofield" in bad.json()["error"]


def test_admin_sets_the_clock_that_stamps_new_records(odoo: DemoOdoo) -> None:
    """Another process's simulated clock (bench/tray_weeks.py) moves the demo's: a record made
    after it has that day's create_date, and the clock runs on from there."""
    later = datetime(2026, 12, 20, 19, 0, 0)
    response = httpx.post(f"{odoo.url}/demo/admin", json={"action": "clock", "now": f"{later}"})
    assert response.status_code == 200, response.text
    assert datetime.fromisoformat(response.json()["result"]) - later < timedelta(seconds=5)
    partner = odoo.create("res.partner", {"name": "Toko Nanti"})
    stamped = read(odoo, "res.partner", [partner], ["create_date"])[0]["create_date"]
    assert later <= datetime.fromisoformat(stamped) < later + timedelta(seconds=5)
    odoo.unlink("res.partner", [partner])
    odoo.clock = lambda: T0  # the module's other tests set their own


def test_revoke_and_restore(odoo: DemoOdoo) -> None:
    def login(secret: str, user: str = "admin") -> Any:
        body = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "service": "common", "method": "login", "args": [odoo.db, user, secret]}}  # fmt: skip
        return httpx.post(f"{odoo.url}/jsonrpc", json=body).json()["result"]

    def json2() -> int:
        return httpx.post(f"{odoo.url}/json/2/res.partner/search_count", json={"domain": []},
                          headers={"Authorization": "bearer nkdash-demo-admin-key"}).status_code  # fmt: skip

    odoo.revoke("admin")
    try:
        assert login("admin") is False and login("nkdash-demo-admin-key") is False
        denied = call(odoo, "res.partner", "search_count", [[]])
        assert denied["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
        assert json2() == 401
    finally:
        odoo.restore("admin")
    assert login("admin") == 2 and json2() == 200
    revoked = httpx.post(f"{odoo.url}/demo/admin", json={"action": "revoke", "login": "viewer"})
    assert revoked.status_code == 200 and login("viewer", "viewer") is False
    httpx.post(f"{odoo.url}/demo/admin", json={"action": "restore", "login": "viewer"})
    assert login("viewer", "viewer") == 3
    with pytest.raises(ValueError, match="no demo user"):
        odoo.revoke("nobody")


def test_hierarchy_and_related_writes(odoo: DemoOdoo) -> None:
    root = call(odoo, "product.category", "search", [[("parent_id", "=", False)]],
                {"limit": 1})["result"][0]  # fmt: skip
    root_name = read(odoo, "product.category", [root], ["complete_name"])[0]["complete_name"]
    child = odoo.create("product.category", {"name": "Promo", "parent_id": root})
    grandchild = odoo.create("product.category", {"name": "Flash", "parent_id": child})
    assert read(odoo, "product.category", [grandchild], ["complete_name"])[0][
        "complete_name"] == f"{root_name} / Promo / Flash"  # fmt: skip
    under = call(odoo, "product.category", "search", [[("id", "child_of", child)]])["result"]
    assert sorted(under) == [child, grandchild]
    sold = call(odoo, "pos.order.line", "search_read", [[("product_id", "!=", False)]],
                {"fields": ["product_id"], "limit": 1})["result"][0]  # fmt: skip
    product = sold["product_id"][0]
    odoo.write("product.product", [product], {"name": "Renamed Product", "categ_id": grandchild})
    row = read(odoo, "product.product", [product], ["name", "categ_id", "product_tmpl_id"])[0]
    assert row["name"] == "Renamed Product"
    assert row["categ_id"] == [grandchild, f"{root_name} / Promo / Flash"]
    template = read(odoo, "product.template", [row["product_tmpl_id"][0]], ["name"])[0]
    assert template["name"] == "Renamed Product"
    # display names are not cached across a write
    again = read(odoo, "pos.order.line", [sold["id"]], ["product_id"])[0]
    assert again["product_id"][1].endswith("Renamed Product")
    with pytest.raises(InvalidValue):
        odoo.write("res.partner", [1], {"nofield": 1})


def test_concurrent_reads_while_writing(odoo: DemoOdoo) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def reader(n: int) -> int:
        with httpx.Client(base_url=odoo.url) as client:
            seen = 0
            for _ in range(5):
                body = {"jsonrpc": "2.0", "method": "call", "id": n, "params": {
                    "service": "object", "method": "execute_kw", "args": [
                        odoo.db, 2, "admin", "pos.order.line", "search_read",
                        [[("id", ">", 0)]], {"fields": ["order_id", "tax_ids"], "limit": 500,
                                             "order": "id"}]}}  # fmt: skip
                seen += len(client.post("/jsonrpc", json=body).json()["result"])
            return seen

    def writer() -> int:
        partners = [odoo.create("res.partner", {"name": f"P{i}"}) for i in range(10)]
        odoo.write("res.partner", partners, {"city": "Bogor"})
        odoo.unlink("res.partner", partners)
        return len(partners)

    with ThreadPoolExecutor(6) as pool:
        reads = [pool.submit(reader, n) for n in range(5)]
        write = pool.submit(writer)
        assert write.result() == 10
        lines = call(odoo, "pos.order.line", "search_count", [[]])["result"]
        expected = 5 * min(500, lines)
        assert [r.result() for r in reads] == [expected] * 5


def test_a_move_moved_to_another_company_takes_its_lines(odoo: DemoOdoo) -> None:
    """account.move.line.company_id is related to its move's, stored (as in Odoo): writing
    the move's company moves its lines too."""
    odoo.clock = lambda: T0
    moves = call(odoo, "account.move", "search", [[("move_type", "=", "in_invoice"),
                                                   ("company_id", "=", 1)]], {"limit": 1})  # fmt: skip
    move = moves["result"][0]
    odoo.write("account.move", [move], {"company_id": 2, "journal_id": 7})
    lines = call(odoo, "account.move.line", "search_read", [[("move_id", "=", move)]],
                 {"fields": ["company_id"], "context": {"allowed_company_ids": [1, 2]}})  # fmt: skip
    assert lines["result"] and {line["company_id"][0] for line in lines["result"]} == {2}
