"""History a backfill still owes, remembered across a cancel or a crash.

Days run newest first (runner.newest_first), so a first sync or a backfill stopped midway has
loaded the newest days and not the older ones. A sync's catch-up only looks forward from the
last complete day: without a note, those older days would never be read. So before any work
a backfill writes the days it plans to `<lake>/metadata/history-pending.json`, with its run's
id; a day stays owed until a load of it succeeds in that run or a later one. The next sync
plans the owed days (sync_rules' "history" reason), the same backfill run again skips what
landed, and every run ends by writing down what is still owed (or deleting the file).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from datetime import date

from nkdash_desktop.lake.files import atomic_path
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import StateDB
from nkdash_desktop.pipeline.pending import Days, merged

log = logging.getLogger(__name__)

HISTORY_FILE = "history-pending.json"


def _read(layout: LakeLayout) -> tuple[int, Days]:
    path = layout.metadata / HISTORY_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        days = {str(n): {date.fromisoformat(d) for d in ds} for n, ds in raw["days"].items()}
        return int(raw["run"]), days
    except FileNotFoundError:
        return 0, {}
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        # a run must not fail over it: the days it listed come back with a backfill of them
        log.warning("ignoring an unreadable %s: %s", path, exc)
        return 0, {}


def owed_history(layout: LakeLayout, state: StateDB) -> Days:
    """{dataset: days a backfill planned and no run has loaded since}."""
    run_id, days = _read(layout)
    out = {n: ds - state.loaded_since(n, run_id) for n, ds in days.items()}
    return {n: ds for n, ds in out.items() if ds}


def history_owed(layout: LakeLayout) -> bool:
    """Whether an earlier backfill left older days unread (a first sync killed midway)."""
    if not (layout.metadata / HISTORY_FILE).exists():
        return False
    with StateDB(layout.metadata) as state:
        return bool(owed_history(layout, state))


def _write(layout: LakeLayout, run_id: int, days: Mapping[str, Iterable[date]]) -> None:
    if not any(days.values()):
        (layout.metadata / HISTORY_FILE).unlink(missing_ok=True)
        return
    text = json.dumps(
        {"run": run_id, "days": {n: sorted(d.isoformat() for d in ds) for n, ds in days.items()}}
    )
    with atomic_path(layout.metadata / HISTORY_FILE) as tmp:
        tmp.write_text(text, encoding="utf-8")


def owe_history(layout: LakeLayout, state: StateDB, planned: Mapping[str, Iterable[date]]) -> None:
    """A backfill's planned days join what is still owed; under the writer lock, once its run is
    recorded (the days owed before are not loaded since, so they are owed from this run on)."""
    _write(layout, state.last_run_id(), merged(owed_history(layout, state), planned))


def settle_history(layout: LakeLayout, state: StateDB) -> None:
    """At the end of a run, under the writer lock: only what is still owed stays written."""
    run_id, days = _read(layout)
    if days:
        _write(layout, run_id, owed_history(layout, state))
