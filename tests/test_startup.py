"""Window start-up: the cold-start figure (NKDASH_REPORT_STARTUP), `--tray`, headless defaults."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

# WebEngine must be imported before pytest-qt creates the QApplication
import PySide6.QtWebEngineWidgets  # noqa: F401
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from nkdash_desktop import startup

ROOT = Path(__file__).resolve().parents[1]


def test_process_age_is_measured_from_the_os_creation_time():
    """A child's own figure fits inside the time its parent saw it live (psutil's creation time
    is no reference on Linux: it is built on a whole-second boot time)."""
    code = "from nkdash_desktop.startup import seconds_since_process_start as s; print(s())"
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    lifetime = time.monotonic() - started
    assert 0.0 < float(done.stdout) <= lifetime + 0.02  # 10 ms clock ticks on Linux
    before = startup.seconds_since_process_start()
    time.sleep(0.05)
    assert startup.seconds_since_process_start() - before == pytest.approx(0.05, abs=0.03)


@pytest.mark.parametrize(
    ("value", "mode"),
    [("", None), ("0", None), ("off", None), ("1", "report"), ("yes", "report"), ("QUIT", "quit")],
)
def test_report_mode(monkeypatch, value, mode):
    monkeypatch.setenv(startup.REPORT_ENV, value)
    assert startup.report_mode() == mode


def test_headless_defaults_only_on_linux_without_a_display(monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "QTWEBENGINE_DISABLE_SANDBOX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("QTWEBENGINE_CHROMIUM_FLAGS", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "geteuid", lambda: 1000, raising=False)
    assert startup.headless_defaults() == ["QT_QPA_PLATFORM=offscreen"]
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"

    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(os, "geteuid", lambda: 0, raising=False)  # root: WebEngine's sandbox
    assert startup.headless_defaults() == ["QTWEBENGINE_DISABLE_SANDBOX=1"]
    assert "QT_QPA_PLATFORM" not in os.environ

    monkeypatch.delenv("QTWEBENGINE_DISABLE_SANDBOX")
    monkeypatch.delenv("DISPLAY")
    monkeypatch.setattr(sys, "platform", "win32")  # Windows always has a desktop
    assert startup.headless_defaults() == []
    assert "QT_QPA_PLATFORM" not in os.environ


def load_build_script():
    spec = importlib.util.spec_from_file_location("nkdash_build_startup", ROOT / "build/build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_app_reports_its_first_window_and_quits(tmp_path):
    """What build/build.py times on the frozen app, from source: no command opens the window."""
    env = dict(
        os.environ,
        NKDASH_HOME=str(tmp_path / "home"),
        NKDASH_REPORT_STARTUP="quit",
        QT_QPA_PLATFORM="offscreen",
        QTWEBENGINE_DISABLE_SANDBOX="1",
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "nkdash_desktop"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-3000:]
    match = load_build_script().STARTUP_RE.search(done.stdout)
    assert match, done.stdout
    assert 0.05 < float(match.group(1)) < elapsed
    log = (tmp_path / "home" / "logs" / "nkdash.log").read_text(encoding="utf-8")
    assert startup.REPORT_PREFIX in log


class SpyWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.states: list[tuple[bool, Qt.WindowState]] = []  # (visible yet, state asked for)

    def setWindowState(self, state: Qt.WindowState) -> None:
        self.states.append((self.isVisible(), state))
        super().setWindowState(state)


def test_tray_start_asks_for_a_minimised_main_window_before_it_shows(qapp, qtbot, monkeypatch):
    """Qt shows a window minimised when that state is set before show(). The offscreen
    platform has no minimised state (it resets it), so what is checked is the request."""
    monkeypatch.delenv(startup.REPORT_ENV, raising=False)
    startup.prepare_window_start(tray=True)
    window = SpyWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.states == [(False, Qt.WindowState.WindowMinimized)]
    qtbot.wait(10)  # the watcher removes itself: the next window opens normally
    second = SpyWindow()
    qtbot.addWidget(second)
    second.show()
    assert second.states == []


def test_no_tray_and_no_report_cost_nothing(monkeypatch):
    monkeypatch.delenv(startup.REPORT_ENV, raising=False)
    monkeypatch.setattr(
        "nkdash_desktop.ui.app.ensure_app", lambda: pytest.fail("no QApplication wanted")
    )
    startup.prepare_window_start(tray=False)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Xvfb is an X server")
def test_the_window_is_built_once_on_a_real_display(tmp_path):
    """On a real X server (Xvfb, the xcb plugin, as an operator's desktop): the charts' web view
    starts after the first paint without Qt re-creating the native window, so the window the
    operator first sees is the one that stays. Offscreen never re-creates it: it cannot tell."""
    env = dict(
        os.environ,
        NKDASH_HOME=str(tmp_path / "home"),
        NKDASH_REPORT_STARTUP="quit",
        QT_QPA_PLATFORM="xcb",
        QTWEBENGINE_DISABLE_SANDBOX="1",
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable, "-m", "nkdash_desktop"],
        env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    build = load_build_script()
    stays = build.STAYS_RE.search(done.stdout)
    assert stays, done.stdout
    assert stays.group(2) == "1", done.stdout  # the native window was created once
    assert "re-created" not in done.stdout
    first = build.STARTUP_RE.search(done.stdout)
    assert first and first.group(1) == stays.group(1)
