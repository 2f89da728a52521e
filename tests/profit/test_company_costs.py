"""Costs belong to a company, in its currency (issue 14, 3b). Against the demo Odoo, where the
Bali company buys some of the same products as NK Mart with bills of its own and NK Mart has
bills in US dollars: each company's profit equals a recomputation from its own bills alone,
read from Odoo per company, each bill line's cost taken from its company-currency amount."""

from __future__ import annotations

import shutil
from collections import defaultdict

import polars as pl
import pytest
from demo_support import DAYS, client_for
from profit_lake import OVERRIDES, read_table

from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.pipeline.profit import rebuild_profit
from nkdash_desktop.pipeline.profit.multipliers import lake_multipliers, line_multiplier

CENT = 0.005


@pytest.fixture(scope="module")
def built(demo_star, tmp_path_factory) -> LakeLayout:
    root = tmp_path_factory.mktemp("company-costs") / "lake"
    shutil.copytree(demo_star, root)
    layout = LakeLayout(root)
    rebuild_profit(layout, OVERRIDES)
    return layout


def _bills(odoo, company: int) -> list[dict]:
    """The company's posted vendor bill product lines, read with its own company context."""
    with client_for(odoo) as client:
        return client.search_read(
            "account.move.line",
            [
                ("move_id.move_type", "=", "in_invoice"),
                ("parent_state", "=", "posted"),
                ("display_type", "=", "product"),
                ("company_id", "=", company),
                ("date", "<=", DAYS[-1].isoformat()),
            ],
            [
                "date",
                "move_id",
                "product_id",
                "quantity",
                "price_unit",
                "discount",
                "price_subtotal",
                "balance",
                "amount_currency",
                "currency_id",
                "company_id",
                "tax_ids",
            ],
            context={"allowed_company_ids": [company]},
        )


def test_the_demo_has_what_real_groups_have(odoo):
    main, bali = _bills(odoo, 1), _bills(odoo, 2)
    assert bali, "the Bali company buys with bills of its own"
    shared = {r["product_id"][0] for r in main} & {r["product_id"][0] for r in bali}
    assert shared, "both companies buy some of the same products"
    dollars = [r for r in main if r["currency_id"][0] == 2]
    assert dollars, "NK Mart has bills in US dollars"
    for line in dollars:  # amount_currency in dollars, balance in rupiah at the bill's rate
        assert line["amount_currency"] == pytest.approx(line["price_subtotal"])
        assert line["balance"] > 100 * line["amount_currency"] > 0


def _expected_costs(lines: list[dict], multipliers: dict[int, float]) -> dict:
    """(product, day) -> unit cost with taxes, from one company's bill lines: the written unit
    price after discount, converted at the line's own balance / amount_currency."""
    costs: dict = {}
    for r in lines:
        if r["quantity"] <= 0 or r["price_unit"] <= 0 or not r["price_subtotal"]:
            continue
        rate = r["balance"] / r["price_subtotal"]
        unit = r["price_unit"] * (1 - (r["discount"] or 0) / 100) * rate
        key = (r["product_id"][0], r["date"])
        entered = (r["move_id"][0], r["id"])
        if key not in costs or entered > costs[key][0]:
            costs[key] = (entered, unit * line_multiplier(r["tax_ids"], multipliers))
    return {k: v[1] for k, v in costs.items()}


def test_each_companys_profit_comes_from_its_own_bills(odoo, built):
    multipliers = lake_multipliers(built, OVERRIDES)
    sales = pl.concat(
        [
            read_table(built, "fact_sales").select(
                "day", "company_id", "product_id", "quantity", "revenue_tax_in"
            ),
            read_table(built, "fact_invoice_sales").select(
                "day", "company_id", "product_id", "quantity", "revenue_tax_in"
            ),
        ]
    )
    expected: dict = defaultdict(float)
    for company in (1, 2):
        costs = _expected_costs(_bills(odoo, company), multipliers)
        for row in sales.filter(pl.col("company_id") == company).iter_rows(named=True):
            known = [
                (day, c)
                for (p, day), c in costs.items()
                if p == row["product_id"] and day <= row["day"].isoformat()
            ]
            if known:
                cost = max(known)[1]
                expected[(row["day"], company)] += row["revenue_tax_in"] - row["quantity"] * cost
    lake = read_table(built, "agg_profit_daily")
    assert any(k[1] == 2 for k in expected), "the Bali company's sales have costs"
    for key, value in expected.items():
        row = lake.filter((pl.col("day") == key[0]) & (pl.col("company_id") == key[1])).row(
            0, named=True
        )
        assert row["gross_profit"] == pytest.approx(value, abs=CENT), key
