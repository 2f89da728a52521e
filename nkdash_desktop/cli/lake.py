"""`nkdash sync | catch-up | backfill | status | health | reset-lake | retention`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from nkdash_desktop.cli.options import add_datasets, add_days, add_dry_run, datasets_of, range_of
from nkdash_desktop.cli.progress import ProgressBar
from nkdash_desktop.cli.usage import UsageError, load_settings
from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.i18n import translate
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import STATE_FILE, RunStatus, StateDB, Trigger, status_words
from nkdash_desktop.lake.storage import check_writable
from nkdash_desktop.odoo import OdooError
from nkdash_desktop.pipeline import maintenance
from nkdash_desktop.pipeline.connect import run_context
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.pipeline.runner import MODES, RunContext, RunSummary, record_failed_run
from nkdash_desktop.pipeline.sync import RunPlan, execute, plan_backfill, plan_sync


def _report(result: RunSummary | RunPlan) -> int:
    if isinstance(result, RunPlan):
        print(translate("Cli", "Dry run, nothing written. The plan:"))
        for line in result.lines():
            print(f"  {line}")
        return 0
    print(result.sentence)
    for dataset, rows in sorted(result.rows.items()):
        print("  " + translate("Cli", "{dataset}: {rows} rows").format(dataset=dataset, rows=rows))
    for partition, error in list(result.failed.items())[:10]:
        day = partition.day or translate("Cli", "snapshot")
        failed = translate("Cli", "failed {dataset} {day}: {error}")
        print("  " + failed.format(dataset=partition.dataset, day=day, error=error))
    cost = translate("Cli", "{requests} requests, {megabytes} MB, {seconds} s").format(
        requests=result.requests,
        megabytes=fmt.number(result.bytes / 1e6, 1),
        seconds=fmt.number(result.seconds, 1),
    )
    print("  " + cost)
    return 0 if result.status == RunStatus.SUCCEEDED else 1


def _run(args: argparse.Namespace, make_plan: Callable[[RunContext], RunPlan]) -> int:
    """Plan; print the plan on a dry run, else execute it with a progress bar."""
    ctx = run_context(load_settings(), owner="cli", need_odoo=not args.dry_run)
    check_writable(ctx.layout.root)  # missing, read-only, full: one sentence up front
    try:
        the_plan = make_plan(ctx)
    except OdooError as exc:
        if args.dry_run:
            raise
        return _report(record_failed_run(ctx, args.trigger, {}, exc))
    if args.dry_run:
        return _report(the_plan)
    return _report(execute(ctx, the_plan, trigger=args.trigger, progress=ProgressBar()))


def _sync(args: argparse.Namespace) -> int:
    datasets = datasets_of(args)
    reconcile = True if args.reconcile else None
    return _run(args, lambda ctx: plan_sync(ctx, datasets=datasets, reconcile=reconcile))


def _backfill(args: argparse.Namespace) -> int:
    settings = load_settings()
    first, last = range_of(args, settings.odoo.timezone)
    datasets, mode = datasets_of(args), args.mode.replace("-", "_")
    return _run(args, lambda ctx: plan_backfill(ctx, first, last, datasets=datasets, mode=mode))


def _layout() -> LakeLayout:
    return LakeLayout(load_settings().lake_root())


def _status(args: argparse.Namespace) -> int:
    settings = load_settings()
    tz = ZoneInfo(settings.odoo.timezone)
    status = maintenance.lake_status(LakeLayout(settings.lake_root()))

    def local(moment: datetime | None) -> str:
        return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else "-"

    print(translate("Cli", "lake: {folder}").format(folder=status.root))
    sizes = ", ".join(
        f"{layer} {fmt.number(size / 1e6, 1)} MB" for layer, size in status.sizes.items()
    )
    print(translate("Cli", "size: {sizes}").format(sizes=sizes))
    print(translate("Cli", "times are in {zone} (the Odoo time zone)").format(zone=tz.key))
    states = {st.dataset: st for st in status.datasets}
    for name in [n for n in DATASETS if n in states or n in status.last_runs]:
        run = status.last_runs.get(name)
        if run:
            last = translate("Cli", "last run {id} ({trigger}) {status} at {when}").format(
                id=run.id,
                trigger=run.trigger,
                status=status_words(run.status),
                when=local(run.ended_at or run.started_at),
            )
        else:
            last = translate("Cli", "no run yet")
        if DATASETS[name].kind == "daily":
            st = states.get(name)
            day = st.last_complete_day if st and st.last_complete_day else "-"
            held = translate("Cli", "complete up to {day}").format(day=day)
        else:
            held = translate("Cli", "a snapshot")
        print(f"  {name:16s} {held}; {last}")
    print(translate("Cli", "recent runs:"))
    for run in status.runs:
        error = f" - {run.error}" if run.error else ""
        status_text = status_words(run.status)
        print(f"  {run.id:5d} {local(run.started_at)} {run.trigger:9s} {status_text}{error}")
    return 0


def _health(args: argparse.Namespace) -> int:
    settings = load_settings()
    status = maintenance.lake_status(LakeLayout(settings.lake_root()))
    problems = status.behind(today(settings.odoo.timezone)) + status.failing()
    for problem in problems:
        print(translate("Cli", "unhealthy: {problem}").format(problem=problem))
    if not problems:
        print(
            translate("Cli", "healthy: every dataset is complete up to yesterday and runs succeed")
        )
    return 1 if problems else 0


def _reset(args: argparse.Namespace) -> int:
    try:
        layers = maintenance.parse_layers(args.layers)
    except maintenance.MaintenanceError as exc:
        raise UsageError(str(exc)) from None
    datasets = datasets_of(args)
    layout = _layout()
    if datasets:
        what = translate("Cli", "layers {layers} of {datasets}")
    else:
        what = translate("Cli", "layers {layers} of every dataset")
    what = what.format(layers=args.layers, datasets=", ".join(datasets or ()))
    if not args.yes:
        question = translate("Cli", "Delete {what} in {folder}? Type yes to confirm: ")
        try:
            answer = input(question.format(what=what, folder=layout.root))
        except EOFError:  # no one to answer (a script, a scheduled task): never a yes
            print()
            print(translate("Cli", "No answer: nothing deleted (--yes deletes without asking)."))
            return 1
        if answer.strip().lower() not in ("yes", translate("Cli", "yes")):
            print(translate("Cli", "Nothing deleted."))
            return 1
    removed = maintenance.reset_lake(layout, layers, datasets)
    print(
        translate("Cli", "Removed {count} table folders ({what}).").format(
            count=len(removed), what=what
        )
    )
    return 0


def _retention(args: argparse.Namespace) -> int:
    try:
        age = maintenance.parse_age(args.older_than)
        layers = maintenance.parse_layers(args.layers)
        removed = maintenance.apply_retention(_layout(), age, layers)
    except maintenance.MaintenanceError as exc:
        raise UsageError(str(exc)) from None
    print(
        translate("Cli", "Removed {count} day partitions older than {days} days.").format(
            count=len(removed), days=age.days
        )
    )
    return 0


def _verify(args: argparse.Namespace) -> int:
    from nkdash_desktop.lake.documents import stale_months
    from nkdash_desktop.lake.lock import WriterLock
    from nkdash_desktop.pipeline.integrity import repair, scan
    from nkdash_desktop.pipeline.upgrade import upgrade_lake

    settings = load_settings()
    layout = LakeLayout(settings.lake_root())
    corrupt = scan(layout)
    if args.repair:
        layout.metadata.mkdir(parents=True, exist_ok=True)
        with WriterLock(layout.metadata, owner="cli", description="verify-lake --repair"):
            lines = repair(layout, settings.odoo.timezone, corrupt).lines()
            with StateDB(layout.metadata) as state:
                upgraded = upgrade_lake(layout, settings.odoo.timezone, state)
        for line in lines + [line for done in upgraded for line in done.lines()]:
            print(line)
        return 0
    owed: list[str] = []
    if (layout.metadata / STATE_FILE).exists():
        with StateDB(layout.metadata) as state:
            owed = state.upgrades_due()
    for path, why in corrupt.items():
        print(translate("Cli", "corrupt: {path} ({reason})").format(path=path, reason=why))
    if owed:
        said = translate("Cli", "written by an older release: {tables} to rebuild from raw")
        print(said.format(tables=", ".join(owed)))
    # the document totals are derived from the star schema: owed whatever the state database says
    if stale := stale_months(layout):
        said = translate("Cli", "daily document totals to write from the lake for {count} months")
        print(said.format(count=len(stale)))
    if corrupt or owed or stale:
        said = translate("Cli", "{count} corrupt files; run with --repair to fix")
    else:
        said = translate("Cli", "{count} corrupt files")
    print(said.format(count=len(corrupt)))
    return 1 if corrupt or owed or stale else 0


def register(sub: argparse._SubParsersAction) -> None:
    for name, trigger, text in (
        ("sync", Trigger.CLI, "yesterday, missed days, late changes (and profit)"),
        ("catch-up", Trigger.CATCH_UP, "every day missed since the last complete one"),
    ):
        p = sub.add_parser(name, help=text)
        add_datasets(p)
        p.add_argument(
            "--reconcile", action="store_true", help=translate("Cli", "compare ids with Odoo now")
        )
        add_dry_run(p)
        p.set_defaults(func=_sync, trigger=trigger)

    p = sub.add_parser("backfill", help=translate("Cli", "load any date range of chosen datasets"))
    add_days(p, required=True)
    add_datasets(p)
    p.add_argument("--mode", default="skip-complete", choices=[m.replace("_", "-") for m in MODES])
    add_dry_run(p)
    p.set_defaults(func=_backfill, trigger=Trigger.BACKFILL)

    p = sub.add_parser(
        "status", help=translate("Cli", "last complete day per dataset, recent runs, lake size")
    )
    p.set_defaults(func=_status)
    p = sub.add_parser(
        "health", help=translate("Cli", "exit non-zero when the lake is behind or runs fail")
    )
    p.set_defaults(func=_health)

    p = sub.add_parser(
        "reset-lake", help=translate("Cli", "delete layers of the lake (per dataset)")
    )
    p.add_argument(
        "--layers",
        default="raw,clean,star",
        help=translate("Cli", "comma-separated: raw,clean,star"),
    )
    add_datasets(p)
    p.add_argument(
        "--yes", action="store_true", help=translate("Cli", "do not ask for confirmation")
    )
    p.set_defaults(func=_reset)

    p = sub.add_parser(
        "verify-lake",
        help=translate("Cli", "read every lake file; quarantine and rebuild bad ones"),
    )
    p.add_argument(
        "--repair",
        action="store_true",
        help=translate("Cli", "quarantine and rebuild corrupt files"),
    )
    p.set_defaults(func=_verify)

    p = sub.add_parser(
        "retention", help=translate("Cli", "remove old day partitions of raw/clean layers")
    )
    p.add_argument("--older-than", required=True, help=translate("Cli", "age, e.g. 90d, 12w, 6m"))
    p.add_argument("--layers", default="raw", help=translate("Cli", "comma-separated: raw,clean"))
    p.set_defaults(func=_retention)
