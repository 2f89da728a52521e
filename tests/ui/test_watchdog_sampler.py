"""The watchdog's sampler names what blocked the UI thread: its stack at the time, its state
(sleeping, not computing) and the other threads'."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer

from nkdash_desktop.ui.runtime.watchdog import Watchdog

HOLD_S = 0.3  # far over the sampling threshold, whatever the machine's load


def test_sampler_names_the_lock_the_ui_thread_waited_for(qtbot):
    lock, held = threading.Lock(), threading.Event()

    def holder() -> None:
        with lock:
            held.set()
            time.sleep(HOLD_S)

    def wait_for_the_holder() -> None:  # on the UI thread: the stall to be named
        threading.Thread(target=holder, name="lock-holder").start()
        held.wait()
        with lock:
            pass

    dog = Watchdog(sample_after_ms=40)
    dog.start()
    QTimer.singleShot(50, wait_for_the_holder)
    qtbot.wait(int(HOLD_S * 1000) + 500)
    dog.stop()
    assert dog.samples, "the long gap was sampled"
    seen = max(dog.samples, key=lambda s: len(s.ui_states))
    assert any("wait_for_the_holder" in frame for stack in seen.ui_stacks for frame in stack)
    assert any(state.startswith("S") for state in seen.ui_states)  # blocked, not computing
    assert "holder" in " ".join(seen.others["lock-holder"])
    assert "wait_for_the_holder" in "\n".join(dog.blocked_in(1))


def test_no_sampler_thread_unless_asked(qtbot):
    before = threading.active_count()
    dog = Watchdog()
    dog.start()
    qtbot.wait(50)
    assert threading.active_count() == before
    dog.stop()
    assert not dog.samples
