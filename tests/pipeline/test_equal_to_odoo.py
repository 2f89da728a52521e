"""End to end against the demo Odoo: a 90-day backfill, invoices and bills of each company edited
more than an hour before the next sync, then that sync; then every day of every company compared
with Odoo's own grouped totals (read_group / formatted_read_group through the real client): POS
order totals, tax and counts; invoice and bill totals and quantities per move type; stock moved.
Each to half a cent for the whole day, counts exactly.

Companies and move types are read from Odoo, not listed here, so whatever the demo holds
(currencies, foreign-currency bills, a company's own purchases...) is checked the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from nkdash_desktop.datasets.base import utc_window
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.pipeline.runner import RunContext
from nkdash_desktop.pipeline.sync import backfill, sync

TZ = "Asia/Jakarta"
KEY = "nkdash-demo-admin-key"
DAYS = 90
CENT = 0.005  # a day's total may not differ from Odoo's by half a cent
# (lake fact, Odoo amount field -> lake column) per kind of move; the lake signs refunds
LAKE_MOVES = {
    "out": ("fact_invoice_sales", {"price_total": "revenue_tax_in", "price_subtotal":
                                   "revenue_tax_ex", "quantity": "quantity"}),
    "in": ("fact_purchases", {"price_total": "amount_tax_in", "price_subtotal": "amount_tax_ex",
                              "quantity": "quantity"}),
}  # fmt: skip

Key = tuple[Any, ...]


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


def companies(client: OdooClient) -> list[int]:
    return [r["id"] for r in client.search_read("res.company", [], ["id"])]


def odoo_days(
    client: OdooClient,
    company: int,
    model: str,
    domain: list,
    day_field: str,
    fields: list[str],
    first: date,
    last: date,
    datetime_field: bool,
) -> dict[date, dict[str, float]]:
    """Odoo's own per-day sums and counts for one company over [first, last]."""
    if datetime_field:
        start, end = utc_window(first, TZ)[0], utc_window(last, TZ)[1]
        window = [(day_field, ">=", start), (day_field, "<", end)]
    else:
        window = [(day_field, ">=", first.isoformat()), (day_field, "<=", last.isoformat())]
    rows = client.grouped_totals(
        model,
        [*domain, *window, ("company_id", "=", company)],
        day_field,
        fields,
        context={"allowed_company_ids": [company]},
    )
    return {r["day"]: {"count": r["count"], **{f: r[f] for f in fields}} for r in rows}


def lake_days(con, sql: str, params: Iterable[Any]) -> dict[Key, dict[str, float]]:
    """(day, company[, move type]) -> measures, from a lake query whose last columns are the
    measures named in its SELECT."""
    result = con.execute(sql, list(params))
    names = [d[0] for d in result.description]
    out = {}
    for row in result.fetchall():
        values = dict(zip(names, row, strict=True))
        key = tuple(values.pop(k) for k in ("day", "company_id", "move_type") if k in values)
        out[key] = values
    return out


def differences(
    odoo: dict[Key, dict[str, float]], lake: dict[Key, dict[str, float]], what: str
) -> list[str]:
    """Each (day, company...) and measure where the lake and Odoo disagree; counts exactly,
    amounts and quantities to half a cent."""
    out = []
    for key in sorted(set(odoo) | set(lake), key=str):
        o, k = odoo.get(key), lake.get(key)
        if o is None or k is None:
            out.append(f"{what} {key}: only in {'the lake' if o is None else 'Odoo'}")
            continue
        for measure, expected in o.items():
            got = k[measure]
            limit = 0 if measure == "count" else CENT
            if got is None or abs(float(got) - float(expected)) > limit:
                out.append(f"{what} {key} {measure}: lake {got}, Odoo {expected}")
    return out


def test_every_day_and_company_equals_odoos_own_totals(shop):
    srv, root, first, last = shop
    problems: list[str] = []
    con = open_catalog(root)
    with connect(srv) as client:
        valid = list(client.odoo_version.pos_valid_states)
        checked_companies = companies(client)
        assert len(checked_companies) >= 2
        move_types: set[str] = set()
        for company in checked_companies:
            # POS orders: Odoo's amount_total and amount_tax (tax rounded per order)
            pos = odoo_days(client, company, "pos.order", [("state", "in", valid)],
                            "date_order", ["amount_total", "amount_tax"], first, last, True)  # fmt: skip
            odoo = {(d, company): v for d, v in pos.items()}
            lake = lake_days(
                con,
                "SELECT day, company_id, count(*) AS count, sum(amount_total) AS amount_total, "
                "sum(amount_tax) AS amount_tax FROM fact_pos_orders WHERE company_id = ? "
                "AND day BETWEEN ? AND ? GROUP BY ALL",
                [company, first, last],
            )
            assert odoo, f"company {company} has no POS orders in Odoo"
            problems += differences(odoo, lake, "POS orders")

            # invoices and bills, per move type present in Odoo for this company
            types = client.grouped_totals(
                "account.move", [("state", "=", "posted"), ("company_id", "=", company)],
                "date", [], ["move_type"], context={"allowed_company_ids": [company]},
            )  # fmt: skip
            for move_type in sorted({r["move_type"] for r in types}):
                side = move_type.split("_")[0]
                if side not in LAKE_MOVES:
                    continue  # journal entries: not sales or purchases
                move_types.add(move_type)
                fact, columns = LAKE_MOVES[side]
                domain = [("display_type", "=", "product"), ("parent_state", "=", "posted"),
                          ("move_id.move_type", "=", move_type)]  # fmt: skip
                if side == "out":  # invoiced POS orders count as POS orders, never twice
                    domain.append(("move_id.pos_order_ids", "=", False))
                lines = odoo_days(client, company, "account.move.line", domain, "date",
                                  list(columns), first, last, False)  # fmt: skip
                odoo = {(d, company, move_type): v for d, v in lines.items()}
                sign = -1 if move_type.endswith("refund") else 1  # Odoo keeps them positive
                measures = ", ".join(f"{sign} * sum({c}) AS {f}" for f, c in columns.items())
                lake = lake_days(
                    con,
                    f"SELECT day, company_id, move_type, count(*) AS count, {measures} "
                    f"FROM {fact} WHERE company_id = ? AND move_type = ? "
                    "AND day BETWEEN ? AND ? GROUP BY ALL",
                    [company, move_type, first, last],
                )
                problems += differences(odoo, lake, move_type)

            # stock moved
            moved = odoo_days(client, company, "stock.move.line", [("state", "=", "done")],
                              "date", ["quantity"], first, last, True)  # fmt: skip
            odoo = {(d, company): v for d, v in moved.items()}
            lake = lake_days(
                con,
                "SELECT day, company_id, count(*) AS count, sum(quantity) AS quantity "
                "FROM fact_inventory_moves WHERE company_id = ? AND day BETWEEN ? AND ? "
                "GROUP BY ALL",
                [company, first, last],
            )
            problems += differences(odoo, lake, "stock moves")
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
