"""Lake-format upgrades: what a lake written by an older release lacks, rebuilt from its own
layers below, once, when a run or `verify-lake --repair` opens it (the caller holds the writer
lock).

- `pos_orders`: the clean `pos_orders` and star `fact_pos_orders` (Odoo's order totals, which
  POS revenue and tax come from) did not exist. The raw `pos_orders` of every release keep each
  order's amount_total and amount_tax, so every loaded POS day is cleaned and loaded again from
  raw, without Odoo. A day whose raw partition is gone or unreadable is recorded as a failed
  load, which the next sync re-extracts (as `verify-lake --repair` does for lost raw days).

Crash-safe: each file is replaced atomically and the upgrade is struck off the state database
only at the end, so a kill mid-way leaves it owed and the next run does it again from the start.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.i18n import translate
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import PartitionStatus, RunStatus, StateDB, Trigger
from nkdash_desktop.pipeline.clean import clean_day
from nkdash_desktop.pipeline.load import load_days

log = logging.getLogger(__name__)
POS_ORDERS = "pos_orders"
POS = DATASETS["pos_lines"]
NOT_REBUILT = "lake upgrade: the day's raw POS orders could not be read again; re-extract it"


@dataclass
class UpgradeReport:
    rebuilt: list[date] = field(default_factory=list)  # POS days cleaned and loaded from raw
    to_extract: list[date] = field(default_factory=list)  # the next sync's job

    def lines(self) -> list[str]:
        upgraded = translate(
            "Runs", "upgraded: Odoo's POS order totals rebuilt from raw for {count} days"
        )
        again = translate("Runs", "re-extract next run: {dataset} {day}")
        out = [upgraded.format(count=len(self.rebuilt))]
        out += [again.format(dataset=POS.name, day=day) for day in self.to_extract]
        return out


def upgrade_lake(layout: LakeLayout, timezone: str, state: StateDB) -> UpgradeReport | None:
    """Do every upgrade the lake owes, each recorded as an `upgrade` run; None when none."""
    if POS_ORDERS not in state.upgrades_due():
        return None
    days = state.complete_days(POS.name, "load")
    report = UpgradeReport()
    run_id = state.start_run(Trigger.UPGRADE, {"upgrade": POS_ORDERS, "days": len(days)})
    try:
        for day in days:
            try:
                clean_day(layout, POS, day, timezone)
                report.rebuilt.append(day)
            except Exception as exc:  # a missing, torn or older-shaped raw day: fetch it again
                log.warning("lake upgrade: %s %s not rebuilt from raw: %s", POS.name, day, exc)
                report.to_extract.append(day)
        if report.rebuilt:
            load_days(layout, POS, report.rebuilt)
        for day in report.to_extract:
            state.record_partition(
                run_id, POS.name, day, "load", PartitionStatus.FAILED, error=NOT_REBUILT
            )
    except BaseException as exc:
        state.finish_run(run_id, RunStatus.FAILED, error=str(exc)[:500] or type(exc).__name__)
        raise
    status = RunStatus.PARTIAL if report.to_extract else RunStatus.SUCCEEDED
    error = f"{len(report.to_extract)} POS days to re-extract" if report.to_extract else None
    totals = {"days_rebuilt": len(report.rebuilt), "days_to_extract": len(report.to_extract)}
    state.finish_run(run_id, status, error=error, totals=totals)
    state.upgrade_done(POS_ORDERS)
    log.info("lake upgrade %s: %s", POS_ORDERS, totals)
    return report
