"""Every failure produced by a real condition, with the exact sentence the operator reads, the
retries it did (or did not) cost, and no secret in any exception text or log record."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from odoo_support import ADMIN_KEY, VIEWER_KEY, WRONG_KEY, WRONG_PASSWORD, exception_texts

from nkdash_desktop.demo.access import REPORTING_USER
from nkdash_desktop.odoo import (
    CompanyRefused,
    HostNotFound,
    HostUnreachable,
    Json2Unavailable,
    NoExternalApi,
    NoReadAccess,
    OdooTimeout,
    ServerError,
    ServerUnavailable,
    UnknownDatabase,
    WrongCredentials,
)


def wrong_login_sentence(login: str = "admin", db: str = "nkdash_demo") -> str:
    return (
        f'Odoo refused the login "{login}" with this password or API key on database "{db}": '
        "check both in Settings (an API key may have expired or been revoked)."
    )


WRONG_KEY_SENTENCE = (
    'Odoo refused the API key of "admin" on database "nkdash_demo": the JSON-2 transport needs '
    "a valid API key (Odoo: Preferences > Account Security > New API Key), so enter one in "
    "Settings or choose the Automatic transport."
)


def no_access_sentence(model: str, advice: str, login: str = "viewer") -> str:
    return f'The Odoo user "{login}" has no read access to {model}: {advice}.'


def raised(fn) -> BaseException:
    with pytest.raises(Exception) as info:
        fn()
    text = exception_texts(info.value)
    for secret in (ADMIN_KEY, VIEWER_KEY, WRONG_KEY, WRONG_PASSWORD):
        assert secret not in text
    assert "Traceback" not in str(info.value)
    return info.value


@pytest.fixture
def faults(demo19, demo16):
    """The fault switches of both demo servers, cleared after the test."""
    yield demo19.faults
    for srv in (demo19, demo16):
        srv.faults.latency_ms = 0
        srv.faults.down = False
        srv.restore("admin")
        reset = getattr(srv.faults, "reset", None)
        if reset is not None:
            reset()


# -- credentials and database -------------------------------------------------------------------


@pytest.mark.parametrize("flavour", [16, 19])
def test_wrong_password_over_jsonrpc(flavour, demo16, demo19, make_client, sleeps):
    srv = demo16 if flavour == 16 else demo19
    err = raised(make_client(srv, WRONG_PASSWORD, transport="jsonrpc").connect)
    assert isinstance(err, WrongCredentials)
    assert str(err) == wrong_login_sentence()
    assert sleeps == []  # never retried


def test_wrong_key_over_json2(demo19, make_client, sleeps):
    err = raised(make_client(demo19, WRONG_KEY, transport="json2").connect)
    assert isinstance(err, WrongCredentials)
    assert str(err) == WRONG_KEY_SENTENCE
    assert sleeps == []


def test_wrong_key_in_auto_mode_tries_both_then_says_so(demo19, make_client, sleeps):
    client = make_client(demo19, WRONG_KEY, transport="auto")
    err = raised(client.connect)
    assert str(err) == wrong_login_sentence()
    assert client.stats.snapshot()["connect"]["requests"] == 3  # version, JSON-2, JSON-RPC
    assert sleeps == []


@pytest.mark.parametrize("transport", ["jsonrpc", "json2"])
def test_unknown_database(transport, demo19, make_client, sleeps):
    err = raised(make_client(demo19, ADMIN_KEY, database="nodb", transport=transport).connect)
    assert isinstance(err, UnknownDatabase)
    assert str(err) == (
        f'The Odoo server at {demo19.url} has no database named "nodb": check the database '
        "name in Settings."
    )
    assert sleeps == []


def test_json2_refused_on_16(demo16, make_client):
    err = raised(make_client(demo16, ADMIN_KEY, transport="json2").connect)
    assert isinstance(err, Json2Unavailable)
    assert str(err).startswith("Odoo 16.")
    assert str(err).endswith(
        f" at {demo16.url} has no JSON-2 API (it needs Odoo 19 or later): choose the Automatic "
        "or JSON-RPC transport in Settings."
    )


@pytest.mark.parametrize("transport", ["jsonrpc", "json2"])
def test_key_revoked_between_two_pages(transport, demo19, make_client, faults, sleeps):
    client = make_client(demo19, ADMIN_KEY, transport=transport)
    pages = client.search_read_pages("pos.order.line", [], ["qty"], batch_size=50)
    assert len(next(pages)) == 50
    demo19.revoke("admin")
    err = raised(lambda: next(pages))
    assert isinstance(err, WrongCredentials)
    assert str(err) in (wrong_login_sentence(), WRONG_KEY_SENTENCE)
    assert str(err) == (WRONG_KEY_SENTENCE if transport == "json2" else wrong_login_sentence())
    assert sleeps == []
    assert client.stats.snapshot()["pos.order.line.search_read"]["errors"] == 1


# -- access rights ------------------------------------------------------------------------------


@pytest.mark.parametrize("transport", ["jsonrpc", "json2"])
def test_a_reporting_user_reads_everything_but_ir_model(transport, demo19, make_client, sleeps):
    client = make_client(demo19, VIEWER_KEY, login="viewer", transport=transport)
    for model in ("account.move", "account.move.line", "pos.order.line", "stock.lot"):
        assert client.can_read(model), model
    # the model checks of old read ir.model: Odoo allows that to "Access Rights" only
    err = raised(lambda: client.search_count("ir.model", []))
    assert isinstance(err, NoReadAccess) and err.groups == ["Access Rights"]
    assert str(err) == no_access_sentence(
        "ir.model",
        'ask your Odoo administrator for one of the groups Odoo names for it: "Access Rights"',
    )
    assert client.model_exists("hr.employee") and client.model_exists("pos.order")
    assert not client.model_exists("product.brand")  # the add-on is not installed
    assert not client.model_exists("no.such.model")  # JSON-2: a 404 NotFound with a JSON body
    assert client.has_any_group(["account.group_account_readonly"])
    assert not client.has_group("base.group_erp_manager")
    assert sleeps == []


@pytest.mark.parametrize("demo, group", [
    ("demo19", "Show Accounting Features - Readonly"),
    ("demo16", "Technical/Show Accounting Features - Readonly"),
])  # fmt: skip
def test_the_refusal_names_the_group_that_grants_the_model(demo, group, request, make_client):
    server = request.getfixturevalue(demo)
    server.set_groups("viewer", {"base.group_user", "stock.group_stock_user"})
    try:
        client = make_client(server, VIEWER_KEY, login="viewer", transport="jsonrpc")
        err = raised(lambda: client.search_read("account.move.line", [], ["name"], limit=5))
        assert isinstance(err, NoReadAccess) and err.model == "account.move.line"
        assert str(err) == no_access_sentence(
            "account.move.line", f'ask your Odoo administrator for the group "{group}"'
        )
        assert not client.can_read("account.move")
        assert client.can_read("pos.order")  # Inventory users read POS orders, not their lines
    finally:
        server.set_groups("viewer", REPORTING_USER)


def test_a_company_the_user_lacks_is_reported_as_such(demo19, make_client):
    client = make_client(demo19, VIEWER_KEY, login="viewer", company_id=2)
    err = raised(lambda: client.search_count("pos.order", []))
    assert isinstance(err, CompanyRefused)
    assert str(err) == (
        'Odoo refused the company chosen in Settings: the user "viewer" may not use it ("Access '
        "to unauthorized or invalid companies\"); choose one of that user's companies in "
        "Settings > Connection or with `nkdash login --company`."
    )


def test_server_error_quotes_odoo(demo19, make_client, sleeps):
    client = make_client(demo19, ADMIN_KEY, transport="json2")
    err = raised(lambda: client.search_read("pos.order", [("nofield", "=", 1)], ["name"]))
    assert isinstance(err, ServerError)
    assert str(err).startswith('Odoo reported an error on pos.order.search_read: "')
    assert "nofield" in str(err)
    assert str(err).endswith('"; if it persists, show this message to your Odoo administrator.')
    assert sleeps == []


# -- network ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("transport", ["jsonrpc", "json2"])
def test_nothing_listening(transport, make_client, sleeps):
    url = f"http://127.0.0.1:{free_port()}"
    client = make_client(url, ADMIN_KEY, database="nkdash_demo", transport=transport)
    err = raised(client.connect)
    assert isinstance(err, HostUnreachable)
    assert str(err) == (
        f"Cannot reach Odoo at {url} (connection refused after 3 tries): check the URL, that "
        "the server is running, and the network or proxy settings of this computer."
    )
    assert len(sleeps) == 2
    assert client.stats.snapshot()["connect"]["requests"] == 3


@pytest.mark.parametrize("transport", ["jsonrpc", "json2"])
def test_dns_failure(transport, make_client, sleeps):
    url = "http://nkdash-no-such-host.invalid:8069"
    err = raised(make_client(url, ADMIN_KEY, database="x", transport=transport).connect)
    assert isinstance(err, HostNotFound)
    assert str(err) == (
        'The host name "nkdash-no-such-host.invalid" could not be found (DNS): check the Odoo '
        "URL in Settings and this computer's network connection."
    )
    assert sleeps == []


class NotOdoo(BaseHTTPRequestHandler):
    """A web server that is not Odoo: 404 for everything."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = b"<html><body><h1>Not Found</h1></body></html>"
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


@pytest.fixture(scope="module")
def not_odoo():
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotOdoo)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("transport", ["jsonrpc", "json2", "auto"])
def test_no_external_api(transport, not_odoo, make_client, sleeps):
    err = raised(make_client(not_odoo, ADMIN_KEY, database="x", transport=transport).connect)
    assert isinstance(err, NoExternalApi)
    assert str(err) == (
        f"{not_odoo} does not answer Odoo's external API (HTTP 404 Not Found): check that the "
        "URL is the address of your Odoo, and on Odoo Online that the plan is Custom (other "
        "plans have no external API)."
    )
    assert sleeps == []


# -- transient faults and retries -------------------------------------------------------------


@pytest.mark.parametrize("transport", ["jsonrpc", "json2"])
def test_503s_then_success(transport, demo19, make_client, faults, sleeps):
    client = make_client(demo19, ADMIN_KEY, transport=transport, max_retries=3).connect()
    faults.fail_next(2, "503")
    rows = client.search_read("pos.order", [], ["name"], limit=3, site="orders")
    assert len(rows) == 3
    stats = client.stats.snapshot()["orders"]
    assert (stats["requests"], stats["retries"], stats["errors"]) == (3, 2, 0)
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 0.5 and 0 <= sleeps[1] <= 1.0  # full jitter under the ceiling


@pytest.mark.parametrize("transport", ["jsonrpc", "json2"])
@pytest.mark.parametrize("kind", ["502", "504", "drop"])
def test_other_transient_faults_are_retried(kind, transport, demo19, make_client, faults, sleeps):
    client = make_client(demo19, ADMIN_KEY, transport=transport).connect()
    faults.fail_next(1, kind)
    assert client.search_count("pos.order", []) > 0
    assert len(sleeps) == 1


def test_persistent_503_gives_up(demo19, make_client, faults, sleeps):
    client = make_client(demo19, ADMIN_KEY, transport="jsonrpc").connect()
    faults.fail_next(3, "503")
    err = raised(lambda: client.search_count("pos.order", []))
    assert isinstance(err, ServerUnavailable)
    assert str(err) == (
        f"Odoo at {demo19.url} answered HTTP 503 (Service Unavailable) 3 times in a row: the "
        "server or a proxy in front of it is overloaded or down for maintenance, so try again "
        "later."
    )
    assert len(sleeps) == 2


def test_500_is_not_retried(demo19, make_client, faults, sleeps):
    client = make_client(demo19, ADMIN_KEY, transport="json2").connect()
    faults.fail_next(1, "500")
    err = raised(lambda: client.search_count("pos.order", []))
    assert isinstance(err, ServerError)
    assert sleeps == []
    assert client.search_count("pos.order", []) > 0  # the fault was one-off


@pytest.mark.parametrize("transport", ["jsonrpc", "json2"])
def test_429_waits_what_the_server_asks(transport, demo19, make_client, faults, sleeps):
    client = make_client(demo19, ADMIN_KEY, transport=transport).connect()
    faults.rate_limit(1, retry_after=7)
    assert client.search_count("pos.order", []) > 0
    assert sleeps == [7.0]


@pytest.mark.parametrize("transport", ["jsonrpc", "json2"])
def test_timeouts_after_retries(transport, demo19, make_client, faults, sleeps):
    client = make_client(demo19, ADMIN_KEY, transport=transport, timeout_s=0.5).connect()
    faults.slow_seconds = 3  # the server holds each answer this long, well past 0.5 s
    faults.fail_next(3, "timeout")
    err = raised(lambda: client.search_count("pos.order", [], site="count"))
    assert isinstance(err, OdooTimeout)
    assert str(err) == (
        f"Odoo at {demo19.url} did not answer within 0.5 s, 3 tries in a row: try again later, "
        "or raise the timeout or lower the batch size in Settings."
    )
    assert client.stats.snapshot()["count"]["requests"] == 3
    assert len(sleeps) == 2


def test_slow_server_against_a_short_timeout(demo19, make_client, faults, sleeps):
    client = make_client(demo19, ADMIN_KEY, transport="json2", timeout_s=0.2, max_retries=1)
    client.connect()
    faults.latency_ms = 600
    err = raised(lambda: client.search_count("pos.order", []))
    assert isinstance(err, OdooTimeout) and "within 0.2 s, 2 tries in a row" in str(err)
    faults.latency_ms = 0
    assert client.search_count("pos.order", []) > 0


@pytest.mark.parametrize("transport", ["jsonrpc", "json2"])
def test_server_down_then_back(transport, demo19, make_client, faults, sleeps):
    client = make_client(demo19, ADMIN_KEY, transport=transport).connect()
    faults.down = True  # every connection reset
    err = raised(lambda: client.search_count("pos.order", []))
    assert isinstance(err, HostUnreachable)
    assert str(err) == (
        f"Cannot reach Odoo at {demo19.url} (connection dropped after 3 tries): check the URL, "
        "that the server is running, and the network or proxy settings of this computer."
    )
    assert len(sleeps) == 2
    faults.down = False
    assert client.search_count("pos.order", []) > 0
