"""WebEngine as the operator's machine starts it: as root on Linux the sandbox is switched off
wherever the app creates its QApplication, and a chart page whose web process dies says so in
its tab while the rest of the app keeps working."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from PySide6.QtWidgets import QPushButton
from ui_support import LOAD_MS, REPO

from nkdash_desktop.ui.runtime.theme import LIGHT
from nkdash_desktop.ui.widgets.plotly_view import PlotlyView

# the app's own start-up path (ensure_app) loading a chart page, with no sandbox variable set
CHART_PAGE = textwrap.dedent(
    """
    from nkdash_desktop.ui.app import ensure_app
    app = ensure_app()
    from PySide6.QtCore import QTimer
    from nkdash_desktop.ui.widgets.plotly_view import PlotlyView
    from nkdash_desktop.ui.runtime.theme import LIGHT
    view = PlotlyView(["a"], LIGHT)
    view.loaded.connect(lambda ok: (print("page loaded", ok, flush=True), app.quit()))
    view.start()
    QTimer.singleShot(60_000, app.quit)
    app.exec()
    """
)


def test_the_app_start_switches_the_sandbox_off_as_root(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "QTWEBENGINE_DISABLE_SANDBOX"}
    env.pop("QTWEBENGINE_CHROMIUM_FLAGS", None)
    env |= {"NKDASH_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", CHART_PAGE], env=env, capture_output=True, text=True, timeout=120
    )
    # as root without the switch, the process would end with status 1 and print nothing
    assert done.returncode == 0, done.stderr[-2000:]
    assert "page loaded True" in done.stdout


def test_a_dead_web_process_is_reported_in_its_tab(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("NKDASH_HOME", str(tmp_path))
    view = PlotlyView(["a"], LIGHT)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    view.start()
    qtbot.waitUntil(lambda: view.ready, timeout=LOAD_MS)
    assert not view.has_stopped
    os.kill(view.web.page().renderProcessPid(), signal.SIGKILL)
    qtbot.waitUntil(lambda: view.has_stopped, timeout=LOAD_MS)
    assert "ended (it was killed)" in view.stopped.text()
    assert "The rest of the app keeps working" in view.stopped.text()
    assert not view.ready
    view.show_empty("a", "No sales")  # figures given meanwhile are kept for the reload
    (reload,) = view.findChildren(QPushButton)
    reload.click()
    qtbot.waitUntil(lambda: view.ready, timeout=LOAD_MS)
    assert not view.has_stopped
