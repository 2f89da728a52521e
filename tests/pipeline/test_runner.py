"""The runner end to end against the built-in demo Odoo: totals equal Odoo's own, reruns are
idempotent, late changes and deletions land, a second writer is refused, corruption heals."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import CLEAN, RAW, STAR, LakeLayout
from nkdash_desktop.lake.lock import LakeBusyError, WriterLock
from nkdash_desktop.lake.state import StateDB
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.pipeline.integrity import repair, scan
from nkdash_desktop.pipeline.runner import RunContext
from nkdash_desktop.pipeline.sync import backfill, plan_backfill, plan_sync, sync
from tests.pipeline.crash_runner import kill_backfill_after

TZ = "Asia/Jakarta"
END = date(2026, 1, 30)
FIRST = END - timedelta(days=29)
NOW = datetime(2026, 1, 31, 3, 0)
KEY = "nkdash-demo-admin-key"


def connect(srv: DemoOdoo) -> OdooClient:
    return OdooClient(OdooConnection(srv.url, srv.db, "admin", timeout_s=10), KEY).connect()


def context(srv: DemoOdoo, root: Path, connections: int = 2) -> RunContext:
    return RunContext(LakeLayout(root), TZ, lambda: connect(srv), connections=connections)


@pytest.fixture(scope="module")
def odoo():
    with DemoOdoo(DemoConfig(days=30, end_date=END, now=NOW), port=0).start() as srv:
        yield srv


@pytest.fixture(scope="module")
def lake30(odoo, tmp_path_factory):
    """30 days of every dataset, loaded once; tests that change it work on a copy."""
    root = tmp_path_factory.mktemp("lake30") / "lake"
    summary = backfill(context(odoo, root), FIRST, END)
    assert summary.status == "succeeded", summary.sentence
    return root


def copy_lake(src: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "lake copy"
    shutil.copytree(src, dest)
    return dest


def star_by_day(root: Path, sql: str) -> dict[date, float]:
    con = open_catalog(root)
    try:
        return {d: round(v, 2) for d, v in con.execute(sql).fetchall()}
    finally:
        con.close()


def odoo_by_day(client, model, domain, day_field, field) -> dict[date, float]:
    """Odoo's own per-day sums over the lake's 30 days."""
    rows = client.grouped_totals(model, domain, day_field, [field])
    return {r["day"]: round(r[field], 2) for r in rows if r["day"] and FIRST <= r["day"] <= END}


def test_thirty_days_equal_odoos_own_totals(odoo, lake30):
    with connect(odoo) as client:
        states = list(client.odoo_version.pos_valid_states)
        pos = odoo_by_day(client, "pos.order", [("state", "in", states)], "date_order",
                          "amount_total")  # fmt: skip

        def invoice_lines(types: list[str], extra: list) -> dict[date, float]:
            domain = [("display_type", "=", "product"), ("parent_state", "=", "posted"),
                      ("move_id.move_type", "in", types), *extra]  # fmt: skip
            return odoo_by_day(client, "account.move.line", domain, "date", "price_total")

        no_pos = [("move_id.pos_order_ids", "=", False)]
        invoices, credit_notes = (
            invoice_lines(["out_invoice"], no_pos),
            invoice_lines(["out_refund"], no_pos),
        )
        bills, refunds = invoice_lines(["in_invoice"], []), invoice_lines(["in_refund"], [])
        moved = odoo_by_day(client, "stock.move.line", [("state", "=", "done")], "date",
                            "quantity")  # fmt: skip
    days = [FIRST + timedelta(days=i) for i in range(30)]

    def net(a: dict, b: dict) -> dict[date, float]:
        return {d: round(a.get(d, 0.0) - b.get(d, 0.0), 2) for d in days if d in a or d in b}

    lake_pos = star_by_day(lake30, "SELECT day, sum(amount_total) FROM fact_pos_orders GROUP BY 1")
    assert lake_pos == pos and len(pos) == 30
    # Odoo's price_total is the invoice's own currency; the company-currency revenue is
    # compared per company in tests/pipeline/test_equal_to_odoo.py
    lake_inv = star_by_day(
        lake30,
        "SELECT day, sum(revenue_tax_in_document_currency) FROM fact_invoice_sales GROUP BY 1",
    )
    assert lake_inv == net(invoices, credit_notes)
    lake_bills = star_by_day(
        lake30, "SELECT day, sum(amount_tax_in) FROM fact_purchases GROUP BY 1"
    )
    assert lake_bills == net(bills, refunds)
    lake_moved = star_by_day(
        lake30, "SELECT day, sum(quantity) FROM fact_inventory_moves GROUP BY 1"
    )
    assert lake_moved == moved


def test_rerunning_a_day_leaves_equal_content(odoo, lake30, tmp_path):
    root = copy_lake(lake30, tmp_path)
    query = "SELECT * FROM fact_sales WHERE day BETWEEN DATE '2026-01-10' AND DATE '2026-01-11' ORDER BY line_id"
    con = open_catalog(root)
    before = con.execute(query).fetchall()
    con.close()
    summary = backfill(context(odoo, root), date(2026, 1, 10), date(2026, 1, 11),
                       datasets=["pos_lines"], mode="rerun_all")  # fmt: skip
    assert summary.status == "succeeded" and len(summary.succeeded) == 2
    con = open_catalog(root)
    assert con.execute(query).fetchall() == before
    con.close()
    skipped = plan_backfill(context(odoo, root), date(2026, 1, 10), date(2026, 1, 11),
                            datasets=["pos_lines"])  # fmt: skip
    assert skipped.partitions == [] and len(skipped.skipped) == 2  # skip complete


def test_second_writer_is_refused(odoo, tmp_path):
    root = tmp_path / "lake"
    layout = LakeLayout(root)
    layout.metadata.mkdir(parents=True)
    with (
        WriterLock(layout.metadata, owner="app", description="nightly"),
        pytest.raises(LakeBusyError, match=r"a run is already in progress \(started .* by the app"),
    ):
        backfill(context(odoo, root), END, END, datasets=["pos_lines"])


def test_late_changes_and_deletions_land_after_the_next_sync(tmp_path):
    cfg = DemoConfig(days=30, end_date=END, now=NOW)
    with DemoOdoo(cfg, port=0).start() as srv:
        root = tmp_path / "lake"
        ctx = context(srv, root)
        assert backfill(ctx, END - timedelta(days=9), END).status == "succeeded"
        first = sync(ctx, as_of=END + timedelta(days=1))  # takes the cursors
        assert first.status == "succeeded", first.sentence
        with StateDB(ctx.layout.metadata) as state:
            assert state.get_dataset_state("pos_lines").cursor_write_date
            assert state.get_dataset_state("pos_lines").last_complete_day == END

        with connect(srv) as client:
            orders = client.search_read(
                "pos.order", [("date_order", ">=", "2026-01-24 17:00:00"),
                              ("date_order", "<", "2026-01-25 17:00:00"),
                              ("state", "=", "done")],
                ["lines", "session_id"], order="id asc", limit=3,
            )  # fmt: skip
            line = client.search_read("pos.order.line", [("id", "=", orders[2]["lines"][0])],
                                      ["product_id", "price_unit"])[0]  # fmt: skip
            vendor = client.search_read("res.partner", [("supplier_rank", ">", 0)], ["id"],
                                        limit=1)[0]["id"]  # fmt: skip
        cancelled, deleted, original = orders[0]["id"], orders[1]["id"], orders[2]
        srv.clock = lambda: NOW + timedelta(hours=2)
        # a bill entered now, dated six days ago
        bill = srv.create("account.move", {
            "name": "BILL/2026/LATE", "move_type": "in_invoice", "state": "posted",
            "date": "2026-01-24", "invoice_date": "2026-01-24", "partner_id": vendor,
            "company_id": 1, "currency_id": 1, "journal_id": 2,
            "line_ids": [(0, 0, {"display_type": "product", "product_id": line["product_id"][0],
                                 "quantity": 7, "price_unit": 1234.0, "tax_ids": [6],
                                 "company_id": 1})],
        })  # fmt: skip
        srv.write("pos.order", [cancelled], {"state": "cancel"})
        refund = srv.create("pos.order", {
            "name": "Kasir 1/REFUND", "date_order": "2026-01-25 03:00:00", "state": "done",
            "session_id": original["session_id"][0], "company_id": 1,
            "lines": [(0, 0, {"product_id": line["product_id"][0], "qty": -1,
                              "price_unit": line["price_unit"],
                              "refunded_orderline_id": original["lines"][0]})],
        })  # fmt: skip
        srv.unlink("pos.order", [deleted])  # a deletion leaves no write_date behind

        plan = plan_sync(ctx, as_of=END + timedelta(days=1), reconcile=True)
        reasons = {(p.dataset, p.day): r for p, r in plan.reasons.items()}
        assert "late change" in reasons[("purchases", date(2026, 1, 24))]
        assert "late change" in reasons[("pos_lines", date(2026, 1, 25))]
        second = sync(ctx, as_of=END + timedelta(days=1), reconcile=True)
        assert second.status == "succeeded", second.sentence

        con = open_catalog(root)
        order_ids = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT order_id FROM fact_sales WHERE day = DATE '2026-01-25'"
            ).fetchall()
        }
        assert cancelled not in order_ids and deleted not in order_ids and refund in order_ids
        refund_qty = con.execute(
            "SELECT sum(quantity) FROM fact_sales WHERE order_id = ?", [refund]
        ).fetchone()[0]
        assert refund_qty == -1
        late = con.execute(
            "SELECT day, quantity FROM fact_purchases WHERE move_id = ?", [bill]
        ).fetchall()
        assert late == [(date(2026, 1, 24), 7.0)]
        con.close()
        with connect(srv) as client:
            pos = odoo_by_day(client, "pos.order", [("state", "in", ["paid", "done"])],
                              "date_order", "amount_total")  # fmt: skip
        lake_pos = star_by_day(
            root, "SELECT day, sum(amount_total) FROM fact_pos_orders GROUP BY 1"
        )
        assert lake_pos == {d: v for d, v in pos.items() if d >= END - timedelta(days=9)}


def test_odoo_down_at_start_ends_with_a_failed_run(odoo, tmp_path):
    root = tmp_path / "lake"
    odoo.faults.down = True
    try:
        summary = sync(context(odoo, root), as_of=END + timedelta(days=1))
    finally:
        odoo.faults.down = False
    assert summary.status == "failed" and "Odoo" in summary.error
    with StateDB(LakeLayout(root).metadata) as state:
        assert state.runs()[0].status == "failed"


def test_failed_partition_is_retried_by_the_next_sync(odoo, tmp_path):
    root = tmp_path / "lake"
    ctx = context(odoo, root, connections=1)
    assert backfill(ctx, END - timedelta(days=2), END, datasets=["pos_lines", "invoice_sales"]
                    ).status == "succeeded"  # fmt: skip
    odoo.faults.fail_next(30, "500")  # a server error is not retried: the partition fails
    broken = backfill(ctx, END - timedelta(days=2), END - timedelta(days=2),
                      datasets=["invoice_sales"], mode="rerun_all")  # fmt: skip
    odoo.faults.reset()
    assert broken.status == "failed" and broken.failed
    plan = plan_sync(ctx, datasets=["invoice_sales"], as_of=END + timedelta(days=1))
    assert "retry" in plan.reasons[next(iter(broken.failed))]


def test_corrupt_files_are_quarantined_and_rebuilt(lake30, tmp_path):
    root = copy_lake(lake30, tmp_path)
    layout = LakeLayout(root)
    month = layout.month_partition(STAR, "fact_sales", date(2026, 1, 1))
    clean = layout.day_partition(CLEAN, "pos_lines", date(2026, 1, 12))
    raw = layout.day_partition(RAW, "pos_orders", date(2026, 1, 13))
    con = open_catalog(root)
    before = con.execute("SELECT count(*), sum(revenue_tax_in) FROM fact_sales").fetchone()
    con.close()
    month.write_bytes(month.read_bytes()[:1000])  # truncated
    data = bytearray(clean.read_bytes())
    # garbage over the middle: 64 zero bytes could land in plain values that still decode
    data[len(data) // 4 : len(data) // 2] = b"\xff" * (len(data) // 2 - len(data) // 4)
    clean.write_bytes(bytes(data))
    raw.write_bytes(b"not parquet at all")
    found = scan(layout)
    assert set(found) == {month, clean, raw}
    report = repair(layout, TZ, found)
    assert len(report.quarantined) == 3 and all(p.exists() for p in report.quarantined)
    assert ("pos_lines", date(2026, 1, 13)) in report.to_extract
    assert scan(layout) == {}
    con = open_catalog(root)
    assert con.execute("SELECT count(*), sum(revenue_tax_in) FROM fact_sales").fetchone() == before
    con.close()
    with StateDB(layout.metadata) as state:
        failed = {(r.dataset, r.day) for r in state.failed_partitions()}
    assert ("pos_lines", date(2026, 1, 13)) in failed  # the next sync re-extracts it
    assert pq.read_table(clean).num_rows > 0


@pytest.mark.parametrize("kill_after", [3, 17, 40])
def test_sigkill_mid_run_leaves_every_partition_readable(odoo, tmp_path, kill_after):
    """Kill the runner process after `kill_after` partition records, then finish the job."""
    root = tmp_path / "lake"
    kill_backfill_after(odoo, root, FIRST, END, kill_after)

    layout = LakeLayout(root)
    assert scan(layout) == {}  # every finished file reads in full; temp files are not data
    summary = backfill(context(odoo, root), FIRST, END)
    assert summary.status == "succeeded", summary.sentence
    with StateDB(layout.metadata) as state:
        assert state.runs()[-1].status == "interrupted"
    assert not list(root.rglob(".tmp-*"))
    with connect(odoo) as client:
        pos = odoo_by_day(client, "pos.order", [("state", "in", ["paid", "done"])],
                          "date_order", "amount_total")  # fmt: skip
    assert star_by_day(root, "SELECT day, sum(amount_total) FROM fact_pos_orders GROUP BY 1") == pos
