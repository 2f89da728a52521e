"""The building blocks: run_task hands results to the UI thread, the log tail stays bounded,
and the emit() reference leak of the Qt binding cannot crash the app."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from nkdash_desktop.ui.runtime.qt_workarounds import BALLAST, leaks
from nkdash_desktop.ui.runtime.tasks import run_task
from nkdash_desktop.ui.widgets.logview import LogTail, LogView


def test_results_and_errors_reach_the_ui_thread(qtbot):
    main = threading.get_ident()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    run_task(work, lambda v: seen.update(done=(v, threading.get_ident())))

    def boom() -> None:
        raise ValueError("no such day")

    run_task(
        boom,
        lambda v: seen.update(wrong=v),
        lambda e: seen.update(error=(e, threading.get_ident())),
    )
    qtbot.waitUntil(lambda: "done" in seen and "error" in seen, timeout=5000)
    assert seen["worker"] != main
    assert seen["done"] == (42, main)
    error, thread = seen["error"]
    assert isinstance(error, ValueError) and thread == main
    assert "wrong" not in seen


def test_a_result_for_a_deleted_widget_is_dropped(qtbot):
    owner = QWidget()
    gate = threading.Event()
    delivered = []
    pool = QThreadPool()
    run_task(lambda: gate.wait(5) or "late", delivered.append, pool=pool, owner=owner)
    owner.deleteLater()
    qtbot.wait(50)  # the widget is gone before the work ends
    gate.set()
    pool.waitForDone(5000)
    qtbot.wait(100)
    assert delivered == []


def test_the_log_tail_is_bounded(qtbot):
    tail = LogTail(size=5)
    view = LogView(tail)
    qtbot.addWidget(view)
    logger = logging.getLogger("nkdash_desktop.test_tail")
    logger.addHandler(tail)
    logger.setLevel(logging.INFO)
    try:
        for i in range(12):
            logger.info("line %d", i)
        logging.getLogger("httpx").addHandler(tail)
        logging.getLogger("httpx").info("HTTP Request: POST ...")  # library chatter: left out
        logging.getLogger("httpx").removeHandler(tail)
    finally:
        logger.removeHandler(tail)
    assert [line.rsplit(" ", 1)[-1] for line in tail.lines] == ["7", "8", "9", "10", "11"]
    qtbot.waitUntil(lambda: view.document().blockCount() == 5, timeout=2000)
    assert view.toPlainText().splitlines()[-1].endswith("line 11")
    view.restart()
    assert not tail.lines and view.toPlainText() == ""


class _Chatty(QObject):
    ping = Signal(object)


def test_the_bindings_leaks_cannot_free_none_or_true():
    """PySide6 6.12's void calls take a reference from None, emit() one from True (see
    qt_workarounds): far more of them than their natural counts must not crash."""
    found = leaks()
    if any(found.values()):  # the binding leaks: the suite's start protected them (conftest)
        assert sys.getrefcount(None) > BALLAST // 2 and sys.getrefcount(True) > BALLAST // 2
    chatty = _Chatty()
    chatty.ping.connect(lambda _: None)
    for _ in range(200_000):
        chatty.ping.emit(None)
        chatty.setObjectName("chatty")
    assert sys.getrefcount(True) > 1_000 and sys.getrefcount(None) > 1_000


def test_the_guard_is_applied_by_the_app_start_not_by_importing_the_ui():
    """Importing `ui` changes no interpreter state; `ensure_app` applies the guard where the
    binding leaks and the Python needs it."""
    code = (
        "import sys\n"
        "import nkdash_desktop.ui.window.mainwindow\n"
        "from nkdash_desktop.ui.runtime.qt_workarounds import BALLAST, leaks, needs_guard\n"
        "before = sys.getrefcount(None)\n"
        "leaking = needs_guard() and any(leaks().values())\n"
        "from nkdash_desktop.ui.app import ensure_app\n"
        "ensure_app()\n"
        "print(before < BALLAST // 2, leaking, sys.getrefcount(None) > BALLAST // 2)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    imported_untouched, leaking, guarded = done.stdout.split()
    assert imported_untouched == "True", done.stderr
    assert guarded == leaking


def test_a_run_and_the_threads_it_starts_run_below_the_ui():
    """The engine's worker lowers its priority; the run's own threads inherit it (Linux)."""
    from nkdash_desktop.ui.runtime.engine import background_priority
    from nkdash_desktop.ui.runtime.tasks import RUN_NICE

    def nice() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    seen: dict[str, int] = {}

    def engine_worker() -> None:
        background_priority()
        seen["worker"] = nice()
        child = threading.Thread(target=lambda: seen.__setitem__("child", nice()))
        child.start()
        child.join()

    ui = nice()
    worker = threading.Thread(target=engine_worker)
    worker.start()
    worker.join()
    lowered = min(19, ui + RUN_NICE)  # above the UI thread's, whatever the app started at
    assert seen == {"worker": lowered, "child": lowered}
    assert nice() == ui  # the UI thread keeps its own
