"""Odoo records -> typed Arrow tables for the raw layer.

Many2one values become `<field>_id` and `<field>_name` columns; x2many stay id lists; every other
value is kept as Odoo sent it, except that Odoo's `False` for "no value" becomes null in
non-boolean columns. Every column has an explicit type, so an empty day writes a typed empty
file and every day of a table has the same schema.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import pyarrow as pa

from nkdash_desktop import clock

SCALAR_TYPES: dict[str, pa.DataType] = {
    "char": pa.string(),
    "text": pa.string(),
    "html": pa.string(),
    "selection": pa.string(),
    "date": pa.string(),  # kept as Odoo sends it; the clean layer types it
    "datetime": pa.string(),
    "integer": pa.int64(),
    "float": pa.float64(),
    "monetary": pa.float64(),
    "boolean": pa.bool_(),
    "one2many": pa.list_(pa.int64()),
    "many2many": pa.list_(pa.int64()),
}
META_FIELDS = [
    pa.field("_extracted_at", pa.timestamp("us", tz="UTC")),
    pa.field("_source_url", pa.string()),
    pa.field("_source_db", pa.string()),
    pa.field("_server_version", pa.string()),
]


def raw_schema(fields: Mapping[str, str]) -> pa.Schema:
    """Arrow schema for a raw table: `fields` maps column name -> Odoo field type."""
    columns = [pa.field("id", pa.int64())]
    for name, kind in fields.items():
        if name == "id":
            continue
        if kind == "many2one":
            columns += [pa.field(f"{name}_id", pa.int64()), pa.field(f"{name}_name", pa.string())]
        else:
            columns.append(pa.field(name, SCALAR_TYPES[kind]))
    return pa.schema(columns + META_FIELDS)


def _none_if_false(value: Any) -> Any:
    return None if value is False else value


def _number(value: Any) -> Any:
    # False means "no value"; a string or other oddity from a custom module is not a number
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def records_to_table(
    records: Sequence[Mapping[str, Any]],
    fields: Mapping[str, str],
    source: Mapping[str, str],
    schema: pa.Schema,
    names: Mapping[str, str] | None = None,
    extracted_at: datetime | None = None,
) -> pa.Table:
    """Convert one page of `search_read` records. `names` maps column -> Odoo field name
    where they differ (version-specific names such as qty_done)."""
    names = names or {}
    columns: dict[str, list[Any]] = {"id": [r["id"] for r in records]}
    for col, kind in fields.items():
        if col == "id":
            continue
        key = names.get(col, col)
        values = [r.get(key, False) for r in records]
        if kind == "many2one":
            columns[f"{col}_id"] = [
                v[0] if isinstance(v, list | tuple) and v else None for v in values
            ]
            # a record whose display name is empty comes as [id, False]
            columns[f"{col}_name"] = [
                v[1]
                if isinstance(v, list | tuple) and len(v) > 1 and isinstance(v[1], str)
                else None
                for v in values
            ]
        elif kind in ("integer", "float", "monetary"):
            columns[col] = [_number(v) for v in values]
        elif kind == "boolean":
            columns[col] = [bool(v) for v in values]
        elif kind in ("one2many", "many2many"):
            columns[col] = [list(v) if isinstance(v, list | tuple) else [] for v in values]
        else:
            columns[col] = [None if v is False or v is None else str(v) for v in values]
    n = len(records)
    stamp = extracted_at or clock.now()
    columns["_extracted_at"] = [stamp] * n
    columns["_source_url"] = [source.get("url")] * n
    columns["_source_db"] = [source.get("database")] * n
    columns["_server_version"] = [source.get("server_version")] * n
    return pa.Table.from_pydict(columns, schema=schema)
