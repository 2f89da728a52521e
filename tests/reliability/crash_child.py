"""A backfill in a child process that SIGKILLs itself at a chosen point, or counts the points.

    python crash_child.py URL DB LAKE FIRST LAST count
    python crash_child.py URL DB LAKE FIRST LAST kill SITE WHEN N
    python crash_child.py URL DB LAKE FIRST LAST run [MAX_FILE_BYTES]

`kill`: on the N-th call of SITE (a dotted name, see test_crash.SITES), before or after the
call runs (WHEN), the process sends itself SIGKILL: no handler, no cleanup, no flush, exactly
what a power cut or the task manager's "End task" does mid-write. `count` runs the same
backfill to the end and prints how often each site was called, as JSON.
`run`: the backfill alone, printing its status and sentence (or the sentence of the error that
stopped it) as JSON; with MAX_FILE_BYTES, under RLIMIT_FSIZE, so that writes beyond that size
fail as on a full disk (the fallback where a small filesystem cannot be mounted).
Always a `rerun_all` backfill, so a kill lands while good files are being replaced.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import resource
import signal
import sys
import threading
import types
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

# this script's folder is on sys.path when it runs; the repository's root too, as under pytest
# (reliability_support imports tests.document_totals)
sys.path.insert(1, str(Path(__file__).resolve().parents[2]))

from reliability_support import context

from nkdash_desktop.errors import operator_error, sentence
from nkdash_desktop.pipeline.sync import backfill

SITES = (
    "nkdash_desktop.lake.files.StreamingWriter.write",  # extract: a raw page mid-stream
    "nkdash_desktop.lake.files.StreamingWriter.commit",  # extract: a raw file complete
    "nkdash_desktop.pipeline.runner.clean_day",  # clean: one day
    "nkdash_desktop.pipeline.clean.write_frame",  # clean: one file
    "nkdash_desktop.lake.files._replace",  # any layer: temp file written, not yet renamed
    "nkdash_desktop.pipeline.runner.load_days",  # load: a month of a fact
    "nkdash_desktop.pipeline.load.replace_days",  # load: one month file
    "nkdash_desktop.pipeline.profit.build.replace_rows",  # profit: one month of a table
    "nkdash_desktop.pipeline.profit.build.replace_days",  # profit: cost events
    "nkdash_desktop.pipeline.sync.update_after_sync",  # profit: the whole step
    "nkdash_desktop.lake.state.StateDB.record_partition",  # state: a partition's status
    "nkdash_desktop.lake.state.StateDB.set_last_complete_day",  # state: progress marker
    "nkdash_desktop.lake.state.StateDB.finish_run",  # state: the run's end
)


def _owner(dotted: str) -> tuple[Any, str]:
    """The object holding the last name of `dotted` (a module or a class) and that name."""
    parts = dotted.split(".")
    for i in range(len(parts) - 1, 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for name in parts[i:-1]:
            obj = getattr(obj, name)
        return obj, parts[-1]
    raise ValueError(f"cannot resolve {dotted}")


def instrument(counts: Counter[str], kill: tuple[str, str, int] | None) -> None:
    lock = threading.Lock()
    for site in SITES:
        owner, name = _owner(site)
        original = getattr(owner, name)

        def wrapper(*args: Any, __site: str = site, __original: Any = original, **kw: Any) -> Any:
            with lock:
                counts[__site] += 1
                due = kill is not None and kill[0] == __site and counts[__site] == kill[2]
            if due and kill[1] == "before":
                os.kill(os.getpid(), signal.SIGKILL)
            result = __original(*args, **kw)
            if due:
                os.kill(os.getpid(), signal.SIGKILL)
            return result

        setattr(owner, name, functools.wraps(original)(wrapper))


def main() -> None:
    url, db, root, first, last, mode = sys.argv[1:7]
    kill = (sys.argv[7], sys.argv[8], int(sys.argv[9])) if mode == "kill" else None
    counts: Counter[str] = Counter()
    if mode == "run" and len(sys.argv) > 7:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death
        limit = int(sys.argv[7])
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    else:
        instrument(counts, kill)
    srv = types.SimpleNamespace(url=url, db=db)  # the server runs in the test's process
    try:
        summary = backfill(
            context(srv, Path(root)), date.fromisoformat(first), date.fromisoformat(last),
            mode="rerun_all",
        )  # fmt: skip
    except Exception as exc:  # what the CLI and the app would show: the sentence
        out = {"status": "raised", "sentence": sentence(exc) if operator_error(exc) else repr(exc)}
    else:
        out = {"status": summary.status, "sentence": summary.sentence, "counts": counts}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
