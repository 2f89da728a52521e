"""The demo Odoo over real HTTP: the odoorpc client, httpx JSON-2 calls, errors, flavours."""

from __future__ import annotations

import urllib.error
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import odoorpc
import pytest

from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo

END = date(2026, 11, 24)
NOW = datetime(2026, 11, 25, 3, 0)
ADMIN_KEY = "nkdash-demo-admin-key"
VIEWER_KEY = "nkdash-demo-viewer-key"
JAKARTA = ZoneInfo("Asia/Jakarta")
LINE_FIELDS = ["order_id", "product_id", "qty", "price_unit", "discount", "price_subtotal",
               "price_subtotal_incl", "tax_ids", "full_product_name"]  # fmt: skip


@pytest.fixture(scope="module")
def odoo19() -> Iterator[DemoOdoo]:
    with DemoOdoo(DemoConfig(days=20, flavour=19, end_date=END, now=NOW)).start() as odoo:
        yield odoo


@pytest.fixture(scope="module")
def odoo16() -> Iterator[DemoOdoo]:
    with DemoOdoo(DemoConfig(days=5, flavour=16, end_date=END, now=NOW)).start() as odoo:
        yield odoo


def rpc(odoo: DemoOdoo, service: str, method: str, *args: Any) -> dict[str, Any]:
    """One raw JSON-RPC call; returns the whole envelope."""
    body = {"jsonrpc": "2.0", "method": "call", "id": 7,
            "params": {"service": service, "method": method, "args": list(args)}}  # fmt: skip
    response = httpx.post(f"{odoo.url}/jsonrpc", json=body)
    assert response.status_code == 200
    return response.json()


def execute_kw(odoo: DemoOdoo, model: str, method: str, args: list[Any], kwargs=None, **kw):
    login = kw.get("secret", "admin")
    return rpc(odoo, "object", "execute_kw", odoo.db, kw.get("uid", 2), login, model, method,
               args, kwargs or {})  # fmt: skip


def json2(odoo: DemoOdoo, model: str, method: str, body: Any, key: str = ADMIN_KEY, **headers):
    headers = {"Authorization": f"bearer {key}", **headers}
    return httpx.post(f"{odoo.url}/json/2/{model}/{method}", json=body, headers=headers)


# -- odoorpc -------------------------------------------------------------------------------


@pytest.mark.parametrize("secret", ["admin", ADMIN_KEY])
def test_odoorpc_logs_in_and_pages_by_id(odoo19: DemoOdoo, secret: str) -> None:
    client = odoorpc.ODOO("127.0.0.1", port=odoo19.port)
    assert client.version == "19.0"
    client.login(odoo19.db, "admin", secret)
    assert client.env.uid == 2 and client.env.context["tz"] == "Asia/Jakarta"
    ids: list[int] = []
    last = 0
    while True:
        page = client.execute_kw(
            "pos.order.line", "search_read", [[("id", ">", last)]],
            {"fields": LINE_FIELDS, "order": "id asc", "limit": 2000,
             "context": {"tz": "Asia/Jakarta"}},
        )  # fmt: skip
        if not page:
            break
        ids += [r["id"] for r in page]
        last = page[-1]["id"]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert len(ids) == odoo19.data.counts["pos.order.line"] > 2000
    row = client.execute_kw("pos.order.line", "read", [ids[:1]], {"fields": LINE_FIELDS})[0]
    assert set(row) == {"id", *LINE_FIELDS}
    assert isinstance(row["order_id"], list) and isinstance(row["order_id"][1], str)
    assert isinstance(row["tax_ids"], list)
    # the env machinery works too (one fields_get per model)
    assert client.env["pos.order"].search_count([]) == odoo19.data.counts["pos.order"]
    assert "pos.order" in client.env


def test_keep_alive(odoo19: DemoOdoo) -> None:
    before = odoo19.connections_accepted
    with httpx.Client(base_url=odoo19.url) as client:
        for _ in range(5):
            assert client.get("/web/version").status_code == 200
    assert odoo19.connections_accepted - before == 1


def test_version_endpoints(odoo19: DemoOdoo, odoo16: DemoOdoo) -> None:
    version = httpx.get(f"{odoo19.url}/web/version").json()
    assert version == {"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}
    info = httpx.post(f"{odoo19.url}/web/webclient/version_info",
                      json={"jsonrpc": "2.0", "method": "call", "params": {}, "id": 1})  # fmt: skip
    assert info.json()["result"] == {
        "server_version": "19.0", "server_version_info": [19, 0, 0, "final", 0, ""],
        "server_serie": "19.0", "protocol_version": 1,
    }  # fmt: skip
    assert rpc(odoo16, "common", "version")["result"]["server_version"] == "16.0"


# -- JSON-2 --------------------------------------------------------------------------------


def test_json2_calls_match_jsonrpc(odoo19: DemoOdoo) -> None:
    domain = [["state", "in", ["paid", "done"]], ["amount_total", ">", 100000]]
    fields = ["name", "date_order", "partner_id", "amount_total", "lines", "state", "config_id"]
    rows = json2(odoo19, "pos.order", "search_read",
                 {"domain": domain, "fields": fields, "order": "id", "limit": 50,
                  "context": {"tz": "Asia/Jakarta"}}).json()  # fmt: skip
    assert len(rows) == 50
    same = execute_kw(odoo19, "pos.order", "search_read", [domain],
                      {"fields": fields, "order": "id", "limit": 50})["result"]  # fmt: skip
    assert rows == same
    read = json2(odoo19, "pos.order", "read", {"ids": [rows[3]["id"], rows[0]["id"]],
                                                "fields": fields})  # fmt: skip
    assert read.status_code == 200 and read.json() == [rows[3], rows[0]]
    count = json2(odoo19, "pos.order", "search_count", {"domain": domain}).json()
    assert count == execute_kw(odoo19, "pos.order", "search_count", [domain])["result"] > 50
    described = json2(odoo19, "pos.order.line", "fields_get",
                      {"attributes": ["type", "relation", "store"]}).json()  # fmt: skip
    assert described["order_id"] == {"type": "many2one", "relation": "pos.order", "store": True}
    assert described["tax_ids"]["type"] == "many2many"
    context = json2(odoo19, "res.users", "context_get", {}).json()
    assert context == {"lang": "en_US", "tz": "Asia/Jakarta", "uid": 2}


def test_json2_errors(odoo19: DemoOdoo) -> None:
    body = {"domain": [], "fields": ["name"], "limit": 1}
    bad_key = json2(odoo19, "pos.order", "search_read", body, key="nope")
    assert bad_key.status_code == 401 and bad_key.json()["message"] == "Invalid apikey"
    assert bad_key.headers["WWW-Authenticate"].lower().startswith("bearer")
    assert json2(odoo19, "pos.order", "search_read", body, key="admin").status_code == 401
    no_model = json2(odoo19, "no.such", "search_read", body)
    # unknown models and methods: werkzeug's NotFound as a JSON body, as Odoo 19 answers
    assert no_model.status_code == 404 and no_model.headers["content-type"].startswith(
        "application/json"
    )
    assert no_model.json()["name"] == "werkzeug.exceptions.NotFound"
    assert "the model 'no.such' does not exist" in no_model.json()["message"]
    no_method = json2(odoo19, "pos.order", "frobnicate", {})
    assert no_method.status_code == 404
    assert no_method.json()["name"] == "werkzeug.exceptions.NotFound"
    positional = json2(odoo19, "pos.order", "search_read", {"args": [[]]})
    assert positional.status_code == 422
    assert "unexpected keyword argument 'args'" in positional.json()["message"]
    assert json2(odoo19, "pos.order", "search_read", {"nope": 1}).status_code == 422
    with_ids = json2(odoo19, "pos.order", "search_read", {"ids": [1]})
    assert with_ids.status_code == 422
    assert with_ids.json()["message"] == "cannot call pos.order.search_read with ids"
    wrong_db = json2(odoo19, "pos.order", "search_read", body, **{"X-Odoo-Database": "other"})
    assert wrong_db.status_code == 404 and wrong_db.headers["content-type"].startswith("text/html")
    assert json2(odoo19, "pos.order", "search_read", body,
                 **{"X-Odoo-Database": odoo19.db}).status_code == 200  # fmt: skip
    bad_field = json2(odoo19, "pos.order", "search_read", {"domain": [["nofield", "=", 1]]})
    assert bad_field.status_code == 500
    assert bad_field.json()["name"] == "builtins.ValueError"
    assert bad_field.json()["message"] == (
        "Invalid field pos.order.nofield in condition ('nofield', '=', 1)"
    )
    denied = json2(odoo19, "ir.model", "search_read", body, key=VIEWER_KEY)
    assert denied.status_code == 403
    assert denied.json()["name"] == "odoo.exceptions.AccessError"
    assert denied.json()["message"] == (
        "You are not allowed to access 'Models' (ir.model) records.\n\n"
        "This operation is allowed for the following groups:\n\t- Access Rights\n\n"
        "Contact your administrator to request access if necessary."
    )
    assert json2(odoo19, "pos.order", "search_read", body, key=VIEWER_KEY).status_code == 200
    private = json2(odoo19, "pos.order", "_read_group_raw", {})
    assert private.status_code == 403
    assert json2(odoo19, "pos.order", "frobnicate", {}).status_code == 404
    assert json2(odoo19, "pos.order", "write", {"ids": [1], "vals": {"name": "x"}}).status_code \
        == 403  # fmt: skip


# -- JSON-RPC errors -------------------------------------------------------------------------


def test_wrong_password(odoo19: DemoOdoo) -> None:
    assert rpc(odoo19, "common", "login", odoo19.db, "admin", "wrong")["result"] is False
    assert rpc(odoo19, "common", "login", odoo19.db, "admin", "admin")["result"] == 2
    assert rpc(odoo19, "common", "authenticate", odoo19.db, "admin", ADMIN_KEY, {})["result"] == 2
    client = odoorpc.ODOO("127.0.0.1", port=odoo19.port)
    with pytest.raises(odoorpc.error.RPCError, match="Wrong login ID or password"):
        client.login(odoo19.db, "admin", "wrong")
    client.login(odoo19.db, "admin", "admin")
    client._password = "wrong"  # the password changed after login
    with pytest.raises(odoorpc.error.RPCError) as raised:
        client.execute_kw("pos.order", "search", [[]], {"limit": 1})
    info = raised.value.info
    assert info["code"] == 0 and info["message"] == "Odoo Server Error"
    assert info["data"]["name"] == "odoo.exceptions.AccessDenied"
    assert info["data"]["message"] == "Access Denied"
    assert info["data"]["debug"].startswith("Traceback")


def test_unknown_database(odoo19: DemoOdoo) -> None:
    for envelope in (
        rpc(odoo19, "common", "login", "nodb", "admin", "admin"),
        rpc(odoo19, "object", "execute_kw", "nodb", 2, "admin", "pos.order", "search", [[]], {}),
    ):
        data = envelope["error"]["data"]
        assert data["name"] == "psycopg2.OperationalError"
        assert 'database "nodb" does not exist' in data["message"]
    client = odoorpc.ODOO("127.0.0.1", port=odoo19.port)
    with pytest.raises(odoorpc.error.RPCError, match='database "nodb" does not exist'):
        client.login("nodb", "admin", "admin")


def test_rpc_error_shapes(odoo19: DemoOdoo) -> None:
    def error(model: str, method: str, args: list[Any], kwargs=None, **kw) -> dict[str, Any]:
        envelope = execute_kw(odoo19, model, method, args, kwargs, **kw)
        assert "result" not in envelope
        assert envelope["error"]["code"] == 0
        return envelope["error"]["data"]

    no_model = error("no.such", "search", [[]])
    assert no_model["name"] == "odoo.exceptions.UserError"
    assert no_model["message"] == "Object no.such doesn't exist"
    bad_field = error("pos.order", "search_read", [[("nofield", "=", 1)]])
    assert (bad_field["name"], bad_field["message"]) == (
        "builtins.ValueError", "Invalid field pos.order.nofield in condition ('nofield', '=', 1)"
    )  # fmt: skip
    unknown_read = error("pos.order", "read", [[1]], {"fields": ["nofield"]})
    assert unknown_read["message"] == "Invalid field 'nofield' on 'pos.order'"
    denied = error("ir.model", "search_read", [[]], {"limit": 1}, uid=3, secret="viewer")
    assert denied["name"] == "odoo.exceptions.AccessError"
    assert denied["message"].startswith(
        "You are not allowed to access 'Models' (ir.model) records."
    )
    no_method = error("pos.order", "frobnicate", [])
    assert no_method["name"] == "builtins.AttributeError"
    assert no_method["message"] == "The method 'pos.order.frobnicate' does not exist"
    refused = error("pos.order", "create", [{"name": "x"}])
    assert refused["name"] == "odoo.exceptions.AccessError"
    # the viewer's password and API key both work for what it may read
    ok = execute_kw(odoo19, "pos.order", "search_count", [[]], uid=3, secret=VIEWER_KEY)
    # ... and sees its own company's records only (it may not use NK Mart Bali)
    own = execute_kw(odoo19, "pos.order", "search_count", [[("company_id", "=", 1)]])
    assert ok["result"] == own["result"] < odoo19.data.counts["pos.order"]


# -- flavours ------------------------------------------------------------------------------


def test_flavour_16_against_19(odoo16: DemoOdoo, odoo19: DemoOdoo) -> None:
    def fields(odoo: DemoOdoo, model: str) -> dict[str, Any]:
        return execute_kw(odoo, model, "fields_get", [], {"attributes": ["type", "selection"]})[
            "result"
        ]

    sml16, sml19 = fields(odoo16, "stock.move.line"), fields(odoo19, "stock.move.line")
    assert "qty_done" in sml16 and "quantity" not in sml16
    assert "quantity" in sml19 and "qty_done" not in sml19
    states16 = [s for s, _ in fields(odoo16, "pos.order")["state"]["selection"]]
    states19 = [s for s, _ in fields(odoo19, "pos.order")["state"]["selection"]]
    assert "invoiced" in states16 and "invoiced" not in states19
    assert "is_refund" in fields(odoo19, "pos.order") and "is_refund" not in fields(
        odoo16, "pos.order"
    )
    assert "price_include_override" not in fields(odoo16, "account.tax")
    moves = execute_kw(odoo16, "stock.move.line", "search_read", [[("state", "=", "done")]],
                       {"fields": ["qty_done", "product_id"], "limit": 5})["result"]  # fmt: skip
    assert len(moves) == 5 and all(m["qty_done"] > 0 for m in moves)
    bad = execute_kw(odoo16, "stock.move.line", "read", [[1]], {"fields": ["quantity"]})
    assert bad["error"]["code"] == 200  # 16-18 still used 200
    assert bad["error"]["data"]["message"] == "Invalid field 'quantity' on model 'stock.move.line'"
    on_16 = json2(odoo16, "pos.order", "search_read", {"domain": []})
    assert on_16.status_code == 404 and "Not Found" in on_16.text
    invoiced = execute_kw(odoo16, "pos.order", "search_count", [[("state", "=", "invoiced")]])
    assert invoiced["result"] >= 0
    assert execute_kw(odoo16, "pos.order", "name_get", [[1]])["result"][0][0] == 1
    assert "error" in execute_kw(odoo19, "pos.order", "name_get", [[1]])


# -- grouping --------------------------------------------------------------------------------


def test_day_buckets_in_jakarta(odoo19: DemoOdoo, odoo16: DemoOdoo) -> None:
    orders = execute_kw(odoo19, "pos.order", "search_read", [[("state", "!=", "cancel")]],
                        {"fields": ["date_order", "amount_total", "config_id"]})["result"]  # fmt: skip
    expected: dict[date, list[float]] = {}
    for o in orders:
        utc = datetime.fromisoformat(o["date_order"]).replace(tzinfo=UTC)
        expected.setdefault(utc.astimezone(JAKARTA).date(), []).append(o["amount_total"])
    ctx = {"tz": "Asia/Jakarta"}
    groups = execute_kw(
        odoo19, "pos.order", "read_group",
        [[("state", "!=", "cancel")], ["amount_total:sum"], ["date_order:day"]],
        {"lazy": False, "context": ctx},
    )["result"]  # fmt: skip
    assert [g["date_order:day"] for g in groups] == [
        d.strftime("%d %b %Y") for d in sorted(expected)
    ]
    for g, day in zip(groups, sorted(expected), strict=True):
        assert g["__count"] == len(expected[day])
        assert g["amount_total"] == pytest.approx(sum(expected[day]))
        start = datetime.combine(day, datetime.min.time(), JAKARTA).astimezone(UTC)
        assert g["__range"]["date_order:day"]["from"] == start.strftime("%Y-%m-%d %H:%M:%S")
    formatted = json2(odoo19, "pos.order", "formatted_read_group", {
        "domain": [["state", "!=", "cancel"]], "groupby": ["date_order:day"],
        "aggregates": ["amount_total:sum", "__count"], "context": ctx,
    }).json()  # fmt: skip
    for f, day in zip(formatted, sorted(expected), strict=True):
        start = datetime.combine(day, datetime.min.time(), JAKARTA).astimezone(UTC)
        key = start.strftime("%Y-%m-%d %H:%M:%S")
        assert f["date_order:day"] == [key, day.strftime("%d %b %Y")]
        assert f["__count"] == len(expected[day])
        assert f["amount_total:sum"] == pytest.approx(sum(expected[day]))
        assert f["__extra_domain"][1] == ["date_order", ">=", key]
    by_config = json2(odoo19, "pos.order", "formatted_read_group", {
        "domain": [], "groupby": ["config_id"], "aggregates": ["__count"],
    }).json()  # fmt: skip
    assert sum(g["__count"] for g in by_config) == odoo19.data.counts["pos.order"]
    assert all(isinstance(g["config_id"], list) for g in by_config)
    # 16 answers read_group but has no formatted_read_group
    old = execute_kw(odoo16, "pos.order", "read_group",
                     [[], ["amount_total"], ["date_order:day"]], {"context": ctx})  # fmt: skip
    assert old["result"] and "date_order_count" in old["result"][0]
    assert "error" in execute_kw(odoo16, "pos.order", "formatted_read_group", [[]])


def test_domains_on_generated_data(odoo19: DemoOdoo) -> None:
    """A few paths and x2many terms on the real data, against Python over the fetched rows."""
    lines = execute_kw(odoo19, "account.move.line", "search_read", [[]],
                       {"fields": ["move_id", "display_type", "parent_state", "tax_ids"],
                        "order": "id"})["result"]  # fmt: skip
    moves = {
        m["id"]: m
        for m in execute_kw(odoo19, "account.move", "search_read", [[]],
                            {"fields": ["move_type", "state", "pos_order_ids"]})["result"]
    }  # fmt: skip
    domain = [("move_id.move_type", "in", ["out_invoice", "out_refund"]),
              ("parent_state", "=", "posted"), ("display_type", "=", "product"),
              ("move_id.pos_order_ids", "=", False)]  # fmt: skip
    found = execute_kw(odoo19, "account.move.line", "search", [domain], {"order": "id"})["result"]
    expected = [
        line["id"] for line in lines
        if moves[line["move_id"][0]]["move_type"] in ("out_invoice", "out_refund")
        and moves[line["move_id"][0]]["state"] == "posted"
        and line["display_type"] == "product"
        and not moves[line["move_id"][0]]["pos_order_ids"]
    ]  # fmt: skip
    assert found == expected and found
    taxed = execute_kw(odoo19, "account.move.line", "search", [[("tax_ids", "in", [1, 2])]],
                       {"order": "id"})["result"]  # fmt: skip
    assert taxed == [line["id"] for line in lines if {1, 2} & set(line["tax_ids"])]


# -- TLS -----------------------------------------------------------------------------------


def test_https(tmp_path) -> None:
    import ssl
    import subprocess

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    config = DemoConfig(days=2, end_date=END, now=NOW)
    with DemoOdoo(config, ssl_context=context).start() as odoo:
        assert odoo.url.startswith("https://127.0.0.1:")
        client_context = ssl.create_default_context(cafile=str(cert))
        version = httpx.get(f"{odoo.url}/web/version", verify=client_context)
        assert version.json()["version"] == "19.0"
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{odoo.url}/web/version")  # untrusted certificate
        with pytest.raises((urllib.error.URLError, ConnectionError)):
            odoorpc.ODOO("127.0.0.1", port=odoo.port)  # plain http against https


def test_clock_defaults_to_configured_now(odoo19: DemoOdoo) -> None:
    now = odoo19.clock()
    assert NOW <= now < NOW + timedelta(minutes=10)
