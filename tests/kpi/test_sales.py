"""Sales KPIs against the demo lake, cross-checked with polars over the Parquet files."""

from __future__ import annotations

import shutil
from datetime import date

import polars as pl
import pytest
from demo_lake import read_star, sales_documents, sales_lines

from nkdash_desktop.kpi.sales import (
    PAYMENTS_NOT_READ,
    sales_by_cashier,
    sales_by_category,
    sales_by_payment_method,
    sales_heatmap,
    top_products,
)
from nkdash_desktop.kpi.summary import summary
from nkdash_desktop.kpi.totals import daily_totals, uncovered_ranges
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.lake.versions import publish_frame


def _in(frame: pl.DataFrame, first: date, last: date, company: int | None = None):
    out = frame.filter(pl.col("day").is_between(first, last))
    return out if company is None else out.filter(pl.col("company_id") == company)


@pytest.mark.parametrize("company", [1, 2])  # all companies: see test_currencies.py
def test_summary_cards_equal_an_independent_computation(con, plain_lake, week, company):
    lines = sales_lines(plain_lake)
    documents = sales_documents(plain_lake)
    figures = {r["metric"]: r for r in summary(con, week.start, week.end, company).to_dicts()}
    for period, column in ((week, "current"), (week.previous(), "previous")):
        rows = _in(lines, period.start, period.end, company)
        # revenue is Odoo's order and invoice totals, quantity the lines'
        revenue = _in(documents, period.start, period.end, company)["revenue"].sum()
        orders = _in(documents, period.start, period.end, company)
        orders = orders.select("channel", "order_id").n_unique()
        assert revenue > 0 and orders > 0
        assert figures["revenue"][column] == pytest.approx(revenue)
        assert figures["transactions"][column] == orders
        assert figures["average_basket"][column] == pytest.approx(revenue / orders)
        assert figures["quantity"][column] == pytest.approx(rows["quantity"].sum())
        # no profit computed in this lake: profit and margin are unknown, never 0
        assert figures["gross_profit"][column] is None
        assert figures["margin"][column] is None
    previous = figures["revenue"]["previous"]
    assert figures["revenue"]["change"] == pytest.approx(
        figures["revenue"]["current"] / previous - 1
    )


def test_daily_totals_per_day(con, plain_lake, week):
    documents = _in(sales_documents(plain_lake), week.start, week.end)
    expected = (
        documents.group_by("day")
        .agg(pl.col("revenue", "tax").sum(), orders=pl.struct("channel", "order_id").n_unique())
        .sort("day")
    )
    daily = daily_totals(con, week.start, week.end)
    assert daily["day"].to_list() == expected["day"].to_list()
    assert daily["revenue"].to_list() == pytest.approx(expected["revenue"].to_list())
    assert daily["tax"].to_list() == pytest.approx(expected["tax"].to_list())
    assert daily["transactions"].to_list() == expected["orders"].to_list()
    assert daily["gross_profit"].null_count() == daily.height


def test_an_empty_range_has_no_rows_and_zero_revenue(con):
    empty = summary(con, date(2001, 1, 1), date(2001, 1, 31))
    figures = {r["metric"]: r for r in empty.to_dicts()}
    assert figures["revenue"]["current"] == 0
    assert figures["transactions"]["current"] == 0
    assert figures["average_basket"]["current"] is None
    assert daily_totals(con, date(2001, 1, 1), date(2001, 1, 31)).is_empty()
    assert top_products(con, date(2001, 1, 1), date(2001, 1, 31)).is_empty()
    assert sales_by_category(con, date(2001, 1, 1), date(2001, 1, 31)).is_empty()


def test_uncovered_ranges():
    d = date(2026, 1, 1).replace
    covered = [d(day=2), d(day=3), d(day=6)]
    assert uncovered_ranges(d(day=1), d(day=7), covered) == [
        (d(day=1), d(day=1)),
        (d(day=4), d(day=5)),
        (d(day=7), d(day=7)),
    ]
    assert uncovered_ranges(d(day=2), d(day=3), covered) == []


@pytest.mark.parametrize("company", [1, 2])  # each currency apart: see test_currencies.py
def test_top_products(con, plain_lake, week, company):
    lines = _in(sales_lines(plain_lake), week.start, week.end, company)
    expected = (
        lines.group_by("product_id")
        .agg(pl.col("revenue_tax_in", "quantity").sum())
        .sort(["revenue_tax_in", "product_id"], descending=[True, False])
        .head(5)
    )
    names = read_star(plain_lake, "dim_products").select("product_id", "name")
    top = top_products(con, week.start, week.end, company, limit=5)
    assert top["product_id"].to_list() == expected["product_id"].to_list()
    assert top["revenue"].to_list() == pytest.approx(expected["revenue_tax_in"].to_list())
    assert top["quantity"].to_list() == pytest.approx(expected["quantity"].to_list())
    assert top["product"].to_list() == [
        names.filter(pl.col("product_id") == p)["name"].item() for p in top["product_id"]
    ]
    assert top["share"][0] == pytest.approx(top["revenue"][0] / lines["revenue_tax_in"].sum())


@pytest.mark.parametrize("company", [1, 2])  # each currency apart: see test_currencies.py
def test_heatmap_by_local_hour_and_weekday(con, plain_lake, week, company):
    pos = _in(read_star(plain_lake, "fact_sales"), week.start, week.end, company).with_columns(
        wd=pl.col("date_order").dt.weekday(), hr=pl.col("date_order").dt.hour()
    )
    expected = pos.group_by("wd", "hr").agg(pl.col("revenue_tax_in").sum()).sort("wd", "hr")
    heat = sales_heatmap(con, week.start, week.end, company)
    assert heat.select("weekday", "hour").rows() == expected.select("wd", "hr").rows()
    assert heat["revenue"].to_list() == pytest.approx(expected["revenue_tax_in"].to_list())
    assert set(heat["weekday"]) <= set(range(1, 8)) and set(heat["hour"]) <= set(range(24))


@pytest.mark.parametrize("company", [1, 2])  # each currency apart: see test_currencies.py
def test_categories_roll_up_to_their_parents(con, plain_lake, week, company):
    categories = sales_by_category(con, week.start, week.end, company)
    total = _in(sales_lines(plain_lake), week.start, week.end, company)["revenue_tax_in"].sum()
    roots = categories.filter(pl.col("parent_path") == "")
    assert roots["revenue"].sum() == pytest.approx(total)
    by_path = {r["path"]: r for r in categories.to_dicts()}
    for node in categories.to_dicts():
        children = [c for c in by_path.values() if c["parent_path"] == node["path"]]
        assert node["revenue"] == pytest.approx(
            node["revenue_own"] + sum(c["revenue"] for c in children)
        )
        if node["parent_path"]:
            assert node["parent_path"] in by_path  # every parent is a node of the treemap
    leaf = categories.filter(pl.col("depth") == categories["depth"].max()).row(0, named=True)
    assert leaf["path"].endswith(leaf["name"])


@pytest.mark.parametrize("company", [1, 2])  # each currency apart: see test_currencies.py
def test_payment_methods_are_the_payments_odoo_recorded(con, plain_lake, week, company):
    methods = sales_by_payment_method(con, week.start, week.end, company)
    orders = _in(read_star(plain_lake, "fact_pos_orders"), week.start, week.end, company)
    payments = _in(read_star(plain_lake, "fact_payments"), week.start, week.end, company)
    lines = _in(sales_lines(plain_lake), week.start, week.end, company)
    invoices = lines.filter(pl.col("channel") == "invoice")
    # every POS order was paid exactly its total: the donut adds up to the revenue
    pos = methods.filter(pl.col("payment_method_id").is_not_null())
    assert round(pos["revenue"].sum(), 2) == round(orders["amount_total"].sum(), 2)
    assert methods["share"].sum() == pytest.approx(1.0)
    assert PAYMENTS_NOT_READ not in methods["payment_method"].to_list()
    cash = methods.filter(pl.col("payment_method").str.starts_with("Cash"))  # "Cash Bali"
    method = cash["payment_method_id"].item()
    paid_cash = payments.filter(pl.col("payment_method_id") == method)
    assert cash["revenue"].item() == pytest.approx(paid_cash["amount"].sum())  # change taken off
    assert cash["transactions"].item() == paid_cash["order_id"].n_unique()
    if invoices.height:
        row = methods.filter(pl.col("payment_method") == "Invoices (on account)")
        assert row["revenue"].item() == pytest.approx(invoices["revenue_tax_in"].sum())


def test_pos_days_without_payments_are_shown_apart_never_guessed(plain_lake, tmp_path, week):
    """A lake older than the payments dataset: its POS days have no payments until the sync
    catches up; their revenue is its own row, not spread over the methods."""
    lake = tmp_path / "lake"
    shutil.copytree(plain_lake, lake)
    shutil.rmtree(lake / "star-schema" / "fact_payments")
    with open_catalog(lake) as older:
        methods = sales_by_payment_method(older, week.start, week.end, 1)
    orders = _in(read_star(plain_lake, "fact_pos_orders"), week.start, week.end, 1)
    unread = methods.filter(pl.col("payment_method") == PAYMENTS_NOT_READ)
    assert unread["revenue"].item() == pytest.approx(orders["amount_total"].sum())
    assert methods["payment_method_id"].null_count() == methods.height  # no method guessed


@pytest.mark.parametrize("company", [1, 2])  # each currency apart: see test_currencies.py
def test_cashiers(con, plain_lake, week, company):
    cashiers = sales_by_cashier(con, week.start, week.end, company)
    pos = _in(read_star(plain_lake, "fact_sales"), week.start, week.end, company)
    employees = read_star(plain_lake, "dim_employees").select("employee_id", "name")
    expected = (
        pos.join(employees, on="employee_id")
        .group_by("name")
        .agg(pl.col("revenue_tax_in").sum(), orders=pl.col("order_id").n_unique())
    )
    for row in expected.to_dicts():
        got = cashiers.filter(pl.col("cashier") == row["name"]).row(0, named=True)
        assert got["revenue"] == pytest.approx(row["revenue_tax_in"])
        assert got["transactions"] == row["orders"]
        assert got["average_basket"] == pytest.approx(row["revenue_tax_in"] / row["orders"])
    total = _in(sales_lines(plain_lake), week.start, week.end, company)["revenue_tax_in"].sum()
    assert cashiers["revenue"].sum() == pytest.approx(total)


# the cashier query before it grouped by integers: the reference its figures must equal
CASHIERS_BY_TEXT_KEY = """
    SELECT coalesce(e.name, u.name, 'Unknown') AS cashier,
           sum(s.revenue_tax_in) AS revenue,
           count(DISTINCT (s.channel, s.order_id)) AS transactions,
           sum(s.revenue_tax_in) / count(DISTINCT (s.channel, s.order_id)) AS average_basket,
           sum(s.quantity) AS quantity
    FROM fact_sales_all s
    LEFT JOIN dim_employees e USING (employee_id)
    LEFT JOIN dim_users u ON u.user_id = s.user_id
    WHERE s.day BETWEEN ? AND ? AND s.company_id = 1
    GROUP BY coalesce('e' || s.employee_id, 'u' || s.user_id), cashier
"""


def test_cashiers_group_as_the_cashier_column_names_them(plain_lake, week, tmp_path):
    """An employee the lake has no name for goes by its lines' users' names (two users of one
    name are one cashier; a user without a name is Unknown), a line without an employee by its
    user: the same groups and figures as grouping by the text key the column shows."""
    root = shutil.copytree(plain_lake, tmp_path / "lake")
    pos = _in(read_star(root, "fact_sales"), week.start, week.end, 1)
    # the supervisor rings up on every cashier's till: the employee with the most users
    users_of = pos.group_by("employee_id").agg(pl.col("user_id").unique().sort())
    unnamed, users = users_of.sort(pl.col("user_id").list.len()).row(-1)
    assert len(users) >= 3
    dims = LakeLayout(root)
    employees = read_star(root, "dim_employees").filter(pl.col("employee_id") != unnamed)
    publish_frame(employees, dims.single_file(STAR, "dim_employees"))
    named = read_star(root, "dim_users").filter(pl.col("user_id") != users[2])
    twins = pl.col("user_id").is_in(users[:2])
    named = named.with_columns(name=pl.when(twins).then(pl.lit("Kasir Shift")).otherwise("name"))
    publish_frame(named, dims.single_file(STAR, "dim_users"))
    with open_catalog(root) as con:
        got = sales_by_cashier(con, week.start, week.end, 1).drop("currency", "currency_symbol")
        expected = con.sql(CASHIERS_BY_TEXT_KEY, params=[week.start, week.end]).pl()
    assert {"Kasir Shift", "Unknown"} <= set(got["cashier"])
    assert got.height == expected.height
    order = ["cashier", "revenue"]
    for row, want in zip(got.sort(order).rows(), expected.sort(order).rows(), strict=True):
        assert row == pytest.approx(want, rel=1e-12)
