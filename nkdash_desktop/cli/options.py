"""The options several commands share, each declared and parsed once: a range of days
(`--from/--to`, or `--date` for one day), a company, datasets, a dry run.

A range is spelt `--from DAY --to DAY` everywhere. The spellings older releases used
(`--start/--end`) are aliases that keep scripts working; help lists them as a note, not as a
second way to write it.
"""

from __future__ import annotations

import argparse
import copy
from datetime import date

from nkdash_desktop.cli.usage import UsageError
from nkdash_desktop.i18n import translate


class HelpFormatter(argparse.HelpFormatter):
    """Lists an option under its one spelling: the aliases an action carries (`aliases`) are
    left out of the option column (its help names them)."""

    def _format_action_invocation(self, action: argparse.Action) -> str:
        aliases = getattr(action, "aliases", ())
        if aliases:
            action = copy.copy(action)
            action.option_strings = [o for o in action.option_strings if o not in aliases]
        return super()._format_action_invocation(action)


class Parser(argparse.ArgumentParser):
    """An argument parser whose subcommands' parsers use the same help formatter."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)


def _alias(action: argparse.Action, *aliases: str) -> None:
    action.aliases = aliases  # type: ignore[attr-defined]  # read by HelpFormatter


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            translate("Cli", "{text} is not a whole number").format(text=repr(text))
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(
            translate("Cli", "{text} must be at least 1").format(text=repr(text))
        )
    return value


def add_days(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """`--from DAY [--to DAY]` (old spellings `--start`/`--end`), or `--date DAY` for one day;
    read them with `range_of` when `required`, else `days_of`."""
    if required:
        first_help = translate("Cli", "first day YYYY-MM-DD (required, or --date); also --start")
    else:
        first_help = translate("Cli", "first day YYYY-MM-DD; also --start")
    first = parser.add_argument(
        "--from",
        "--start",
        dest="first",
        metavar="DAY",
        help=first_help,
    )
    last = parser.add_argument(
        "--to",
        "--end",
        dest="last",
        metavar="DAY",
        help=translate("Cli", "last day YYYY-MM-DD (default: the first day); also --end"),
    )
    _alias(first, "--start")
    _alias(last, "--end")
    parser.add_argument(
        "--date", metavar="DAY", help=translate("Cli", "one day YYYY-MM-DD: --from DAY --to DAY")
    )


def days_of(args: argparse.Namespace, timezone: str) -> tuple[date, date] | None:
    """The (first, last) day the options give, checked; None when none was given."""
    if args.date is not None and (args.first is not None or args.last is not None):
        raise UsageError(translate("Cli", "give either --date or --from/--to, not both"))
    if args.last is not None and args.first is None:
        raise UsageError(translate("Cli", "--to needs --from: give the first day of the range too"))
    first = args.date if args.date is not None else args.first
    return None if first is None else _checked(first, args.last, timezone)


def range_of(args: argparse.Namespace, timezone: str) -> tuple[date, date]:
    """The (first, last) day of a command that needs them."""
    found = days_of(args, timezone)
    if found is None:
        raise UsageError(
            translate(
                "Cli", "give the days: --from YYYY-MM-DD --to YYYY-MM-DD, or --date YYYY-MM-DD"
            )
        )
    return found


def add_day(parser: argparse.ArgumentParser, *, required: bool, default: str = "") -> None:
    """`--date DAY`, for a command about one day; read it with `day_of`."""
    parser.add_argument(
        "--date",
        required=required,
        metavar="DAY",
        help=translate("Cli", "the day YYYY-MM-DD{default}").format(default=default),
    )


def day_of(args: argparse.Namespace, timezone: str) -> date | None:
    """The day `--date` gives, checked like a range's; None when it was left out."""
    return None if args.date is None else _checked(args.date, None, timezone)[0]


def _checked(first: str, last: str | None, timezone: str) -> tuple[date, date]:
    """Real dates, in order, not in the future: the engine's rules, as a usage error."""
    from nkdash_desktop.pipeline.days import DateRangeError, parse_range

    try:
        return parse_range(first, last or first, tz=timezone)
    except DateRangeError as exc:
        raise UsageError(str(exc)) from None


def add_company(parser: argparse.ArgumentParser) -> None:
    """`--company NAME/ID`, for a command that reads the lake's KPIs."""
    parser.add_argument(
        "--company", help=translate("Cli", "a company's name or id (default: all companies)")
    )


def add_datasets(parser: argparse.ArgumentParser) -> None:
    """`--datasets a,b`; read it with `datasets_of`."""
    parser.add_argument(
        "--datasets", help=translate("Cli", "comma-separated datasets (default: all)")
    )


def datasets_of(args: argparse.Namespace) -> list[str] | None:
    """The datasets `--datasets` names (each checked), or None for all of them."""
    from nkdash_desktop.datasets import UnknownDatasetError, get_dataset

    if not args.datasets:
        return None
    try:
        return [get_dataset(name).name for name in args.datasets.split(",") if name.strip()]
    except UnknownDatasetError as exc:
        raise UsageError(str(exc)) from None


def add_dry_run(
    parser: argparse.ArgumentParser, text: str = "print the plan, write nothing"
) -> None:
    parser.add_argument("--dry-run", action="store_true", help=text)
