"""The demo lake for the KPI tests (shared with the UI tests: see tests/demo_lake.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import demo_lake
import polars as pl
import pytest

from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.lake.catalog import open_catalog


@pytest.fixture(scope="session")
def plain_lake(lake_root, tmp_path_factory) -> Path:
    """The demo lake without any profit computed."""
    root = demo_lake.copy_lake(lake_root, tmp_path_factory.mktemp("plain") / "lake")
    demo_lake.drop_profit(root)
    return root


@pytest.fixture(scope="session")
def profit_lake(lake_root, tmp_path_factory) -> Path:
    """The demo lake with profit computed for every day but the last two."""
    root = demo_lake.copy_lake(lake_root, tmp_path_factory.mktemp("profit") / "lake")
    demo_lake.drop_profit(root)
    first, last = demo_lake.lake_range()
    days = pl.date_range(first, last, eager=True).to_list()[:-2]
    demo_lake.write_profit(root, days)
    return root


@pytest.fixture
def con(plain_lake):
    connection = open_catalog(plain_lake)
    yield connection
    connection.close()


@pytest.fixture
def profit_con(profit_lake):
    connection = open_catalog(profit_lake)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def week() -> Period:
    """The last 7 complete days of the lake."""
    _, last = demo_lake.lake_range()
    return Period(last - timedelta(days=6), last)
