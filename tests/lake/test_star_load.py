"""Clean -> star schema: month files, reloads of a day, batch loads, crashes."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from odoo_shop import D1, D2, D3, TZ, raw_days, write_raw

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.lake import months
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import CLEAN, STAR, LakeLayout
from nkdash_desktop.lake.months import replace_days
from nkdash_desktop.lake.schema import DIMS, FACTS, differences
from nkdash_desktop.pipeline.clean import clean_day
from nkdash_desktop.pipeline.load import MissingCleanDataError, load_day, load_days

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)


def month_file(layout: LakeLayout, fact: str, month: date) -> Path:
    return layout.month_partition(STAR, fact, month)


def fingerprint(layout: LakeLayout) -> dict[str, str]:
    """Every star-schema file's content hash, by path (versions aside)."""
    star = layout.layer(STAR)
    return {
        str(p.relative_to(star)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(star.rglob("data.parquet"))
    }


def answers(layout: LakeLayout) -> list:
    con = open_catalog(layout.root)
    queries = [
        "SELECT * FROM fact_sales ORDER BY line_id",
        "SELECT * FROM fact_invoice_sales ORDER BY line_id",
        "SELECT * FROM fact_purchases ORDER BY line_id",
        "SELECT * FROM fact_inventory_moves ORDER BY move_line_id",
        "SELECT * FROM fact_stock_quants ORDER BY quant_id",
        "SELECT channel, day, sum(revenue_tax_in) FROM fact_sales_all GROUP BY ALL ORDER BY ALL",
    ]
    return [con.execute(q).fetchall() for q in queries]


def reload_pos_day(layout: LakeLayout, day: date, tables) -> None:
    write_raw(layout, "pos_lines", day, tables)
    clean_day(layout, DATASETS["pos_lines"], day, TZ)
    load_day(layout, DATASETS["pos_lines"], day)


def test_every_star_file_has_its_contract_schema(lake):
    for fact in FACTS.values():
        for path in lake.layer(STAR).glob(f"{fact.name}/month=*/data.parquet"):
            assert differences(fact, pl.read_parquet_schema(path)) == [], path
    for dim in DIMS.values():
        schema = pl.read_parquet_schema(lake.single_file(STAR, dim.name))
        assert differences(dim, schema) == [], dim.name


def test_facts_are_stored_one_file_per_month_sorted_by_day(lake):
    sales = lake.layer(STAR) / "fact_sales"
    assert sorted(p.name for p in sales.iterdir()) == ["month=2026-01", "month=2026-02"]
    january = pl.read_parquet(month_file(lake, "fact_sales", JAN))
    assert january["day"].unique().sort().to_list() == [D1, D2]
    assert january.equals(january.sort("day", "product_id", "line_id"))
    assert pl.read_parquet(month_file(lake, "fact_sales", FEB))["day"].unique().to_list() == [D3]
    invoices = pl.read_parquet(month_file(lake, "fact_invoice_sales", JAN))
    assert invoices["line_id"].sort().to_list() == [5011, 5021]  # D2 was an empty day


def test_rerunning_a_day_changes_nothing(lake):
    before_files, before_answers = fingerprint(lake), answers(lake)
    for dataset in ("pos_lines", "invoice_sales", "purchases", "inventory_moves", "stock_quants"):
        clean_day(lake, DATASETS[dataset], D1, TZ)
        load_day(lake, DATASETS[dataset], D1)
    load_days(lake, DATASETS["pos_lines"], [D1, D2, D3])
    assert fingerprint(lake) == before_files
    assert answers(lake) == before_answers


def test_reloading_one_day_keeps_the_other_days_of_its_month(lake):
    tables = dict(raw_days()[("pos_lines", D1)])
    # the day is re-extracted after the refund order 2 and order 5 were deleted in Odoo
    tables["pos_orders"] = [[o for o in tables["pos_orders"][0] if o["id"] not in (2, 5)]]
    reload_pos_day(lake, D1, tables)
    january = pl.read_parquet(month_file(lake, "fact_sales", JAN))
    assert january.filter(pl.col("day") == D1)["line_id"].sort().to_list() == [11, 12]
    assert january.filter(pl.col("day") == D2)["line_id"].to_list() == [41]
    assert pl.read_parquet(month_file(lake, "fact_sales", FEB))["line_id"].to_list() == [61]


def test_a_day_that_becomes_empty_keeps_its_month_file(lake):
    tables = dict(raw_days()[("pos_lines", D3)])
    tables["pos_orders"] = [[{**tables["pos_orders"][0][0], "state": "cancel"}]]
    reload_pos_day(lake, D3, tables)
    february = pl.read_parquet(month_file(lake, "fact_sales", FEB))
    assert february.height == 0 and differences(FACTS["fact_sales"], february.schema) == []


FACT_NAMES = ("fact_sales", "fact_pos_orders")


def test_a_batch_load_equals_day_by_day_and_writes_each_month_once(lake, monkeypatch):
    def reset() -> None:
        for month in (JAN, FEB):
            month_file(lake, "fact_sales", month).unlink(missing_ok=True)

    reset()
    for day in (D1, D2, D3):
        load_day(lake, DATASETS["pos_lines"], day)
    day_by_day = {m: pl.read_parquet(month_file(lake, "fact_sales", m)) for m in (JAN, FEB)}
    reset()
    writes: list[Path] = []
    real_publish = months.publish_frame
    monkeypatch.setattr(
        months, "publish_frame", lambda f, p: writes.append(p) or real_publish(f, p)
    )
    assert load_days(lake, DATASETS["pos_lines"], [D3, D1, D2]) == {
        "fact_sales": 6,
        "fact_pos_orders": 5,
    }
    assert writes == [month_file(lake, fact, m) for fact in FACT_NAMES for m in (JAN, FEB)]
    for month, expected in day_by_day.items():
        assert pl.read_parquet(month_file(lake, "fact_sales", month)).equals(expected)


def test_loading_a_day_that_was_not_cleaned_changes_nothing(lake):
    lake.day_partition(CLEAN, "pos_lines", D2).unlink()
    before = fingerprint(lake)
    with pytest.raises(
        MissingCleanDataError, match="pos_lines for 2026-01-06 has not been cleaned"
    ):
        load_days(lake, DATASETS["pos_lines"], [D1, D2])
    assert fingerprint(lake) == before


def test_rows_of_another_day_are_refused(lake):
    rows = pl.read_parquet(month_file(lake, "fact_sales", JAN))
    with pytest.raises(ValueError, match="outside the days being replaced"):
        replace_days(lake, FACTS["fact_sales"], [D1], rows)


def test_a_crash_while_writing_leaves_the_previous_month(lake, monkeypatch):
    path = month_file(lake, "fact_sales", JAN)
    before = path.read_bytes()

    def crash(self, file, **kwargs):
        Path(file).write_bytes(b"PAR1 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", crash)
    with pytest.raises(OSError, match="disk full"):
        load_day(lake, DATASETS["pos_lines"], D1)
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".tmp-*"))
