"""The sync's questions to Odoo (pipeline/changes.py) and where Odoo's data starts
(pipeline/first_days.py), answered by the in-memory FakeOdoo: each rule on a handful of
records made for it, no demo server. The end-to-end runs against the demo stay in
test_runner.py and test_sync_cursor.py."""

from __future__ import annotations

from datetime import date, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from odoo_fake import FakeOdoo
from reader_contract import mismatches

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.lake.layout import RAW, LakeLayout
from nkdash_desktop.pipeline.changes import (
    EPOCH,
    late_changes,
    mismatched_days,
    newest_change,
)
from nkdash_desktop.pipeline.first_days import data_start, first_days

TZ = "Asia/Jakarta"  # UTC+7: 17:00 UTC is the next local day
POS = DATASETS["pos_lines"]


@pytest.fixture(params=[16, 19])
def odoo(request):
    fake = FakeOdoo(request.param, timezone=TZ)
    yield fake
    fake.shut()


def order(odoo: FakeOdoo, when: str, state: str = "paid", **vals) -> int:
    return odoo.create(
        "pos.order", {"name": when, "date_order": when, "state": state, "company_id": 1, **vals}
    )


def test_the_fake_is_a_reader(odoo):
    assert mismatches(FakeOdoo, odoo) == []


def test_no_record_yet_is_the_epoch_position(odoo):
    assert newest_change(odoo, POS) == EPOCH


def test_the_newest_change_is_the_latest_write_then_the_highest_id(odoo):
    odoo.at(datetime(2026, 1, 10, 8, 0))
    first = order(odoo, "2026-01-09 03:00:00")
    odoo.at(datetime(2026, 1, 10, 9, 0))
    order(odoo, "2026-01-09 04:00:00")
    third = order(odoo, "2026-01-09 05:00:00")
    assert newest_change(odoo, POS) == ("2026-01-10 09:00:00", third)
    odoo.at(datetime(2026, 1, 11, 1, 0)).write("pos.order", [first], {"state": "cancel"})
    assert newest_change(odoo, POS) == ("2026-01-11 01:00:00", first)


def test_late_changes_are_the_local_days_of_records_written_since_the_overlap(odoo, tmp_path):
    layout = LakeLayout(tmp_path)
    odoo.at(datetime(2026, 1, 10, 6, 0))
    order(odoo, "2026-01-08 03:00:00")  # written before the cursor's overlap hour: not asked
    odoo.at(datetime(2026, 1, 10, 9, 30))
    order(odoo, "2026-01-09 18:00:00")  # 01:00 on the 10th in Jakarta
    odoo.at(datetime(2026, 1, 10, 10, 15))
    newest = order(odoo, "2026-01-09 03:00:00")
    days, position = late_changes(odoo, layout, POS, ("2026-01-10 10:00:00", 0), TZ)
    assert days == {date(2026, 1, 10), date(2026, 1, 9)}
    assert position == ("2026-01-10 10:15:00", newest)


def test_nothing_written_since_the_cursor_leaves_the_position(odoo, tmp_path):
    odoo.at(datetime(2026, 1, 10, 6, 0))
    order(odoo, "2026-01-08 03:00:00")
    assert late_changes(odoo, LakeLayout(tmp_path), POS, ("2026-01-10 08:00:00", 9), TZ) == (
        set(),
        None,
    )


def _raw_ids(layout: LakeLayout, day: date, ids: list[int]) -> None:
    path = layout.day_partition(RAW, POS.tables[0].name, day)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"id": pa.array(ids, pa.int64())}), path)


def test_a_day_whose_ids_differ_from_the_lake_is_rerun(odoo, tmp_path):
    layout = LakeLayout(tmp_path)
    kept = order(odoo, "2026-01-05 03:00:00")
    cancelled = order(odoo, "2026-01-05 04:00:00")
    other_day = order(odoo, "2026-01-06 03:00:00")
    _raw_ids(layout, date(2026, 1, 5), [kept, cancelled])
    _raw_ids(layout, date(2026, 1, 6), [other_day])
    asked = [date(2026, 1, 5), date(2026, 1, 6), date(2026, 1, 7)]  # the 7th: never extracted
    assert mismatched_days(odoo, layout, POS, asked, TZ) == set()
    odoo.write("pos.order", [cancelled], {"state": "cancel"})  # out of the dataset's domain
    assert mismatched_days(odoo, layout, POS, asked, TZ) == {date(2026, 1, 5)}
    assert odoo.stats.site("pos_lines.reconcile").requests == 4  # one search per extracted day


def test_first_days_are_each_datasets_oldest_local_day(odoo):
    order(odoo, "2026-01-04 18:30:00", state="cancel")  # any state: the data starts there
    order(odoo, "2026-01-07 03:00:00")
    found = first_days(odoo, ["pos_lines", "invoice_sales", "dimensions"], TZ)
    assert found == {"pos_lines": date(2026, 1, 5), "invoice_sales": None}
    assert data_start(found) == date(2026, 1, 5)
    assert data_start({"invoice_sales": None}) is None
