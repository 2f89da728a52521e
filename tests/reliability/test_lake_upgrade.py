"""A lake written by the release before Odoo's POS order totals (no clean pos_orders, no
fact_pos_orders, state database version 2) is upgraded once from its raw layer, without Odoo,
when a sync or `verify-lake --repair` opens it: the cards' revenue is Odoo's order totals again.
A raw day that cannot be read is left to the next sync to re-extract; a failure mid-way leaves
the upgrade owed and the next run finishes it."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from reliability_support import END, TZ, assert_sound, connect, context, first_day, start_odoo

from nkdash_desktop import settings as S
from nkdash_desktop.cli import main
from nkdash_desktop.kpi.excel.report import build_report
from nkdash_desktop.kpi.summary import rows_of, summary
from nkdash_desktop.kpi.totals import daily_totals
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import CLEAN, RAW, STAR, LakeLayout
from nkdash_desktop.lake.state import STATE_FILE, StateDB, Trigger
from nkdash_desktop.lake.versions import publish_frame
from nkdash_desktop.pipeline import upgrade
from nkdash_desktop.pipeline.pending import read_pending
from nkdash_desktop.pipeline.runner import RunContext
from nkdash_desktop.pipeline.sync import backfill, sync
from nkdash_desktop.ui.runtime.theme import LIGHT
from nkdash_desktop.ui.widgets.cards import CardRow

DAYS = 4
FIRST = first_day(DAYS)
AS_OF = END + timedelta(days=1)
CHILD = Path(__file__).with_name("crash_child.py")


@pytest.fixture(scope="module")
def odoo():
    srv = start_odoo(DAYS)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def current_lake(odoo, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("current") / "lake"
    assert backfill(context(odoo, root), FIRST, END).status == "succeeded"
    return root


def older_release(current: Path, dest: Path) -> Path:
    """A copy of the lake as the previous release left it (nor had it the daily document
    totals, which came later)."""
    shutil.copytree(current, dest)
    for layer in (CLEAN, STAR):
        table = "pos_orders" if layer == CLEAN else "fact_pos_orders"
        shutil.rmtree(dest / layer / table)
    shutil.rmtree(dest / STAR / "agg_documents_daily")
    con = sqlite3.connect(dest / "metadata" / STATE_FILE)
    con.execute("DROP TABLE lake_upgrades")
    con.execute("PRAGMA user_version = 2")
    con.commit()
    con.close()
    return dest


def odoo_order_totals(srv) -> dict[date, float]:
    with connect(srv.url, srv.db) as client:
        states = list(client.odoo_version.pos_valid_states)
        rows = client.grouped_totals(
            "pos.order", [("state", "in", states)], "date_order", ["amount_total"]
        )
    return {r["day"]: round(r["amount_total"], 2) for r in rows if FIRST <= r["day"] <= END}


def pos_revenue(root: Path) -> dict[date, float]:
    """The cards' POS revenue: daily_totals less the invoices, per day."""
    con = open_catalog(root)
    try:
        cards = daily_totals(con, FIRST, END)
        invoices = dict(
            con.execute(
                "SELECT day, sum(revenue_tax_in) FROM fact_invoice_sales GROUP BY day"
            ).fetchall()
        )
    finally:
        con.close()
    return {
        d: round(r - invoices.get(d, 0.0), 2)
        for d, r in zip(cards["day"], cards["revenue"], strict=True)
    }


def upgrade_runs(root: Path, name: str = upgrade.POS_ORDERS) -> list:
    """The runs of one upgrade, newest first."""
    with StateDB(root / "metadata") as state:
        runs = [r for r in state.runs() if r.trigger == Trigger.UPGRADE]
    return [r for r in runs if r.parameters.get("upgrade") == name]


# the release before Odoo's POS order totals also counted invoices in their own currency and
# had no company-currency bill totals with taxes
BOTH = [upgrade.INVOICE_COMPANY_CURRENCY, upgrade.POS_ORDERS, upgrade.PURCHASES_COMPANY_CURRENCY]


def test_a_fresh_lake_owes_no_upgrade(tmp_path):
    with StateDB(tmp_path / "metadata") as state:
        assert state.upgrades_due() == []


def test_a_sync_upgrades_an_older_lake_from_raw(odoo, current_lake, tmp_path):
    root = older_release(current_lake, tmp_path / "lake")
    with StateDB(root / "metadata") as state:
        assert state.upgrades_due() == BOTH  # the migrations saw POS, invoice and bill days
    summary = sync(context(odoo, root), as_of=AS_OF, first_day=FIRST)
    assert summary.status == "succeeded", summary.lines()
    assert pos_revenue(root) == odoo_order_totals(odoo)
    (run,) = upgrade_runs(root)
    assert run.status == "succeeded"
    assert run.totals["days_rebuilt"] == DAYS
    with StateDB(root / "metadata") as state:
        assert state.upgrades_due() == []
        # the sync re-extracted no old POS day: the upgrade read them from raw
        extracted = {p.day for p in state.partitions(summary.run_id) if p.dataset == "pos_lines"}
    assert not extracted & {FIRST + timedelta(days=i) for i in range(DAYS - 1)}
    assert_sound(root)
    sync(context(odoo, root), as_of=AS_OF, first_day=FIRST)
    assert len(upgrade_runs(root)) == 1  # once
    assert len(upgrade_runs(root, upgrade.INVOICE_COMPANY_CURRENCY)) == 1


def test_verify_lake_repair_upgrades_without_odoo(current_lake, tmp_path, capsys):
    root = older_release(current_lake, tmp_path / "lake")
    expected = pos_revenue(current_lake)
    # no Odoo anywhere: the settings name a port nothing listens on, and no secret is stored
    settings = {"odoo": {"url": "http://127.0.0.1:9", "database": "shop", "login": "admin",
                         "timezone": TZ}, "lake": {"root": str(root)}}  # fmt: skip
    S.save(S.from_dict(settings))
    assert main(["verify-lake"]) == 1  # the owed upgrade is reported
    out = capsys.readouterr().out
    assert f"{', '.join(BOTH)} to rebuild from raw" in out
    assert "daily document totals to write from the lake for 1 months" in out  # none yet
    assert main(["verify-lake", "--repair"]) == 0
    assert f"rebuilt from raw for {DAYS} days" in capsys.readouterr().out
    assert pos_revenue(root) == expected
    assert len(upgrade_runs(root)) == len(upgrade_runs(root, BOTH[0])) == 1
    assert main(["verify-lake"]) == 0


def test_a_lost_raw_day_is_left_to_the_next_sync(odoo, current_lake, tmp_path, capsys, qtbot):
    root = older_release(current_lake, tmp_path / "lake")
    lost = FIRST + timedelta(days=1)
    LakeLayout(root).day_partition(RAW, "pos_orders", lost).unlink()
    ctx = context(odoo, root)
    with StateDB(root / "metadata") as state:
        reports = {r.name: r for r in upgrade.upgrade_lake(ctx.layout, ctx.timezone, state)}
        assert reports[upgrade.POS_ORDERS].to_extract == [lost]
        assert state.upgrades_due() == []
        assert lost not in state.complete_days("pos_lines", "load")
    (run,) = upgrade_runs(root)
    assert run.status == "partial"
    assert_unknown_until_synced(root, lost, capsys)
    cards = CardRow()
    qtbot.addWidget(cards)
    cards.show_summary(kpi_summary(root), LIGHT)
    revenue = cards.cards["revenue"]
    assert revenue.value.text() == "—"
    assert revenue.note.text() == "POS totals missing for 1 day: the next sync reads them again"
    summary = sync(ctx, as_of=AS_OF, first_day=FIRST)
    assert summary.status == "succeeded", summary.lines()
    assert pos_revenue(root) == odoo_order_totals(odoo)
    figures = kpi_summary(root)
    assert None not in [r["current"] for r in rows_of(figures, "revenue")]
    assert [r["current"] for r in rows_of(figures, "pos_totals_unknown_days")] == [0, 0]


def kpi_summary(root: Path):
    con = open_catalog(root)
    try:
        return summary(con, FIRST, END)
    finally:
        con.close()


def assert_unknown_until_synced(root: Path, lost: date, capsys) -> None:
    """Before the sync re-extracts it, the lost day's POS revenue is unknown (its lines are
    still in the lake, its order totals are not): never 0, nor the invoices alone; the period's
    revenue is unknown too, and the cards, `nkdash kpi` and the workbook say why and what
    fixes it."""
    con = open_catalog(root)
    try:
        daily = daily_totals(con, FIRST, END)
    finally:
        con.close()
    day = daily.filter(pl.col("day") == lost).row(0, named=True)
    assert day["pos_totals_unknown"] is True
    assert (day["revenue"], day["tax"], day["transactions"]) == (None, None, None)
    assert day["quantity"] > 0  # its lines are known
    others = daily.filter(pl.col("day") != lost)
    assert not others["pos_totals_unknown"].any() and others["revenue"].null_count() == 0
    figures = kpi_summary(root)  # both companies' tills lost the day: each currency unknown
    for metric in ("revenue", "average_basket"):
        assert [r["current"] for r in rows_of(figures, metric)] == [None, None], metric
    assert [r["current"] for r in rows_of(figures, "transactions")] == [None]  # a count: once
    assert [r["current"] for r in rows_of(figures, "pos_totals_unknown_days")] == [1, 1]
    settings = {"odoo": {"url": "http://127.0.0.1:9", "database": "shop", "login": "admin",
                         "timezone": TZ}, "lake": {"root": str(root)}}  # fmt: skip
    S.save(S.from_dict(settings))
    assert main(["kpi", "--from", FIRST.isoformat(), "--to", END.isoformat()]) == 0
    out = capsys.readouterr().out
    revenues = [line.split() for line in out.splitlines() if line.startswith("Revenue ")]
    assert [r[:3] for r in revenues] == [["Revenue", "IDR", "—"], ["Revenue", "USD", "—"]]
    assert "IDR: Revenue unknown: Odoo's POS order totals are missing for 1 day" in out
    assert "the next sync extracts them again" in out
    book = openpyxl.load_workbook(build_report(root, FIRST, END, root.parent / "r.xlsx").path)
    texts = {c for ws in book for row in ws.iter_rows(values_only=True) for c in row if c}
    assert any(f"{lost:%d %b %Y}: unknown, Odoo's POS order totals are missing" in str(t)
               for t in texts)  # fmt: skip
    assert any("Revenue unknown: Odoo's POS order totals" in str(t) for t in texts)


def test_a_failure_mid_way_leaves_the_upgrade_owed(odoo, current_lake, tmp_path, monkeypatch):
    root = older_release(current_lake, tmp_path / "lake")

    def crash(*args, **kw):
        raise OSError("power cut")

    with monkeypatch.context() as m:
        m.setattr(upgrade, "load_days", crash)
        ctx: RunContext = context(odoo, root)
        with pytest.raises(OSError), StateDB(root / "metadata") as state:
            upgrade.upgrade_lake(ctx.layout, ctx.timezone, state)
    with StateDB(root / "metadata") as state:
        assert state.upgrades_due() == BOTH
    assert sync(context(odoo, root), as_of=AS_OF, first_day=FIRST).status == "succeeded"
    assert pos_revenue(root) == odoo_order_totals(odoo)
    assert [r.status for r in upgrade_runs(root)] == ["succeeded", "failed"]  # newest first


def test_a_kill_mid_upgrade_is_finished_by_the_next_run(odoo, current_lake, tmp_path):
    """SIGKILL between a clean file's temp write and its rename, in the middle of the upgrade
    (crash_child.py; 4 days x 3 clean tables are written before the first load)."""
    root = older_release(current_lake, tmp_path / "lake")
    argv = [sys.executable, str(CHILD), odoo.url, odoo.db, str(root), FIRST.isoformat(),
            END.isoformat(), "kill", "nkdash_desktop.lake.files._replace", "after", "5"]  # fmt: skip
    killed = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    (run,) = upgrade_runs(root)
    assert run.status == "running"  # the kill landed in the upgrade
    with StateDB(root / "metadata") as state:
        assert state.upgrades_due() == BOTH
    assert sync(context(odoo, root), as_of=AS_OF, first_day=FIRST).status == "succeeded"
    assert pos_revenue(root) == odoo_order_totals(odoo)
    assert [r.status for r in upgrade_runs(root)] == ["succeeded", "interrupted"]
    assert_sound(root)


def invoice_sales(root: Path) -> pl.DataFrame:
    files = sorted((root / STAR / "fact_invoice_sales").glob("month=*/data.parquet"))
    return pl.concat([pl.read_parquet(f) for f in files], how="diagonal").sort("line_id")


def test_invoice_revenue_in_the_invoice_currency_is_rebuilt_in_the_company_currency(
    odoo, current_lake, tmp_path
):
    """A lake whose invoice revenue was the invoice's own currency (no document-currency
    columns: its revenue_tax_ex/in were price_subtotal/price_total) is rebuilt from raw, without
    Odoo: the same facts as a lake loaded today, and the days' profit owed to the next run."""
    root = older_release(current_lake, tmp_path / "lake")
    for month in (root / STAR / "fact_invoice_sales").glob("month=*"):
        old = pl.read_parquet(month / "data.parquet")
        old = old.with_columns(
            revenue_tax_ex=pl.col("revenue_tax_ex_document_currency"),
            revenue_tax_in=pl.col("revenue_tax_in_document_currency"),
        ).drop("revenue_tax_ex_document_currency", "revenue_tax_in_document_currency")
        publish_frame(old, month / "data.parquet")
    expected = invoice_sales(current_lake)
    assert expected.height > 0
    with StateDB(root / "metadata") as state:
        reports = {r.name: r for r in upgrade.upgrade_lake(LakeLayout(root), TZ, state)}
        assert state.upgrades_due() == []
    rebuilt = reports[upgrade.INVOICE_COMPANY_CURRENCY].rebuilt
    assert set(expected["day"]) <= set(rebuilt)
    assert invoice_sales(root).select(expected.columns).equals(expected)
    assert set(rebuilt) <= read_pending(LakeLayout(root))["invoice_sales"]


def test_an_invoice_day_whose_raw_is_lost_leaves_no_older_rows_behind(odoo, current_lake, tmp_path):
    """The invoice facts change shape in that upgrade: a held day it cannot rebuild goes from
    the facts (rows of the older shape would fail every later rewrite of their month) and is
    read again by the next sync, which then equals a lake loaded today."""
    root = older_release(current_lake, tmp_path / "lake")
    for month in (root / STAR / "fact_invoice_sales").glob("month=*"):
        old = pl.read_parquet(month / "data.parquet").drop(
            "revenue_tax_ex_document_currency", "revenue_tax_in_document_currency"
        )
        publish_frame(old, month / "data.parquet")
    lost = sorted(set(invoice_sales(current_lake)["day"]))[1]
    LakeLayout(root).day_partition(RAW, "invoice_lines", lost).unlink()
    with StateDB(root / "metadata") as state:
        reports = {r.name: r for r in upgrade.upgrade_lake(LakeLayout(root), TZ, state)}
        assert state.upgrades_due() == []
    assert reports[upgrade.INVOICE_COMPANY_CURRENCY].to_extract == [lost]
    assert lost not in set(invoice_sales(root)["day"])  # gone, not left in the older shape
    summary = sync(context(odoo, root), as_of=AS_OF, first_day=FIRST)
    assert summary.status == "succeeded", summary.lines()
    expected = invoice_sales(current_lake)
    assert invoice_sales(root).select(expected.columns).equals(expected)


def test_bills_without_a_company_currency_total_with_taxes_are_rebuilt(
    odoo, current_lake, tmp_path
):
    """A lake whose bill lines had no total with taxes in the company currency is rebuilt from
    raw, without Odoo: the same facts as a lake loaded today; profit, whose costs did not
    change, is not owed for it."""
    root = older_release(current_lake, tmp_path / "lake")
    for month in (root / STAR / "fact_purchases").glob("month=*"):
        old = pl.read_parquet(month / "data.parquet").drop("amount_company_currency_tax_in")
        publish_frame(old, month / "data.parquet")
    files = sorted((current_lake / STAR / "fact_purchases").glob("month=*/data.parquet"))
    expected = pl.concat([pl.read_parquet(f) for f in files]).sort("line_id")
    assert expected.height > 0
    with StateDB(root / "metadata") as state:
        reports = {r.name: r for r in upgrade.upgrade_lake(LakeLayout(root), TZ, state)}
        assert state.upgrades_due() == []
    assert set(expected["day"]) <= set(reports[upgrade.PURCHASES_COMPANY_CURRENCY].rebuilt)
    files = sorted((root / STAR / "fact_purchases").glob("month=*/data.parquet"))
    assert pl.concat([pl.read_parquet(f) for f in files]).sort("line_id").equals(expected)
    assert "purchases" not in read_pending(LakeLayout(root))
