"""`nkdash export`: the KPI report workbook of a period, from the lake."""

from __future__ import annotations

import argparse
from contextlib import closing
from pathlib import Path

from nkdash_desktop.cli import UsageError, load_settings
from nkdash_desktop.kpi.companies import UnknownCompany, company_id_of
from nkdash_desktop.kpi.excel import UnknownCompanyError, build_report
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.pipeline.days import DateRangeError, parse_range


def _output(text: str) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() != ".xlsx":
        raise UsageError(
            f"the report is an Excel workbook: give --out a name ending in .xlsx, not {path.name!r}"
        )
    if path.is_dir():
        raise UsageError(f"{path} is a folder: give --out a file name ending in .xlsx")
    if not path.parent.is_dir():  # a typo in the folder must not quietly grow a new tree
        raise UsageError(
            f"the folder {path.parent} does not exist: create it first or give --out another one"
        )
    return path


def _export(args: argparse.Namespace) -> int:
    settings = load_settings()
    try:
        first, last = parse_range(args.start, args.end, tz=settings.odoo.timezone)
    except DateRangeError as exc:
        raise UsageError(str(exc)) from None
    out = _output(args.out)
    try:
        with closing(open_catalog(settings.lake_root())) as con:
            company_id = company_id_of(con, args.company)
        report = build_report(
            settings.lake_root(),
            first,
            last,
            out,
            company_id,
            attention_settings=settings.attention,
        )
    except (UnknownCompany, UnknownCompanyError) as exc:
        raise UsageError(str(exc)) from None
    print(report.sentence())
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write the KPI report workbook (Excel) of a period")
    p.add_argument("--from", dest="start", required=True, help="first day YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, help="last day YYYY-MM-DD")
    p.add_argument("--out", required=True, help="the workbook to write, e.g. report.xlsx")
    p.add_argument("--company", help="a company's name or id (default: all companies)")
    p.set_defaults(func=_export)
