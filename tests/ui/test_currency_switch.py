"""All companies in two currencies: the charts never add rupiah to dollars. The range bar's
currency switch (one shared choice) picks whose figures the Sales charts, the Overview's daily
chart, the Profit tab's margin per day and the Inventory's stock show; titles name it."""

from __future__ import annotations

import json

import pytest
from ui_support import LOAD_MS, evaluate, screenshot, show, wait_drawn

from nkdash_desktop.kpi.companies import of_currency
from nkdash_desktop.kpi.inventory import stock_on_hand
from nkdash_desktop.kpi.profit import margin_trend
from nkdash_desktop.kpi.sales import sales_by_payment_method, sales_heatmap
from nkdash_desktop.kpi.totals import daily_totals

HEAT_SUM = "document.getElementById('heatmap').data[0].z.flat().reduce((a, v) => a + (v || 0), 0)"
DONUT = (
    "JSON.stringify((p => [p.data[0].labels, p.data[0].values, p.layout.title.text])"
    "(document.getElementById('payments')))"
)
TITLE = "document.getElementById('heatmap').layout.title.text"


def of_company(window, fn, company: int, currency: str):
    """`fn`'s frame for one company (of that currency), as the engine gives it."""
    period = window.board.query.period
    with window.board.source.cursor() as con:
        return of_currency(fn(con, period.start, period.end, company), currency)


def shows_sales_of(qtbot, w, company: int, currency: str, note: str) -> None:
    """The Sales charts show exactly that company's figures, and their titles say whose."""
    heat = of_company(w, sales_heatmap, company, currency)["revenue"].sum()
    qtbot.waitUntil(
        lambda: evaluate(qtbot, w.sales.charts, HEAT_SUM) == pytest.approx(heat, rel=1e-9),
        timeout=LOAD_MS,
    )
    methods = of_company(w, sales_by_payment_method, company, currency)
    labels, values, title = json.loads(evaluate(qtbot, w.sales.charts, DONUT))
    assert labels == methods["payment_method"].to_list()
    # a donut has no negative slice: a method whose refunds outweigh its sales shows as 0
    shown = methods["revenue"].clip(lower_bound=0.0).to_list()
    assert values == pytest.approx(shown, rel=1e-12)
    assert f"({note})" in title
    assert f"({note})" in evaluate(qtbot, w.sales.charts, TITLE)


def test_the_charts_show_the_chosen_currency(qtbot, window):
    w = window
    assert w.board.query.company_id is None  # all companies: NK Mart (Rp), NK Mart Bali ($)
    show(qtbot, w, w.sales)
    assert w.range.currency_box.isVisible()
    buttons = w.range.currency_buttons.buttons()
    assert [b.text() for b in buttons] == ["Rp", "$"]
    assert buttons[0].isChecked()
    shows_sales_of(qtbot, w, 1, "IDR", "IDR")
    try:
        with qtbot.waitSignal(w.sales.rendered, timeout=LOAD_MS):
            buttons[1].click()
        assert w.board.query.currency == "USD"
        shows_sales_of(qtbot, w, 2, "USD", "USD")
        wait_drawn(qtbot, w.sales.charts)
        screenshot(w, "sales-usd")

        # the same choice holds on the other tabs
        show(qtbot, w, w.overview)
        period = w.board.query.period
        with w.board.source.cursor() as con:
            daily = daily_totals(con, period.start, period.end, 2)
        assert w.overview.chart.days == daily["day"].to_list()
        assert w.overview.chart.series[0].values == pytest.approx(daily["revenue"].to_list())
        assert w.overview.chart.readout.text().endswith("(USD)")
        screenshot(w, "overview-usd")
        show(qtbot, w, w.profit)
        trend = of_company(w, margin_trend, 2, "USD")
        assert w.profit.trend.series[0].values == pytest.approx(trend["margin"].to_list())
        assert w.profit.trend.readout.text() == "Margin per day (USD)"
        show(qtbot, w, w.inventory)
        stock = of_company(w, stock_on_hand, 2, "USD")
        assert w.inventory.table.frame_model.column_values("value") == pytest.approx(
            stock["value"].to_list()
        )
        assert "(USD)" in w.inventory.stock_chart.title
        screenshot(w, "inventory-usd")
        # the Purchases tab's cost trend follows the switch too (tests/ui/test_purchases.py)
        show(qtbot, w, w.purchases)
        assert w.range.currency_box.isVisible()
        assert w.purchases.trend.title == "Purchase price per unit (USD)"
    finally:
        show(qtbot, w, w.sales)
        with qtbot.waitSignal(w.sales.rendered, timeout=LOAD_MS):
            w.range.choose_currency("IDR")
    shows_sales_of(qtbot, w, 1, "IDR", "IDR")


def test_one_company_has_no_currency_switch(qtbot, window):
    w = window
    show(qtbot, w, w.sales)
    with qtbot.waitSignal(w.sales.rendered, timeout=LOAD_MS):
        w.range.company.setCurrentIndex(2)  # NK Mart Bali alone: dollars only
    assert not w.range.currency_box.isVisible()
    heat = of_company(w, sales_heatmap, 2, "USD")["revenue"].sum()
    qtbot.waitUntil(
        lambda: evaluate(qtbot, w.sales.charts, HEAT_SUM) == pytest.approx(heat, rel=1e-9),
        timeout=LOAD_MS,
    )
    title = evaluate(qtbot, w.sales.charts, TITLE)
    assert title == "Sales by hour and weekday (POS)"  # one currency: nothing added
