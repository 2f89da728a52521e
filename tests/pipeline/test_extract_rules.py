"""Extraction rules on the in-memory FakeOdoo: what a partition costs in requests, a missing
right refused before any data is read, an absent add-on's table skipped. The transports, the
versions' field names and the files' content stay checked against the demo in
test_extract.py."""

from __future__ import annotations

from datetime import date

import pyarrow.parquet as pq
import pytest
from odoo_fake import FakeOdoo

from nkdash_desktop.datasets import DATASETS, get_dataset
from nkdash_desktop.demo import access
from nkdash_desktop.lake.layout import RAW, LakeLayout
from nkdash_desktop.odoo import MissingGroup
from nkdash_desktop.odoo.rights import group_name
from nkdash_desktop.pipeline.extract import Extractor

TZ = "Asia/Jakarta"
DAY = date(2026, 1, 15)


@pytest.fixture(params=[16, 19])
def odoo(request):
    fake = FakeOdoo(request.param, timezone=TZ, batch_size=2)
    fake.connect()  # as open_client hands it to the extractor: logged in
    yield fake
    fake.shut()


def test_a_partition_costs_its_keyset_pages(odoo, tmp_path):
    for hour in range(5):
        odoo.create(
            "pos.order",
            {"name": f"o{hour}", "date_order": f"2026-01-15 0{hour}:00:00", "state": "paid",
             "company_id": 1},
        )  # fmt: skip
    result = Extractor(odoo, LakeLayout(tmp_path), timezone=TZ).extract(get_dataset("pos"), DAY)
    rows = {t.table: t.rows for t in result.tables}
    assert rows == {"pos_orders": 5, "pos_order_lines": 0, "pos_payments": 0}
    # pages of 2: 2 + 2 + 1 orders (a short page ends it), one empty page per other table;
    # the server facts (groups, fields) are the worker's set-up, not the partition's
    assert result.requests == 3 + 1 + 1


def test_a_missing_group_is_refused_before_any_data_is_read(odoo, tmp_path):
    odoo.admin.set_groups(access.REPORTING_USER - {access.ACCOUNT_READONLY})
    extractor = Extractor(odoo, LakeLayout(tmp_path), timezone=TZ)
    with pytest.raises(MissingGroup) as refused:
        extractor.extract(get_dataset("invoice_sales"), DAY)
    assert refused.value.group == group_name(access.ACCOUNT_READONLY, odoo.version)
    assert not any(site.startswith("invoice_sales.") for site in odoo.stats.snapshot())
    assert not list(tmp_path.rglob("*.parquet"))


def test_an_absent_add_on_has_no_table_and_the_others_are_typed_and_empty(odoo, tmp_path):
    layout = LakeLayout(tmp_path)
    result = Extractor(odoo, layout, timezone=TZ).extract(DATASETS["dimensions"], None)
    by_name = {t.table: t for t in result.tables}
    assert by_name["brands"].path is None and by_name["employees"].path is None
    companies = pq.read_table(layout.snapshot(RAW, "companies")).to_pylist()
    assert [c["name"] for c in companies] == ["NK Mart", "NK Bali"]
    assert by_name["products"].rows == 0 and by_name["products"].path is not None
