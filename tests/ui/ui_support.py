"""What the UI tests share: waiting for tabs and chart pages, asking the page, screenshots."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nkdash_desktop.kpi.companies import split_by_currency
from nkdash_desktop.ui.widgets.plotly_view import PlotlyView

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
LOAD_MS = 30_000  # WebEngine's first page load takes a few seconds on a CI machine


def show(qtbot, window, tab):
    """Make `tab` current and wait until it has drawn the window's range."""
    if tab.stale or tab.loading:
        with qtbot.waitSignal(tab.rendered, timeout=LOAD_MS):
            window.tabs.setCurrentWidget(tab)
    else:
        window.tabs.setCurrentWidget(tab)


def query(window, fn, *args):
    with window.board.source.cursor() as con:
        q = window.board.query
        return fn(con, *args, q.period.start, q.period.end, q.company_id)


def by_currency(con, fn, start, end, company_id):
    """For `query`: a table of all companies, once per currency (what the tabs show)."""
    return split_by_currency(fn, con, start, end, company_id)


def evaluate(qtbot, view: PlotlyView, script: str, timeout: int = LOAD_MS) -> Any:
    """Run `script` in a Plotly page once it has loaded; its result."""
    qtbot.waitUntil(lambda: view.ready, timeout=timeout)
    box: list[Any] = []
    view.run_js(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    return box[0]


TRACES = (
    "JSON.stringify(Object.fromEntries(Array.from(document.querySelectorAll('.panel'))"
    ".map(p => [p.id, p.data ? p.data.map(t => t.type) : (p.textContent || '')])))"
)


def panels(qtbot, view: PlotlyView, ready: Callable[[dict], bool], timeout: int = LOAD_MS):
    """{panel: [trace types] or its message}, once `ready(result)` holds."""
    found: dict = {}

    def check() -> bool:
        found.clear()
        found.update(json.loads(evaluate(qtbot, view, TRACES)))
        return ready(found)

    qtbot.waitUntil(check, timeout=timeout)
    return found


SIZED = (
    "Array.from(document.querySelectorAll('.js-plotly-plot')).every(p => p.clientWidth > 100"
    " && Math.abs(p._fullLayout.width - p.clientWidth) < 2)"
)


def wait_drawn(qtbot, view: PlotlyView) -> None:
    """Until every chart of the page is laid out at its panel's size (a page loaded while its
    tab was hidden resizes once shown), plus a frame for the compositor."""
    qtbot.waitUntil(lambda: evaluate(qtbot, view, SIZED) is True, timeout=LOAD_MS)
    qtbot.wait(300)


def screenshot(widget, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    assert widget.grab().save(str(path)), f"could not write {path}"
    return path
