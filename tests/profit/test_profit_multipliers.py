"""Tax multipliers: the rules, the original deployment's overrides, combining several taxes,
and the SQL recomputation agreeing with them."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from profit_lake import DEMO_TAXES, OVERRIDES, taxes_frame

from nkdash_desktop.pipeline.profit import recompute_sql
from nkdash_desktop.pipeline.profit.multipliers import (
    line_multiplier,
    multiplier_table,
    tax_multipliers,
    with_line_multiplier,
)

TAXES = taxes_frame()


def test_the_original_deployments_overrides():
    table = tax_multipliers(TAXES, OVERRIDES)
    assert table[5] == 1.0 and table[2] == 1.0
    assert table[7] == pytest.approx(1.11) and table[6] == pytest.approx(1.11)


def test_multipliers_from_the_taxes_themselves():
    table = tax_multipliers(TAXES, {})
    assert table == pytest.approx(
        {
            1: 1.11,  # percent, excluded
            2: 1.0,  # included in the price
            3: 1.0,  # 0%
            4: 1.12,
            5: 1.0,  # included
            6: 1.11,
            7: 1.115,  # group: 6 and 8 combined
            8: 1.005,
            9: 1.0,
        }
    )


def test_table_explains_each_multiplier():
    table = multiplier_table(TAXES, OVERRIDES).filter(pl.col("tax_id").is_in([5, 6, 7, 8]))
    rows = {r["tax_id"]: r for r in table.iter_rows(named=True)}
    assert rows[7]["natural_multiplier"] == pytest.approx(1.115)
    assert rows[7]["override"] == 1.11 and rows[7]["rule"] == "override in Settings"
    assert rows[5]["rule"] == "included in the price" or rows[5]["override"] == 1.0
    assert rows[8]["override"] is None and rows[8]["rule"] == "percent, excluded from the price"


def test_unknown_tax_and_no_tax_default_to_one():
    table = tax_multipliers(TAXES, OVERRIDES)
    assert line_multiplier([], table) == 1.0
    assert line_multiplier([999], table) == 1.0
    assert tax_multipliers(taxes_frame([]), {}) == {}


def test_an_override_for_a_tax_the_lake_does_not_know_still_applies():
    assert tax_multipliers(TAXES, {42: 1.2})[42] == 1.2


def test_several_taxes_on_a_line_add_their_rates():
    table = tax_multipliers(TAXES, {})
    assert line_multiplier([6, 8], table) == pytest.approx(1.115)
    assert line_multiplier([5, 8], table) == pytest.approx(1.005)  # included + excluded
    assert line_multiplier([7], table) == pytest.approx(line_multiplier([6, 8], table))


def test_a_childs_override_applies_inside_its_group():
    assert tax_multipliers(TAXES, {6: 1.1})[7] == pytest.approx(1.105)
    assert tax_multipliers(TAXES, {6: 1.1, 7: 1.2})[7] == 1.2  # the group's own wins


def test_division_fixed_and_nested_kinds():
    taxes = taxes_frame(
        [
            (20, "Division 10%", 10.0, "division", "purchase", False, []),
            (21, "Fixed 500", 500.0, "fixed", "purchase", False, []),
            (22, "Division 100%", 100.0, "division", "purchase", False, []),
            (23, "Loop", 0.0, "group", "purchase", False, [23]),
        ]
    )
    table = tax_multipliers(taxes, {})
    assert table[20] == pytest.approx(1 / 0.9)
    assert table[21] == 1.0 and table[22] == 1.0 and table[23] == 1.0


def test_vectorised_lines_match_the_rule():
    table = tax_multipliers(TAXES, OVERRIDES)
    lists = [[], [5], [6], [7], [6, 8], [9], [999], [5, 6, 8]]
    lines = pl.DataFrame({"tax_ids": lists}, schema={"tax_ids": pl.List(pl.Int64)})
    got = with_line_multiplier(lines, table)["tax_multiplier"].to_list()
    assert got == pytest.approx([line_multiplier(t, table) for t in lists])


def _sql_table(taxes: pl.DataFrame, overrides: dict[int, float]) -> dict[int, float]:
    con = duckdb.connect()
    con.register("dim_taxes", taxes.to_arrow())
    frame = recompute_sql.multipliers(con, overrides)
    return dict(zip(frame["tax_id"].to_list(), frame["multiplier"].to_list(), strict=True))


TAX_IDS = st.sampled_from([t[0] for t in DEMO_TAXES] + [50])


@settings(max_examples=40, deadline=None)
@given(
    overrides=st.dictionaries(TAX_IDS, st.floats(0.5, 2.0), max_size=4),
    included=st.sets(st.integers(1, 9)),
)
def test_sql_recomputation_agrees_with_the_rules(overrides, included):
    taxes = [(*t[:5], t[0] in included, t[6]) for t in DEMO_TAXES]
    frame = taxes_frame(taxes)
    assert _sql_table(frame, overrides) == pytest.approx(tax_multipliers(frame, overrides))
