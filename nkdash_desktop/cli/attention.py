"""`nkdash attention`: the "Needs attention" list of a day, as the Overview's panel shows it."""

from __future__ import annotations

import argparse

from nkdash_desktop.cli.options import add_company, add_day, day_of
from nkdash_desktop.cli.reading import lake_cursor
from nkdash_desktop.cli.table import text_table
from nkdash_desktop.cli.usage import load_settings
from nkdash_desktop.i18n import translate
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.attention import RULES, Finding, attention, morning_day, quiet
from nkdash_desktop.kpi.columns import attention_columns, frame_symbol
from nkdash_desktop.kpi.companies import companies
from nkdash_desktop.pipeline.days import today

FIRED = 3  # exit code when a rule named by --fail-on fires (1 and 2 mean errors)


def fail_on(text: str) -> tuple[str, ...]:
    """The rules of a --fail-on value: 'any', or rule names separated by commas."""
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    unknown = [n for n in names if n not in RULES and n != "any"]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            translate("Cli", "unknown rule {rule}; give 'any' or some of: {rules}").format(
                rule=", ".join(unknown) or "(none)", rules=", ".join(RULES)
            )
        )
    return RULES if "any" in names else names


def finding_lines(findings: list[Finding], detail: bool = False) -> list[str]:
    """One line per firing rule (or the quiet line), optionally each with its detail table."""
    firing = [f for f in findings if f.fires]
    if not firing:
        return [quiet()]
    lines = []
    width = max(len(f.title) for f in firing)  # the lines start in one column
    for f in firing:
        lines.append(f"{f.title:<{width}} {f.line}")
        if detail:  # the table the Overview's panel opens
            columns = attention_columns(f.rule, f.detail)
            lines += ["", *text_table(columns, f.detail, frame_symbol(f.detail)), ""]
    return lines


def _attention(args: argparse.Namespace) -> int:
    settings = load_settings()
    tz = settings.odoo.timezone
    day = day_of(args, tz) or morning_day(today(tz))
    with lake_cursor(settings, args.company) as (con, company_id):
        names = dict(companies(con).select("company_id", "name").rows())
        findings = attention(con, settings.lake_root(), day, company_id, settings.attention)
    who = names[company_id] if company_id is not None else translate("Cli", "all companies")
    print(
        translate("Cli", "Needs attention on {day} ({company})").format(
            day=fmt.weekday_day(day), company=who
        )
    )
    for line in finding_lines(findings, args.detail):
        print(line)
    fired = {f.rule for f in findings if f.fires}
    return FIRED if args.fail_on and fired & set(args.fail_on) else 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "attention",
        help=translate(
            "Cli", "print what needs attention on a day (sold below cost, running out, ...)"
        ),
        description=translate(
            "Cli",
            "Prints the Overview's 'Needs attention' list. Exit code 0, or 3 when a "
            "rule named by --fail-on fires (for scripts).",
        ),
    )
    add_day(p, required=False, default=translate("Cli", " (default: yesterday)"))
    add_company(p)
    p.add_argument(
        "--detail", action="store_true", help=translate("Cli", "print each finding's table too")
    )
    p.add_argument(
        "--fail-on",
        type=fail_on,
        metavar="RULES",
        help=translate("Cli", "exit 3 when one of these fires: 'any' or some of {rules}").format(
            rules=", ".join(RULES)
        ),
    )
    p.set_defaults(func=_attention)
