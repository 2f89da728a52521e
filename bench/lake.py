"""Benchmark of the lake's clean and star-schema layers and of KPI queries through the catalog.

    python bench/lake.py                  # both parts, default sizes
    python bench/lake.py --part load --days 30 --lines-per-day 33334 --repeat 3
    python bench/lake.py --part query --years 5 --rows 7000000 --runs 25

(a) load: synthetic raw POS partitions (orders, lines, payments in the raw schema, written
    straight as Parquet), then `clean_day` for every day and one `load_days`. Target: <= 5 s
    for 1 M lines.
(b) query: a synthetic star schema of N years (fact_sales, fact_sales_lines_profit,
    agg_profit_daily, agg_profit_daily_by_product in monthly files, dim_products) written by
    the lake's own writer, then KPI queries through `open_catalog`, median of --runs runs each.
    Target: <= 100 ms median per query.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import RAW, STAR, LakeLayout
from nkdash_desktop.lake.months import by_month, replace_days
from nkdash_desktop.lake.schema import DIMS, FACTS, conform
from nkdash_desktop.lake.versions import publish_frame
from nkdash_desktop.pipeline.clean import clean_day
from nkdash_desktop.pipeline.days import day_range
from nkdash_desktop.pipeline.load import load_days
from nkdash_desktop.pipeline.raw import raw_schema

TZ = "Asia/Jakarta"
PRODUCTS = 3000
LINES_PER_ORDER = 4


def _ids(rng: np.random.Generator, n: int, high: int) -> pl.Series:
    return pl.Series(rng.integers(1, high + 1, n), dtype=pl.Int64)


def _write_raw(layout: LakeLayout, table: str, day: date, columns: dict[str, pl.Series]) -> None:
    spec = next(t for t in DATASETS["pos_lines"].tables if t.name == table)
    schema = raw_schema(spec.fields)
    n = len(next(iter(columns.values())))
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    arrays = []
    for field in schema:
        if field.name in columns:
            arrays.append(columns[field.name].to_arrow().cast(field.type))
        elif field.name == "_extracted_at":
            arrays.append(pa.array([stamp] * n, field.type))
        else:
            arrays.append(pa.nulls(n, field.type))
    dest = layout.day_partition(RAW, table, day)
    dest.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), dest, compression="zstd")


def synthesize_raw_pos_day(layout: LakeLayout, day: date, lines: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    orders = lines // LINES_PER_ORDER
    first_order = seed * 1_000_000 + 1
    order_ids = pl.Series(np.arange(first_order, first_order + orders), dtype=pl.Int64)
    start = datetime.combine(day, datetime.min.time()) - timedelta(hours=7)  # Jakarta, as UTC
    seconds = pl.Series(np.sort(rng.integers(0, 86_400, orders)))
    date_order = (
        pl.select(pl.lit(start) + pl.duration(seconds=seconds))
        .to_series()
        .dt.strftime("%Y-%m-%d %H:%M:%S")
    )
    states = pl.Series(
        rng.choice(["paid", "done", "invoiced", "cancel"], orders, p=[0.5, 0.44, 0.05, 0.01])
    )
    config = _ids(rng, orders, 4)
    user = _ids(rng, orders, 8)
    walk_in = pl.Series(rng.random(orders) < 0.7)
    partner = _ids(rng, orders, 5000).zip_with(~walk_in, pl.Series([None] * orders, dtype=pl.Int64))
    _write_raw(
        layout,
        "pos_orders",
        day,
        {
            "id": order_ids,
            "name": "Shop/" + order_ids.cast(pl.String),
            "pos_reference": "Order " + order_ids.cast(pl.String),
            "date_order": date_order,
            "state": states,
            "partner_id_id": partner,
            "partner_id_name": "Customer " + partner.cast(pl.String),
            "user_id_id": user,
            "user_id_name": "Cashier " + user.cast(pl.String),
            "session_id_id": config,
            "config_id_id": config,
            "config_id_name": "Kasir " + config.cast(pl.String),
            "company_id_id": pl.Series([1] * orders, dtype=pl.Int64),
            "company_id_name": pl.Series(["NK Mart"] * orders),
            "amount_total": pl.Series(rng.random(orders) * 100_000),
            "is_refund": pl.Series([False] * orders),
            "write_date": date_order,
        },
    )
    line_order = pl.Series(
        np.sort(rng.integers(first_order, first_order + orders, lines)), dtype=pl.Int64
    )
    product = _ids(rng, lines, PRODUCTS)
    qty = pl.Series(
        np.where(rng.random(lines) < 0.02, -1.0, rng.integers(1, 5, lines).astype(float))
    )
    price = pl.Series(rng.integers(5, 200, lines) * 1000.0)
    discount = pl.Series(np.where(rng.random(lines) < 0.1, 10.0, 0.0))
    total = qty * price * (1 - discount / 100)
    line_ids = pl.Series(
        np.arange(seed * 10_000_000 + 1, seed * 10_000_000 + 1 + lines), dtype=pl.Int64
    )
    _write_raw(
        layout,
        "pos_order_lines",
        day,
        {
            "id": line_ids,
            "order_id_id": line_order,
            "order_id_name": "Shop/" + line_order.cast(pl.String),
            "product_id_id": product,
            "product_id_name": "Product " + product.cast(pl.String),
            "full_product_name": "Product " + product.cast(pl.String),
            "qty": qty,
            "price_unit": price,
            "discount": discount,
            "price_subtotal": total / 1.11,
            "price_subtotal_incl": total,
            "tax_ids": pl.Series([[1]] * lines, dtype=pl.List(pl.Int64)),
            "total_cost": pl.Series(np.zeros(lines)),
            "company_id_id": pl.Series([1] * lines, dtype=pl.Int64),
            "write_date": pl.Series([f"{day} 05:00:00"] * lines),
        },
    )
    payments = orders + orders // 5
    pay_order = pl.Series(
        np.concatenate([order_ids.to_numpy(), rng.choice(order_ids.to_numpy(), payments - orders)]),
        dtype=pl.Int64,
    )
    method = _ids(rng, payments, 3)
    _write_raw(
        layout,
        "pos_payments",
        day,
        {
            "id": pl.Series(
                np.arange(seed * 1_000_000 + 1, seed * 1_000_000 + 1 + payments), dtype=pl.Int64
            ),
            "pos_order_id_id": pay_order,
            "pos_order_id_name": "Shop/" + pay_order.cast(pl.String),
            "amount": pl.Series(rng.random(payments) * 100_000),
            "payment_method_id_id": method,
            "payment_method_id_name": "Method " + method.cast(pl.String),
            "payment_date": pl.Series([f"{day} 05:00:00"] * payments),
            "is_change": pl.Series(rng.random(payments) < 0.05),
            "company_id_id": pl.Series([1] * payments, dtype=pl.Int64),
            "write_date": pl.Series([f"{day} 05:00:00"] * payments),
        },
    )


def bench_load(root: Path, days: int, lines_per_day: int, repeat: int) -> None:
    layout = LakeLayout(root)
    first = date(2026, 1, 1)
    all_days = list(day_range(first, first + timedelta(days=days - 1)))
    t0 = time.perf_counter()
    for i, day in enumerate(all_days):
        synthesize_raw_pos_day(layout, day, lines_per_day, seed=i + 1)
    print(
        f"(a) raw: {days} days x {lines_per_day:,} POS lines generated in "
        f"{time.perf_counter() - t0:.1f} s (not timed)"
    )
    totals = []
    for run in range(1, repeat + 1):  # a rerun replaces the same partitions: same work again
        t0 = time.perf_counter()
        cleaned = sum(
            clean_day(layout, DATASETS["pos_lines"], day, TZ)["pos_lines"] for day in all_days
        )
        t_clean = time.perf_counter() - t0
        t0 = time.perf_counter()
        loaded = load_days(layout, DATASETS["pos_lines"], all_days)["fact_sales"]
        t_load = time.perf_counter() - t0
        totals.append(t_clean + t_load)
        print(
            f"    run {run}: clean_day x {days} {t_clean:.2f} s ({t_clean / days * 1000:.0f} ms "
            f"a day, {cleaned:,} clean lines) + load_days {t_load:.2f} s ({loaded:,} fact_sales "
            f"rows, {len(by_month(all_days))} month file) = {t_clean + t_load:.2f} s"
        )
    print(
        f"    clean + load of {loaded:,} lines: best {min(totals):.2f} s, median "
        f"{statistics.median(totals):.2f} s over {repeat} runs (target <= 5 s)"
    )


def _sales_month(
    rng: np.random.Generator, month_days: list[date], rows: int, first_line: int
) -> pl.DataFrame:
    day_index = np.sort(rng.integers(0, len(month_days), rows))
    days = pl.Series([month_days[0]] * rows) + pl.Series(
        day_index * 86_400_000_000, dtype=pl.Duration("us")
    )
    product = rng.zipf(1.3, rows) % PRODUCTS + 1  # a few best sellers, a long tail
    qty = rng.integers(1, 5, rows).astype(float)
    price = rng.integers(5, 200, rows) * 1000.0
    hour = rng.integers(7, 23, rows)
    return pl.DataFrame(
        {
            "day": days.cast(pl.Date),
            "company_id": np.ones(rows, dtype=np.int64),
            "order_id": (first_line + np.arange(rows)) // LINES_PER_ORDER,
            "order_name": pl.Series(np.arange(rows) // LINES_PER_ORDER).cast(pl.String),
            "line_id": first_line + np.arange(rows),
            "date_order": None,
            "hour": hour.astype(np.int8),
            "weekday": None,
            "session_id": rng.integers(1, 500, rows),
            "config_id": rng.integers(1, 5, rows),
            "employee_id": rng.integers(1, 20, rows),
            "user_id": rng.integers(1, 8, rows),
            "partner_id": None,
            "currency_id": np.full(rows, 12),
            "product_id": product.astype(np.int64),
            "quantity": qty,
            "price_unit": price,
            "discount_percent": np.zeros(rows),
            "discount_amount": np.zeros(rows),
            "revenue_tax_ex": qty * price / 1.11,
            "revenue_tax_in": qty * price,
            "is_refund": np.zeros(rows, dtype=bool),
            "payment_method_id": rng.integers(1, 4, rows),
        }
    ).with_columns(
        date_order=pl.col("day").cast(pl.Datetime("us")) + pl.duration(hours=pl.col("hour")),
        weekday=pl.col("day").dt.weekday(),
    )


def _profit_of(sales: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    unit_cost = sales["price_unit"] * rng.uniform(0.55, 0.85, sales.height)
    missing = pl.Series(rng.random(sales.height) < 0.01)
    cogs = (sales["quantity"] * unit_cost).zip_with(~missing, pl.Series([0.0] * sales.height))
    return sales.select(
        "day", "company_id", "product_id", "quantity", "revenue_tax_in",
        channel=pl.lit("pos"),
        order_id="order_id",
        line_id="line_id",
        unit_cost_tax_in=unit_cost,
        cogs_tax_in=cogs,
        gross_profit=pl.col("revenue_tax_in") - cogs,
        cost_missing=missing,
        # the cost's source: a bill some days before the sale (null when none is known)
        cost_day=pl.when(~missing).then(pl.col("day") - pl.duration(days=3)),
        cost_line_id=pl.when(~missing).then(pl.col("product_id")),
        cost_source=pl.when(~missing).then(pl.lit("purchase")),
    )  # fmt: skip


def _aggregate(profit: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    return profit.group_by(by).agg(
        pl.col("revenue_tax_in", "cogs_tax_in", "gross_profit", "quantity").sum(),
        transactions=pl.col("order_id").n_unique(),
        lines=pl.len(),
        cost_missing_lines=pl.col("cost_missing").sum(),
        revenue_cost_missing=pl.col("revenue_tax_in").filter(pl.col("cost_missing")).sum(),
        # no standard-cost fallback here (Settings > Profit, off by default)
        cost_standard_lines=pl.lit(0, pl.Int64),
        revenue_cost_standard=pl.lit(0.0),
    )


def build_star(root: Path, years: int, rows: int) -> None:
    layout = LakeLayout(root)
    first = date(2026 - years, 1, 1)
    months = by_month(day_range(first, date(2025, 12, 31)))
    per_month = rows // len(months)
    rng = np.random.default_rng(7)
    t0 = time.perf_counter()
    for i, month_days in enumerate(months.values()):
        sales = _sales_month(rng, month_days, per_month, i * per_month)
        replace_days(layout, FACTS["fact_sales"], month_days, sales)
        profit = _profit_of(sales, rng)
        replace_days(layout, FACTS["fact_sales_lines_profit"], month_days, profit)
        by_product = _aggregate(profit, ["day", "company_id", "product_id"])
        replace_days(layout, FACTS["agg_profit_daily_by_product"], month_days, by_product)
        replace_days(
            layout, FACTS["agg_profit_daily"], month_days, _aggregate(profit, ["day", "company_id"])
        )
    products = pl.DataFrame({"product_id": np.arange(1, PRODUCTS + 1)}).with_columns(
        name="Product " + pl.col("product_id").cast(pl.String), archived=False
    )
    dim = DIMS["dim_products"]
    publish_frame(
        conform(
            dim,
            products.with_columns(
                [pl.lit(None).alias(c) for c in dim.names if c not in products.columns]
            ),
        ),
        layout.single_file(STAR, dim.name),
    )
    print(
        f"(b) star schema: {years} years, {per_month * len(months):,} fact_sales rows (and as "
        f"many profit lines) in {len(months)} monthly files, built in "
        f"{time.perf_counter() - t0:.1f} s"
    )


def _median_ms(run: Callable[[], object], runs: int) -> tuple[float, float]:
    run()  # warm the OS file cache, as a dashboard's second look would
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def bench_queries(root: Path, runs: int) -> None:
    t0 = time.perf_counter()
    con = open_catalog(root)
    print(f"    open_catalog: {(time.perf_counter() - t0) * 1000:.0f} ms")
    year = "day >= DATE '2025-01-01' AND day < DATE '2026-01-01'"
    month = "day >= DATE '2025-06-01' AND day < DATE '2025-07-01'"
    queries = {
        "revenue per day for a year (fact_sales)": (
            f"SELECT day, sum(revenue_tax_in) FROM fact_sales WHERE {year} GROUP BY day ORDER BY day"
        ),
        "profit per day for a year (fact_sales_lines_profit)": (
            "SELECT day, sum(revenue_tax_in), sum(gross_profit), "
            "sum(gross_profit) / sum(revenue_tax_in) FROM fact_sales_lines_profit "
            f"WHERE {year} GROUP BY day ORDER BY day"
        ),
        "profit per day for a year (agg_profit_daily)": (
            "SELECT day, revenue_tax_in, gross_profit, margin FROM agg_profit_daily "
            f"WHERE {year} ORDER BY day"
        ),
        "top 10 products of a month (fact_sales)": (
            "SELECT p.name, sum(s.revenue_tax_in) AS revenue, sum(s.quantity) "
            "FROM fact_sales s JOIN dim_products p USING (product_id) "
            f"WHERE s.{month} GROUP BY p.name ORDER BY revenue DESC LIMIT 10"
        ),
        "top 10 products of a month by profit (agg_profit_daily_by_product)": (
            "SELECT p.name, sum(a.gross_profit) AS profit FROM agg_profit_daily_by_product a "
            f"JOIN dim_products p USING (product_id) WHERE a.{month} "
            "GROUP BY p.name ORDER BY profit DESC LIMIT 10"
        ),
    }
    expected_days = 365
    for label, sql in queries.items():
        rows = con.execute(sql).fetchall()
        assert rows and (len(rows) in (expected_days, 10)), (label, len(rows))
        median, worst = _median_ms(lambda sql=sql: con.execute(sql).fetchall(), runs)
        print(
            f"    {label}: median {median:.1f} ms, max {worst:.1f} ms over {runs} runs "
            "(target <= 100 ms)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=("load", "query", "all"), default="all")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--lines-per-day", type=int, default=33_334)
    parser.add_argument("--repeat", type=int, default=3, help="clean + load runs (part a)")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--rows", type=int, default=7_000_000)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nkdash-bench-") as tmp:
        if args.part in ("load", "all"):
            bench_load(Path(tmp) / "load", args.days, args.lines_per_day, args.repeat)
        if args.part in ("query", "all"):
            build_star(Path(tmp) / "query", args.years, args.rows)
            bench_queries(Path(tmp) / "query", args.runs)


if __name__ == "__main__":
    main()
