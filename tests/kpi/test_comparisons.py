"""What the cards compare with: the calendar's previous period, a running day against the same
hours of yesterday (from the order timestamps), and no change where the lake has no data."""

from __future__ import annotations

from datetime import date, datetime, time

import polars as pl
import pytest
from demo_lake import lake_range

from nkdash_desktop.kpi.periods import Period, compared_with, preset
from nkdash_desktop.kpi.summary import comparison_daily, summary
from nkdash_desktop.kpi.totals import day_until
from nkdash_desktop.lake.catalog import open_catalog

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("name", "start", "end", "words"),
    [
        ("today", date(2026, 12, 5), date(2026, 12, 5), "yesterday until 10:11"),
        ("yesterday", date(2026, 12, 4), date(2026, 12, 4), "the day before"),
        ("last_7_days", date(2026, 11, 22), date(2026, 11, 28), "previous 7 days"),
        ("month_to_date", date(2026, 11, 1), date(2026, 11, 6),
         "previous month to the 6th until 10:11"),
        ("last_month", date(2026, 10, 1), date(2026, 10, 31), "previous month"),
        ("year_to_date", date(2025, 1, 1), date(2025, 12, 6), "same dates last year until 10:11"),
    ],
)  # fmt: skip
def test_each_preset_compares_with_the_calendar_period_before(name, start, end, words):
    period = preset(name, TODAY)
    assert period.comparison() == Period(start, end)
    running = time(10, 11) if period.end == TODAY else None
    assert compared_with(period, running) == words


def test_month_ends_and_leap_days():
    # the running month of 31 March compares with the whole of February, never 3 March
    assert Period(date(2026, 3, 1), date(2026, 3, 30)).comparison() == Period(
        date(2026, 2, 1), date(2026, 2, 28)
    )
    assert Period(date(2024, 1, 1), date(2024, 2, 29)).comparison() == Period(
        date(2023, 11, 1), date(2023, 12, 31)
    )  # two whole months
    assert Period(date(2024, 1, 1), date(2024, 3, 15)).comparison() == Period(
        date(2023, 1, 1), date(2023, 3, 15)
    )
    assert Period(date(2025, 1, 1), date(2025, 12, 31)).comparison() == Period(
        date(2024, 1, 1), date(2024, 12, 31)
    )


@pytest.fixture
def full_con(lake_root):
    connection = open_catalog(lake_root)
    yield connection
    connection.close()


@pytest.mark.parametrize("company", [1])  # all companies have two currencies: test_currencies
def test_a_running_day_compares_with_yesterday_up_to_the_same_time(full_con, company):
    _, last = lake_range()
    until = time(13, 30)
    pos = full_con.sql("SELECT * FROM fact_sales WHERE day = ?", params=[last]).pl()
    invoices = full_con.sql("SELECT * FROM fact_invoice_sales WHERE day = ?", params=[last]).pl()
    if company is not None:
        pos = pos.filter(pl.col("company_id") == company)
        invoices = invoices.filter(pl.col("company_id") == company)
    orders = full_con.sql("SELECT * FROM fact_pos_orders WHERE day = ?", params=[last]).pl()
    if company is not None:
        orders = orders.filter(pl.col("company_id") == company)
    early = pos.filter(pl.col("date_order").dt.time() <= until)
    assert 0 < early.height < pos.height  # the cut falls inside the day's sales
    row = day_until(full_con, last, until, company).row(0, named=True)
    # revenue: Odoo's order totals (tax rounded per order) of the orders placed by then
    early_orders = orders.filter(pl.col("date_order").dt.time() <= until)
    revenue = early_orders["amount_total"].sum() + invoices["revenue_tax_in"].sum()
    assert row["revenue"] == pytest.approx(revenue, abs=1e-6)
    assert row["quantity"] == pytest.approx(early["quantity"].sum() + invoices["quantity"].sum())
    assert row["transactions"] == early_orders.height + invoices["move_id"].n_unique()
    assert row["gross_profit"] is not None  # the full demo lake has that day's profit

    # "today" on the day after the lake: its previous figures are yesterday until 13:30
    now = datetime.combine(date.fromordinal(last.toordinal() + 1), until)
    cards = {r["metric"]: r for r in summary(full_con, now.date(), now.date(), company, now)
             .to_dicts()}  # fmt: skip
    assert cards["revenue"]["previous"] == pytest.approx(revenue, abs=1e-6)
    whole = {r["metric"]: r for r in summary(full_con, now.date(), now.date(), company).to_dicts()}
    assert whole["revenue"]["previous"] > revenue  # without `now`: the whole of yesterday


def test_no_data_for_the_previous_period(full_con):
    first, last = lake_range()
    assert not comparison_daily(full_con, Period(first, last)).has_data  # before the lake
    assert comparison_daily(full_con, Period(last, last)).has_data
