"""What the operator's clicks run on the UI thread: no polars query.

Each polars query hands the interpreter lock to the workers (and may wait for polars' threads)
and must win it back before the event loop goes on. During a sync the watchdog's sampled stacks
showed the UI thread asleep there, in `collect` under `currency_groups` at every tab switch,
for 60-180 ms while the threads it waited for queued for a CPU. A tab switch or range change
reads the companies' currencies as plain Python instead (a handful of rows)."""

from __future__ import annotations

import sys
from types import FrameType
from typing import Any

from nkdash_desktop.kpi.periods import PRESETS

QUERY_ENTRIES = {"collect", "_collect_eager"}  # where every polars query (lazy or eager) runs


def polars_queries(action) -> list[str]:
    """The polars queries `action()` runs on this thread, each named by its caller's frame."""
    seen: list[str] = []

    def watch(frame: FrameType, event: str, _: Any) -> None:
        code = frame.f_code
        if event == "call" and code.co_name in QUERY_ENTRIES and "polars" in code.co_filename:
            caller = frame.f_back
            while caller is not None and "polars" in caller.f_code.co_filename:
                caller = caller.f_back
            seen.append(f"{caller.f_code.co_filename}:{caller.f_lineno}" if caller else "?")

    sys.setprofile(watch)
    try:
        action()
    finally:
        sys.setprofile(None)
    return seen


def test_a_tab_switch_runs_no_polars_query_on_the_ui_thread(qtbot, window):
    for tab in [*window.all_tabs, window.overview]:
        for other in window.all_tabs:
            other.stale = True  # each switch reloads, as after a range change
        assert polars_queries(lambda tab=tab: window.tabs.setCurrentWidget(tab)) == []
    qtbot.waitUntil(lambda: not window.overview.loading, timeout=30_000)


def test_a_range_change_runs_no_polars_query_on_the_ui_thread(qtbot, window):
    window.tabs.setCurrentWidget(window.sales)  # its charts follow the currency switch
    for name in ("yesterday", "month_to_date", "last_7_days"):
        assert name in PRESETS
        assert polars_queries(lambda name=name: window.range.set_preset(name)) == []
    window.tabs.setCurrentWidget(window.overview)
    qtbot.waitUntil(lambda: not window.overview.loading, timeout=30_000)


def test_drawing_a_tab_runs_no_polars_query_on_the_ui_thread(qtbot, window):
    """The workers hand each tab plain figures; the UI thread only draws them."""
    found: dict[str, list[str]] = {}
    for tab in window.all_tabs:
        window.tabs.setCurrentWidget(tab)
        qtbot.waitUntil(lambda tab=tab: not tab.loading, timeout=30_000)
        tab.stale = True

        def draw(tab=tab) -> None:
            with qtbot.waitSignal(tab.rendered, timeout=30_000):
                tab.reload()

        found[tab.title] = polars_queries(draw)
    window.tabs.setCurrentWidget(window.overview)
    found = {title: sorted(set(w)) for title, w in found.items()}
    assert found == {tab.title: [] for tab in window.all_tabs}
