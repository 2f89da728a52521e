"""The demo's first start shows a useful morning list: every lake rule fires at least once (a
loss-making promotion, a supplier's price jump, products running low, slow products, a bad day,
products without a known cost), and `nkdash demo --headless` prints it."""

from __future__ import annotations

from nkdash_desktop.cli import main
from nkdash_desktop.cli.attention import finding_lines
from nkdash_desktop.kpi.attention import LAKE_RULES, attention, morning_day
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.paths import app_paths
from nkdash_desktop.pipeline.days import today

TZ = "Asia/Jakarta"


def test_the_demo_makes_every_lake_rule_fire(capsys):
    assert main(["demo", "--headless"]) == 0
    out = capsys.readouterr().out
    root = app_paths().demo_lake
    day = morning_day(today(TZ))
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
