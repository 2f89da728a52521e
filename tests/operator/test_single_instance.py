"""Single instance: a second launch (a real second process) makes the first show its window and
exits 0; two launches racing start one app; `--quit` quits it cleanly; a socket and a lock left
by a crashed instance are taken over."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from app_support import demo_context
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from nkdash_desktop.ui.background.resident import Resident
from nkdash_desktop.ui.background.single_instance import SingleInstance, lock_path, server_name
from nkdash_desktop.ui.window.mainwindow import MainWindow

LAUNCH_S = 120
CLAIM = (
    "import sys; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]); "
    "from nkdash_desktop.ui.background.single_instance import SingleInstance; "
    "inst = SingleInstance(sys.argv[1]); print(inst.claim(), flush=True); "
)


def claim_in_process(name: str, then: str = "") -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CLAIM + then, name], stdout=subprocess.PIPE, text=True
    )


def test_the_name_is_per_user_and_settings_folder(nkdash_home, monkeypatch, tmp_path):
    name = server_name()
    assert name.startswith("nkdash-desktop-") and name == server_name()
    monkeypatch.setenv("NKDASH_HOME", str(tmp_path / "another home"))
    assert server_name() != name


def test_a_second_launch_shows_the_first_and_exits(qtbot):
    first = SingleInstance()
    assert first.claim()
    try:
        with qtbot.waitSignal(first.activated, timeout=LAUNCH_S * 1000):
            second = claim_in_process(first.name)
        out, _ = second.communicate(timeout=LAUNCH_S)
        assert second.returncode == 0 and out.strip() == "False"
    finally:
        first.close()
    # once closed, the next launch is the first again
    third = claim_in_process(first.name)
    out, _ = third.communicate(timeout=LAUNCH_S)
    assert out.strip() == "True"


RACE = (
    "import sys; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]); "
    "from nkdash_desktop.ui.background.single_instance import SingleInstance; "
    "inst = SingleInstance(sys.argv[1]); sys.stdin.readline(); won = inst.claim(); "
    "print(won, flush=True); import time; time.sleep(3 if won else 0)"
)


def test_two_launches_racing_start_one_app(tmp_path):
    """Two double-clicks at the same instant, five times: exactly one app each time. Both
    processes are started, imported and waiting, then released by one byte each."""
    for round_ in range(5):
        name = f"{server_name()}-race{round_}"
        launches = [
            subprocess.Popen(
                [sys.executable, "-c", RACE, name],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        for launch in launches:  # released together
            assert launch.stdin is not None
            launch.stdin.write("go\n")
        for launch in launches:
            launch.stdin.flush()
        answers = sorted(launch.communicate(timeout=LAUNCH_S)[0].strip() for launch in launches)
        assert answers == ["False", "True"], f"round {round_}: {answers}"
        assert all(launch.returncode == 0 for launch in launches)


def test_quit_asks_the_running_app_to_quit(qtbot, tmp_path):
    """`nkdash --quit` (the installer before an upgrade or uninstall): the running instance gets
    `quit_requested`; with none running it exits 1."""
    instance = SingleInstance()
    assert instance.claim()
    try:
        with qtbot.waitSignal(instance.quit_requested, timeout=LAUNCH_S * 1000):
            told = subprocess.Popen([sys.executable, "-m", "nkdash_desktop", "--quit"])
        assert told.wait(LAUNCH_S) == 0
    finally:
        instance.close()
    none = subprocess.run([sys.executable, "-m", "nkdash_desktop", "--quit"], timeout=LAUNCH_S)
    assert none.returncode == 1


def test_a_crashed_instance_leaves_no_lock_behind(qtbot):
    name = server_name()
    crashed = claim_in_process(
        name, then="print(inst.server.fullServerName(), flush=True); import time; time.sleep(60)"
    )
    assert crashed.stdout.readline().strip() == "True"
    socket_file = Path(crashed.stdout.readline().strip())
    crashed.send_signal(signal.SIGKILL)  # no clean-up: the socket file stays
    crashed.wait(LAUNCH_S)
    assert socket_file.exists(), "the crash should have left its socket behind"
    assert Path(lock_path(name)).exists(), "and its lock file"
    instance = SingleInstance(name)
    assert instance.claim()  # nobody answered: taken over
    try:
        with qtbot.waitSignal(instance.activated, timeout=LAUNCH_S * 1000):
            later = claim_in_process(name)
        later.communicate(timeout=LAUNCH_S)
        assert later.returncode == 0
    finally:
        instance.close()
    assert not socket_file.exists()


def test_launching_the_app_again_raises_its_window(qtbot, tmp_path):
    """`nkdash` while the app runs hidden in the tray: the window shows, the launch exits 0."""
    window = MainWindow(demo_context(tmp_path / "lake"))  # closed and deleted below
    instance = SingleInstance()
    assert instance.claim()
    resident = Resident(window, instance, tray_available=True)
    resident.show(hidden=True)
    try:
        assert not window.isVisible()
        with qtbot.waitSignal(instance.activated, timeout=LAUNCH_S * 1000):
            again = subprocess.Popen(
                [sys.executable, "-m", "nkdash_desktop"], stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
        _, err = again.communicate(timeout=LAUNCH_S)
        assert again.returncode == 0, err[-2000:]
        assert window.isVisible()
    finally:
        resident.tray.quitting = True
        window.close()
        resident.shutdown()
        window.deleteLater()
        app = QApplication.instance()
        app.setQuitOnLastWindowClosed(True)
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
