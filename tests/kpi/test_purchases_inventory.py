"""Purchases and inventory KPIs, cross-checked with polars over the Parquet files."""

from __future__ import annotations

import odoorpc
import polars as pl
import pytest
from demo_lake import DEMO_KEY, lake_range, read_star, server

from nkdash_desktop.kpi.inventory import moves_per_day, stock_on_hand
from nkdash_desktop.kpi.purchases import cost_trend, purchased_products, spend_by_vendor


def odoo_costs_of(quants: pl.DataFrame, company: int) -> list[tuple[float, float]]:
    """(quantity, the company's standard_price) per quant, the cost read from the demo Odoo
    over odoorpc with the company first in the context (standard_price is company-dependent)."""
    srv = server()
    odoo = odoorpc.ODOO(srv.host, port=srv.port, timeout=30)
    odoo.login(srv.db, "admin", DEMO_KEY)
    products = sorted(set(quants["product_id"]))
    rows = odoo.execute_kw(
        "product.product", "read", [products, ["standard_price"]],
        {"context": {"allowed_company_ids": [company], "active_test": False}},
    )  # fmt: skip
    cost = {r["id"]: r["standard_price"] for r in rows}
    return [(q, cost[p]) for q, p in quants.select("quantity", "product_id").iter_rows()]


def test_spend_by_vendor(con, plain_lake):
    first, last = lake_range()
    vendors = spend_by_vendor(con, first, last)
    bills = read_star(plain_lake, "fact_purchases").filter(pl.col("day").is_between(first, last))
    assert vendors["spend"].sum() == pytest.approx(bills["amount_company_currency"].sum())
    # with taxes in the company currency too: the importer's dollar bills count in rupiah
    company = bills.filter(pl.col("company_id") == 1)
    assert (company["currency_id"] != 2).any() and (company["currency_id"] == 2).any()
    mine = spend_by_vendor(con, first, last, 1)
    assert mine["spend_tax_in"].sum() == pytest.approx(
        company["amount_company_currency_tax_in"].sum()
    )
    assert vendors["share"].sum() == pytest.approx(1.0)
    assert vendors["spend"].to_list() == sorted(vendors["spend"], reverse=True)
    top = vendors.row(0, named=True)
    mine = bills.filter(pl.col("vendor_id") == top["vendor_id"])
    assert top["bills"] == mine["move_id"].n_unique()
    assert top["lines"] == mine.height
    partners = read_star(plain_lake, "dim_partners")
    assert top["vendor"] == partners.filter(pl.col("partner_id") == top["vendor_id"])["name"].item()


def test_cost_trend_leaves_out_bonus_lines_and_refunds(con, plain_lake):
    first, last = lake_range()
    products = purchased_products(con, first, last)
    assert products.height > 0
    bills = read_star(plain_lake, "fact_purchases").filter(pl.col("day").is_between(first, last))
    for product_id in products["product_id"].head(5):
        trend = cost_trend(con, product_id, first, last)
        expected = bills.filter(
            pl.col("product_id") == product_id, ~pl.col("is_bonus"), ~pl.col("is_refund")
        ).sort("day", "line_id")
        assert trend["day"].to_list() == expected["day"].to_list()
        # in the company's currency (a dollar bill of a rupiah company at its rupiah amount)
        own = expected["amount_company_currency"] / expected["quantity"]
        assert trend["net_unit_price"].to_list() == pytest.approx(own.to_list())
        assert trend["unit_cost_tax_in"].null_count() == trend.height  # no profit computed
    bonus = bills.filter(pl.col("is_bonus"))
    if bonus.height:
        only_bonus = set(bonus["product_id"]) - set(bills.filter(~pl.col("is_bonus"))["product_id"])
        assert not only_bonus & set(products["product_id"])


@pytest.mark.parametrize("company", [None, 2])
def test_stock_on_hand_in_own_locations(con, plain_lake, company):
    first, last = lake_range()
    stock = stock_on_hand(con, first, last, company)
    quants = read_star(plain_lake, "fact_stock_quants")
    snapshot = quants["day"].max()  # taken today: after the range's end, the nearest one
    assert set(stock["snapshot_day"]) == {snapshot}
    internal = read_star(plain_lake, "dim_locations").filter(pl.col("is_internal"))
    mine = quants.filter(
        pl.col("day") == snapshot, pl.col("location_id").is_in(internal["location_id"].implode())
    )
    if company:
        mine = mine.filter(pl.col("company_id") == company)
    assert stock["quantity"].sum() == pytest.approx(mine["quantity"].sum())
    # one unit of measure per row: quantities in different units are never added up
    units = read_star(plain_lake, "dim_products").select("product_id", "uom_name")
    per_unit = mine.join(units, on="product_id").group_by("uom_name").agg(pl.col("quantity").sum())
    shown = stock.group_by("unit").agg(pl.col("quantity").sum())
    assert dict(shown.rows()) == pytest.approx(dict(per_unit.rows()))
    assert set(shown["unit"]) > {"Units"}  # the demo stocks goods by kg and litre too
    # each company's stock at its own cost, as Odoo reads it with that company in the context
    odoo_value = sum(
        (q * cost)
        for c in {1, 2} & set(mine["company_id"])
        for q, cost in odoo_costs_of(mine.filter(pl.col("company_id") == c), c)
    )
    assert stock["value"].sum() == pytest.approx(odoo_value, rel=1e-12)
    # full names, the warehouse's code ("BL/Stock") replaced by its company's name
    codes = set(
        internal.filter(pl.col("location_id").is_in(mine["location_id"].implode()))["full_path"]
    )
    companies = dict(read_star(plain_lake, "dim_companies").select("company_id", "name").rows())
    named = {c.replace("WH/", companies[1] + " / ").replace("BL/", companies[2] + " / ")
             .replace("/", " / ").replace("  /  ", " / ") for c in codes}  # fmt: skip
    assert set(stock["location"]) == named
    assert not any(name.startswith(("WH", "BL")) for name in stock["location"])
    assert (stock["category_name"] == stock["category"].str.split(" / ").list.last()).all()


def test_moves_in_and_out_per_day(con, plain_lake):
    first, last = lake_range()
    moves = moves_per_day(con, first, last)
    facts = read_star(plain_lake, "fact_inventory_moves").filter(
        pl.col("day").is_between(first, last)
    )
    expected = (
        facts.group_by("day")
        .agg(
            into=pl.col("quantity_signed").filter(pl.col("quantity_signed") > 0).sum(),
            out=-pl.col("quantity_signed").filter(pl.col("quantity_signed") < 0).sum(),
            moves_in=(pl.col("direction") == "in").sum(),
        )
        .sort("day")
    )
    assert moves["day"].to_list() == expected["day"].to_list()
    assert moves["quantity_in"].to_list() == pytest.approx(expected["into"].to_list())
    assert moves["quantity_out"].to_list() == pytest.approx(expected["out"].to_list())
    assert moves["moves_in"].to_list() == expected["moves_in"].to_list()
    assert (moves["net"] == moves["quantity_in"] - moves["quantity_out"]).all()
