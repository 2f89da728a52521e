"""`nkdash kpi` and `nkdash demo --headless`."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from demo_lake import TZ, lake_range, settings_for

from nkdash_desktop import settings as S
from nkdash_desktop.cli import demo, main
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.summary import summary
from nkdash_desktop.paths import app_paths
from nkdash_desktop.pipeline.days import today


def test_kpi_command_prints_the_cards(plain_lake, con, week, capsys):
    S.save(settings_for(plain_lake))
    code = main(["kpi", "--from", str(week.start), "--to", str(week.end), "--company", "1"])
    out = capsys.readouterr().out
    assert code == 0
    figures = {r["metric"]: r for r in summary(con, week.start, week.end, 1).to_dicts()}
    revenue_line = next(line for line in out.splitlines() if line.startswith("Revenue"))
    assert fmt.money(figures["revenue"]["current"], "Rp") in revenue_line
    assert fmt.money(figures["revenue"]["previous"], "Rp") in revenue_line
    assert fmt.change("money", figures["revenue"]["change"]) in revenue_line
    assert "(NK Mart)" in out
    assert "no cost data yet" in out
    assert f"data up to {week.end:%d %b}" in out


def test_kpi_company_is_a_name_or_an_id_and_an_unknown_one_is_refused(plain_lake, week, capsys):
    S.save(settings_for(plain_lake))
    span = ["kpi", "--from", str(week.start), "--to", str(week.end)]
    assert main([*span, "--company", "nk mart bali"]) == 0
    assert "(NK Mart Bali)" in capsys.readouterr().out
    assert main([*span, "--company", "2"]) == 0
    assert "(NK Mart Bali)" in capsys.readouterr().out
    for unknown in ("9", "Nowhere"):  # printed zeros before
        assert main([*span, "--company", unknown]) == 2
        captured = capsys.readouterr()
        assert captured.out.count("Revenue") == 0
        assert captured.err == (
            f'error: "{unknown}" is not a company in the lake; its companies are: '
            "NK Mart (id 1), NK Mart Bali (id 2)\n"
        )


def test_kpi_command_refuses_a_bad_range(plain_lake, capsys):
    S.save(settings_for(plain_lake))
    assert main(["kpi", "--from", "2026-02-10", "--to", "2026-02-01"]) == 2
    assert "after the end date" in capsys.readouterr().err


def test_demo_headless_syncs_once_then_prints_the_week(monkeypatch, capsys):
    _, yesterday = lake_range()
    monkeypatch.setattr(demo, "DEMO_CONFIG", replace(demo.DEMO_CONFIG, days=6))
    assert main(["demo", "--headless"]) == 0
    out = capsys.readouterr().out
    assert "First sync of the demo lake" in out
    assert "succeeded" in out
    assert f"data up to {yesterday:%d %b}" in out
    assert "Revenue" in out and "Transactions" in out
    assert (app_paths().demo_lake / "metadata").is_dir()
    # the demo's connection and key never reach the operator's settings file
    assert not app_paths().settings_file.exists()
    assert main(["demo", "--headless"]) == 0
    again = capsys.readouterr().out
    assert "First sync" not in again and "Revenue" in again


def test_demo_without_a_display_runs_headless(monkeypatch, capsys):
    """The README's first command, `nkdash demo`, on a server: the same sync, then text."""
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(demo, "DEMO_CONFIG", replace(demo.DEMO_CONFIG, days=3))
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "No display here: running headless" in out
    assert "First sync of the demo lake" in out and "Revenue" in out


def test_demo_settings_stay_in_memory(monkeypatch):
    monkeypatch.setattr(demo, "DEMO_CONFIG", replace(demo.DEMO_CONFIG, days=3))
    launched = {}

    def fake_launch(context, first_sync=None):  # records what the window would get
        launched.update(context=context, first_sync=first_sync)
        return 0

    monkeypatch.setattr("nkdash_desktop.ui.app.launch", fake_launch)
    assert main(["demo"]) == 0
    context = launched["context"]
    assert context.demo and context.secret == "nkdash-demo-admin-key"
    assert context.lake_root == app_paths().demo_lake
    assert context.timezone == TZ
    first, last = launched["first_sync"]
    # the demo's days up to yesterday; today is Odoo's, live
    assert (first, last) == (today(TZ) - timedelta(days=2), today(TZ) - timedelta(days=1))
    assert not app_paths().settings_file.exists()


@pytest.mark.parametrize("argv", [[], None])
def test_no_command_opens_the_app_with_the_operators_settings(monkeypatch, argv, tmp_path):
    S.save(settings_for(tmp_path / "lake"))
    opened = {}
    monkeypatch.setattr(
        "nkdash_desktop.ui.app.launch",
        lambda context, first_sync=None, tray=False: opened.update(c=context) or 0,
    )
    monkeypatch.setattr("sys.argv", ["nkdash"])
    assert main(argv) == 0
    assert opened["c"].lake_root == tmp_path / "lake" and not opened["c"].demo


def test_kpi_command_gives_the_share_of_revenue_without_a_known_cost(profit_lake, week, capsys):
    S.save(settings_for(profit_lake))
    last = str(week.end - timedelta(days=2))
    code = main(["kpi", "--from", str(week.start), "--to", last, "--company", "1"])
    out = capsys.readouterr().out
    assert code == 0
    # right under gross profit and margin, then said in a sentence
    labels = [line[:20].strip() for line in out.splitlines()[3:7]]
    assert labels == ["Revenue", "Gross profit", "Margin", "No known cost"]
    share = next(line for line in out.splitlines() if line.startswith("No known cost"))
    assert "%" in share
    assert "of the revenue has no known cost: gross profit and margin cover the other" in out
