"""The Purchases tab's cost trend: every product with a cost history to choose from, its whole
history drawn with the range shaded, and a product bought once drawn as a marker on a day axis
(not an empty chart with times of day)."""

from __future__ import annotations

import polars as pl
from demo_lake import lake_range
from ui_support import LOAD_MS, screenshot, show

from nkdash_desktop.kpi.periods import Period
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
