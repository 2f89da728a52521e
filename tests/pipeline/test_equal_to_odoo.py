"""End to end against the demo Odoo: a 90-day backfill, invoices and bills of each company edited
more than an hour before the next sync, then that sync; then every day of every company compared
with Odoo's own grouped totals (tests/odoo_equality.py): POS order totals, tax and counts;
invoice and bill totals and quantities per move type; stock moved. Each to half a cent for the
whole day, counts exactly.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.pipeline.runner import RunContext
from nkdash_desktop.pipeline.sync import backfill, sync
from tests.odoo_equality import companies, odoo_days, odoo_differences

TZ = "Asia/Jakarta"
KEY = "nkdash-demo-admin-key"
DAYS = 90


def now_utc() -> datetime:
    """The demo's clock: 14:00 today in Jakarta."""
    local = datetime.combine(today(TZ), time(14, 0), ZoneInfo(TZ))
    return local.astimezone(UTC).replace(tzinfo=None)


def connect(srv: DemoOdoo) -> OdooClient:
    return OdooClient(OdooConnection(srv.url, srv.db, "admin", timezone=TZ), KEY).connect()


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    """The demo Odoo and a lake backfilled over its 90 days, then synced as the nightly run
    does a few hours later."""
    config = DemoConfig(days=DAYS, scale="small", flavour=19, now=now_utc())
    with DemoOdoo(config, port=0).start() as srv:
        root = tmp_path_factory.mktemp("e2e") / "lake"
        ctx = RunContext(
            layout=LakeLayout(root),
            timezone=TZ,
            client_factory=lambda: connect(srv),
            connections=2,
            owner="app",
        )
        last = today(TZ) - timedelta(days=1)
        first = last - timedelta(days=DAYS - 2)
        result = backfill(ctx, first, last)
        assert result.status == "succeeded", result.sentence
        # edits an hour after the backfill, other activity two hours later: the nightly sync
        # must still pick the old edits up (its sweep starts where the backfill read)
        assert edit_lines(srv, at=now_utc() + timedelta(hours=1), before=last - timedelta(days=6))
        assert edit_lines(srv, at=now_utc() + timedelta(hours=3), before=last - timedelta(days=1))
        later = now_utc() + timedelta(hours=5)
        srv.clock = lambda: later
        synced = sync(ctx)
        assert synced.status == "succeeded", synced.sentence
        yield srv, root, first, last


def edit_lines(srv: DemoOdoo, at: datetime, before: date) -> int:
    """At `at` on the demo's clock, raise the price of the latest product line dated `before`
    or earlier of each company's customer invoices and vendor bills; how many were edited."""
    srv.clock = lambda: at
    edited = 0
    with connect(srv) as client:
        for company in companies(client):
            for move_type in ("out_invoice", "in_invoice"):
                found = client.search_read(
                    "account.move.line",
                    [("display_type", "=", "product"), ("parent_state", "=", "posted"),
                     ("move_id.move_type", "=", move_type), ("company_id", "=", company),
                     ("move_id.pos_order_ids", "=", False), ("date", "<=", before.isoformat())],
                    ["price_unit"], order="date desc, id asc", limit=1,
                    context={"allowed_company_ids": [company]},
                )  # fmt: skip
                for line in found:
                    srv.write("account.move.line", [line["id"]],
                              {"price_unit": round(line["price_unit"] * 1.5 + 1, 2)})  # fmt: skip
                    edited += 1
    return edited


def test_every_day_and_company_equals_odoos_own_totals(shop):
    srv, root, first, last = shop
    con = open_catalog(root)
    with connect(srv) as client:
        assert len(companies(client)) >= 2
        for company in companies(client):
            pos = odoo_days(client, company, "pos.order", [], "date_order", [], first, last,
                            True, TZ)  # fmt: skip
            assert pos, f"company {company} has no POS orders in Odoo"
        problems, move_types = odoo_differences(client, con, first, last, TZ)
    con.close()
    assert {"out_invoice", "in_invoice"} <= move_types  # and every other type Odoo has
    assert not problems, f"{len(problems)} differences, e.g.:\n" + "\n".join(problems[:20])


def test_the_order_rounding_is_kept_per_order(shop):
    """Odoo's per-order tax rounding is visible, not lost: the lake's orders differ from their
    lines on some days, by exactly the differences it records."""
    _, root, first, last = shop
    con = open_catalog(root)
    gaps = con.execute(
        """
        SELECT o.company_id, count(*) FILTER (o.rounding_difference <> 0),
               max(abs(o.amount_total - o.lines_revenue_tax_in - o.rounding_difference)),
               max(abs(o.lines_revenue_tax_in - coalesce(l.revenue, 0)))
        FROM fact_pos_orders o
        LEFT JOIN (SELECT order_id, sum(revenue_tax_in) AS revenue FROM fact_sales
                   GROUP BY order_id) l USING (order_id)
        WHERE o.day BETWEEN ? AND ? GROUP BY o.company_id ORDER BY 1
        """,
        [first, last],
    ).fetchall()
    con.close()
    assert any(differing > 0 for _, differing, _, _ in gaps)
    for _, _, unexplained, lines_gap in gaps:
        assert unexplained < 1e-6 and lines_gap < 1e-6
