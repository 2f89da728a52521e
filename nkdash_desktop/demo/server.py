"""The demo Odoo server: generated data behind Odoo's wire protocols on a loopback HTTP port.

    with DemoOdoo(DemoConfig(days=30)).start() as odoo:
        odoorpc.ODOO("127.0.0.1", port=odoo.port).login(odoo.db, "admin", "admin")

Stdlib `ThreadingHTTPServer` (one daemon thread per connection, HTTP/1.1 keep-alive, every
response with Content-Length, no access log), optional TLS, fault injection before each request
(never on /demo/admin), mutations in-process or through `POST /demo/admin` from loopback only.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import logging
import socket
import socketserver
import ssl
import struct
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, Any

import duckdb

from nkdash_desktop.demo.auth import Auth
from nkdash_desktop.demo.engine import Engine
from nkdash_desktop.demo.errors import OdooError
from nkdash_desktop.demo.faults import Decision, Faults
from nkdash_desktop.demo.grouping import group
from nkdash_desktop.demo.mutations import Mutator
from nkdash_desktop.demo.registry import Registry
from nkdash_desktop.demo.wire import HTML, JSON, Wire, dumps

if TYPE_CHECKING:
    from nkdash_desktop.demo.data import DemoConfig, DemoData

log = logging.getLogger(__name__)

ADMIN_PATH = "/demo/admin"
REQUEST_LOG_SIZE = 10_000  # answers the request log keeps (a long backfill would grow it)
ERROR_PAGES = {
    status: (
        f"<html>\r\n<head><title>{status} {HTTPStatus(status).phrase}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status} {HTTPStatus(status).phrase}</h1></center>\r\n"
        "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    ).encode()
    for status in (500, 502, 503, 504, 429)
}


def is_loopback(host: str) -> bool:
    """Whether a client address is this machine (127.0.0.0/8, ::1, ::ffff:127.x.y.z)."""
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


class DemoOdoo:
    """A running demo Odoo: `start()` generates the data and serves it in a daemon thread."""

    def __init__(
        self,
        config: DemoConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        ssl_context: ssl.SSLContext | None = None,
        db: str = "nkdash_demo",
    ) -> None:
        if config is None:
            from nkdash_desktop.demo.data import DemoConfig

            config = DemoConfig()
        self.config = config
        self.host = host
        self.port = port
        self.ssl_context = ssl_context
        self.db = db
        self.faults = Faults()
        self.requests_served: Counter[str] = Counter()
        # (path, HTTP status) of the latest answers, as a real server's access log would show
        self.request_log: deque[tuple[str, int]] = deque(maxlen=REQUEST_LOG_SIZE)
        self.connections_accepted = 0  # lets tests check that clients keep connections alive
        self.clock: Callable[[], datetime] = self._default_clock
        self.startup_seconds = 0.0
        self.data: DemoData
        self._counter_lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._clock_origin = (datetime.now(UTC).replace(tzinfo=None), time.monotonic())

    # -- life cycle ------------------------------------------------------------------------

    def start(self) -> DemoOdoo:
        from nkdash_desktop.demo.data import generate

        if self._thread is not None:
            return self
        started = time.perf_counter()
        self.con = duckdb.connect()
        self.data = generate(self.con, self.config)
        # one thread per query: requests run in parallel already, and a keyset page is too
        # small to gain from intra-query parallelism (it only adds scheduling jitter)
        self.con.execute("SET threads = 1")
        now = getattr(self.config, "now", None)
        if now is not None:
            self.set_now(now)
        registry = Registry(self.data.flavour)
        self.engine = Engine(self.con, registry, self.config.timezone, grouper=group)
        self.auth = Auth(self.data.users)
        self.wire = Wire(self.engine, self.auth, self.db)
        self.mutator = Mutator(self.engine, lambda: self.clock())
        self._httpd = _Server((self.host, self.port), self)
        self.port = self._httpd.server_address[1]
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"demo-odoo-{self.port}",
            daemon=True,
        )
        self._thread.start()
        self.startup_seconds = time.perf_counter() - started
        log.info("demo Odoo %s serving %s", self.data.flavour.server_version, self.url)
        return self

    def serve_forever(self) -> None:
        """Serve until `stop()` (or Ctrl+C in the caller); starts the server if needed."""
        if self._thread is None:
            self.start()
        thread = self._thread
        while thread is not None and thread.is_alive():
            thread.join(0.25)

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self._stopping.set()  # wakes requests held by latency/timeout faults
        httpd.shutdown()
        httpd.server_close()
        httpd.close_connections()
        if self._thread is not None:
            self._thread.join(5)
        self._thread = None
        self.con.close()

    def __enter__(self) -> DemoOdoo:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        scheme = "https" if self.ssl_context else "http"
        # a wildcard bind is reached through loopback
        host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        host = f"[{host}]" if ":" in host else host
        return f"{scheme}://{host}:{self.port}"

    def set_now(self, moment: datetime) -> None:
        """The demo's clock reads `moment` now and advances with the real clock from there,
        as a server whose clock was set; a clock a test assigned is replaced."""
        moment = moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
        self._clock_origin = (moment, time.monotonic())
        self.clock = self._default_clock

    def _default_clock(self) -> datetime:
        origin, started = self._clock_origin
        return origin + timedelta(seconds=time.monotonic() - started)

    def count(self, path: str) -> None:
        with self._counter_lock:
            self.requests_served[path] += 1

    def calls(self) -> dict[str, int]:
        """The calls answered so far, per "model/method"."""
        return self.engine.call_counts()

    def count_connection(self) -> None:
        with self._counter_lock:
            self.connections_accepted += 1

    # -- mutations and accounts ------------------------------------------------------------

    def create(self, model: str, vals: dict[str, Any]) -> int:
        return self.mutator.create(model, vals)

    def write(self, model: str, ids: list[int], vals: dict[str, Any]) -> None:
        self.mutator.write(model, ids, vals)

    def unlink(self, model: str, ids: list[int]) -> None:
        self.mutator.unlink(model, ids)

    def revoke(self, login: str) -> None:
        """The user's password and API key stop working (as if changed or deleted)."""
        self.auth.revoke(login)

    def restore(self, login: str) -> None:
        self.auth.restore(login)

    def set_groups(self, login: str, groups: Iterable[str]) -> None:
        """Give a user exactly these groups (xml ids; implied ones follow), as an Odoo
        administrator would in Settings > Users."""
        self.auth.user(login).set_groups(frozenset(groups))

    def groups(self, login: str) -> frozenset[str]:
        return self.auth.user(login).groups

    def admin(self, request: dict[str, Any]) -> Any:
        """Run one /demo/admin action; returns its JSON-able result."""
        action = request.get("action")
        if action == "create":
            return self.create(request["model"], request["vals"])
        if action == "write":
            self.write(request["model"], list(request["ids"]), request["vals"])
            return True
        if action == "unlink":
            self.unlink(request["model"], list(request["ids"]))
            return True
        if action == "revoke":
            self.revoke(request["login"])
            return True
        if action == "restore":
            self.restore(request["login"])
            return True
        if action == "faults":
            settings = {k: v for k, v in request.items() if k != "action"}
            self.faults.update(settings)
            return self.faults.to_dict()
        if action == "clock":  # another process's simulated clock (bench/tray_weeks.py)
            self.set_now(datetime.fromisoformat(request["now"]))
            return self.clock().isoformat()
        if action == "stats":
            with self._counter_lock:
                served = dict(self.requests_served)
            return {"requests_served": served, "calls": self.calls()}
        raise ValueError(f"unknown admin action {action!r}")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], odoo: DemoOdoo) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.odoo = odoo
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host's FQDN (a DNS lookup): not needed here
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def finish_request(self, request: Any, client_address: Any) -> None:
        self.odoo.count_connection()
        request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        context = self.odoo.ssl_context
        if context is not None:
            request.settimeout(30)
            try:
                request = context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
        with self._connections_lock:
            self._connections.add(request)
        try:
            _Handler(request, client_address, self)
        finally:
            with self._connections_lock:
                self._connections.discard(request)
            if context is not None:
                request.close()

    def close_connections(self) -> None:
        """Close kept-alive connections too: a stopped server must not answer on them."""
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("demo Odoo: connection error from %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Werkzeug/3.0.1"
    sys_version = "Python/3.11"
    timeout = 120  # idle keep-alive connections are closed after this
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # no access log on stderr
        return

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        odoo = self.server.odoo
        path = self.path.split("?", 1)[0]
        odoo.count(path)
        if path == ADMIN_PATH:
            self._admin(odoo)
            return
        decision = odoo.faults.decide()
        if decision.kind == "down":
            self._reset()
            return
        body = self._body()
        if body is None:
            return
        if not self._delay(odoo, decision):
            return
        if decision.kind == "drop":
            self.close_connection = True  # closed by the server with nothing written
            return
        if decision.kind is not None and decision.kind != "timeout":
            self._fault_page(decision)
            return
        response = odoo.wire.handle(self.command, self.path, self.headers, body)
        self._send(response.status, response.body, response.content_type, response.headers)

    def _body(self) -> bytes | None:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.close_connection = True
            self._send(411, b"Length Required", "text/plain")
            return None
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _delay(self, odoo: DemoOdoo, decision: Decision) -> bool:
        """Hold the response; False when the server stopped meanwhile."""
        if decision.delay > 0 and odoo._stopping.wait(decision.delay):
            self.close_connection = True
            return False
        return True

    def _fault_page(self, decision: Decision) -> None:
        assert decision.kind is not None
        status = int(decision.kind)
        headers = [("Retry-After", str(decision.retry_after))] if status == 429 else []
        self._send(status, ERROR_PAGES[status], HTML, headers)

    def _reset(self) -> None:
        """Abort the connection with a TCP reset, as a stopped server's port would."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    def _admin(self, odoo: DemoOdoo) -> None:
        body = self._body()
        if body is None:
            return
        if not is_loopback(self.client_address[0]):
            self._send(403, dumps({"error": "the admin endpoint only answers loopback"}), JSON)
            return
        try:
            request = json.loads(body or b"{}")
            if not isinstance(request, dict):
                raise ValueError("expecting a JSON object")
            result = odoo.admin(request)
        except OdooError as exc:
            self._send(400, dumps({"error": exc.message, "name": exc.name}), JSON)
        except (ValueError, KeyError, TypeError) as exc:
            self._send(400, dumps({"error": str(exc)}), JSON)
        else:
            self._send(200, dumps({"result": result}), JSON)

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        headers: list[tuple[str, str]] | tuple[()] = (),
    ) -> None:
        lines = [
            f"{self.protocol_version} {status} {HTTPStatus(status).phrase}",
            f"Server: {self.version_string()}",
            f"Date: {self.date_time_string()}",
            f"Content-Type: {content_type}",
            f"Content-Length: {len(body)}",
            *(f"{k}: {v}" for k, v in headers),
        ]
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.server.odoo.request_log.append((self.path.split("?", 1)[0], status))
        try:
            # one write: headers and body in separate small writes meet Nagle + delayed ACK
            self.wfile.write(head + body)
        except OSError:
            self.close_connection = True
