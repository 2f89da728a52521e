"""Crash consistency: SIGKILL the runner process at 20 seeded random points of a backfill,
spread over extract, clean, load, profit and state writes. After every kill, every partition
reads in full, the next run completes, and the totals equal Odoo's (and the profit tables are
unchanged, the data being the same).

tests/pipeline/test_runner.py kills at three partition counts; this campaign picks the exact
call (before or after it runs) with crash_child.py, so kills land mid-stream, between a temp
file and its rename, inside the profit step and between state writes.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from crash_child import SITES
from reliability_support import (
    END,
    assert_sound,
    assert_totals_equal,
    connect,
    context,
    first_day,
    start_odoo,
)

from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import StateDB, Trigger
from nkdash_desktop.pipeline.runner import RunSummary
from nkdash_desktop.pipeline.sync import backfill

SEED = 20261126
KILLS = 20
DAYS = 3
FIRST = first_day(DAYS)
CHILD = Path(__file__).with_name("crash_child.py")
PHASES = {  # where each site belongs; kills go round-robin over the phases
    "extract": [s for s in SITES if "StreamingWriter" in s],
    "clean": [s for s in SITES if "clean" in s],
    "load": [s for s in SITES if "load" in s or s.endswith("_replace")],
    "profit": [s for s in SITES if "profit" in s or "update_after_sync" in s],
    "state": [s for s in SITES if "StateDB" in s],
}
FINISH = "nkdash_desktop.lake.state.StateDB.finish_run"
SYNC_PROFIT = "nkdash_desktop.pipeline.sync.update_after_sync"
PROFIT_WRITE = "nkdash_desktop.pipeline.profit.build.replace_rows"
PROFIT = "SELECT count(*), round(sum(gross_profit), 2) FROM agg_profit_daily"


def child(odoo, root: Path, *mode: str) -> subprocess.CompletedProcess:
    argv = [sys.executable, str(CHILD), odoo.url, odoo.db, str(root), FIRST.isoformat(),
            END.isoformat(), *mode]  # fmt: skip
    return subprocess.run(argv, capture_output=True, text=True, timeout=120)


def kill_points(counts: Counter[str]) -> list[tuple[str, str, str, int]]:
    """20 (phase, site, before/after, n-th call) points, reproducible from SEED."""
    rng = random.Random(SEED)
    phases = list(PHASES)
    points = []
    for i in range(KILLS):
        phase = phases[i % len(phases)]
        site = rng.choice([s for s in PHASES[phase] if counts[s] > 0])
        points.append((phase, site, rng.choice(["before", "after"]), rng.randint(1, counts[site])))
    return points


def profit_totals(root: Path) -> tuple:
    con = open_catalog(root)
    try:
        return con.execute(PROFIT).fetchone()
    finally:
        con.close()


@pytest.fixture(scope="module")
def odoo():
    with start_odoo(days=DAYS + 2) as srv:
        yield srv


def test_twenty_kills_lose_nothing(odoo, tmp_path):
    root = tmp_path / "lake"
    first = backfill(context(odoo, root), FIRST, END)
    assert isinstance(first, RunSummary) and first.status == "succeeded", first.sentence
    reference = profit_totals(root)
    assert reference[0] > 0  # there is profit to compare

    counted = child(odoo, root, "count")  # the same work, uninterrupted: how often each site runs
    assert counted.returncode == 0, counted.stderr[-2000:]
    result = json.loads(counted.stdout.strip().splitlines()[-1])
    assert result["status"] == "succeeded"
    counts = Counter(result["counts"])
    assert all(any(counts[s] for s in sites) for sites in PHASES.values()), counts

    survived: Counter[str] = Counter()
    for phase, site, when, n in kill_points(counts):
        where = f"{'.'.join(site.rsplit('.', 2)[-2:])} {when} call {n}"
        started = time.monotonic()
        killed = child(odoo, root, "kill", site, when, str(n))
        assert killed.returncode == -signal.SIGKILL, f"{where}: not killed\n{killed.stderr[-1500:]}"

        assert_sound(root, ended=False)  # every partition readable right after the kill
        summary = backfill(context(odoo, root), FIRST, END)
        assert isinstance(summary, RunSummary) and summary.status == "succeeded", (
            f"{where}: {summary.sentence}"
        )
        assert_sound(root)
        with StateDB(LakeLayout(root).metadata) as state:
            # named so, unless it had ended already (a kill between a month's publish and its
            # document totals adds the next run's upgrade run: not the killed one)
            runs = [r for r in state.runs() if r.trigger != Trigger.UPGRADE]
            killed_run = runs[1].status
        assert killed_run == ("succeeded" if (site, when) == (FINISH, "after") else "interrupted")
        assert_totals_equal(odoo, root, FIRST, END)
        assert profit_totals(root) == reference, where
        survived[phase] += 1
        print(f"{where}: survived, {time.monotonic() - started:.1f} s", flush=True)
    print(f"\nkills survived per phase: {dict(survived)}")
    assert sum(survived.values()) == KILLS


@pytest.mark.parametrize(("site", "when"), [(SYNC_PROFIT, "before"), (PROFIT_WRITE, "after")])
def test_a_run_killed_before_its_profit_step_owes_it_to_the_next(tmp_path, site, when):
    """Regression: loads are recorded as they land, so a run killed after reloading a changed
    day but before its profit step left that day's profit stale for good: the next run
    skipped the day as complete."""
    with start_odoo(days=DAYS + 2) as srv:
        root = tmp_path / "lake"
        assert backfill(context(srv, root), FIRST, END).status == "succeeded"
        with connect(srv.url, srv.db) as client:  # an order of the last day is deleted
            gone = client.search_read("pos.order", [("state", "=", "done")], ["id"], limit=1)
        srv.unlink("pos.order", [gone[0]["id"]])
        killed = child(srv, root, "kill", site, when, "1")  # rerun_all reloads every day
        assert killed.returncode == -signal.SIGKILL, killed.stderr[-1500:]
        summary = backfill(context(srv, root), FIRST, END)
        assert isinstance(summary, RunSummary) and summary.status == "succeeded"
        reference = tmp_path / "reference"  # the same data, never interrupted
        assert backfill(context(srv, reference), FIRST, END).status == "succeeded"
    assert profit_totals(root) == profit_totals(reference)
    assert not (LakeLayout(root).metadata / "profit-pending.json").exists()


def test_kill_points_are_reproducible():
    counts = Counter(dict.fromkeys(SITES, 7))
    assert kill_points(counts) == kill_points(counts)
    assert Counter(p[0] for p in kill_points(counts)) == dict.fromkeys(PHASES, KILLS // 5)


def test_every_site_belongs_to_a_phase():
    assert sorted(s for sites in PHASES.values() for s in sites) == sorted(SITES)
