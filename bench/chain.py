"""Benchmark of a chain-sized lake: 20 companies x 10 years, about 100 M POS lines.

    nice -n 19 python bench/chain.py --lake /work/bigdata/chain          # generate once, measure
    nice -n 19 python bench/chain.py --lake /work/bigdata/chain --part rebuild --runs 3
    python bench/chain.py --lake /tmp/tiny --companies 2 --years 0.03    # a quick run

The lake is bench/profit.py's synthetic star schema (`Synthetic` with a `chain` of companies),
written month by month by the lake's own writer: POS lines and orders, invoice lines, vendor
bills (bonus lines, vendor refunds, several taxes), stock moves, the last 30 days' stock
snapshots and the dimensions. Most companies keep their books in rupiah, every seventh in US
dollars. It is generated once into --lake (a `chain.json` there records its parameters) and
reused by later runs; never in CI (tests/bench writes a tiny one to prove the generator writes
a valid lake). On a shared machine run it with `nice -n 19`: the CPU seconds printed beside
each wall time are what compares between a loaded and a quiet machine.

Parts (each run --runs times, median reported, with the load average before each run):
    size      the lake on disk, per layer and table
    rebuild   `rebuild_profit` over everything, in a fresh process (peak RSS of its own).
              Goal: <= 150 s, <= 8 GB.
    update    a late bill in the middle of the history + the next sales day of every company,
              then `update_profit` for those days, in a fresh process. Goal: <= 2 s.
    click     the app open on the lake, all companies: a one-year range clicked, to the cards
              and the daily chart painted (bench/ui.py's measure). Goal: <= 300 ms.
    excel     the KPI report workbook of a year, all companies (`nkdash export`'s
              build_report). Goal: <= 10 s.
    verify    `nkdash verify-lake`: every file of the lake read in full.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from profit import PeakRss, Synthetic, chain, cpu_seconds, generate, measure_update, prepare_update

from nkdash_desktop.lake.layout import LakeLayout

PARTS = ("size", "rebuild", "update", "click", "excel", "verify")
START = date(2016, 1, 1)


def load() -> str:
    return "/".join(f"{x:.1f}" for x in psutil.getloadavg())


def synthetic(params: dict) -> Synthetic:
    days = round(params["years"] * 365.25)
    shops = chain(params["companies"], params["lines_per_day"])
    return Synthetic(START, days, params["lines_per_day"], params["products"], 0, shops)


def ensure_lake(base: Path, params: dict) -> LakeLayout:
    """The lake of these parameters in base/lake: generated now unless it already is."""
    layout = LakeLayout(base / "lake")
    stamp = base / "chain.json"
    if stamp.exists():
        recorded = json.loads(stamp.read_text())
        if recorded["params"] != params:
            sys.exit(f"{base} holds a lake of other parameters: {recorded['params']}")
        print(f"lake: {layout.root} (generated before: {recorded['counts']})")
        return layout
    synth = synthetic(params)
    print(
        f"Generating {len(synth.companies)} companies x {synth.days} days (~{params['lines_per_day']}"
        f" sales lines a day each), {params['products']} products into {layout.root} "
        f"(load {load()}) ..."
    )
    started = time.perf_counter()

    def progress(month: date) -> None:
        if month.month == 12:
            print(f"  {month:%Y} written, {time.perf_counter() - started:.0f} s", flush=True)

    counts = generate(layout, synth, progress)
    seconds = time.perf_counter() - started
    print(f"  {counts} in {seconds:.0f} s")
    stamp.write_text(json.dumps({"params": params, "counts": counts, "seconds": seconds}))
    return layout


def runs_of(label: str, runs: int, measure: Callable[[int], dict], show: Callable) -> list[dict]:
    """`runs` measures; each printed with the load average before it."""
    out = []
    for i in range(runs):
        before = load()
        result = measure(i) | {"load": before}
        print(f"    run {i + 1}: {show(result)} (load {before})", flush=True)
        out.append(result)
    return out


def median(results: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in results)


# -- parts ---------------------------------------------------------------------------------


def part_size(layout: LakeLayout) -> None:
    """Bytes on disk (a hard-linked version counts once: its inode is the data file's)."""
    seen: set[int] = set()
    tables: dict[str, int] = {}
    for path in layout.root.rglob("*"):
        if not path.is_file():
            continue
        st = path.stat()
        if st.st_ino in seen:
            continue
        seen.add(st.st_ino)
        table = "/".join(path.relative_to(layout.root).parts[:2])
        tables[table] = tables.get(table, 0) + st.st_blocks * 512
    total = sum(tables.values())
    print(f"(size) lake on disk: {total / 2**30:.2f} GB")
    for table, size in sorted(tables.items(), key=lambda kv: -kv[1]):
        print(f"    {table}: {size / 2**30:.2f} GB")


def _child(*args: str) -> dict:
    cmd = [sys.executable, __file__, *args]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _waited(result: dict) -> str:
    """The threads' wait for a core, as cores: above 2 minus the cores busy, the run could
    have used both cores and was starved by other processes."""
    if result.get("waited") is None:
        return ""
    wanting = (result["cpu"] + result["waited"]) / result["seconds"]
    return f"; {result['waited']:.0f} s waiting for a core: {wanting:.2f} cores wanted"


def part_rebuild(base: Path, runs: int) -> None:
    print("(rebuild) profit full rebuild (goal <= 150 s, <= 8 GB peak RSS):")
    results = runs_of(
        "rebuild",
        runs,
        lambda _: _child("--lake", str(base), "--child", "rebuild") | {"load_after": load()},
        lambda r: (
            f"{r['seconds']:.1f} s ({r['cpu']:.0f} CPU s, {r['cpu'] / r['seconds']:.2f} cores busy"
            f"{_waited(r)}), peak RSS "
            f"{r['peak_rss'] / 2**30:.2f} GB, {r['rows']['fact_sales_lines_profit']:,} profit lines, "
            f"{r['rows']['fact_product_cost_latest_daily']:,} grid rows; load after "
            f"{r['load_after']}"
        ),
    )
    print(
        f"    median {median(results, 'seconds'):.1f} s, peak RSS "
        f"{median(results, 'peak_rss') / 2**30:.2f} GB (max "
        f"{max(r['peak_rss'] for r in results) / 2**30:.2f} GB)"
    )


def part_update(base: Path, layout: LakeLayout, params: dict, runs: int) -> None:
    print("(update) one-day incremental profit (goal <= 2 s):")
    synth = synthetic(params)
    done = json.loads((base / "chain.json").read_text()).get("updates", 0)

    def one(i: int) -> dict:
        prepared = prepare_update(layout, synth, nth=done + i)
        out = _child(
            "--lake", str(base), "--child", "update",
            "--middle", prepared["middle"], "--next-day", prepared["next_day"],
        )  # fmt: skip
        stamp = json.loads((base / "chain.json").read_text())
        (base / "chain.json").write_text(json.dumps(stamp | {"updates": done + i + 1}))
        return out | {"bill": prepared["bill"].height, "day": prepared["next_day"]}

    results = runs_of(
        "update",
        runs,
        one,
        lambda r: (
            f"{r['seconds']:.2f} s ({r['cpu']:.1f} CPU s) for the new day {r['day']} and "
            f"a bill of {r['bill']} lines; peak RSS {r['peak_rss'] / 2**30:.2f} GB; "
            f"{r['partitions']} partitions, {r['products']} products on {r['days']} days"
        ),
    )
    print(f"    median {median(results, 'seconds'):.2f} s")


def part_click(base: Path, runs: int, clicks: int) -> None:
    print("(click) a one-year range clicked, all companies, to cards and chart painted "
          "(goal <= 300 ms):")  # fmt: skip
    for i in range(runs):
        before = load()
        with tempfile.TemporaryDirectory(prefix="nkdash-chain-home-") as home:
            env = os.environ | {"NKDASH_HOME": home}
            cmd = [sys.executable, str(Path(__file__).parent / "ui.py"), "--part", "range",
                   "--lake", str(base / "lake"), "--clicks", str(clicks)]  # fmt: skip
            out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
        line = out.stdout.strip().splitlines()[-1].strip()
        print(f"    series {i + 1} (load {before}): {line}", flush=True)


def measure_excel(layout: LakeLayout, year: int) -> dict:
    from nkdash_desktop.kpi.excel import build_report

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.xlsx"
        with PeakRss() as rss:
            started, cpu = time.perf_counter(), cpu_seconds()
            report = build_report(layout.root, date(year, 1, 1), date(year, 12, 31), out, None)
            seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        size = out.stat().st_size
    return {"seconds": seconds, "cpu": cpu, "peak_rss": rss.peak, "bytes": size,
            "sentence": report.sentence()}  # fmt: skip


def part_excel(base: Path, runs: int, year: int) -> None:
    print(f"(excel) the KPI report workbook of {year}, all companies (goal <= 10 s):")
    results = runs_of(
        "excel",
        runs,
        lambda _: _child("--lake", str(base), "--child", "excel", "--year", str(year)),
        lambda r: (
            f"{r['seconds']:.2f} s ({r['cpu']:.1f} CPU s), {r['bytes'] / 1e6:.1f} MB, peak RSS "
            f"{r['peak_rss'] / 2**30:.2f} GB: {r['sentence']}"
        ),
    )
    print(f"    median {median(results, 'seconds'):.2f} s")


def measure_verify(layout: LakeLayout) -> dict:
    from nkdash_desktop.pipeline.integrity import scan

    with PeakRss() as rss:
        started, cpu = time.perf_counter(), cpu_seconds()
        corrupt = scan(layout)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    files = sum(1 for _ in layout.root.rglob("data.parquet"))
    return {"seconds": seconds, "cpu": cpu, "peak_rss": rss.peak, "corrupt": len(corrupt),
            "files": files}  # fmt: skip


def part_verify(base: Path, runs: int) -> None:
    print("(verify) verify-lake: every file read in full:")
    results = runs_of(
        "verify",
        runs,
        lambda _: _child("--lake", str(base), "--child", "verify"),
        lambda r: (
            f"{r['seconds']:.1f} s ({r['cpu']:.0f} CPU s) over {r['files']:,} files, "
            f"{r['corrupt']} corrupt, peak RSS {r['peak_rss'] / 2**30:.2f} GB"
        ),
    )
    print(f"    median {median(results, 'seconds'):.1f} s")


def measure_upgrade(layout: LakeLayout) -> dict:
    from nkdash_desktop.lake.lock import WriterLock
    from nkdash_desktop.lake.state import StateDB
    from nkdash_desktop.pipeline.upgrade import upgrade_lake

    with (
        PeakRss() as rss,
        WriterLock(layout.metadata, owner="bench", description="upgrade"),
        StateDB(layout.metadata) as state,
    ):
        started, cpu = time.perf_counter(), cpu_seconds()
        reports = upgrade_lake(layout, "Asia/Jakarta", state)
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    done = {r.name: len(r.rebuilt) for r in reports}
    return {"seconds": seconds, "cpu": cpu, "peak_rss": rss.peak, "done": done}


def part_upgrade(base: Path) -> None:
    print("(upgrade) the lake upgrade of the next run (WRITES the lake):")
    runs_of(
        "upgrade",
        1,
        lambda _: _child("--lake", str(base), "--child", "upgrade"),
        lambda r: (
            f"{r['seconds']:.1f} s ({r['cpu']:.1f} CPU s), peak RSS "
            f"{r['peak_rss'] / 2**30:.2f} GB: {r['done'] or 'nothing owed'}"
        ),
    )


def child(args: argparse.Namespace) -> None:
    from profit import measure_rebuild

    layout = LakeLayout(Path(args.lake) / "lake")
    if args.child == "rebuild":
        out = measure_rebuild(layout)
    elif args.child == "update":
        out = measure_update(
            layout, date.fromisoformat(args.middle), date.fromisoformat(args.next_day)
        )
        out.pop("changed", None)
    elif args.child == "excel":
        out = measure_excel(layout, args.year)
    elif args.child == "upgrade":
        out = measure_upgrade(layout)
    else:
        out = measure_verify(layout)
    print(json.dumps(out, default=str))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lake", required=True, help="folder of the lake (generated once)")
    parser.add_argument("--companies", type=int, default=20)
    parser.add_argument("--years", type=float, default=10)
    parser.add_argument("--lines-per-day", type=int, default=1400, help="per company, average")
    parser.add_argument("--products", type=int, default=3000)
    parser.add_argument("--part", choices=(*PARTS, "upgrade", "generate", "all"), default="all")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clicks", type=int, default=10)
    parser.add_argument("--year", type=int, default=2025, help="the year of the Excel report")
    parser.add_argument("--child", choices=("rebuild", "update", "excel", "verify", "upgrade"),
                        help=argparse.SUPPRESS)  # fmt: skip
    parser.add_argument("--middle", help=argparse.SUPPRESS)
    parser.add_argument("--next-day", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    base = Path(args.lake)
    base.mkdir(parents=True, exist_ok=True)
    params = {
        "companies": args.companies,
        "years": args.years,
        "lines_per_day": args.lines_per_day,
        "products": args.products,
    }
    print(
        f"CPU: {os.cpu_count()} logical cores, {psutil.virtual_memory().total / 2**30:.0f} GB "
        f"RAM, load average {load()}"
    )
    layout = ensure_lake(base, params)
    parts = PARTS if args.part == "all" else () if args.part == "generate" else (args.part,)
    for part in parts:
        if part == "size":
            part_size(layout)
        elif part == "rebuild":
            part_rebuild(base, args.runs)
        elif part == "update":
            part_update(base, layout, params, args.runs)
        elif part == "click":
            part_click(base, args.runs, args.clicks)
        elif part == "excel":
            part_excel(base, args.runs, args.year)
        elif part == "verify":
            part_verify(base, args.runs)
        elif part == "upgrade":
            part_upgrade(base)


if __name__ == "__main__":
    main()
