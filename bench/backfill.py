"""Benchmark: a full backfill of every dataset from the demo Odoo, against the bound set by the
network alone (requests x latency / connections).

    python bench/backfill.py                          # 5 years, large scale, 20 ms, 3 connections
    python bench/backfill.py --days 90 --scale medium # a quicker look

The demo server runs in its own process (large scale: ~7 M POS lines, ~3 GB) with a fixed
latency on every response; the runner extracts, cleans and loads every day of every dataset
with `--connections` workers, exactly as `nkdash backfill` does.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import psutil

from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.pipeline.runner import RunContext
from nkdash_desktop.pipeline.sync import backfill

END = date(2026, 1, 31)
SERVE = """
import sys
from datetime import date, datetime
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
days, scale, latency = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
cfg = DemoConfig(days=days, scale=scale, flavour=19, end_date=date(2026, 1, 31),
                 now=datetime(2026, 2, 1, 3, 0))
srv = DemoOdoo(cfg, port=0).start()
srv.faults.latency_ms = latency
print(srv.url, flush=True)
srv.serve_forever()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=1826)
    parser.add_argument("--scale", default="large")
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--connections", type=int, default=3)
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args()

    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(args.days), args.scale, str(args.latency_ms)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    url = server.stdout.readline().strip()  # type: ignore[union-attr]
    print(
        f"demo server ({args.scale}, {args.days} days) up in {time.perf_counter() - started:.1f} s"
    )
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        me = psutil.Process()
        while not stop.is_set():
            peak[0] = max(peak[0], me.memory_info().rss)
            time.sleep(0.2)

    threading.Thread(target=sample, daemon=True).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "lake"
            conn = OdooConnection(url, "nkdash_demo", "admin", batch_size=args.batch)
            ctx = RunContext(
                LakeLayout(root), "Asia/Jakarta",
                lambda: OdooClient(conn, "nkdash-demo-admin-key").connect(),
                connections=args.connections, owner="cli",
            )  # fmt: skip
            first = END - timedelta(days=args.days - 1)
            t0 = time.perf_counter()
            summary = backfill(ctx, first, END)
            seconds = time.perf_counter() - t0
            stop.set()
            bound = summary.requests * args.latency_ms / 1000 / args.connections
            con = open_catalog(root)
            lines = con.execute("SELECT count(*) FROM fact_sales").fetchone()[0]
            size = sum(f.stat().st_size for f in root.rglob("*") if f.is_file())
            print(summary.sentence)
            print(
                f"backfill of {args.days} days, {lines:,} POS lines: {seconds:.0f} s "
                f"({seconds / 60:.1f} min); {summary.requests:,} requests, "
                f"{summary.bytes / 1e9:.2f} GB transferred"
            )
            print(
                f"network bound requests x latency / connections = {summary.requests:,} x "
                f"{args.latency_ms:.0f} ms / {args.connections} = {bound:.0f} s; "
                f"ratio {seconds / bound:.2f}"
            )
            print(f"lake on disk {size / 1e9:.2f} GB; runner peak RSS {peak[0] / 1e9:.2f} GB")
            print(f"finished {datetime.now():%H:%M}")
    finally:
        stop.set()
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
