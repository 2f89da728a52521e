"""Every tab at 1366×768 and 1920×1080, light and dark, on the whole lake (the longest
figures): screenshotted for a person to judge, and no amount or label in the cards and tables
wrapped or cut."""

from __future__ import annotations

import pytest
from demo_lake import lake_range
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel
from ui_support import LOAD_MS, screenshot, show, wait_drawn

from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.ui.widgets.cards import KpiCard
from nkdash_desktop.ui.widgets.status_bar import message_rect
from nkdash_desktop.ui.widgets.table import FrameTable

SIZES = [(1366, 768), (1920, 1080)]


def unfit_cells(table: FrameTable) -> list[str]:
    """Cells (and headings) whose text does not fit their column."""
    model, metrics = table.frame_model, table.fontMetrics()
    out = []
    for c in range(model.columnCount()):
        if model.columns[c].kind == "note":
            continue  # free text (an error): cut, whole in its tooltip and under the table
        width = table.columnWidth(c)
        heading = str(model.headerData(c, Qt.Orientation.Horizontal))
        if table.horizontalHeader().fontMetrics().horizontalAdvance(heading) + 8 > width:
            out.append(f"heading {heading!r} in {width}px")
        for r in range(model.rowCount()):
            text = model.item(r, c).text()
            if metrics.horizontalAdvance(text) + 6 > width:
                out.append(f"{text!r} in {width}px")
    return out


def cut_labels(card: KpiCard) -> list[str]:
    """Card labels that do not show their whole text on one line."""
    out = []
    for label in (card.title, card.value, card.change):
        if label is card.change and " " in label.text():
            continue  # a sentence, not a figure: it may wrap
        lines = label.text().splitlines()  # a card has a line per currency: the widest counts
        widest = max((label.fontMetrics().horizontalAdvance(line) for line in lines), default=0)
        if label.text() and label.width() < widest:
            out.append(f"{label.text()!r} in {label.width()}px")
    return out


def cut_bar_texts(w) -> list[str]:
    """Labels and buttons above the tabs (range bar, badge, Sync now) not shown whole."""
    out = []
    bar = w.centralWidget()
    for widget in bar.findChildren(QLabel) + bar.findChildren(QAbstractButton):
        if w.tabs.isAncestorOf(widget) or not widget.isVisible() or not widget.text():
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue
        if widget.width() < widget.sizeHint().width() - 1:
            out.append(f"bar {widget.text()[:40]!r} cut")
    return out


def check_every_tab(qtbot, w, theme: str, suffix: str = "") -> None:
    """Every tab at both sizes: screenshots named `<tab>-<size>-<theme><suffix>`, and no
    figure, heading or label cut or wrapped."""
    if w.theme.name != theme:
        w.set_theme(theme)
    try:
        with qtbot.waitSignal(w.overview.rendered, timeout=LOAD_MS):
            w.range.set_period(Period(*lake_range()))
        for width, height in SIZES:
            w.resize(width, height)
            qtbot.waitUntil(lambda: w.width() == width, timeout=LOAD_MS)  # noqa: B023
            problems: list[str] = []
            for tab in w.all_tabs:
                show(qtbot, w, tab)
                if tab is w.sales:
                    wait_drawn(qtbot, w.sales.charts)
                qtbot.wait(50)  # the layout settles on the new size
                for card in tab.findChildren(KpiCard):
                    problems += [f"{tab.title} card: {p}" for p in cut_labels(card)]
                for table in tab.findChildren(FrameTable):
                    assert not table.wordWrap()
                    if table.isVisible():
                        problems += [f"{tab.title} table: {p}" for p in unfit_cells(table)]
                if tab is w.inventory and w.inventory.table.horizontalScrollBar().maximum():
                    problems.append("Inventory table: scrolls sideways")  # a column out of sight
                for label in tab.findChildren(QLabel):
                    shown = label.isVisible() and not label.wordWrap() and label.text()
                    if shown and label.width() < label.sizeHint().width() - 1:
                        problems.append(f"{tab.title} label {label.text()[:40]!r} cut")
                problems += [f"{tab.title} {p}" for p in cut_bar_texts(w)]
                name = f"{tab.title.lower()}-{width}x{height}-{theme}{suffix}"
                screenshot(w, name)
            assert not problems, "\n".join(problems)
    finally:
        if w.theme.name != "light":
            w.set_theme("light")
        w.resize(1366, 768)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_tab_at_both_sizes_shows_every_figure_whole(qtbot, window, theme):
    check_every_tab(qtbot, window, theme)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_tab_in_indonesian_shows_every_figure_and_word_whole(qtbot, indonesian, theme):
    """Indonesian words are longer: the same checks hold (screenshots end in '-id')."""
    check_every_tab(qtbot, indonesian, theme, "-id")


def test_a_long_status_message_stops_before_next_nightly_sync(qtbot, window):
    w = window
    w.resize(1366, 768)
    w.set_schedule_text("Next nightly sync: Mon 07 Dec 02:00")
    path = "C:/Users/operator/Documents/NK Dash exports/" + "Top products " * 16 + ".xlsx"
    bar, schedule = w.statusBar(), w.schedule_label
    qtbot.waitUntil(lambda: schedule.width() >= schedule.sizeHint().width(), timeout=LOAD_MS)
    exporter = w.overview.export_buttons["Top products"].exporter
    exporter.tell(f"Exported 250 rows to {path}")  # what an export says when it is done
    area = message_rect(bar, w.status_right)
    assert area.right() + 16 <= schedule.geometry().left()  # a gap, never touching
    shown = bar.currentMessage()
    assert "…" in shown and shown.endswith(".xlsx")  # cut in the middle, the file name kept
    assert bar.fontMetrics().horizontalAdvance(shown) <= area.width()
    assert bar.toolTip() == f"Exported 250 rows to {path}"  # whole on hover
    screenshot(w, "status-bar-long-message")
    bar.clearMessage()
