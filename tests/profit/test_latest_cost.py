"""The latest known cost: the most recent event of the same company on or before a day, never a
later one and never another company's, with a deterministic rule for several events on one
day."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from nkdash_desktop.lake.months import by_month
from nkdash_desktop.pipeline.profit.latest_cost import (
    costs_on,
    day_costs,
    every_product,
    grid_rows,
    month_slices,
)

START = date(2026, 1, 1)


def events(rows: list[tuple]) -> pl.DataFrame:
    """(day offset, product, move, line, cost[, company]) -> cost event rows (the columns used
    here); company 1 unless given."""
    return pl.DataFrame(
        [
            {
                "day": START + timedelta(days=r[0]),
                "company_id": r[5] if len(r) > 5 else 1,
                "product_id": r[1],
                "move_id": r[2],
                "line_id": r[3],
                "tax_multiplier": 1.0,
                "unit_cost_tax_in": r[4],
            }
            for r in rows
        ]
    )


def keys(rows: list[tuple]) -> pl.DataFrame:
    """(day offset, product[, company]) -> lookup keys; company 1 unless given."""
    return pl.DataFrame(
        {
            "day": [START + timedelta(days=r[0]) for r in rows],
            "company_id": [r[2] if len(r) > 2 else 1 for r in rows],
            "product_id": [r[1] for r in rows],
        },
        schema={"day": pl.Date, "company_id": pl.Int64, "product_id": pl.Int64},
    )


def pairs(products: list[int], companies: tuple[int, ...] = (1,)) -> pl.DataFrame:
    return pl.DataFrame(
        [(c, p) for p in products for c in companies],
        schema={"company_id": pl.Int64, "product_id": pl.Int64},
        orient="row",
    )


def test_same_day_the_last_bills_last_line_wins():
    costs = day_costs(
        events(
            [
                (0, 1, 7, 70, 10.0),
                (0, 1, 9, 71, 12.0),
                (0, 1, 9, 95, 11.0),
                (0, 2, 9, 96, 5.0),
                (0, 2, 8, 99, 6.0),
            ]
        )
    )
    assert costs.sort("product_id")["unit_cost_tax_in"].to_list() == [11.0, 5.0]
    assert costs.sort("product_id")["cost_line_id"].to_list() == [95, 96]


def test_the_cost_on_a_day_is_the_latest_before_or_on_it():
    costs = day_costs(events([(2, 1, 1, 1, 10.0), (5, 1, 2, 2, 20.0)]))
    found = costs_on(keys([(1, 1), (2, 1), (3, 2), (4, 1), (5, 1), (30, 1)]), costs)
    assert found["unit_cost_tax_in"].to_list() == [None, 10.0, None, 10.0, 20.0, 20.0]
    assert found["cost_day"].to_list()[3] == START + timedelta(days=2)


def test_the_grid_has_a_row_from_a_products_first_cost_on():
    costs = day_costs(events([(1, 1, 1, 1, 10.0), (2, 2, 2, 2, 20.0)]))
    days = [START + timedelta(days=d) for d in range(4)]
    grid = grid_rows(costs_on(every_product(days, pairs([1, 2, 3])), costs))
    assert grid.select("day", "product_id").rows() == [
        (days[1], 1),
        (days[2], 1),
        (days[2], 2),
        (days[3], 1),
        (days[3], 2),
    ]


def test_a_company_is_never_priced_by_another_companys_bill():
    # the same product bought by both companies, in their own currencies (IDR and USD)
    costs = day_costs(events([(1, 7, 1, 1, 17_427.0, 1), (2, 7, 2, 2, 1.05, 2)]))
    found = costs_on(keys([(1, 7, 2), (2, 7, 1), (3, 7, 2), (3, 7, 1)]), costs)
    assert found["unit_cost_tax_in"].to_list() == [None, 17_427.0, 1.05, 17_427.0]
    assert found["cost_line_id"].to_list() == [None, 1, 2, 1]


EVENT = st.tuples(
    st.integers(0, 70),  # day offset: three months
    st.integers(1, 4),  # product
    st.integers(1, 30),  # move
    st.integers(1, 500),  # line
    st.floats(1, 1000, allow_nan=False),
    st.integers(1, 2),  # company
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(EVENT, max_size=40, unique_by=lambda e: e[3]),
    st.lists(
        st.tuples(st.integers(0, 80), st.integers(1, 5), st.integers(1, 2)), min_size=1, max_size=40
    ),
)
def test_a_cost_never_comes_from_the_future(rows, wanted):
    costs = day_costs(events(rows)) if rows else day_costs(events([(0, 9, 1, 1, 1.0)]))
    found = costs_on(keys(wanted), costs)
    for row in found.iter_rows(named=True):
        earlier = [
            e
            for e in rows
            if e[1] == row["product_id"]
            and e[5] == row["company_id"]
            and START + timedelta(days=e[0]) <= row["day"]
        ]
        if not earlier:
            assert row["unit_cost_tax_in"] is None
            continue
        assert row["cost_day"] <= row["day"]
        latest = max(earlier, key=lambda e: (e[0], e[2], e[3]))  # day, then move, then line
        assert row["cost_line_id"] == latest[3]
        assert row["unit_cost_tax_in"] == latest[4]


@settings(max_examples=30, deadline=None)
@given(st.lists(EVENT, min_size=1, max_size=40, unique_by=lambda e: e[3]))
def test_month_slices_answer_like_all_costs(rows):
    costs = day_costs(events(rows))
    days = [START + timedelta(days=d) for d in range(95)]
    everything = costs_on(every_product(days, pairs([1, 2, 3, 4], (1, 2))), costs)
    per_month = {
        m: c.filter(pl.col("day").dt.month_start() == m)
        for m, c in ((m, costs) for m in by_month(days))
    }
    slices = month_slices(per_month)
    pieces = [
        costs_on(every_product(ds, pairs([1, 2, 3, 4], (1, 2))), slices[m])
        for m, ds in by_month(days).items()
    ]
    assert pl.concat(pieces).equals(everything)
