"""Freshness from the state database, live figures from Odoo's totals, and the range presets."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from demo_lake import TZ, client, lake_range

from nkdash_desktop.kpi.companies import currency_groups
from nkdash_desktop.kpi.freshness import freshness
from nkdash_desktop.kpi.live import live_summary
from nkdash_desktop.kpi.periods import Period, preset
from nkdash_desktop.kpi.summary import METRICS, rows_of
from nkdash_desktop.kpi.totals import daily_totals
from nkdash_desktop.lake.state import StateDB
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.pipeline.live import live_today


def companies_of_demo() -> pl.DataFrame:
    return pl.DataFrame(
        {"company_id": [1, 2], "currency_code": ["IDR", "USD"], "currency_symbol": ["Rp", "$"]}
    )


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


def test_what_the_writer_publishes_is_the_state_databases_freshness(lake_root):
    """A viewer reads published.json, never the state database: it says the same."""
    from_db, published = freshness(lake_root), freshness(lake_root, published=True)
    assert (published.data_up_to, published.synced_at) == (from_db.data_up_to, from_db.synced_at)
    assert published.datasets.sort("dataset").equals(from_db.datasets.sort("dataset"))


def test_a_lake_never_synced(tmp_path):
    fresh = freshness(tmp_path / "nowhere")
    assert fresh.empty and fresh.badge(TZ) == "no data yet: run a sync"
    assert freshness(tmp_path / "nowhere", published=True).empty
    assert not (tmp_path / "nowhere").exists()  # reading freshness creates nothing


def test_badge_of_an_older_sync(lake_root):
    fresh = replace(
        freshness(lake_root),
        data_up_to=date(2026, 11, 24),
        synced_at=datetime(2026, 11, 20, 19, 21, tzinfo=UTC),
    )
    assert fresh.badge(TZ) == "data up to 24 Nov, synced 21 Nov 02:21"


def test_live_figures_of_a_past_day_equal_the_lake(demo_odoo, con):
    """Odoo's own grouped totals and the lake agree on every finished day and company, to
    half a cent: the live card does not shift by cents once its day is synced."""
    first, yesterday = lake_range()
    with client(demo_odoo) as odoo:
        for company in (1, 2):
            lake = {r["day"]: r for r in daily_totals(con, first, yesterday, company).to_dicts()}
            for day in sorted(lake)[-7:]:
                row = live_today(odoo, day, company_ids=[company]).row(0, named=True)
                assert row["day"] == day
                assert row["revenue"] == pytest.approx(lake[day]["revenue"], abs=0.005)
                assert row["tax"] == pytest.approx(lake[day]["tax"], abs=0.005)
                assert row["transactions"] == lake[day]["transactions"]
                assert row["pos_revenue"] + row["invoice_revenue"] == pytest.approx(row["revenue"])


def test_live_figures_of_today(demo_odoo):
    with client(demo_odoo) as odoo:
        live = live_today(odoo, today(TZ), company_ids=[1, 2])
        per_company = [live_today(odoo, today(TZ), company) for company in (1, 2)]
    assert live.filter(pl.col("company_id") == 1)["pos_orders"].item() > 0  # 14:00 today
    for company, alone in zip((1, 2), per_company, strict=True):
        of_company = live.filter(pl.col("company_id") == company)
        assert alone["revenue"].sum() == pytest.approx(of_company["revenue"].sum())
        assert alone["transactions"].sum() == of_company["transactions"].sum()


def test_live_cards_show_each_currency_apart(demo_odoo, con):
    """A day both shops sold: rupiah and dollars are never added, counts are."""
    last_days = con.sql("SELECT max(day) FROM fact_sales_all GROUP BY company_id").fetchall()
    day = min(d for (d,) in last_days)
    with client(demo_odoo) as odoo:
        live = live_today(odoo, day, company_ids=[1, 2])
    assert live["company_id"].to_list() == [1, 2]
    groups = currency_groups(companies_of_demo())
    nothing = dict.fromkeys(METRICS, None)
    cards = live_summary(live, [(g, nothing) for g in groups])
    revenue = rows_of(cards, "revenue")
    assert [(r["currency"], r["current"]) for r in revenue] == [
        ("IDR", live["revenue"][0]),
        ("USD", live["revenue"][1]),
    ]
    basket = rows_of(cards, "average_basket")[1]
    assert basket["current"] == pytest.approx(live["revenue"][1] / live["transactions"][1])
    (transactions,) = rows_of(cards, "transactions")
    assert transactions["current"] == live["transactions"].sum()
    assert rows_of(cards, "quantity")[0]["current"] is None
    assert rows_of(cards, "gross_profit")[0]["current"] is None


def test_live_asks_odoo_for_every_company_wanted(demo_odoo):
    """Without allowed_company_ids Odoo answers for the user's default company only."""
    with client(demo_odoo) as odoo:
        calls = []
        original = odoo.call

        def spy(model, method, kwargs=None, **kw):
            calls.append(kw.get("context"))
            return original(model, method, kwargs, **kw)

        odoo.call = spy
        live_today(odoo, today(TZ), company_ids=[1, 2])
    assert calls and all(c["allowed_company_ids"] == [1, 2] for c in calls)


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
