"""TLS against a demo Odoo with a certificate from a private CA (trustme), and the system proxy
honoured by both transports."""

from __future__ import annotations

import http.client
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
import trustme
from odoo_support import ADMIN_KEY, exception_texts, start_demo

from nkdash_desktop.odoo import TlsError


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA(organization_name="NK Dash test CA")


@pytest.fixture(scope="module")
def tls_demo(ca):
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(server_ctx)
    srv = start_demo(19, ssl_context=server_ctx)
    yield srv
    srv.stop()


@pytest.fixture
def ca_file(ca, tmp_path):
    path = tmp_path / "company ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def untrusted_sentence(host: str, reason: str) -> str:
    return (
        f"The TLS certificate of {host} could not be verified ({reason}): if the server uses a "
        "self-signed or company certificate authority, give that authority's certificate as the "
        "CA file in Settings or the NKDASH_CA_FILE environment variable."
    )


@pytest.mark.parametrize("transport", ["jsonrpc", "json2", "auto"])
def test_private_ca_is_refused_by_default(transport, tls_demo, make_client, sleeps, monkeypatch):
    monkeypatch.delenv("NKDASH_CA_FILE", raising=False)
    assert tls_demo.url.startswith("https://")
    client = make_client(tls_demo, ADMIN_KEY, transport=transport)
    with pytest.raises(TlsError) as err:
        client.connect()
    host = urlsplit(tls_demo.url).hostname
    assert str(err.value) == untrusted_sentence(host, "unable to get local issuer certificate")
    assert ADMIN_KEY not in exception_texts(err.value)
    assert sleeps == []  # a certificate problem is not transient


@pytest.mark.parametrize("transport", ["jsonrpc", "json2"])
def test_private_ca_accepted_with_the_ca_file(transport, tls_demo, ca_file, make_client):
    client = make_client(tls_demo, ADMIN_KEY, transport=transport, ca_file=ca_file)
    client.connect()
    assert client.transport_name == transport
    assert client.search_count("pos.order", []) > 0


def test_ca_file_from_the_environment(tls_demo, ca_file, make_client, monkeypatch):
    monkeypatch.setenv("NKDASH_CA_FILE", ca_file)
    client = make_client(tls_demo, ADMIN_KEY).connect()
    assert client.transport_name == "json2"


def test_verification_off_only_when_asked(tls_demo, make_client, monkeypatch, caplog):
    monkeypatch.delenv("NKDASH_CA_FILE", raising=False)
    client = make_client(tls_demo, ADMIN_KEY, insecure_skip_verify=True).connect()
    assert client.search_count("res.company", []) >= 1
    assert "verification is OFF" in caplog.text


def test_https_to_a_plain_http_port(demo19, make_client):
    url = demo19.url.replace("http://", "https://")
    with pytest.raises(TlsError) as err:
        make_client(url, ADMIN_KEY, database=demo19.db, transport="jsonrpc").connect()
    sentence = str(err.value)
    assert sentence.startswith("The secure connection to 127.0.0.1 failed (")
    assert sentence.endswith(
        "): check that the URL starts with the right http:// or https:// and has the right port."
    )


# -- proxy -------------------------------------------------------------------------------------


class ForwardingProxy(BaseHTTPRequestHandler):
    """A plain HTTP proxy (absolute-form requests) that forwards to `upstream`; with
    `strip_prefix` it is a reverse proxy publishing Odoo under a sub-path."""

    upstream: tuple[str, int]
    seen: list[str]
    strip_prefix: str = ""

    def _forward(self) -> None:
        self.seen.append(self.command + " " + self.path)
        target = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() != "proxy-connection"}
        conn = http.client.HTTPConnection(*self.upstream, timeout=10)
        path = target.path
        if self.strip_prefix:
            if not path.startswith(self.strip_prefix + "/"):
                self.send_error(404)
                return
            path = path[len(self.strip_prefix) :]
        path += f"?{target.query}" if target.query else ""
        conn.request(self.command, path, body or None, headers)
        answer = conn.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        conn.close()

    do_GET = do_POST = _forward

    def log_message(self, *args) -> None:
        pass


def serve_proxy(demo, **attributes):
    upstream = ("127.0.0.1", urlsplit(demo.url).port)
    handler = type("Proxy", (ForwardingProxy,), {"upstream": upstream, "seen": [], **attributes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server, handler.seen, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def proxy(demo19):
    server, seen, url = serve_proxy(demo19)
    yield seen, url
    server.shutdown()
    server.server_close()


@pytest.fixture
def sub_path(demo19):
    server, seen, url = serve_proxy(demo19, strip_prefix="/erp")
    yield seen, url + "/erp"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("transport", ["jsonrpc", "json2"])
def test_both_transports_use_the_system_proxy(transport, demo19, proxy, make_client, monkeypatch):
    seen, proxy_url = proxy
    for name in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", proxy_url)
    # a name only the proxy can reach: this machine never resolves it
    url = f"http://odoo.nkdash-proxy-test.invalid:{urlsplit(demo19.url).port}"
    client = make_client(url, ADMIN_KEY, database=demo19.db, transport=transport).connect()
    assert client.search_count("pos.order", []) > 0
    assert seen and all("odoo.nkdash-proxy-test.invalid" in line for line in seen)
    assert len(seen) == client.stats.totals()["requests"]


@pytest.mark.parametrize("transport", ["jsonrpc", "json2"])
def test_odoo_published_under_a_sub_path(transport, demo19, sub_path, make_client):
    seen, url = sub_path
    client = make_client(url + "/web#action=7", ADMIN_KEY, database=demo19.db, transport=transport)
    assert client.server.base == url
    client.connect()
    assert client.search_count("pos.order", []) > 0
    assert seen and all(" /erp/" in line for line in seen)
