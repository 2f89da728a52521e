"""The Overview's cards and chart come first: the top products and the morning list are queried
only once the range's cards and chart are drawn, so a click's figures never share the two query
threads with them; a range replaced before its figures came never queries its top products."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from demo_lake import lake_range
from ui_support import LOAD_MS

from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.summary import currency_of, rows_of, summary
from nkdash_desktop.ui.tabs import overview as overview_module
from nkdash_desktop.ui.tabs.overview import daily_view, top_by_currency


def _revenue_text(window, period: Period) -> str:
    with window.board.source.cursor() as con:
        rows = rows_of(summary(con, period.start, period.end, None), "revenue")
    return "\n".join(fmt.money(r["current"], currency_of(r)) for r in rows)


@pytest.fixture
def watched(window, monkeypatch):
    """The window with every top-products query and every cards-and-chart drawing logged in
    order: ("top", period) when a query starts (in a worker), ("drawn", period, the revenue
    card's text, the chart's days) once the cards and chart of a range are set."""
    events: list[tuple] = []
    tab = window.overview

    def logged_top(con, q):
        events.append(("top", q.period))
        return top_by_currency(con, q)

    show_daily = tab._show_daily

    def logged_show_daily(view, query, missing) -> None:
        show_daily(view, query, missing)
        card = tab.cards.cards["revenue"].value.text()
        events.append(("drawn", query.period, card, list(tab.chart.days)))

    monkeypatch.setattr(overview_module, "top_by_currency", logged_top)
    monkeypatch.setattr(tab, "_show_daily", logged_show_daily)
    yield window, events
    monkeypatch.undo()  # the shared window's Overview back to its own methods


def test_the_cards_and_chart_are_drawn_before_the_top_products_are_queried(
    qtbot, watched, monkeypatch
):
    window, events = watched
    first, _ = lake_range()
    period = Period(first + timedelta(days=2), first + timedelta(days=20))
    # the cards' query is held until nothing else of the click runs or the top products start
    # beside it: a top-products query started with the click would log itself first
    gate = threading.Event()

    def held_daily_view(con, q, timezone):
        gate.wait(LOAD_MS / 1000)
        return daily_view(con, q, timezone)

    monkeypatch.setattr(overview_module, "daily_view", held_daily_view)
    pool = window.board.pools.queries
    with qtbot.waitSignal(window.overview.rendered, timeout=LOAD_MS):
        window.range.set_period(period)
        qtbot.waitUntil(lambda: bool(events) or pool.activeThreadCount() == 1, timeout=LOAD_MS)
        gate.set()
    assert [e[:2] for e in events] == [("drawn", period), ("top", period)]
    _, _, card, days = events[0]
    # drawn means the range's own figures, in the widgets, before the top products started
    assert card == _revenue_text(window, period)
    assert days[0] >= period.start and days[-1] <= period.end
    # and the top products then shown are the range's, not an older one's
    assert _top_shown(window) == pytest.approx(_top_revenue(window))


def test_a_range_replaced_before_its_figures_came_never_queries_its_top_products(qtbot, watched):
    window, events = watched
    first, _ = lake_range()
    replaced = Period(first + timedelta(days=1), first + timedelta(days=30))
    chosen = Period(first + timedelta(days=4), first + timedelta(days=9))
    with qtbot.waitSignal(window.overview.rendered, timeout=LOAD_MS):
        # two clicks in one turn of the event loop: the first range's queries are under way
        # when the second comes
        window.range.set_period(replaced)
        window.range.set_period(chosen)
    assert [e[:2] for e in events] == [("drawn", chosen), ("top", chosen)]
    assert window.overview.cards.cards["revenue"].value.text() == _revenue_text(window, chosen)
    assert _top_shown(window) == pytest.approx(_top_revenue(window))


def _top_shown(window) -> list[float]:
    return window.overview.top.frame_model.column_values("revenue")


def _top_revenue(window) -> list[float]:
    """The range's top products from the KPI function itself (not the logged one)."""
    with window.board.source.cursor() as con:
        return top_by_currency(con, window.board.query)["revenue"].to_list()
