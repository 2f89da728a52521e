"""An event-loop watchdog: a precise timer on the UI thread records the gaps between its ticks;
a long gap is a stall the operator would feel.

On a shared machine part of a gap can be time the UI thread spent ready to run while the OS
gave the CPUs to other processes (its run-queue wait, from /proc on Linux): `stall()` counts
only the app's own share. Used by the UI tests and bench/reliability_load.py.
"""

from __future__ import annotations

import os
import threading
import time

from PySide6.QtCore import Qt, QTimer

TICK_MS = 10


_schedstat: dict[int, int | None] = {}  # thread id -> its open schedstat file (None: none)


def run_queue_wait_s() -> float:
    """How long this thread has waited for a CPU while ready to run (Linux schedstat). The file
    stays open and is re-read in place: opening it at every tick cost the UI thread ~1 ms."""
    tid = threading.get_native_id()
    if tid not in _schedstat:
        try:
            _schedstat[tid] = os.open(f"/proc/self/task/{tid}/schedstat", os.O_RDONLY)
        except OSError:  # not Linux
            _schedstat[tid] = None
    fd = _schedstat[tid]
    return int(os.pread(fd, 128, 0).split()[1]) / 1e9 if fd is not None else 0.0


class Watchdog:
    def __init__(self, tick_ms: int = TICK_MS) -> None:
        self.timer = QTimer(interval=tick_ms, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[tuple[float, float, str]] = []  # wall ms, run-queue wait ms, doing
        self.at: list[float] = []  # seconds since start() at the end of each gap
        self.doing = ""  # what the operator did last, to name a stall
        self._last = (0.0, 0.0)
        self._cpu = 0.0
        self._started = 0.0

    def start(self) -> None:
        self._last = (time.perf_counter(), run_queue_wait_s())
        self._started = self._last[0]
        self._cpu = time.thread_time()
        self.timer.start()

    def _tick(self) -> None:
        now = (time.perf_counter(), run_queue_wait_s())
        wall, waited = (now[0] - self._last[0]) * 1000, (now[1] - self._last[1]) * 1000
        cpu = (time.thread_time() - self._cpu) * 1000
        self._cpu = time.thread_time()
        self.gaps.append((wall, waited, f"{self.doing} cpu {cpu:.0f}"))
        self.at.append(now[0] - self._started)
        self._last = now

    def stop(self) -> None:
        self.timer.stop()

    def stall(self, gap: tuple[float, float, str]) -> float:
        """The app's share of a gap: its wall time less the wait for a CPU."""
        return gap[0] - gap[1]

    def worst(self) -> tuple[float, float, str]:
        return max(self.gaps, key=self.stall) if self.gaps else (0.0, 0.0, "")
