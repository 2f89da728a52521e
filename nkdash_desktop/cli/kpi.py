"""`nkdash kpi`: the KPI cards of a period, printed as a table."""

from __future__ import annotations

import argparse

import duckdb

from nkdash_desktop.cli.options import add_company, add_days, range_of
from nkdash_desktop.cli.reading import lake_cursor
from nkdash_desktop.cli.usage import load_settings
from nkdash_desktop.i18n import QT_TRANSLATE_NOOP, translate
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.companies import companies
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.summary import (
    CARDS,
    cost_missing_note,
    currency_of,
    rows_of,
    standard_cost_note,
    summary,
    unknown_totals_note,
)

# labels that would not fit the table's first column
SHORT_LABELS = {
    "cost_missing_share": QT_TRANSLATE_NOOP("Cli", "No known cost"),
    "cost_standard_share": QT_TRANSLATE_NOOP("Cli", "Standard cost"),
}
# the shares of revenue a margin leaves out or estimates: shown under it when not nil
SHARES = ("cost_missing_share", "cost_standard_share")


def summary_lines(
    con: duckdb.DuckDBPyConnection, period: Period, company_id: int | None = None
) -> list[str]:
    """The cards of `period` against the previous one, as lines of a text table: a money
    figure or ratio once per currency when the companies' currencies differ."""
    known = companies(con)
    names = dict(zip(known["company_id"], known["name"], strict=True))
    if company_id:
        who = names.get(company_id) or translate("Cli", "company {id}").format(id=company_id)
    else:
        who = translate("Cli", "all companies")
    previous = period.comparison()  # what `summary` compares with
    figures = summary(con, period.start, period.end, company_id)
    split = figures["currency"].n_unique() > 1
    heading = translate("Cli", "{period} ({company}), compared with {previous}")
    this_title, previous_title, change_title = (
        translate("Cli", "this period"),
        translate("Cli", "previous"),
        translate("Cli", "change"),
    )
    lines = [
        heading.format(period=period.label(), company=who, previous=previous.label()),
        f"{'':22}{this_title:>20}{previous_title:>20}{change_title:>12}",
    ]
    # the shares of revenue without a known cost and at a standard cost sit right under
    # gross profit and margin
    shown = [*CARDS[:3], *SHARES, *CARDS[3:]]
    for name in shown:
        for r in rows_of(figures, name):
            if name in SHARES and not r["current"] and not r["previous"]:
                continue
            currency = currency_of(r)
            label = translate("Cli", SHORT_LABELS[name]) if name in SHORT_LABELS else r["label"]
            label = f"{label} {r['currency']}" if split and r["currency"] else label
            current = fmt.figure(r["kind"], r["current"], currency)
            before = fmt.figure(r["kind"], r["previous"], currency)
            change = fmt.change(r["kind"], r["change"])
            lines.append(f"{label:22}{current:>20}{before:>20}{change:>12}")
    if split:
        lines.append(
            translate("Cli", "Amounts in different currencies are shown apart, never added.")
        )
    for r in rows_of(figures, "pos_totals_unknown_days"):
        if note := unknown_totals_note(r["current"]):
            lines.append(f"{r['currency']}: {note}" if split else note)
    coverage = {r["currency"]: r["current"] for r in rows_of(figures, "profit_coverage")}
    missing = {r["currency"]: r["current"] for r in rows_of(figures, "cost_missing_share")}
    standard = {r["currency"]: r["current"] for r in rows_of(figures, "cost_standard_share")}
    for r in rows_of(figures, "gross_profit"):
        of = f" ({r['currency']})" if split else ""
        share = coverage.get(r["currency"])
        if r["current"] is None:
            said = translate(
                "Cli", "Gross profit and margin{currency}: no cost data yet (profit not computed)."
            )
            lines.append(said.format(currency=of))
        elif share is not None and share < 0.999:
            said = translate(
                "Cli", "Profit covers {share} of the revenue{currency} (days not yet computed)."
            )
            lines.append(said.format(share=fmt.percent(share), currency=of))
        for note in (
            cost_missing_note(missing.get(r["currency"])),
            standard_cost_note(standard.get(r["currency"])),
        ):
            if note:
                lines.append(f"{r['currency']}: {note}" if split else note)
    return lines


def _kpi(args: argparse.Namespace) -> int:
    settings = load_settings()
    first, last = range_of(args, settings.odoo.timezone)
    with lake_cursor(settings, args.company) as (con, company_id):
        for line in summary_lines(con, Period(first, last), company_id):
            print(line)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "kpi", help=translate("Cli", "print the KPI summary of a period from the lake")
    )
    add_days(p, required=True)
    add_company(p)
    p.set_defaults(func=_kpi)
