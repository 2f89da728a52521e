"""Profit owed by an interrupted run, remembered across a crash.

Profit is computed from the star schema after a run's loads, inside the run. Loads are
recorded as they land, so a run killed after them but before (or during) the profit step
leaves days the next run would skip as complete, with no profit or stale profit: lost, in
effect, from the Profit tab. So before any work a run writes the days it plans (plus whatever
an earlier run still owed) to `<lake>/metadata/profit-pending.json`, atomically; the profit
step covers the days loaded now plus those owed, then deletes the file.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

from nkdash_desktop.lake.files import atomic_path
from nkdash_desktop.lake.layout import LakeLayout

log = logging.getLogger(__name__)

PENDING_FILE = "profit-pending.json"
DIMENSIONS = "dimensions"  # a key with no days: the tax multipliers must be checked too
Days = dict[str, set[date]]


def read_pending(layout: LakeLayout) -> Days:
    path = layout.metadata / PENDING_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {str(name): {date.fromisoformat(d) for d in days} for name, days in raw.items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, TypeError, AttributeError) as exc:  # unreadable: start afresh
        log.warning("ignoring an unreadable %s: %s", path, exc)
        return {}


def merged(*parts: Mapping[str, Iterable[date]]) -> Days:
    out: Days = defaultdict(set)
    for part in parts:
        for name, days in part.items():
            out[name] |= set(days)
    return dict(out)


def write_pending(layout: LakeLayout, days: Mapping[str, Iterable[date]]) -> None:
    text = json.dumps({n: sorted(d.isoformat() for d in ds) for n, ds in sorted(days.items())})
    with atomic_path(layout.metadata / PENDING_FILE) as tmp:
        tmp.write_text(text, encoding="utf-8")


def clear_pending(layout: LakeLayout) -> None:
    (layout.metadata / PENDING_FILE).unlink(missing_ok=True)
