"""The tray and the nightly sync inside the app: state icons, the menu's actions on the real
engine (demo Odoo over HTTP), notifications, close-to-tray and Quit, and a catch-up launched
by the scheduler through the engine. Offscreen there is no system tray: the tray logic runs
all the same (`available` says whether the icon may show)."""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import subprocess
import sys
from collections import deque
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import demo_lake
import pytest
from app_support import RUN_MS, demo_context
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from nkdash_desktop import clock
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import STATE_FILE, StateDB
from nkdash_desktop.ui.background.nightly import NightlySync
from nkdash_desktop.ui.background.resident import Resident
from nkdash_desktop.ui.background.tray import STATES, state_icon
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.runtime.engine import EngineRunner
from nkdash_desktop.ui.runtime.tasks import Pools
from nkdash_desktop.ui.window.mainwindow import MainWindow

TZ = demo_lake.TZ
NIGHTS = 60  # two months in the tray


@pytest.fixture
def make_app(qtbot, tmp_path):
    """A main window on a fresh lake with the resident parts attached (no single instance)."""
    made: list[Resident] = []

    def make(url: str | None = None, available: bool = False, **settings) -> Resident:
        context = demo_context(tmp_path / "lake", url=url)
        for key, value in settings.items():
            section, name = key.split("__")
            setattr(getattr(context.settings, section), name, value)
        window = MainWindow(context)
        qtbot.addWidget(window)
        resident = Resident(window, tray_available=available)
        made.append(resident)
        resident.show()
        return resident

    yield make
    for resident in made:
        resident.tray.quitting = True
        resident.window.close()
        resident.shutdown()
        resident.window.deleteLater()  # its web pages must go before the WebEngine profile
    app = QApplication.instance()
    app.setQuitOnLastWindowClosed(True)
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def badge_color(state: str) -> QColor:
    return (
        state_icon(state).pixmap(64, 64).toImage().pixelColor(42, 56)
    )  # inside the badge, off the "!"


def runs(resident: Resident) -> list[tuple[str, str]]:
    metadata = LakeLayout(resident.window.context.lake_root).metadata
    if not (metadata / STATE_FILE).exists():
        return []
    with StateDB(metadata) as state:
        return [(r.trigger, r.status) for r in reversed(state.runs())]


def test_state_icons(qapp):
    colors = {s: badge_color(s).name() for s in STATES}
    assert colors["running"] == "#1e6fd9" and colors["failed"] == "#d32f2f"
    assert len(set(colors.values())) == 3  # idle shows the plain tile there


def test_menu_and_its_actions_on_the_engine(qtbot, make_app):
    resident = make_app(ui__notifications="always")
    tray, window = resident.tray, resident.window
    assert [a.text() for a in tray.menu.actions() if a.text()] == [
        "&Open NK Dash", "&Sync now", "&Backfill…", "&Pause nightly sync", "&Quit",
    ]  # fmt: skip
    assert tray.state == "idle"
    assert window.schedule_label.text().startswith("Next nightly sync: ")
    assert tray.icon.toolTip() == f"NK Dash: idle\n{window.schedule_label.text()}"
    states, notes = [], []
    tray.state_changed.connect(states.append)
    tray.notified.connect(lambda title, text: notes.append((title, text)))
    # Sync now: a real sync through the engine runner
    with qtbot.waitSignal(window.engine.finished, timeout=RUN_MS) as finished:
        tray.sync_action.trigger()
        assert tray.state == "running" and not tray.sync_action.isEnabled()
        assert tray.icon.toolTip().startswith("NK Dash: running…")
    assert finished.args[0].status == "succeeded", finished.args[0].sentence
    assert states == ["running", "idle"] and tray.sync_action.isEnabled()
    assert runs(resident) == [("manual", "succeeded")]
    assert notes and notes[-1][0] == "NK Dash: run finished"
    assert notes[-1][1].startswith("Run ") and "succeeded" in notes[-1][1]
    # Backfill…: the wizard, beside the window
    tray.backfill_action.trigger()
    assert window.backfill_wizard is not None and window.backfill_wizard.isVisible()
    window.backfill_wizard.close()
    # Pause / Resume
    tray.pause_action.trigger()
    assert resident.nightly.paused and tray.pause_action.text() == "&Resume nightly sync"
    assert window.schedule_label.text() == "Nightly sync: paused"
    assert tray.icon.toolTip().endswith("Nightly sync: paused")
    tray.pause_action.trigger()
    assert not resident.nightly.paused and tray.pause_action.text() == "&Pause nightly sync"
    assert window.schedule_label.text().startswith("Next nightly sync: ")
    # Open: the window comes back from hidden or minimised
    window.showMinimized()
    window.hide()
    tray.open_action.trigger()
    assert window.isVisible() and not window.isMinimized()


def test_a_failed_run_turns_the_icon_red_and_notifies(qtbot, make_app):
    resident = make_app(url="http://127.0.0.1:9")  # nothing listens there
    tray = resident.tray
    notes = []
    tray.notified.connect(lambda title, text: notes.append((title, text)))
    with qtbot.waitSignal(resident.window.engine.finished, timeout=RUN_MS):
        tray.sync_action.trigger()
    assert tray.state == "failed"
    assert tray.icon.toolTip().startswith("NK Dash: the last run failed")
    assert tray.icon.icon().cacheKey() == tray.icons["failed"].cacheKey()
    assert len(notes) == 1 and notes[0][0] == "NK Dash: the run failed"
    assert "Traceback" not in notes[0][1] and notes[0][1]


def test_close_sends_the_app_to_the_tray_and_quit_quits(qtbot, make_app):
    resident = make_app(available=True)
    tray, window = resident.tray, resident.window
    app = QApplication.instance()
    assert not app.quitOnLastWindowClosed()
    notes = []
    tray.notified.connect(lambda title, text: notes.append(text))
    window.close()
    assert not window.isVisible() and resident.nightly.scheduler.running
    assert notes == [
        "Still running in the tray; the nightly sync keeps going. Quit from the tray menu."
    ]
    window.close()
    assert len(notes) == 1  # told once
    tray.open_action.trigger()
    assert window.isVisible()
    # Quit during a run: the run is cancelled cleanly and the workers are waited for
    with qtbot.waitSignal(window.engine.started, timeout=RUN_MS):
        tray.sync_action.trigger()
    tray.quit_action.trigger()
    assert not window.isVisible() and not resident.nightly.scheduler.running
    assert window.pools.engine.activeThreadCount() == 0
    qtbot.waitUntil(lambda: bool(runs(resident)), timeout=RUN_MS)
    assert runs(resident)[-1][1] in ("cancelled", "succeeded")


def test_the_scheduler_runs_one_catch_up_through_the_engine(qtbot, make_app, tmp_path):
    """A lake synced two days ago, the nightly time two hours past: one catch-up sync starts
    by itself, through the same engine runner as Sync now; later checks start nothing."""
    root = tmp_path / "lake"
    metadata = LakeLayout(root).metadata
    metadata.mkdir(parents=True)
    with StateDB(metadata) as state:
        run_id = state.start_run("nightly", {})
        state.finish_run(run_id, "succeeded", totals={"rows": 0})
    two_days_ago = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    conn = sqlite3.connect(metadata / STATE_FILE)
    with conn:
        conn.execute("UPDATE runs SET started_at = ?", (two_days_ago,))
    conn.close()
    local_now = datetime.now(ZoneInfo(TZ))
    nightly_time = f"{(local_now - timedelta(hours=2)):%H:%M}"
    context_settings = {"schedule__nightly_time": nightly_time}
    window_done = []
    resident = make_app(**context_settings)
    resident.window.engine.finished.connect(window_done.append)
    qtbot.waitUntil(lambda: bool(window_done), timeout=RUN_MS)
    assert resident.nightly.launches == 1
    assert resident.nightly.last_launched.trigger == "catch-up"
    assert runs(resident)[-1] == ("catch-up", "succeeded"), window_done[0]
    resident.nightly.scheduler.poke()
    qtbot.wait(1500)
    assert resident.nightly.launches == 1 and len(window_done) == 1
    assert resident.nightly.scheduler.check() is None


def test_new_settings_move_the_nightly_time(qtbot, make_app):
    resident = make_app()
    window = resident.window
    settings = copy.deepcopy(window.context.settings)
    local_now = datetime.now(ZoneInfo(TZ))
    settings.schedule.nightly_time = f"{(local_now + timedelta(hours=3)):%H:%M}"
    window.context.store.replace(settings)  # from the GUI thread: the window follows at once
    expected = resident.nightly.next_run()
    assert expected is not None and expected.strftime("%H:%M") == settings.schedule.nightly_time
    assert window.schedule_label.text() == f"Next nightly sync: {expected:%a %d %b %H:%M}"
    job = resident.nightly.scheduler._aps.get_job("nightly")
    assert job.next_run_time == expected
    settings = copy.deepcopy(settings)
    settings.schedule.enabled = False
    window.context.store.replace(settings)
    assert window.schedule_label.text() == "Nightly sync: off (Settings > Schedule)"
    assert resident.nightly.next_run() is None


@pytest.fixture
def x_tray(tmp_path):
    """A real X server (Xvfb) with a real system tray (trayer), as .ci/run installs them."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = f":{pipe.readline().strip()}"
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", HOME=str(tmp_path))
    trayer = subprocess.Popen(
        ["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "200",
         "--height", "32", "--transparent", "false"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    yield env
    for process in (trayer, xvfb):
        process.terminate()
        process.wait(10)


def test_a_real_tray_icon_and_menu_on_xvfb(x_tray, tmp_path):
    """The icon embeds in trayer, shows its state in pixels, and its menu answers real clicks
    (xdotool): Pause, Open, then Quit, which ends the app."""
    child = Path(__file__).with_name("real_tray_child.py")
    done = subprocess.run(
        [sys.executable, str(child), str(tmp_path / "lake")],
        env=x_tray, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no report from the child (status {done.returncode}): {done.stderr[-3000:]}"
    seen = json.loads(lines[-1])
    assert seen["available"] and seen["tray"], seen
    assert "stuck_at" not in seen, json.dumps(seen)
    assert seen["steps"] == ["icon embedded", "menu shown", "paused", "menu shown",
                             "window shown", "menu shown"]  # fmt: skip
    assert seen["idle_red"] == 0 and seen["failed_red"] > 20, seen  # the red badge shows
    assert seen["tooltip"].startswith("NK Dash: the last run failed")
    assert seen["pause_text"] == "&Resume nightly sync" and seen["label"] == "Nightly sync: paused"
    assert seen["exit"] == 0 and done.returncode == 0
    assert not seen["scheduler_running"] and not seen["window_visible"]


def test_without_a_system_tray_the_window_stays_reachable(qtbot, make_app):
    """No tray on this desktop: `--tray` still shows a (minimised) window, and closing it
    closes the app as usual instead of hiding it where nobody can get it back."""
    resident = make_app(available=False)
    window = resident.window
    window.hide()
    resident.show(hidden=True)
    assert window.isVisible()
    assert QApplication.instance().quitOnLastWindowClosed()
    assert not resident.tray.icon.isVisible()
    notes = []
    resident.tray.notified.connect(lambda title, text: notes.append(text))
    window.close()
    assert not window.isVisible() and notes == []  # really closed, not sent to a tray


def test_months_of_nights_hold_no_more_than_the_first(qtbot, tmp_path):
    """Issue 19 (weeks in the tray): the app on the app's clock, moved night by night; each
    night the scheduler launches a run through the real engine (it fails at once on a wrong
    API key, over HTTP to the demo Odoo). What the nightly part holds stays as after the first
    night: nothing kept per night."""
    settings = demo_lake.settings_for(tmp_path / "lake", demo_lake.server())
    context = AppContext(settings, "not-the-api-key")
    engine = EngineRunner(context, Pools())
    nightly = NightlySync(context, engine)
    finished: list[object] = []
    engine.finished.connect(finished.append)
    first = datetime(2031, 5, 5, 2, 0, 2, tzinfo=ZoneInfo(TZ))  # just past the nightly 02:00
    moment = [first]
    held = []
    clock.use(lambda: moment[0])
    try:
        for night in range(NIGHTS):
            moment[0] = first + timedelta(days=night)
            due = nightly.scheduler.check()
            assert due is not None and due.scheduled.date() == moment[0].date(), night
            qtbot.waitUntil(lambda n=night: len(finished) > n, timeout=RUN_MS)
            held.append(items_held(nightly))
    finally:
        clock.use(None)
        nightly.shutdown()
    assert max(held) == held[0], held
    assert nightly.launches == NIGHTS and nightly.last_launched == due
    assert all("API key" in str(f) or "password" in str(f) for f in finished), finished[0]


def items_held(obj: object) -> int:
    """What the object's own containers hold."""
    return sum(
        len(value)
        for value in vars(obj).values()
        if isinstance(value, list | tuple | dict | set | frozenset | deque)
    )
