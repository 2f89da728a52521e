"""A dataset is a small declarative spec: which Odoo model feeds each raw table, which fields
(with their Odoo types, under version-neutral names) and which domain selects a business day.

Adding a dataset touches its own module plus one registry line (`datasets/__init__.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from nkdash_desktop.odoo.versions import OdooVersion
from nkdash_desktop.pipeline.days import utc_window

Domain = list[Any]


@dataclass(frozen=True)
class Scope:
    """What a domain needs to know: the day, the company and the server."""

    day: date | None
    timezone: str
    version: OdooVersion
    company_id: int | None = None

    @property
    def window(self) -> tuple[str, str]:
        assert self.day is not None, "a snapshot has no day window"
        return utc_window(self.day, self.timezone)

    def company(self, path: str = "company_id") -> Domain:
        return [(path, "=", self.company_id)] if self.company_id else []

    def datetime_in_day(self, path: str) -> Domain:
        start, end = self.window
        return [(path, ">=", start), (path, "<", end)]


@dataclass(frozen=True)
class RawTable:
    name: str  # raw table name in the lake, e.g. "pos_order_lines"
    model: str  # Odoo model, e.g. "pos.order.line"
    fields: Mapping[str, str]  # column -> Odoo field type
    domain: Callable[[Scope], Domain]
    # columns that may not exist on a server (add-on fields, other versions): null when absent
    optional: frozenset[str] = frozenset()
    # the table exists only when this model does (e.g. product.brand, hr.employee)
    requires_model: bool = False
    context: Mapping[str, Any] = field(default_factory=dict)
    # company-dependent fields (standard_price): read once per company the connection may
    # use, with that company first in the context; the raw rows get a `company_id` column
    per_company: bool = False

    @property
    def columns(self) -> dict[str, str]:
        """The raw file's columns: the fields read, and the company a per-company row is of."""
        return {**self.fields, "company_id": "integer"} if self.per_company else dict(self.fields)


@dataclass(frozen=True)
class ChangeSweep:
    """How a sync finds records edited, posted, cancelled or moved since its last cursor: it
    sweeps `model` by `write_date` (no state filter: a cancellation is a change too) and reruns
    the business days that `day_field` puts them on; the lake's `clean_table.clean_id` tells
    the day a record was filed under before, so a record whose date moved reruns both days."""

    model: str
    day_field: str
    day_kind: Literal["datetime", "date"]
    clean_table: str
    clean_id: str
    domain: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Dataset:
    name: str
    tables: tuple[RawTable, ...]
    # daily: one partition per business day; snapshot: the state "now", filed under the day it
    # was taken; dimension: one latest file per table
    kind: Literal["daily", "snapshot", "dimension"] = "daily"
    aliases: tuple[str, ...] = ()  # the web version's target names, so habits carry over
    description: str = ""
    changes: ChangeSweep | None = None  # daily datasets: the late-change sweep
    # Odoo groups (xml ids) of which the user needs one: without, Odoo's record rules hide
    # the records instead of refusing (the first one is the group the advice names)
    needs_group: tuple[str, ...] = ()
