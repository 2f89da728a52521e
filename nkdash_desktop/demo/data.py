"""The built-in demo Odoo's data: a deterministic synthetic retail business (NK Mart, Jakarta,
plus a small Bali branch) written as one DuckDB table per model of a flavour.

Same `DemoConfig` => identical tables. The work is split by concern:
`catalogue` (vocabulary and fixed ids), `data_dims` (master data), `data_pos` (sessions,
orders, lines, payments), `data_accounting` (invoices and bills), `data_stock` (transfers,
moves, lots, quants).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import duckdb

from nkdash_desktop.demo import access
from nkdash_desktop.demo import catalogue as cat
from nkdash_desktop.demo.data_accounting import build_accounting
from nkdash_desktop.demo.data_common import Calendar, TableWriter
from nkdash_desktop.demo.data_dims import write_dims
from nkdash_desktop.demo.data_pos import build_pos, order_columns
from nkdash_desktop.demo.data_stock import build_stock
from nkdash_desktop.demo.schema import FLAVOURS, OPTION_POS_HR, Flavour


@dataclass(frozen=True)
class DemoConfig:
    days: int = 90  # number of business days of history, ending at end_date
    scale: str = "small"  # "small" | "medium" | "large"
    flavour: int = 19  # 16 | 17 | 18 | 19
    seed: int = 7
    end_date: date | None = None  # last business day (local); default: today in timezone
    now: datetime | None = None  # naive UTC "now"; default utcnow(). Nothing is dated after it.
    options: frozenset[str] = frozenset({OPTION_POS_HR})  # may add "product_brand"
    timezone: str = "Asia/Jakarta"
    # res.company.tax_calculation_rounding_method of both companies
    tax_rounding: str = cat.ROUND_GLOBALLY

    def flavour_obj(self) -> Flavour:
        return Flavour(self.flavour, frozenset(self.options))

    def resolved_now(self) -> datetime:
        """`now` as naive UTC, whole seconds (Odoo's datetime precision)."""
        now = self.now or datetime.now(UTC)
        if now.tzinfo is not None:
            now = now.astimezone(UTC).replace(tzinfo=None)
        return now.replace(microsecond=0)

    def resolved_end(self, now: datetime | None = None) -> date:
        """The last business day: `end_date`, or the local date of `now`."""
        if self.end_date is not None:
            return self.end_date
        now = now or self.resolved_now()
        return now.replace(tzinfo=UTC).astimezone(ZoneInfo(self.timezone)).date()


@dataclass
class DemoUser:
    uid: int
    login: str
    password: str
    api_key: str
    name: str
    groups: frozenset[str]  # Odoo group xml ids, implied ones included (`access.with_implied`)

    def set_groups(self, groups: frozenset[str]) -> None:
        """Change the user's groups at run time, as an Odoo administrator would."""
        self.groups = access.with_implied(groups)


@dataclass
class DemoData:
    config: DemoConfig
    flavour: Flavour
    users: list[DemoUser]
    company_ids: list[int]
    start_date: date
    end_date: date
    counts: dict[str, int]  # rows per model table


def demo_users(flavour: Flavour) -> list[DemoUser]:
    """The users that can log in (OdooBot, uid 1, is inactive and cannot): the administrator,
    the viewer (a reporting user with exactly the groups the README asks for) and the
    cashiers (Point of Sale users)."""
    users = [
        DemoUser(
            cat.UID_ADMIN,
            "admin",
            "admin",
            "nkdash-demo-admin-key",
            "Administrator",
            access.with_implied(access.EVERY_GROUP),
        ),
        DemoUser(
            cat.UID_VIEWER,
            "viewer",
            "viewer",
            "nkdash-demo-viewer-key",
            "Dewi Anggraini (Viewer)",
            access.with_implied(access.REPORTING_USER),
        ),
    ]
    cashier = access.with_implied({access.POS_USER})
    for uid, (login, name, _company, _config) in enumerate(cat.CASHIERS, start=4):
        users.append(DemoUser(uid, login, login, f"nkdash-demo-{login}-key", name, cashier))
    return users


def generate(con: duckdb.DuckDBPyConnection, config: DemoConfig) -> DemoData:
    """Create and fill one table per model of config.flavour_obj().models()."""
    if config.flavour not in FLAVOURS:
        raise ValueError(f"unknown flavour {config.flavour}; expected one of {FLAVOURS}")
    if config.scale not in cat.SCALES:
        raise ValueError(f"unknown scale {config.scale!r}; expected one of {list(cat.SCALES)}")
    if config.tax_rounding not in (cat.ROUND_GLOBALLY, cat.ROUND_PER_LINE):
        raise ValueError(f"unknown tax rounding method {config.tax_rounding!r}")
    if config.days < 1:
        raise ValueError("days must be at least 1")
    flavour = config.flavour_obj()
    now = config.resolved_now()
    end = config.resolved_end(now)
    start = end - timedelta(days=config.days - 1)
    cal = Calendar.build(start, config.days, config.timezone, now)
    w = TableWriter(con, flavour)
    try:
        w.create_all()
        dims = write_dims(w, cal, config.scale, config.seed, config.timezone, config.tax_rounding)
        pos = build_pos(w, cal, dims, config.scale, config.seed, config.tax_rounding)
        account_move, feed = build_accounting(w, cal, dims, pos, config.seed, config.tax_rounding)
        w.insert("pos.order", order_columns(pos.orders, pos.notes, account_move, flavour.version))
        pos.orders = None  # type: ignore[assignment]  # let the loader free them
        w.wait()  # the order tables' arrays go before the stock pass allocates its own
        build_stock(w, cal, dims, pos, feed, config.seed)
        del pos, feed, account_move  # free them while the last tables load
    finally:
        w.close()

    counts = {
        name: con.execute(f'SELECT count(*) FROM "{model.table}"').fetchall()[0][0]
        for name, model in w.models.items()
    }
    return DemoData(
        config=config,
        flavour=flavour,
        users=demo_users(flavour),
        company_ids=[cat.COMPANY_MAIN, cat.COMPANY_BALI],
        start_date=start,
        end_date=end,
        counts=counts,
    )
