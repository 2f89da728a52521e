"""A writer run prunes the superseded versions of every star-schema folder past their retention,
not only of the folders it writes: after a profit rebuild most months are never written again,
and their old copies would double the profit tables for good."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest

from nkdash_desktop.lake import versions
from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.pipeline.sync import backfill
from tests.reliability.reliability_support import END, context, start_odoo

DAYS = 3
FIRST = END - timedelta(days=DAYS - 1)


@pytest.fixture(scope="module")
def odoo():
    srv = start_odoo(DAYS)
    yield srv
    srv.stop()


def test_a_run_prunes_old_versions_of_folders_it_does_not_write(odoo, tmp_path):
    root = tmp_path / "lake"
    assert backfill(context(odoo, root), FIRST, END).status == "succeeded"
    folder = LakeLayout(root).month_partition(STAR, "fact_pos_orders", END.replace(day=1)).parent
    (current,) = versions.versions(folder)
    # as a run long ago left it: the current version, superseded by nothing, and an older one
    long_ago = time.time_ns() - 2 * versions.RETENTION_S * 1_000_000_000
    aged = folder / f"{versions.VERSION_PREFIX}{long_ago:020d}.parquet"
    os.rename(current, aged)
    older = folder / f"{versions.VERSION_PREFIX}{long_ago - 1:020d}.parquet"
    older.write_bytes(aged.read_bytes())
    dimensions_only = backfill(context(odoo, root), FIRST, END, datasets=["dimensions"])
    assert dimensions_only.status == "succeeded", dimensions_only.sentence
    assert versions.versions(folder) == [aged]  # kept: it is the current content
    assert os.path.samefile(aged, folder / "data.parquet")
