"""While a history loads (newest days first) the screens never show a day not loaded yet as a
fact: the cards show the unknown mark for a range (or a comparison) still to load, the daily
chart leaves those days out, and "Needs attention" waits for the history instead of reporting
the load itself. Once the history is in, the same screens show the normal figures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from demo_lake import lake_range
from test_runs import RUN_MS, slowed_first_sync
from ui_support import LOAD_MS, panels, screenshot, show

from nkdash_desktop.kpi.format import NO_VALUE
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.ui.dialogs.first_sync import FirstSync
from nkdash_desktop.ui.runtime.translation import install_translators, translate
from nkdash_desktop.ui.tabs.base import NOT_LOADED
from nkdash_desktop.ui.widgets.cards import CHANGE_NOT_LOADED
from nkdash_desktop.ui.widgets.history_banner import NotLoaded

WAITING = "History still loading: what needs attention is checked once it is in."


def card_texts(window) -> dict[str, tuple[str, str]]:
    """Each card's figure and change as shown."""
    return {k: (c.value.text(), c.change.text()) for k, c in window.overview.cards.cards.items()}


def redraw(qtbot, window, period: Period) -> None:
    with qtbot.waitSignal(window.overview.rendered, timeout=LOAD_MS):
        window.range.set_period(period)


@pytest.fixture
def loading(window):
    """The shared window as it is while a history load still misses some days: `loading(first,
    until)` (the banner's own answer, NotLoaded, stands in for a run's progress)."""
    board = window.board

    def miss(first, until) -> None:
        board.not_loaded = lambda: NotLoaded(first, until)
        board.loading_history = lambda: True

    yield miss
    board.not_loaded = window.history.not_loaded
    board.loading_history = window.history.loading
    for tab in window.all_tabs:
        tab.stale = True
    window.range.set_preset("last_7_days")


def test_days_not_loaded_are_unknown_not_zero(qtbot, window, loading):
    first, yesterday = lake_range()
    week = Period(yesterday - timedelta(days=6), yesterday)
    before = week.comparison()
    loading(first, week.start - timedelta(days=1))  # the week is in, the week before is not
    redraw(qtbot, window, week)
    cards = card_texts(window)
    assert cards["revenue"][0].startswith("Rp ") and cards["revenue"][0] != "Rp 0"
    # against a period still loading: no change at all (never -100 % against a zero)
    assert {change for _, change in cards.values()} == {NO_VALUE}
    assert window.overview.cards.cards["revenue"].change.toolTip() == CHANGE_NOT_LOADED
    assert window.overview.cards.caption.text() == "Changes: unknown until the history is loaded"
    assert window.overview.chart.days and window.overview.chart.days[0] >= week.start
    assert window.overview.attention.lines == []
    assert window.overview.attention.quiet.text() == WAITING

    redraw(qtbot, window, before)  # wholly in the days still to load: unknown, not Rp 0
    cards = card_texts(window)
    assert cards == {key: (NO_VALUE, NO_VALUE) for key in cards}
    assert {c.note.text() for c in window.overview.cards.cards.values()} == {
        "its days are still loading"
    }
    assert window.overview.chart.days == []  # nothing drawn, and no "no sales" either
    assert window.overview.chart.stack.message.text() == NOT_LOADED
    assert window.overview.top_stack.message.text() == NOT_LOADED
    show(qtbot, window, window.sales)  # the Sales charts neither: not "no sales"
    found = panels(
        qtbot, window.sales.charts, lambda p: all(isinstance(v, str) for v in p.values())
    )
    assert set(found.values()) == {NOT_LOADED}, found
    window.tabs.setCurrentWidget(window.overview)

    # days Odoo has no data of, still to load: the tables and charts say they are loading, not
    # that nothing was bought or moved
    loading(first - timedelta(days=60), first - timedelta(days=1))
    window.range.set_period(Period(first - timedelta(days=20), first - timedelta(days=10)))
    show(qtbot, window, window.purchases)
    assert window.purchases.table_stack.message.text() == NOT_LOADED
    show(qtbot, window, window.inventory)
    assert window.inventory.moves.stack.message.text() == NOT_LOADED
    window.tabs.setCurrentWidget(window.overview)

    # a range partly loaded: the loaded days' figures (the banner says from which day), drawn
    # only for those days; its comparison still loading, so no change
    loading(first, yesterday - timedelta(days=3))
    redraw(qtbot, window, week)
    assert card_texts(window)["revenue"][0] not in (NO_VALUE, "Rp 0")
    assert card_texts(window)["revenue"][1] == NO_VALUE
    assert window.overview.chart.days == [yesterday - timedelta(days=d) for d in (2, 1, 0)]


@pytest.fixture(params=["en", "id"])
def speaking(request, qapp, language):
    """The app in English, then in Bahasa Indonesia (words and formats), for windows built
    meanwhile; English again after."""
    language(request.param)
    install_translators(qapp)
    yield request.param
    language("en")
    install_translators(qapp)


def test_first_sync_shows_no_guess_until_the_history_is_in(qtbot, tmp_path, speaking):
    """The demo's first sync, slowed after its first month: the newest days show their
    figures at once, the oldest days are unknown (not Rp 0) and the attention list waits;
    once the run ends, the same range shows its figures and the list its findings. In both
    languages, light and dark."""
    code = speaking
    root = tmp_path / "demo-lake"
    window, srv, first, yesterday = slowed_first_sync(qtbot, root, 400)
    oldest = Period(first, first + timedelta(days=6))
    try:
        FirstSync(window, first, yesterday).start()
        qtbot.waitUntil(lambda: window.history.range_note() == "", timeout=RUN_MS)
        qtbot.waitUntil(lambda: not window.overview.loading and not window.overview.stale,
                        timeout=LOAD_MS)  # fmt: skip
        qtbot.waitUntil(lambda: card_texts(window)["revenue"][0] != NO_VALUE, timeout=LOAD_MS)
        assert window.engine.running
        assert window.overview.attention.lines == []
        assert window.overview.attention.quiet.text() == translate("AttentionPanel", WAITING)
        redraw(qtbot, window, oldest)
        assert window.engine.running and window.history.not_loaded().covers(
            oldest.start, oldest.end
        )
        cards = card_texts(window)
        assert cards == {key: (NO_VALUE, NO_VALUE) for key in cards}, cards
        assert window.overview.chart.days == []
        assert window.overview.attention.lines == []
        qtbot.wait(200)  # the cards' layout settles (the figures were two lines a moment ago)
        screenshot(window, f"history-unknown-light-{code}")
        window.set_theme("dark")
        qtbot.waitUntil(lambda: not window.overview.loading, timeout=LOAD_MS)
        screenshot(window, f"history-unknown-dark-{code}")
        window.set_theme("light")
    finally:
        srv.faults.latency_ms = 0
    qtbot.waitUntil(lambda: not window.engine.running, timeout=RUN_MS)
    panel = window.overview.attention
    # the list waits until the run has ended (its profit stage too), then checks the lake
    qtbot.waitUntil(lambda: panel.quiet.text() != translate("AttentionPanel", WAITING),
                    timeout=LOAD_MS)  # fmt: skip
    qtbot.waitUntil(lambda: not window.overview.loading, timeout=LOAD_MS)
    cards = card_texts(window)
    assert cards["revenue"][0].startswith("Rp ") and cards["revenue"][0] != "Rp 0"
    assert window.overview.chart.days and window.overview.chart.days[0] >= oldest.start
    assert not any(f.rule == "data" and f.fires for f in panel.findings), [
        f.line for f in panel.findings if f.fires
    ]
    screenshot(window, f"history-loaded-{code}")
