"""The lake as DuckDB views: one per star-schema table, named like the tables, plus
`fact_sales_all` (POS and invoice sales in one shape).

Each view reads the immutable current version of every file of its table (versions.py), listed
when the view is created: a connection sees the lake as it was at its last `refresh(con)`,
consistently across months, and a reload meanwhile can never hand it a torn file. Call
`refresh(con)` after a load (and before a burst of KPI queries) to see new data. A table
without any file yet gets an empty view with the contract's columns and types, so queries
never fail on a new lake.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import duckdb

from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.lake.months import fact_months, month_files
from nkdash_desktop.lake.schema import (
    FACTS,
    SALES_ALL_SOURCES,
    STAR_TABLES,
    VIEWS,
    TableContract,
    sql_type,
)
from nkdash_desktop.lake.versions import current_version

# where the database remembers its lake for refresh(): a macro is visible to every cursor
ROOT_MACRO = "nkdash_lake_root"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _empty_select(table: TableContract) -> str:
    columns = ", ".join(
        f"CAST(NULL AS {sql_type(c.dtype)}) AS {_ident(c.name)}" for c in table.columns
    )
    return f"SELECT {columns} WHERE false"


def _files(layout: LakeLayout, table: TableContract) -> list[Path]:
    """The immutable current version of each of the table's files, as of now."""
    if table.name in FACTS and table.storage != "single":
        fact = FACTS[table.name]
        targets = [p for m in fact_months(layout, fact) for p in month_files(layout, fact, m)]
    else:
        targets = [layout.single_file(STAR, table.name)]
    return [v for v in map(current_version, targets) if v is not None]


def _table_select(
    layout: LakeLayout, table: TableContract, present: Collection[str] | None = None
) -> str:
    """The table's columns over its files; with `present` (the columns its files have), a
    column none of them has reads as NULL of its type."""
    files = _files(layout, table)
    if not files:
        return _empty_select(table)
    columns = ", ".join(
        _ident(c.name)
        if present is None or c.name in present
        else f"CAST(NULL AS {sql_type(c.dtype)}) AS {_ident(c.name)}"
        for c in table.columns
    )
    return f"SELECT {columns} FROM {_read(files)}"


def _read(files: list[Path]) -> str:
    paths = ", ".join(_literal(f.as_posix()) for f in files)  # forward slashes on Windows too
    return f"read_parquet([{paths}], hive_partitioning = false, union_by_name = true)"


def _create_view(con: duckdb.DuckDBPyConnection, layout: LakeLayout, table: TableContract) -> None:
    """The table's view. Files an older release wrote may lack a column added since (profit's
    cost_source, until the next profit run rebuilds them): it reads as NULL, not an error."""
    name = _ident(table.name)
    try:
        select = _with_derived(table, _table_select(layout, table))
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {select}")
    except duckdb.BinderException:
        described = con.execute(f"DESCRIBE SELECT * FROM {_read(_files(layout, table))}")
        present = {row[0] for row in described.fetchall()}
        select = _with_derived(table, _table_select(layout, table, present))
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {select}")


def _with_derived(table: TableContract, select: str) -> str:
    if not table.derived:
        return select
    extra = ", ".join(f"{d.sql} AS {_ident(d.column.name)}" for d in table.derived)
    return f"SELECT *, {extra} FROM ({select})"


def _sales_all_select() -> str:
    view = VIEWS["fact_sales_all"]
    parts = []
    for channel, (fact_name, renamed) in SALES_ALL_SOURCES.items():
        fact = STAR_TABLES[fact_name]
        columns = []
        for column in view.columns:
            source = renamed.get(column.name, column.name)
            if column.name == "channel":
                expr = _literal(channel)
            elif source in fact.names:
                expr = _ident(source)
            else:
                expr = "NULL"  # a column this channel does not have
            columns.append(f"CAST({expr} AS {sql_type(column.dtype)}) AS {_ident(column.name)}")
        parts.append(f"SELECT {', '.join(columns)} FROM {_ident(fact_name)}")
    return " UNION ALL BY NAME ".join(parts)


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """(Re-)create every view over the lake's current files (for every cursor of `con`)."""
    try:
        row = con.execute(f"SELECT {ROOT_MACRO}()").fetchone()
    except duckdb.CatalogException:
        raise ValueError("this connection was not opened with open_catalog()") from None
    assert row is not None
    layout = LakeLayout(Path(row[0]))
    for table in STAR_TABLES.values():
        _create_view(con, layout, table)
    con.execute(f"CREATE OR REPLACE VIEW fact_sales_all AS {_sales_all_select()}")


def open_catalog(lake_root: Path | str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a view per lake table, as of now. Use one connection per
    thread (`con.cursor()` shares the views); `refresh(con)` shows what was loaded since."""
    con = duckdb.connect(":memory:")
    # Caching Parquet footers between queries halves a year's query over monthly files; safe
    # because the views read immutable versions, whose content never changes under a path.
    con.execute("SET parquet_metadata_cache = true")
    root = _literal(str(Path(lake_root)))
    con.execute(f"CREATE MACRO {ROOT_MACRO}() AS {root}")
    refresh(con)
    return con
