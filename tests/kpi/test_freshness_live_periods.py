"""Freshness from the state database, live figures from Odoo's totals, and the range presets."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from demo_lake import TZ, client, lake_range

from nkdash_desktop.kpi.freshness import freshness
from nkdash_desktop.kpi.live import as_daily
from nkdash_desktop.kpi.periods import Period, preset
from nkdash_desktop.kpi.summary import compare, summary, totals_of
from nkdash_desktop.lake.state import StateDB
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.pipeline.live import live_today


def test_freshness_of_the_demo_lake(lake_root):
    fresh = freshness(lake_root)
    _, yesterday = lake_range()
    assert fresh.data_up_to == yesterday
    with StateDB(lake_root / "metadata") as state:
        run = state.runs(limit=1)[0]
    assert fresh.synced_at == run.ended_at
    local = run.ended_at.astimezone(ZoneInfo(TZ))
    assert fresh.badge(TZ) == f"data up to {yesterday:%d %b}, synced {local:%H:%M}"
    assert set(fresh.datasets["dataset"]) >= {"pos_lines", "invoice_sales", "purchases"}


def test_a_lake_never_synced(tmp_path):
    fresh = freshness(tmp_path / "nowhere")
    assert fresh.empty and fresh.badge(TZ) == "no data yet: run a sync"
    assert not (tmp_path / "nowhere").exists()  # reading freshness creates nothing


def test_badge_of_an_older_sync(lake_root):
    fresh = replace(
        freshness(lake_root),
        data_up_to=date(2026, 11, 24),
        synced_at=datetime(2026, 11, 20, 19, 21, tzinfo=UTC),
    )
    assert fresh.badge(TZ) == "data up to 24 Nov, synced 21 Nov 02:21"


def test_live_figures_of_a_past_day_equal_the_lake(demo_odoo, con):
    """Odoo's own grouped totals and the lake agree on a finished day."""
    _, yesterday = lake_range()
    with client(demo_odoo) as odoo:
        live = live_today(odoo, yesterday)
    lake = {r["metric"]: r["current"] for r in summary(con, yesterday, yesterday).to_dicts()}
    row = live.row(0, named=True)
    assert row["day"] == yesterday
    assert row["revenue"] == pytest.approx(lake["revenue"], abs=0.01)
    assert row["transactions"] == lake["transactions"]
    assert row["pos_revenue"] + row["invoice_revenue"] == pytest.approx(row["revenue"])


def test_live_figures_of_today(demo_odoo):
    with client(demo_odoo) as odoo:
        live = live_today(odoo, today(TZ))
        per_company = [live_today(odoo, today(TZ), company) for company in (1, 2)]
    row = live.row(0, named=True)
    assert row["pos_orders"] > 0 and row["revenue"] > 0  # the demo's clock is 14:00 today
    assert sum(f["revenue"].item() for f in per_company) == pytest.approx(row["revenue"])
    cards = compare(totals_of(as_daily(live)), totals_of(as_daily(live)))
    figures = {r["metric"]: r for r in cards.to_dicts()}
    assert figures["revenue"]["current"] == pytest.approx(row["revenue"])
    assert figures["average_basket"]["current"] == pytest.approx(
        row["revenue"] / row["transactions"]
    )
    assert figures["quantity"]["current"] is None and figures["gross_profit"]["current"] is None


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        ("today", date(2026, 3, 15), date(2026, 3, 15)),
        ("yesterday", date(2026, 3, 14), date(2026, 3, 14)),
        ("last_7_days", date(2026, 3, 8), date(2026, 3, 14)),
        ("month_to_date", date(2026, 3, 1), date(2026, 3, 15)),
        ("last_month", date(2026, 2, 1), date(2026, 2, 28)),
        ("year_to_date", date(2026, 1, 1), date(2026, 3, 15)),
    ],
)
def test_presets(name, start, end):
    assert preset(name, date(2026, 3, 15)) == Period(start, end)


def test_last_month_in_january_and_the_previous_period():
    assert preset("last_month", date(2026, 1, 10)) == Period(date(2025, 12, 1), date(2025, 12, 31))
    assert Period(date(2026, 3, 1), date(2026, 3, 15)).previous() == Period(
        date(2026, 2, 14), date(2026, 2, 28)
    )
    with pytest.raises(ValueError, match="after it ends"):
        Period(date(2026, 3, 2), date(2026, 3, 1))
    with pytest.raises(ValueError, match="unknown range preset"):
        preset("fortnight", date(2026, 3, 1))
    assert Period(date(2026, 3, 1), date(2026, 3, 1)).previous().end == date(
        2026, 3, 1
    ) - timedelta(days=1)
