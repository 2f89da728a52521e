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
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
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
CURRENCIES = {"IDR": (1, "Rp", 1.0), "USD": (2, "$", 1 / 16_000)}  # code: id, symbol, per rupiah
USD_RATE = 16_000.0  # rupiah per dollar of the foreign-currency bills


@dataclass(frozen=True)
class Company:
    """One shop of a chain: its own sales, bills and currency (IDR or USD)."""

    company_id: int
    name: str
    currency: str
    lines_per_day: int
    bills_per_day: int

    @property
    def currency_id(self) -> int:
        return CURRENCIES[self.currency][0]

    @property
    def per_rupiah(self) -> float:
        """Its currency units per rupiah: prices are drawn in rupiah and converted."""
        return CURRENCIES[self.currency][2]

    @property
    def cents(self) -> int:
        """Decimals of its prices: rupiah prices are whole hundreds, dollars have cents."""
        return -2 if self.currency == "IDR" else 2


def chain(companies: int, lines_per_day: int, usd_every: int = 7) -> tuple[Company, ...]:
    """A chain of `companies` shops of different sizes (0.5x to 1.5x `lines_per_day`, the
    average), every `usd_every`-th in US dollars, the others in rupiah; a bill a day for
    every 50 sales lines."""
    sizes = np.linspace(0.5, 1.5, companies) if companies > 1 else np.ones(1)
    shops = []
    for i, size in enumerate(sizes, start=1):
        usd = i % usd_every == 0
        lines = max(1, round(lines_per_day * size))
        shops.append(
            Company(i, f"NK Mart {i:02d}{' (USD)' if usd else ''}", "USD" if usd else "IDR",
                    lines, max(1, lines // 50))
        )  # fmt: skip
    return tuple(shops)


class Synthetic:
    """A retail business's star-schema facts, generated month by month: one shop (NK Mart,
    with 3% of its sales rung up at a second company that buys nothing), or a chain of
    `companies`, each with its own sales, bills and currency."""

    def __init__(
        self,
        start: date,
        days: int,
        lines_per_day: int,
        products: int,
        bills: int,
        companies: tuple[Company, ...] = (),
    ):
        self.start, self.days, self.companies = start, days, companies
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

    def cost(
        self, day_index: np.ndarray, product: np.ndarray, company: Company | None = None
    ) -> np.ndarray:
        rupiah = self.base_cost[product - 1] * 1.04 ** (day_index / 365.0)
        return rupiah.round() if company is None else (rupiah * company.per_rupiah).round(2)

    def facts(self, days: list[date], rng: np.random.Generator) -> dict[str, pl.DataFrame]:
        """Every fact of these days (one month at most), all companies."""
        parts: dict[str, list[pl.DataFrame]] = defaultdict(list)
        for company in self.companies or (None,):
            pos, invoices = self.sales(days, rng, company)
            parts["fact_sales"].append(pos)
            parts["fact_invoice_sales"].append(invoices)
            parts["fact_purchases"].append(self.purchases(days, rng, company=company))
        out = {name: pl.concat(frames) for name, frames in parts.items()}
        out["fact_pos_orders"] = pos_orders(out["fact_sales"])
        out["fact_inventory_moves"] = stock_moves(out["fact_sales"], out["fact_purchases"])
        return out

    def sales(
        self, days: list[date], rng: np.random.Generator, company: Company | None = None
    ) -> tuple[pl.DataFrame, ...]:
        per_day = rng.poisson(company.lines_per_day if company else self.lines_per_day, len(days))
        n = int(per_day.sum())
        day = np.repeat(np.array(days, dtype="datetime64[D]"), per_day)
        day_index = (day - np.datetime64(self.start, "D")).astype(np.int64)
        product = rng.choice(self.products, n, p=self.popularity).astype(np.int64) + 1
        qty = rng.integers(1, 4, n).astype(float)
        refund = rng.random(n) < 0.01
        qty[refund] *= -1
        markup = rng.uniform(1.2, 1.5, n) * 1.11
        price = (self.cost(day_index, product, company) * markup).round(
            company.cents if company else -2
        )
        discount = np.where(rng.random(n) < 0.1, 10.0, 0.0)
        total = (qty * price * (1 - discount / 100)).round(2)
        invoice = rng.random(n) < 0.02
        lines, orders = self._ids("sales", n, n)
        order = orders // 4 + 1  # ~4 lines an order
        order_by_day = np.sort(rng.integers(0, 86_400, n))
        common = {
            "day": pl.Series(day).cast(pl.Date),
            "company_id": (
                np.full(n, company.company_id) if company else np.where(rng.random(n) < 0.03, 2, 1)
            ),
            "line_id": lines,
            "currency_id": np.full(n, company.currency_id if company else 1),
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
            config_id=pl.lit(company.company_id if company else 1, pl.Int64),  # one per shop
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
            revenue_tax_ex_document_currency=pl.col("revenue_tax_ex"),
            revenue_tax_in_document_currency=pl.col("revenue_tax_in"),
        )
        return (
            conform(FACTS["fact_sales"], pos),
            conform(FACTS["fact_invoice_sales"], invoices),
        )

    def purchases(
        self,
        days: list[date],
        rng: np.random.Generator,
        bills: int | None = None,
        company: Company | None = None,
    ) -> pl.DataFrame:
        """Vendor bill lines of these days (`bills`: exactly that many a day) of a company of
        the chain, or of the shop. Bills of a rupiah company are 1% in US dollars."""
        count = np.full(len(days), bills) if bills is not None else None
        mean = company.bills_per_day if company else self.bills
        bills_per_day = count if count is not None else rng.poisson(mean, len(days))
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
        own_cents = 0 if company is None or company.currency == "IDR" else 2
        price = (self.cost(day_index, product, company) * rng.uniform(0.97, 1.03, n)).round(
            own_cents
        )
        price = np.where(tax == 5, (price * 1.11).round(own_cents), price)
        bonus = rng.random(n) < 0.08
        price[bonus] = 0.0
        discount = np.where(rng.random(n) < 0.12, 5.0, 0.0)
        refund_move = rng.random(n_bills) < 0.03
        refund = np.repeat(refund_move, per_bill)
        foreign = np.repeat(rng.random(n_bills) < 0.01, per_bill)  # USD bills
        if company is not None and company.currency != "IDR":
            foreign[:] = False  # a dollar company's bills are all in its own currency
        doc_price = np.where(foreign, (price / USD_RATE).round(2), price)
        rate = np.where(foreign, USD_RATE, 1.0)
        gross = qty * doc_price * (1 - discount / 100)
        subtotal = np.where(tax == 5, (gross / 1.11).round(2), gross.round(2))
        extra = np.select([tax == 6, tax == 7], [0.11, 0.115], 0.0)
        total = np.where(tax == 5, gross, (subtotal * (1 + extra)).round(2))
        sign = np.where(refund, -1.0, 1.0)
        tax_lists = pl.select(pl.concat_list(pl.Series(tax, dtype=pl.Int64))).to_series()
        own = company.currency_id if company else 1
        frame = pl.DataFrame(
            {
                "day": pl.Series(day).cast(pl.Date),
                "company_id": np.full(n, company.company_id if company else 1, dtype=np.int64),
                "move_id": move,
                "move_type": np.where(refund, "in_refund", "in_invoice"),
                "line_id": lines,
                "vendor_id": rng.integers(1000, 1060, n_bills)[np.searchsorted(moves, move)],
                "currency_id": np.where(foreign, CURRENCIES["USD"][0], own),
                "product_id": product,
                "uom_id": np.ones(n, dtype=np.int64),
                "quantity": qty * sign,
                "price_unit": doc_price,
                "discount_percent": discount,
                "net_unit_price": np.where(qty > 0, subtotal / qty, 0.0),
                "amount_tax_ex": subtotal * sign,
                "amount_tax_in": total * sign,
                "amount_company_currency": (subtotal * rate).round(2) * sign,
                "amount_company_currency_tax_in": (total * rate).round(2) * sign,
                "tax_ids": tax_lists,
                "is_refund": refund,
                "is_bonus": bonus,
            }
        ).with_columns(
            move_name=pl.format("BILL/{}", pl.col("move_id")),
            invoice_date=pl.col("day"),
        )
        return conform(FACTS["fact_purchases"], frame)


def pos_orders(pos: pl.DataFrame) -> pl.DataFrame:
    """fact_pos_orders of POS lines: Odoo's order totals, here exactly their lines' sums."""
    first = ("order_name", "date_order", "hour", "weekday", "session_id", "config_id",
             "employee_id", "user_id", "partner_id", "currency_id")  # fmt: skip
    orders = pos.group_by("day", "company_id", "order_id").agg(
        pl.col(first).first(),
        is_refund=pl.col("is_refund").all(),
        amount_total=pl.col("revenue_tax_in").sum().round(2),
        amount_untaxed=pl.col("revenue_tax_ex").sum().round(2),
        lines=pl.len(),
        lines_revenue_tax_in=pl.col("revenue_tax_in").sum(),
        lines_revenue_tax_ex=pl.col("revenue_tax_ex").sum(),
    )
    return conform(
        FACTS["fact_pos_orders"],
        orders.with_columns(
            state=pl.lit("done"),
            amount_tax=pl.col("amount_total") - pl.col("amount_untaxed"),
            rounding_difference=pl.lit(0.0),
        ),
    )


def stock_moves(pos: pl.DataFrame, purchases: pl.DataFrame) -> pl.DataFrame:
    """fact_inventory_moves of the same days: a receipt line per bill line (a return to the
    vendor per refund line) and, as Odoo's POS does when a session closes, one delivery line
    per day, shop and product sold."""
    stock, vendor, customer = (1, "internal"), (2, "supplier"), (3, "customer")
    sold = pos.group_by("day", "company_id", "product_id").agg(qty=pl.col("quantity").sum())
    sold = sold.filter(pl.col("qty") != 0).with_columns(
        picking_code=pl.lit("outgoing"), reference=pl.format("POS/{}", pl.col("day")),
        move_id=pl.lit(None, pl.Int64), out=pl.col("qty") > 0,
    )  # fmt: skip
    bought = purchases.select(
        "day", "company_id", "product_id", qty=pl.col("quantity"),
        picking_code=pl.lit("incoming"), reference=pl.col("move_name"),
        move_id=pl.col("line_id"), out=pl.col("quantity") < 0,
    )  # fmt: skip

    def located(frame: pl.DataFrame, outside: tuple[int, str]) -> pl.DataFrame:
        out = pl.col("out")
        return frame.with_columns(
            location_id=pl.when(out).then(stock[0]).otherwise(outside[0]),
            location_usage=pl.when(out).then(pl.lit(stock[1])).otherwise(pl.lit(outside[1])),
            location_dest_id=pl.when(out).then(outside[0]).otherwise(stock[0]),
            location_dest_usage=pl.when(out).then(pl.lit(outside[1])).otherwise(pl.lit(stock[1])),
        )  # fmt: skip

    moves = pl.concat([located(sold, customer), located(bought, vendor)]).sort("day", "product_id")
    first_line = int(purchases["line_id"].min() or 0) * 4  # unique per month, like Odoo's ids
    ids = pl.int_range(first_line, first_line + moves.height, dtype=pl.Int64)
    qty = pl.col("qty").abs()
    return conform(
        FACTS["fact_inventory_moves"],
        moves.with_columns(
            move_line_id=ids,
            move_id=pl.coalesce("move_id", ids),
            date=pl.col("day").cast(pl.Datetime("us")) + pl.duration(hours=21),
            picking_id=ids // 50,
            lot_id=pl.lit(None, pl.Int64),
            uom_id=pl.lit(1, pl.Int64),
            direction=pl.when(pl.col("out")).then(pl.lit("out")).otherwise(pl.lit("in")),
            quantity=qty,
            quantity_signed=pl.when(pl.col("out")).then(-qty).otherwise(qty),
        ),
    )


def stock_snapshot(synth: Synthetic, day: date, rng: np.random.Generator) -> pl.DataFrame:
    """fact_stock_quants of one day: every company's stock of every product it sells."""
    shops = [c.company_id for c in synth.companies] or [1]
    n = len(shops) * synth.products
    quantity = rng.integers(0, 200, n).astype(float)
    return conform(
        FACTS["fact_stock_quants"],
        pl.DataFrame(
            {
                "day": [day] * n,
                "company_id": np.repeat(shops, synth.products),
                "quant_id": np.arange(1, n + 1),
                "product_id": np.tile(np.arange(1, synth.products + 1), len(shops)),
                "location_id": np.ones(n, dtype=np.int64),
                "quantity": quantity,
                "reserved_quantity": np.zeros(n),
                "available_quantity": quantity,
            }
        ).with_columns(lot_id=pl.lit(None, pl.Int64), in_date=pl.lit(None, pl.Datetime("us"))),
    )


def write_dimensions(layout: LakeLayout, synth: Synthetic) -> None:
    """dim_taxes (the demo's taxes), dim_companies (the chain's, or two companies in IDR),
    dim_products in 20 categories and dim_categories."""
    publish_frame(taxes_frame(), layout.single_file(STAR, "dim_taxes"))
    shops = synth.companies or (
        Company(1, "NK Mart", "IDR", synth.lines_per_day, synth.bills),
        Company(2, "NK Mart Bali", "IDR", 0, 0),
    )
    ids = np.arange(1, synth.products + 1)
    frames = {
        "dim_companies": pl.DataFrame(
            {"company_id": [c.company_id for c in shops], "name": [c.name for c in shops],
             "currency_id": [c.currency_id for c in shops],
             "currency_code": [c.currency for c in shops],
             "currency_symbol": [CURRENCIES[c.currency][1] for c in shops],
             "partner_id": [c.company_id * 5 - 4 for c in shops]}
        ),
        "dim_products": pl.DataFrame(
            {"product_id": ids, "name": [f"Product {i}" for i in ids], "archived": False,
             "category_id": ids % 20 + 2, "category_name": [f"Category {i % 20 + 2}" for i in ids],
             "is_storable": True, "uom_id": 1}
        ),
        "dim_categories": pl.DataFrame(
            {"category_id": list(range(1, 22)),
             "name": ["All"] + [f"Category {i}" for i in range(2, 22)],
             "parent_id": [None] + [1] * 20, "depth": [1] + [2] * 20}
        ).with_columns(full_path=pl.when(pl.col("parent_id").is_null()).then(pl.lit("All"))
                       .otherwise("All / " + pl.col("name"))),
    }  # fmt: skip
    for name, frame in frames.items():
        dim = DIMS[name]
        padded = frame.with_columns(
            pl.lit(None).alias(c) for c in dim.names if c not in frame.columns
        )
        publish_frame(conform(dim, padded), layout.single_file(STAR, name))


SNAPSHOT_DAYS = 30  # daily stock snapshots at the end of the history


def generate(
    layout: LakeLayout, synth: Synthetic, progress: Callable[[date], None] | None = None
) -> dict[str, int]:
    """Write every fact month by month with the lake's writer (write_month), the last
    SNAPSHOT_DAYS days' stock snapshots and the dimensions; returns the rows per fact."""
    rng = np.random.default_rng(11)
    days = [synth.start + timedelta(days=i) for i in range(synth.days)]
    counts: dict[str, int] = defaultdict(int)
    for month, month_days in by_month(days).items():
        for name, rows in synth.facts(month_days, rng).items():
            write_month(layout, FACTS[name], month, rows)
            counts[name] += rows.height
        if progress:
            progress(month)
    snapshots = by_month(days[-SNAPSHOT_DAYS:])
    for month, month_days in snapshots.items():
        quants = pl.concat(stock_snapshot(synth, day, rng) for day in month_days)
        write_month(layout, FACTS["fact_stock_quants"], month, quants)
        counts["fact_stock_quants"] += quants.height
    write_dimensions(layout, synth)
    return dict(counts)


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


class CoreWait:
    """Seconds this process's threads spent runnable but waiting for a core (Linux schedstat,
    sampled every 0.2 s so threads that end keep their last figure; None elsewhere). Tells a
    run starved by other processes (much waiting) from one that cannot use the cores (little
    waiting and few cores busy)."""

    def __init__(self) -> None:
        self.tasks = Path("/proc/self/task")
        self.seconds: float | None = None
        self._start: dict[str, int] = {}
        self._last: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _read(self) -> dict[str, int]:
        waited = {}
        for task in self.tasks.glob("*"):
            try:
                waited[task.name] = int((task / "schedstat").read_text().split()[1])
            except (OSError, IndexError, ValueError):
                continue  # the thread ended meanwhile
        return waited

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self._last.update(self._read())

    def __enter__(self) -> CoreWait:
        if self.tasks.is_dir():
            self._start = self._read()
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread.is_alive():
            self._stop.set()
            self._thread.join()
            self._last.update(self._read())
            nanos = sum(ns - self._start.get(tid, 0) for tid, ns in self._last.items())
            self.seconds = nanos / 1e9


def cpu_seconds() -> float:
    times = psutil.Process().cpu_times()
    return times.user + times.system


def measure_rebuild(layout: LakeLayout) -> dict:
    with PeakRss() as rss, CoreWait() as waited:
        started, cpu = time.perf_counter(), cpu_seconds()
        result = rebuild_profit(layout, OVERRIDES)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    return {
        "seconds": seconds,
        "cpu": cpu,
        "waited": waited.seconds,
        "peak_rss": rss.peak,
        "rows": result.rows,
    }


def prepare_update(layout: LakeLayout, synth: Synthetic, seed: int = 99, nth: int = 0) -> dict:
    """Append the next sales day (its lines and its bills, every company) and a new bill in
    the middle (the first company's). `nth`: the how-manieth update of a series, each a day
    later than the one before."""
    rng = np.random.default_rng(seed + nth)
    next_day = synth.start + timedelta(days=synth.days + nth)
    middle = synth.start + timedelta(days=synth.days // 2 + nth)
    for name, rows in synth.facts([next_day], rng).items():
        replace_days(layout, FACTS[name], [next_day], rows)
    if synth.companies:  # a chain's sync snapshots its stock every day
        quants = stock_snapshot(synth, next_day, rng)
        replace_days(layout, FACTS["fact_stock_quants"], [next_day], quants)
    signed = (
        "quantity",
        "amount_tax_ex",
        "amount_tax_in",
        "amount_company_currency",
        "amount_company_currency_tax_in",
    )
    first = synth.companies[0] if synth.companies else None
    late_bill = synth.purchases([middle], rng, bills=1, company=first).with_columns(
        pl.col(*signed).abs(), move_type=pl.lit("in_invoice"), is_refund=pl.lit(False)
    )  # a bill, never a vendor refund
    month = middle.replace(day=1)
    existing = pl.read_parquet(layout.month_partition(STAR, "fact_purchases", month))
    middle_rows = pl.concat([existing.filter(pl.col("day") == middle), late_bill])
    replace_days(layout, FACTS["fact_purchases"], [middle], middle_rows)
    return {"middle": middle.isoformat(), "next_day": next_day.isoformat(), "bill": late_bill}


def measure_update(layout: LakeLayout, middle: date, next_day: date) -> dict:
    with PeakRss() as rss:
        started, cpu = time.perf_counter(), cpu_seconds()
        result = update_profit(layout, OVERRIDES, {middle, next_day}, {next_day})
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
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
