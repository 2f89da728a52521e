"""A lake for the export tests, loaded once from the built-in demo Odoo: 20 days of January
2026 through the real engine over real HTTP, profit computed; and a copy without profit."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import demo_lake
import pytest

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import StateDB
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.pipeline.profit import rebuild_profit
from nkdash_desktop.pipeline.runner import RunContext, plan, run
from nkdash_desktop.pipeline.sync import backfill

FIRST, LAST = date(2026, 1, 1), date(2026, 1, 20)
SNAPSHOT_DAY = date(2026, 1, 21)
TZ = "Asia/Jakarta"


@pytest.fixture(scope="session")
def export_lake(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("export") / "lake"
    config = DemoConfig(days=20, end_date=LAST, now=datetime(2026, 1, 21, 3, 0))
    with DemoOdoo(config, port=0).start() as srv:
        ctx = RunContext(
            LakeLayout(root),
            TZ,
            lambda: OdooClient(
                OdooConnection(srv.url, srv.db, "admin"), demo_lake.DEMO_KEY
            ).connect(),
            connections=2,
        )
        result = backfill(ctx, FIRST, LAST)
        assert result.status == "succeeded", result.sentence
        # the stock snapshot the nightly sync of the 21st takes (a backfill of the past cannot)
        with StateDB(ctx.layout.metadata) as state:
            stock = plan(
                state,
                [DATASETS["stock_quants"]],
                SNAPSHOT_DAY,
                SNAPSHOT_DAY,
                snapshot_day=SNAPSHOT_DAY,
            )
        assert run(ctx, stock, trigger="nightly").status == "succeeded"
    rebuild_profit(LakeLayout(root), {})
    return root


@pytest.fixture(scope="session")
def no_profit_lake(export_lake, tmp_path_factory) -> Path:
    """The same lake before any profit was computed."""
    root = demo_lake.copy_lake(export_lake, tmp_path_factory.mktemp("no-profit") / "lake")
    demo_lake.drop_profit(root)
    return root


@pytest.fixture
def con(export_lake):
    connection = open_catalog(export_lake)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def period() -> Period:
    """The last 10 days: the previous period (the first 10) is in the lake too."""
    return Period(date(2026, 1, 11), LAST)
