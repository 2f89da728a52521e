"""Random histories of a shop and its lake (issue 19): a hypothesis state machine whose rules
are what happens to a shop and its PC, and whose final check is the sync's promise.

Each example starts a tiny demo Odoo (3 days of history, in-process, 0.3 s) and a lake
backfilled over it, then draws steps: the clock moves (minutes to days); the staff create,
edit, cancel, refund, delete and post late (shop_staff.py); the app syncs (nightly, catch-up,
manual), backfills a random range in a random mode, is killed mid-run (SIGKILL in a child at a
random call of a random write site, crash_child.py's sites); a lake file gets corrupt; Odoo
goes down or answers errors for a while. At the end Odoo recovers, the clock moves past the
last change and one sync runs; then every day up to yesterday and every company of the lake
equals Odoo's grouped totals (tests/odoo_equality.py) and each POS order, day and company is
paid exactly its total in Odoo and in the lake, profit equals a rebuild from scratch,
and every lake file reads in full.
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import hypothesis.strategies as st
from crash_child import SITES
from history_clock import TZ, business_day, product_clock, run_backfill, run_sync
from hypothesis import note
from hypothesis.errors import InvalidArgument
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule
from reliability_support import connect, context, start_odoo
from shop_staff import ShopStaff

from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import CLEAN, RAW, STAR, LakeLayout
from nkdash_desktop.lake.state import Trigger
from nkdash_desktop.pipeline.integrity import scan
from nkdash_desktop.pipeline.profit import rebuild_profit
from nkdash_desktop.pipeline.runner import MODES
from tests.odoo_equality import odoo_differences, payment_differences

DAYS = 3  # of demo history before the first backfill
END = date(2026, 1, 30)
START = datetime(2026, 1, 31, 3, 0)  # 10:00 in Jakarta the day after END
MAX_AHEAD = timedelta(days=4)  # the clock moves at most this far: few days, fast examples
CHILD = Path(__file__).with_name("history_child.py")
PROFIT_TABLES = ("agg_profit_daily", "agg_profit_daily_by_product", "fact_sales_lines_profit")
TRIGGERS = (Trigger.NIGHTLY, Trigger.CATCH_UP, Trigger.MANUAL)
FAULTS = {  # how Odoo fails for a while
    "down": {"down": True},
    "errors": {"error_rate": 0.3},
    "drops": {"drop_rate": 0.2},
}
CORRUPTIONS = ("truncate", "garbage", "empty")


def say(text: str) -> None:
    """A line of the history: noted in a failing example's report, printed in a replay."""
    try:
        note(text)
    except InvalidArgument:  # a replayed history (a regression test), outside hypothesis
        print(text)


class SyncHistories(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="nkdash-history-"))
        self.root = self.tmp / "lake"
        self.now = START
        self.srv = start_odoo(days=DAYS, end=END, now=START)
        self.srv.clock = lambda: self.now
        self.first = self.srv.data.start_date
        self.staff = ShopStaff(self.srv, self.first)
        self.clock = product_clock(lambda: self.now)
        self.clock.__enter__()

    def teardown(self) -> None:
        try:
            self.check_the_promise()
        finally:
            self.clock.__exit__(None, None, None)
            self.srv.stop()
            shutil.rmtree(self.tmp, ignore_errors=True)

    def ctx(self):
        return context(self.srv, self.root)

    # -- the lake before the history starts ------------------------------------------------

    @initialize()
    def first_backfill(self) -> None:
        summary = run_backfill(self.ctx(), self.first, END, "skip_complete")
        assert summary.status == "succeeded", summary.sentence

    # -- time ------------------------------------------------------------------------------

    @precondition(lambda self: self.now - START < MAX_AHEAD)
    @rule(minutes=st.one_of(st.integers(1, 120), st.integers(121, 3 * 24 * 60)))
    def time_passes(self, minutes: int) -> None:
        self.now = min(self.now + timedelta(minutes=minutes), START + MAX_AHEAD)
        say(f"now {self.now} UTC, business day {business_day(self.now)}")

    # -- the shop's staff ------------------------------------------------------------------

    @rule(company=st.sampled_from([1, 2]), days_back=st.integers(0, 4),
          minute=st.integers(0, 1439), factor=st.integers(1, 3), paid=st.booleans())  # fmt: skip
    def pos_order(self, company, days_back, minute, factor, paid) -> None:
        say(self.staff.create_pos_order(company, days_back, minute, factor, paid))

    @rule(index=st.integers(0, 9))
    def pos_order_paid_late(self, index) -> None:
        say(self.staff.pay_pos_order(index))

    @rule(index=st.integers(0, 9))
    def pos_order_cancelled(self, index) -> None:
        say(self.staff.cancel_pos_order(index))

    @rule(index=st.integers(0, 9))
    def pos_order_deleted(self, index) -> None:
        say(self.staff.delete_pos_order(index))

    @rule(index=st.integers(0, 200), qty=st.integers(1, 5))
    def pos_order_line_edited(self, index, qty) -> None:
        say(self.staff.edit_pos_order_line(index, qty))

    @rule(index=st.integers(0, 200))
    def pos_order_refunded(self, index) -> None:
        say(self.staff.refund_pos_order(index))

    @rule(side=st.sampled_from(["out", "in"]), company=st.sampled_from([1, 2]),
          days_back=st.integers(0, 4), factor=st.integers(1, 3), posted=st.booleans())  # fmt: skip
    def invoice_or_bill(self, side, company, days_back, factor, posted) -> None:
        say(self.staff.create_move(side, company, days_back, factor, posted))

    @rule(index=st.integers(0, 40), what=st.sampled_from(["price", "quantity", "date", "company"]),
          factor=st.sampled_from([0.5, 2.0, 3.0]), days_back=st.integers(0, 4))  # fmt: skip
    def invoice_or_bill_edited(self, index, what, factor, days_back) -> None:
        say(self.staff.edit_move(index, what, factor, days_back))

    @rule(index=st.integers(0, 40))
    def invoice_or_bill_cancelled(self, index) -> None:
        say(self.staff.cancel_move(index))

    @rule(index=st.integers(0, 40))
    def invoice_or_bill_posted_late(self, index) -> None:
        say(self.staff.post_move(index))

    @rule(index=st.integers(0, 40), same_day=st.booleans())
    def invoice_or_bill_refunded(self, index, same_day) -> None:
        say(self.staff.refund_move(index, same_day))

    @rule(index=st.integers(0, 40))
    def invoice_or_bill_deleted(self, index) -> None:
        say(self.staff.delete_move(index))

    @rule(company=st.sampled_from([1, 2]), days_back=st.integers(0, 4),
          minute=st.integers(0, 1439), quantity=st.integers(1, 50))  # fmt: skip
    def stock_moved(self, company, days_back, minute, quantity) -> None:
        say(self.staff.create_move_line(company, days_back, minute, quantity))

    @rule(index=st.integers(0, 400), quantity=st.integers(0, 50))
    def stock_quantity_edited(self, index, quantity) -> None:
        say(self.staff.edit_move_line(index, quantity))

    # -- the app -----------------------------------------------------------------------------

    @rule(trigger=st.sampled_from(TRIGGERS))
    def sync(self, trigger) -> None:
        summary = run_sync(self.ctx(), trigger)
        say(f"sync: {summary.status}: {summary.sentence}")

    @rule(first_back=st.integers(0, 8), length=st.integers(1, 8), mode=st.sampled_from(MODES))
    def backfill(self, first_back, length, mode) -> None:
        first, last = self._range(first_back, length)
        summary = run_backfill(self.ctx(), first, last, mode)
        say(f"backfill {first}..{last} {mode}: {summary.status}: {summary.sentence}")

    def _range(self, first_back: int, length: int) -> tuple[date, date]:
        yesterday = business_day(self.now) - timedelta(days=1)
        first = max(yesterday - timedelta(days=first_back), self.first)
        return first, min(first + timedelta(days=length - 1), yesterday)

    @rule(backfill=st.booleans(), first_back=st.integers(0, 8), length=st.integers(1, 8),
          mode=st.sampled_from(MODES), site=st.sampled_from(SITES),
          when=st.sampled_from(["before", "after"]), n=st.integers(1, 12))  # fmt: skip
    def run_killed(self, backfill, first_back, length, mode, site, when, n) -> None:
        args = [sys.executable, str(CHILD), self.srv.url, self.srv.db, str(self.root),
                self.now.isoformat()]  # fmt: skip
        if backfill:
            first, last = self._range(first_back, length)
            args += ["backfill", first.isoformat(), last.isoformat(), mode]
        else:
            args += ["sync"]
        done = subprocess.run([*args, site, when, str(n)], capture_output=True, text=True,
                              timeout=300)  # fmt: skip
        killed = done.returncode == -signal.SIGKILL
        assert killed or done.returncode == 0, done.stderr[-2000:]
        say(f"{' '.join(args[5:])} {site} {when} {n}: "
             f"{'killed' if killed else done.stdout.strip()}")  # fmt: skip

    @rule(layer=st.sampled_from([RAW, CLEAN, STAR]), index=st.integers(0, 400),
          how=st.sampled_from(CORRUPTIONS))  # fmt: skip
    def file_corrupted(self, layer, index, how) -> None:
        base = LakeLayout(self.root).layer(layer)
        files = sorted(p for p in base.rglob("*.parquet") if not p.name.startswith("."))
        if not files:
            say(f"no {layer} file")
            return
        self.corrupt(files[index % len(files)], how)

    def corrupt(self, path: Path, how: str) -> None:
        data = path.read_bytes()
        if how == "truncate":
            data = data[: len(data) // 2]
        elif how == "garbage":
            data = data[:64] + random.Random(len(data)).randbytes(64) + data[128:]
        else:
            data = b""
        path.write_bytes(data)
        say(f"{how}: {path.relative_to(self.root)}")

    @rule(kind=st.sampled_from(sorted(FAULTS)))
    def odoo_fails(self, kind) -> None:
        self.srv.faults.update(FAULTS[kind])
        say(f"Odoo fails: {kind}")

    @rule()
    def odoo_recovers(self) -> None:
        self.srv.faults.reset()

    # -- the promise -----------------------------------------------------------------------

    def check_the_promise(self) -> None:
        """Once Odoo answers and the clock has moved past the last change, one (weekly) sync
        makes every day up to yesterday equal Odoo's, profit equal a rebuild, every file
        readable."""
        self.srv.faults.reset()
        self.now += timedelta(minutes=1)
        # the weekly sync: it compares ids with Odoo and reads every file (a corrupt file of a
        # day no run rewrites is found by nothing else)
        summary = run_sync(self.ctx(), Trigger.NIGHTLY, reconcile=True)
        assert summary.status == "succeeded", f"the final sync: {summary.sentence}"
        bad = scan(LakeLayout(self.root))
        assert not bad, (
            f"unreadable after the final sync: {json.dumps({str(k): v for k, v in bad.items()})}"
        )
        last = business_day(self.now) - timedelta(days=1)
        con = open_catalog(self.root)
        try:
            with connect(self.srv.url, self.srv.db) as client:
                problems, _ = odoo_differences(client, con, self.first, last, TZ)
                problems += payment_differences(client, con, self.first, last, TZ)
        finally:
            con.close()
        assert not problems, f"{len(problems)} differences from Odoo:\n" + "\n".join(problems[:20])
        assert profit_tables(self.root) == rebuilt_profit(self.root, self.tmp / "rebuilt"), (
            "profit differs from a rebuild from scratch"
        )


def profit_tables(root: Path) -> dict[str, list[tuple]]:
    con = open_catalog(root)
    try:
        out = {}
        for table in PROFIT_TABLES:
            rows = con.execute(f"SELECT * FROM {table}").fetchall()
            out[table] = sorted(
                (tuple(round(v, 2) if isinstance(v, float) else v for v in r) for r in rows),
                key=repr,
            )
        return out
    finally:
        con.close()


def rebuilt_profit(root: Path, copy: Path) -> dict[str, list[tuple]]:
    """The profit tables of a copy of the lake whose profit is rebuilt from scratch."""
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy)
    rebuild_profit(LakeLayout(copy), {})
    return profit_tables(copy)
