"""JSON-RPC (`POST /jsonrpc`) through odoorpc, for Odoo 16-19.

Only odoorpc's stateless calls are used: the version probe of its constructor, `login`
(common.login + res.users.context_get) and `execute_kw`. Never `env[...]`/browse: each costs
extra requests (fields_get, one read per record) and drops our context.

odoorpc talks through urllib with the `opener` we pass; ours adds the TLS context (trust store
+ extra CA), the system proxy, no redirects (a redirect is reported, not silently turned into a
GET), a User-Agent, a reverse-proxy path prefix, and byte/request accounting.
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import odoorpc
import odoorpc.error

from nkdash_desktop.odoo.accounting import CallMeter
from nkdash_desktop.odoo.errors import (
    HostUnreachable,
    NoExternalApi,
    OdooError,
    WrongCredentials,
)
from nkdash_desktop.odoo.faults import (
    FaultContext,
    clean_message,
    from_http_status,
    from_network_error,
    from_odoo_fault,
)
from nkdash_desktop.odoo.secret import Secret
from nkdash_desktop.odoo.transport import USER_AGENT, Endpoint
from nkdash_desktop.odoo.versions import OdooVersion

log = logging.getLogger(__name__)


class _RedactOdoorpcPayloads(logging.Filter):
    """odoorpc logs every request body at DEBUG, and ours carry the password as a positional
    argument (its own redaction only knows a 'password' key): keep the URL, drop the bodies."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, dict) and "data" in record.args:
            record.args = {**record.args, "data": "<redacted>", "result": "<redacted>"}
        return True


def _install_log_filter() -> None:
    logger = logging.getLogger("odoorpc.rpc.jsonrpclib")
    if not any(isinstance(f, _RedactOdoorpcPayloads) for f in logger.filters):
        logger.addFilter(_RedactOdoorpcPayloads())


_install_log_filter()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
        return None  # urllib then raises HTTPError(3xx), which we report


class _MeteredResponse:
    """Counts the bytes odoorpc reads from a response (it reads it whole, then drops it)."""

    def __init__(self, response: Any, meter: CallMeter | None) -> None:
        self._response = response
        self._meter = meter

    def read(self, amt: int | None = None) -> bytes:
        data = self._response.read() if amt is None else self._response.read(amt)
        if self._meter is not None:
            self._meter.bytes_received += len(data)
        if amt is None:
            self._response.close()
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._response, name)


class MeteredOpener:
    """The `opener` handed to odoorpc."""

    def __init__(self, endpoint: Endpoint, odoorpc_root: str) -> None:
        proxies = {}
        if endpoint.proxy:
            proxies = {"http": endpoint.proxy, "https": endpoint.proxy}
        self._inner = urllib.request.build_opener(
            urllib.request.ProxyHandler(proxies),
            urllib.request.HTTPSHandler(context=endpoint.ssl_context),
            _NoRedirect(),
        )
        self._inner.addheaders = [("User-Agent", USER_AGENT)]
        # odoorpc builds "scheme://host:port/path"; put a reverse-proxy prefix back in
        self._rewrite = (odoorpc_root, endpoint.server.base) if endpoint.server.path else None
        self._local = threading.local()

    @contextlib.contextmanager
    def metering(self, meter: CallMeter) -> Iterator[None]:
        previous = getattr(self._local, "meter", None)
        self._local.meter = meter
        try:
            yield
        finally:
            self._local.meter = previous

    def open(
        self,
        request: urllib.request.Request,
        data: bytes | None = None,
        timeout: float | None = None,
    ) -> _MeteredResponse:
        if self._rewrite and request.full_url.startswith(self._rewrite[0] + "/"):
            request.full_url = self._rewrite[1] + request.full_url[len(self._rewrite[0]) :]
        meter: CallMeter | None = getattr(self._local, "meter", None)
        if meter is not None:
            meter.requests += 1
            meter.bytes_sent += len(request.data or b"")  # type: ignore[arg-type]
        kwargs = {} if timeout is None else {"timeout": timeout}
        return _MeteredResponse(self._inner.open(request, data, **kwargs), meter)


class JsonRpcTransport:
    name = "jsonrpc"

    def __init__(self, endpoint: Endpoint, secret: Secret) -> None:
        self._endpoint = endpoint
        self._secret = secret
        self._faults = endpoint.faults(secret)
        server = endpoint.server
        self._protocol = "jsonrpc+ssl" if server.is_https else "jsonrpc"
        root = f"{server.scheme}://{server.host_for_url}:{server.port}"
        self._opener = MeteredOpener(endpoint, root)
        self._odoo: odoorpc.ODOO | None = None
        self.version: OdooVersion | None = None

    def __repr__(self) -> str:
        return f"JsonRpcTransport({self._endpoint.server.base!r}, db={self._endpoint.database!r})"

    @contextlib.contextmanager
    def _guard(self, meter: CallMeter, ctx: FaultContext) -> Iterator[None]:
        """Run odoorpc code, metered, turning whatever it raises into an `OdooError`."""
        with self._opener.metering(meter):
            try:
                yield
            except OdooError:
                raise
            except odoorpc.error.RPCError as exc:
                raise self._rpc_error(exc, ctx) from None
            except urllib.error.HTTPError as exc:
                body = _read_quietly(exc)
                meter.bytes_received += len(body)
                raise from_http_status(exc.code, exc.headers, body, ctx) from None
            except (ValueError, KeyError) as exc:
                # a 200 answer that is not Odoo's JSON (a web page, a captive portal...)
                # JSONDecodeError is a ValueError; odoorpc indexes the envelope with []
                err = from_network_error(exc, ctx)
                if err is None:
                    err = NoExternalApi.not_odoo(ctx.url, "the answer is not Odoo's JSON-RPC")
                    err.detail = f"{exc.__class__.__name__}: {clean_message(exc, ctx)}"
                raise err from None
            except (OSError, http.client.HTTPException) as exc:
                err = from_network_error(exc, ctx)
                if err is None:
                    err = HostUnreachable(ctx.url, clean_message(exc, ctx) or "network error")
                raise err from None

    def _rpc_error(self, exc: odoorpc.error.RPCError, ctx: FaultContext) -> OdooError:
        info = exc.info if isinstance(exc.info, dict) else {}
        if not info:  # odoorpc's own "Wrong login ID or password": common.login said False
            return WrongCredentials(ctx.login, ctx.database)
        data = info.get("data") if isinstance(info.get("data"), dict) else {}
        name = str(data.get("name") or "")
        message = data.get("message") or info.get("message") or str(exc)
        if not name and int(info.get("code") or 0) == 100:  # "Odoo Session Expired"
            name = "odoo.http.SessionExpiredException"
        return from_odoo_fault(name, message, ctx)

    def probe_version(self, meter: CallMeter) -> OdooVersion:
        server = self._endpoint.server
        with self._guard(meter, self._faults):
            # the constructor POSTs /web/webclient/version_info (once, even for SSL)
            self._odoo = odoorpc.ODOO(
                server.host_for_url,
                protocol=self._protocol,
                port=server.port,
                timeout=self._endpoint.timeout_s,
                opener=self._opener,
            )
        label = self._odoo.version
        if not label:
            raise NoExternalApi.not_odoo(server.base, "no Odoo version in its answer")
        try:
            self.version = OdooVersion.parse({"server_version": label})
        except ValueError:
            raise NoExternalApi.not_odoo(server.base, f"unknown version {label!r}") from None
        return self.version

    def authenticate(self, meter: CallMeter) -> tuple[int, dict[str, Any]]:
        if self._odoo is None:
            self.probe_version(meter)
        assert self._odoo is not None
        with self._guard(meter, self._faults):
            self._odoo.login(self._endpoint.database, self._endpoint.login, self._secret.reveal())
        env = self._odoo.env
        return int(env.uid), dict(env.context)

    def execute(
        self,
        model: str,
        method: str,
        ids: list[int] | None,
        kwargs: dict[str, Any],
        meter: CallMeter,
    ) -> Any:
        if self._odoo is None:
            raise RuntimeError("JsonRpcTransport.execute before authenticate")
        args: list[Any] = [list(ids)] if ids is not None else []
        with self._guard(meter, self._faults.on(model, method)):
            return self._odoo.execute_kw(model, method, args, kwargs)

    def close(self) -> None:
        # odoorpc keeps no connection open (urllib closes each one); forget the session
        self._odoo = None


def _read_quietly(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read() or b""
    except (OSError, http.client.HTTPException):
        return b""
