"""`nkdash kpi`: the KPI cards of a period, printed as a table."""

from __future__ import annotations

import argparse

import duckdb

from nkdash_desktop.cli import UsageError, load_settings
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.companies import (
    UnknownCompany,
    companies,
    company_id_of,
    currency_symbol,
)
from nkdash_desktop.kpi.freshness import freshness
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.source import KpiSource
from nkdash_desktop.kpi.summary import CARDS, cost_missing_note, summary
from nkdash_desktop.pipeline.days import DateRangeError, parse_range

# labels that would not fit the table's first column
SHORT_LABELS = {"cost_missing_share": "No known cost"}


def summary_lines(
    con: duckdb.DuckDBPyConnection, period: Period, company_id: int | None = None
) -> list[str]:
    """The cards of `period` against the previous one, as lines of a text table."""
    known = companies(con)
    symbol = currency_symbol(known, company_id)
    names = dict(zip(known["company_id"], known["name"], strict=True))
    who = names.get(company_id, f"company {company_id}") if company_id else "all companies"
    previous = period.previous()
    figures = summary(con, period.start, period.end, company_id)
    rows = {r["metric"]: r for r in figures.iter_rows(named=True)}
    lines = [
        f"{period.label()} ({who}), compared with {previous.label()}",
        f"{'':16}{'this period':>20}{'previous':>20}{'change':>10}",
    ]
    # the share of revenue without a known cost sits right under gross profit and margin
    shown = [*CARDS[:3], "cost_missing_share", *CARDS[3:]]
    for name in shown:
        r = rows[name]
        if name == "cost_missing_share" and r["current"] is None and r["previous"] is None:
            continue
        current = fmt.figure(r["kind"], r["current"], symbol)
        before = fmt.figure(r["kind"], r["previous"], symbol)
        label = SHORT_LABELS.get(name, r["label"])
        lines.append(f"{label:16}{current:>20}{before:>20}{fmt.change(r['kind'], r['change']):>10}")
    if rows["gross_profit"]["current"] is None:
        lines.append("Gross profit and margin: no cost data yet (profit not computed).")
    elif (rows["profit_coverage"]["current"] or 0) < 0.999:
        share = fmt.percent(rows["profit_coverage"]["current"])
        lines.append(f"Profit covers {share} of the revenue (days not yet computed).")
    if note := cost_missing_note(rows["cost_missing_share"]["current"]):
        lines.append(note)
    return lines


def _kpi(args: argparse.Namespace) -> int:
    settings = load_settings()
    tz = settings.odoo.timezone
    try:
        first, last = parse_range(args.start, args.end, tz=tz)
    except DateRangeError as exc:
        raise UsageError(str(exc)) from None
    root = settings.lake_root()
    print(f"lake: {root} ({freshness(root).badge(tz)})")
    source = KpiSource(root)
    try:
        with source.cursor() as con:
            try:
                company_id = company_id_of(con, args.company)
            except UnknownCompany as exc:
                raise UsageError(str(exc)) from None
            for line in summary_lines(con, Period(first, last), company_id):
                print(line)
    finally:
        source.close()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("kpi", help="print the KPI summary of a period from the lake")
    p.add_argument("--from", dest="start", required=True, help="first day YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, help="last day YYYY-MM-DD")
    p.add_argument("--company", help="a company's name or id (default: all companies)")
    p.set_defaults(func=_kpi)
