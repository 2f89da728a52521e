"""`FakeOdoo`: an `OdooReader` over records kept in memory, for unit tests that only need Odoo
to answer a few questions (no server, no HTTP, no generated shop).

It is the real `OdooClient` over an in-process transport: the demo Odoo's own engine (its
domain evaluator, its `search_read` formatting, its read_group) answers each call straight
from an empty DuckDB database holding only the records the test creates. So paging, contexts,
grouping and request accounting are the client's own code, and a domain means what it means
to Odoo (and to the demo used by the end-to-end tests). Records are written with
`create`/`write`/`unlink`, as on the demo server, on the fake's `clock`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import duckdb

from nkdash_desktop.demo import errors as demo_errors
from nkdash_desktop.demo.data import demo_users
from nkdash_desktop.demo.data_common import TableWriter
from nkdash_desktop.demo.engine import Engine
from nkdash_desktop.demo.grouping import group
from nkdash_desktop.demo.mutations import Mutator
from nkdash_desktop.demo.registry import Registry
from nkdash_desktop.demo.schema import Flavour
from nkdash_desktop.demo.wire import dumps
from nkdash_desktop.odoo import OdooClient, OdooConnection, OdooVersion
from nkdash_desktop.odoo.accounting import CallMeter
from nkdash_desktop.odoo.faults import FaultContext, from_odoo_fault

FAKE_KEY = "nkdash-fake-odoo-key"
EPOCH_NOW = datetime(2026, 1, 15, 3, 0, 0)  # naive UTC, as Odoo stores datetimes


class MemoryTransport:
    """One in-process "request" per call, answered by the demo engine as user `user`."""

    name = "memory"

    def __init__(self, engine: Engine, user: Any, faults: FaultContext) -> None:
        self.engine, self.user, self._faults = engine, user, faults

    def probe_version(self, meter: CallMeter) -> OdooVersion:
        meter.requests += 1
        version = self.engine.registry.flavour.server_version
        return OdooVersion.parse({"server_version": version})

    def authenticate(self, meter: CallMeter) -> tuple[int, dict[str, Any]]:
        meter.requests += 1
        return self.user.uid, {"lang": "en_US", "tz": self.engine.default_tz}

    def execute(
        self,
        model: str,
        method: str,
        ids: list[int] | None,
        kwargs: dict[str, Any],
        meter: CallMeter,
    ) -> Any:
        meter.requests += 1
        payload = dict(kwargs)
        context = payload.pop("context", None)
        try:
            result = self.engine.call(self.user, model, method, [], payload, ids, context)
        except demo_errors.OdooError as exc:
            raise from_odoo_fault(exc.name, exc.message, self._faults.on(model, method)) from None
        # what the wire would carry: JSON values (dates as text), as a real transport returns
        body = dumps(result)
        meter.bytes_received += len(body)
        return json.loads(body)

    def close(self) -> None:
        pass


class FakeOdoo(OdooClient):
    """An Odoo of `version` (16-19) holding only what the test creates; `clock` (naive UTC)
        stamps create_date/write_date. It starts with `companies` (ids 1, 2, ...) and the demo's
    administrator, who may read everything in all of them."""

    def __init__(
        self,
        version: int = 19,
        *,
        timezone: str = "Asia/Jakarta",
        company_id: int | None = None,
        clock: Callable[[], datetime] | None = None,
        companies: tuple[str, ...] = ("NK Mart", "NK Bali"),
        **connection: Any,
    ) -> None:
        options = {"url": "http://odoo.fake", "database": "fake", "login": "admin"}
        super().__init__(
            OdooConnection(**{**options, **connection}, timezone=timezone, company_id=company_id),
            FAKE_KEY,
        )
        self.now = EPOCH_NOW
        flavour = Flavour(version)
        self._con = duckdb.connect()
        writer = TableWriter(self._con, flavour)
        try:
            writer.create_all()
        finally:
            writer.close()
        self.engine = Engine(self._con, Registry(flavour), timezone, grouper=group)
        self.mutator = Mutator(self.engine, clock or (lambda: self.now))
        self.admin = demo_users(flavour)[0]
        # the shop's companies, and the user allowed in all of them (OdooBot is uid 1)
        for name in companies:
            self.create("res.company", {"name": name})
        allowed = [(6, 0, list(range(1, len(companies) + 1)))]
        for login, active in (("__system__", False), ("admin", True)):
            uid = self.create(
                "res.users",
                {"name": login, "login": login, "active": active, "company_id": 1,
                 "company_ids": allowed},
            )  # fmt: skip
        assert uid == self.admin.uid

    def _open(self, meter: CallMeter) -> None:
        transport = MemoryTransport(self.engine, self.admin, self._endpoint().faults(self._secret))
        version = transport.probe_version(meter)
        uid, context = transport.authenticate(meter)
        self._opened(transport, version, uid, context)

    # -- the test's records, as on the demo server ---------------------------------------------

    def create(self, model: str, vals: dict[str, Any]) -> int:
        return self.mutator.create(model, vals)

    def write(self, model: str, ids: list[int], vals: dict[str, Any]) -> None:
        self.mutator.write(model, ids, vals)

    def unlink(self, model: str, ids: list[int]) -> None:
        self.mutator.unlink(model, ids)

    def at(self, moment: datetime) -> FakeOdoo:
        """Set the clock (naive UTC or aware) for the next writes."""
        self.now = moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
        return self

    def shut(self) -> None:
        """Close the client and the in-memory database."""
        self.close()
        self._con.close()
