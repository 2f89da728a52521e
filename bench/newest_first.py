"""Benchmark of the newest-first first sync (issue 22, item 1), on the demo Odoo, offscreen.

    python bench/newest_first.py                      # every part
    python bench/newest_first.py --part demo          # `nkdash demo` from an empty home
    python bench/newest_first.py --part year          # 1-year medium demo, first backfill
    python bench/newest_first.py --part order --days 365 --scale medium

(a) demo: what `nkdash demo` does from an empty home (start the 90-day demo Odoo, open the
    window, FirstSync) in this process; the time from the process's start (imports counted)
    until the Overview shows yesterday's revenue, then until the whole history is in. Goal 5 s.
(b) year: a demo Odoo of 365 days at medium scale already running (the shop's Odoo); after the
    setup's connection test (`connection_report`), the window and its first backfill of the
    year: the time until the Overview shows yesterday, then until the whole year is in. Goal 5 s.
(c) order: the same first backfill, headless, oldest first (the order before issue 22) and
    newest first, each on an empty lake, alternating, in this one process: total times. Goal:
    newest first no slower.
The load average is printed with each figure: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")  # WebEngine as root (CI machines)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nkdash_desktop.startup import seconds_since_process_start

TZ = "Asia/Jakarta"
DEMO_KEY = "nkdash-demo-admin-key"


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def _wait(app, until, timeout_s: float) -> float:
    started = time.perf_counter()
    while not until():
        if time.perf_counter() - started > timeout_s:
            raise TimeoutError("gave up waiting")
        app.processEvents()
        time.sleep(0.005)
    return time.perf_counter()


def _window_first_sync(app, server, settings, secret, first, last):
    """The window and its first sync, as launch() and FirstSync do; returns the window."""
    from nkdash_desktop.ui.dialogs.first_sync import FirstSync
    from nkdash_desktop.ui.runtime.context import AppContext
    from nkdash_desktop.ui.window.mainwindow import MainWindow

    window = MainWindow(AppContext(settings, secret, demo=True), deferred=True)
    window.resize(1366, 768)
    window.range.set_preset("yesterday")
    FirstSync(window, first, last).start()
    return window


def _yesterday_shown(window, yesterday):
    import polars as pl

    def shown() -> bool:
        view = getattr(getattr(window, "overview", None), "view", None)
        return (
            view is not None
            and view.period.end == yesterday
            and view.current.filter(pl.col("day") == yesterday)["revenue"].sum() > 0
        )

    return shown


def demo_part(home: Path) -> None:
    os.environ["NKDASH_HOME"] = str(home)
    from nkdash_desktop.cli.demo import DEMO_CONFIG, demo_settings, first_sync_range
    from nkdash_desktop.demo.server import DemoOdoo
    from nkdash_desktop.ui.app import ensure_app

    app = ensure_app()
    server = DemoOdoo(DEMO_CONFIG, port=0).start()
    try:
        settings = demo_settings(server)
        first, last = first_sync_range(server, settings.odoo.timezone)
        server_up = seconds_since_process_start()
        window = _window_first_sync(
            app, server, settings, server.data.users[0].api_key, first, last
        )
        marks: dict[str, float] = {}

        def mark(p) -> None:
            if p.stage == "load" and p.day is not None and "first load" not in marks:
                marks["first load"] = seconds_since_process_start()

        window.engine.progress.connect(mark)
        window.tabs_built.connect(lambda: marks.setdefault("tabs", seconds_since_process_start()))
        shown_at = _wait(app, _yesterday_shown(window, last), 120)
        shown = seconds_since_process_start()
        running = window.engine.running
        print(f"(a) nkdash demo, empty home: yesterday's figures {shown:.2f} s after start "
              f"(run still going: {running}; {load()})")  # fmt: skip
        print(f"    demo Odoo up {server_up:.2f} s, tabs built {marks.get('tabs', 0):.2f} s, "
              f"newest month loaded {marks.get('first load', 0):.2f} s")  # fmt: skip
        _wait(app, lambda: not window.engine.running, 600)
        total = seconds_since_process_start()
        print(f"    the whole {(last - first).days + 1} days in after {total:.2f} s "
              f"({time.perf_counter() - shown_at:.2f} s more; {load()})")  # fmt: skip
        window.close()
    finally:
        server.stop()


def year_part(home: Path, days: int, scale: str) -> None:
    os.environ["NKDASH_HOME"] = str(home)
    from nkdash_desktop.demo.data import DemoConfig
    from nkdash_desktop.demo.server import DemoOdoo
    from nkdash_desktop.pipeline.connect import connection_report, open_client
    from nkdash_desktop.pipeline.days import today
    from nkdash_desktop.settings import Settings
    from nkdash_desktop.ui.app import ensure_app

    app = ensure_app()
    with DemoOdoo(DemoConfig(days=days, scale=scale, flavour=19), port=0).start() as server:
        settings = Settings()
        settings.odoo.url, settings.odoo.database = server.url, server.db
        settings.odoo.login = server.data.users[0].login
        settings.odoo.timezone = TZ
        settings.lake.root = str(home / "lake")
        settings = settings.validated()
        secret = server.data.users[0].api_key
        client = open_client(settings, secret)
        try:
            report = connection_report(client)  # the setup wizard's connection test
        finally:
            client.close()
        assert report.ok, report.lines()
        tested = time.perf_counter()
        last = today(TZ) - timedelta(days=1)
        first = last - timedelta(days=days - 1)
        window = _window_first_sync(app, server, settings, secret, first, last)
        shown_at = _wait(app, _yesterday_shown(window, last), 600)
        print(f"(b) {days}-day {scale} demo, first backfill: yesterday's figures "
              f"{shown_at - tested:.2f} s after the connection test ({load()})")  # fmt: skip
        done_at = _wait(app, lambda: not window.engine.running, 3600)
        print(f"    the whole {days} days in {done_at - tested:.1f} s after it ({load()})")
        window.close()


def order_part(base: Path, days: int, scale: str, rounds: int) -> None:
    from nkdash_desktop.demo.data import DemoConfig
    from nkdash_desktop.demo.server import DemoOdoo
    from nkdash_desktop.lake.layout import LakeLayout
    from nkdash_desktop.odoo import OdooClient, OdooConnection
    from nkdash_desktop.pipeline import runner
    from nkdash_desktop.pipeline.days import today
    from nkdash_desktop.pipeline.sync import backfill

    newest_first = runner.newest_first

    def oldest_first(partitions):  # the runner's order before issue 22
        return sorted(partitions, key=lambda p: (p.day, p.dataset))

    last = today(TZ) - timedelta(days=1)
    first = last - timedelta(days=days - 1)
    times: dict[str, list[float]] = {"oldest first": [], "newest first": []}
    with DemoOdoo(DemoConfig(days=days, scale=scale, flavour=19), port=0).start() as srv:
        for i in range(rounds):
            for name, order in (("oldest first", oldest_first), ("newest first", newest_first)):
                runner.newest_first = order
                ctx = runner.RunContext(
                    LakeLayout(base / f"{name}-{i}".replace(" ", "-")), TZ,
                    lambda: OdooClient(OdooConnection(srv.url, srv.db, "admin", timezone=TZ),
                                       DEMO_KEY).connect(),
                    connections=3,
                )  # fmt: skip
                started = time.perf_counter()
                summary = backfill(ctx, first, last)
                seconds = time.perf_counter() - started
                assert summary.status == "succeeded", summary.sentence
                times[name].append(seconds)
                print(f"(c) {days}-day {scale} first backfill, {name}: {seconds:.1f} s "
                      f"({load()})", flush=True)  # fmt: skip
    runner.newest_first = newest_first
    old, new = sum(times["oldest first"]), sum(times["newest first"])
    print(f"    newest first / oldest first = {new / old:.3f} over {rounds} round(s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("demo", "year", "order", "all"), default="all")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--scale", default="medium")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nkdash-newest-") as tmp:
        base = Path(tmp)
        if args.part in ("demo", "all"):
            demo_part(base / "demo-home")
        if args.part in ("year", "all"):
            year_part(base / "year-home", args.days, args.scale)
        if args.part in ("order", "all"):
            order_part(base / "order", args.days, args.scale, args.rounds)


if __name__ == "__main__":
    main()
