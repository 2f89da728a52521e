"""UI tests: the main window on the demo lake, offscreen (see tests/conftest.py)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import demo_lake
import polars as pl

# WebEngine must be imported before pytest-qt creates the QApplication (the qapp fixture)
import PySide6.QtWebEngineWidgets  # noqa: F401
import pytest
from PySide6.QtCore import QEvent
from ui_support import LOAD_MS

from nkdash_desktop import i18n
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.runtime.translation import install_translators
from nkdash_desktop.ui.window.mainwindow import MainWindow


@pytest.fixture(scope="session", autouse=True)
def delete_windows_before_exit(qapp):
    """Closed windows are deleted later; their web pages must go before the WebEngine profile
    (else Qt warns at exit)."""
    yield
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(scope="session")
def profit_lake(lake_root, tmp_path_factory) -> Path:
    """The demo lake with profit computed for every day but the last two (see demo_lake)."""
    root = demo_lake.copy_lake(lake_root, tmp_path_factory.mktemp("ui-profit") / "lake")
    demo_lake.drop_profit(root)
    first, last = demo_lake.lake_range()
    demo_lake.write_profit(root, pl.date_range(first, last, eager=True).to_list()[:-2])
    return root


def open_window(qtbot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window, before_close_func=lambda w: w.close())
    with qtbot.waitSignal(window.overview.rendered, timeout=LOAD_MS):
        window.show()
    return window


@pytest.fixture
def make_window(qtbot) -> Callable[..., MainWindow]:
    return lambda context: open_window(qtbot, context)


@pytest.fixture(scope="module")
def shared_window(qapp, profit_lake, demo_odoo, tmp_path_factory):
    """One window for the tests that only look (and set the range back): WebEngine pages take
    seconds to start, so the read-only tests share them."""
    with pytest.MonkeyPatch.context() as patch:  # created before the per-test home exists
        patch.setenv("NKDASH_HOME", str(tmp_path_factory.mktemp("home")))
        settings = demo_lake.settings_for(profit_lake, demo_odoo)
        window = MainWindow(AppContext(settings, demo_lake.DEMO_KEY))
        window.show()
        yield window
        window.close()
        window.deleteLater()  # its web pages must go before the WebEngine profile
        qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(qtbot, shared_window) -> MainWindow:
    """The shared window, on its Overview with the default range, fully drawn."""
    w = shared_window
    w.tabs.setCurrentWidget(w.overview)
    qtbot.waitUntil(lambda: w.board.source is not None, timeout=LOAD_MS)
    if w.range.preset_name != "last_7_days" or w.range.company_id is not None:
        with qtbot.waitSignal(w.overview.rendered, timeout=LOAD_MS):
            w.range.company.setCurrentIndex(0)
            w.range.set_preset("last_7_days")
    qtbot.waitUntil(lambda: not w.overview.loading and not w.overview.stale, timeout=LOAD_MS)
    return w


def speak(qapp, code: str) -> None:
    """This process in language `code` (words and formats), as a start with that setting."""
    os.environ["NKDASH_LANG"] = code
    i18n.set_language()
    install_translators(qapp)


@pytest.fixture(scope="module")
def indonesian_window(qapp, profit_lake, demo_odoo, tmp_path_factory):
    """A window built in Bahasa Indonesia (the language applies to windows built after the
    switch, as at a start). Tests using it switch the language for their own time only
    (`indonesian`), so that the English window's tests keep English figures."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NKDASH_HOME", str(tmp_path_factory.mktemp("home-id")))
        speak(qapp, "id")
        try:
            settings = demo_lake.settings_for(profit_lake, demo_odoo)
            window = MainWindow(AppContext(settings, demo_lake.DEMO_KEY))
            window.show()
        finally:
            speak(qapp, "en")
        yield window
        window.close()
        window.deleteLater()
        qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def indonesian(qapp, qtbot, indonesian_window) -> Iterator[MainWindow]:
    """The Indonesian window, on its Overview, with this process in Indonesian meanwhile."""
    speak(qapp, "id")
    w = indonesian_window
    try:
        w.tabs.setCurrentWidget(w.overview)
        qtbot.waitUntil(lambda: w.board.source is not None, timeout=LOAD_MS)
        qtbot.waitUntil(lambda: not w.overview.loading, timeout=LOAD_MS)
        for tab in w.all_tabs:  # drawn in Indonesian formats from now on
            tab.stale = True
        with qtbot.waitSignal(w.overview.rendered, timeout=LOAD_MS):
            w.overview.reload()
        yield w
    finally:
        speak(qapp, "en")
