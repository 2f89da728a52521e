"""The event loop never stalls while a real sync runs and the operator switches tabs and ranges.

A 10 ms timer on the UI thread (nkdash_desktop/ui/runtime/watchdog.py) measures the gaps between its
ticks: a long gap is a stall. The demo Odoo runs in a process of its own here, as a real Odoo
does (in this process its Python work would compete for the interpreter lock like no real
server does). The test machine may be
shared: time the UI thread spent ready to run while the OS gave the CPUs to other processes
(its run-queue wait, from /proc) is reported but not counted as the app's stall. On 2 cores the
margin is small (worst stalls of 63-127 ms were measured in quiet runs, most under 100), so
a failed measurement is taken once more on a fresh lake: an app that stalls every time still
fails, a moment of machine noise does not.

Gaps over SAMPLE_AFTER_MS get the UI thread's stack sampled (Watchdog(sample_after_ms)), and the
test prints what it was in. The stalls of 100-250 ms it named were the UI thread asleep in
polars queries at tab switches and draws (tests/ui/test_ui_thread_queries.py keeps them off the
UI thread). Since then, of nine measurements at load 6.5-12 on 2 CPUs, seven had worst stalls
of 24-98 ms; two (111, 209 ms) found the UI thread asleep inside Qt's event loop, not in Python,
while the interpreter lock was free and every thread of the app waited for a CPU: not named yet.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import demo_lake
import pytest
from demo_lake import DEMO_KEY, copy_lake, lake_range, settings_for
from PySide6.QtCore import Qt, QTimer
from ui_support import show

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.kpi.periods import PRESETS, Period
from nkdash_desktop.lake.state import StateDB
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.runtime.watchdog import Watchdog

MAX_STALL_MS = 100
OPERATOR_MS = 250  # the operator clicks four times a second
RUN_MS = 180_000
SAMPLE_AFTER_MS = 40  # a gap this long gets the UI thread's stack sampled


@pytest.fixture
def remote_odoo():
    odoo = demo_lake.remote_server()
    yield odoo
    odoo.stop()


def sync_while_operating(qtbot, make_window, lake_root, lake: Path, odoo):
    """One measurement: a sync of ten missed nights while the operator clicks; returns the run's
    summary, the watchdog, the operator's actions and the tab draws."""
    root = copy_lake(lake_root, lake)
    _, yesterday = lake_range()
    with StateDB(root / "metadata") as state:  # ten nights missed: a sync with real work
        for name, dataset in DATASETS.items():
            if dataset.kind == "daily":
                state.set_last_complete_day(name, yesterday - timedelta(days=10))
    w = make_window(AppContext(settings_for(root, odoo), DEMO_KEY))
    for tab in w.all_tabs:  # the operator has looked at every tab once (pages loaded)
        show(qtbot, w, tab)
    first, _ = lake_range()
    ranges = [lambda name=name: w.range.set_preset(name) for name in PRESETS if name != "today"]
    ranges.append(lambda: w.range.set_period(Period(first, first + timedelta(days=20))))
    steps, rendered = [0], [0]
    for tab in w.all_tabs:
        tab.rendered.connect(lambda: rendered.__setitem__(0, rendered[0] + 1))
    dog = Watchdog(sample_after_ms=SAMPLE_AFTER_MS)

    def operator() -> None:
        i = steps[0]
        steps[0] += 1
        if i % 3 == 2:
            dog.doing = f"range change {i}"
            ranges[(i // 3) % len(ranges)]()
        else:
            dog.doing = f"tab {i % len(w.all_tabs)}"
            w.tabs.setCurrentIndex(i % len(w.all_tabs))

    clicks = QTimer(interval=OPERATOR_MS)
    clicks.timeout.connect(operator)
    dog.start()
    with qtbot.waitSignal(w.engine.finished, timeout=RUN_MS) as finished:
        dog.doing = "Sync now"
        qtbot.mouseClick(w.sync_button, Qt.MouseButton.LeftButton)
        clicks.start()
    clicks.stop()
    qtbot.wait(500)  # the lake's refresh after the run, still watched
    dog.stop()
    w.close()
    return finished.args[0], dog, steps[0], rendered[0]


def test_no_stall_while_syncing_and_switching(qtbot, make_window, lake_root, tmp_path, remote_odoo):
    for attempt in (1, 2):
        summary, dog, steps, rendered = sync_while_operating(
            qtbot, make_window, lake_root, tmp_path / f"lake {attempt}", remote_odoo
        )
        assert summary.status == "succeeded", summary.sentence
        assert len(summary.succeeded) >= 40  # ten days of four datasets, and the snapshots
        # the operator really worked during the sync; a loaded machine draws fewer tabs (a
        # range change drops the older range's draw), so one is enough to prove drawing happened
        assert steps >= 8 and rendered >= 1
        worst = dog.worst()
        wall = max(g[0] for g in dog.gaps)
        print(
            f"\nattempt {attempt}: {len(dog.gaps)} ticks, {steps} operator actions, {rendered} "
            f"tab draws; worst stall {dog.stall(worst):.0f} ms ({worst[2]}); worst wall-clock "
            f"gap {wall:.0f} ms; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        print(
            sorted(((round(dog.stall(g)), round(g[0]), g[2]) for g in dog.gaps), reverse=True)[:8]
        )
        print("\n".join(dog.blocked_in()))  # what the UI thread was blocked in
        if dog.stall(worst) < MAX_STALL_MS:
            break
    assert dog.stall(worst) < MAX_STALL_MS, (
        f"the event loop stalled {dog.stall(worst):.0f} ms during {worst[2]!r} "
        f"({worst[0]:.0f} ms wall clock, {worst[1]:.0f} ms of it waiting for a CPU), twice"
    )
