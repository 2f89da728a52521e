"""Benchmark of the demo Odoo server: start-up, memory, and a 2,000-row search_read page.

    python bench/demo_server.py                      # small, medium and large
    python bench/demo_server.py --scales small --pages 100

Each scale runs in its own process (so RSS is that scale's alone): the server starts (data
generation included), then an httpx client with keep-alive pages through pos.order.line by id
(`('id', '>', last)`, `order='id asc'`, limit 2,000, 10 fields including many2one and
many2many) over JSON-RPC (`/jsonrpc` execute_kw, what odoorpc sends) and JSON-2. Pages start at
random points across the table so large tables are sampled end to end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nkdash_desktop.demo import server as server_module
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo

DAYS = {"small": 90, "medium": 90, "large": 1826}
FIELDS = [
    "order_id", "product_id", "qty", "price_unit", "discount", "price_subtotal",
    "price_subtotal_incl", "tax_ids", "total_cost", "full_product_name",
]  # fmt: skip
LIMIT = 2000


def rpc_page(client: httpx.Client, odoo: Any, last: int) -> list[dict[str, Any]]:
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "id": last,
        "params": {
            "service": "object",
            "method": "execute_kw",
            "args": [
                odoo.db, 2, "nkdash-demo-admin-key", "pos.order.line", "search_read",
                [[("id", ">", last)]],
                {"fields": FIELDS, "order": "id asc", "limit": LIMIT,
                 "context": {"tz": "Asia/Jakarta"}},
            ],
        },
    }  # fmt: skip
    response = client.post("/jsonrpc", json=payload)
    response.raise_for_status()
    return response.json()["result"]


def json2_page(client: httpx.Client, odoo: Any, last: int) -> list[dict[str, Any]]:
    body = {"domain": [["id", ">", last]], "fields": FIELDS, "order": "id asc", "limit": LIMIT,
            "context": {"tz": "Asia/Jakarta"}}  # fmt: skip
    response = client.post("/json/2/pos.order.line/search_read", json=body)
    response.raise_for_status()
    return response.json()


def measure(odoo: Any, pages: int, transport: str) -> dict[str, float]:
    total = odoo.lines
    rng = random.Random(1)
    headers = {"Authorization": "bearer nkdash-demo-admin-key"}
    page = rpc_page if transport == "jsonrpc" else json2_page
    times: list[float] = []
    cpu_before = odoo.cpu_seconds()
    with httpx.Client(base_url=odoo.url, headers=headers, timeout=60) as client:
        for _ in range(3):  # warm-up: connection, caches
            page(client, odoo, 0)
        last = 0
        for i in range(pages):
            if i % 5 == 0:  # jump to a random point, then follow the keyset for a few pages
                last = rng.randrange(0, max(total - 6 * LIMIT, 1))
            started = time.perf_counter()
            rows = page(client, odoo, last)
            times.append(time.perf_counter() - started)
            assert len(rows) == LIMIT and len(rows[0]) == len(FIELDS) + 1, len(rows)
            last = rows[-1]["id"]
    times.sort()
    cpu = odoo.cpu_seconds() - cpu_before
    return {
        "server_cpu_ms": cpu / (pages + 3) * 1000,
        "min_ms": times[0] * 1000,
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(len(times) * 0.95) - 1] * 1000,
        "max_ms": times[-1] * 1000,
    }


def serve(scale: str) -> None:
    """Child process: start the server, report on stdout, serve until stdin closes."""
    config = DemoConfig(
        days=DAYS[scale], scale=scale, flavour=19, end_date=date(2026, 11, 24),
        now=datetime(2026, 11, 25, 3, 0),
    )  # fmt: skip
    started = time.perf_counter()
    odoo = DemoOdoo(config).start()
    info = {
        "port": odoo.port,
        "startup_s": time.perf_counter() - started,
        "lines": odoo.data.counts["pos.order.line"],
        "orders": odoo.data.counts["pos.order"],
    }
    handled: dict[str, list[float]] = {"/jsonrpc": [], "/json/2": []}
    serve_one = server_module._Handler._serve

    def timed(handler: Any) -> None:  # server-side time: request read to response written
        started = time.perf_counter()
        serve_one(handler)
        path = "/json/2" if handler.path.startswith("/json/2/") else handler.path
        handled.setdefault(path, []).append(time.perf_counter() - started)

    server_module._Handler._serve = timed  # type: ignore[method-assign]
    print(json.dumps(info), flush=True)
    sys.stdin.readline()  # the parent asks for the server-side times
    server_side = {}
    for path, key in (("/jsonrpc", "jsonrpc"), ("/json/2", "json2")):
        times = sorted(handled[path][3:])  # without the warm-up requests
        server_side[f"{key}_server_median_ms"] = statistics.median(times) * 1000
        server_side[f"{key}_server_p95_ms"] = times[int(len(times) * 0.95) - 1] * 1000
    print(json.dumps(server_side), flush=True)
    sys.stdin.read()
    odoo.stop()


class Remote:
    """What `measure` needs of a server running in another process."""

    def __init__(self, port: int, lines: int, process: psutil.Process) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.db = "nkdash_demo"
        self.lines = lines
        self.process = process

    def cpu_seconds(self) -> float:
        times = self.process.cpu_times()
        return times.user + times.system


def run_scale(scale: str, pages: int) -> dict[str, Any]:
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", scale],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert child.stdout is not None and child.stdin is not None
        info = json.loads(child.stdout.readline())
        process = psutil.Process(child.pid)
        rss_start = process.memory_info().rss
        remote = Remote(info["port"], info["lines"], process)
        results = {t: measure(remote, pages, t) for t in ("jsonrpc", "json2")}
        rss_end = process.memory_info().rss
        child.stdin.write("times\n")
        child.stdin.flush()
        server_side = json.loads(child.stdout.readline())
    finally:
        if child.stdin:
            child.stdin.close()
        child.wait(60)
    return {
        "scale": scale,
        "days": DAYS[scale],
        **info,
        "rss_after_start_mb": rss_start / 2**20,
        "rss_after_bench_mb": rss_end / 2**20,
        **{f"{t}_{k}": v for t, r in results.items() for k, v in r.items()},
        **server_side,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="small,medium,large")
    parser.add_argument("--pages", type=int, default=60, help="timed pages per transport")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve)
        return 0
    print(
        f"search_read of pos.order.line: {LIMIT} rows x {len(FIELDS)} fields, keyset by id, "
        f"{args.pages} timed pages per transport, httpx with keep-alive, server in its own "
        "process.\nclient = request sent to JSON parsed; server = request read to response "
        "written; CPU = server process CPU per page."
    )
    for scale in args.scales.split(","):
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        r = run_scale(scale, args.pages)
        print(
            f"\n{r['scale']}: {r['days']} days, {r['lines']:,} lines, {r['orders']:,} orders; "
            f"start-up {r['startup_s']:.1f} s (data generation included); server RSS "
            f"{r['rss_after_start_mb']:.0f} MB after start, {r['rss_after_bench_mb']:.0f} MB "
            f"after the run; machine load {load:.1f}"
        )
        for key, name in (("jsonrpc", "JSON-RPC"), ("json2", "JSON-2  ")):
            print(
                f"  {name} client min {r[f'{key}_min_ms']:5.1f}  median "
                f"{r[f'{key}_median_ms']:5.1f}  p95 {r[f'{key}_p95_ms']:6.1f} ms | server median "
                f"{r[f'{key}_server_median_ms']:5.1f}  p95 {r[f'{key}_server_p95_ms']:6.1f} ms | "
                f"CPU {r[f'{key}_server_cpu_ms']:5.1f} ms",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
