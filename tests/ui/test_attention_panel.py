"""The Overview's "Needs attention" panel: the engine's findings, computed off the UI thread; a
click opens the detail table (exportable) and the tab; a quiet day is one line."""

from __future__ import annotations

import threading
from datetime import date

import polars as pl
from ui_support import LOAD_MS, screenshot, show

from nkdash_desktop.kpi import attention as A
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.ui.tabs import overview
from nkdash_desktop.ui.widgets.attention_panel import AttentionPanel


def engine(window) -> list[A.Finding]:
    context = window.board.context
    day = A.morning_day(today(context.timezone))
    with window.board.source.cursor() as con:
        return A.attention(
            con, window.board.source.lake_root, day, window.board.query.company_id,
            context.settings.attention,
        )  # fmt: skip


def engine_on(window, day) -> list[A.Finding]:
    with window.board.source.cursor() as con:
        return A.attention(con, window.board.source.lake_root, day, window.board.query.company_id)


def test_the_panel_shows_the_engines_firing_rules(qtbot, window):
    panel = window.overview.attention
    expected = [f for f in engine(window) if f.fires]
    assert expected, "the demo lake has something that needs attention"
    assert [b.text() for b in panel.lines] == [f"• {f.line}" for f in expected]
    assert not panel.quiet.isVisible()
    day = A.morning_day(today(window.board.context.timezone))
    assert panel.title.text() == f"Needs attention · {day:%a %d %b}"
    window.resize(1366, 768)
    qtbot.wait(50)
    screenshot(window, "overview-attention-1366x768")


def test_a_click_opens_the_detail_with_export_and_its_tab(qtbot, window):
    panel = window.overview.attention
    finding = next(f for f in panel.findings if f.fires and f.tab)
    button = panel.lines[[f for f in panel.findings if f.fires].index(finding)]
    button.click()
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.frame_model.rowCount() == finding.detail.height
    assert dialog.export_button.text().startswith("Export to Excel")
    screenshot(dialog, f"attention-detail-{finding.rule}")
    dialog.tab_button.click()
    assert window.tabs.currentWidget().title == finding.tab
    assert not dialog.isVisible()
    window.tabs.setCurrentWidget(window.overview)


def test_the_findings_are_computed_in_a_worker(qtbot, window, monkeypatch):
    threads: list[threading.Thread] = []
    real = overview.attention

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(overview, "attention", recorded)
    with qtbot.waitSignal(window.overview.rendered, timeout=LOAD_MS):
        window.overview.reload()
    assert threads and threads[0] is not threading.main_thread()


def test_nothing_firing_is_one_quiet_line(qtbot):
    panel = AttentionPanel()
    qtbot.addWidget(panel)
    quiet = A.Finding("data", "Data", 0, "", "", pl.DataFrame())
    panel.show_findings([quiet], date(2026, 3, 10), "NK Mart")
    panel.show()
    assert panel.lines == [] and panel.quiet.isVisible()
    assert panel.quiet.text() == "Nothing needs attention for Tue 10 Mar."


def test_the_reports_sheet_uses_the_operators_thresholds(qtbot, window, tmp_path):
    import dataclasses

    import openpyxl

    settings = window.context.settings
    before = settings.attention
    settings.attention = dataclasses.replace(before, cover_days=365.0, dead_stock_days=7)
    try:
        target = tmp_path / "report.xlsx"
        window.report_action.exporter.choose_path = lambda *_: target
        with qtbot.waitSignal(window.report_action.exporter.exported, timeout=LOAD_MS):
            window.report_action.trigger()
        q = window.board.query
        with window.board.source.cursor() as con:
            expected = A.attention(
                con, window.board.source.lake_root, q.period.end, q.company_id,
                settings.attention,
            )  # fmt: skip
    finally:
        settings.attention = before
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(target)["Needs attention"].rows]
    header = rows.index(["Rule", "Count", "Needs attention"])
    counts = {r[0]: r[1] for r in rows[header + 1 : header + 1 + len(expected)]}
    assert counts == {f.title: f.count for f in expected}
    defaults = {f.rule: f.count for f in engine_on(window, q.period.end)}
    assert counts["Running out"] > defaults["running_out"]  # a year of cover: more run out


def test_a_cost_jump_opens_purchases_on_its_product(qtbot, window):
    """(The UI lake's profit is synthetic, without cost events: the finding is made here from
    two products the Purchases tab lists.)"""
    purchases = window.purchases
    show(qtbot, window, purchases)
    assert purchases.product.count() >= 2
    listed = [(purchases._product_ids[i], purchases.product.itemText(i)) for i in (0, 1)]
    window.tabs.setCurrentWidget(window.overview)
    detail = pl.DataFrame(
        {"company_id": [1, 1], "product_id": [p for p, _ in listed],
         "product": [name for _, name in listed], "bill": ["BILL/1", "BILL/2"],
         "bill_day": [date(2026, 3, 9)] * 2, "vendor": ["PT Supplier"] * 2,
         "previous_cost": [1000.0, 500.0], "previous_day": [date(2026, 2, 1)] * 2,
         "latest_cost": [1200.0, 600.0], "change": [0.2, 0.2]}
    )  # fmt: skip
    jump = A.Finding("cost_jump", "Cost jump", 2, "", "2 costs changed", detail, "Purchases")
    dialog = window.overview.attention.open_detail(jump)
    assert dialog.product_id() == listed[0][0]  # no row selected: the first
    dialog.table.selectRow(1)
    assert dialog.product_id() == listed[1][0]
    dialog.tab_button.click()
    assert window.tabs.currentWidget() is purchases
    qtbot.waitUntil(lambda: purchases.product_id == listed[1][0], timeout=LOAD_MS)
    window.tabs.setCurrentWidget(window.overview)
