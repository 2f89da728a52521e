"""Benchmark: what the cost look-back adds to a first backfill (requests and seconds).

    python bench/lookback.py                 # medium demo, 180 days of history, 90-day backfill

The demo server (its own process, 20 ms latency per response like bench/backfill.py) holds
twice the backfill's days, so bills older than the lake exist. A first backfill of the last
90 days runs as `nkdash backfill` does (its profit step does the look-back); the look-back is
then timed again on its own, on the same lake: the requests and seconds it adds.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from backfill import END, SERVE

from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.pipeline.profit.lookback import look_back, read_lookback
from nkdash_desktop.pipeline.runner import RunContext
from nkdash_desktop.pipeline.sync import backfill


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--scale", default="medium")
    parser.add_argument("--latency-ms", type=float, default=20.0)
    args = parser.parse_args()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(args.days * 2), args.scale, str(args.latency_ms)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    url = server.stdout.readline().strip()  # type: ignore[union-attr]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            layout = LakeLayout(Path(tmp) / "lake")
            conn = OdooConnection(url, "nkdash_demo", "admin")

            def client() -> OdooClient:
                return OdooClient(conn, "nkdash-demo-admin-key").connect()

            ctx = RunContext(layout, "Asia/Jakarta", client, connections=3, owner="cli")
            first = END - timedelta(days=args.days - 1)
            t0 = time.perf_counter()
            summary = backfill(ctx, first, END)
            total = time.perf_counter() - t0
            lines = read_lookback(layout).filter(~read_lookback(layout)["is_bonus"]).height
            t1 = time.perf_counter()
            with client() as odoo:
                result = look_back(odoo, layout, first)
            seconds = time.perf_counter() - t1
            print(summary.sentence)
            print(
                f"first backfill of {args.days} days ({args.scale}, {args.latency_ms:.0f} ms): "
                f"{summary.requests:,} requests, {total:.1f} s; cost look-back: {lines} "
                f"products with an earlier bill, +{result.requests} requests, +{seconds:.2f} s"
            )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
