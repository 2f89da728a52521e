"""Load: a 5-year backfill through the app, watched for stalls and sampled for memory.

    python bench/reliability_load.py [--days 1826] [--out result.json]

The demo Odoo (small scale, `--days` business days ending yesterday) runs in a process of its
own, as a real Odoo does. The main window opens offscreen on an empty lake and the backfill of
the whole range runs through the app's EngineRunner (worker threads, as "Backfill..." does);
meanwhile the operator switches tabs every 500 ms, a 10 ms event-loop watchdog
(nkdash_desktop/ui/runtime/watchdog.py) records every gap (and samples the UI thread's stack in
those over 40 ms), and a sampler reads the app process's resident memory (RSS) every 250 ms.
Reported: the run, the worst stall (the app's share of a gap, less the time the UI thread waited
for a CPU taken by other processes), the ticks over 100 ms, the peak RSS, and what the UI thread
was in during the worst stalls. Wait for other benchmarks to finish first: they distort the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")  # WebEngine as root (CI machines)

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nkdash_desktop.pipeline.days import today
from nkdash_desktop.settings import Settings

TZ = "Asia/Jakarta"
DEMO_KEY = "nkdash-demo-admin-key"
MAX_STALL_MS = 100
SERVER = (
    "import sys; from nkdash_desktop.demo.data import DemoConfig; "
    "from nkdash_desktop.demo.server import DemoOdoo; "
    "srv = DemoOdoo(DemoConfig(days=int(sys.argv[1]), scale='small'), port=0).start(); "
    "print(srv.url, srv.db, flush=True); sys.stdin.read()"
)


class RssSampler(threading.Thread):
    """The peak resident memory of this process (and of its WebEngine helpers, apart)."""

    def __init__(self, every_s: float = 0.25) -> None:
        super().__init__(daemon=True, name="rss-sampler")
        self.every_s, self.stop_event = every_s, threading.Event()
        self.peak_app = self.peak_total = 0
        self.samples = 0

    def run(self) -> None:
        me = psutil.Process()
        while not self.stop_event.wait(self.every_s):
            app = me.memory_info().rss
            helpers = 0
            for child in me.children(recursive=True):
                with contextlib.suppress(psutil.Error):  # a helper may just have exited
                    helpers += child.memory_info().rss
            self.peak_app = max(self.peak_app, app)
            self.peak_total = max(self.peak_total, app + helpers)
            self.samples += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=1826)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(args.days)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert server.stdout is not None
    url, db = server.stdout.readline().split()
    print(f"demo Odoo: {args.days} days generated in {time.perf_counter() - started:.0f} s")

    from PySide6.QtCore import QTimer

    from nkdash_desktop.ui.app import ensure_app
    from nkdash_desktop.ui.runtime.context import AppContext
    from nkdash_desktop.ui.runtime.watchdog import Watchdog
    from nkdash_desktop.ui.window.mainwindow import MainWindow

    app = ensure_app()
    home = Path(tempfile.mkdtemp(prefix="nkdash-load-"))
    os.environ["NKDASH_HOME"] = str(home / "home")
    settings = Settings()
    settings.odoo.url, settings.odoo.database, settings.odoo.login = url, db, "admin"
    settings.odoo.timezone = TZ
    settings.odoo.connections = 3  # the app's default
    settings.lake.root = str(home / "lake")
    window = MainWindow(AppContext(settings, DEMO_KEY))
    window.show()
    yesterday = today(TZ) - timedelta(days=1)
    first = yesterday - timedelta(days=args.days - 1)

    dog, sampler = Watchdog(tick_ms=10, sample_after_ms=40), RssSampler()
    result: dict[str, object] = {}
    clicks = [0]

    def operator() -> None:
        clicks[0] += 1
        dog.doing = f"tab {clicks[0] % window.tabs.count()}"
        window.tabs.setCurrentIndex(clicks[0] % window.tabs.count())

    def finished(summary: object) -> None:
        result["summary"] = getattr(summary, "sentence", None) or str(summary)
        result["status"] = getattr(summary, "status", "error")
        QTimer.singleShot(500, app.quit)  # the lake's refresh after the run, still watched

    tabs = QTimer(interval=500)
    tabs.timeout.connect(operator)
    window.engine.finished.connect(finished)

    def begin() -> None:  # every tab's page loaded once (as the UI test does), then the run
        window.tabs.setCurrentIndex(0)
        dog.start()
        marks["run"] = time.perf_counter()
        dog.doing = "Backfill"
        window.engine.backfill(first, yesterday)
        tabs.start()

    marks: dict[str, float] = {}
    sampler.start()
    for i in range(window.tabs.count()):
        QTimer.singleShot(800 * i, lambda i=i: window.tabs.setCurrentIndex(i))
    QTimer.singleShot(800 * window.tabs.count() + 500, begin)
    app.exec()
    run_started = marks["run"]
    seconds = time.perf_counter() - run_started
    tabs.stop()
    dog.stop()
    sampler.stop_event.set()
    sampler.join()
    window.close()
    server.stdin.close()  # type: ignore[union-attr]
    server.wait(30)

    worst = dog.worst()
    figures = {
        "days": args.days,
        "range": f"{first} .. {yesterday}",
        "status": result.get("status"),
        "run": result.get("summary"),
        "seconds": round(seconds, 1),
        "ticks": len(dog.gaps),
        "tab_switches": clicks[0],
        "worst_stall_ms": round(dog.stall(worst), 1),
        "worst_stall_during": worst[2],
        "worst_wall_gap_ms": round(max((g[0] for g in dog.gaps), default=0.0), 1),
        "stalls_over_100ms": sum(1 for g in dog.gaps if dog.stall(g) > MAX_STALL_MS),
        "stalls_over_100ms_at": [  # seconds into the run, stall ms, what the operator did
            (round(t, 1), round(dog.stall(g)), g[2])
            for t, g in zip(dog.at, dog.gaps, strict=True)
            if dog.stall(g) > MAX_STALL_MS
        ],
        "peak_rss_app_mb": round(sampler.peak_app / 2**20),
        "peak_rss_with_webengine_mb": round(sampler.peak_total / 2**20),
        "rss_samples": sampler.samples,
        "load_average": round(os.getloadavg()[0], 1),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(figures, indent=2))
    print("\n".join(dog.blocked_in()))  # what the UI thread was blocked in at the worst stalls
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    os._exit(0 if figures["status"] == "succeeded" else 1)  # skip WebEngine's slow teardown


if __name__ == "__main__":
    main()
