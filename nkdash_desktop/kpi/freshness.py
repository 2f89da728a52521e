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
from nkdash_desktop.lake.state import STATE_FILE, RunStatus, StateDB, read_published

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


def freshness(lake_root: Path, published: bool = False) -> Freshness:
    """The lake's freshness; a lake never synced (no state database yet) is empty. With
    `published` (a viewer of another PC's lake), from what the writer published, never from
    the state database."""
    layout = LakeLayout(Path(lake_root))
    if published:
        found = read_published(layout.metadata)
        if found is None:
            return Freshness(None, None, pl.DataFrame(schema=DATASETS_SCHEMA))
        rows, ended = found.datasets, [found.last_run_ended_at]
    elif not (layout.metadata / STATE_FILE).exists():
        return Freshness(None, None, pl.DataFrame(schema=DATASETS_SCHEMA))
    else:
        with StateDB(layout.metadata) as state:
            rows = [
                (s.dataset, s.last_complete_day, s.last_success_at) for s in state.dataset_states()
            ]
            ended = [r.ended_at for r in state.runs(limit=50) if r.status in SUCCESSFUL]
    datasets = pl.DataFrame(rows, schema=DATASETS_SCHEMA, orient="row")
    complete = [day for _, day, _ in rows if day]
    moments = [at for _, _, at in rows if at] + [at for at in ended if at]
    return Freshness(
        data_up_to=min(complete) if complete else None,
        synced_at=max(moments) if moments else None,
        datasets=datasets,
    )
