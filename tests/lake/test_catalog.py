"""The DuckDB catalog: views over the lake's files, safe while a run writes."""

from __future__ import annotations

import threading

import duckdb
import polars as pl
import pytest
from odoo_shop import D1, D2, TZ, clean_and_load, raw_days, write_raw

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.lake.catalog import open_catalog, refresh
from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.lake.months import replace_days
from nkdash_desktop.lake.schema import FACTS, STAR_TABLES, VIEWS, sql_type
from nkdash_desktop.pipeline.clean import clean_day
from nkdash_desktop.pipeline.load import load_day

ALL_VIEWS = {**STAR_TABLES, **VIEWS}


def described(con: duckdb.DuckDBPyConnection, view: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(f"DESCRIBE {view}").fetchall()]


def expected_columns(name: str) -> list[tuple[str, str]]:
    table = ALL_VIEWS[name]
    columns = [(c.name, sql_type(c.dtype)) for c in table.columns]
    return columns + [(d.column.name, sql_type(d.column.dtype)) for d in table.derived]


def normalised(columns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    aliases = {"TIMESTAMP WITH TIME ZONE": "TIMESTAMPTZ"}
    return [(n, aliases.get(t, t)) for n, t in columns]


def test_every_view_exists_and_answers_on_an_empty_lake(tmp_path):
    con = open_catalog(tmp_path / "a new lake")
    for name in ALL_VIEWS:
        assert con.execute(f"SELECT count(*) FROM {name}").fetchone() == (0,), name
        assert normalised(described(con, name)) == expected_columns(name), name


def test_views_over_files_have_the_contract_columns(lake):
    con = open_catalog(lake.root)
    for name in ALL_VIEWS:
        assert normalised(described(con, name)) == expected_columns(name), name


def test_sales_all_has_both_channels_in_one_shape(lake):
    con = open_catalog(lake.root)
    rows = con.execute(
        "SELECT channel, count(*), sum(quantity), sum(revenue_tax_in) FROM fact_sales_all "
        "GROUP BY channel ORDER BY channel"
    ).fetchall()
    assert rows == [("invoice", 3, 12.0, 277500.0), ("pos", 6, 10.0, 110000.0)]
    credit = con.execute(
        "SELECT order_id, order_name, user_id, hour, quantity FROM fact_sales_all "
        "WHERE channel = 'invoice' AND is_refund"
    ).fetchall()
    assert credit == [(502, "RINV/2026/00001", 2, None, -1.0)]
    joined = con.execute(
        "SELECT p.category_path, sum(s.revenue_tax_in) FROM fact_sales_all s "
        "JOIN dim_products p USING (product_id) GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert joined[0] == ("All / Drinks", 90500.0)  # Es Teh: 15,000 + 20,000 + 55,500


def test_text_reaches_duckdb_intact(lake):
    con = open_catalog(lake.root)
    names = dict(con.execute("SELECT partner_id, name FROM dim_partners").fetchall())
    assert len(names[9]) == 10_000
    assert con.execute("SELECT name FROM dim_products WHERE product_id = 102").fetchone() == (
        "Bánh mì ½ – pâté",
    )


def test_profit_views_add_the_margin(tmp_path):
    layout = LakeLayout(tmp_path / "lake")
    rows = pl.DataFrame(
        {
            "day": [D1, D2],
            "company_id": [1, 1],
            "revenue_tax_in": [200.0, 0.0],
            "cogs_tax_in": [150.0, 0.0],
            "gross_profit": [50.0, 0.0],
            "quantity": [2.0, 0.0],
            "transactions": [1, 0],
            "lines": [2, 0],
            "cost_missing_lines": [0, 0],
            "revenue_cost_missing": [0.0, 0.0],
            "cost_standard_lines": [0, 0],
            "revenue_cost_standard": [0.0, 0.0],
        }
    )
    replace_days(layout, FACTS["agg_profit_daily"], [D1, D2], rows)
    con = open_catalog(layout.root)
    margins = con.execute("SELECT day, margin FROM agg_profit_daily ORDER BY day").fetchall()
    assert margins == [(D1, 0.25), (D2, None)]


def test_a_column_an_older_release_did_not_write_reads_as_null(tmp_path):
    """Profit files written before the standard-cost columns existed: the views still open
    (the new columns read as NULL) until the next profit run rewrites them."""
    layout = LakeLayout(tmp_path / "lake")
    old = {
        "day": [D1], "company_id": [1], "revenue_tax_in": [200.0], "cogs_tax_in": [150.0],
        "gross_profit": [50.0], "quantity": [2.0], "transactions": [1], "lines": [2],
        "cost_missing_lines": [0], "revenue_cost_missing": [0.0],
    }  # fmt: skip
    path = layout.month_partition(STAR, "agg_profit_daily", D1)
    path.parent.mkdir(parents=True)
    pl.DataFrame(old).write_parquet(path)
    con = open_catalog(layout.root)
    row = con.execute(
        "SELECT margin, cost_standard_lines, revenue_cost_standard FROM agg_profit_daily"
    ).fetchall()
    assert row == [(0.25, None, None)]


def test_writers_temp_files_are_never_read(lake):
    # DuckDB's `*` matches dotfiles: a glob like *.parquet would read a half-written file
    folder = lake.layer(STAR) / "fact_sales" / "month=2026-01"
    (folder / ".tmp-crashed.parquet").write_bytes(b"PAR1 half a file")
    with pytest.raises(duckdb.Error):
        duckdb.sql(f"SELECT count(*) FROM read_parquet('{folder.as_posix()}/*.parquet')").fetchall()
    # the catalog reads each table's current files by name: the stray temp files are ignored
    (lake.layer(STAR) / "dim_products" / ".tmp-x.parquet").write_bytes(b"junk")
    stray_month = lake.layer(STAR) / "fact_sales" / "month=2026-03"
    stray_month.mkdir()
    (stray_month / ".tmp-y.parquet").write_bytes(b"junk")
    con = open_catalog(lake.root)
    assert con.execute("SELECT count(*) FROM fact_sales").fetchone() == (6,)
    assert con.execute("SELECT count(*) FROM dim_products").fetchone() == (3,)


def test_a_catalog_sees_the_lake_as_of_its_last_refresh(raw_lake):
    con = open_catalog(raw_lake.root)
    assert con.execute("SELECT count(*) FROM fact_sales").fetchone() == (0,)
    clean_and_load(raw_lake)
    assert con.execute("SELECT count(*) FROM fact_sales").fetchone() == (0,)
    refresh(con)
    assert con.execute("SELECT count(*) FROM fact_sales").fetchone() == (6,)
    # a reload after the refresh: the catalog keeps reading the version it was bound to
    tables = dict(raw_days()[("pos_lines", D1)])
    tables["pos_orders"] = [[o for o in tables["pos_orders"][0] if o["id"] == 1]]
    write_raw(raw_lake, "pos_lines", D1, tables)
    clean_day(raw_lake, DATASETS["pos_lines"], D1, TZ)
    load_day(raw_lake, DATASETS["pos_lines"], D1)
    assert con.execute("SELECT count(*) FROM fact_sales").fetchone() == (6,)
    cursor = con.cursor()  # another thread's connection: same views, and it can refresh them
    refresh(cursor)
    assert cursor.execute("SELECT count(*) FROM fact_sales").fetchone() == (4,)
    assert con.execute("SELECT count(*) FROM fact_sales_all").fetchone() == (7,)


def test_refresh_needs_a_catalog_connection():
    with pytest.raises(ValueError, match="open_catalog"):
        refresh(duckdb.connect())


def test_readers_never_see_a_partial_month_while_days_are_reloaded(lake):
    full = dict(raw_days()[("pos_lines", D1)])
    small = {**full, "pos_orders": [[o for o in full["pos_orders"][0] if o["id"] == 1]]}
    query = (
        "SELECT count(*), sum(revenue_tax_in) FROM fact_sales "
        "WHERE day BETWEEN DATE '2026-01-01' AND DATE '2026-01-31'"
    )
    con = open_catalog(lake.root)
    full_answer = con.execute(query).fetchone()
    done = threading.Event()
    seen: dict[str, list] = {"refreshing": [], "bound": []}
    errors: list[tuple[str, Exception]] = []

    def read(name: str, refreshing: bool) -> None:
        reader = open_catalog(lake.root) if refreshing else con.cursor()
        try:
            while not done.wait(0.002):  # leave the writer some CPU
                if refreshing:
                    refresh(reader)
                seen[name].append(reader.execute(query).fetchone())
        except Exception as exc:  # a failed query is exactly what this test looks for
            errors.append((name, exc))

    threads = [
        threading.Thread(target=read, args=("refreshing", True)),
        threading.Thread(target=read, args=("bound", False)),
    ]
    for thread in threads:
        thread.start()
    try:
        # small, full, small, ...: at least 17 reloads, ending on small, and on (up to 401) until
        # each reader has read 17 times meanwhile: a count, not a timing (on a busy machine a
        # refresh can take longer than a reload)
        reloads = 0
        while True:
            tables = full if reloads % 2 else small
            write_raw(lake, "pos_lines", D1, tables)
            clean_day(lake, DATASETS["pos_lines"], D1, TZ)
            load_day(lake, DATASETS["pos_lines"], D1)
            reloads += 1
            enough = min(len(answers) for answers in seen.values()) >= 17
            if tables is small and reloads >= 17 and (enough or reloads >= 401):
                break
    finally:
        done.set()
        for thread in threads:
            thread.join()
    refresh(con)
    small_answer = con.execute(query).fetchone()
    assert (full_answer, small_answer) == ((5, 85000.0), (3, 80000.0))
    assert errors == []
    assert len(seen["refreshing"]) >= 17 and len(seen["bound"]) >= 17
    # a whole month file, old or new; a catalog that does not refresh keeps its snapshot
    assert set(seen["refreshing"]) <= {full_answer, small_answer}
    assert set(seen["bound"]) == {full_answer}
