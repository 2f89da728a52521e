"""The column contracts: what every fact carries, how frames are checked, and docs/lake.md."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.lake.schema import (
    CLEAN_TABLES,
    DIMS,
    FACTS,
    STAR_TABLES,
    ContractError,
    conform,
    contract,
    differences,
    empty_frame,
    render_markdown,
    sql_type,
)

DOC = Path(__file__).parents[2] / "docs" / "lake.md"


def test_docs_lake_md_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == render_markdown(), (
        "docs/lake.md is stale: python -m nkdash_desktop.lake.schema > docs/lake.md"
    )


def test_every_fact_carries_the_business_day_and_company():
    for fact in FACTS.values():
        assert fact.names[:2] == ["day", "company_id"], fact.name
        assert fact.sort_by[0] == "day" and set(fact.sort_by) <= set(fact.names), fact.name


def test_sales_facts_carry_what_sales_kpis_need():
    common = {
        "product_id",
        "quantity",
        "revenue_tax_in",
        "revenue_tax_ex",
        "discount_amount",
        "partner_id",
        "weekday",
        "is_refund",
    }
    assert common | {"order_id", "hour", "employee_id", "user_id", "payment_method_id"} <= set(
        FACTS["fact_sales"].names
    )
    assert common | {"move_id", "salesperson_id"} <= set(FACTS["fact_invoice_sales"].names)


def test_profit_tables_are_declared():
    measures = {
        "revenue_tax_in",
        "cogs_tax_in",
        "gross_profit",
        "quantity",
        "transactions",
        "lines",
    }
    assert measures <= set(FACTS["agg_profit_daily"].names)
    assert measures | {"product_id"} <= set(FACTS["agg_profit_daily_by_product"].names)
    assert {"cost_missing", "gross_profit", "cogs_tax_in"} <= set(
        FACTS["fact_sales_lines_profit"].names
    )
    assert {"unit_cost_tax_in", "tax_multiplier"} <= set(FACTS["fact_product_cost_events"].names)
    assert {"unit_cost_tax_in"} <= set(FACTS["fact_product_cost_latest_daily"].names)


def test_each_dataset_loads_the_facts_of_its_clean_tables():
    assert [f.name for f in DATASETS["pos_lines"].facts] == ["fact_sales", "fact_pos_orders"]
    assert [f.name for f in DATASETS["stock_quants"].facts] == ["fact_stock_quants"]
    for fact in FACTS.values():
        if fact.source:
            source = CLEAN_TABLES[fact.source]
            assert DATASETS[source.dataset].clean is not None
            for column in fact.columns:  # the star column is the clean column, same meaning
                assert source.column(column.name) == column


def test_conform_orders_casts_and_names_what_is_missing():
    table = DIMS["dim_uoms"]
    frame = pl.DataFrame({"archived": [False], "extra": [1], "factor": [1], "name": ["Units"]})
    with pytest.raises(ContractError, match="dim_uoms is missing column"):
        conform(table, frame)
    fitted = conform(table, frame.with_columns(uom_id=pl.lit(1, pl.Int32)))
    assert differences(table, fitted.schema) == []
    assert differences(table, {"uom_id": pl.String}) == [
        "missing name",
        "missing factor",
        "missing archived",
        "uom_id is String, expected Int64",
    ]
    with pytest.raises(ContractError, match="does not fit its type"):
        conform(table, frame.with_columns(uom_id=pl.lit("one")))
    with pytest.raises(KeyError):
        contract("fact_nothing")


def test_sql_types_are_what_duckdb_reads_from_the_files(tmp_path):
    for table in [*STAR_TABLES.values(), *CLEAN_TABLES.values()]:
        path = tmp_path / f"{table.name}.parquet"
        empty_frame(table).write_parquet(path)
        described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path.as_posix()}')")
        aliases = {"TIMESTAMP WITH TIME ZONE": "TIMESTAMPTZ"}
        got = [(name, aliases.get(kind, kind)) for name, kind, *_ in described.fetchall()]
        assert got == [(c.name, sql_type(c.dtype)) for c in table.columns], table.name
