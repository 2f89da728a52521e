"""agg_documents_daily, the daily pre-aggregate of Odoo's document totals that the cards and
chart read: per day and company it equals the facts (tests/document_totals.py) and the demo
Odoo's own POS order totals, to the cent, after a backfill, late edits, refunds, a day
reloaded, the loss of a day's order totals, a crash between two publishes, a corrupt file and
the upgrade of a lake written before it existed."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from nkdash_desktop.kpi.totals import daily_totals
from nkdash_desktop.lake import documents
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.lake.months import replace_days, scan_fact
from nkdash_desktop.lake.schema import AGG_DOCUMENTS_DAILY, FACTS
from nkdash_desktop.lake.state import StateDB, Trigger
from nkdash_desktop.lake.versions import publish_frame
from nkdash_desktop.pipeline import upgrade
from nkdash_desktop.pipeline.integrity import repair
from nkdash_desktop.pipeline.sync import backfill, sync
from tests.document_totals import from_aggregate, lake_differences
from tests.odoo_equality import companies, differences, odoo_days
from tests.reliability.reliability_support import END, TZ, connect, context, start_odoo
from tests.reliability.shop_staff import ShopStaff

DAYS = 5
FIRST = END - timedelta(days=DAYS - 1)
AGG = AGG_DOCUMENTS_DAILY.name
LATER = datetime(2026, 1, 31, 16, 0)  # 23:00 in Jakarta on the day after END
NEXT_DAY = date(2026, 2, 1)  # the sync's as-of once the staff are done: it loads up to 01-31


@pytest.fixture(scope="module")
def odoo():
    srv = start_odoo(DAYS)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def lake(odoo, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("documents") / "lake"
    assert backfill(context(odoo, root), FIRST, END).status == "succeeded"
    return root


def copied(root: Path, dest: Path) -> Path:
    shutil.copytree(root, dest)
    return dest


def odoo_pos_differences(srv, root: Path, last: date) -> list[str]:
    """The pre-aggregate's POS columns against Odoo's grouped order totals, per day and
    company (tests/odoo_equality.py)."""
    con = open_catalog(root)
    try:
        held = from_aggregate(con)
    finally:
        con.close()
    out = []
    with connect(srv.url, srv.db) as client:
        valid = [("state", "in", list(client.odoo_version.pos_valid_states))]
        for company in companies(client):
            odoo = odoo_days(client, company, "pos.order", valid, "date_order",
                             ["amount_total", "amount_tax"], FIRST, last, True, TZ)  # fmt: skip
            lake = {
                (day, c): {"count": v["pos_orders"], "amount_total": v["pos_revenue_tax_in"],
                           "amount_tax": v["pos_tax"]}
                for (day, c), v in held.items()
                if c == company and v["pos_orders"]
            }  # fmt: skip
            out += differences({(d, company): v for d, v in odoo.items()}, lake, "POS")
    return out


def test_a_backfilled_lake_holds_the_totals_of_its_facts_and_of_odoo(odoo, lake):
    assert lake_differences(lake) == []
    assert odoo_pos_differences(odoo, lake, END) == []
    con = open_catalog(lake)
    try:
        held = from_aggregate(con)
    finally:
        con.close()
    assert {d for d, _ in held} == {FIRST + timedelta(days=i) for i in range(DAYS)}
    assert len({c for _, c in held}) == 2  # both companies, each in its own currency
    assert not any(v["pos_totals_unknown"] for v in held.values())


def test_late_edits_refunds_and_back_dated_orders_follow_their_days(lake, tmp_path):
    odoo = start_odoo(DAYS)  # its own: the staff change it
    try:
        check_late_changes(odoo, lake, tmp_path)
    finally:
        odoo.stop()


def check_late_changes(odoo, lake: Path, tmp_path: Path) -> None:
    root = copied(lake, tmp_path / "lake")
    before = aggregate_rows(root)
    odoo.clock = lambda: LATER
    staff = ShopStaff(odoo, FIRST)
    done = [
        staff.refund_pos_order(0),  # a refund order today (01-31)
        staff.refund_pos_order(7),
        staff.create_pos_order(2, 3, 600, 2, True),  # an offline till's order, 3 days back
        staff.refund_move(0, same_day=True),  # a credit note on its invoice's day
        *(staff.edit_move(i, "price", 1.5, 0) for i in range(3)),
        staff.edit_move(4, "date", 1, 2),  # an invoice or bill moved to another day
    ]
    assert not [d for d in done if d.startswith("no ")], done
    odoo.clock = lambda: LATER + timedelta(hours=4)
    summary = sync(context(odoo, root), as_of=NEXT_DAY, first_day=FIRST)
    assert summary.status == "succeeded", summary.lines()
    assert lake_differences(root) == []
    assert odoo_pos_differences(odoo, root, NEXT_DAY - timedelta(days=1)) == []
    after = aggregate_rows(root)
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    refund_day = NEXT_DAY - timedelta(days=1)
    assert {k for k in changed if k[0] == refund_day}  # the refunds' day is new
    back_dated = (NEXT_DAY - timedelta(days=4), 2)
    assert after[back_dated]["pos_orders"] == before[back_dated]["pos_orders"] + 1
    assert len(changed) > 2  # the credit note's and the edited moves' days too


def aggregate_rows(root: Path) -> dict:
    con = open_catalog(root)
    try:
        return from_aggregate(con)
    finally:
        con.close()


def test_a_day_reloaded_rewrites_its_totals(odoo, lake, tmp_path):
    root = copied(lake, tmp_path / "lake")
    day = END - timedelta(days=2)
    path = LakeLayout(root).single_file(STAR, AGG)
    stamp = path.stat().st_mtime_ns
    summary = backfill(context(odoo, root), day, day, mode="rerun_all")
    assert summary.status == "succeeded", summary.lines()
    assert path.stat().st_mtime_ns > stamp
    assert lake_differences(root) == []
    assert odoo_pos_differences(odoo, root, END) == []


def test_a_day_without_order_totals_is_unknown_never_its_lines(lake, tmp_path):
    """A company-day with POS lines but no order totals (its raw orders lost before the lake
    upgrade rebuilt them): unknown in the pre-aggregate, and so in the cards."""
    root = copied(lake, tmp_path / "lake")
    layout = LakeLayout(root)
    day = END - timedelta(days=1)
    orders = scan_fact(layout, FACTS["fact_pos_orders"]).filter(pl.col("day") == day).collect()
    replace_days(layout, FACTS["fact_pos_orders"], [day], orders.filter(pl.col("company_id") != 1))
    assert lake_differences(root) == []
    held = aggregate_rows(root)
    assert held[(day, 1)]["pos_totals_unknown"] is True
    assert held[(day, 1)]["pos_revenue_tax_in"] is None
    assert held[(day, 2)]["pos_totals_unknown"] is False
    con = open_catalog(root)
    try:
        daily = daily_totals(con, FIRST, END)
        only_2 = daily_totals(con, FIRST, END, 2)
    finally:
        con.close()
    row = daily.filter(pl.col("day") == day).row(0, named=True)
    assert (row["revenue"], row["tax"], row["transactions"]) == (None, None, None)
    assert row["pos_totals_unknown"] is True and row["quantity"] > 0
    assert only_2.filter(pl.col("day") == day)["revenue"].item() is not None


def test_a_lake_written_before_the_pre_aggregate_gets_it_at_its_next_sync(odoo, lake, tmp_path):
    root = copied(lake, tmp_path / "lake")
    shutil.rmtree(root / STAR / AGG)  # as an older release left it: sources, no totals
    assert documents.stale_months(LakeLayout(root)) == [date(2026, 1, 1)]
    assert aggregate_rows(root) == {}
    con = open_catalog(root)  # opened before its next run: its days' revenue is unknown, not 0
    try:
        daily = daily_totals(con, FIRST, END)
    finally:
        con.close()
    assert daily.height == DAYS and daily["pos_totals_unknown"].all()
    assert daily["revenue"].null_count() == DAYS and daily["quantity"].null_count() == 0
    summary = sync(context(odoo, root), as_of=END + timedelta(days=1), first_day=FIRST)
    assert summary.status == "succeeded", summary.lines()
    assert aggregate_rows(root) == aggregate_rows(lake)
    assert lake_differences(root) == []
    with StateDB(root / "metadata") as state:
        runs = [r for r in state.runs() if r.trigger == Trigger.UPGRADE]
    (run,) = [r for r in runs if r.parameters.get("upgrade") == upgrade.DOCUMENT_TOTALS]
    assert run.status == "succeeded" and run.totals == {"months_written": 1}
    assert documents.stale_months(LakeLayout(root)) == []
    sync(context(odoo, root), as_of=END + timedelta(days=1), first_day=FIRST)
    with StateDB(root / "metadata") as state:  # once
        again = [r for r in state.runs() if r.parameters.get("upgrade") == upgrade.DOCUMENT_TOTALS]
    assert len(again) == 1


def test_a_crash_between_a_source_and_its_totals_is_healed_by_the_next_run(lake, tmp_path):
    """A writer killed after publishing a month of orders, before its totals: the month's
    totals are older than a source, and the lake upgrade of the next run rewrites them."""
    root = copied(lake, tmp_path / "lake")
    layout = LakeLayout(root)
    month = date(2026, 1, 1)
    path = layout.month_partition(STAR, "fact_pos_orders", month)
    orders = pl.read_parquet(path)
    day = END - timedelta(days=3)
    publish_frame(orders.filter(pl.col("day") != day), path)  # the publish without its totals
    assert documents.stale_months(layout) == [month]
    with StateDB(layout.metadata) as state:
        reports = upgrade.upgrade_lake(layout, TZ, state)
    assert [(r.name, r.rebuilt) for r in reports] == [(upgrade.DOCUMENT_TOTALS, [month])]
    assert documents.stale_months(layout) == []
    assert lake_differences(root) == []
    held = aggregate_rows(root)
    assert {held[(day, c)]["pos_totals_unknown"] for c in (1, 2)} == {True}


def test_a_corrupt_totals_file_is_rebuilt_from_its_sources(lake, tmp_path):
    root = copied(lake, tmp_path / "lake")
    layout = LakeLayout(root)
    path = layout.single_file(STAR, AGG)
    path.write_bytes(b"PAR1 torn")
    report = repair(layout, TZ)
    assert report.rebuilt == [f"{AGG}: 1 months from their sources"]
    assert aggregate_rows(root) == aggregate_rows(lake)
    # the profit tables were not cleared for it: only they are rebuilt whole
    assert (layout.layer(STAR) / "agg_profit_daily").exists() == (
        LakeLayout(lake).layer(STAR) / "agg_profit_daily"
    ).exists()


def test_a_month_with_an_unreadable_source_stays_stale_while_others_are_written(lake, tmp_path):
    """A torn fact_sales month (the run's repair republishes it later) cannot be summed: its
    totals keep their rows and stay stale, while another stale month is written in the same
    publish; the record per month keeps the torn one found until its source reads again."""
    root = copied(lake, tmp_path / "lake")
    layout = LakeLayout(root)
    jan, dec = date(2026, 1, 1), date(2025, 12, 1)
    orders = pl.read_parquet(layout.month_partition(STAR, "fact_pos_orders", jan))
    december = orders.with_columns(pl.col("day") - timedelta(days=31)).filter(
        pl.col("day").dt.month_start() == dec
    )
    assert december.height > 0
    publish_frame(december, layout.month_partition(STAR, "fact_pos_orders", dec))
    lines = layout.month_partition(STAR, "fact_sales", jan)
    whole = lines.read_bytes()
    lines.write_bytes(whole[:-200])  # torn: its footer is gone
    assert documents.stale_months(layout) == [dec, jan]
    assert documents.write_totals(layout, [dec, jan]) == [dec]
    assert documents.stale_months(layout) == [jan]  # not hidden by the newer totals file
    held = pl.read_parquet(layout.single_file(STAR, AGG))  # the catalog would read the torn file
    january = pl.read_parquet(LakeLayout(lake).single_file(STAR, AGG))
    assert set(held.filter(pl.col("day") < jan)["day"]) == set(december["day"])
    assert held.filter(pl.col("day") >= jan).equals(january)  # kept as they were
    lines.unlink()  # the repair's republish of the month
    publish_frame(pl.read_parquet(LakeLayout(lake).month_partition(STAR, "fact_sales", jan)), lines)
    with StateDB(layout.metadata) as state:
        (report,) = upgrade.upgrade_lake(layout, TZ, state)
    assert report.rebuilt == [jan]
    assert documents.stale_months(layout) == []
    rows = aggregate_rows(root)
    assert {k: v for k, v in rows.items() if k[0] >= jan} == aggregate_rows(lake)
