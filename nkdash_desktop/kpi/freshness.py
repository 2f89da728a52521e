"""How fresh the lake is, from its state database: "data up to 24 Nov, synced 02:21"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from nkdash_desktop.i18n import translate
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import STATE_FILE, RunStatus, StateDB

SUCCESSFUL = (RunStatus.SUCCEEDED, RunStatus.PARTIAL)
DATASETS_SCHEMA = {
    "dataset": pl.String,
    "last_complete_day": pl.Date,
    "last_success_at": pl.Datetime("us", "UTC"),
}


@dataclass(frozen=True)
class Freshness:
    data_up_to: date | None  # every daily dataset of the lake is complete up to this day
    synced_at: datetime | None  # (UTC) when the last run that loaded data ended
    datasets: pl.DataFrame  # dataset, last_complete_day, last_success_at

    @property
    def empty(self) -> bool:
        return self.data_up_to is None

    def badge(self, timezone: str) -> str:
        """The range bar's badge, times in the business timezone."""
        if self.data_up_to is None:
            return translate("Freshness", "no data yet: run a sync")
        up_to = fmt.day_month(self.data_up_to)
        if self.synced_at is None:
            return translate("Freshness", "data up to {day}").format(day=up_to)
        local = self.synced_at.astimezone(ZoneInfo(timezone))
        if local.date() >= self.data_up_to:
            synced = fmt.clock(local)
        else:
            synced = f"{fmt.day_month(local)} {fmt.clock(local)}"
        return translate("Freshness", "data up to {day}, synced {when}").format(
            day=up_to, when=synced
        )


def freshness(lake_root: Path) -> Freshness:
    """The lake's freshness; a lake never synced (no state database yet) is empty."""
    layout = LakeLayout(Path(lake_root))
    if not (layout.metadata / STATE_FILE).exists():
        return Freshness(None, None, pl.DataFrame(schema=DATASETS_SCHEMA))
    with StateDB(layout.metadata) as state:
        states = state.dataset_states()
        runs = [r for r in state.runs(limit=50) if r.status in SUCCESSFUL and r.ended_at]
    datasets = pl.DataFrame(
        [(s.dataset, s.last_complete_day, s.last_success_at) for s in states],
        schema=DATASETS_SCHEMA,
        orient="row",
    )
    complete = [s.last_complete_day for s in states if s.last_complete_day]
    moments = [s.last_success_at for s in states if s.last_success_at]
    moments += [r.ended_at for r in runs if r.ended_at]
    return Freshness(
        data_up_to=min(complete) if complete else None,
        synced_at=max(moments) if moments else None,
        datasets=datasets,
    )
