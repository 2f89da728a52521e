"""`nkdash attention` and the workbook's "Needs attention" sheet show the engine's findings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
from attention_lake import Shop

from nkdash_desktop import settings as S
from nkdash_desktop.cli import main
from nkdash_desktop.cli.attention import FIRED, finding_lines
from nkdash_desktop.kpi.attention import QUIET, attention
from nkdash_desktop.kpi.columns import attention_columns
from nkdash_desktop.kpi.excel.report import ATTENTION_SHEET, build_report
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.state import StateDB

D = date(2026, 3, 10)


@pytest.fixture
def lake(tmp_path):
    """A shop whose 10 March has a loss, a product without cost and a good night's sync."""
    shop = Shop()
    shop.bill(D - timedelta(days=5), 1, 1000.0)
    shop.bill(D - timedelta(days=5), 1, 10.0, company=2)
    shop.sell(D, 1, 2, 1600.0)
    shop.sell(D, 1, 1, 7.5, company=2)
    shop.sell(D, 2, 1, 2500.0)
    layout = shop.build(tmp_path / "lake")
    layout.metadata.mkdir(parents=True, exist_ok=True)
    with StateDB(layout.metadata) as state:
        state.finish_run(state.start_run("nightly"), "succeeded")
        state.set_last_complete_day("pos_lines", D)
        state.mark_success("pos_lines", datetime.now(UTC))
    S.save(S.Settings(lake=S.LakeSettings(root=str(layout.root))))
    return layout.root


def engine(root, company=None):
    con = open_catalog(root)
    try:
        return attention(con, root, D, company)
    finally:
        con.close()


def test_cli_prints_the_engines_lines(lake, capsys):
    assert main(["attention", "--date", str(D)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "Needs attention on Tue 10 Mar 2026 (all companies)"
    assert out[2:] == finding_lines(engine(lake))
    assert out[2].startswith("Sold below cost ") and "Rp 400 · $ 2.5 lost" in out[2]
    assert out[3].startswith("Unknown costs   1 product sold without a known cost")


def test_cli_company_detail_and_fail_on(lake, capsys):
    assert main(["attention", "--date", str(D), "--company", "NK Mart Bali", "--detail"]) == 0
    out = capsys.readouterr().out
    assert "(NK Mart Bali)" in out and "$ 2.5 lost" in out and "Rp" not in out.split("\n", 2)[2]
    # each rule's detail table, with the columns the Overview's panel shows (kpi.columns)
    for finding in engine(lake, 2):
        if finding.fires:
            titles = [c.title for c in attention_columns(finding.rule, finding.detail)]
            heads = [line.split() for line in out.splitlines() if line.startswith(titles[0])]
            assert " ".join(titles).split() in heads, finding.rule
    assert "Item 1" in out
    assert main(["attention", "--date", str(D), "--fail-on", "below_cost,data"]) == FIRED
    assert main(["attention", "--date", str(D), "--fail-on", "data,cost_jump"]) == 0
    assert main(["attention", "--date", str(D), "--fail-on", "any"]) == FIRED
    capsys.readouterr()


def test_cli_quiet_day_and_bad_input(lake, capsys):
    assert main(["attention", "--date", "2026-03-01", "--fail-on", "any"]) == 0
    out = capsys.readouterr().out.splitlines()
    # 1 March: nothing sold, the lake complete up to 10 March, synced just now
    assert out[2:] == [QUIET]
    with pytest.raises(SystemExit) as exit_:
        main(["attention", "--fail-on", "sold_cheap"])
    assert exit_.value.code == 2
    assert "unknown rule sold_cheap; give 'any' or some of: below_cost, cost_jump," in (
        capsys.readouterr().err
    )
    assert main(["attention", "--date", "10/03/2026"]) == 2
    assert "is not a date; write it as YYYY-MM-DD" in capsys.readouterr().err
    assert main(["attention", "--date", str(D), "--company", "7"]) == 2
    assert '"7" is not a company in the lake; its companies are:' in (capsys.readouterr().err)


def test_the_sheet_shows_every_rule_as_the_engine_does(lake, tmp_path):
    path = tmp_path / "report.xlsx"
    report = build_report(lake, D - timedelta(days=6), D, path)
    assert report.rows[ATTENTION_SHEET] == 7
    sheet = openpyxl.load_workbook(path)[ATTENTION_SHEET]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    header = rows.index(["Rule", "Count", "Needs attention"])
    assert rows[1][0].endswith(
        "04 Mar 2026 – 10 Mar 2026: the rules on its last day, Tue 10 Mar 2026"
    )
    expected = [[f.title, f.count, f.line or "—"] for f in engine(lake)]
    assert rows[header + 1 : header + 8] == expected
    assert [r[1] for r in expected] == [0, 2, 0, 0, 0, 0, 1]
