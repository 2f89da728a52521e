"""`nkdash export`: the KPI report workbook of a period, from the lake."""

from __future__ import annotations

import argparse
from pathlib import Path

from nkdash_desktop.cli.options import add_company, add_days, range_of
from nkdash_desktop.cli.reading import lake_cursor
from nkdash_desktop.cli.usage import UsageError, load_settings
from nkdash_desktop.i18n import translate
from nkdash_desktop.kpi.excel import UnknownCompanyError, build_report


def _output(text: str) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() != ".xlsx":
        raise UsageError(
            translate(
                "Cli",
                "the report is an Excel workbook: give --out a name ending in .xlsx, not {name}",
            ).format(name=repr(path.name))
        )
    if path.is_dir():
        raise UsageError(
            translate("Cli", "{path} is a folder: give --out a file name ending in .xlsx").format(
                path=path
            )
        )
    if not path.parent.is_dir():  # a typo in the folder must not quietly grow a new tree
        raise UsageError(
            translate(
                "Cli",
                "the folder {folder} does not exist: create it first or give --out another one",
            ).format(folder=path.parent)
        )
    return path


def _export(args: argparse.Namespace) -> int:
    settings = load_settings()
    first, last = range_of(args, settings.odoo.timezone)
    out = _output(args.out)
    with lake_cursor(settings, args.company) as (con, company_id):
        try:
            report = build_report(
                con, first, last, out, company_id, attention_settings=settings.attention
            )
        except UnknownCompanyError as exc:
            raise UsageError(str(exc)) from None
    print(report.sentence())
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export", help=translate("Cli", "write the KPI report workbook (Excel) of a period")
    )
    add_days(p, required=True)
    p.add_argument(
        "--out", required=True, help=translate("Cli", "the workbook to write, e.g. report.xlsx")
    )
    add_company(p)
    p.set_defaults(func=_export)
