"""Changing the range and the company updates every tab; empty ranges; hover; theme."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from demo_lake import lake_range
from PySide6.QtCore import QPointF
from ui_support import LOAD_MS, by_currency, evaluate, panels, query, screenshot, show, wait_drawn

from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.companies import of_currency
from nkdash_desktop.kpi.format import Currency
from nkdash_desktop.kpi.inventory import moves_per_day
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.profit import profit_by_product
from nkdash_desktop.kpi.purchases import spend_by_vendor
from nkdash_desktop.kpi.sales import sales_heatmap
from nkdash_desktop.kpi.summary import currency_of, rows_of, summary
from nkdash_desktop.ui.runtime.theme import DARK, LIGHT
from nkdash_desktop.ui.widgets.charts import day_seconds

HEAT_SUM = "document.getElementById('heatmap').data[0].z.flat().reduce((a, v) => a + (v || 0), 0)"


def revenue_card(window) -> str:
    return window.overview.cards.cards["revenue"].value.text()


def test_a_new_range_reaches_every_tab(qtbot, window):
    first, _ = lake_range()
    period = Period(first + timedelta(days=3), first + timedelta(days=12))
    w = window
    for tab in w.all_tabs[1:5]:  # draw the old range everywhere first
        show(qtbot, w, tab)
    show(qtbot, w, w.overview)
    with qtbot.waitSignal(w.overview.rendered, timeout=LOAD_MS):
        w.range.set_period(period)
    assert w.range.preset_name == "custom"
    assert (w.range.start_edit.date().toPython(), w.range.end_edit.date().toPython()) == (
        period.start,
        period.end,
    )
    # all companies: rupiah and dollars on a line each, never added
    revenue = rows_of(query(w, summary), "revenue")
    assert [r["currency"] for r in revenue] == ["IDR", "USD"]
    assert revenue_card(w) == "\n".join(fmt.money(r["current"], currency_of(r)) for r in revenue)
    assert revenue_card(w).startswith("Rp ") and "\n$ " in revenue_card(w)
    assert w.overview.chart.days[0] >= period.start and w.overview.chart.days[-1] <= period.end
    assert all(t.stale for t in (w.sales, w.profit, w.purchases, w.inventory))

    show(qtbot, w, w.sales)
    # the charts show the first currency's companies (NK Mart, rupiah) until another is chosen
    expected = of_currency(query(w, sales_heatmap), "IDR")["revenue"].sum()
    qtbot.waitUntil(
        lambda: evaluate(qtbot, w.sales.charts, HEAT_SUM) == pytest.approx(expected),
        timeout=LOAD_MS,
    )
    show(qtbot, w, w.profit)
    assert w.profit.table.frame_model.column_values("gross_profit") == pytest.approx(
        query(w, by_currency, profit_by_product)["gross_profit"].to_list()
    )
    show(qtbot, w, w.purchases)
    assert w.purchases.table.frame_model.column_values("spend") == pytest.approx(
        query(w, by_currency, spend_by_vendor)["spend"].to_list()
    )
    show(qtbot, w, w.inventory)
    assert w.inventory.moves.days == query(w, moves_per_day)["day"].to_list()


def test_presets_set_the_dates(qtbot, window):
    w = window
    with qtbot.waitSignal(w.overview.rendered, timeout=LOAD_MS):
        w.range.presets.setCurrentIndex(w.range.presets.findData("yesterday"))
    _, yesterday = lake_range()
    assert w.board.query.period == Period(yesterday, yesterday)
    assert w.range.start_edit.date().toPython() == yesterday
    # typing a date: applied once the operator pauses
    with qtbot.waitSignal(w.overview.rendered, timeout=LOAD_MS):
        w.range.start_edit.setDate(yesterday - timedelta(days=4))
    assert w.board.query.period == Period(yesterday - timedelta(days=4), yesterday)
    assert w.range.preset_name == "custom"


def test_an_empty_range_shows_a_message_not_bare_axes(qtbot, window):
    w = window
    with qtbot.waitSignal(w.overview.rendered, timeout=LOAD_MS):
        w.range.set_period(Period(date(2001, 1, 1), date(2001, 1, 31)))
    assert w.overview.chart.stack.is_empty
    assert "No sales" in w.overview.chart.stack.message.text()
    assert w.overview.top_stack.is_empty
    assert revenue_card(w) == "Rp 0\n$ 0.00"
    show(qtbot, w, w.sales)
    found = panels(qtbot, w.sales.charts, lambda p: all(isinstance(v, str) for v in p.values()))
    assert found["heatmap"] == "No POS sales in this range."
    assert found["categories"] == "No sales in this range."
    screenshot(w, "sales-empty-range")
    show(qtbot, w, w.profit)
    assert w.profit.table_stack.is_empty
    assert "No cost data yet" in w.profit.table_stack.message.text()
    show(qtbot, w, w.purchases)
    assert w.purchases.table_stack.is_empty
    # the cost trend still shows the chosen product's history, the empty range shaded on it
    assert not w.purchases.trend.stack.is_empty and w.purchases.trend.shaded.isVisible()
    assert w.purchases.product.currentText().endswith("(not bought in this range)")
    show(qtbot, w, w.inventory)
    assert w.inventory.moves.stack.is_empty


def test_hovering_the_daily_chart_reads_out_the_day(qtbot, window):
    chart = window.overview.chart
    qtbot.waitUntil(lambda: chart.isVisible() and len(chart.days) == 7, timeout=LOAD_MS)
    index = 3
    vb = chart.plot.plotItem.vb
    y = vb.viewRange()[1][1] / 2
    scene_pos = vb.mapViewToScene(QPointF(day_seconds(chart.days[index]), y))
    with qtbot.waitSignal(chart.hovered, timeout=2000) as hovered:
        chart.plot.scene().sigMouseMoved.emit(scene_pos)
    revenue = next(s for s in chart.series if s.name == "Revenue (IDR)").values[index]
    text = hovered.args[0]
    assert text.startswith(f"{chart.days[index]:%a %d %b %Y}")
    assert f"Revenue (IDR) {fmt.money(revenue, 'Rp')}" in text  # the chart's currency
    assert chart.readout.text() == text and chart.cursor.isVisible()


def test_the_company_selector(qtbot, window):
    w = window
    assert w.range.company.isVisible()  # the demo has two companies
    assert [w.range.company.itemText(i) for i in range(w.range.company.count())] == [
        "All companies",
        "NK Mart",
        "NK Mart Bali",
    ]
    with qtbot.waitSignal(w.overview.rendered, timeout=LOAD_MS):
        w.range.company.setCurrentIndex(2)
    assert w.board.query.company_id == 2
    figures = {r["metric"]: r for r in query(w, summary).to_dicts()}
    assert revenue_card(w) == fmt.money(figures["revenue"]["current"], Currency("USD", "$"))
    with w.board.source.cursor() as con:
        everyone = summary(con, w.board.query.period.start, w.board.query.period.end)
    dollars = next(r for r in rows_of(everyone, "revenue") if r["currency"] == "USD")
    assert figures["revenue"]["current"] == dollars["current"]


def test_dark_theme(qtbot, window):
    w = window
    try:
        w.set_theme("dark")
        assert w.overview.chart.plot.backgroundBrush().color().name() == DARK.surface
        show(qtbot, w, w.overview)
        screenshot(w, "overview-dark")
        show(qtbot, w, w.sales)
        qtbot.waitUntil(lambda: w.sales.charts.ready, timeout=LOAD_MS)
        background = evaluate(
            qtbot, w.sales.charts, "getComputedStyle(document.body).backgroundColor"
        )
        assert background == "rgb(31, 41, 55)"  # DARK.surface
        paper = "JSON.stringify(document.getElementById('cashiers')._fullLayout.paper_bgcolor)"
        qtbot.waitUntil(
            lambda: json.loads(evaluate(qtbot, w.sales.charts, paper)) == DARK.surface,
            timeout=LOAD_MS,
        )
        wait_drawn(qtbot, w.sales.charts)
        screenshot(w, "sales-dark")
    finally:
        w.set_theme("light")
    assert w.overview.chart.plot.backgroundBrush().color().name() == LIGHT.surface
