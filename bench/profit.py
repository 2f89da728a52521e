"""Benchmark of the profit pipeline: a full rebuild and a one-day incremental update.

    python bench/profit.py                                 # 5 years x 4,000 lines/day (7.3 M)
    python bench/profit.py --years 1 --lines-per-day 1000  # a quick run
    python bench/profit.py --lake D:\\bench-lake --keep     # keep the synthetic lake

A synthetic star schema in the lake's monthly layout, written by the lake's own writer:
fact_sales (POS lines), fact_invoice_sales (~2% of the lines), fact_purchases (~100 bills a
day of 3-15 lines, with bonus lines, vendor refunds, several taxes, a few bills in another
currency), dim_taxes (the demo's taxes). Then, each in a fresh process so that its peak memory
is its own:
(a) rebuild: `rebuild_profit` over everything. Target: <= 10 s and <= 3 GB peak RSS.
(b) update: a new vendor bill on a day in the middle of the history and the next sales day
    (its lines and bills appended), then `update_profit` for those days. Target: <= 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# the profit tests' demo taxes and their dim_taxes frame: one definition for tests and bench
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "profit"))

from profit_lake import OVERRIDES, taxes_frame

from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.lake.months import by_month, replace_days, write_month
from nkdash_desktop.lake.schema import DIMS, FACTS, conform
from nkdash_desktop.lake.versions import publish_frame
from nkdash_desktop.pipeline.profit import rebuild_profit, update_profit

PURCHASE_TAXES = np.array([5, 6, 7, 9])


class Synthetic:
    """A retail business's star-schema facts, generated month by month."""

    def __init__(self, start: date, days: int, lines_per_day: int, products: int, bills: int):
        self.start, self.days = start, days
        self.lines_per_day, self.products, self.bills = lines_per_day, products, bills
        rng = np.random.default_rng(7)
        self.base_cost = rng.uniform(2_000, 80_000, products).round()
        weights = rng.pareto(1.2, products) + 0.05
        self.popularity = weights / weights.sum()
        self.next_line = {"sales": 1, "purchase": 1}
        self.next_move = {"sales": 1, "purchase": 1}

    def _ids(self, kind: str, n: int, moves: int) -> tuple[np.ndarray, np.ndarray]:
        lines = np.arange(self.next_line[kind], self.next_line[kind] + n, dtype=np.int64)
        move_ids = np.arange(self.next_move[kind], self.next_move[kind] + moves, dtype=np.int64)
        self.next_line[kind] += n
        self.next_move[kind] += moves
        return lines, move_ids

    def cost(self, day_index: np.ndarray, product: np.ndarray) -> np.ndarray:
        return (self.base_cost[product - 1] * 1.04 ** (day_index / 365.0)).round()

    def sales(self, days: list[date], rng: np.random.Generator) -> tuple[pl.DataFrame, ...]:
        per_day = rng.poisson(self.lines_per_day, len(days))
        n = int(per_day.sum())
        day = np.repeat(np.array(days, dtype="datetime64[D]"), per_day)
        day_index = (day - np.datetime64(self.start, "D")).astype(np.int64)
        product = rng.choice(self.products, n, p=self.popularity).astype(np.int64) + 1
        qty = rng.integers(1, 4, n).astype(float)
        refund = rng.random(n) < 0.01
        qty[refund] *= -1
        price = (self.cost(day_index, product) * rng.uniform(1.2, 1.5, n) * 1.11).round(-2)
        discount = np.where(rng.random(n) < 0.1, 10.0, 0.0)
        total = (qty * price * (1 - discount / 100)).round(2)
        invoice = rng.random(n) < 0.02
        lines, orders = self._ids("sales", n, n)
        order = orders // 4 + 1  # ~4 lines an order
        order_by_day = np.sort(rng.integers(0, 86_400, n))
        common = {
            "day": pl.Series(day).cast(pl.Date),
            "company_id": np.where(rng.random(n) < 0.03, 2, 1),
            "line_id": lines,
            "currency_id": np.ones(n, dtype=np.int64),
            "partner_id": rng.integers(1, 500, n),
            "product_id": product,
            "quantity": qty,
            "price_unit": price,
            "discount_percent": discount,
            "discount_amount": (qty * price * discount / 100).round(2),
            "revenue_tax_ex": (total / 1.11).round(2),
            "revenue_tax_in": total,
            "is_refund": refund,
        }
        frame = pl.DataFrame(common).with_columns(
            weekday=pl.col("day").dt.weekday().cast(pl.Int8),
            date_order=pl.col("day").cast(pl.Datetime("us"))
            + pl.duration(seconds=pl.Series(order_by_day)),
        )
        pos = frame.filter(~pl.Series(invoice)).with_columns(
            order_id=pl.Series(order[~invoice]),
            order_name=pl.format("Shop/{}", pl.Series(order[~invoice])),
            hour=pl.col("date_order").dt.hour().cast(pl.Int8),
            session_id=pl.lit(1, pl.Int64),
            config_id=pl.lit(1, pl.Int64),
            employee_id=pl.lit(3, pl.Int64),
            user_id=pl.lit(2, pl.Int64),
            payment_method_id=pl.lit(1, pl.Int64),
        )
        invoices = frame.filter(pl.Series(invoice)).with_columns(
            move_id=pl.Series(order[invoice]) + 10_000_000,
            move_name=pl.format("INV/{}", pl.Series(order[invoice])),
            move_type=pl.when(pl.col("is_refund"))
            .then(pl.lit("out_refund"))
            .otherwise(pl.lit("out_invoice")),
            invoice_date=pl.col("day"),
            salesperson_id=pl.lit(2, pl.Int64),
            uom_id=pl.lit(1, pl.Int64),
            revenue_company_currency=pl.col("revenue_tax_ex"),
        )
        return (
            conform(FACTS["fact_sales"], pos),
            conform(FACTS["fact_invoice_sales"], invoices),
        )

    def purchases(
        self, days: list[date], rng: np.random.Generator, bills: int | None = None
    ) -> pl.DataFrame:
        """Vendor bill lines of these days (`bills`: exactly that many a day)."""
        count = np.full(len(days), bills) if bills is not None else None
        bills_per_day = count if count is not None else rng.poisson(self.bills, len(days))
        n_bills = int(bills_per_day.sum())
        bill_day = np.repeat(np.array(days, dtype="datetime64[D]"), bills_per_day)
        per_bill = rng.integers(3, 16, n_bills)
        n = int(per_bill.sum())
        lines, moves = self._ids("purchase", n, n_bills)
        move = np.repeat(moves, per_bill)
        day = np.repeat(bill_day, per_bill)
        day_index = (day - np.datetime64(self.start, "D")).astype(np.int64)
        product = rng.choice(self.products, n, p=self.popularity).astype(np.int64) + 1
        qty = rng.integers(1, 30, n).astype(float) * 6
        tax = PURCHASE_TAXES[rng.integers(0, 4, n)]
        price = (self.cost(day_index, product) * rng.uniform(0.97, 1.03, n)).round()
        price = np.where(tax == 5, (price * 1.11).round(), price)
        bonus = rng.random(n) < 0.08
        price[bonus] = 0.0
        discount = np.where(rng.random(n) < 0.12, 5.0, 0.0)
        refund_move = rng.random(n_bills) < 0.03
        refund = np.repeat(refund_move, per_bill)
        foreign = np.repeat(rng.random(n_bills) < 0.01, per_bill)  # USD bills
        doc_price = np.where(foreign, (price / 16_000).round(2), price)
        rate = np.where(foreign, 16_000.0, 1.0)
        gross = qty * doc_price * (1 - discount / 100)
        subtotal = np.where(tax == 5, (gross / 1.11).round(2), gross.round(2))
        extra = np.select([tax == 6, tax == 7], [0.11, 0.115], 0.0)
        total = np.where(tax == 5, gross, (subtotal * (1 + extra)).round(2))
        sign = np.where(refund, -1.0, 1.0)
        tax_lists = pl.Series([[int(t)] for t in tax], dtype=pl.List(pl.Int64))
        frame = pl.DataFrame(
            {
                "day": pl.Series(day).cast(pl.Date),
                "company_id": np.ones(n, dtype=np.int64),
                "move_id": move,
                "move_type": np.where(refund, "in_refund", "in_invoice"),
                "line_id": lines,
                "vendor_id": rng.integers(1000, 1060, n_bills)[np.searchsorted(moves, move)],
                "currency_id": np.where(foreign, 2, 1),
                "product_id": product,
                "uom_id": np.ones(n, dtype=np.int64),
                "quantity": qty * sign,
                "price_unit": doc_price,
                "discount_percent": discount,
                "net_unit_price": np.where(qty > 0, subtotal / qty, 0.0),
                "amount_tax_ex": subtotal * sign,
                "amount_tax_in": total * sign,
                "amount_company_currency": (subtotal * rate).round(2) * sign,
                "tax_ids": tax_lists,
                "is_refund": refund,
                "is_bonus": bonus,
            }
        ).with_columns(
            move_name=pl.format("BILL/{}", pl.col("move_id")),
            invoice_date=pl.col("day"),
        )
        return conform(FACTS["fact_purchases"], frame)


def write_dimensions(layout: LakeLayout) -> None:
    """dim_taxes (the demo's taxes) and dim_companies (two companies in IDR)."""
    publish_frame(taxes_frame(), layout.single_file(STAR, "dim_taxes"))
    companies = pl.DataFrame(
        {
            "company_id": [1, 2],
            "name": ["NK Mart", "NK Mart Bali"],
            "currency_id": [1, 1],
            "currency_code": ["IDR", "IDR"],
            "currency_symbol": ["Rp", "Rp"],
            "partner_id": [1, 5],
        }
    )
    dim = DIMS["dim_companies"]
    publish_frame(conform(dim, companies), layout.single_file(STAR, dim.name))


def generate(layout: LakeLayout, synth: Synthetic) -> dict[str, int]:
    rng = np.random.default_rng(11)
    days = [synth.start + timedelta(days=i) for i in range(synth.days)]
    counts = {"fact_sales": 0, "fact_invoice_sales": 0, "fact_purchases": 0}
    for month, month_days in by_month(days).items():
        pos, invoices = synth.sales(month_days, rng)
        purchases = synth.purchases(month_days, rng)
        for name, rows in (
            ("fact_sales", pos),
            ("fact_invoice_sales", invoices),
            ("fact_purchases", purchases),
        ):
            write_month(layout, FACTS[name], month, rows)
            counts[name] += rows.height
    write_dimensions(layout)
    return counts


class PeakRss:
    """Peak resident memory of this process, sampled every 10 ms."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, self.process.memory_info().rss)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


def _cpu() -> float:
    times = psutil.Process().cpu_times()
    return times.user + times.system


def measure_rebuild(layout: LakeLayout) -> dict:
    with PeakRss() as rss:
        started, cpu = time.perf_counter(), _cpu()
        result = rebuild_profit(layout, OVERRIDES)
        seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    return {"seconds": seconds, "cpu": cpu, "peak_rss": rss.peak, "rows": result.rows}


def prepare_update(layout: LakeLayout, synth: Synthetic, seed: int = 99) -> dict:
    """Append the next sales day (its lines and its bills) and a new bill in the middle."""
    rng = np.random.default_rng(seed)
    next_day = synth.start + timedelta(days=synth.days)
    middle = synth.start + timedelta(days=synth.days // 2)
    pos, invoices = synth.sales([next_day], rng)
    replace_days(layout, FACTS["fact_sales"], [next_day], pos)
    replace_days(layout, FACTS["fact_invoice_sales"], [next_day], invoices)
    replace_days(layout, FACTS["fact_purchases"], [next_day], synth.purchases([next_day], rng))
    signed = ("quantity", "amount_tax_ex", "amount_tax_in", "amount_company_currency")
    late_bill = synth.purchases([middle], rng, bills=1).with_columns(
        pl.col(*signed).abs(), move_type=pl.lit("in_invoice"), is_refund=pl.lit(False)
    )  # a bill, never a vendor refund
    month = middle.replace(day=1)
    existing = pl.read_parquet(layout.month_partition(STAR, "fact_purchases", month))
    middle_rows = pl.concat([existing.filter(pl.col("day") == middle), late_bill])
    replace_days(layout, FACTS["fact_purchases"], [middle], middle_rows)
    return {"middle": middle.isoformat(), "next_day": next_day.isoformat(), "bill": late_bill}


def measure_update(layout: LakeLayout, middle: date, next_day: date) -> dict:
    with PeakRss() as rss:
        started, cpu = time.perf_counter(), _cpu()
        result = update_profit(layout, OVERRIDES, {middle, next_day}, {next_day})
        seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    return {
        "seconds": seconds,
        "cpu": cpu,
        "peak_rss": rss.peak,
        "rows": result.rows,
        "partitions": len(result.writes),
        "products": len(result.products),
        "days": len(result.days),
        "changed": result.changed.height,
    }


def _child(args: argparse.Namespace) -> None:
    layout = LakeLayout(Path(args.lake))
    if args.child == "rebuild":
        out = measure_rebuild(layout)
    else:
        out = measure_update(
            layout, date.fromisoformat(args.middle), date.fromisoformat(args.next_day)
        )
    print(json.dumps(out))


def _run_child(*extra: str) -> dict:
    cmd = [sys.executable, __file__, *extra]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=float, default=5)
    parser.add_argument("--lines-per-day", type=int, default=4000)
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--bills-per-day", type=int, default=100)
    parser.add_argument("--lake", help="folder for the synthetic lake (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic lake")
    parser.add_argument("--child", choices=["rebuild", "update"], help=argparse.SUPPRESS)
    parser.add_argument("--middle", help=argparse.SUPPRESS)
    parser.add_argument("--next-day", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args)
        return
    base = Path(args.lake or tempfile.mkdtemp(prefix="nkdash-profit-bench-"))
    root = base / "lake"
    layout = LakeLayout(root)
    days = int(args.years * 365.25)
    synth = Synthetic(date(2021, 1, 1), days, args.lines_per_day, args.products, args.bills_per_day)
    print(
        f"Generating {days} days x ~{args.lines_per_day} sales lines, {args.products} products, "
        f"~{args.bills_per_day} bills/day into {root} ..."
    )
    started = time.perf_counter()
    counts = generate(layout, synth)
    print(
        f"  {counts['fact_sales']:,} POS lines + {counts['fact_invoice_sales']:,} invoice lines, "
        f"{counts['fact_purchases']:,} purchase lines, {time.perf_counter() - started:.1f} s"
    )
    load = ", ".join(f"{x:.1f}" for x in psutil.getloadavg())
    print(f"CPU: {os.cpu_count()} logical cores, load average {load}; polars {pl.__version__}")

    rebuild = _run_child("--child", "rebuild", "--lake", str(root))
    rows = rebuild["rows"]
    print(
        f"(a) full rebuild: {rebuild['seconds']:.2f} s ({rebuild['cpu']:.1f} CPU s), peak RSS "
        f"{rebuild['peak_rss'] / 2**30:.2f} GB (targets <= 10 s, <= 3 GB); "
        f"{rows['fact_sales_lines_profit']:,} profit lines, "
        f"{rows['fact_product_cost_events']:,} cost events, "
        f"{rows['fact_product_cost_latest_daily']:,} grid rows"
    )
    prepared = prepare_update(layout, synth)
    update = _run_child(
        "--child",
        "update",
        "--lake",
        str(root),
        "--middle",
        prepared["middle"],
        "--next-day",
        prepared["next_day"],
    )
    print(
        f"(b) one-day update (a bill of {prepared['bill'].height} lines on {prepared['middle']} "
        f"+ the new day {prepared['next_day']}): {update['seconds']:.3f} s "
        f"({update['cpu']:.2f} CPU s; target <= 1 s), "
        f"peak RSS {update['peak_rss'] / 2**30:.2f} GB; {update['partitions']} partition(s), "
        f"{update['products']} product(s) on {update['days']} day(s) recomputed"
    )
    if args.keep or args.lake:
        print(f"lake kept in {root}")
    else:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
