"""`OdooClient`: the one interface the rest of the app uses to read Odoo.

It picks a transport (JSON-2 when the server offers it and the secret is an API key, else
JSON-RPC), logs in, and then offers the few read patterns the ETL needs: `search_read` with
explicit fields, keyset pages on id, related records in bulk by id sets, counts and grouped
totals. Every call carries the context (company timezone, allowed company, the caller's
additions), is retried on transient failures only, and is booked under the caller's site label
in `stats` (requests, bytes, seconds, retries).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from nkdash_desktop.logsetup import register_secret
from nkdash_desktop.odoo.accounting import CallMeter, RequestStats
from nkdash_desktop.odoo.errors import (
    Json2Unavailable,
    NoReadAccess,
    NoSuchModel,
    OdooError,
    ServerError,
    UnsupportedVersion,
)
from nkdash_desktop.odoo.net import build_ssl_context, parse_server_url, system_proxy_for
from nkdash_desktop.odoo.retry import Retrier, RetryPolicy
from nkdash_desktop.odoo.secret import Secret
from nkdash_desktop.odoo.transport import Endpoint, Transport
from nkdash_desktop.odoo.transport_json2 import Json2Transport
from nkdash_desktop.odoo.transport_jsonrpc import JsonRpcTransport
from nkdash_desktop.odoo.versions import OdooVersion

log = logging.getLogger(__name__)
T = TypeVar("T")

TRANSPORTS = ("auto", "jsonrpc", "json2")
# optional models the app reads, and the module that installs each (ir.module.module is
# readable by every internal user)
ADDON_MODELS = {"hr.employee": "hr", "product.brand": "product_brand"}
SECRET_KINDS = ("api_key", "password", "")
Domain = Sequence[Any]


@dataclass
class OdooConnection:
    """Where and how to read Odoo. Holds no secret: that is passed to `OdooClient` apart."""

    url: str
    database: str
    login: str
    transport: str = "auto"  # auto | jsonrpc | json2
    timeout_s: float = 60.0  # per HTTP request
    batch_size: int = 2000  # rows per page
    ca_file: str | None = None  # extra CA bundle (else $NKDASH_CA_FILE)
    insecure_skip_verify: bool = False
    max_retries: int = 5  # tries after the first, for transient failures only
    company_id: int | None = None  # None: all the user's companies
    timezone: str = "Asia/Jakarta"  # business-day timezone, sent as context['tz']
    # what the login found the secret to be ("" unknown): `auto` then goes straight to the
    # transport that takes it, instead of offering a password to JSON-2 (a 401) on every run
    secret_kind: str = ""  # api_key | password | ""

    def __post_init__(self) -> None:
        if self.transport not in TRANSPORTS:
            raise ValueError(f"transport must be one of {', '.join(TRANSPORTS)}")
        if self.secret_kind not in SECRET_KINDS:
            raise ValueError(f"secret_kind must be one of {', '.join(SECRET_KINDS)}")
        if self.batch_size < 1 or self.timeout_s <= 0 or self.max_retries < 0:
            raise ValueError("batch_size, timeout_s must be positive and max_retries >= 0")
        ZoneInfo(self.timezone)  # fail early on a bad zone name

    @classmethod
    def from_settings(cls, odoo: Any) -> OdooConnection:
        """From the `[odoo]` settings section (0 / "" mean "not set" there)."""
        return cls(
            url=odoo.url,
            database=odoo.database,
            login=odoo.login,
            transport=odoo.transport,
            timeout_s=float(odoo.timeout_s),
            batch_size=int(odoo.batch_size),
            ca_file=odoo.ca_file or None,
            company_id=odoo.company_id or None,
            timezone=odoo.timezone,
            secret_kind=odoo.secret_kind,
        )


def collect_ids(rows: Iterable[Mapping[str, Any]], *fields: str) -> list[int]:
    """Sorted distinct ids referenced by many2one (`[id, name]`/id) or x2many fields of rows."""
    ids: set[int] = set()
    for row in rows:
        for name in fields:
            value = row.get(name)
            if isinstance(value, int) and not isinstance(value, bool):
                ids.add(value)
            elif isinstance(value, list | tuple) and value:
                if len(value) == 2 and isinstance(value[1], str):  # many2one [id, name]
                    ids.add(int(value[0]))
                else:
                    ids.update(int(v) for v in value if isinstance(v, int))
    return sorted(ids)


class OdooClient:
    """Read access to one Odoo database as one user. Use as a context manager or `close()`."""

    def __init__(
        self,
        connection: OdooConnection,
        secret: str | Secret,
        *,
        stats: RequestStats | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        self.connection = connection
        self._secret = secret if isinstance(secret, Secret) else Secret(secret)
        register_secret(self._secret.reveal())  # the log file's redaction, a second line
        self.server = parse_server_url(connection.url)
        self.stats = stats if stats is not None else RequestStats()
        self._retrier = Retrier(
            retry_policy or RetryPolicy(max_retries=connection.max_retries), sleep=sleep, rng=rng
        )
        self._tz = ZoneInfo(connection.timezone)
        self._transport: Transport | None = None
        self._version: OdooVersion | None = None
        self._uid: int | None = None
        self._user_context: dict[str, Any] = {}
        self.secret_kind = connection.secret_kind  # what the login tells, once connected
        self._connect_lock = threading.Lock()

    def __repr__(self) -> str:
        c = self.connection
        return (
            f"OdooClient({self.server.base!r}, db={c.database!r}, login={c.login!r}, "
            f"transport={self.transport_name!r})"
        )

    def __enter__(self) -> OdooClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- connection ------------------------------------------------------------------------

    def connect(self) -> OdooClient:
        """Version probe, transport choice, login. Idempotent; the other methods call it on
        demand."""
        with self._connect_lock:
            if self._transport is None:
                meter = CallMeter()
                started = time.perf_counter()
                failed = True
                try:
                    self._open(meter)
                    failed = False
                finally:
                    self.stats.book("connect", meter, time.perf_counter() - started, failed=failed)
        return self

    def _endpoint(self) -> Endpoint:
        c = self.connection
        return Endpoint(
            server=self.server,
            database=c.database,
            login=c.login,
            timeout_s=c.timeout_s,
            ssl_context=build_ssl_context(c.ca_file, insecure_skip_verify=c.insecure_skip_verify),
            proxy=system_proxy_for(self.server),
        )

    def _retry(self, fn: Callable[[], T], meter: CallMeter, what: str) -> T:
        return self._retrier.run(fn, meter, what=what)

    def _open(self, meter: CallMeter) -> None:
        endpoint = self._endpoint()
        mode = self.connection.transport
        if mode == "json2":
            j2 = Json2Transport(endpoint, self._secret, api_key_only=True)
            try:
                version = self._retry(lambda: j2.probe_version(meter), meter, "version")
                self._check_version(version)
                if not version.has("json2"):
                    raise Json2Unavailable(self.server.base, str(version))
                uid, context = self._retry(lambda: j2.authenticate(meter), meter, "login")
            except BaseException:
                j2.close()
                raise
            self.secret_kind = "api_key"  # JSON-2 takes nothing else
            self._opened(j2, version, uid, context)
            return

        rpc = JsonRpcTransport(endpoint, self._secret)
        version = self._retry(lambda: rpc.probe_version(meter), meter, "version")
        self._check_version(version)
        refused_by_json2 = False
        # a known password goes straight to JSON-RPC: JSON-2 would refuse it on every run
        if mode == "auto" and version.has("json2") and self.secret_kind != "password":
            j2 = Json2Transport(endpoint, self._secret, api_key_only=False)
            try:
                uid, context = self._retry(lambda: j2.authenticate(meter), meter, "login")
            except OdooError as exc:
                j2.close()
                if exc.retryable:
                    raise  # the network is the problem: JSON-RPC would not fare better
                # most likely a password rather than an API key: JSON-RPC accepts both
                log.info("JSON-2 login refused (%s); using JSON-RPC", exc.detail or exc)
                refused_by_json2 = True
            else:
                self.secret_kind = "api_key"
                self._opened(j2, version, uid, context)
                return
        uid, context = self._retry(lambda: rpc.authenticate(meter), meter, "login")
        if refused_by_json2:  # JSON-RPC took what JSON-2 refused: a password
            self.secret_kind = "password"
        self._opened(rpc, version, uid, context)

    def _check_version(self, version: OdooVersion) -> None:
        if not version.supported:
            raise UnsupportedVersion(self.server.base, str(version))

    def _opened(
        self, transport: Transport, version: OdooVersion, uid: int, context: dict[str, Any]
    ) -> None:
        self._transport, self._version = transport, version
        self._uid, self._user_context = uid, context
        log.info(
            "Connected to Odoo %s at %s (db %s) as uid %s via %s",
            version,
            self.server.base,
            self.connection.database,
            uid,
            transport.name,
        )

    def close(self) -> None:
        with self._connect_lock:
            if self._transport is not None:
                self._transport.close()
            self._transport = None

    def _connected(self) -> Transport:
        if self._transport is None:
            self.connect()
        assert self._transport is not None
        return self._transport

    @property
    def odoo_version(self) -> OdooVersion:
        self._connected()
        assert self._version is not None
        return self._version

    @property
    def version(self) -> int:
        """The server's major version, e.g. 16..19."""
        return self.odoo_version.major

    @property
    def transport_name(self) -> str | None:
        return self._transport.name if self._transport is not None else None

    @property
    def uid(self) -> int:
        self._connected()
        assert self._uid is not None
        return self._uid

    @property
    def user_context(self) -> dict[str, Any]:
        self._connected()
        return dict(self._user_context)

    # -- calls -----------------------------------------------------------------------------

    def context(
        self, extra: Mapping[str, Any] | None = None, *, with_company: bool = True
    ) -> dict[str, Any]:
        """The context sent with every call: tz, the user's lang, the company, then `extra`."""
        ctx: dict[str, Any] = {"tz": self.connection.timezone}
        if self._user_context.get("lang"):
            ctx["lang"] = self._user_context["lang"]
        if with_company and self.connection.company_id:
            ctx["allowed_company_ids"] = [self.connection.company_id]
        if extra:
            ctx.update(extra)
        return ctx

    def call(
        self,
        model: str,
        method: str,
        kwargs: Mapping[str, Any] | None = None,
        *,
        ids: Sequence[int] | None = None,
        context: Mapping[str, Any] | None = None,
        site: str | None = None,
        with_company: bool = True,
    ) -> Any:
        """`model.method(**kwargs)` with the context, retried, booked under `site`."""
        transport = self._connected()
        payload = dict(kwargs or {})
        payload["context"] = self.context(context, with_company=with_company)
        id_list = list(ids) if ids is not None else None
        meter = CallMeter()
        started = time.perf_counter()
        failed = True
        try:
            result = self._retry(
                lambda: transport.execute(model, method, id_list, payload, meter),
                meter,
                f"{model}.{method}",
            )
            failed = False
            return result
        finally:
            self.stats.book(
                site or f"{model}.{method}", meter, time.perf_counter() - started, failed=failed
            )

    def search_read(
        self,
        model: str,
        domain: Domain,
        fields: Sequence[str],
        *,
        order: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        context: Mapping[str, Any] | None = None,
        site: str | None = None,
    ) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {"domain": list(domain), "fields": list(fields)}
        if order:
            kwargs["order"] = order
        if limit:
            kwargs["limit"] = int(limit)
        if offset:
            kwargs["offset"] = int(offset)
        return self.call(model, "search_read", kwargs, context=context, site=site)

    def search_read_pages(
        self,
        model: str,
        domain: Domain,
        fields: Sequence[str],
        *,
        batch_size: int | None = None,
        context: Mapping[str, Any] | None = None,
        site: str | None = None,
        after_id: int = 0,
    ) -> Iterator[list[dict[str, Any]]]:
        """Pages of rows in id order, keyed on id: stable while records are added or edited
        (offset paging over a moving order skips and repeats rows). A consumer may stop early
        (cancel) between pages."""
        batch = int(batch_size or self.connection.batch_size)
        last = int(after_id)
        while True:
            rows = self.search_read(
                model,
                [("id", ">", last), *domain],
                fields,
                order="id asc",
                limit=batch,
                context=context,
                site=site or f"{model}.search_read",
            )
            if not rows:
                return
            yield rows
            if len(rows) < batch:
                return
            last = int(rows[-1]["id"])

    def read_ids(
        self,
        model: str,
        ids: Iterable[int],
        fields: Sequence[str],
        *,
        chunk: int | None = None,
        context: Mapping[str, Any] | None = None,
        site: str | None = None,
    ) -> list[dict[str, Any]]:
        """Records by id, in bulk (`('id','in',chunk)`), archived ones included: a sale may
        point at a product archived since. Sorted by id; unknown ids are simply absent."""
        wanted = sorted({int(i) for i in ids if i})
        size = int(chunk or self.connection.batch_size)
        ctx = {"active_test": False, **(context or {})}
        rows: list[dict[str, Any]] = []
        for start in range(0, len(wanted), size):
            part = wanted[start : start + size]
            rows.extend(
                self.search_read(
                    model,
                    [("id", "in", part)],
                    fields,
                    order="id asc",
                    context=ctx,
                    site=site or f"{model}.read_ids",
                )
            )
        return rows

    def search_ids(
        self,
        model: str,
        domain: Domain,
        *,
        context: Mapping[str, Any] | None = None,
        site: str | None = None,
    ) -> list[int]:
        """The ids of every record matching `domain` (one `search`, no fields read)."""
        return self.call(model, "search", {"domain": list(domain)}, context=context, site=site)

    def search_count(
        self,
        model: str,
        domain: Domain,
        *,
        limit: int | None = None,
        context: Mapping[str, Any] | None = None,
        site: str | None = None,
    ) -> int:
        kwargs: dict[str, Any] = {"domain": list(domain)}
        if limit:
            kwargs["limit"] = int(limit)
        return int(self.call(model, "search_count", kwargs, context=context, site=site))

    def fields_get(
        self,
        model: str,
        attributes: Sequence[str] = ("type", "string", "relation", "store", "selection"),
        *,
        site: str | None = None,
    ) -> dict[str, dict[str, Any]]:
        return self.call(model, "fields_get", {"attributes": list(attributes)}, site=site)

    def model_exists(self, model: str) -> bool:
        """Whether `model` is installed and readable, without `ir.model` (readable only with
        "Access Rights", which a reporting user lacks): an add-on's model by its module's
        state, any other by asking `fields_get` of the model itself, which Odoo answers
        without read rights; an error there means "absent or not readable"."""
        module = ADDON_MODELS.get(model)
        if module is not None:
            return bool(self.installed_modules([module]))
        try:
            self.call(
                model,
                "fields_get",
                {"allfields": ["id"], "attributes": ["type"]},
                site="meta.model_exists",
            )
        except (NoSuchModel, NoReadAccess):
            return False
        return True

    def has_group(self, xml_id: str) -> bool:
        """Whether this user has an Odoo group (`res.users.has_group`: a model method on 16,
        a method of the user record from 17 on)."""
        ids = [self.uid] if self.version >= 17 else None
        return bool(
            self.call(
                "res.users", "has_group", {"group_ext_id": xml_id}, ids=ids, site="meta.groups"
            )
        )

    def has_any_group(self, xml_ids: Sequence[str]) -> bool:
        """Whether this user has one of these groups. A server that refuses `has_group`
        over RPC cannot be asked: that counts as yes (logged), rather than blocking runs."""
        try:
            return any(self.has_group(xml_id) for xml_id in xml_ids)
        except ServerError as exc:
            log.warning("cannot check the user's groups %s: %s", ", ".join(xml_ids), exc.detail)
            return True

    def installed_modules(self, names: Iterable[str]) -> set[str]:
        """Which of `names` are installed Odoo modules (e.g. 'pos_hr', 'product_brand')."""
        wanted = sorted(set(names))
        if not wanted:
            return set()
        rows = self.search_read(
            "ir.module.module",
            [("name", "in", wanted), ("state", "=", "installed")],
            ["name"],
            site="meta.installed_modules",
        )
        return {row["name"] for row in rows}

    def can_read(self, model: str) -> bool:
        """Whether this user may read `model` (False on Odoo's AccessError)."""
        try:
            self.search_count(model, [], limit=1, site="meta.can_read")
        except NoReadAccess:
            return False
        return True

    def companies(self) -> list[dict[str, Any]]:
        """The companies this user may use (not narrowed to the configured one)."""
        return self.call(
            "res.company",
            "search_read",
            {"domain": [], "fields": ["name", "currency_id"], "order": "id asc"},
            site="meta.companies",
            with_company=False,
        )

    # -- Odoo's own totals -------------------------------------------------------------------

    def grouped_totals(
        self,
        model: str,
        domain: Domain,
        day_field: str,
        sum_fields: Sequence[str],
        groupby_extra: Sequence[str] | None = None,
        *,
        context: Mapping[str, Any] | None = None,
        site: str | None = None,
    ) -> list[dict[str, Any]]:
        """Per local day (and `groupby_extra`): `{"day": date, <extra>: id|value, "count": n,
        <sum field>: total}`, computed by Odoo itself with `read_group` (16-18) or
        `formatted_read_group` (19+), days bucketed in the context timezone."""
        extra = list(groupby_extra or ())
        day_key = f"{day_field}:day"
        groupby = [day_key, *extra]
        site = site or f"{model}.grouped_totals"
        if self.odoo_version.grouping_method == "formatted_read_group":
            aggregates = [f"{f}:sum" for f in sum_fields] + ["__count"]
            kwargs = {"domain": list(domain), "groupby": groupby, "aggregates": aggregates}
            raw = self.call(model, "formatted_read_group", kwargs, context=context, site=site)
            sum_keys = {f: f"{f}:sum" for f in sum_fields}
        else:
            kwargs = {
                "domain": list(domain),
                "fields": [f"{f}:sum" for f in sum_fields],
                "groupby": groupby,
                "lazy": False,
            }
            raw = self.call(model, "read_group", kwargs, context=context, site=site)
            sum_keys = {f: f for f in sum_fields}
        out = []
        for row in raw:
            item: dict[str, Any] = {"day": self._bucket_day(row, day_field, day_key)}
            for name in extra:
                item[name] = _group_value(row.get(name))
            item["count"] = int(row.get("__count") or 0)
            for name, key in sum_keys.items():
                item[name] = float(row.get(key) or 0.0)
            out.append(item)
        out.sort(
            key=lambda r: (r["day"] is None, r["day"] or date.min, *(str(r[n]) for n in extra))
        )
        return out

    def grouped_max(
        self,
        model: str,
        domain: Domain,
        groupby: Sequence[str],
        field: str,
        *,
        context: Mapping[str, Any] | None = None,
        site: str | None = None,
    ) -> list[dict[str, Any]]:
        """Per group of `groupby`: `{<groupby>: id|value, <field>: its largest value}`,
        computed by Odoo with `read_group` (16-18) or `formatted_read_group` (19+)."""
        if self.odoo_version.grouping_method == "formatted_read_group":
            kwargs = {
                "domain": list(domain),
                "groupby": list(groupby),
                "aggregates": [f"{field}:max"],
            }
            raw = self.call(model, "formatted_read_group", kwargs, context=context, site=site)
            key = f"{field}:max"
        else:
            kwargs = {
                "domain": list(domain),
                "fields": [f"{field}:max"],
                "groupby": list(groupby),
                "lazy": False,
            }
            raw = self.call(model, "read_group", kwargs, context=context, site=site)
            key = field
        return [
            {**{name: _group_value(row.get(name)) for name in groupby}, field: row.get(key)}
            for row in raw
        ]

    def _bucket_day(self, row: Mapping[str, Any], day_field: str, day_key: str) -> date | None:
        value = row.get(day_key)
        start: Any = None
        if isinstance(value, list | tuple) and value:  # 19: [start, label]
            start = value[0]
        else:  # 16-18: a label; the bucket's bounds are in __range or __domain
            bounds = (row.get("__range") or {}).get(day_key)
            if isinstance(bounds, dict):
                start = bounds.get("from")
            else:
                start = _domain_start(row.get("__domain") or [], day_field)
        return _local_day(start, self._tz)


def _group_value(value: Any) -> Any:
    if isinstance(value, list | tuple) and len(value) == 2:
        return value[0]  # many2one [id, name]
    return None if value is False else value


def _domain_start(domain: Sequence[Any], field: str) -> Any:
    for term in domain:
        if isinstance(term, list | tuple) and len(term) == 3 and tuple(term[:2]) == (field, ">="):
            return term[2]
    return None


def _local_day(value: Any, tz: ZoneInfo) -> date | None:
    """A bucket start: a date ('2026-01-05') as is, a UTC datetime as its local day."""
    if not value:
        return None
    text = str(value)
    if len(text) <= 10:
        return date.fromisoformat(text)
    moment = datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    return moment.astimezone(tz).date()
