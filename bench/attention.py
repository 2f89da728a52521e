"""Benchmark of the "Needs attention" rules: all of them together on a 5-year lake.

    python bench/attention.py                       # 5 years, 7 M POS lines, 25 runs
    python bench/attention.py --years 1 --rows 1000000 --runs 5

The lake: bench/ui.py's 5-year star schema (bench/lake.py's sales and profit in monthly files,
products in categories, the company), plus what the rules read besides: a bill per product
about every two weeks (fact_purchases and its cost events, a few percent of them a price jump),
their receipts (fact_inventory_moves), daily stock snapshots of the last 60 days
(fact_stock_quants) and a state database of nightly runs. Then `kpi.attention.attention` for
the lake's last day through one catalog connection, median of --runs runs after a warm-up.
Target: <= 300 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from lake import PRODUCTS
from ui import build_five_years

from nkdash_desktop.kpi.attention import attention
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.lake.months import by_month, replace_days
from nkdash_desktop.lake.schema import DIMS, FACTS, conform
from nkdash_desktop.lake.state import StateDB
from nkdash_desktop.lake.versions import publish_frame
from nkdash_desktop.pipeline.days import day_range

LAST_DAY = date(2025, 12, 31)  # bench/lake.py's lakes end here
STOCK, VENDORS = 10, 11


def _padded(name: str, frame: pl.DataFrame, facts: bool = True) -> pl.DataFrame:
    table = FACTS[name] if facts else DIMS[name]
    missing = [pl.lit(None).alias(c) for c in table.names if c not in frame.columns]
    return conform(table, frame.with_columns(missing))


def _write(layout: LakeLayout, name: str, frame: pl.DataFrame) -> None:
    days = frame["day"].unique().to_list()
    for month_days in by_month(days).values():
        part = frame.filter(pl.col("day").is_in(month_days))
        replace_days(layout, FACTS[name], month_days, _padded(name, part))


def build_attention_tables(root: Path, years: int) -> dict[str, int]:
    layout = LakeLayout(root)
    rng = np.random.default_rng(20)
    first = date(2026 - years, 1, 1)
    span = (LAST_DAY - first).days + 1
    # bills: each product about every 14 days, its cost drifting, now and then jumping
    per_product = span // 14
    product = np.repeat(np.arange(1, PRODUCTS + 1), per_product)
    offsets = np.tile(np.arange(per_product) * 14, PRODUCTS) + rng.integers(0, 14, len(product))
    offsets = np.minimum(offsets, span - 1)
    day = pl.Series([first] * len(product)) + pl.Series(
        offsets * 86_400_000_000, dtype=pl.Duration("us")
    )
    base = rng.integers(3, 150, PRODUCTS + 1) * 1000.0
    cost = base[product] * rng.uniform(0.97, 1.03, len(product))
    cost *= np.where(rng.random(len(product)) < 0.03, 1.25, 1.0)
    n = len(product)
    line = np.arange(1, n + 1)
    bills = pl.DataFrame(
        {"day": day.cast(pl.Date), "company_id": 1, "move_id": line, "line_id": line,
         "product_id": product, "vendor_id": rng.integers(100, 140, n), "quantity": 48.0,
         "price_unit": cost, "discount_percent": 0.0, "net_unit_price": cost,
         "currency_rate": 1.0, "tax_multiplier": 1.0, "unit_cost_tax_in": cost,
         "tax_ids": [[9]] * n}
    )  # fmt: skip
    _write(layout, "fact_product_cost_events", bills)
    purchases = bills.select(
        "day", "company_id", "move_id", "line_id", "vendor_id", "product_id", "quantity",
        "price_unit", "discount_percent", "net_unit_price", "tax_ids",
        move_name=pl.format("BILL/{}", "move_id"), move_type=pl.lit("in_invoice"),
        invoice_date="day", currency_id=pl.lit(12), uom_id=pl.lit(1),
        amount_tax_ex=pl.col("quantity") * pl.col("price_unit"),
        amount_tax_in=pl.col("quantity") * pl.col("price_unit"),
        amount_company_currency=pl.col("quantity") * pl.col("price_unit"),
        is_refund=pl.lit(False), is_bonus=pl.lit(False),
    )  # fmt: skip
    _write(layout, "fact_purchases", purchases)
    receipts = bills.select(
        "day", "company_id", "product_id", "quantity",
        move_line_id="line_id", move_id="line_id", picking_id="move_id",
        picking_code=pl.lit("incoming"), reference=pl.format("WH/IN/{}", "move_id"),
        uom_id=pl.lit(1), location_id=pl.lit(VENDORS), location_usage=pl.lit("supplier"),
        location_dest_id=pl.lit(STOCK), location_dest_usage=pl.lit("internal"),
        direction=pl.lit("in"), quantity_signed="quantity",
    )  # fmt: skip
    _write(layout, "fact_inventory_moves", receipts)
    # stock snapshots of the last 60 days, every product (some at zero or below)
    snapshot_days = list(day_range(LAST_DAY - timedelta(days=59), LAST_DAY))
    quants = (
        pl.DataFrame({"day": pl.Series(snapshot_days, dtype=pl.Date)})
        .join(pl.DataFrame({"product_id": np.arange(1, PRODUCTS + 1)}), how="cross")
        .with_columns(
            company_id=pl.lit(1),
            quant_id=pl.int_range(pl.len()) + 1,
            location_id=pl.lit(STOCK),
            quantity=pl.Series(rng.integers(-5, 200, PRODUCTS * len(snapshot_days)).astype(float)),
        )
        .with_columns(reserved_quantity=pl.lit(0.0), available_quantity="quantity")
    )
    _write(layout, "fact_stock_quants", quants)
    locations = pl.DataFrame(
        {"location_id": [STOCK, VENDORS], "name": ["Stock", "Vendors"],
         "full_path": ["WH/Stock", "Partners/Vendors"], "usage": ["internal", "supplier"],
         "is_internal": [True, False], "company_id": [1, None]}
    )  # fmt: skip
    publish_frame(
        _padded("dim_locations", locations, facts=False), layout.single_file(STAR, "dim_locations")
    )
    layout.metadata.mkdir(parents=True, exist_ok=True)
    with StateDB(layout.metadata) as state:
        for _ in range(30):
            state.finish_run(state.start_run("nightly"), "succeeded", totals={"rows": 0})
        for dataset in ("pos_lines", "invoice_sales", "purchases", "inventory_moves"):
            state.set_last_complete_day(dataset, LAST_DAY)
            state.mark_success(dataset)
    return {"bills": n, "stock rows": quants.height}


def _cpu_seconds() -> float:
    used = psutil.Process().cpu_times()
    return used.user + used.system


def bench(root: Path, runs: int) -> None:
    con = open_catalog(root)
    now = datetime.now(UTC)
    findings = attention(con, root, LAST_DAY, now=now)  # warm the file cache, as a second look
    for f in findings:
        print(f"    {f.title:16} {f.count:>5}  {f.line[:90]}")
    times, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), _cpu_seconds()
        attention(con, root, LAST_DAY, now=now)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((_cpu_seconds() - c0) * 1000)
    per_rule = {}
    from nkdash_desktop.kpi.attention import LAKE_RULES, Check, data_problems
    from nkdash_desktop.settings import AttentionSettings

    check = Check(LAST_DAY, None, AttentionSettings(), now)
    rules = {**LAKE_RULES, "data": lambda c, k: data_problems(root, k, c)}
    for name, rule in rules.items():
        samples = []
        for _ in range(max(3, runs // 5)):
            t0 = time.perf_counter()
            rule(con, check)
            samples.append((time.perf_counter() - t0) * 1000)
        per_rule[name] = statistics.median(samples)
    print(
        f"(b) all rules for {LAST_DAY}: median {statistics.median(times):.0f} ms, "
        f"max {max(times):.0f} ms over {runs} runs (target <= 300 ms); CPU time of all "
        f"threads per run: median {statistics.median(cpu):.0f} ms (load average now "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: wall times grow with other jobs)"
    )
    print("    per rule (median): " + ", ".join(f"{k} {v:.0f} ms" for k, v in per_rule.items()))
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--rows", type=int, default=7_000_000)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--lake", type=Path, help="build into (or reuse) this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nkdash-attention-") as tmp:
        root = args.lake or Path(tmp) / "lake"
        if not (root / "star-schema" / "fact_sales").exists():
            t0 = time.perf_counter()
            build_five_years(root, args.years, args.rows)
            extra = build_attention_tables(root, args.years)
            print(f"(a) lake built in {time.perf_counter() - t0:.1f} s ({extra})")
        bench(root, args.runs)


if __name__ == "__main__":
    main()
