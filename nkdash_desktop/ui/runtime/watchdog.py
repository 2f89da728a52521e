"""An event-loop watchdog: a precise timer on the UI thread records the gaps between its ticks;
a long gap is a stall the operator would feel.

On a shared machine part of a gap can be time the UI thread spent ready to run while the OS
gave the CPUs to other processes (its run-queue wait, from /proc on Linux): `stall()` counts
only the app's own share. Used by the UI tests and bench/reliability_load.py.

A gap the UI thread spends neither computing nor waiting for a CPU is time it was blocked: on
the interpreter lock, a mutex, a wait. `Watchdog(sample_after_ms=40)` names the cause: a sampler
thread takes the UI thread's Python stack once the thread has not ticked for that long, with
the other Python threads' stacks and the CPU each used meanwhile (the one that burned it while
the UI thread slept held what it waited for). Off by default: then no thread runs.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer

TICK_MS = 10
SAMPLE_EVERY_S = 0.005  # how often the sampler looks whether the UI thread ticked
STACK_DEPTH = 8  # innermost frames kept of a stack


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


def _thread_cpu_s(ident: int) -> float | None:
    """CPU seconds a Python thread (by its ident) has used; None when it cannot be told."""
    try:
        return time.clock_gettime(time.pthread_getcpuclockid(ident))
    except (AttributeError, OSError):  # not POSIX, or the thread just ended
        return None


def _task_state(native_id: int) -> str:
    """The thread's scheduler state and where the kernel has it wait ('S futex_wait_queue')."""
    try:
        with open(f"/proc/self/task/{native_id}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        with open(f"/proc/self/task/{native_id}/wchan") as f:
            return f"{state} {f.read().strip()}".strip()
    except OSError:
        return "?"


def _tasks() -> dict[str, tuple[float, float, int, str]]:
    """Every thread of the process (OS threads too: DuckDB's, polars', Qt's) as 'name tid' ->
    (CPU ms, ms waited for a CPU while ready, niceness, state: R, S, D for disk), from /proc;
    {} when not Linux."""
    out: dict[str, tuple[float, float, int, str]] = {}
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/self/task/{tid}/stat") as f:
                head, tail = f.read().rsplit(")", 1)
            with open(f"/proc/self/task/{tid}/schedstat") as f:
                cpu, wait = f.read().split()[:2]
        except OSError:  # it just ended
            continue
        name = head.split("(", 1)[1]
        fields = tail.split()
        out[f"{name} {tid}"] = (int(cpu) / 1e6, int(wait) / 1e6, int(fields[16]), fields[0])
    return out


def _stack(frame) -> list[str]:
    """The innermost frames as 'file:line function', innermost last."""
    summary = traceback.extract_stack(frame)[-STACK_DEPTH:]
    return [f"{os.path.basename(f.filename)}:{f.lineno} {f.name}" for f in summary]


@dataclass
class GapSample:
    """What the sampler saw while one gap lasted (`gap`: its index in Watchdog.gaps)."""

    gap: int
    ui_stacks: list[list[str]] = field(default_factory=list)  # one per look, distinct
    ui_states: list[str] = field(default_factory=list)  # the UI thread's /proc state per look
    others: dict[str, list[str]] = field(default_factory=dict)  # thread -> its stack (last look)
    cpu_ms: dict[str, float] = field(default_factory=dict)  # thread -> CPU used since first look
    late_ms: float = 0.0  # the sampler's worst wake-up lateness less its wait for a CPU
    # every OS thread's CPU and run-queue wait since the first look, niceness, last state
    tasks: dict[str, tuple[float, float, int, str]] = field(default_factory=dict)

    def busiest(self, n: int = 3) -> list[tuple[str, float]]:
        return sorted(self.cpu_ms.items(), key=lambda kv: -kv[1])[:n]

    def describe(self) -> str:
        lines = [f"gap {self.gap}: UI thread {', '.join(sorted(set(self.ui_states)))}; "
                 f"sampler blocked up to {self.late_ms:.0f} ms"]  # fmt: skip
        waited = sorted(self.tasks.items(), key=lambda kv: -kv[1][1])[:4]
        lines.append("  waited for a CPU: " + ", ".join(
            f"{name} (nice {nice}) {wait:.0f} ms, ran {cpu:.0f} ms"
            for name, (cpu, wait, nice, _) in waited))  # fmt: skip
        if disk := [name for name, task in self.tasks.items() if task[3] == "D"]:
            lines.append("  waiting for the disk: " + ", ".join(disk))
        for stack in self.ui_stacks:
            lines.append("  UI: " + " <- ".join(reversed(stack)))
        for name, ms in self.busiest():
            lines.append(f"  {name} used {ms:.0f} ms CPU: " + " <- ".join(
                reversed(self.others.get(name, [])[-4:])))  # fmt: skip
        return "\n".join(lines)


class _Sampler(threading.Thread):
    def __init__(self, dog: Watchdog, after_s: float) -> None:
        super().__init__(daemon=True, name="watchdog-sampler")
        self.dog, self.after_s = dog, after_s
        self.ui_ident = threading.main_thread().ident if dog.ui_ident is None else dog.ui_ident
        self.ui_native = dog.ui_native
        self.halt = threading.Event()

    def run(self) -> None:
        sample: GapSample | None = None
        start_cpu: dict[str, float] = {}
        start_tasks: dict[str, tuple[float, float, int, str]] = {}
        while True:
            before = time.perf_counter(), run_queue_wait_s()
            if self.halt.wait(SAMPLE_EVERY_S):
                return
            now = time.perf_counter()
            # woken late and not for want of a CPU: it waited for the interpreter lock
            late_ms = (now - before[0] - SAMPLE_EVERY_S - run_queue_wait_s() + before[1]) * 1000
            gap, ticked_at = self.dog._mark
            if now - ticked_at < self.after_s:
                sample = None
                continue
            if sample is None or sample.gap != gap:
                sample = GapSample(gap)
                self.dog.samples.append(sample)
                start_cpu, start_tasks = {}, _tasks()
            sample.late_ms = max(sample.late_ms, late_ms)
            self._look(sample, start_cpu)
            sample.tasks = {
                name: (cpu - start_tasks[name][0], wait - start_tasks[name][1], nice, state)
                for name, (cpu, wait, nice, state) in _tasks().items()
                if name in start_tasks
            }

    def _look(self, sample: GapSample, start_cpu: dict[str, float]) -> None:
        names = {t.ident: t.name for t in threading.enumerate()}
        for ident, frame in sys._current_frames().items():
            if ident == threading.get_ident():
                continue
            name = "UI" if ident == self.ui_ident else names.get(ident, f"thread {ident}")
            stack = _stack(frame)
            cpu = _thread_cpu_s(ident)
            if cpu is not None:
                start_cpu.setdefault(name, cpu)
                sample.cpu_ms[name] = (cpu - start_cpu[name]) * 1000
            if ident == self.ui_ident:
                if stack not in sample.ui_stacks:
                    sample.ui_stacks.append(stack)
                sample.ui_states.append(_task_state(self.ui_native))
            else:
                sample.others[name] = stack


class Watchdog:
    def __init__(self, tick_ms: int = TICK_MS, sample_after_ms: float | None = None) -> None:
        """`sample_after_ms`: sample the UI thread's stack once it has not ticked that long
        (`samples`); None: no sampling."""
        self.timer = QTimer(interval=tick_ms, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[tuple[float, float, str]] = []  # wall ms, run-queue wait ms, doing
        self.at: list[float] = []  # seconds since start() at the end of each gap
        self.doing = ""  # what the operator did last, to name a stall
        self.samples: list[GapSample] = []
        self.sample_after_ms = sample_after_ms
        self.ui_ident: int | None = None
        self.ui_native = 0
        self._sampler: _Sampler | None = None
        self._mark = (
            0,
            0.0,
        )  # (index of the gap going on, when it began): one tuple, swapped whole
        self._last = (0.0, 0.0)
        self._cpu = 0.0
        self._started = 0.0

    def start(self) -> None:
        self._last = (time.perf_counter(), run_queue_wait_s())
        self._started = self._last[0]
        self._cpu = time.thread_time()
        self._mark = (len(self.gaps), self._last[0])
        self.ui_ident, self.ui_native = threading.get_ident(), threading.get_native_id()
        if self.sample_after_ms is not None:
            self._sampler = _Sampler(self, self.sample_after_ms / 1000)
            self._sampler.start()
        self.timer.start()

    def _tick(self) -> None:
        now = (time.perf_counter(), run_queue_wait_s())
        wall, waited = (now[0] - self._last[0]) * 1000, (now[1] - self._last[1]) * 1000
        cpu = (time.thread_time() - self._cpu) * 1000
        self._cpu = time.thread_time()
        self.gaps.append((wall, waited, f"{self.doing} cpu {cpu:.0f}"))
        self.at.append(now[0] - self._started)
        self._last = now
        self._mark = (len(self.gaps), now[0])

    def stop(self) -> None:
        self.timer.stop()
        if self._sampler is not None:
            self._sampler.halt.set()
            self._sampler.join()
            self._sampler = None

    def stall(self, gap: tuple[float, float, str]) -> float:
        """The app's share of a gap: its wall time less the wait for a CPU."""
        return gap[0] - gap[1]

    def worst(self) -> tuple[float, float, str]:
        return max(self.gaps, key=self.stall) if self.gaps else (0.0, 0.0, "")

    def sampled(self, gap: int) -> GapSample | None:
        """What the sampler saw during the gap of that index (None: not sampled)."""
        return next((s for s in self.samples if s.gap == gap), None)

    def blocked_in(self, n: int = 5) -> list[str]:
        """The `n` worst stalls with what the sampler saw during each (sampled ones only)."""
        worst = sorted(range(len(self.gaps)), key=lambda i: -self.stall(self.gaps[i]))[:n]
        return [
            f"{self.stall(self.gaps[i]):.0f} ms during {self.gaps[i][2]}: {seen.describe()}"
            for i in worst
            if (seen := self.sampled(i)) is not None
        ]
