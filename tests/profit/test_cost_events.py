"""Cost events: which bill lines price a product, at what cost, in company currency."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from profit_lake import OVERRIDES, purchase, taxes_frame

from nkdash_desktop.lake.schema import FACTS, conform
from nkdash_desktop.pipeline.profit import rebuild_profit
from nkdash_desktop.pipeline.profit.cost_events import changed_products, cost_events
from nkdash_desktop.pipeline.profit.multipliers import tax_multipliers

D1 = date(2026, 1, 5)
TABLE = tax_multipliers(taxes_frame(), OVERRIDES)


def events_of(*rows) -> pl.DataFrame:
    return cost_events(conform(FACTS["fact_purchases"], pl.DataFrame(list(rows))), TABLE)


def test_a_bill_line_becomes_a_cost_with_its_taxes():
    event = events_of(purchase(1, D1, 101, 1000.0, 10, taxes=[6], discount=10.0)).row(0, named=True)
    assert event["net_unit_price"] == pytest.approx(900.0)  # after the discount
    assert event["tax_multiplier"] == pytest.approx(1.11)
    assert event["unit_cost_tax_in"] == pytest.approx(999.0)


def test_an_included_tax_stays_in_the_written_price():
    event = events_of(purchase(1, D1, 101, 1110.0, 3, taxes=[5])).row(0, named=True)
    assert event["net_unit_price"] == pytest.approx(1110.0)
    assert event["tax_multiplier"] == 1.0 and event["unit_cost_tax_in"] == pytest.approx(1110.0)


def test_bonus_lines_and_vendor_refunds_are_not_costs():
    events = events_of(
        purchase(1, D1, 101, 1000.0, 10),
        purchase(2, D1, 101, 0.0, 2),  # free goods
        purchase(3, D1, 101, 1000.0, 0),  # no quantity
        purchase(4, D1, 101, 1000.0, 2, discount=100.0),  # fully discounted
        purchase(5, D1, 101, -50.0, 1),  # a negative price
        purchase(6, D1, 101, 900.0, 1, refund=True),  # vendor credit note
        purchase(7, D1, None, 900.0, 1),  # a line without a product
    )
    assert events["line_id"].to_list() == [1]


def test_a_bill_in_another_currency_costs_in_company_currency():
    event = events_of(purchase(1, D1, 101, 2.5, 4, taxes=[9], rate=16_000.0)).row(0, named=True)
    assert event["currency_rate"] == pytest.approx(16_000.0)
    assert event["unit_cost_tax_in"] == pytest.approx(40_000.0)


def test_events_record_the_multiplier_of_their_taxes():
    events = events_of(
        purchase(1, D1, 101, 100.0, taxes=[7]),
        purchase(2, D1, 102, 100.0, taxes=[6, 8]),
        purchase(3, D1, 103, 100.0, taxes=[]),
        purchase(4, D1, 104, 100.0, taxes=[404]),
    )
    assert events["tax_multiplier"].to_list() == pytest.approx([1.11, 1.115, 1.0, 1.0])


def test_changed_products_are_the_ones_whose_events_differ():
    old = events_of(purchase(1, D1, 101, 100.0), purchase(2, D1, 102, 100.0))
    new = events_of(purchase(1, D1, 101, 100.0), purchase(2, D1, 102, 120.0))
    newer = events_of(purchase(1, D1, 101, 100.0))
    assert changed_products(old, new)["product_id"].to_list() == [102]
    assert changed_products(old, newer)["product_id"].to_list() == [102]  # removed
    assert changed_products(old, old).height == 0


def test_the_shops_bill_gives_one_cost_event(shop):
    rebuild_profit(shop, {})  # the shop's tax 2 is an excluded purchase PPN 11%
    events = pl.read_parquet(
        shop.root / "star-schema/fact_product_cost_events/month=2026-01/data.parquet"
    )
    # line 6011: 10 x 1000 - 10% with PPN 11% excluded; 6012 is free goods, 6021 a refund
    assert events["line_id"].to_list() == [6011]
    assert events["unit_cost_tax_in"].to_list() == pytest.approx([999.0])


def test_a_bill_in_company_currency_is_never_converted():
    odd = purchase(1, D1, 101, 1000.0, 2, taxes=[9], amount_company_currency=1234.0)
    rows = conform(FACTS["fact_purchases"], pl.DataFrame([odd]))
    event = cost_events(rows, TABLE, {1: 1}).row(0, named=True)
    assert event["currency_rate"] == 1.0 and event["unit_cost_tax_in"] == 1000.0
