"""The pieces of the client layer that need no server: versions, URLs, proxies, retries,
error mapping, accounting, secrets."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from nkdash_desktop.odoo import errors as E
from nkdash_desktop.odoo.accounting import CallMeter, RequestStats
from nkdash_desktop.odoo.faults import (
    FaultContext,
    from_http_status,
    from_odoo_fault,
    parse_retry_after,
)
from nkdash_desktop.odoo.net import (
    build_ssl_context,
    parse_server_url,
    server_address,
    system_proxy_for,
)
from nkdash_desktop.odoo.retry import Retrier, RetryPolicy
from nkdash_desktop.odoo.secret import Secret, scrub
from nkdash_desktop.odoo.versions import OdooVersion

# -- versions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("major", "sml", "sm", "storable", "states", "grouping"),
    [
        (16, "qty_done", "quantity_done", "detailed_type", ("paid", "done", "invoiced"),
         "read_group"),
        (17, "quantity", "quantity", "detailed_type", ("paid", "done", "invoiced"), "read_group"),
        (18, "quantity", "quantity", "is_storable", ("paid", "done", "invoiced"), "read_group"),
        (19, "quantity", "quantity", "is_storable", ("paid", "done"), "formatted_read_group"),
    ],
)  # fmt: skip
def test_version_table(major, sml, sm, storable, states, grouping):
    v = OdooVersion(major)
    assert v.field("stock.move.line", "quantity") == sml
    assert v.field("stock.move", "quantity") == sm
    # price_include is readable on every version (computed from price_include_override on 18+)
    assert v.field("account.tax", "price_include") == "price_include"
    assert v.field("product.product", "storable") == storable
    assert v.field("pos.order", "date_order") == "date_order"  # not version-dependent
    assert v.pos_valid_states == states
    assert v.grouping_method == grouping
    assert v.has("json2") is (major >= 19)
    assert v.has("pos.order.is_refund") is (major >= 19)
    assert v.supported


def test_storable_domain_and_future_versions():
    assert OdooVersion(16).storable_domain() == [("detailed_type", "=", "product")]
    assert OdooVersion(18).storable_domain() == [("is_storable", "=", True)]
    assert OdooVersion(20).field("stock.move.line", "quantity") == "quantity"
    assert not OdooVersion(15).supported


@pytest.mark.parametrize(
    ("info", "major", "minor"),
    [
        ({"server_version": "19.0", "server_version_info": [19, 0, 0, "final", 0, ""]}, 19, 0),
        ({"server_version": "saas~18.3+e", "server_version_info": ["saas~18", 3, 0]}, 18, 3),
        ({"version": "19.0", "version_info": [19, 0, 0, "final", 0, ""]}, 19, 0),
        ({"server_version": "16.0+e"}, 16, 0),
        ({"server_version": "saas~17.2"}, 17, 2),
    ],
)
def test_version_parse(info, major, minor):
    v = OdooVersion.parse(info)
    assert (v.major, v.minor) == (major, minor)


# -- URLs, TLS context, proxies -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("https://Erp.Example.com/", "https://erp.example.com"),
        ("HTTPS://erp.example.com:443", "https://erp.example.com"),
        ("http://10.0.0.5:8069/web#action=12", "http://10.0.0.5:8069"),
        ("https://nk.odoo.com/odoo/action-123", "https://nk.odoo.com"),
        ("https://proxy.example.com/erp/", "https://proxy.example.com/erp"),
        ("  http://[::1]:8069  ", "http://[::1]:8069"),
        ("https://example.com/website", "https://example.com/website"),
    ],
)
def test_url_normalisation(raw, normal):
    assert server_address(raw) == normal


@pytest.mark.parametrize("raw", ["", "erp.example.com", "ftp://x.example.com", "http://:80"])
def test_invalid_url_sentence(raw):
    with pytest.raises(E.InvalidUrl) as err:
        parse_server_url(raw)
    assert str(err.value) == (
        f'"{raw.strip()}" is not a valid Odoo address: enter it like '
        "https://mycompany.odoo.com or http://192.168.1.10:8069 in Settings."
    )


def test_missing_ca_file_sentence(tmp_path, monkeypatch):
    missing = tmp_path / "corp-ca.pem"
    with pytest.raises(E.TlsError) as err:
        build_ssl_context(str(missing))
    assert str(err.value) == (
        f'The CA file "{missing}" could not be loaded (file not found): choose a PEM '
        "certificate file as the CA file in Settings or fix the NKDASH_CA_FILE environment "
        "variable."
    )
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    monkeypatch.setenv("NKDASH_CA_FILE", str(junk))
    with pytest.raises(E.TlsError, match="could not be loaded"):
        build_ssl_context(None)  # the environment variable is used when the setting is empty


def test_insecure_mode_is_explicit():
    import ssl

    assert build_ssl_context().verify_mode == ssl.CERT_REQUIRED
    assert build_ssl_context(insecure_skip_verify=True).verify_mode == ssl.CERT_NONE


def test_system_proxy_selection(monkeypatch):
    for name in ("http_proxy", "https_proxy", "no_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    erp = parse_server_url("https://erp.example.com")
    assert system_proxy_for(erp) is None
    monkeypatch.setenv("https_proxy", "http://proxy.corp:3128")
    monkeypatch.setenv("no_proxy", "intranet.example.com")
    assert system_proxy_for(erp) == "http://proxy.corp:3128"
    assert system_proxy_for(parse_server_url("https://intranet.example.com")) is None
    assert system_proxy_for(parse_server_url("https://127.0.0.1:8069")) is None
    assert system_proxy_for(parse_server_url("http://erp.example.com")) is None  # no http_proxy


# -- retries ------------------------------------------------------------------------------------


class Flaky:
    def __init__(self, errors, result="ok"):
        self.errors = list(errors)
        self.calls = 0
        self.result = result

    def __call__(self):
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return self.result


URL = "https://erp.example.com"


def test_backoff_is_exponential_with_full_jitter():
    sleeps: list[float] = []
    retrier = Retrier(
        RetryPolicy(max_retries=4, base_delay_s=1.0, max_delay_s=5.0),
        sleep=sleeps.append,
        rng=random.Random(7),
    )
    meter = CallMeter()
    fn = Flaky([E.HostUnreachable(URL, "connection refused") for _ in range(4)])
    assert retrier.run(fn, meter) == "ok"
    assert fn.calls == 5 and meter.retries == 4
    for i, wait in enumerate(sleeps):
        assert 0 <= wait <= min(5.0, 2**i)
    assert meter.retry_wait_s == pytest.approx(sum(sleeps))
    assert len(set(sleeps)) == 4  # jittered, not a fixed ladder


def test_retry_after_is_honoured_and_capped():
    sleeps: list[float] = []
    retrier = Retrier(RetryPolicy(max_retries=3, max_retry_after_s=60), sleep=sleeps.append)
    fn = Flaky(
        [
            E.ServerUnavailable(URL, 429, retry_after=7),
            E.ServerUnavailable(URL, 503, retry_after=3600),
        ]
    )
    assert retrier.run(fn) == "ok"
    assert sleeps == [7, 60]


def test_permanent_errors_are_not_retried():
    sleeps: list[float] = []
    retrier = Retrier(sleep=sleeps.append)
    for err in (
        E.WrongCredentials("admin", "db"),
        E.NoReadAccess("account.move", "viewer"),
        E.ServerError("boom"),
        E.HostNotFound("x.invalid"),
    ):
        fn = Flaky([err])
        with pytest.raises(type(err)):
            retrier.run(fn)
        assert fn.calls == 1
    assert sleeps == []


def test_exhausted_sentences_count_the_tries():
    retrier = Retrier(RetryPolicy(max_retries=2), sleep=lambda s: None)
    with pytest.raises(E.OdooTimeout) as err:
        retrier.run(Flaky([E.OdooTimeout(URL, 2.5)] * 3))
    assert str(err.value) == (
        "Odoo at https://erp.example.com did not answer within 2.5 s, 3 tries in a row: try "
        "again later, or raise the timeout or lower the batch size in Settings."
    )
    with pytest.raises(E.ServerUnavailable) as err:
        retrier.run(Flaky([E.ServerUnavailable(URL, 503)] * 3))
    assert str(err.value) == (
        "Odoo at https://erp.example.com answered HTTP 503 (Service Unavailable) 3 times in a "
        "row: the server or a proxy in front of it is overloaded or down for maintenance, so "
        "try again later."
    )
    with pytest.raises(E.HostUnreachable) as err:
        retrier.run(Flaky([E.HostUnreachable(URL, "connection dropped")] * 3))
    assert str(err.value) == (
        "Cannot reach Odoo at https://erp.example.com (connection dropped after 3 tries): check "
        "the URL, that the server is running, and the network or proxy settings of this "
        "computer."
    )


# -- mapping Odoo's errors ------------------------------------------------------------------------

CTX = FaultContext(parse_server_url(URL), "nkmart", "owner", 60, secret=Secret("s3cr3t-key-0042"))


def test_odoo_faults_map_to_typed_errors():
    assert isinstance(
        from_odoo_fault("odoo.exceptions.AccessDenied", "Access Denied", CTX), E.WrongCredentials
    )
    err = from_odoo_fault(
        "psycopg2.OperationalError",
        'connection to server failed: FATAL:  database "nodb" does not exist',
        CTX,
    )
    assert isinstance(err, E.UnknownDatabase)
    err = from_odoo_fault(
        "odoo.exceptions.AccessError", "You are not allowed", CTX.on("account.move", "search_read")
    )
    assert str(err) == (
        'The Odoo user "owner" has no read access to account.move: ask your Odoo administrator '
        "to grant it (for example through the matching Accounting, Inventory or Point of Sale "
        "user group)."
    )
    err = from_odoo_fault(
        "builtins.ValueError",
        "Invalid field pos.order.nofield\n in condition ('nofield', '=', 's3cr3t-key-0042')",
        CTX.on("pos.order", "search_read"),
    )
    assert str(err) == (
        'Odoo reported an error on pos.order.search_read: "Invalid field pos.order.nofield in '
        "condition ('nofield', '=', '***')\"; if it persists, show this message to your Odoo "
        "administrator."
    )


def test_http_statuses_map_to_typed_errors():
    from httpx import Headers

    err = from_http_status(503, Headers({"Retry-After": "12"}), b"", CTX)
    assert isinstance(err, E.ServerUnavailable) and err.retryable and err.retry_after == 12
    assert isinstance(from_http_status(401, Headers(), b"", CTX), E.WrongCredentials)
    err = from_http_status(404, Headers(), b"<html>Not Found</html>", CTX)
    assert str(err) == (
        "https://erp.example.com does not answer Odoo's external API (HTTP 404 Not Found): "
        "check that the URL is the address of your Odoo, and on Odoo Online that the plan is "
        "Custom (other plans have no external API)."
    )
    online = FaultContext(parse_server_url("https://nk.odoo.com"), "nk", "owner", 60)
    err = from_http_status(403, Headers(), b"Forbidden", online)
    assert str(err) == (
        "Odoo Online at nk.odoo.com refused the external API (HTTP 403 Forbidden): it is only "
        "available on the Odoo Online Custom plan, so upgrade the subscription or use an "
        "Odoo.sh or on-premise server."
    )
    err = from_http_status(301, Headers({"Location": "https://erp.example.com/"}), b"", CTX)
    assert str(err) == (
        "https://erp.example.com redirects to https://erp.example.com/: enter that address as "
        "the Odoo URL in Settings."
    )
    body = b'{"name": "odoo.exceptions.AccessError", "message": "no"}'
    err = from_http_status(403, Headers(), body, CTX.on("account.move", "search_read"))
    assert isinstance(err, E.NoReadAccess) and err.model == "account.move"


def test_retry_after_parsing():
    now = datetime(2026, 1, 11, 3, 0, tzinfo=UTC)
    assert parse_retry_after("5", now) == 5
    assert parse_retry_after("Sun, 11 Jan 2026 03:00:30 GMT", now) == 30
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None) is None


# -- accounting and secrets ------------------------------------------------------------------------


def test_request_stats_per_site_and_totals():
    stats = RequestStats()
    stats.book("pos_lines.orders", CallMeter(2, 100, 900, retries=1), 0.5, failed=False)
    stats.book("pos_lines.orders", CallMeter(1, 100, 300), 0.25, failed=False)
    stats.book("connect", CallMeter(3, 50, 50), 0.1, failed=True)
    snap = stats.snapshot()
    assert snap["pos_lines.orders"]["requests"] == 3
    assert snap["pos_lines.orders"]["bytes"] == 1400
    assert snap["pos_lines.orders"]["calls"] == 2
    assert snap["pos_lines.orders"]["retries"] == 1
    assert snap["connect"]["errors"] == 1
    totals = stats.totals()
    assert totals["requests"] == 6 and totals["bytes"] == 1500
    assert totals["seconds"] == pytest.approx(0.85)
    stats.reset()
    assert stats.snapshot() == {} and stats.totals()["requests"] == 0


def test_secret_never_prints_itself():
    s = Secret("s3cr3t-key-0042")
    assert "s3cr3t" not in repr(s) and "s3cr3t" not in str(s) and "s3cr3t" not in f"{s}"
    assert scrub("key=s3cr3t-key-0042;", s) == "key=***;"
    import pickle

    with pytest.raises(TypeError):
        pickle.dumps(s)
