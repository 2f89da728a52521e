"""With Bahasa Indonesia chosen, no English the app brings is left on a screen: every tab with
its data drawn (cards, tables, the charts' titles, series, read-outs and Plotly hovers), the
menus, the "Needs attention" details, every tab of the Settings dialog, every page of the setup
and backfill wizards, the tray's menu, tooltip and notifications, and
the About box. English words are those of the app's own sentences (english_left.py); Odoo's
names (products, companies, cashiers) are data and pass."""

from __future__ import annotations

import pytest
from demo_lake import lake_range
from english_left import (
    english_in,
    english_words,
    figure_texts,
    menu_texts,
    script_figure,
    script_message,
    visible_texts,
)
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWizard
from ui_support import LOAD_MS, screenshot, show, wait_drawn

from nkdash_desktop import settings as S
from nkdash_desktop.errors import OperatorError
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.settings_store import SettingsStore
from nkdash_desktop.ui.background.resident import Resident
from nkdash_desktop.ui.dialogs.backfill_wizard import BackfillWizard
from nkdash_desktop.ui.dialogs.settings_dialog import SettingsDialog
from nkdash_desktop.ui.dialogs.setup_wizard import SetupWizard
from nkdash_desktop.ui.widgets.charts import BarChart, DayChart


@pytest.fixture(scope="module")
def words() -> set[str]:
    return english_words("id")


def assert_indonesian(texts, words: set[str]) -> None:
    left = english_in(texts, words)
    assert not left, "English on an Indonesian screen:\n" + "\n".join(left)


def chart_texts(tab) -> list[str]:
    """The native charts' titles, series (the legend), hover read-outs and axis labels."""
    out: list[str] = []
    for chart in tab.findChildren(DayChart):
        out += [chart.title, *(s.name for s in chart.series)]
        if chart.days:
            out.append(chart.readout_for(0))
            axis = chart.plot.getAxis("bottom")
            ticks = axis.tickValues(*axis.range, axis.width() or 600)
            for spacing, values in ticks:
                out += axis.tickStrings(values, 1.0, spacing)
    for chart in tab.findChildren(BarChart):  # its read-outs: amounts and Odoo's units
        out.append(chart.title)
    return out


def test_every_tab_menu_and_chart_is_in_indonesian(qtbot, indonesian, words):
    w = indonesian
    with qtbot.waitSignal(w.overview.rendered, timeout=LOAD_MS):
        w.range.set_period(Period(*lake_range()))
    texts: list[str] = []
    for tab in w.all_tabs:
        show(qtbot, w, tab)
        if tab is w.sales:
            wait_drawn(qtbot, w.sales.charts)
        texts += [*visible_texts(w, names=(w.purchases.product,)), *chart_texts(tab)]
    scripts = list(w.sales.charts._last.values())
    assert len(scripts) == 4
    for script in scripts:
        figure = script_figure(script)
        texts += list(figure_texts(figure)) if figure else [script_message(script)]
    assert w.tabs.tabText(0) == "Ringkasan"
    assert_indonesian(texts, words)


def test_the_attention_details_are_in_indonesian(qtbot, indonesian, words):
    w = indonesian
    panel = w.overview.attention
    firing = [f for f in panel.findings if f.fires]
    assert firing, "the demo lake's morning list has findings"
    texts = list(visible_texts(panel))
    for finding in firing:
        dialog = panel.open_detail(finding)
        texts += list(visible_texts(dialog))
        dialog.close()
    assert_indonesian(texts, words)


def test_every_settings_tab_is_in_indonesian(qtbot, indonesian, words, tmp_path):
    w = indonesian
    settings = w.context.settings
    dialog = SettingsDialog(settings, w, SettingsStore(settings, tmp_path / "settings.toml"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.lake.result is not None, timeout=LOAD_MS)
    texts: list[str] = []
    bar = dialog.tabs.tabBar()
    assert bar.sizeHint().width() <= dialog.tabs.width(), "a Settings tab is scrolled away"
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        texts += list(visible_texts(dialog))
        screenshot(dialog, f"settings-{index}-id")
    dialog.connection.database.setText("")
    dialog.accept()  # a missing field: its error sentence under it
    texts += list(visible_texts(dialog))
    language = dialog.language
    assert [language.itemText(i) for i in range(1, language.count())] == [
        "English",
        "Bahasa Indonesia",
    ]  # each language in its own words
    assert_indonesian(texts, words)


def test_the_setup_wizard_is_in_indonesian(qtbot, indonesian, words, tmp_path):
    wizard = SetupWizard(S.Settings(), SettingsStore(S.Settings(), tmp_path / "settings.toml"))
    qtbot.addWidget(wizard)
    wizard.show()
    texts = [wizard.windowTitle()]
    for page_id in wizard.pageIds():
        texts += list(visible_texts(wizard.page(page_id), only_visible=False))
    wizard.connection.form.test()  # nothing filled in: each field says so
    texts += list(visible_texts(wizard.connection, only_visible=False))
    texts += [wizard.buttonText(b) for b in (QWizard.WizardButton.NextButton,
                                             QWizard.WizardButton.BackButton,
                                             QWizard.WizardButton.FinishButton,
                                             QWizard.WizardButton.CancelButton)]  # fmt: skip
    assert_indonesian(texts, words)


def test_the_backfill_wizard_is_in_indonesian(qtbot, indonesian, words):
    """Every page up to the plan (asking the demo Odoo and the lake), and the run and summary
    pages' own words; the run itself is the engine's (tests/operator)."""
    w = indonesian
    wizard = BackfillWizard(w.context, w.engine, w.pools, w)
    qtbot.addWidget(wizard)
    wizard.show()
    texts = list(visible_texts(wizard))
    wizard.next()  # the range: Odoo says where its data starts
    qtbot.waitUntil(lambda: not wizard.range_page.asking, timeout=LOAD_MS)
    page = wizard.range_page
    page.last.setDate(QDate.currentDate().addDays(3))
    assert not page.isComplete()
    texts += list(visible_texts(wizard))  # a day in the future: the problem in a sentence
    page.last.setDate(page.first.date().addDays(2))
    wizard.next()  # the mode
    texts += list(visible_texts(wizard))
    wizard.next()  # the plan
    qtbot.waitUntil(lambda: wizard.plan_page.plan is not None, timeout=LOAD_MS)
    texts += list(visible_texts(wizard))
    for page in (wizard.run_page, wizard.summary_page):
        texts += list(visible_texts(page, only_visible=False))
    wizard.summary_page.show_result(OperatorError("Odoo tidak terjangkau."))
    texts.append(wizard.summary_page.headline.text())
    wizard.close()
    assert_indonesian(texts, words)


def test_tray_and_about_are_in_indonesian(qtbot, indonesian, words):
    w = indonesian
    resident = Resident(w, tray_available=False)
    try:
        tray = resident.tray
        told: list[tuple[str, str]] = []
        tray.notified.connect(lambda title, text: told.append((title, text)))
        tray._tell_run(True, "Odoo tidak terjangkau.")
        texts = [tray.tooltip(), *menu_texts(tray.menu.actions()), *(t for pair in told
                                                                      for t in pair)]  # fmt: skip
        tray.set_state("running")
        texts.append(tray.tooltip())
    finally:
        resident.shutdown()
    w.help.show_about()
    texts += list(visible_texts(w.help.about_box))
    w.help.about_box.close()
    texts += [w.help.guide_action.text(), *menu_texts(w.menuBar().actions())]
    assert_indonesian(texts, words)
