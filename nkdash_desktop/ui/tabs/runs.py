"""Runs: the history of engine runs from the state database, the partitions of the selected
run, the live log of the current run, and "Retry failed partitions"."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from nkdash_desktop.kpi.columns import Column
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import STATE_FILE, PartitionRecord, PartitionStatus, Run, StateDB
from nkdash_desktop.names import dataset_name, stage_name
from nkdash_desktop.ui.runtime.engine import EngineRunner
from nkdash_desktop.ui.runtime.tasks import run_task
from nkdash_desktop.ui.runtime.theme import style
from nkdash_desktop.ui.runtime.translation import translate
from nkdash_desktop.ui.tabs import RUNS
from nkdash_desktop.ui.tabs.base import Dashboard, Job, Tab
from nkdash_desktop.ui.widgets.logview import LogTail, LogView
from nkdash_desktop.ui.widgets.table import FrameModel, FrameTable

RUN_COLUMNS = [
    Column("id", QT_TRANSLATE_NOOP("Columns", "Run"), "count"),
    Column("trigger", QT_TRANSLATE_NOOP("Columns", "Trigger")),
    Column("started", QT_TRANSLATE_NOOP("Columns", "Started"), "time"),
    Column("seconds", QT_TRANSLATE_NOOP("Columns", "Took"), "seconds"),
    Column("status", QT_TRANSLATE_NOOP("Columns", "Status")),
    Column("rows", QT_TRANSLATE_NOOP("Columns", "Rows"), "count"),
    Column("partitions_ok", QT_TRANSLATE_NOOP("Columns", "Partitions done"), "count"),
    Column("partitions_failed", QT_TRANSLATE_NOOP("Columns", "Failed"), "count"),
    Column("error", QT_TRANSLATE_NOOP("Columns", "Error"), "note"),
]
PARTITION_COLUMNS = [
    Column("dataset", QT_TRANSLATE_NOOP("Columns", "Data")),
    Column("day", QT_TRANSLATE_NOOP("Columns", "Day"), "day"),
    Column("stage", QT_TRANSLATE_NOOP("Columns", "Last step")),
    Column("status", QT_TRANSLATE_NOOP("Columns", "Status")),
    Column("rows", QT_TRANSLATE_NOOP("Columns", "Rows"), "count"),
    Column("requests", QT_TRANSLATE_NOOP("Columns", "Requests"), "count"),
    Column("seconds", QT_TRANSLATE_NOOP("Columns", "Seconds"), "seconds"),
    Column("error", QT_TRANSLATE_NOOP("Columns", "Error"), "note"),
]
NO_ERROR = QT_TRANSLATE_NOOP(
    "Runs", "Select a run or a partition with an error to read it here in full."
)
RUN_LIMIT = 200
# the state database's words (lake/state.py: Trigger, RunStatus, PartitionStatus) as shown
WORDS = {
    "nightly": QT_TRANSLATE_NOOP("Runs", "nightly"),
    "catch-up": QT_TRANSLATE_NOOP("Runs", "catch-up"),
    "manual": QT_TRANSLATE_NOOP("Runs", "manual"),
    "backfill": QT_TRANSLATE_NOOP("Runs", "backfill"),
    "cli": QT_TRANSLATE_NOOP("Runs", "cli"),
    "retry": QT_TRANSLATE_NOOP("Runs", "retry"),
    "repair": QT_TRANSLATE_NOOP("Runs", "repair"),
    "upgrade": QT_TRANSLATE_NOOP("Runs", "upgrade"),
    "running": QT_TRANSLATE_NOOP("Runs", "running"),
    "succeeded": QT_TRANSLATE_NOOP("Runs", "succeeded"),
    "failed": QT_TRANSLATE_NOOP("Runs", "failed"),
    "partial": QT_TRANSLATE_NOOP("Runs", "partial"),
    "cancelled": QT_TRANSLATE_NOOP("Runs", "cancelled"),
    "interrupted": QT_TRANSLATE_NOOP("Runs", "interrupted"),
    "skipped": QT_TRANSLATE_NOOP("Runs", "skipped"),
    "saved": QT_TRANSLATE_NOOP("Runs", "saved"),
}


def word(value: str | None) -> str | None:
    """A trigger, status or step as the operator reads it ('succeeded' is 'berhasil')."""
    return translate("Runs", WORDS[value]) if value in WORDS else value


def runs_frame(runs: list[Run], tz: str) -> pl.DataFrame:
    zone = ZoneInfo(tz)
    return pl.DataFrame(
        [
            {
                "id": r.id,
                "trigger": word(r.trigger),
                "started": r.started_at.astimezone(zone).replace(tzinfo=None),
                "seconds": r.seconds,
                "status": word(r.status),
                "rows": r.totals.get("rows"),
                "partitions_ok": r.totals.get("partitions_ok"),
                "partitions_failed": r.totals.get("partitions_failed"),
                "error": r.error,
            }
            for r in runs
        ],
        schema={"id": pl.Int64, "trigger": pl.String, "started": pl.Datetime("us"),
                "seconds": pl.Float64, "status": pl.String, "rows": pl.Int64,
                "partitions_ok": pl.Int64, "partitions_failed": pl.Int64, "error": pl.String},
    )  # fmt: skip


def partitions_frame(records: list[PartitionRecord]) -> pl.DataFrame:
    """One row per partition (a dataset's day), in the operator's words: the state database
    keeps a row per step (reading from Odoo, saving), which would count each partition twice
    next to the run's "partitions done". The status is the failed step's, else the last's."""
    steps: dict[tuple[str, object], list[PartitionRecord]] = {}
    for p in records:
        steps.setdefault((p.dataset, p.day), []).append(p)
    rows = []
    for (dataset, day), parts in steps.items():
        failed = [p for p in parts if p.status == PartitionStatus.FAILED]
        last = failed[0] if failed else parts[-1]
        rows.append(
            {"dataset": dataset_name(dataset), "day": day,
             "stage": word("saved") if last.status == "succeeded" and last.stage == "load"
             else stage_name(last.stage),
             "status": word(last.status), "rows": max((p.rows or 0 for p in parts), default=0),
             "requests": sum(p.requests or 0 for p in parts),
             "seconds": sum(p.seconds or 0.0 for p in parts),
             "error": next((p.error for p in parts if p.error), None)}
        )  # fmt: skip
    return pl.DataFrame(
        rows,
        schema={"dataset": pl.String, "day": pl.Date, "stage": pl.String, "status": pl.String,
                "rows": pl.Int64, "requests": pl.Int64, "seconds": pl.Float64,
                "error": pl.String},
    )  # fmt: skip


@dataclass(frozen=True)
class RunDetail:
    run_id: int
    partitions: FrameModel  # a run has hundreds: the table's model is built in the worker
    failed: list[PartitionRecord]  # of this run, still failed (no later success)


def _state(lake_root: Path) -> StateDB | None:
    layout = LakeLayout(lake_root)
    if not (layout.metadata / STATE_FILE).exists():
        return None  # never synced: nothing to show, and no folder to create
    return StateDB(layout.metadata)


def read_runs(lake_root: Path, tz: str) -> pl.DataFrame:
    state = _state(lake_root)
    if state is None:
        return runs_frame([], tz)
    with state:
        return runs_frame(state.runs(limit=RUN_LIMIT), tz)


def read_detail(lake_root: Path, run_id: int) -> RunDetail:
    state = _state(lake_root)
    if state is None:
        return RunDetail(run_id, FrameModel.filled(PARTITION_COLUMNS, partitions_frame([])), [])
    with state:
        frame = partitions_frame(state.partitions(run_id))
        failed = state.failed_partitions(run_id)
    return RunDetail(run_id, FrameModel.filled(PARTITION_COLUMNS, frame), failed)


class RunsTab(Tab):
    title = RUNS
    detail_rendered = Signal()

    def __init__(
        self, board: Dashboard, engine: EngineRunner, tail: LogTail, parent: QWidget | None = None
    ) -> None:
        super().__init__(board, parent)
        self.engine = engine
        self.runs = FrameTable(RUN_COLUMNS, stretch=len(RUN_COLUMNS) - 1)  # the error
        self.runs.selectionModel().selectionChanged.connect(lambda *_: self._run_selected())
        self.partitions = FrameTable(PARTITION_COLUMNS)
        self.partitions.clicked.connect(lambda index: self._show_error(self.partitions, index))
        self.runs.clicked.connect(lambda index: self._show_error(self.runs, index))
        self.error = QLabel(
            translate("Runs", NO_ERROR)
        )  # the selected run's or partition's error, whole
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        style(self.error, "muted")
        self.detail_label = QLabel(self.tr("Partitions"))
        style(self.detail_label, "muted")
        self.retry = QPushButton(self.tr("Retry failed partitions"))
        self.retry.setEnabled(False)
        self.retry.clicked.connect(self._retry)
        self.log = LogView(tail)
        self.detail: RunDetail | None = None
        self._selected: int | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.detail_label, 1)
        buttons.addWidget(self.retry)
        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addLayout(buttons)
        detail_layout.addWidget(
            self.exportable(
                self.partitions,
                QT_TRANSLATE_NOOP("Tables", "Partitions"),
                self.partitions,
                ranged=False,
            )
        )
        detail_layout.addWidget(self.error)
        log_box = QWidget()
        log_layout = QVBoxLayout(log_box)
        log_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("Log of the current run"))
        style(heading, "muted")
        log_layout.addWidget(heading)
        log_layout.addWidget(self.log)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(
            self.exportable(
                self.runs, QT_TRANSLATE_NOOP("Tables", "Run history"), self.runs, ranged=False
            )
        )
        left.addWidget(detail_box)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(log_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        engine.started.connect(lambda _: self.log.restart())
        engine.started.connect(lambda _: self._update_retry())
        engine.finished.connect(lambda _: self._update_retry())

    def jobs(self) -> list[Job]:
        root, tz = self.board.context.lake_root, self.board.context.timezone
        return [(lambda: read_runs(root, tz), self._show_runs)]

    def _show_runs(self, runs: pl.DataFrame) -> None:
        before = self.runs.frame_model.column_values("id")
        # an older run the operator picked stays selected; else the newest run is
        keep = self._selected if before and self._selected != before[0] else None
        self.runs.set_frame(runs)
        ids = self.runs.frame_model.column_values("id")
        if ids:
            self.runs.selectRow(ids.index(keep) if keep in ids else 0)
        else:
            self._selected = None
            self.partitions.set_frame(partitions_frame([]))
            self.detail_label.setText(self.tr("No runs yet."))

    def _show_error(self, table: FrameTable, index) -> None:
        errors = table.frame_model.column_values("error")
        text = errors[index.row()] if 0 <= index.row() < len(errors) else None
        self.error.setText(
            self.tr("Error: {error}").format(error=text) if text else translate("Runs", NO_ERROR)
        )

    def _run_selected(self) -> None:
        rows = self.runs.selectionModel().selectedRows()
        if not rows:
            return
        self._show_error(self.runs, rows[0])
        run_id = self.runs.frame_model.column_values("id")[rows[0].row()]
        self._selected = run_id
        root = self.board.context.lake_root
        run_task(
            lambda: read_detail(root, run_id),
            self._show_detail,
            pool=self.board.pools.queries,
            owner=self,
        )

    def _show_detail(self, detail: RunDetail) -> None:
        if detail.run_id != self._selected:
            return
        self.detail = detail
        self.partitions.set_model(detail.partitions)
        still = len({(p.dataset, p.day) for p in detail.failed})  # a row per failed step
        count = len(detail.partitions.rows)
        self.detail_label.setText(
            self.tr("Partitions of run {run}: {count}, {failed} still failed").format(
                run=detail.run_id, count=count, failed=still
            )
            if still
            else self.tr("Partitions of run {run}: {count}").format(run=detail.run_id, count=count)
        )
        self._update_retry()
        self.detail_rendered.emit()

    def _update_retry(self) -> None:
        can = bool(self.detail and self.detail.failed) and not self.engine.running
        self.retry.setEnabled(can and self.board.context.configured)

    def _retry(self) -> None:
        if self.detail and self.detail.failed:
            self.engine.retry_failed(self.detail.failed)
