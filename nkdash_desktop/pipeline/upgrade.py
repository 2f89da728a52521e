"""Lake-format upgrades: what a lake written by an older release lacks, rebuilt from its own
layers below, once, when a run or `verify-lake --repair` opens it (the caller holds the writer
lock).

- `pos_orders`: the clean `pos_orders` and star `fact_pos_orders` (Odoo's order totals, which
  POS revenue and tax come from) did not exist. The raw `pos_orders` of every release keep each
  order's amount_total and amount_tax, so every loaded POS day is cleaned and loaded again from
  raw, without Odoo. A day whose raw partition is gone or unreadable is recorded as a failed
  load, which the next sync re-extracts (as `verify-lake --repair` does for lost raw days).
- `invoice_company_currency`: invoice sales' revenue was the invoice's own currency (a dollar
  invoice of a rupiah company added dollars to rupiah). The raw `invoice_lines` of every
  release keep each line's balance (company currency), price_subtotal and price_total, so every
  loaded invoice day is cleaned and loaded again from raw the same way, and its profit is owed
  (pending.py) so that the next run recomputes it. No backfill from Odoo is needed. Owed again
  (state migration 5) when revenue with taxes became each invoice's amount_total_signed, which
  the raw `invoice_moves` keep.
- `document_totals`: agg_documents_daily (Odoo's document totals per day and company, which the
  cards and chart read) did not exist. It is derived from the star facts alone, so each month
  it lacks, or that is older than a month file of its sources (a crash between the two
  publishes), is written from them (lake/documents.py): found from the files themselves, so a
  lake of any origin gets it at its next run, without Odoo or its raw layer.
- `purchases_company_currency`: vendor bill lines had no total with taxes in the company
  currency (the vendors' spend with taxes added each bill's own currency). The raw
  `purchase_moves` keep each bill's amount_total_signed, so every loaded purchases day is
  cleaned and loaded again from raw the same way.

Crash-safe: each file is replaced atomically and the upgrade is struck off the state database
only at the end, so a kill mid-way leaves it owed and the next run does it again from the start.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.datasets.base import Dataset
from nkdash_desktop.i18n import QT_TRANSLATE_NOOP, translate
from nkdash_desktop.lake import documents
from nkdash_desktop.lake.layout import DATA_FILE, STAR, LakeLayout
from nkdash_desktop.lake.months import scan_fact
from nkdash_desktop.lake.state import PartitionStatus, RunStatus, StateDB, Trigger
from nkdash_desktop.pipeline.clean import clean_day
from nkdash_desktop.pipeline.load import load_days
from nkdash_desktop.pipeline.pending import merged, read_pending, write_pending

log = logging.getLogger(__name__)
POS_ORDERS = "pos_orders"
INVOICE_COMPANY_CURRENCY = "invoice_company_currency"
DOCUMENT_TOTALS = "document_totals"
PURCHASES_COMPANY_CURRENCY = "purchases_company_currency"
POS = DATASETS["pos_lines"]
# upgrade -> the dataset whose loaded days are cleaned and loaded again from raw
UPGRADES = {
    POS_ORDERS: POS,
    INVOICE_COMPANY_CURRENCY: DATASETS["invoice_sales"],
    PURCHASES_COMPANY_CURRENCY: DATASETS["purchases"],
}
NOT_REBUILT = "lake upgrade: the day's raw {dataset} could not be read again; re-extract it"
WHAT = {
    POS_ORDERS: QT_TRANSLATE_NOOP(
        "Runs", "upgraded: Odoo's POS order totals rebuilt from raw for {count} days"
    ),
    INVOICE_COMPANY_CURRENCY: QT_TRANSLATE_NOOP(
        "Runs",
        "upgraded: invoice revenue in the company currency rebuilt from raw for {count} days",
    ),
    DOCUMENT_TOTALS: QT_TRANSLATE_NOOP(
        "Runs", "upgraded: Odoo's daily document totals written from the lake for {count} months"
    ),
    PURCHASES_COMPANY_CURRENCY: QT_TRANSLATE_NOOP(
        "Runs",
        "upgraded: bill totals with taxes in the company currency rebuilt from raw for "
        "{count} days",
    ),
}


@dataclass
class UpgradeReport:
    name: str  # the upgrade (UPGRADES)
    dataset: str  # whose days it rebuilt
    rebuilt: list[date] = field(default_factory=list)  # days (months) rebuilt
    to_extract: list[date] = field(default_factory=list)  # the next sync's job

    def lines(self) -> list[str]:
        again = translate("Runs", "re-extract next run: {dataset} {day}")
        out = [translate("Runs", WHAT[self.name]).format(count=len(self.rebuilt))]
        out += [again.format(dataset=self.dataset, day=day) for day in self.to_extract]
        return out


def upgrade_lake(layout: LakeLayout, timezone: str, state: StateDB) -> list[UpgradeReport]:
    """Do every upgrade the lake owes, in UPGRADES' order, then the document totals it lacks,
    each recorded as an `upgrade` run; their reports (none: nothing was owed)."""
    due = state.upgrades_due()
    reports = [
        _rebuild_from_raw(layout, timezone, state, name, dataset)
        for name, dataset in UPGRADES.items()
        if name in due
    ]
    stale = documents.stale_months(layout)
    if stale:
        reports.append(_write_document_totals(state, layout, stale))
    return reports


def _write_document_totals(state: StateDB, layout: LakeLayout, months: list[date]) -> UpgradeReport:
    report = UpgradeReport(DOCUMENT_TOTALS, ", ".join(documents.SOURCES))
    run_id = state.start_run(Trigger.UPGRADE, {"upgrade": DOCUMENT_TOTALS, "months": len(months)})
    try:
        report.rebuilt = documents.write_totals(layout, months)
    except BaseException as exc:  # what is left stale stays found by the next run
        state.finish_run(run_id, RunStatus.FAILED, error=str(exc)[:500] or type(exc).__name__)
        raise
    written = len(report.rebuilt)  # a month with an unreadable source waits for its repair
    state.finish_run(run_id, RunStatus.SUCCEEDED, totals={"months_written": written})
    log.info("lake upgrade %s: %d of %d months", DOCUMENT_TOTALS, written, len(months))
    return report


def _reshaped(layout: LakeLayout, dataset: Dataset) -> bool:
    """Whether a month file of the dataset's facts lacks a column of today's contract."""
    for fact in dataset.facts:
        for path in (layout.layer(STAR) / fact.name).glob(f"month=*/{DATA_FILE}"):
            if set(fact.names) - set(pl.read_parquet_schema(path)):
                return True
    return False


def _rebuild_from_raw(
    layout: LakeLayout, timezone: str, state: StateDB, name: str, dataset: Dataset
) -> UpgradeReport:
    # every loaded day, and every day its facts hold (an older-shaped row must not stay)
    held = [
        d
        for fact in dataset.facts
        for d in scan_fact(layout, fact).select(pl.col("day").unique()).collect()["day"]
    ]
    days = sorted(set(state.complete_days(dataset.name, "load")) | set(held))
    report = UpgradeReport(name, dataset.name)
    run_id = state.start_run(Trigger.UPGRADE, {"upgrade": name, "days": len(days)})
    try:
        for day in days:
            try:
                clean_day(layout, dataset, day, timezone)
                report.rebuilt.append(day)
            except Exception as exc:  # a missing, torn or older-shaped raw day: fetch it again
                log.warning("lake upgrade: %s %s not rebuilt from raw: %s", dataset.name, day, exc)
                report.to_extract.append(day)
        # a day its facts hold but whose raw is lost goes from the facts with the rewrite
        # when they were of an older shape (until the next sync reads it again): such rows
        # would fail every later rewrite of their month (the POS upgrade's facts kept their
        # shape: their lines stay, and the day reads "POS totals missing")
        clear = (
            [d for d in report.to_extract if d in set(held)] if _reshaped(layout, dataset) else []
        )
        if report.rebuilt or clear:
            load_days(layout, dataset, report.rebuilt, clear=clear)
            if name == INVOICE_COMPANY_CURRENCY:  # its sales lines changed: profit is owed
                owed = {dataset.name: report.rebuilt}
                write_pending(layout, merged(read_pending(layout), owed))
        for day in report.to_extract:
            state.record_partition(
                run_id,
                dataset.name,
                day,
                "load",
                PartitionStatus.FAILED,
                error=NOT_REBUILT.format(dataset=dataset.name),
            )
    except BaseException as exc:
        state.finish_run(run_id, RunStatus.FAILED, error=str(exc)[:500] or type(exc).__name__)
        raise
    status = RunStatus.PARTIAL if report.to_extract else RunStatus.SUCCEEDED
    error = (
        f"{len(report.to_extract)} {dataset.name} days to re-extract" if report.to_extract else None
    )
    totals = {"days_rebuilt": len(report.rebuilt), "days_to_extract": len(report.to_extract)}
    state.finish_run(run_id, status, error=error, totals=totals)
    state.upgrade_done(name)
    log.info("lake upgrade %s: %s", name, totals)
    return report
