"""Run a backfill in a child process so a test can SIGKILL it mid-write.

python crash_runner.py URL DB LAKE_ROOT FIRST LAST
"""

from __future__ import annotations

import sys
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


if __name__ == "__main__":
    main()
