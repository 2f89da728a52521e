"""`nkdash profit` (build gross profit) and `nkdash validate` (check a day's profit against the
lake's lower layers and Odoo's own totals)."""

from __future__ import annotations

import argparse
from pathlib import Path

from nkdash_desktop.cli.options import (
    add_day,
    add_days,
    add_dry_run,
    day_of,
    days_of,
)
from nkdash_desktop.cli.progress import ProgressBar
from nkdash_desktop.cli.usage import UsageError, load_settings
from nkdash_desktop.errors import OperatorError
from nkdash_desktop.i18n import translate


class ProfitCommandError(OperatorError, RuntimeError):
    """Something the operator can fix, said in one sentence."""


def _profit(args: argparse.Namespace) -> int:
    from nkdash_desktop.lake.layout import LakeLayout
    from nkdash_desktop.lake.lock import LakeBusyError, WriterLock
    from nkdash_desktop.pipeline.days import day_range
    from nkdash_desktop.pipeline.profit import plan_profit, run_plan

    settings = load_settings()
    found = days_of(args, settings.odoo.timezone)
    days = list(day_range(*found)) if found else []
    if not days and not args.rebuild:
        raise UsageError(
            translate("Cli", "give the days (--from and --to, or --date), or --rebuild")
        )
    layout = LakeLayout(settings.lake_root())
    overrides = settings.profit.tax_multipliers
    full = args.rebuild and not days

    def plan():
        # dates with --rebuild: recompute those days as if every cost event had changed
        return plan_profit(
            layout,
            overrides,
            days,
            days,
            rebuild=full,
            force=args.rebuild,
            check_multipliers=True,
            standard_cost=settings.profit.standard_cost_fallback,
        )

    if args.dry_run:
        print(translate("Cli", "Dry run: nothing is written."))
        for line in plan().lines():
            print(line)
        return 0
    what = "rebuild" if full else f"{days[0]}..{days[-1]}"
    layout.metadata.mkdir(parents=True, exist_ok=True)
    lock = WriterLock(layout.metadata, owner="cli", description=f"profit {what}")
    try:
        lock.acquire()
    except LakeBusyError as exc:
        raise ProfitCommandError(
            translate("Cli", "{reason}; try again when it has finished").format(reason=exc)
        ) from None
    try:
        result = run_plan(layout, plan(), progress=ProgressBar())
    finally:
        lock.release()
    print(result.summary())
    return 0


def _validate(args: argparse.Namespace) -> int:
    from nkdash_desktop.lake.layout import LakeLayout
    from nkdash_desktop.pipeline.profit.profit_calendar import built_until
    from nkdash_desktop.pipeline.profit.validate import validate_profit

    settings = load_settings()
    day = day_of(args, settings.odoo.timezone)
    layout = LakeLayout(settings.lake_root())
    if built_until(layout) is None:
        raise ProfitCommandError(
            translate(
                "Cli",
                "Profit has not been built in this lake yet: run `nkdash profit --rebuild` first.",
            )
        )
    company = settings.odoo.company_id or None
    kw = {"timezone": settings.odoo.timezone, "company_id": company}
    overrides = settings.profit.tax_multipliers
    if args.lake_only:
        report = validate_profit(layout, day, overrides, None, **kw)
    else:
        from nkdash_desktop.pipeline.connect import open_client

        with open_client(settings) as client:
            report = validate_profit(layout, day, overrides, client, **kw)
    for line in report.lines():
        print(line)
    if args.csv:
        files = report.write_csv(Path(args.csv))
        said = translate("Cli", "{count} CSV file(s) written to {folder}")
        print(said.format(count=len(files), folder=Path(args.csv).resolve()))
    return 0 if report.ok else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    profit = subparsers.add_parser(
        "profit",
        help=translate(
            "Cli", "build gross profit: cost events, latest costs, line profit, aggregates"
        ),
        description=(
            translate(
                "Cli",
                "Recompute profit for the given days (their cost events, and the later days of "
                "products whose cost changed), or rebuild it all with --rebuild alone.",
            )
        ),
    )
    add_days(profit, required=False)
    profit.add_argument(
        "--rebuild",
        action="store_true",
        help=translate(
            "Cli", "alone: rebuild everything; with dates: recompute those days in full"
        ),
    )
    add_dry_run(profit, "print the steps and partitions, write nothing")
    profit.set_defaults(func=_profit)

    validate = subparsers.add_parser(
        "validate",
        help=translate(
            "Cli", "check a day's profit against the lake's lower layers and Odoo's own totals"
        ),
    )
    add_day(validate, required=True)
    validate.add_argument(
        "--csv", metavar="DIR", help=translate("Cli", "write samples and mismatches as CSV")
    )
    validate.add_argument(
        "--lake-only",
        action="store_true",
        help=translate("Cli", "skip Odoo's totals (no connection needed)"),
    )
    validate.set_defaults(func=_validate)
