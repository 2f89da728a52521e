"""Weeks in the tray, simulated (issue 19, item 2): the resident app (main window hidden, tray,
the embedded APScheduler) runs night after night in one process on a simulated clock
(nkdash_desktop/clock.py), against a demo Odoo that grows every day in a process of its own
(so the app's memory is measured alone). Now and then the PC sleeps over nights (one catch-up
on waking), Odoo is down for a night (that night fails, the next one catches up), and the
operator opens the window and clicks through the tabs. After every night: the app's resident
memory, open file handles, threads, Qt objects, DuckDB connections and timers.

The scheduler decides for itself: the clock is moved to the nightly time (or past it, after a
sleep) and the scheduler is poked, as its catch-up watch does every few minutes; whether a run
starts, and which, is its own decision from the lake's state database.

Shared by tests/reliability/test_tray_weeks.py (10 nights, CI) and bench/tray_weeks.py (60).
"""

from __future__ import annotations

import gc
import os
import random
import subprocess
import sys
import time
import weakref
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import httpx
import psutil

from nkdash_desktop import clock
from nkdash_desktop.clock import ODOO_DATETIME
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import SYNC_TRIGGERS, Run, StateDB
from nkdash_desktop.odoo import OdooClient, OdooConnection
from nkdash_desktop.settings import Settings

TZ = "Asia/Jakarta"
ZONE = ZoneInfo(TZ)
DEMO_KEY = "nkdash-demo-admin-key"
HISTORY_DAYS = 7  # the demo's history before the first night: the setup's first backfill
FIRST_DAY = date(2026, 3, 2)  # the day the app is set up (at noon); its night is the first
NIGHTLY_AT = clock_time(2, 0)
RUN_S = 300.0  # a night's sync at most, on a loaded CI machine
ORDERS_PER_SESSION = 6  # a day's new POS orders per open till (three tills, two companies)
MB = 1024 * 1024
# idle threads of worker pools, which end on their own after a while idle (Qt's pools 30 s,
# polars' tokio runtime 10 s, Chromium's): counted apart, as the app's hours in the tray would
# have ended them
WORKER_POOL_THREADS = ("Thread (pooled)", "tokio-rt-worker", "ThreadPoolForeg")
EVENT_FD = "anon_inode:[eventfd]"
USD_RATE = 16_000.0  # rupiah a dollar, for the Bali tills' prices
SERVER = (
    "import sys; from datetime import datetime; from nkdash_desktop.demo.data import DemoConfig; "
    "from nkdash_desktop.demo.server import DemoOdoo; "
    "srv = DemoOdoo(DemoConfig(days=int(sys.argv[1]), scale='small', "
    "now=datetime.fromisoformat(sys.argv[2])), port=0).start(); "
    "print(srv.url, srv.db, flush=True); sys.stdin.read()"
)


def local(day: date, at: clock_time) -> datetime:
    return datetime.combine(day, at, ZONE)


class SimClock:
    """The process's clock for the simulation: it runs with the real clock and jumps."""

    def __init__(self, start: datetime) -> None:
        self.set(start)

    def set(self, moment: datetime) -> None:
        self._base, self._started = moment.astimezone(UTC), time.monotonic()

    def __call__(self) -> datetime:
        return self._base + timedelta(seconds=time.monotonic() - self._started)


class DemoProcess:
    """The demo Odoo in a child process; its clock and faults set through /demo/admin."""

    def __init__(self, start: datetime) -> None:
        naive = start.astimezone(UTC).replace(tzinfo=None).isoformat()
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(HISTORY_DAYS), naive],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        self.url, self.db = self.process.stdout.readline().split()
        self.http = httpx.Client(timeout=30)

    def admin(self, **request: object) -> object:
        response = self.http.post(f"{self.url}/demo/admin", json=request)
        response.raise_for_status()
        return response.json()["result"]

    def set_clock(self, moment: datetime) -> None:
        self.admin(action="clock", now=moment.astimezone(UTC).replace(tzinfo=None).isoformat())

    def down(self, down: bool) -> None:
        self.admin(action="faults", down=down)

    def client(self) -> OdooClient:
        return OdooClient(OdooConnection(self.url, self.db, "admin", timezone=TZ), DEMO_KEY)

    def stop(self) -> None:
        self.http.close()
        assert self.process.stdin is not None
        self.process.stdin.close()  # the child exits when its standard input closes
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait(10)


class Shop:
    """The business going on: each day a few POS orders (paid, with their payments) on every
    open till of both companies, a customer invoice and a vendor bill, created in the evening
    as the tills and the office send them."""

    def __init__(self, demo: DemoProcess, seed: int = 19) -> None:
        self.demo, self.rng = demo, random.Random(seed)
        self.client = client = demo.client().connect()
        sessions = client.search_read("pos.session", [("state", "=", "opened")], ["company_id"])
        methods = client.search_read("pos.payment.method", [], ["company_id"])
        products = client.search_read(
            "product.product", [("default_code", "!=", False)], ["lst_price", "taxes_id"],
            order="id asc", limit=40,
        )  # fmt: skip
        journals = client.search_read("account.journal", [], ["type", "company_id"])
        partners = client.search_read("res.partner", [], ["id"], order="id asc", limit=5)
        self.sessions = [(s["id"], s["company_id"][0]) for s in sessions]
        self.methods = {
            c: [m["id"] for m in methods if m["company_id"][0] == c] for _, c in self.sessions
        }
        self.products = [p for p in products if p["lst_price"] > 0]
        self.journal = {(j["type"], j["company_id"][0]): j["id"] for j in journals}
        self.partner = partners[-1]["id"]
        self.made = 0

    def trade(self, day: date) -> None:
        """`day`'s business, created at the demo's clock (the evening of `day`)."""
        for session, company in self.sessions:
            for _ in range(ORDERS_PER_SESSION):
                self._order(day, session, company)
        for move_type, journal in (("out_invoice", "sale"), ("in_invoice", "purchase")):
            product = self.rng.choice(self.products)
            self.made += 1
            self.demo.admin(action="create", model="account.move", vals={
                "name": f"SOAK/{move_type}/{self.made}", "move_type": move_type,
                "state": "posted", "date": day.isoformat(), "invoice_date": day.isoformat(),
                "journal_id": self.journal[(journal, 1)], "partner_id": self.partner,
                "company_id": 1,
                "line_ids": [(0, 0, {"display_type": "product", "product_id": product["id"],
                                     "quantity": self.rng.randint(1, 9),
                                     "price_unit": product["lst_price"],
                                     "tax_ids": product["taxes_id"], "company_id": 1})],
            })  # fmt: skip

    def _order(self, day: date, session: int, company: int) -> None:
        at = local(day, clock_time(8)) + timedelta(minutes=self.rng.randint(0, 12 * 60))
        when = at.astimezone(UTC).strftime(ODOO_DATETIME)
        lines = [
            (0, 0, {"product_id": p["id"], "qty": self.rng.randint(1, 4),
                    "price_unit": price(p, company), "tax_ids": p["taxes_id"]})
            for p in self.rng.sample(self.products, self.rng.randint(1, 3))
        ]  # fmt: skip
        self.made += 1
        order = self.demo.admin(action="create", model="pos.order", vals={
            "name": f"SOAK/{self.made}", "date_order": when, "state": "paid",
            "session_id": session, "company_id": company, "lines": lines,
        })  # fmt: skip
        total = self.client.search_read("pos.order", [("id", "=", order)], ["amount_total"])
        self.demo.admin(action="create", model="pos.payment", vals={
            "pos_order_id": order, "amount": total[0]["amount_total"], "payment_date": when,
            "payment_method_id": self.rng.choice(self.methods[company]), "company_id": company,
        })  # fmt: skip


def price(product: dict, company: int) -> float:
    """The list price in the company's currency: rupiah, or dollars with cents in Bali."""
    return product["lst_price"] if company == 1 else round(product["lst_price"] / USD_RATE, 2)


@dataclass
class Sample:
    """What the app holds after a night."""

    rss_mb: float
    handles: int  # open file descriptors (/proc/self/fd; handles on Windows) but eventfds
    event_fds: int  # a thread's event loop's wake-up fds: they come and go with pool threads
    threads: int  # native threads (Qt's, DuckDB's, APScheduler's...) but idle pool workers
    pool_threads: int  # idle worker-pool threads (WORKER_POOL_THREADS), which end on their own
    qobjects: int  # the Qt object tree under the application and its top-level widgets, less
    # the attention panel's lines (one button per finding: as many as the day has)
    findings: int  # those lines
    duckdb: int  # DuckDB connections alive (DuckDBConnections)
    timers: int  # active QTimers in that tree plus APScheduler's jobs
    detail: dict  # what each count is made of, to name what grew (not in the table)


class DuckDBConnections:
    """The DuckDB connections the process opens, while the simulation runs: duckdb.connect is
    wrapped to keep a weak reference to each (the app keeps no list of its own, and the main
    window's gc.freeze() hides older objects from gc.get_objects())."""

    def __init__(self) -> None:
        self.opened: weakref.WeakSet = weakref.WeakSet()
        self._connect = duckdb.connect

        def connect(*args: Any, **kwargs: Any) -> duckdb.DuckDBPyConnection:
            con = self._connect(*args, **kwargs)
            self.opened.add(con)
            return con

        duckdb.connect = connect

    def alive(self) -> int:
        """Connections not yet freed (open, or closed but still referenced)."""
        return len(self.opened)

    def uninstall(self) -> None:
        duckdb.connect = self._connect


def qt_objects() -> list:
    """Every QObject under the QApplication and under each top-level widget."""
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    roots = [app, *QApplication.topLevelWidgets()]
    found = {id(r): r for r in roots}
    for root in roots:
        found.update((id(o), o) for o in root.findChildren(QObject))
    return list(found.values())


def sample(scheduler_jobs: int, connections: DuckDBConnections) -> Sample:
    from PySide6.QtCore import QCoreApplication, QEvent, QTimer

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    objects = qt_objects()
    from nkdash_desktop.ui.widgets.attention_panel import AttentionPanel

    me = psutil.Process()
    threads = _thread_names()
    pooled = sum(name in WORKER_POOL_THREADS for name in threads)
    fds = _fd_targets()
    event_fds = sum(target == EVENT_FD for target in fds)
    findings = sum(len(o.lines) for o in objects if isinstance(o, AttentionPanel))
    return Sample(
        rss_mb=me.memory_info().rss / MB,
        handles=(me.num_handles() if os.name == "nt" else len(fds)) - event_fds,
        event_fds=event_fds,
        threads=len(threads) - pooled,
        pool_threads=pooled,
        qobjects=len(objects) - findings,
        findings=findings,
        duckdb=connections.alive(),
        timers=sum(isinstance(o, QTimer) and o.isActive() for o in objects) + scheduler_jobs,
        detail={"fds": sorted(fds), "threads": sorted(threads),
                "qobjects": Counter(type(o).__name__ for o in objects)},
    )  # fmt: skip


def _fd_targets() -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else []:
        try:
            found.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            continue
    return found


def _thread_names() -> list[str]:
    found = []
    for task in os.listdir("/proc/self/task") if os.path.isdir("/proc/self/task") else []:
        try:
            found.append(Path(f"/proc/self/task/{task}/comm").read_text().strip())
        except OSError:
            continue
    return found


@dataclass
class Night:
    number: int  # 1..n
    event: str  # "night", "sleep" (woke up after missed nights), "down" (Odoo), "window"
    scheduled: str  # the night the scheduler launched a run for
    trigger: str
    status: str
    seconds: float
    sample: Sample

    def row(self) -> dict:
        sample = {k: v for k, v in asdict(self.sample).items() if k != "detail"}
        return {k: v for k, v in asdict(self).items() if k != "sample"} | sample


def events(nights: int) -> list[str]:
    """What happens on each night: every kind within the first ten, then now and then."""
    plan = []
    for n in range(1, nights + 1):
        k = n % 10
        plan.append({3: "window", 5: "down", 7: "sleep", 9: "window"}.get(k, "night"))
    return plan


def slope(values: list[float]) -> float:
    """Least-squares slope per step."""
    n = len(values)
    if n < 2:
        return 0.0
    mx, my = (n - 1) / 2, sum(values) / n
    return sum((i - mx) * (v - my) for i, v in enumerate(values)) / sum(
        (i - mx) ** 2 for i in range(n)
    )


def sync_runs(root: Path) -> list[Run]:
    with StateDB(LakeLayout(root).metadata) as state:
        return [r for r in reversed(state.runs(limit=1000)) if r.trigger in SYNC_TRIGGERS]


class TrayWeeks:
    """The app on a fresh lake, set up at noon of FIRST_DAY; `run(n)` lives n nights."""

    def __init__(self, root: Path, wait: Callable[[Callable[[], bool], float], None]) -> None:
        """`wait(condition, seconds)` runs the Qt event loop until `condition()` holds
        (pytest-qt's waitUntil in the test, a plain loop in the bench)."""
        from nkdash_desktop.ui.background.resident import Resident
        from nkdash_desktop.ui.runtime.context import AppContext
        from nkdash_desktop.ui.window.mainwindow import MainWindow

        self.root, self.wait = root, wait
        self.day = FIRST_DAY
        self.clock = SimClock(local(self.day, clock_time(12)))
        self.demo = DemoProcess(self.clock())
        try:
            self.shop = Shop(self.demo)
        except BaseException:
            self.demo.stop()
            raise
        clock.use(self.clock)
        self.connections = DuckDBConnections()
        try:
            self._open_app(Resident, AppContext, MainWindow)
        except BaseException:
            self._let_go()  # never leave the process on the simulated clock
            raise
        self.finished: list[object] = []
        self.window.engine.finished.connect(self.finished.append)
        self.nights: list[Night] = []

    def _open_app(self, resident: type, context: type, window: type) -> None:
        settings = Settings()
        settings.lake.root = str(self.root)
        settings.odoo.timezone = TZ
        settings.odoo.url, settings.odoo.database = self.demo.url, self.demo.db
        settings.odoo.login = "admin"
        settings.schedule.nightly_time = NIGHTLY_AT.strftime("%H:%M")
        self.window = window(context(settings.validated(), DEMO_KEY))
        self.resident = resident(self.window, tray_available=True)
        self.nightly = self.resident.nightly

    def _let_go(self) -> None:
        """The process back on the system clock and duckdb.connect; the demo stopped."""
        clock.use(None)
        self.connections.uninstall()
        self.shop.client.close()
        self.demo.stop()

    # -- the simulation ----------------------------------------------------------------------

    def set_up(self) -> None:
        """The setup's first backfill (the history up to yesterday), then the tray only."""
        first = self.day - timedelta(days=HISTORY_DAYS - 1)
        assert self.window.engine.backfill(first, self.day - timedelta(days=1))
        self._finish_run(RUN_S)
        assert getattr(self.finished[-1], "status", None) == "succeeded", self.finished[-1]
        self.resident.show(hidden=True)

    def _move(self, moment: datetime) -> None:
        self.clock.set(moment)
        self.demo.set_clock(moment)

    def _finish_run(self, seconds: float) -> None:
        done = len(self.finished) + 1
        self.wait(lambda: len(self.finished) >= done and not self.window.engine.running, seconds)

    def night(self, number: int, event: str) -> Night:
        """Trade today, then the night (or the nights slept through) and its run."""
        nights = 3 if event == "sleep" else 1
        for _ in range(nights):
            self.demo.set_clock(local(self.day, clock_time(21)))
            self.shop.trade(self.day)
            self.day += timedelta(days=1)
        launched = self.nightly.launches
        woke = clock_time(7, 30) if event == "sleep" else clock_time(2, 0, 2)
        if event == "down":
            self.demo.down(True)
        started = time.perf_counter()
        self._move(local(self.day, woke))
        self.nightly.scheduler.poke()  # the catch-up watch's look (every few minutes)
        self.wait(lambda: self.nightly.launches > launched, 60)
        self._finish_run(RUN_S)
        seconds = time.perf_counter() - started
        if event == "down":
            self.demo.down(False)
        # later looks that night start nothing: one run per night
        self.nightly.scheduler.poke()
        assert self.nightly.scheduler.check() is None
        assert self.nightly.launches == launched + 1, self.nightly.launches - launched
        due = self.nightly.last_launched
        result = self.finished[-1]
        if event == "window":
            self._move(local(self.day, clock_time(9)))
            self.open_window_and_click_tabs()
        self.settle()
        return Night(
            number, event, f"{due.scheduled:%Y-%m-%d %H:%M}", str(due.trigger),
            getattr(result, "status", type(result).__name__), round(seconds, 1),
            sample(len(self.nightly.scheduler._aps.get_jobs()), self.connections),
        )  # fmt: skip

    def settle(self) -> None:
        """The app then sits idle in the tray: its worker pools finish (the morning
        notification's query too)."""
        from PySide6.QtCore import QThreadPool

        pools = [self.window.pools.queries, self.window.pools.engine, self.window.pools.odoo,
                 QThreadPool.globalInstance()]  # fmt: skip
        self.wait(lambda: all(p.activeThreadCount() == 0 for p in pools), 60)

    def open_window_and_click_tabs(self) -> None:
        """Open from the tray, every tab in turn until drawn, then close it to the tray."""
        tray, tabs = self.resident.tray, self.window.tabs
        tray.show_window()
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            tab = tabs.widget(index)
            self.wait(
                lambda tab=tab: (
                    not (getattr(tab, "stale", False) or getattr(tab, "loading", False))
                ),
                60,
            )
        tabs.setCurrentIndex(0)
        self.window.close()  # to the tray
        assert not self.window.isVisible()

    def run(self, nights: int, report: Callable[[Night], None] = lambda night: None) -> None:
        for number, event in enumerate(events(nights), 1):
            self.nights.append(self.night(number, event))
            report(self.nights[-1])

    def close(self) -> None:
        from PySide6.QtCore import QEvent
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        try:
            self.resident.tray.quitting = True
            self.window.close()
            self.resident.shutdown()
            self.window.deleteLater()  # its web pages must go before the WebEngine profile
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        finally:
            app.setQuitOnLastWindowClosed(True)  # as before the tray (the next test's app)
            self._let_go()

    # -- the verdict -------------------------------------------------------------------------

    def lake_problems(self) -> list[str]:
        """Each day's POS revenue per company, up to the last night's day, equals Odoo's own
        grouped totals: the night Odoo was down was caught up by the next."""
        from nkdash_desktop.lake.catalog import open_catalog

        last = self.day - timedelta(days=1)
        with self.demo.client().connect() as client:
            states = list(client.odoo_version.pos_valid_states)
            grouped = client.grouped_totals(
                "pos.order", [("state", "in", states)], "date_order", ["amount_total"],
                ["company_id"], context={"allowed_company_ids": [1, 2]},
            )  # fmt: skip
        odoo = {
            (r["day"], r["company_id"]): round(r["amount_total"], 2)
            for r in grouped
            if r["day"] <= last
        }
        con = open_catalog(self.root)
        try:
            rows = con.execute(
                "SELECT day, company_id, round(sum(amount_total), 2) FROM fact_pos_orders "
                "WHERE day <= ? GROUP BY 1, 2", [last],
            ).fetchall()  # fmt: skip
        finally:
            con.close()
        lake = {(d, c): v for d, c, v in rows}
        return [
            f"{day} company {company}: lake {lake.get((day, company))} != Odoo {total}"
            for (day, company), total in sorted(odoo.items())
            if lake.get((day, company)) != total
        ] + [f"{key} in the lake, not in Odoo" for key in sorted(set(lake) - set(odoo))]

    def history_problems(self) -> list[str]:
        """Every night run exactly once, no catch-up twice: from the lake's run history."""
        problems = []
        runs = sync_runs(self.root)
        expected = [(n.trigger, n.scheduled) for n in self.nights]
        seen = []
        for run in runs:
            started = run.started_at.astimezone(ZONE)
            night = datetime.combine(
                started.date()
                if started.time() >= NIGHTLY_AT
                else started.date() - timedelta(days=1),
                NIGHTLY_AT,
            )
            seen.append((str(run.trigger), f"{night:%Y-%m-%d %H:%M}"))
        if seen != expected:
            problems.append(f"runs in the state database {seen} != nights {expected}")
        catch_ups = [s for t, s in seen if t == "catch-up"]
        if len(catch_ups) != len(set(catch_ups)):
            problems.append(f"a catch-up ran twice: {catch_ups}")
        return problems
