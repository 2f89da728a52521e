"""The demo's history is a function of its seed and its days, not of the clock it started at:
two demo servers started at different times of the same day serve identical past days, read
through the real client; only today grows."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from nkdash_desktop.datasets.base import utc_window
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.odoo import OdooClient, OdooConnection

TZ = "Asia/Jakarta"
END = date(2026, 11, 25)
# (model, day field, fields read); the records of the days before END must not change
HISTORY = (
    ("pos.order", "date_order", ["name", "amount_total", "amount_tax", "state", "company_id"]),
    ("pos.order.line", "order_id.date_order", ["order_id", "product_id", "qty",
                                               "price_subtotal_incl"]),
    ("pos.payment", "pos_order_id.date_order", ["pos_order_id", "amount", "payment_method_id"]),
    ("account.move", "date", ["name", "move_type", "amount_total", "state", "company_id"]),
    ("account.move.line", "date", ["move_id", "product_id", "quantity", "price_total",
                                   "balance"]),
    ("stock.move.line", "date", ["product_id", "quantity", "location_id", "state"]),
)  # fmt: skip


def started_at(hour: int, minute: int) -> datetime:
    """A clock time of END in Jakarta, as naive UTC."""
    local = datetime.combine(END, time(hour, minute), ZoneInfo(TZ))
    return local.astimezone(UTC).replace(tzinfo=None)


def read_history(srv: DemoOdoo, created_before: datetime) -> tuple[dict[str, list[dict]], int]:
    """Every record of the days before END that existed at `created_before`, per model (a
    bill keyed in later for a past day is new activity, as in Odoo); and how many POS orders
    END has."""
    start_of_end = utc_window(END, TZ)[0]
    created = created_before.strftime("%Y-%m-%d %H:%M:%S")
    out = {}
    connection = OdooConnection(srv.url, srv.db, "admin", timezone=TZ)
    with OdooClient(connection, "nkdash-demo-admin-key").connect() as client:
        for model, day_field, fields in HISTORY:
            bound = END.isoformat() if day_field == "date" else start_of_end
            domain = [(day_field, "<", bound), ("create_date", "<", created)]
            rows = client.search_read(model, domain, ["id", *fields], order="id asc")
            assert rows, model
            out[model] = rows
        today = client.search_count("pos.order", [("date_order", ">=", start_of_end)])
    return out, today


def serve(now: datetime, created_before: datetime) -> tuple[dict[str, list[dict]], int]:
    config = DemoConfig(days=20, scale="small", flavour=19, end_date=END, now=now)
    with DemoOdoo(config, port=0).start() as srv:
        srv.clock = lambda: now
        return read_history(srv, created_before)


def test_servers_started_at_different_times_serve_the_same_past_days():
    first_start = started_at(9, 5)
    morning, morning_today = serve(first_start, first_start)
    evening, evening_today = serve(started_at(21, 40), first_start)
    for model, _, _ in HISTORY:
        assert morning[model] == evening[model], f"{model} differs between the two servers"
    assert 0 < morning_today < evening_today  # only today grows
