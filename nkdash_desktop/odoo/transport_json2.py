"""JSON-2 (`POST /json/2/<model>/<method>`, bearer API key) through httpx, for Odoo 19+.

One `httpx.Client` per transport: keep-alive across the pages of a sync, the same TLS context
and proxy as JSON-RPC (computed in `net.py`, so `trust_env` is off), a timeout on every call and
no redirect following. Arguments are named, in a JSON body; `ids` only for record methods.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from nkdash_desktop.odoo.accounting import CallMeter
from nkdash_desktop.odoo.errors import (
    HostUnreachable,
    InvalidUrl,
    NoExternalApi,
    OdooError,
    OdooTimeout,
    UnknownDatabase,
)
from nkdash_desktop.odoo.faults import (
    FaultContext,
    clean_message,
    from_http_status,
    from_network_error,
    odoo_error_body,
)
from nkdash_desktop.odoo.secret import Secret
from nkdash_desktop.odoo.transport import USER_AGENT, Endpoint
from nkdash_desktop.odoo.versions import OdooVersion

NOT_JSON = "the answer is not JSON"


class Json2Transport:
    name = "json2"

    def __init__(self, endpoint: Endpoint, secret: Secret, *, api_key_only: bool = True) -> None:
        self._endpoint = endpoint
        self._secret = secret
        self._faults = endpoint.faults(secret, api_key_only=api_key_only)
        self._client = httpx.Client(
            base_url=endpoint.server.base,
            verify=endpoint.ssl_context,
            proxy=endpoint.proxy,
            trust_env=False,
            timeout=httpx.Timeout(endpoint.timeout_s),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )
        self.version: OdooVersion | None = None

    def __repr__(self) -> str:
        return f"Json2Transport({self._endpoint.server.base!r}, db={self._endpoint.database!r})"

    def _auth_headers(self) -> dict[str, str]:
        return {
            "Authorization": f"bearer {self._secret.reveal()}",
            "X-Odoo-Database": self._endpoint.database,
        }

    def _send(self, request: httpx.Request, meter: CallMeter, ctx: FaultContext) -> httpx.Response:
        meter.requests += 1
        meter.bytes_sent += len(request.content)
        try:
            response = self._client.send(request)
        except httpx.TimeoutException as exc:
            err: OdooError = OdooTimeout(ctx.url, ctx.timeout_s)
            err.detail = exc.__class__.__name__
            raise err from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol):
            raise InvalidUrl(ctx.url) from None
        except httpx.TransportError as exc:
            err = from_network_error(exc, ctx) or HostUnreachable(
                ctx.url,
                "connection dropped"
                if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError)
                else clean_message(exc, ctx) or exc.__class__.__name__,
            )
            raise err from None
        meter.bytes_received += response.num_bytes_downloaded
        return response

    @staticmethod
    def _json(response: httpx.Response, ctx: FaultContext) -> Any:
        try:
            return response.json()
        except (ValueError, UnicodeDecodeError):
            raise NoExternalApi.not_odoo(ctx.url, NOT_JSON) from None

    def probe_version(self, meter: CallMeter) -> OdooVersion:
        ctx = self._faults
        response = self._send(self._client.build_request("GET", "/web/version"), meter, ctx)
        if response.status_code == 404:
            # before Odoo 19 there is no GET /web/version: ask the JSON-RPC route, so the
            # operator learns which version answered (and that it has no JSON-2)
            body = {"jsonrpc": "2.0", "method": "call", "params": {}, "id": 1}
            request = self._client.build_request("POST", "/web/webclient/version_info", json=body)
            response = self._send(request, meter, ctx)
            if response.is_success:
                payload = self._json(response, ctx)
                if isinstance(payload, dict) and isinstance(payload.get("result"), dict):
                    self.version = OdooVersion.parse(payload["result"])
                    return self.version
                raise NoExternalApi.not_odoo(ctx.url, "no Odoo version in its answer")
        if not response.is_success:
            raise from_http_status(response.status_code, response.headers, response.content, ctx)
        payload = self._json(response, ctx)
        try:
            self.version = OdooVersion.parse(payload)
        except (ValueError, TypeError, AttributeError):
            raise NoExternalApi.not_odoo(ctx.url, "no Odoo version in its answer") from None
        return self.version

    def authenticate(self, meter: CallMeter) -> tuple[int, dict[str, Any]]:
        ctx = self._faults.on("res.users", "context_get")
        response = self._post("res.users", "context_get", None, {}, meter, ctx)
        if response.status_code == 404 and odoo_error_body(response.content) is None:
            # JSON-2 answers a 404 web page for a database it does not serve
            raise UnknownDatabase(ctx.url, self._endpoint.database)
        context = self._result(response, ctx)
        if not isinstance(context, dict):
            raise NoExternalApi.not_odoo(ctx.url, "unexpected answer to context_get")
        uid = context.get("uid")
        if not isinstance(uid, int):
            # an API key belongs to one user; find it by login (context_get lacked 'uid')
            domain = [["login", "=", self._endpoint.login]]
            kwargs = {"domain": domain, "fields": ["id"], "limit": 1}
            rows = self.execute("res.users", "search_read", None, kwargs, meter)
            uid = rows[0]["id"] if rows else 0
        return int(uid), dict(context)

    def execute(
        self,
        model: str,
        method: str,
        ids: list[int] | None,
        kwargs: dict[str, Any],
        meter: CallMeter,
    ) -> Any:
        ctx = self._faults.on(model, method)
        return self._result(self._post(model, method, ids, kwargs, meter, ctx), ctx)

    def _post(
        self,
        model: str,
        method: str,
        ids: list[int] | None,
        kwargs: dict[str, Any],
        meter: CallMeter,
        ctx: FaultContext,
    ) -> httpx.Response:
        body = dict(kwargs)
        if ids is not None:
            body["ids"] = list(ids)
        try:
            content = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
        except (TypeError, ValueError) as exc:
            raise TypeError(f"arguments of {model}.{method} are not JSON: {exc}") from None
        request = self._client.build_request(
            "POST",
            f"/json/2/{model}/{method}",
            content=content,
            headers={**self._auth_headers(), "Content-Type": "application/json"},
        )
        return self._send(request, meter, ctx)

    def _result(self, response: httpx.Response, ctx: FaultContext) -> Any:
        if response.status_code == 200:
            return self._json(response, ctx)
        raise from_http_status(response.status_code, response.headers, response.content, ctx)

    def close(self) -> None:
        self._client.close()
