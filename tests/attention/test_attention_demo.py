"""The demo's first start shows a useful morning list: every lake rule fires at least once (a
loss-making promotion, a supplier's price jump, products running low, slow products, a bad day,
products without a known cost), and `nkdash demo --headless` prints it.

The end-to-end run is pinned to one date through the process's clock (nkdash_desktop.clock: the
demo Odoo's "now" and the app's today are the same): a small shop's same weekdays vary by about a
fifth, so whether its bad day's *revenue* falls outside median ± 3 × 1.4826 × MAD depends on the
eight weeks before it (about 93% of start dates). That the bad day is unusual on every start
date (its transactions at least) is checked on the demo's own data over eight weeks of start
dates below."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import duckdb
import pytest

from nkdash_desktop import clock
from nkdash_desktop.cli import main
from nkdash_desktop.cli.attention import finding_lines
from nkdash_desktop.cli.demo import DEMO_CONFIG
from nkdash_desktop.demo.data import DemoConfig, generate
from nkdash_desktop.kpi.attention import LAKE_RULES, Check, attention, morning_day, unusual_day
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.paths import app_paths
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.settings import AttentionSettings

TZ = "Asia/Jakarta"
PINNED = datetime(2026, 12, 6, 1, 0, tzinfo=UTC)  # 08:00 in Jakarta
# the demo's data in the rule's shape (fact_sales_all's day, company, channel, order and
# revenue; dim_companies' names and currencies), read straight from the generator's tables:
# POS lines of paid or done orders by local day, posted customer invoice and credit note lines
# (not the invoices of POS orders, counted from pos.order)
SALES_SHAPE = """
CREATE VIEW fact_sales_all AS
SELECT CAST(timezone('{tz}', timezone('UTC', o.date_order)) AS DATE) AS day, o.company_id,
       'pos' AS channel, o.id AS order_id, l.price_subtotal_incl AS revenue_tax_in
FROM pos_order_line l JOIN pos_order o ON o.id = l.order_id WHERE o.state IN ('paid', 'done')
UNION ALL
SELECT m.date, m.company_id, 'invoice', m.id,
       l.price_total * CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END
FROM account_move_line l JOIN account_move m ON m.id = l.move_id
WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
  AND l.display_type = 'product'
  AND m.id NOT IN (SELECT account_move FROM pos_order WHERE account_move IS NOT NULL);
CREATE VIEW dim_companies AS
SELECT c.id AS company_id, c.name, r.name AS currency_code, r.symbol AS currency_symbol
FROM res_company c JOIN res_currency r ON r.id = c.currency_id;
"""


@pytest.fixture
def pinned_clock():
    """The process runs at PINNED (advancing with the real clock from there)."""
    started = time.monotonic()
    clock.use(lambda: PINNED + timedelta(seconds=time.monotonic() - started))
    yield
    clock.use(None)


def test_the_demo_makes_every_lake_rule_fire(capsys, pinned_clock):
    assert main(["demo", "--headless"]) == 0
    out = capsys.readouterr().out
    root = app_paths().demo_lake
    day = morning_day(today(TZ))
    assert day == date(2026, 12, 5)  # the pinned clock's yesterday
    con = open_catalog(root)
    try:
        findings = {f.rule: f for f in attention(con, root, day)}
    finally:
        con.close()
    assert [r for r in LAKE_RULES if not findings[r].fires] == []
    assert set(findings["below_cost"].detail["cause"]) == {"promotion"}
    assert findings["cost_jump"].detail["change"].min() > 0.1
    assert "revenue" in findings["unusual_day"].detail["metric"].to_list()
    printed = out[out.index(f"Needs attention on {day:%a %d %b %Y}") :].splitlines()[1:]
    assert printed == finding_lines(list(findings.values()))


def unusual_metrics(end: date) -> list[str]:
    """The metrics of the main company the unusual-day rule flags on the demo's bad day, for a
    demo whose last day is `end` (the rule itself, over the generator's data)."""
    con = duckdb.connect()
    try:
        now = datetime.combine(end, datetime.min.time()) + timedelta(hours=1)  # 08:00 local
        generate(con, DemoConfig(days=DEMO_CONFIG.days, scale=DEMO_CONFIG.scale, now=now))
        con.execute(SALES_SHAPE.format(tz=TZ))
        check = Check(end - timedelta(days=1), 1, AttentionSettings(), now.replace(tzinfo=UTC))
        return unusual_day(con, check).detail["metric"].to_list()
    finally:
        con.close()


def test_the_bad_day_is_unusual_on_every_start_date():
    """Eight weeks of start dates (every weekday, both sides of the payday weeks): the rule
    flags the bad day each time. The shop's first customers came before the power cut, so the
    day always has sales (a day without any is left to the data rule); one-off check over 400
    consecutive start dates (from 1 Jan 2026): flagged on all 400, its revenue on 370 (before the
    first customers: 382 and 355)."""
    first = date(2026, 10, 12)
    missed = [
        first + timedelta(days=i)
        for i in range(56)
        if not unusual_metrics(first + timedelta(days=i))
    ]
    assert missed == []
