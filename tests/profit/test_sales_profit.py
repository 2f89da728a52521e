"""Sales line profit (the join with the latest cost; an unknown cost stays unknown) and the
aggregates."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nkdash_desktop.pipeline.profit import aggregates
from nkdash_desktop.pipeline.profit.latest_cost import day_costs
from nkdash_desktop.pipeline.profit.sales_profit import SALES_COLUMNS, profit_lines

D1, D2 = date(2026, 1, 5), date(2026, 1, 6)


def sales(rows: list[tuple]) -> pl.DataFrame:
    """(day, channel, order, line, product, quantity, revenue[, company]) rows."""
    return pl.DataFrame(
        [
            {
                "day": r[0],
                "company_id": r[7] if len(r) > 7 else 1,
                "channel": r[1],
                "order_id": r[2],
                "line_id": r[3],
                "product_id": r[4],
                "quantity": r[5],
                "revenue_tax_in": r[6],
                "revenue_tax_ex": r[6],
            }
            for r in rows
        ],
        schema_overrides={"product_id": pl.Int64},
    ).select(SALES_COLUMNS)


COSTS = day_costs(
    pl.DataFrame(
        {
            "day": [D1, D2],
            "company_id": [1, 1],
            "product_id": [101, 101],
            "move_id": [1, 2],
            "line_id": [11, 12],
            "tax_multiplier": [1.11, 1.11],
            "unit_cost_tax_in": [999.0, 1110.0],
        }
    )
)


def test_profit_at_the_latest_cost_and_unknown_without_one():
    lines = profit_lines(
        sales(
            [
                (D1, "pos", 1, 1, 101, 2.0, 3000.0),
                (D2, "pos", 2, 2, 101, 1.0, 1500.0),
                (D2, "pos", 3, 3, 101, -1.0, -1500.0),  # a refund: cost comes back
                (D2, "invoice", 9, 4, 102, 3.0, 900.0),  # no cost known
                (D2, "pos", 4, 5, None, 1.0, 100.0),  # no product
            ]
        ),
        COSTS,
    ).sort("line_id")
    assert lines["unit_cost_tax_in"].to_list() == [999.0, 1110.0, 1110.0, None, None]
    # an unknown cost is not a zero cost: no cost, no profit (not 100% margin)
    assert lines["cogs_tax_in"].to_list() == [1998.0, 1110.0, -1110.0, None, None]
    assert lines["gross_profit"].to_list() == [1002.0, 390.0, -390.0, None, None]
    assert lines["cost_missing"].to_list() == [False, False, False, True, True]
    assert lines["cost_line_id"].to_list() == [11, 12, 12, None, None]


def test_transactions_count_a_pos_order_and_an_invoice_with_the_same_id_apart():
    lines = profit_lines(
        sales(
            [
                (D1, "pos", 5, 1, 101, 1.0, 10.0),
                (D1, "pos", 5, 2, 101, 1.0, 10.0),
                (D1, "invoice", 5, 3, 101, 1.0, 10.0),
            ]
        ),
        COSTS,
    )
    assert aggregates.daily(lines)["transactions"].to_list() == [2]
    assert aggregates.daily_by_product(lines)["lines"].to_list() == [3]


LINE = st.tuples(
    st.integers(0, 3),  # day
    st.sampled_from(["pos", "invoice"]),
    st.integers(1, 6),  # order
    st.integers(1, 3),  # company
    st.one_of(st.none(), st.integers(100, 103)),  # product (101 has a cost)
    st.floats(-5, 20, allow_nan=False),
    st.floats(-1e6, 1e7, allow_nan=False),
)


@settings(max_examples=50, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=60))
def test_gross_profit_and_aggregates_add_up(rows):
    frame = sales(
        [
            (D1 + timedelta(days=d), ch, o, i, p, q, r, c)
            for i, (d, ch, o, c, p, q, r) in enumerate(rows)
        ]
    )
    lines = profit_lines(frame, COSTS)
    assert lines.height == len(rows)
    for row in lines.iter_rows(named=True):
        assert row["cost_missing"] == (row["unit_cost_tax_in"] is None)
        if row["cost_missing"]:
            assert row["cogs_tax_in"] is None and row["gross_profit"] is None
        else:
            assert row["gross_profit"] == pytest.approx(row["revenue_tax_in"] - row["cogs_tax_in"])

    for by, table in (
        (("day", "company_id"), aggregates.daily(lines)),
        (("day", "company_id", "product_id"), aggregates.daily_by_product(lines)),
    ):
        expected: dict = defaultdict(lambda: defaultdict(float))
        orders: dict = defaultdict(set)
        for row in lines.iter_rows(named=True):
            key = tuple(row[k] for k in by)
            for m in ("revenue_tax_in", "quantity"):
                expected[key][m] += row[m]
            for m in ("cogs_tax_in", "gross_profit"):  # over the lines with a known cost
                if row[m] is not None:
                    expected[key][m] += row[m]
            expected[key]["lines"] += 1
            expected[key]["cost_missing_lines"] += row["cost_missing"]
            expected[key]["revenue_cost_missing"] += row["revenue_tax_in"] * row["cost_missing"]
            orders[key].add((row["channel"], row["order_id"]))
        assert table.height == len(expected)
        for row in table.iter_rows(named=True):
            want = expected[tuple(row[k] for k in by)]
            for m, value in want.items():
                assert row[m] == pytest.approx(value, rel=1e-9, abs=1e-6), m
            if row["cost_missing_lines"] == row["lines"]:  # no line with a cost: unknown
                assert row["gross_profit"] is None and row["cogs_tax_in"] is None
            assert row["transactions"] == len(orders[tuple(row[k] for k in by)])
