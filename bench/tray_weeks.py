"""Weeks in the tray, simulated: the resident app lives 60 nights in one process.

    python bench/tray_weeks.py [--nights 60] [--out result.json]

The app (main window hidden, tray, the embedded nightly scheduler) runs on a simulated clock
against a demo Odoo in a process of its own that grows every day; now and then the PC sleeps
over nights, Odoo is down for a night, or the operator opens the window and clicks through the
tabs (tests/reliability/tray_weeks.py says how). After every night it prints the app process's
resident memory, open handles, threads, Qt objects, DuckDB connections and timers; at the end
the memory's least-squares slope over nights 8..N, each count's range in the first week and
after it, and whether the lake's run history has every night exactly once. The CI test
(tests/reliability/test_tray_weeks.py) runs 10 nights of the same. Exit status 1 when a goal
is missed: slope over 1 MB a night, a count above its first-week range, a night run twice or
missed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")  # WebEngine as root (CI machines)

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "tests" / "reliability")]

COUNTS = ("handles", "threads", "qobjects", "duckdb", "timers")
WEEK = 7
MAX_SLOPE_MB = 1.0
COLUMNS = ("number", "event", "scheduled", "trigger", "status", "seconds", "rss_mb", "handles",
           "event_fds", "threads", "pool_threads", "qobjects", "findings", "duckdb",
           "timers")  # fmt: skip


def verdict(rows: list[dict], problems: list[str]) -> dict:
    from tray_weeks import slope

    week, after = rows[:WEEK], rows[WEEK:]
    figures: dict = {
        "nights": len(rows),
        "rss_mb": {"first": rows[0]["rss_mb"], "night_7": week[-1]["rss_mb"],
                   "last": rows[-1]["rss_mb"], "max": max(r["rss_mb"] for r in rows)},
        "rss_slope_mb_per_night_8_to_n": round(slope([r["rss_mb"] for r in after]), 3),
        "counts": {
            c: {"first_week": [min(r[c] for r in week), max(r[c] for r in week)],
                "after": [min(r[c] for r in after), max(r[c] for r in after)]}
            for c in COUNTS
        },
        "runs": {e: sum(r["event"] == e for r in rows) for e in ("night", "window", "down", "sleep")},
        "history_problems": problems,
    }  # fmt: skip
    grown = [c for c, v in figures["counts"].items() if v["after"][1] > v["first_week"][1]]
    figures["grown_counts"] = grown
    figures["passed"] = (
        figures["rss_slope_mb_per_night_8_to_n"] <= MAX_SLOPE_MB and not grown and not problems
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nights", type=int, default=60)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.nights <= WEEK:
        parser.error(f"--nights must be more than a week ({WEEK})")

    import keyring
    from keyring_support import MemoryKeyring
    from PySide6.QtCore import QEventLoop

    from nkdash_desktop.ui.app import ensure_app

    home = Path(tempfile.mkdtemp(prefix="nkdash-tray-weeks-"))
    os.environ["NKDASH_HOME"] = str(home / "home")  # the app's own folders, not the user's
    keyring.set_keyring(MemoryKeyring())  # the demo's key stays in memory
    app = ensure_app()
    import tray_weeks

    def wait(condition, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"still waiting after {seconds:.0f} s")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.005)

    sim = tray_weeks.TrayWeeks(home / "lake", wait)
    rows: list[dict] = []
    print("  ".join(f"{c:>10}" for c in COLUMNS), flush=True)

    def report(night) -> None:
        row = night.row()
        row["status"] = str(row["status"])
        row["rss_mb"] = round(row["rss_mb"], 1)
        rows.append(row)
        print("  ".join(f"{row[c]!s:>10}" for c in COLUMNS), flush=True)

    started = time.perf_counter()
    try:
        sim.set_up()
        sim.run(args.nights, report)
        lake = sim.lake_problems()  # before the demo Odoo stops
    finally:
        sim.close()
    figures = verdict(rows, sim.history_problems() + lake)
    figures["seconds"] = round(time.perf_counter() - started)
    print(json.dumps(figures, indent=2))
    if args.out:
        args.out.write_text(json.dumps({"figures": figures, "nights": rows}, indent=2) + "\n")
    os._exit(0 if figures["passed"] else 1)  # skip WebEngine's slow teardown


if __name__ == "__main__":
    main()
