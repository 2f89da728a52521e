"""Faults injected through the demo Odoo during a real nightly sync over HTTP: each run ends with
a clear status, failed partitions are recorded and retried by the next run, nothing is
half-written, and after the retry the lake's totals equal Odoo's.

The client-level behaviour of each fault (retried or not, the sentence) is proven in
tests/odoo/test_failures.py; the runner's down-at-start record in tests/pipeline/test_runner.py.
Here the same faults hit a whole run, at the start and in the middle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from reliability_support import (
    END,
    FAST_RETRY,
    assert_sound,
    assert_totals_equal,
    context,
    failed_partitions,
    first_day,
    start_odoo,
)

from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import StateDB
from nkdash_desktop.pipeline.control import Progress
from nkdash_desktop.pipeline.runner import UNREACHABLE_IN_A_ROW, RunSummary
from nkdash_desktop.pipeline.sync import sync

DAYS = 3
FIRST = first_day(DAYS)
AS_OF = END + timedelta(days=1)


@dataclass(frozen=True)
class Fault:
    name: str
    arm: Callable[[DemoOdoo], None]
    after: int = 0  # progress events before it is armed (0: from the start)
    statuses: tuple[str, ...] = ("failed", "partial")
    words: str = ""  # what the run's error must say, when the run did not succeed
    client: tuple[tuple[str, float], ...] = ()  # connection options for this fault
    max_failed: int = 1000  # partitions the run may spend on the fault before it stops


def _set(**values: object) -> Callable[[DemoOdoo], None]:
    return lambda srv: srv.faults.update(dict(values))


FAULTS = [
    Fault("down at start", _set(down=True), statuses=("failed",), words="Cannot reach Odoo"),
    # regression: every remaining partition used to spend its full retries on a dead server
    Fault("down mid-run", _set(down=True), after=6, statuses=("failed",),
          words="Odoo stopped answering: Cannot reach Odoo",
          max_failed=UNREACHABLE_IN_A_ROW + 2),
    Fault("burst of 503/502/504", _set(error_rate=0.35, seed=3), after=3,
          statuses=("succeeded", "partial"), words="answered HTTP 50"),
    Fault("burst of 500", _set(fail_next={"n": 6, "kind": "500"}), after=4,
          statuses=("partial",), words="Odoo reported an error"),
    Fault("timeouts", _set(slow_rate=0.15, slow_seconds=1.5, seed=5), after=2,
          statuses=("succeeded", "partial"), words="did not answer within",
          client=(("timeout_s", 0.4),)),
    # as many 429s as the retries absorb even when one request meets them all (since a day's
    # payments are read once, the burst no longer spreads over two requests)
    Fault("429 rate limit", _set(fail_next={"n": FAST_RETRY.max_retries, "kind": "429"},
                                 retry_after=1), after=2, statuses=("succeeded",)),
    Fault("key revoked mid-run", lambda srv: srv.revoke("admin"), after=5, statuses=("failed",),
          words="refused"),
    Fault("dropped connections", _set(drop_rate=0.2, seed=11), after=1,
          statuses=("succeeded", "partial"), words="Cannot reach Odoo"),
]  # fmt: skip


@pytest.fixture(scope="module")
def odoo():
    with start_odoo(days=14) as srv:
        yield srv


@pytest.fixture(autouse=True)
def healthy_afterwards(odoo):
    yield
    odoo.faults.reset()
    odoo.restore("admin")


def first_run(odoo: DemoOdoo, fault: Fault, root) -> RunSummary:
    events = [0]

    def progress(event: Progress) -> None:
        events[0] += 1
        if events[0] == fault.after:
            fault.arm(odoo)

    if fault.after == 0:
        fault.arm(odoo)
    ctx = context(odoo, root, **dict(fault.client))
    summary = sync(ctx, as_of=AS_OF, first_day=FIRST, progress=progress)
    assert isinstance(summary, RunSummary)
    return summary


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_ends_clearly_and_the_next_run_heals(odoo, tmp_path, fault):
    root = tmp_path / "lake"
    summary = first_run(odoo, fault, root)
    odoo.faults.reset()
    odoo.restore("admin")
    injected = sum(odoo.faults.injected.values())

    # a clear status, recorded in the history, with one plain sentence when not a success
    assert summary.status in fault.statuses, summary.sentence
    assert len(summary.failed) <= fault.max_failed, summary.sentence
    with StateDB(LakeLayout(root).metadata) as state:
        run = state.runs()[0]
    assert run.status == summary.status
    if summary.status != "succeeded":
        assert summary.error and fault.words in summary.error, summary.error
        assert "Traceback" not in summary.error and "\n" not in summary.error
        assert run.error == summary.error
    # every failed partition is recorded for the next run; nothing is half-written
    recorded = failed_partitions(root)
    assert recorded == {(p.dataset, p.day) for p in summary.failed}
    assert_sound(root)

    second = sync(context(odoo, root), as_of=AS_OF, first_day=FIRST)
    assert isinstance(second, RunSummary)
    assert second.status == "succeeded", second.sentence
    retried = {(p.dataset, p.day) for p in second.succeeded}
    assert recorded <= retried
    assert failed_partitions(root) == set()
    assert_sound(root)
    assert_totals_equal(odoo, root, FIRST, END)
    print(f"\n{fault.name}: {summary.sentence}; {len(recorded)} retried; faults so far {injected}")
