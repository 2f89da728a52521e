"""Fault injection of the demo Odoo, each kind observed through a real client."""

from __future__ import annotations

import time
import urllib.error
from collections.abc import Iterator
from datetime import date, datetime

import httpx
import odoorpc
import pytest

from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.faults import Faults
from nkdash_desktop.demo.server import DemoOdoo, is_loopback

VERSION = {"jsonrpc": "2.0", "method": "call", "params": {"service": "common",
           "method": "version", "args": []}, "id": 1}  # fmt: skip


@pytest.fixture(scope="module")
def server() -> Iterator[DemoOdoo]:
    config = DemoConfig(days=2, end_date=date(2026, 11, 24), now=datetime(2026, 11, 25, 3))
    with DemoOdoo(config).start() as odoo:
        yield odoo


@pytest.fixture
def odoo(server: DemoOdoo) -> Iterator[DemoOdoo]:
    server.faults = Faults()
    yield server
    server.faults = Faults()


def version(odoo: DemoOdoo, client: httpx.Client | None = None, **kw) -> httpx.Response:
    if client is not None:
        return client.post("/jsonrpc", json=VERSION, **kw)
    return httpx.post(f"{odoo.url}/jsonrpc", json=VERSION, **kw)


def admin(odoo: DemoOdoo, **request) -> httpx.Response:
    return httpx.post(f"{odoo.url}/demo/admin", json=request)


def test_503_then_success(odoo: DemoOdoo) -> None:
    odoo.faults.fail_next(1, "503")
    with httpx.Client(base_url=odoo.url) as client:
        failed = version(odoo, client)
        assert failed.status_code == 503
        assert failed.headers["content-type"].startswith("text/html")
        assert version(odoo, client).json()["result"]["server_version"] == "19.0"
    assert odoo.faults.injected["503"] == 1


@pytest.mark.parametrize("kind", ["502", "504", "500"])
def test_error_statuses(odoo: DemoOdoo, kind: str) -> None:
    odoo.faults.fail_next(1, kind)
    assert version(odoo).status_code == int(kind)
    assert version(odoo).status_code == 200


def test_odoorpc_sees_http_errors(odoo: DemoOdoo) -> None:
    client = odoorpc.ODOO("127.0.0.1", port=odoo.port)
    client.login(odoo.db, "admin", "admin")
    odoo.faults.fail_next(1, "502")
    with pytest.raises(urllib.error.HTTPError) as raised:
        client.execute_kw("pos.order", "search_count", [[]])
    assert raised.value.code == 502
    assert client.execute_kw("pos.order", "search_count", [[]]) >= 0


def test_drop_closes_without_response(odoo: DemoOdoo) -> None:
    odoo.faults.fail_next(1, "drop")
    with httpx.Client(base_url=odoo.url) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            version(odoo, client)
        assert version(odoo, client).status_code == 200


def test_rate_limit_with_retry_after(odoo: DemoOdoo) -> None:
    odoo.faults.rate_limit(2, retry_after=3)
    with httpx.Client(base_url=odoo.url) as client:
        for _ in range(2):
            limited = version(odoo, client)
            assert limited.status_code == 429
            assert limited.headers["Retry-After"] == "3"
        assert version(odoo, client).status_code == 200


def test_slow_response_exceeds_client_timeout(odoo: DemoOdoo) -> None:
    odoo.faults.slow_seconds = 1.0
    odoo.faults.fail_next(1, "timeout")
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        version(odoo, timeout=0.2)
    assert time.monotonic() - started < 0.9
    assert version(odoo, timeout=5).status_code == 200


def test_latency(odoo: DemoOdoo) -> None:
    odoo.faults.latency_ms = 150
    odoo.faults.jitter_ms = 50
    with httpx.Client(base_url=odoo.url) as client:
        version(odoo, client)
        started = time.monotonic()
        assert version(odoo, client).status_code == 200
        elapsed = time.monotonic() - started
    assert 0.15 <= elapsed < 1.0


def test_down_and_back_through_admin(odoo: DemoOdoo) -> None:
    with httpx.Client(base_url=odoo.url) as client:
        assert version(odoo, client).status_code == 200
        odoo.faults.down = True
        with pytest.raises(httpx.TransportError):
            version(odoo, client)  # on the kept-alive connection
        with pytest.raises(httpx.TransportError):
            version(odoo)  # on a new one
        # faults never apply to the admin endpoint: it can bring the server back
        restored = admin(odoo, action="faults", down=False)
        assert restored.status_code == 200 and restored.json()["result"]["down"] is False
        assert version(odoo, client).status_code == 200


def test_admin_sets_faults(odoo: DemoOdoo) -> None:
    odoo.faults.fail_next(2, "503")
    response = admin(odoo, action="faults", error_rate=0.25, seed=3,
                     fail_next={"n": 1, "kind": "drop"})  # fmt: skip
    assert response.status_code == 200
    state = response.json()["result"]
    assert state["error_rate"] == 0.25 and state["seed"] == 3 and state["pending"] == 3
    assert odoo.faults.error_rate == 0.25
    assert admin(odoo, action="faults", reset=True).json()["result"]["pending"] == 0
    bad = admin(odoo, action="faults", nonsense=1)
    assert bad.status_code == 400 and "nonsense" in bad.json()["error"]
    assert admin(odoo, action="faults", fail_next={"kind": "teapot"}).status_code == 400


def test_request_counter(odoo: DemoOdoo) -> None:
    before = dict(odoo.requests_served)
    version(odoo)
    httpx.get(f"{odoo.url}/web/version")
    httpx.get(f"{odoo.url}/web/version")
    assert odoo.requests_served["/jsonrpc"] == before.get("/jsonrpc", 0) + 1
    assert odoo.requests_served["/web/version"] == before.get("/web/version", 0) + 2
    stats = admin(odoo, action="stats").json()["result"]["requests_served"]
    assert stats["/web/version"] == odoo.requests_served["/web/version"]


def test_random_faults_are_seeded() -> None:
    def pattern(seed: int) -> list[str | None]:
        faults = Faults(error_rate=0.2, drop_rate=0.1, rate_limit_rate=0.05, seed=seed)
        return [faults.decide().kind for _ in range(400)]

    first = pattern(5)
    assert first == pattern(5)
    assert first != pattern(6)
    errors = sum(k in ("502", "503", "504") for k in first)
    drops = first.count("drop")
    assert 40 < errors < 120 and 20 < drops < 65 and first.count("429") > 0
    faults = Faults(seed=1)
    faults.fail_next(2, "429")
    assert [faults.decide().kind for _ in range(3)] == ["429", "429", None]
    with pytest.raises(ValueError, match="unknown fault kind"):
        faults.fail_next(1, "teapot")


def test_admin_only_from_loopback() -> None:
    for address in ("127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"):
        assert is_loopback(address), address
    for address in ("10.1.2.3", "192.168.1.20", "::ffff:10.0.0.1", "fe80::1%eth0", "", "host"):
        assert not is_loopback(address), address


def test_admin_refuses_remote_clients(odoo: DemoOdoo) -> None:
    """The real request handler, fed through a socket pair with a LAN client address."""
    import socket
    import threading

    from nkdash_desktop.demo.server import _Handler

    body = b'{"action": "revoke", "login": "admin"}'
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(
            b"POST /demo/admin HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
        )
        handler = threading.Thread(target=_Handler, args=(ours, ("192.168.1.20", 50000),
                                                          odoo._httpd))  # fmt: skip
        handler.start()
        handler.join(5)
        response = theirs.recv(65536)
    assert response.startswith(b"HTTP/1.1 403 ")
    assert b"loopback" in response
    assert httpx.post(f"{odoo.url}/jsonrpc", json={"jsonrpc": "2.0", "method": "call", "params": {
        "service": "common", "method": "login", "args": [odoo.db, "admin", "admin"]}}).json()[
        "result"] == 2  # not revoked  # fmt: skip
