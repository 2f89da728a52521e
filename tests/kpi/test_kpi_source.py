"""The window's lake catalog (kpi/source.py): after a run it reads the lake anew in a fresh
catalog and retires the old one once the queries on it are done. Refreshing one catalog in
place kept what it had read of every file version for good: the resident app grew by about
0.75 MB a night (bench/tray_weeks.py, issue 19)."""

from __future__ import annotations

import demo_lake
import duckdb
import pytest

from nkdash_desktop.kpi.source import KpiSource

PROFIT_ROWS = "SELECT count(*) FROM agg_profit_daily"
SALES_ROWS = "SELECT count(*) FROM fact_sales"


def test_a_refresh_reads_the_lake_in_a_fresh_catalog_and_closes_the_old(lake_root, tmp_path):
    root = demo_lake.copy_lake(lake_root, tmp_path / "lake")
    source = KpiSource(root)
    with source.cursor() as before:
        assert before.execute(PROFIT_ROWS).fetchone()[0] > 0
        first = source._catalog.con
        demo_lake.drop_profit(root)
        source.refresh()
        # a query begun before the refresh goes on, on the catalog it started with
        assert before.execute(SALES_ROWS).fetchone()[0] > 0
        assert first.execute("SELECT 1").fetchone() == (1,)
    with pytest.raises(duckdb.ConnectionException):
        first.execute("SELECT 1")  # retired, and closed once its last cursor was done
    with source.cursor() as after:
        assert after.execute(PROFIT_ROWS).fetchone()[0] == 0  # the lake as it is now
    source.refresh()  # no cursor open: the old catalog closes at once
    source.close()
    with pytest.raises(duckdb.ConnectionException):
        source._catalog.con.execute("SELECT 1")
