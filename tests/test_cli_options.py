"""The options commands share (nkdash_desktop/cli/options.py): one spelling of a range of days
on every command that takes one, the old spellings still accepted, and one sentence for each
way a range can be wrong."""

from __future__ import annotations

import argparse
from datetime import date

import pytest

from nkdash_desktop.cli import build_parser, main

RANGE_COMMANDS = ["backfill", "extract", "profit", "kpi", "export"]
REQUIRED = {"extract": ["--dataset", "pos"], "export": ["--out", "r.xlsx"]}


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def parse(command: str, *argv: str) -> argparse.Namespace:
    return build_parser().parse_args([command, *REQUIRED.get(command, []), *argv])


def test_every_command_with_a_range_spells_it_from_to():
    commands = subparsers(build_parser())
    with_range = sorted(
        name for name, parser in commands.items() if any(a.dest == "first" for a in parser._actions)
    )
    assert with_range == sorted(RANGE_COMMANDS)
    for name in with_range:
        options = {a.dest: a.option_strings for a in commands[name]._actions}
        assert options["first"] == ["--from", "--start"], name
        assert options["last"] == ["--to", "--end"], name
        assert options["date"] == ["--date"], name
    # no command has a range spelt any other way
    for name, parser in commands.items():
        spelt = {o for a in parser._actions for o in a.option_strings}
        assert name in with_range or not {"--from", "--to", "--start", "--end"} & spelt, name


@pytest.mark.parametrize("command", RANGE_COMMANDS)
def test_the_old_spellings_are_aliases_of_the_new(command):
    new = parse(command, "--from", "2026-01-05", "--to", "2026-01-09")
    old = parse(command, "--start", "2026-01-05", "--end", "2026-01-09")
    assert vars(new) == vars(old)
    assert (new.first, new.last) == ("2026-01-05", "2026-01-09")


@pytest.mark.parametrize("command", RANGE_COMMANDS)
def test_help_shows_one_spelling_and_notes_the_old_one(command, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())  # unwrapped
    assert "--from DAY" in text and "--to DAY" in text and "--date DAY" in text
    assert "--start DAY" not in text and "--end DAY" not in text  # not a second way
    assert "also --start" in text and "also --end" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["kpi"], "give the days: --from YYYY-MM-DD --to YYYY-MM-DD, or --date YYYY-MM-DD"),
        (["kpi", "--to", "2026-01-09"], "--to needs --from: give the first day of the range too"),
        (["kpi", "--date", "2026-01-05", "--from", "2026-01-05"],
         "give either --date or --from/--to, not both"),
        (["backfill", "--from", "2026-01-09", "--to", "2026-01-05"],
         "the start date 2026-01-09 is after the end date 2026-01-05; swap them"),
        (["backfill", "--start", "05/01/2026"], "start date '05/01/2026' is not a date"),
        (["export", "--out", "r.xlsx", "--from", "2026-01-05", "--to", "2999-01-01"],
         "the end date 2999-01-01 is in the future"),
        (["profit", "--end", "2026-01-09"], "--to needs --from"),
        (["extract", "--dataset", "pos"], "give the days: --from"),
    ],
)  # fmt: skip
def test_a_wrong_range_is_one_sentence(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_from_alone_and_date_are_one_day(monkeypatch):
    """`--from D` and `--date D` both mean the day D, as `--from D --to D` does."""
    from nkdash_desktop.cli.options import days_of

    day = (date(2026, 1, 5), date(2026, 1, 5))
    for argv in (["--from", "2026-01-05"], ["--date", "2026-01-05"], ["--start", "2026-01-05"]):
        assert days_of(parse("kpi", *argv), "Asia/Jakarta") == day
    assert days_of(parse("profit", "--rebuild"), "Asia/Jakarta") is None  # no days: optional
