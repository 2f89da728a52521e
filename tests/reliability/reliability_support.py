"""Helpers of the reliability campaign: a small demo Odoo, run contexts with short real
backoff, Odoo's own totals against the lake's, and the "nothing half-written" check.

Kept out of conftest.py so the crash child process (crash_child.py) can import it too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.files import TEMP_PREFIX
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import StateDB
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.odoo.retry import RetryPolicy
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.pipeline.integrity import scan, unreadable
from nkdash_desktop.pipeline.runner import RunContext
from tests.document_totals import lake_differences

TZ = "Asia/Jakarta"
END = date(2026, 1, 30)
NOW = datetime(2026, 1, 31, 3, 0)  # 10:00 in Jakarta the day after END
KEY = "nkdash-demo-admin-key"
# real backoff, only shorter than the app's: a burst of faults costs seconds, not minutes
FAST_RETRY = RetryPolicy(max_retries=4, base_delay_s=0.05, max_delay_s=0.3, max_retry_after_s=2)


def start_odoo(days: int = 14, end: date = END, now: datetime = NOW) -> DemoOdoo:
    return DemoOdoo(DemoConfig(days=days, scale="small", end_date=end, now=now), port=0).start()


def start_current_odoo(days: int) -> DemoOdoo:
    """A demo whose data ends yesterday (Jakarta) and whose clock is the real one: for the
    commands that sync up to the real yesterday (`nkdash sync` has no --as-of)."""
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    return start_odoo(days, today(TZ) - timedelta(days=1), now)


def first_day(days: int, end: date = END) -> date:
    return end - timedelta(days=days - 1)


def connect(url: str, db: str, secret: str = KEY, **kw: Any) -> OdooClient:
    options: dict[str, Any] = {"timeout_s": 10.0, "timezone": TZ, **kw}
    policy = options.pop("retry_policy", FAST_RETRY)
    connection = OdooConnection(url, db, "admin", **options)
    return OdooClient(connection, secret, retry_policy=policy).connect()


def context(srv: Any, root: Path, secret: str = KEY, connections: int = 2, **kw: Any) -> RunContext:
    """A run context for `srv` (anything with the demo's `url` and `db`)."""
    return RunContext(
        LakeLayout(root), TZ, lambda: connect(srv.url, srv.db, secret, **kw),
        connections=connections,
    )  # fmt: skip


# -- Odoo's totals against the lake's ----------------------------------------------------------

# (what, Odoo model, domain, day field, Odoo field, lake SQL per day); None: the version's own
CHECKS = (
    ("pos sales", "pos.order", None, "date_order", "amount_total",
     "SELECT day, sum(amount_total) FROM fact_pos_orders GROUP BY 1"),
    ("stock moves", "stock.move.line", [("state", "=", "done")], "date", "quantity",
     "SELECT day, sum(quantity) FROM fact_inventory_moves GROUP BY 1"),
)  # fmt: skip


def odoo_totals(client: OdooClient, first: date, last: date) -> dict[str, dict[date, float]]:
    out = {}
    for what, model, domain, day_field, field, _ in CHECKS:
        if domain is None:  # the POS states that count as sales differ between versions
            domain = [("state", "in", list(client.odoo_version.pos_valid_states))]
        rows = client.grouped_totals(model, domain, day_field, [field])
        out[what] = {
            r["day"]: round(r[field], 2) for r in rows if r["day"] and first <= r["day"] <= last
        }
    return out


def lake_totals(root: Path, first: date, last: date) -> dict[str, dict[date, float]]:
    """The lake's per-day totals in the range (a sync also keeps today's changes so far)."""
    con = open_catalog(root)
    try:
        return {
            what: {d: round(v, 2) for d, v in con.execute(sql).fetchall() if first <= d <= last}
            for what, *_, sql in CHECKS
        }
    finally:
        con.close()


def assert_totals_equal(srv: DemoOdoo, root: Path, first: date, last: date, **kw: Any) -> None:
    with connect(srv.url, srv.db, **kw) as client:
        odoo = odoo_totals(client, first, last)
    lake = lake_totals(root, first, last)
    for what, days in odoo.items():
        assert days, f"Odoo has no {what} in the range: the check would prove nothing"
        assert lake[what] == days, f"{what}: the lake differs from Odoo"


# -- nothing half-written ----------------------------------------------------------------------


def assert_sound(root: Path, *, ended: bool = True) -> int:
    """Every Parquet file under the lake reads in full, no temp file is left, and (`ended`:
    not right after a kill) every run ended with a status; returns the number of files."""
    layout = LakeLayout(root)
    bad = scan(layout)
    assert bad == {}, f"lake files do not read in full: {bad}"
    files = [
        p
        for p in root.rglob("*.parquet")
        # temp files are not data yet; superseded `.v-` versions (lake/versions.py) are only
        # kept for readers bound before a refresh: the current one shares data.parquet's inode
        if "quarantine" not in p.parts and not p.name.startswith(".")
    ]
    for path in files:  # profit tables too, not only the three layers
        assert unreadable(path) is None, f"{path} does not read in full: {unreadable(path)}"
    if not ended:
        return len(files)  # a killed writer's temp files are swept by the next run
    assert not [p for p in root.rglob(f"{TEMP_PREFIX}*")], "temp files left behind"
    if (layout.metadata / "state.sqlite").exists():
        with StateDB(layout.metadata) as state:
            assert all(r.status != "running" for r in state.runs()), "a run never ended"
    # the daily document totals equal their facts once no writer is left mid-way
    assert lake_differences(root) == [], "agg_documents_daily differs from its facts"
    return len(files)


def failed_partitions(root: Path) -> set[tuple[str, date | None]]:
    with StateDB(LakeLayout(root).metadata) as state:
        return {(r.dataset, r.day) for r in state.failed_partitions()}
