"""Missing taxes are unknown, not 1.0 (issue 14, 3b): when the taxes could not be read, profit
refuses to compute with a guessed multiplier and says why in one sentence; validate fails when
it compared nothing that it should have."""

from __future__ import annotations

from datetime import date

import pytest
from profit_lake import OVERRIDES, read_table

from nkdash_desktop.lake.layout import STAR
from nkdash_desktop.lake.schema import FACTS
from nkdash_desktop.pipeline.profit import plan_profit, rebuild_profit, update_profit
from nkdash_desktop.pipeline.profit.multipliers import MissingTaxesError, read_taxes
from nkdash_desktop.pipeline.profit.validate import validate_profit

D1 = date(2026, 1, 5)


def _lose_the_taxes(layout) -> None:
    """What a user without rights on account.tax, or a failed dimensions step, leaves."""
    layout.single_file(STAR, "dim_taxes").unlink()


def test_profit_refuses_to_guess_a_multiplier_and_says_why(shop):
    assert read_taxes(shop).height  # the shop's taxes were read...
    _lose_the_taxes(shop)  # ...and are gone
    for run in (
        lambda: rebuild_profit(shop, {}),
        lambda: plan_profit(shop, {}, rebuild=True),  # the dry run says so too
    ):
        with pytest.raises(MissingTaxesError) as refused:
            run()
        sentence = str(refused.value)
        assert sentence.startswith("Profit not computed: the taxes (account.tax) were never read")
        assert "Settings > Profit" in sentence and "\n" not in sentence
    assert not list(shop.layer(STAR).glob(f"{FACTS['agg_profit_daily'].name}/*/*.parquet"))


def test_overrides_for_every_tax_the_bills_use_are_enough(shop):
    taxes = read_taxes(shop)["tax_id"].to_list()
    _lose_the_taxes(shop)
    result = rebuild_profit(shop, dict.fromkeys(taxes, 1.11))
    assert result.rows["agg_profit_daily"] > 0


def test_an_update_refuses_for_the_days_whose_bills_lack_a_multiplier(shop):
    rebuild_profit(shop, OVERRIDES)
    _lose_the_taxes(shop)
    with pytest.raises(MissingTaxesError, match="Profit not computed"):
        update_profit(shop, {}, [D1], [])
    assert update_profit(shop, {}, [], [D1]).kind == "update"  # no bill re-priced: fine


def test_validate_fails_when_it_compared_no_multiplier(shop):
    rebuild_profit(shop, OVERRIDES)
    _lose_the_taxes(shop)
    report = validate_profit(shop, D1, {})  # no taxes and no overrides: nothing to compare
    assert not report.ok
    line = next(x for x in report.lines() if "tax multipliers" in x)
    assert line.startswith("FAIL tax multipliers vs lake (SQL): 0 compared where the lake holds")
    assert "bills use taxes without a multiplier" in line
    # a tax overridden, but not the one the bills use: that one is named
    used = read_table(shop, "fact_purchases")["tax_ids"].explode().drop_nulls().unique()
    other = max(used) + 1
    some = validate_profit(shop, D1, {other: 1.0})
    line = next(x for x in some.lines() if "tax multipliers" in x)
    assert line.startswith("FAIL tax multipliers") and "used by bills, no multiplier" in line
