"""A lake loaded from the built-in demo Odoo, shared by the KPI and UI tests.

The demo server and the lake are built once per test process (the KPI and UI test folders both
use them): 30 days of a small shop, backfilled through the real engine over real HTTP. Tests
that change a lake work on a copy. The demo's clock is today 14:00 in Jakarta, so "today" has
sales to show live whatever the time the tests run.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import polars as pl

from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.months import replace_days
from nkdash_desktop.lake.schema import FACTS, conform
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.pipeline.profit import aggregates
from nkdash_desktop.pipeline.runner import RunContext
from nkdash_desktop.pipeline.sync import backfill
from nkdash_desktop.settings import Settings

TZ = "Asia/Jakarta"
DAYS = 30
DEMO_KEY = "nkdash-demo-admin-key"
PROFIT_TABLES = (
    "fact_sales_lines_profit",
    "agg_profit_daily",
    "agg_profit_daily_by_product",
    "fact_product_cost_events",
    "fact_product_cost_latest_daily",
)
_cache: dict[str, object] = {}


def now_utc() -> datetime:
    """The demo's clock: 14:00 today in Jakarta, as naive UTC."""
    local = datetime.combine(today(TZ), time(14, 0), ZoneInfo(TZ))
    return local.astimezone(UTC).replace(tzinfo=None)


def server() -> DemoOdoo:
    if "server" not in _cache:
        srv = DemoOdoo(DemoConfig(days=DAYS, scale="small", flavour=19, now=now_utc()), port=0)
        srv.start()
        atexit.register(srv.stop)
        _cache["server"] = srv
    return _cache["server"]  # type: ignore[return-value]


@dataclass
class RemoteOdoo:
    """The demo Odoo in a process of its own, as a real Odoo is: its Python work does not
    compete with the app's threads for this process's interpreter lock. Same data as
    `server()`: the demo is deterministic for a configuration."""

    url: str
    db: str
    process: subprocess.Popen

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()  # the child exits when its standard input closes
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait(10)


def remote_server() -> RemoteOdoo:
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import demo_lake; "
        "srv = demo_lake.server(); print(srv.url, srv.db, flush=True); sys.stdin.read()"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(Path(__file__).parent)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url, db = process.stdout.readline().split()
    return RemoteOdoo(url, db, process)


def client(srv: DemoOdoo | RemoteOdoo, **kw) -> OdooClient:
    connection = OdooConnection(srv.url, srv.db, "admin", timezone=TZ, **kw)
    return OdooClient(connection, DEMO_KEY).connect()


def run_context(srv: DemoOdoo | RemoteOdoo, root: Path, **connection_kw) -> RunContext:
    return RunContext(
        layout=LakeLayout(root),
        timezone=TZ,
        client_factory=lambda: client(srv, **connection_kw),
        connections=2,
        owner="app",
    )


def lake_range() -> tuple[date, date]:
    yesterday = today(TZ) - timedelta(days=1)
    return yesterday - timedelta(days=DAYS - 2), yesterday


def built_lake(base: Path) -> Path:
    """The demo's days up to yesterday, every dataset, plus today's stock snapshot."""
    if "lake" not in _cache:
        root = base / "demo-lake"
        result = backfill(run_context(server(), root), *lake_range())
        assert result.status == "succeeded", result.sentence
        _cache["lake"] = root
    return _cache["lake"]  # type: ignore[return-value]


def copy_lake(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest)
    return dest


def drop_profit(root: Path) -> None:
    """No profit computed: the profit tables' views become empty."""
    for name in PROFIT_TABLES:
        shutil.rmtree(root / "star-schema" / name, ignore_errors=True)


def _padded(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    table = FACTS[name]
    missing = [pl.lit(None).alias(c) for c in table.names if c not in frame.columns]
    return conform(table, frame.with_columns(missing))


def write_profit(root: Path, days: list[date], cost_ratio: float = 0.7) -> None:
    """Profit tables for `days`, as the profit pipeline would shape them: every sales line at a
    cost of `cost_ratio` of its price, except products whose id is a multiple of 7 (no cost
    known: cost and profit unknown, flagged); aggregated by the pipeline's own aggregates."""
    con = duckdb.connect()
    con.execute(
        f"CREATE VIEW sales AS SELECT * FROM read_parquet('{root}/star-schema/fact_sales/month=*/data.parquet', union_by_name=true)"
    )
    invoices = root / "star-schema" / "fact_invoice_sales"
    if invoices.exists():
        con.execute(
            f"CREATE VIEW invoices AS SELECT * FROM read_parquet('{invoices}/month=*/data.parquet', union_by_name=true)"
        )
    else:
        con.execute("CREATE VIEW invoices AS SELECT * FROM sales WHERE false")
    lines = con.sql(
        """
        SELECT day, company_id, 'pos' AS channel, order_id, line_id, product_id, quantity,
               revenue_tax_in, price_unit FROM sales
        UNION ALL
        SELECT day, company_id, 'invoice', move_id, line_id, product_id, quantity,
               revenue_tax_in,
               -- price_unit is in the invoice's currency: costs are in the company's
               price_unit * coalesce(revenue_tax_in / nullif(revenue_tax_in_document_currency, 0),
                                     1) AS price_unit
        FROM invoices
        """
    ).pl()
    con.close()
    missing = pl.col("product_id") % 7 == 0
    lines = (
        lines.filter(pl.col("day").is_in(days))
        .with_columns(
            unit_cost_tax_in=pl.when(missing)
            .then(None)
            .otherwise(pl.col("price_unit") * cost_ratio),
            cost_missing=missing,
            cost_source=pl.when(missing).then(None).otherwise(pl.lit("purchase")),
        )
        .with_columns(cogs_tax_in=pl.col("quantity") * pl.col("unit_cost_tax_in"))
        .with_columns(gross_profit=pl.col("revenue_tax_in") - pl.col("cogs_tax_in"))
        .sort("day", "product_id", "channel", "line_id")
    )

    layout = LakeLayout(root)
    frames = {
        "fact_sales_lines_profit": lines,
        "agg_profit_daily": aggregates.daily(lines),
        "agg_profit_daily_by_product": aggregates.daily_by_product(lines),
    }
    for name, frame in frames.items():
        replace_days(layout, FACTS[name], days, _padded(name, frame))


def read_star(root: Path, table: str) -> pl.DataFrame:
    """A star-schema table read straight from its Parquet files, not through the catalog: the
    independent side of the KPI cross-checks."""
    folder = root / "star-schema" / table
    # facts: a file per month, or per company and month (the large profit tables)
    monthly = [*folder.glob("month=*/data.parquet"), *folder.glob("month=*/company=*/data.parquet")]
    files = sorted(monthly) or [folder / "data.parquet"]
    return pl.read_parquet(files)


def sales_lines(root: Path) -> pl.DataFrame:
    """POS and invoice lines in one frame (channel, order_id...), read straight from the files."""
    pos = read_star(root, "fact_sales").with_columns(channel=pl.lit("pos"))
    invoices = read_star(root, "fact_invoice_sales").select(
        "day", "company_id", "product_id", "quantity", "revenue_tax_in",
        channel=pl.lit("invoice"), order_id="move_id", user_id="salesperson_id",
    )  # fmt: skip
    return pl.concat([pos, invoices], how="diagonal_relaxed")


def sales_documents(root: Path) -> pl.DataFrame:
    """POS orders with Odoo's totals (amount_total, amount_tax) and invoice lines in one
    frame (day, company_id, channel, order_id, revenue, tax), read straight from the files:
    revenue and tax per day are Odoo's document totals, not the POS lines' sum."""
    pos = read_star(root, "fact_pos_orders").select(
        "day", "company_id", channel=pl.lit("pos"), order_id="order_id",
        revenue="amount_total", tax="amount_tax",
    )  # fmt: skip
    invoices = read_star(root, "fact_invoice_sales").select(
        "day", "company_id", channel=pl.lit("invoice"), order_id="move_id",
        revenue="revenue_tax_in", tax=pl.col("revenue_tax_in") - pl.col("revenue_tax_ex"),
    )  # fmt: skip
    return pl.concat([pos, invoices])


def settings_for(
    root: Path, srv: DemoOdoo | RemoteOdoo | None = None, url: str | None = None
) -> Settings:
    """Settings of an app on `root`, connected to the demo (or to `url`), never saved."""
    settings = Settings()
    settings.lake.root = str(root)
    settings.odoo.timezone = TZ
    if srv is not None or url is not None:
        settings.odoo.url = url or srv.url  # type: ignore[union-attr]
        settings.odoo.database = srv.db if srv else "nkdash_demo"
        settings.odoo.login = "admin"
    return settings.validated()
