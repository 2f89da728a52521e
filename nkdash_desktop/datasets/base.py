"""A dataset is one module: which Odoo models feed its raw tables (fields with their Odoo types,
under version-neutral names, and the domain that selects a business day), which of them is its
header table, how a raw day becomes its clean tables (a pure frame function), the contracts of
those clean tables and of the facts loaded from them, and how a sync finds late changes.

Adding a dataset touches its own module plus one registry line (`datasets/__init__.py`): the
lake's registries (`lake/schema.py`), extract, clean, load, the sync and the docs all read it
from there. This package imports no Odoo client and no pipeline, so the lake can read it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

import polars as pl

from nkdash_desktop.clock import ODOO_DATETIME
from nkdash_desktop.lake.columns import TableContract

if TYPE_CHECKING:  # the version is handed in by the extractor; the type is all we need
    from nkdash_desktop.odoo.versions import OdooVersion

Domain = list[Any]


def utc_window(day: date, tz: str) -> tuple[str, str]:
    """The UTC [start, end) of a local day, as Odoo datetime strings for a domain."""
    zone = ZoneInfo(tz)
    start = datetime.combine(day, time.min, zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time.min, zone).astimezone(UTC)
    return start.strftime(ODOO_DATETIME), end.strftime(ODOO_DATETIME)


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
    # (dataset, raw table) that asks Odoo the same question for a day (same model, domain and
    # fields): when that dataset's partition of the day is in the same run, this table takes
    # its file instead of reading again (pipeline/shared_reads.py)
    read_with: tuple[str, str] | None = None

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
class RawDay:
    """What a cleaner gets: the dataset's raw tables of one business day."""

    day: date
    timezone: str
    tables: Mapping[str, pl.DataFrame]  # the dataset's raw tables for the day
    snapshots: Mapping[str, pl.DataFrame | None]  # raw dimension snapshots asked for; None: absent


Cleaner = Callable[[RawDay], dict[str, pl.DataFrame]]  # clean table name -> frame


class DatasetError(ValueError):
    """A dataset declaration that does not hold together (a programming error)."""


@dataclass(frozen=True)
class Dataset:
    name: str
    tables: tuple[RawTable, ...]
    # daily: one partition per business day; snapshot: the state "now", filed under the day it
    # was taken; dimension: one latest file per table
    kind: Literal["daily", "snapshot", "dimension"] = "daily"
    # the raw table whose ids stand for the day's records: a sync's reconciliation compares
    # them with Odoo's, and today's live figures read its model and domain
    header: str = ""
    aliases: tuple[str, ...] = ()  # the web version's target names, so habits carry over
    description: str = ""  # QT_TRANSLATE_NOOP("Datasets", ...): shown translated
    changes: ChangeSweep | None = None  # daily datasets: the late-change sweep
    # Odoo groups (xml ids) of which the user needs one: without, Odoo's record rules hide
    # the records instead of refusing (the first one is the group the advice names)
    needs_group: tuple[str, ...] = ()
    # daily and snapshot datasets: raw day -> clean frames, written under `clean_tables`
    clean: Cleaner | None = None
    snapshots: tuple[str, ...] = ()  # raw dimension snapshots the cleaner looks up, if present
    clean_tables: tuple[TableContract, ...] = ()
    facts: tuple[TableContract, ...] = ()  # loaded from the clean tables into the star schema

    def __post_init__(self) -> None:
        # a clean table knows the dataset that writes it (the docs and repairs say so)
        stamped = tuple(replace(t, dataset=self.name) for t in self.clean_tables)
        object.__setattr__(self, "clean_tables", stamped)
        names = {t.name for t in self.tables}
        problems = []
        if self.kind != "dimension" and self.header not in names:
            problems.append(f"its header {self.header!r} is not one of its tables")
        if self.kind != "dimension" and (self.clean is None or not self.clean_tables):
            problems.append("it has no cleaner or no clean tables")
        cleaned = {t.name for t in self.clean_tables}
        problems += [
            f"fact {f.name} is loaded from {f.source!r}, not one of its clean tables"
            for f in self.facts
            if f.source not in cleaned
        ]
        if self.changes and self.changes.clean_table not in cleaned:
            problems.append(f"its change sweep reads {self.changes.clean_table!r}, not its own")
        if problems:
            raise DatasetError(f"dataset {self.name}: {'; '.join(problems)}")

    @property
    def header_table(self) -> RawTable:
        return self.table(self.header)

    def table(self, name: str) -> RawTable:
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(f"dataset {self.name} has no raw table {name!r}")
