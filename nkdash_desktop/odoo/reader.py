"""`OdooReader`: what the engine asks of an Odoo connection, and nothing more.

The pipeline (extract, change sweeps, first days, live totals, validation) is typed with this
Protocol rather than with `OdooClient`, so a test can hand it an in-memory fake and a reader
of these functions sees at a glance which Odoo calls they make. `OdooClient` satisfies it
(tests/odoo/test_reader.py compares the signatures member by member).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

from nkdash_desktop.odoo.accounting import RequestStats
from nkdash_desktop.odoo.client import Domain, OdooConnection
from nkdash_desktop.odoo.versions import OdooVersion


class OdooReader(Protocol):
    """Read access to one Odoo database as one user, as the engine uses it."""

    connection: OdooConnection  # url, database, login, timezone, company_id are read
    stats: RequestStats  # requests booked per call site (a partition's request count)

    @property
    def odoo_version(self) -> OdooVersion: ...

    @property
    def version(self) -> int: ...

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
    ) -> list[dict[str, Any]]: ...

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
    ) -> Iterator[list[dict[str, Any]]]: ...

    def search_ids(
        self,
        model: str,
        domain: Domain,
        *,
        context: Mapping[str, Any] | None = None,
        site: str | None = None,
    ) -> list[int]: ...

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
    ) -> list[dict[str, Any]]: ...

    def grouped_max(
        self,
        model: str,
        domain: Domain,
        groupby: Sequence[str],
        field: str,
        *,
        context: Mapping[str, Any] | None = None,
        site: str | None = None,
    ) -> list[dict[str, Any]]: ...

    def fields_get(
        self,
        model: str,
        attributes: Sequence[str] = ("type", "string", "relation", "store", "selection"),
        *,
        site: str | None = None,
    ) -> dict[str, dict[str, Any]]: ...

    def model_exists(self, model: str) -> bool: ...

    def has_any_group(self, xml_ids: Sequence[str]) -> bool: ...

    def companies(self) -> list[dict[str, Any]]: ...

    def close(self) -> None: ...
