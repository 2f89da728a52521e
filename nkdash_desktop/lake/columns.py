"""The vocabulary of the lake's contracts: column types, a column, a table contract, and the
columns many tables share. The datasets (`nkdash_desktop/datasets/`) declare their clean and
fact contracts with it; `lake/schema.py` adds the dimensions and profit tables and gathers them
all into the registries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import polars as pl

from nkdash_desktop.lake.layout import CLEAN, STAR

Kind = Literal["clean", "fact", "dimension", "view"]
# "month_company": a month folder holding one file per company (month=YYYY-MM/company=N/)
Storage = Literal["day", "month", "month_company", "snapshot", "single", "view"]
ColumnSpec = tuple[str, pl.DataType, str]

ID = pl.Int64
MONEY = pl.Float64
QTY = pl.Float64
TEXT = pl.String
FLAG = pl.Boolean
DAY = pl.Date
LOCAL_TIME = pl.Datetime("us")  # naive, in the company's timezone
UTC_TIME = pl.Datetime("us", "UTC")
SMALL = pl.Int8
IDS = pl.List(pl.Int64)


@dataclass(frozen=True)
class Column:
    name: str
    dtype: pl.DataType
    description: str


@dataclass(frozen=True)
class Derived:
    """A column a DuckDB view computes from stored ones."""

    column: Column
    sql: str


@dataclass(frozen=True)
class TableContract:
    name: str
    kind: Kind
    description: str
    columns: tuple[Column, ...]
    storage: Storage
    sort_by: tuple[str, ...] = ()
    source: str = ""  # fact: the clean table it is loaded from
    dataset: str = ""  # clean: the dataset that writes it (set by its Dataset)
    derived: tuple[Derived, ...] = ()

    @property
    def by_company(self) -> bool:
        """Whether each month's rows are stored as one file per company."""
        return self.storage == "month_company"

    @property
    def layer(self) -> str:
        return CLEAN if self.kind == "clean" or self.storage == "snapshot" else STAR

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")


def columns(*specs: ColumnSpec) -> tuple[Column, ...]:
    return tuple(Column(n, t, d) for n, t, d in specs)


def pick(table: TableContract, names: Iterable[str]) -> tuple[Column, ...]:
    return tuple(table.column(n) for n in names)


def fact(name: str, source: TableContract, names: str, description: str) -> TableContract:
    """A fact loaded from a clean table: some of its columns (space-separated `names`)."""
    return TableContract(
        name,
        "fact",
        description,
        pick(source, names.split()),
        "month",
        sort_by=source.sort_by,
        source=source.name,
    )


# ---- columns many tables share -------------------------------------------------------------

BUSINESS_DAY: ColumnSpec = ("day", DAY, "business day: the calendar day in the company's timezone")
COMPANY: ColumnSpec = ("company_id", ID, "company (res.company)")
CURRENCY: ColumnSpec = ("currency_id", ID, "currency of the amounts (res.currency)")
WEEKDAY: ColumnSpec = ("weekday", SMALL, "ISO weekday of `day`: 1 = Monday … 7 = Sunday")
PRODUCT: ColumnSpec = ("product_id", ID, "product variant (product.product)")
PRODUCT_NAME: ColumnSpec = ("product_name", TEXT, "product name as written on the line")
TAXES: ColumnSpec = ("tax_ids", IDS, "taxes applied (account.tax ids)")
ARCHIVED: ColumnSpec = (
    "archived",
    FLAG,
    "archived in Odoo (kept: old transactions still refer to it)",
)
