"""Run a backfill in a child process so a test can SIGKILL it mid-write.

python crash_runner.py URL DB LAKE_ROOT FIRST LAST

`kill_backfill_after` starts it and kills it once the state database holds enough partition
records.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.pipeline.runner import RunContext
from nkdash_desktop.pipeline.sync import backfill


def main() -> None:
    url, db, root, first, last = sys.argv[1:6]
    ctx = RunContext(
        LakeLayout(Path(root)),
        "Asia/Jakarta",
        lambda: OdooClient(
            OdooConnection(url, db, "admin", batch_size=40), "nkdash-demo-admin-key"
        ).connect(),
        connections=2,
        owner="cli",
    )
    summary = backfill(ctx, date.fromisoformat(first), date.fromisoformat(last))
    print(summary.sentence)


def kill_backfill_after(
    odoo, root: Path, first: date, last: date, records: int, where: str = ""
) -> None:
    """Backfill `first`..`last` into `root` in a child, SIGKILLed once `records` partitions
    (matching the SQL `where`, e.g. "stage = 'load'") are recorded; fails if it ends first."""
    child = subprocess.Popen(
        [sys.executable, __file__, odoo.url, odoo.db, str(root), first.isoformat(),
         last.isoformat()],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    state_file = LakeLayout(root).metadata / "state.sqlite"
    query = "SELECT count(*) FROM partitions" + (f" WHERE {where}" if where else "")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if state_file.exists():
            try:
                with sqlite3.connect(state_file, timeout=1) as db:
                    if db.execute(query).fetchone()[0] >= records:
                        break
            except sqlite3.Error:
                pass  # the child is creating it
        time.sleep(0.01)
    assert child.poll() is None, "the run ended before the kill: " + child.stderr.read().decode()
    os.kill(child.pid, signal.SIGKILL)
    child.wait()


if __name__ == "__main__":
    main()
