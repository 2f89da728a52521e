"""Profit where computed, sales elsewhere: the profit tables feed profit, margin and (for the
days they cover) the totals; days not yet computed keep their revenue and a null profit. An
unknown cost is not a zero cost: profit and margin cover the lines with a known cost, the share
of revenue without one is given beside them, and products without any cost are listed apart."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest
from demo_lake import lake_range, read_star, sales_lines

from nkdash_desktop.kpi.companies import of_currency
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.profit import margin_trend, products_without_cost, profit_by_product
from nkdash_desktop.kpi.sales import sales_by_category, top_products
from nkdash_desktop.kpi.summary import summary
from nkdash_desktop.kpi.totals import daily_totals
from nkdash_desktop.lake.catalog import open_catalog


def test_without_profit_every_profit_figure_is_unknown(con, week):
    assert profit_by_product(con, week.start, week.end).is_empty()
    assert margin_trend(con, week.start, week.end).is_empty()
    figures = {r["metric"]: r for r in summary(con, week.start, week.end).to_dicts()}
    assert figures["profit_coverage"]["current"] == 0


def test_profit_days_come_from_the_profit_tables(profit_con, profit_lake):
    first, last = lake_range()
    daily = daily_totals(profit_con, first, last)
    profit = (
        read_star(profit_lake, "agg_profit_daily")
        .group_by("day")
        .agg(pl.col("revenue_tax_in", "gross_profit", "revenue_cost_missing").sum())
    )
    covered = set(profit["day"])
    lines = sales_lines(profit_lake).group_by("day").agg(pl.col("revenue_tax_in").sum())
    for row in daily.to_dicts():
        sold = lines.filter(pl.col("day") == row["day"])["revenue_tax_in"].item()
        assert row["revenue"] == pytest.approx(sold)  # same revenue from either source
        if row["day"] in covered:
            day = profit.filter(pl.col("day") == row["day"]).row(0, named=True)
            assert row["gross_profit"] == pytest.approx(day["gross_profit"])
            known = sold - day["revenue_cost_missing"]  # margin over the lines with a cost
            assert row["margin"] == pytest.approx(day["gross_profit"] / known)
        else:
            assert row["gross_profit"] is None and row["margin"] is None
    uncovered = daily.filter(pl.col("gross_profit").is_null())["day"].to_list()
    assert uncovered == sorted(set(daily["day"]) - covered)
    assert len(uncovered) == 2  # the fixture leaves the last two days without profit


def test_cards_cover_part_of_the_period(profit_con, profit_lake, week):
    figures = {r["metric"]: r for r in summary(profit_con, week.start, week.end, 1).to_dicts()}
    lines = sales_lines(profit_lake).filter(pl.col("company_id") == 1)
    current = lines.filter(pl.col("day").is_between(week.start, week.end))
    profit = read_star(profit_lake, "agg_profit_daily").filter(
        pl.col("day").is_between(week.start, week.end), pl.col("company_id") == 1
    )
    assert figures["revenue"]["current"] == pytest.approx(current["revenue_tax_in"].sum())
    assert figures["gross_profit"]["current"] == pytest.approx(profit["gross_profit"].sum())
    known = profit["revenue_tax_in"].sum() - profit["revenue_cost_missing"].sum()
    assert figures["margin"]["current"] == pytest.approx(profit["gross_profit"].sum() / known)
    assert figures["cost_missing_share"]["current"] == pytest.approx(
        profit["revenue_cost_missing"].sum() / profit["revenue_tax_in"].sum()
    )
    assert 0 < figures["cost_missing_share"]["current"] < 0.5
    assert 0 < figures["profit_coverage"]["current"] < 1
    assert figures["profit_coverage"]["previous"] == pytest.approx(1.0)
    assert figures["cost_missing_lines"]["current"] == profit["cost_missing_lines"].sum()


def test_products_without_a_cost_are_listed_apart_never_at_100_percent(profit_con, profit_lake):
    first, last = lake_range()
    products = profit_by_product(profit_con, first, last)
    assert products.height > 0
    assert products["gross_profit"].to_list() == sorted(products["gross_profit"], reverse=True)
    by_product = (
        read_star(profit_lake, "agg_profit_daily_by_product")
        .group_by("product_id")
        .agg(pl.col("revenue_tax_in", "gross_profit").sum(), pl.col("cost_missing_lines").sum())
    )
    for row in products.to_dicts():
        expected = by_product.filter(pl.col("product_id") == row["product_id"]).row(0, named=True)
        assert row["gross_profit"] == pytest.approx(expected["gross_profit"])
        assert row["margin"] == pytest.approx(expected["gross_profit"] / expected["revenue_tax_in"])
        assert row["margin"] < 0.5  # a 70% cost: never 100% margin
        assert row["product_id"] % 7 != 0 and row["cost_missing_share"] == 0
    # the fixture knows no cost for products whose id is a multiple of 7: listed apart, no margin
    apart = products_without_cost(profit_con, first, last)
    assert apart.height > 0 and (apart["product_id"] % 7 == 0).all()
    assert apart["margin"].null_count() == apart.height
    assert apart["gross_profit"].null_count() == apart.height
    assert (apart["cost_missing_lines"] > 0).all()


def test_top_products_and_categories_carry_profit(profit_con, week):
    # the profit lake has no profit for its last two days: a product sold only then has none
    week = Period(week.start - timedelta(days=2), week.end - timedelta(days=2))
    top = top_products(profit_con, week.start, week.end)
    costed = top.filter(pl.col("product_id") % 7 != 0)
    assert costed["margin"].null_count() == 0
    # a 70 % cost leaves a margin of about 30 % (refunds and discounts move it a little)
    assert all(0.2 < m < 0.4 for m in costed["margin"])
    categories = sales_by_category(profit_con, week.start, week.end)
    # a category whose products all lack a cost has no profit and no margin, not 100%
    unknown = categories.filter(pl.col("gross_profit").is_null())
    assert unknown.height < categories.height and unknown["margin"].null_count() == unknown.height
    assert (categories["margin"].drop_nulls() < 0.5).all()


def test_margin_trend(profit_con):
    first, last = lake_range()
    everything = margin_trend(profit_con, first, last)
    # the demo's companies trade in two currencies: a trend per currency, never their sum
    for company, currency in ((1, "IDR"), (2, "USD")):
        trend = of_currency(everything, currency)
        daily = daily_totals(profit_con, first, last, company).filter(
            pl.col("gross_profit").is_not_null()
        )
        assert trend["day"].to_list() == daily["day"].to_list()
        assert trend["margin"].to_list() == pytest.approx(
            (daily["gross_profit"] / daily["cost_known_revenue"]).to_list()
        )
        assert trend["cost_missing_share"].is_between(0, 1).all()
    assert (everything["cost_missing_share"] > 0).any()


def test_the_engines_profit_agrees_with_the_sales(lake_root):
    """The demo lake as the engine built it: profit computed by the profit pipeline."""
    first, last = lake_range()
    con = open_catalog(lake_root)
    try:
        daily = daily_totals(con, first, last)
    finally:
        con.close()
    sold = (
        sales_lines(lake_root)
        .group_by("day")
        .agg(pl.col("revenue_tax_in").sum(), orders=pl.struct("channel", "order_id").n_unique())
        .sort("day")
    )
    assert daily["day"].to_list() == sold["day"].to_list()
    assert daily["revenue"].to_list() == pytest.approx(sold["revenue_tax_in"].to_list())
    assert daily["transactions"].to_list() == sold["orders"].to_list()
    assert daily["gross_profit"].null_count() == 0  # every day's profit was computed
    assert (daily["cogs"] > 0).all() and (daily["margin"] < 1).all()
