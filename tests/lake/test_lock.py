from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from nkdash_desktop.lake.lock import (
    LOCK_FILE,
    SIDECAR_FILE,
    LakeBusyError,
    WriterLock,
    current_holder,
    host_name,
    read_sidecar,
)

REPO = Path(__file__).resolve().parents[2]
BUSY = re.compile(
    r"a run is already in progress \(started (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) by the (app|CLI), "
    r"pid (\d+) on (.+)\)"
)

# Takes the lock, says so, and holds it until its stdin closes (or it is killed).
HOLDER = """
import sys
from pathlib import Path
from nkdash_desktop.lake.lock import WriterLock
lock = WriterLock(Path(sys.argv[1]), owner=sys.argv[2], description="nightly sync").acquire()
print("locked", flush=True)
sys.stdin.read()
lock.release()
"""

# Waits for "go" so that several start at the same instant, then tries once.
RACER = """
import sys
from pathlib import Path
from nkdash_desktop.lake.lock import LakeBusyError, WriterLock
print("ready", flush=True)
sys.stdin.readline()
try:
    lock = WriterLock(Path(sys.argv[1]), owner="cli").acquire()
except LakeBusyError as exc:
    print("busy", exc, flush=True)
    sys.exit(0)
print("won", flush=True)
sys.stdin.read()
lock.release()
"""


@pytest.fixture
def metadata(tmp_path) -> Path:
    # spaces and non-ASCII characters on purpose: operators pick folders like these
    return tmp_path / "Data Lake ñ 数据 é" / "metadata"


def spawn(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=REPO,
    )


@pytest.fixture
def holder(metadata):
    """Start a process holding the lock; stopped (gently or not) at the end of the test."""
    procs: list[subprocess.Popen[str]] = []

    def start(owner: str = "app") -> subprocess.Popen[str]:
        proc = spawn(HOLDER, str(metadata), owner)
        procs.append(proc)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "locked"
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def stop(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    assert proc.wait(timeout=10) == 0


def assert_busy_message(message: str, pid: int, owner: str) -> None:
    match = BUSY.fullmatch(message)
    assert match, message
    started, who, found_pid, host = match.groups()
    assert who == owner and int(found_pid) == pid and host == host_name()
    # the operator's local clock, to the minute
    delta = datetime.now() - datetime.strptime(started, "%Y-%m-%d %H:%M")
    assert 0 <= delta.total_seconds() < 180


def test_acquire_writes_sidecar_and_release_removes_it(metadata):
    with WriterLock(metadata, owner="cli", description="backfill 2026-01") as lock:
        assert lock.held
        holder = read_sidecar(metadata)
        assert holder is not None
        assert (holder.pid, holder.host, holder.owner) == (os.getpid(), host_name(), "cli")
        assert holder.description == "backfill 2026-01"
        assert datetime.fromisoformat(holder.started_at).tzinfo is not None
        assert current_holder(metadata) == holder
    assert not lock.held
    assert not (metadata / SIDECAR_FILE).exists()
    assert (metadata / LOCK_FILE).exists()  # never deleted: see WriterLock.acquire
    assert current_holder(metadata) is None
    lock.release()  # a second release is harmless


def test_second_process_is_refused_with_who_holds_it(metadata, holder):
    proc = holder("app")
    started = time.monotonic()
    with pytest.raises(LakeBusyError) as info:
        WriterLock(metadata, owner="cli").acquire()
    assert time.monotonic() - started < 0.4  # non-blocking: a named live holder means no wait
    assert_busy_message(str(info.value), proc.pid, "app")
    assert info.value.holder is not None and info.value.holder.description == "nightly sync"
    found = current_holder(metadata)
    assert found is not None and found.pid == proc.pid
    stop(proc)
    with WriterLock(metadata, owner="cli"):
        assert read_sidecar(metadata).pid == os.getpid()


def test_cli_holder_is_named_as_such(metadata, holder):
    proc = holder("cli")
    with pytest.raises(LakeBusyError) as info:
        WriterLock(metadata).acquire()
    assert_busy_message(str(info.value), proc.pid, "CLI")


def test_lock_of_a_killed_process_is_free_at_once(metadata, holder):
    proc = holder("app")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    stale = read_sidecar(metadata)
    assert stale is not None and stale.pid == proc.pid  # the crash left its sidecar behind
    assert current_holder(metadata) is None  # ...which is ignored: nobody holds the lock
    started = time.monotonic()
    with WriterLock(metadata, owner="cli", wait_s=0):
        assert time.monotonic() - started < 0.4  # no waiting: nothing holds it
        assert read_sidecar(metadata).pid == os.getpid()  # and overwritten


@pytest.mark.parametrize(
    "sidecar",
    [
        # names a live process (our parent) on this host, but the lock itself is free
        lambda: json.dumps(
            {
                "pid": os.getppid(),
                "host": host_name(),
                "owner": "app",
                "started_at": "2026-11-25T02:00:00+00:00",
            }
        ),
        lambda: '{"pid": 12',  # torn or hand-edited
    ],
    ids=["live-pid", "corrupt"],
)
def test_stale_sidecar_without_held_lock_is_overwritten(metadata, sidecar):
    metadata.mkdir(parents=True)
    (metadata / SIDECAR_FILE).write_text(sidecar(), encoding="utf-8")
    assert current_holder(metadata) is None
    with WriterLock(metadata, owner="cli"):
        holder = read_sidecar(metadata)
        assert holder is not None and holder.pid == os.getpid() and holder.owner == "cli"


def test_two_locks_in_one_process_exclude_each_other(metadata):
    first, second = WriterLock(metadata, owner="app"), WriterLock(metadata, owner="cli")
    first.acquire()
    with pytest.raises(LakeBusyError) as info:
        second.acquire()
    assert_busy_message(str(info.value), os.getpid(), "app")
    assert not second.held
    with pytest.raises(RuntimeError, match="already held"):
        first.acquire()  # not reentrant
    first.release()
    with second, pytest.raises(LakeBusyError):
        first.acquire()
    first.acquire()
    first.release()


def test_wait_s_waits_for_the_holder_to_finish(metadata):
    first = WriterLock(metadata).acquire()
    threading.Timer(0.3, first.release).start()
    started = time.monotonic()
    with WriterLock(metadata, owner="cli", wait_s=5):
        assert 0.2 < time.monotonic() - started < 3


def test_wait_s_gives_up_after_that_long(metadata):
    with WriterLock(metadata):
        started = time.monotonic()
        with pytest.raises(LakeBusyError):
            WriterLock(metadata, owner="cli").acquire(wait_s=0.3)
        assert 0.3 <= time.monotonic() - started < 2


def test_held_lock_with_unreadable_sidecar_gives_a_generic_message(metadata):
    with WriterLock(metadata):
        (metadata / SIDECAR_FILE).write_text("not json", encoding="utf-8")
        started = time.monotonic()
        with pytest.raises(LakeBusyError) as info:
            WriterLock(metadata, owner="cli").acquire()
        assert time.monotonic() - started >= 0.5  # gave a starting holder time to name itself
    assert str(info.value) == "a run is already in progress (started by another NK Dash process)"
    assert info.value.holder is None


def test_processes_starting_together_get_exactly_one_writer(metadata):
    racers = [spawn(RACER, str(metadata)) for _ in range(4)]
    try:
        for proc in racers:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        for proc in racers:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        answers = {proc.pid: proc.stdout.readline().strip() for proc in racers}  # type: ignore[union-attr]
        winners = [pid for pid, answer in answers.items() if answer == "won"]
        assert len(winners) == 1, answers
        for pid, answer in answers.items():
            if pid != winners[0]:
                assert answer.startswith("busy "), answer
                assert_busy_message(answer.removeprefix("busy "), winners[0], "CLI")
    finally:
        for proc in racers:
            if proc.stdin is not None and not proc.stdin.closed:
                proc.stdin.close()
            proc.wait(timeout=10)
    assert current_holder(metadata) is None
