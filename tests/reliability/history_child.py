"""A sync or backfill of a random history, in a child process that SIGKILLs itself at a point.

    python history_child.py URL DB LAKE NOW sync SITE WHEN N
    python history_child.py URL DB LAKE NOW backfill FIRST LAST MODE SITE WHEN N

NOW is the history's clock (naive UTC, ISO): the run's business day and this PC's clock as the
lake's state records it, as in the parent (test_stateful_sync.py). SITE, WHEN, N: see
crash_child.py (the N-th call of SITE, before or after it runs). A run that ends before the
point is reached ends normally.
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

from crash_child import instrument  # beside this script: on sys.path when it runs
from history_clock import product_clock, run_backfill, run_sync
from reliability_support import context


def main() -> None:
    url, db, root, now_text, kind = sys.argv[1:6]
    now = datetime.fromisoformat(now_text)
    rest = sys.argv[6:]
    if kind == "backfill":
        first, last, mode, *rest = rest
    site, when, n = rest
    instrument(Counter(), (site, when, int(n)))
    ctx = context(SimpleNamespace(url=url, db=db), Path(root))
    with product_clock(lambda: now):
        if kind == "sync":
            summary = run_sync(ctx)
        else:
            summary = run_backfill(ctx, date.fromisoformat(first), date.fromisoformat(last), mode)
    print(summary.status, summary.sentence)


if __name__ == "__main__":
    main()
