"""Turning what went wrong on the wire into the typed errors of `errors.py`.

Shared by both transports: Odoo's own exception (its class name and message, from a JSON-RPC
error envelope or a JSON-2 error body), an HTTP status, or a network exception (from urllib or
httpx, whose chains both end in the socket/ssl error that tells the story). Every message taken
from outside is scrubbed of the secret before it is quoted.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import socket
import ssl
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

from nkdash_desktop.odoo.errors import (
    CompanyRefused,
    HostNotFound,
    HostUnreachable,
    NoExternalApi,
    NoReadAccess,
    NoSuchModel,
    OdooError,
    OdooTimeout,
    ServerError,
    ServerUnavailable,
    TlsError,
    UnknownDatabase,
    WrongCredentials,
)
from nkdash_desktop.odoo.net import ServerUrl
from nkdash_desktop.odoo.rights import granting_groups
from nkdash_desktop.odoo.secret import Secret, scrub

TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})
MESSAGE_LIMIT = 300


@dataclass(frozen=True)
class FaultContext:
    """What the error sentence may name: never the secret itself (only used to scrub)."""

    server: ServerUrl
    database: str
    login: str
    timeout_s: float
    secret: Secret | None = None
    model: str | None = None
    method: str | None = None
    api_key_only: bool = False  # JSON-2: the secret can only be an API key

    def on(self, model: str | None, method: str | None) -> FaultContext:
        return replace(self, model=model, method=method)

    @property
    def url(self) -> str:
        return self.server.base

    @property
    def is_odoo_online(self) -> bool:
        return self.server.host.endswith(".odoo.com")


def clean_message(text: Any, ctx: FaultContext) -> str:
    """One line, scrubbed, bounded: fit to be quoted inside a sentence."""
    message = " ".join(str(text or "").split())
    message = scrub(message, ctx.secret)
    if len(message) > MESSAGE_LIMIT:
        message = message[: MESSAGE_LIMIT - 1].rstrip() + "…"
    return message


def _unknown_database(message: str) -> bool:
    low = message.lower()
    return "database" in low and "does not exist" in low


def _mentions_plan(message: str) -> bool:
    low = message.lower()
    return "plan" in low and ("api" in low or "rpc" in low)


def _no_such_model(short: str, text: str, model: str) -> bool:
    """JSON-RPC's "Object x doesn't exist", or JSON-2's 404 NotFound for the model."""
    if short == "NotFound":
        return "method" not in text.lower()
    return f"Object {model} doesn't exist" in text


def from_odoo_fault(name: str, message: Any, ctx: FaultContext) -> OdooError:
    """An exception raised inside Odoo (`data.name` / the JSON-2 body's `name`)."""
    text = clean_message(message, ctx)
    short = (name or "").rsplit(".", 1)[-1]
    detail = f"{name}: {text}"
    if _unknown_database(text):
        err: OdooError = UnknownDatabase(ctx.url, ctx.database)
    elif _mentions_plan(text):
        err = NoExternalApi.online_plan(ctx.server.host, text)
    elif short in ("AccessDenied", "SessionExpiredException"):
        err = WrongCredentials(ctx.login, ctx.database, api_key_only=ctx.api_key_only)
    elif short == "AccessError" and "unauthorized or invalid compan" in text.lower():
        err = CompanyRefused(ctx.login)
    elif short == "AccessError" and ctx.model:
        groups = [scrub(g, ctx.secret) for g in granting_groups(str(message or ""))]
        err = NoReadAccess(ctx.model, ctx.login, groups)
    elif ctx.model and _no_such_model(short, text, ctx.model):
        err = NoSuchModel(ctx.model)
    else:
        err = ServerError(text or name or "unknown error", model=ctx.model, method=ctx.method)
    err.detail = detail
    return err


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


def odoo_error_body(body: bytes) -> tuple[str, str] | None:
    """(name, message) from a JSON-2 error body or a JSON-RPC error envelope, if it is one."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("error"), dict):  # JSON-RPC envelope
        data = data["error"].get("data") or data["error"]
    if "name" in data or "message" in data:
        return str(data.get("name") or ""), str(data.get("message") or "")
    return None


def from_http_status(
    status: int, headers: Mapping[str, str], body: bytes, ctx: FaultContext
) -> OdooError:
    """A non-2xx answer. `headers` must be case-insensitive (both clients' are)."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    detail = f"HTTP {status} {phrase} from {ctx.model or ''}.{ctx.method or ''}".strip()
    if 300 <= status < 400:
        location = headers.get("location") or "another address"
        err: OdooError = NoExternalApi.redirected(ctx.url, scrub(location, ctx.secret))
    elif status in TRANSIENT_STATUSES:
        err = ServerUnavailable(
            ctx.url, status, retry_after=parse_retry_after(headers.get("retry-after"))
        )
    elif status == 401:
        err = WrongCredentials(ctx.login, ctx.database, api_key_only=ctx.api_key_only)
    else:
        fault = odoo_error_body(body)
        if fault is not None:
            return from_odoo_fault(fault[0], fault[1], ctx)
        if status == 403 and ctx.is_odoo_online:
            err = NoExternalApi.online_plan(ctx.server.host, f"HTTP 403 {phrase}")
        elif status in (403, 404, 405):
            err = NoExternalApi.not_odoo(ctx.url, f"HTTP {status} {phrase}")
        else:
            err = ServerError(f"HTTP {status} {phrase}".strip(), model=ctx.model, method=ctx.method)
    err.detail = detail
    return err


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, its urllib `reason`, and everything it was raised from."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        cur = todo.pop(0)
        if cur is None or id(cur) in seen:
            continue
        seen.add(id(cur))
        yield cur
        reason = getattr(cur, "reason", None)
        if isinstance(reason, BaseException):
            todo.append(reason)
        todo.extend([cur.__cause__, cur.__context__])


DROPPED = (
    ConnectionResetError,
    ConnectionAbortedError,
    BrokenPipeError,
    http.client.RemoteDisconnected,
    http.client.IncompleteRead,
    http.client.BadStatusLine,
)


def from_network_error(exc: BaseException, ctx: FaultContext) -> OdooError | None:
    """A socket/TLS/DNS failure anywhere in the chain, or None if there is none."""
    host = ctx.server.host
    for cur in _chain(exc):
        err: OdooError | None = None
        if isinstance(cur, ssl.SSLCertVerificationError):
            reason = cur.verify_message or cur.reason or "certificate not trusted"
            err = TlsError.untrusted(host, str(reason))
        elif isinstance(cur, ssl.SSLError):
            reason = str(cur.reason or cur.__class__.__name__).replace("_", " ").lower()
            err = TlsError.handshake(host, reason)
        elif isinstance(cur, socket.gaierror):
            err = HostNotFound(host)
        elif isinstance(cur, TimeoutError):
            err = OdooTimeout(ctx.url, ctx.timeout_s)
        elif isinstance(cur, ConnectionRefusedError):
            err = HostUnreachable(ctx.url, "connection refused")
        elif isinstance(cur, DROPPED):
            err = HostUnreachable(ctx.url, "connection dropped")
        elif isinstance(cur, OSError) and cur.errno is not None:
            err = HostUnreachable(ctx.url, scrub(cur.strerror or str(cur), ctx.secret).lower())
        if err is not None:
            err.detail = scrub(f"{cur.__class__.__name__}: {cur}", ctx.secret)
            return err
    return None
