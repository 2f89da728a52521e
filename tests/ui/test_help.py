"""The Help menu: About with the version, the Odoo server and its version, the lake folder and
its size and the log file; the folders opened through the desktop; the user guide (the README
shipped with the app) shown locally; the demo's Settings explained instead of greyed out."""

from __future__ import annotations

from demo_lake import DEMO_KEY, client, settings_for
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from ui_support import LOAD_MS, REPO, screenshot

from nkdash_desktop import __version__
from nkdash_desktop.paths import app_paths
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.window.help_menu import (
    DEMO_SETTINGS,
    GUIDES,
    folder_size,
    size_text,
    user_guide_path,
)


class Opened(QObject):
    """Where the desktop was asked to open a file URL (Qt's own hook for URL handlers)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_the_help_menu(qtbot, window, demo_odoo):
    w = window
    help_menu = next(m for m in w.menuBar().actions() if m.text() == "&Help").menu()
    assert [a.text() for a in help_menu.actions() if a.text()] == [
        "&User guide", "Open &log folder", "Open la&ke folder", "&About NK Dash"]  # fmt: skip

    w.help.about_action.trigger()
    box = w.help.about_box
    with client(demo_odoo) as odoo:
        version = str(odoo.odoo_version)
    qtbot.waitUntil(lambda: f"Odoo {version}" in box.text(), timeout=LOAD_MS)
    text = box.text()
    assert f"NK Dash {__version__}" in text
    assert w.context.settings.odoo.url in text
    assert f"Lake folder: {w.context.lake_root} ({size_text(folder_size(w.context.lake_root))})" \
        in text  # fmt: skip
    assert str(app_paths().log_dir / "nkdash.log") in text
    box.close()

    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        w.help.lake_action.trigger()
        w.help.log_action.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in opened.urls] == [
        str(w.context.lake_root), str(app_paths().log_dir)]  # fmt: skip

    w.help.guide_action.trigger()
    assert user_guide_path() == REPO / "README.md"
    guide = w.help.guide.text.toPlainText()
    assert guide.startswith("NK Dash Desktop") and "Connecting a real Odoo" in guide
    w.help.guide.close()


def test_the_indonesian_user_guide(qtbot, indonesian):
    """An Indonesian operator gets the Indonesian guide of the screens (shipped with the app as
    the README is), not the engineer's English README."""
    w = indonesian
    help_menu = next(m for m in w.menuBar().actions() if m.text() == "Ba&ntuan").menu()
    guide_action = help_menu.actions()[0]
    assert guide_action.text() == "&Panduan pengguna"
    guide_action.trigger()
    assert user_guide_path() == REPO / GUIDES["id"] == REPO / "docs" / "panduan.md"
    assert w.help.guide.windowTitle() == "Panduan pengguna NK Dash"
    text = w.help.guide.text.toPlainText()
    assert text.startswith("Panduan NK Dash Desktop")
    assert "Perlu perhatian" in text and "Connecting a real Odoo" not in text
    screenshot(w.help.guide, "user-guide-id")
    w.help.guide.close()
    assert user_guide_path("en") == REPO / "README.md"
    assert user_guide_path("fr") == REPO / "README.md"  # a language without a guide: English


def test_the_demo_explains_its_settings(qtbot, make_window, profit_lake, demo_odoo):
    w = make_window(AppContext(settings_for(profit_lake, demo_odoo), DEMO_KEY, demo=True))
    assert w.settings_action.isEnabled()
    w.settings_action.trigger()
    assert w.demo_settings_box.isVisible()
    assert w.demo_settings_box.text() == DEMO_SETTINGS
    w.demo_settings_box.close()


def test_help_texts_on_the_range_bar_and_the_cards(window):
    presets = window.range.presets
    assert "up to yesterday" in presets.toolTip() and "live from Odoo" in presets.toolTip()
    tips = [presets.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(presets.count())]
    assert all(tips) and tips[2] == "The 7 complete days ending yesterday."
    cards = window.overview.cards.cards
    assert "whose cost is known" in cards["margin"].toolTip()
    assert all(card.toolTip() for card in cards.values())
    assert cards["revenue"].live_tag.toolTip().startswith("LIVE: today's figure comes straight")
