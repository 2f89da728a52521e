"""The window shows before its tabs are built: the app's start paints the frame (menus, range
bar, tab headers) first, then builds the tabs, whose modules bring in pyqtgraph, polars, DuckDB
and the Excel writer, and opens the lake in a worker meanwhile."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import demo_lake
from ui_support import LOAD_MS

from nkdash_desktop import settings as S
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.tabs import TITLES
from nkdash_desktop.ui.window.mainwindow import MainWindow

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("pyqtgraph", "polars", "duckdb", "pyarrow", "xlsxwriter")
CHILD = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from nkdash_desktop.settings import load
from nkdash_desktop.ui.app import ensure_app
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.window.mainwindow import MainWindow

HEAVY = {heavy!r}
app = ensure_app()
seen = {{}}
window = MainWindow(AppContext(load()), deferred=True)

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "paint" not in seen:
            seen["paint"] = [m for m in HEAVY if m in sys.modules]
            seen["tabs_at_paint"] = window.board is not None
        return False

def rendered():
    seen["revenue"] = window.overview.cards.cards["revenue"].value.text()
    app.quit()

def built():
    window.overview.rendered.connect(rendered)

window.installEventFilter(FirstPaint(window))
window.tabs_built.connect(built)
QTimer.singleShot(60_000, app.quit)
window.show()
app.exec()
print(json.dumps(seen))
"""


def child_env(tmp_path: Path, lake: Path) -> dict[str, str]:
    home = tmp_path / "home"
    env = dict(
        os.environ,
        NKDASH_HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        QTWEBENGINE_DISABLE_SANDBOX="1",
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    settings = demo_lake.settings_for(lake)
    path = subprocess.run(
        [sys.executable, "-c", "from nkdash_desktop.paths import app_paths; "
         "print(app_paths().settings_file)"],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    S.save(settings, Path(path))
    return env


def test_the_window_paints_before_the_tab_modules_load(tmp_path, lake_root):
    env = child_env(tmp_path, lake_root)
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(heavy=HEAVY)],
        env=env, capture_output=True, text=True, timeout=180, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["paint"] == [] and seen["tabs_at_paint"] is False, seen
    assert re.search(r"\d", seen["revenue"]), seen  # then the Overview with the lake's figures


def test_the_app_reports_the_overview_painted_with_figures(tmp_path, lake_root):
    """What bench/ui.py and build/build.py time: the first paint, then the figures."""
    env = child_env(tmp_path, lake_root)
    env["NKDASH_REPORT_STARTUP"] = "quit"
    done = subprocess.run(
        [sys.executable, "-m", "nkdash_desktop"],
        env=env, capture_output=True, text=True, timeout=180, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    first = re.search(r"first window painted after ([0-9.]+) s", done.stdout)
    figures = re.search(r"Overview painted with figures after ([0-9.]+) s", done.stdout)
    assert first and figures, done.stdout
    assert 0 < float(first[1]) <= float(figures[1])


def test_a_deferred_window_takes_range_and_theme_before_its_tabs(qtbot, lake_root):
    window = MainWindow(AppContext(demo_lake.settings_for(lake_root)), deferred=True)
    qtbot.addWidget(window, before_close_func=lambda w: w.close())
    assert window.board is None and window.all_tabs == []
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == list(TITLES)
    window.range.set_preset("last_month")  # before the tabs: they read it when they come
    window.set_theme("dark")
    with qtbot.waitSignal(window.tabs_built, timeout=LOAD_MS):
        window.show()
    assert [tab.title for tab in window.all_tabs] == list(TITLES)
    assert window.tabs.currentWidget() is window.overview
    assert window.board.query.period == window.range.period
    assert window.board.theme.name == "dark"
    qtbot.waitUntil(lambda: window.board.source is not None, timeout=LOAD_MS)
    qtbot.waitUntil(lambda: not window.overview.loading, timeout=LOAD_MS)
    assert re.search(r"\d", window.overview.cards.cards["revenue"].value.text())
