"""`nkdash extract`: one dataset's days into the raw layer, and nothing more (for checking what
Odoo gives before a full run)."""

from __future__ import annotations

import argparse
from datetime import date

from nkdash_desktop.cli.options import add_days, range_of
from nkdash_desktop.cli.usage import UsageError, load_settings
from nkdash_desktop.i18n import translate
from nkdash_desktop.kpi import format as fmt


def _extract(args: argparse.Namespace) -> int:
    from nkdash_desktop.datasets import UnknownDatasetError, get_dataset
    from nkdash_desktop.lake.layout import LakeLayout
    from nkdash_desktop.lake.lock import WriterLock
    from nkdash_desktop.pipeline.connect import open_client
    from nkdash_desktop.pipeline.days import day_range
    from nkdash_desktop.pipeline.extract import Extractor

    settings = load_settings()
    try:
        dataset = get_dataset(args.dataset)
    except UnknownDatasetError as exc:
        raise UsageError(str(exc)) from None
    if dataset.kind == "daily":
        days: list[date | None] = list(day_range(*range_of(args, settings.odoo.timezone)))
    else:
        days = [None]  # a snapshot has no day
    layout = LakeLayout(settings.lake_root())
    layout.metadata.mkdir(parents=True, exist_ok=True)
    with (
        WriterLock(layout.metadata, owner="cli", description=f"extract {dataset.name}"),
        open_client(settings) as client,
    ):
        extractor = Extractor(
            client,
            layout,
            timezone=settings.odoo.timezone,
            company_id=settings.odoo.company_id or None,
        )
        for day in days:
            result = extractor.extract(dataset, day)
            tables = ", ".join(f"{t.table} {t.rows}" for t in result.tables)
            said = translate(
                "Cli",
                "{dataset} {day}: {tables} rows; {requests} requests, {megabytes} MB, {seconds} s",
            )
            print(
                said.format(
                    dataset=dataset.name,
                    day=day or translate("Cli", "snapshot"),
                    tables=tables,
                    requests=result.requests,
                    megabytes=fmt.number(result.bytes / 1e6, 2),
                    seconds=fmt.number(result.seconds, 2),
                )
            )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help=translate("Cli", "extract a dataset into the raw layer"))
    p.add_argument(
        "--dataset", required=True, help=translate("Cli", "dataset name, e.g. pos_lines or pos")
    )
    add_days(p, required=True)
    p.set_defaults(func=_extract)
