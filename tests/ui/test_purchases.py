"""The Purchases tab's cost trend: every product with a cost history to choose from, its whole
history drawn with the range shaded, and a product bought once drawn as a marker on a day axis
(not an empty chart with times of day). With all companies in two currencies, the trend shows the
range bar's currency's companies only: rupiah and dollar prices never share an axis."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from demo_lake import lake_range
from ui_support import LOAD_MS, screenshot, show

from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.purchases import cost_trend
from nkdash_desktop.ui.tabs.purchases import per_day
from nkdash_desktop.ui.widgets.charts import DAY_S, day_seconds


def test_the_cost_trend_of_every_product_over_its_whole_history(qtbot, window):
    w = window
    _, last = lake_range()
    with qtbot.waitSignal(w.overview.rendered, timeout=LOAD_MS):
        w.range.set_period(Period(last, last))  # one day: few products bought in it
    show(qtbot, w, w.purchases)
    tab = w.purchases
    with w.board.source.cursor() as con:
        bought = con.sql(
            "SELECT product_id, count(*) AS bills, min(day) AS first, max(day) AS last"
            " FROM fact_purchases WHERE NOT is_bonus AND NOT is_refund GROUP BY product_id"
        ).pl()
    chooser = tab._product_ids
    assert tab.product.count() == len(chooser)
    assert sorted(chooser) == sorted(bought["product_id"].to_list())  # every one, any day

    once = bought.filter(pl.col("first") == pl.col("last")).sort("product_id")
    assert once.height, "the demo has products bought on a single day"
    product = once["product_id"][0]
    with qtbot.waitSignal(tab.trend_rendered, timeout=LOAD_MS):
        tab.product.setCurrentIndex(tab._product_ids.index(product))
        tab.product.activated.emit(tab.product.currentIndex())
    chart = tab.trend
    assert not chart.stack.is_empty
    line = chart._items[("Net unit price", "line")]
    xs, _ = line.getData()
    assert list(xs) == [day_seconds(once["first"][0])] and line.opts["symbol"] == "o"
    low, high = chart.shaded.getRegion()
    assert (low, high) == (day_seconds(last) - DAY_S / 2, day_seconds(last) + DAY_S / 2)
    axis = chart.plot.getAxis("bottom")
    view = chart.plot.viewRange()[0]
    ticks = [v for _, level in axis.tickValues(*view, axis.geometry().width()) for v in level]
    assert ticks and all(v % DAY_S == 0 for v in ticks)  # days, never times of day
    screenshot(w, "purchases-one-bill")

    several = bought.filter(pl.col("bills") > 2).sort("product_id")["product_id"][0]
    with qtbot.waitSignal(tab.trend_rendered, timeout=LOAD_MS):
        tab.product.setCurrentIndex(tab._product_ids.index(several))
        tab.product.activated.emit(tab.product.currentIndex())
    days = chart.days
    history = bought.filter(pl.col("product_id") == several).row(0, named=True)
    assert days[0] == history["first"] and days[-1] == history["last"]  # the whole history
    assert days[0] < last  # bills older than the one-day range
    screenshot(w, "purchases-history")


def test_the_cost_trend_never_draws_two_currencies_on_one_axis(qtbot, window):
    w = window
    assert w.board.query.company_id is None  # all companies: NK Mart (Rp), NK Mart Bali ($)
    show(qtbot, w, w.purchases)
    tab = w.purchases
    assert w.range.currency_box.isVisible()  # the trend follows the range bar's currency
    with w.board.source.cursor() as con:
        bought = con.sql(
            "SELECT company_id, product_id FROM fact_purchases"
            " WHERE NOT is_bonus AND NOT is_refund GROUP BY ALL"
        ).pl()
    by_company = {c: set(bought.filter(pl.col("company_id") == c)["product_id"]) for c in (1, 2)}
    both = sorted(by_company[1] & by_company[2])
    assert both, "the demo's companies buy some of the same products"

    def shows(currency: str, company: int) -> None:
        """The chooser lists the company's products, the chart its own prices of one bought
        by both companies, in its currency, and says whose."""
        assert set(tab._product_ids) == by_company[company]
        with qtbot.waitSignal(tab.trend_rendered, timeout=LOAD_MS):
            tab.product.setCurrentIndex(tab._product_ids.index(both[0]))
            tab.product.activated.emit(tab.product.currentIndex())
        with w.board.source.cursor() as con:
            own = per_day(cost_trend(con, both[0], date.min, date.max, company))
        chart = tab.trend
        assert chart.days == own["day"].to_list()
        assert chart.series[0].values == pytest.approx(own["net_unit_price"].to_list())
        assert chart.symbol.code == currency
        assert chart.title == f"Purchase price per unit ({currency})"

    assert w.board.query.currency in (None, "IDR")
    shows("IDR", 1)
    screenshot(w, "purchases-idr")
    try:
        with qtbot.waitSignal(tab.rendered, timeout=LOAD_MS):
            w.range.choose_currency("USD")
        shows("USD", 2)
        screenshot(w, "purchases-usd")
    finally:
        with qtbot.waitSignal(tab.rendered, timeout=LOAD_MS):
            w.range.choose_currency("IDR")
