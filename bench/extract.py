"""Benchmarks of extraction into the raw layer, against the built-in demo Odoo over real HTTP.

    python bench/extract.py                 # all three
    python bench/extract.py --only a        # a: requests, b: overhead, c: memory

(a) Request count of one POS day (pos.order, pos.order.line, pos.payment): ours against
    ceil(rows / batch) per model, and against the naive odoorpc pattern (browse, then attribute
    access per record) on the same day — as ratios of requests and of time.
(b) Overhead: our extraction of a day (JSON-2 transport, Parquet files written) against a bare
    httpx loop issuing the same search_read calls to the same server, with the demo server's
    latency at 20 ms. Runs alternate, median of several.
(c) Memory: peak RSS growth while a ~100,000-line POS day is extracted, next to a ~10,000-line
    day: flat, because pages stream to disk.
"""

from __future__ import annotations

import argparse
import math
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
import odoorpc
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nkdash_desktop.datasets import get_dataset
from nkdash_desktop.datasets.base import Scope
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.pipeline.extract import Extractor

KEY = "nkdash-demo-admin-key"
DAY = date(2026, 1, 6)
END, NOW = date(2026, 1, 10), datetime(2026, 1, 11, 3, 0)
POS = get_dataset("pos_lines")


def client(srv: DemoOdoo, transport: str = "json2", batch: int = 2000) -> OdooClient:
    conn = OdooConnection(srv.url, srv.db, "admin", transport=transport, batch_size=batch)
    return OdooClient(conn, KEY).connect()


def ours(srv: DemoOdoo, folder: Path, day: date, batch: int = 2000) -> tuple[float, dict, int]:
    with client(srv, batch=batch) as c:
        c.stats.reset()
        started = time.perf_counter()
        result = Extractor(c, LakeLayout(folder), timezone="Asia/Jakarta").extract(POS, day)
        return time.perf_counter() - started, c.stats.snapshot(), result.rows


def naive(srv: DemoOdoo, day: date) -> tuple[float, int]:
    """What an ETL written with odoorpc's records API does: one request per record per relation."""
    host, port = srv.url.split("//")[1].split(":")
    before = sum(srv.requests_served.values())
    started = time.perf_counter()
    odoo = odoorpc.ODOO(host, port=int(port))
    odoo.login(srv.db, "admin", KEY)
    scope = Scope(day, "Asia/Jakarta", client(srv).odoo_version)
    Order = odoo.env["pos.order"]
    for order in Order.browse(Order.search(POS.tables[0].domain(scope))):
        _ = (order.name, order.date_order, order.amount_total, order.session_id.name)
        for line in order.lines:
            _ = (line.product_id.name, line.qty, line.price_subtotal_incl, line.tax_ids.ids)
        for payment in order.payment_ids:
            _ = (payment.amount, payment.payment_method_id.name)
    return time.perf_counter() - started, sum(srv.requests_served.values()) - before


def bench_requests() -> None:
    cfg = DemoConfig(days=10, scale="medium", flavour=19, end_date=END, now=NOW)
    with DemoOdoo(cfg, port=0).start() as srv, tempfile.TemporaryDirectory() as tmp:
        batch = 500
        seconds, stats, rows = ours(srv, Path(tmp), DAY, batch)
        print(f"(a) one POS day, medium scale, batch {batch}: {rows} rows")
        total = bound = 0
        for table, n in zip(POS.tables, _rows_per_table(Path(tmp)), strict=True):
            requests = int(stats[f"pos_lines.{table.name}"]["requests"])
            total += requests
            bound += math.ceil(n / batch)
            print(
                f"    {table.name:16s} {n:6d} rows {requests:4d} requests "
                f"(ceil(rows/batch) = {math.ceil(n / batch)})"
            )
        extra = sum(int(v["requests"]) for k, v in stats.items() if not k.startswith("pos_"))
        print(
            f"    ours: {total} requests + {extra} per-run (fields_get) = {total + extra}; "
            f"bound {bound} + constant; {seconds * 1000:.0f} ms"
        )
        n_seconds, n_requests = naive(srv, DAY)
        print(
            f"    naive odoorpc browse/attributes: {n_requests} requests, {n_seconds * 1000:.0f} ms"
        )
        print(
            f"    ratio naive/ours: {n_requests / (total + extra):.0f}x requests, "
            f"{n_seconds / seconds:.0f}x time"
        )


def _rows_per_table(folder: Path) -> list[int]:
    import pyarrow.parquet as pq

    layout = LakeLayout(folder)
    return [pq.read_metadata(layout.day_partition("raw", t.name, DAY)).num_rows for t in POS.tables]


def bare(http: httpx.Client, calls: list[tuple[str, list, list[str], dict]], batch: int) -> float:
    """The same search_read calls, keyed on id, with a bare keep-alive httpx client."""
    started = time.perf_counter()
    for model, domain, fields, context in calls:
        last = 0
        while True:
            body = {
                "domain": [("id", ">", last), *domain],
                "fields": fields,
                "order": "id asc",
                "limit": batch,
                "context": context,
            }
            rows = http.post(f"/json/2/{model}/search_read", json=body).json()
            if len(rows) < batch:
                break
            last = rows[-1]["id"]
    return time.perf_counter() - started


def bench_overhead(rounds: int = 9) -> None:
    """Both sides keep their connection between rounds, as a run's worker does; our per-run
    facts (fields_get of models with optional fields) are paid once, in the warm-up."""
    cfg = DemoConfig(days=10, scale="medium", flavour=19, end_date=END, now=NOW)
    with (
        DemoOdoo(cfg, port=0).start() as srv,
        tempfile.TemporaryDirectory() as tmp,
        client(srv, batch=500) as c,
    ):
        batch = 500
        ex = Extractor(c, LakeLayout(Path(tmp)), timezone="Asia/Jakarta")
        scope = Scope(DAY, "Asia/Jakarta", c.odoo_version)
        calls = [
            (t.model, t.domain(scope), sorted(set(ex._odoo_fields(t).values())),
             {"tz": "Asia/Jakarta", **t.context})
            for t in POS.tables
        ]  # fmt: skip
        headers = {"Authorization": f"bearer {KEY}", "X-Odoo-Database": srv.db}
        with httpx.Client(base_url=srv.url, headers=headers, timeout=60) as http:
            ex.extract(POS, DAY)  # warm-up: per-run facts, server caches
            bare(http, calls, batch)
            srv.faults.latency_ms = 20
            mine, theirs = [], []
            for _ in range(rounds):
                started = time.perf_counter()
                ex.extract(POS, DAY)
                mine.append(time.perf_counter() - started)
                theirs.append(bare(http, calls, batch))
        m, t = statistics.median(mine), statistics.median(theirs)
        print(
            f"(b) one POS day at 20 ms latency, batch {batch}, median of {rounds}: "
            f"ours {m * 1000:.0f} ms (3 Parquet files written and fsynced), "
            f"bare httpx {t * 1000:.0f} ms, ratio {m / t:.3f} (target <= 1.15)"
        )


class PeakRss:
    def __init__(self) -> None:
        self.proc, self.peak, self._stop = psutil.Process(), 0, threading.Event()

    def __enter__(self) -> PeakRss:
        self.base = self.peak = self.proc.memory_info().rss
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            time.sleep(0.005)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.base) / 1e6


SERVE_SCALE = """
import sys
from datetime import date, datetime
from nkdash_desktop.demo import catalogue
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
catalogue.SCALES["bench"] = (2000, 300, 60, int(sys.argv[1]))
cfg = DemoConfig(days=1, scale="bench", flavour=19, end_date=date(2026, 1, 6),
                 now=datetime(2026, 1, 11, 3, 0))
srv = DemoOdoo(cfg, port=0).start()
print(srv.url, flush=True)
srv.serve_forever()
"""


class ServerProcess:
    """The demo server in its own process, so our RSS is the extraction's alone."""

    def __init__(self, orders_per_day: int) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SERVE_SCALE, str(orders_per_day)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.url = self.proc.stdout.readline().strip()  # type: ignore[union-attr]

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait()


def bench_memory() -> None:
    # busiest day ~10,000 and ~100,000 POS lines (about 3.9 lines per order)
    for orders in (2_600, 26_000):
        server = ServerProcess(orders)
        try:
            conn = OdooConnection(server.url, "nkdash_demo", "admin", transport="json2")
            with tempfile.TemporaryDirectory() as tmp, OdooClient(conn, KEY).connect() as c:
                ex = Extractor(c, LakeLayout(Path(tmp)), timezone="Asia/Jakarta")
                ex.extract(POS, DAY - timedelta(days=1))  # warm-up: imports, per-run facts
                with PeakRss() as rss:
                    started = time.perf_counter()
                    result = ex.extract(POS, DAY)
                    seconds = time.perf_counter() - started
                lines = next(t.rows for t in result.tables if t.table == "pos_order_lines")
                print(
                    f"(c) {lines:>7,} POS lines in one day: extracted in {seconds:.1f} s, "
                    f"peak RSS growth {rss.growth_mb:.0f} MB (batches of 2,000 rows)"
                )
        finally:
            server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["a", "b", "c"])
    args = parser.parse_args()
    for key, fn in (("a", bench_requests), ("b", bench_overhead), ("c", bench_memory)):
        if args.only in (None, key):
            fn()


if __name__ == "__main__":
    main()
