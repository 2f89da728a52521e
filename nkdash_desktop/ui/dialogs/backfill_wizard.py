"""The backfill wizard: datasets -> date range -> mode -> plan preview -> run -> summary.

Non-modal: the dashboard stays usable while the backfill runs in the engine's worker thread;
closing the wizard leaves the run going (the status bar still shows it), "Cancel run" stops it
between batches with nothing half-written. Odoo and the state database are asked from worker
threads only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.errors import sentence
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import STATE_FILE, PartitionRecord, PartitionStatus, StateDB
from nkdash_desktop.names import dataset_name, stage_name
from nkdash_desktop.pipeline.control import Progress
from nkdash_desktop.pipeline.runner import RunSummary, _duration
from nkdash_desktop.ui.dialogs.backfill_pages import (
    DatasetsPage,
    ModePage,
    PlanPage,
    RangePage,
    fill_table,
    fit_table,
)
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.runtime.engine import EngineRunner
from nkdash_desktop.ui.runtime.tasks import Pools, run_task
from nkdash_desktop.ui.runtime.translation import translate

PARTITION_STAGES = ("extract", "load")  # the runner's progress: one partition each
CLOSE = QT_TRANSLATE_NOOP("Backfill", "Close")


@dataclass
class DatasetRows:
    dataset: str
    done: int
    failed: int
    rows: int  # rows read from Odoo (the state database's record of the run)


def run_rows(metadata: Path, run_id: int) -> tuple[list[DatasetRows], list[PartitionRecord]]:
    """Per dataset: partitions done and failed and rows read, as the state database has them
    for the run; and the run's partitions still failed. Worker thread."""
    if not (metadata / STATE_FILE).exists():
        return [], []
    with StateDB(metadata) as state:
        records = state.partitions(run_id)
        failed = state.failed_partitions(run_id)
    out: dict[str, DatasetRows] = {}
    for r in records:
        row = out.setdefault(r.dataset, DatasetRows(r.dataset, 0, 0, 0))
        if r.stage == "extract" and r.status == PartitionStatus.SUCCEEDED:
            row.rows += r.rows
        if r.stage == "load":
            row.done += r.status == PartitionStatus.SUCCEEDED
            row.failed += r.status == PartitionStatus.FAILED
    order = list(DATASETS)
    once = {(p.dataset, p.day): p for p in reversed(failed)}  # a failed stage each: show once
    return sorted(out.values(), key=lambda d: order.index(d.dataset)), list(once.values())


# -- the run and its outcome ----------------------------------------------------------------


class RunPage(QWizardPage):
    def __init__(self, wizard: BackfillWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Run"))
        self.setSubTitle(
            self.tr("You can keep using the dashboard; closing this window leaves the run going.")
        )
        self.active = False  # our run is going
        self.waiting = False  # another run was going: ours starts when it ends
        self.result: Any = None
        self.done: dict[str, set[date | None]] = {}
        self.overall = QProgressBar()
        self.eta = QLabel("")
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancel run"))
        self.cancel_button.clicked.connect(self.cancel)
        self.bars: dict[str, QProgressBar] = {}
        self.grid = QGridLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Overall")))
        layout.addWidget(self.overall)
        layout.addWidget(self.eta)
        holder = QWidget()
        holder.setLayout(self.grid)
        layout.addWidget(holder)
        layout.addWidget(self.status)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        engine = wizard.engine
        engine.progress.connect(self._progress)
        engine.finished.connect(self._finished)

    def initializePage(self) -> None:
        plan = self.w.plan_page.plan
        assert plan is not None
        for i, name in enumerate(self.w.datasets_page.chosen()):
            total = sum(1 for p in plan.partitions if p.dataset == name)
            if not total:
                continue
            bar = QProgressBar()
            bar.setRange(0, total)
            bar.setValue(0)
            self.grid.addWidget(QLabel(dataset_name(name)), i, 0)
            self.grid.addWidget(bar, i, 1)
            self.bars[name] = bar
            self.done[name] = set()
        self.overall.setRange(0, len(plan.partitions))
        self.overall.setValue(0)
        self.w.setButtonText(QWizard.WizardButton.CancelButton, translate("Backfill", CLOSE))
        self.start()

    def start(self) -> None:
        w = self.w
        first, last = w.range_page.range()
        started = w.engine.backfill(
            first, last, datasets=w.datasets_page.chosen(), mode=w.mode_page.mode(),
            what=self.tr("Backfill {first} to {last}").format(first=first, last=last),
        )  # fmt: skip
        self.waiting = not started
        self.active = started
        self.cancel_button.setEnabled(started)
        self.status.setText(
            self.tr("Running…")
            if started
            else self.tr("Another run is going on: the backfill starts when it ends.")
        )

    def _progress(self, p: Progress) -> None:
        if not self.active:
            return
        self.status.setText(
            self.tr("{data} {day}: {step}").format(
                data=dataset_name(p.dataset),
                day=p.day or self.tr("today"),
                step=stage_name(p.stage),
            )
        )
        if p.stage not in PARTITION_STAGES:  # profit and such count their own steps
            return
        self.overall.setRange(0, max(p.total, 1))
        self.overall.setValue(p.done)
        if p.eta_s is not None:
            self.eta.setText(
                self.tr("About {duration} left ({done} of {total} partitions)").format(
                    duration=_duration(p.eta_s), done=p.done, total=p.total
                )
            )
        if p.dataset in self.bars:
            self.done[p.dataset].add(p.day)
            self.bars[p.dataset].setValue(len(self.done[p.dataset]))

    def _finished(self, result: Any) -> None:
        if self.waiting:  # the other run ended: ours now
            self.start()
            return
        if not self.active:
            return
        self.active = False
        self.result = result
        self.cancel_button.setEnabled(False)
        self.w.setButtonText(QWizard.WizardButton.CancelButton, translate("Backfill", CLOSE))
        self.completeChanged.emit()
        if self.w.currentPage() is self:
            self.w.next()

    def cancel(self) -> None:
        if self.active:
            self.status.setText(self.tr("Cancelling: finishing the partitions in progress…"))
            self.cancel_button.setEnabled(False)
            self.w.engine.cancel()

    def isComplete(self) -> bool:
        return self.result is not None


class SummaryPage(QWizardPage):
    def __init__(self, wizard: BackfillWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Summary"))
        self.result: Any = None
        self.rows: list[DatasetRows] = []
        self.failed: list[PartitionRecord] = []
        self.retrying = False
        self.headline = QLabel("")
        self.headline.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Data"), self.tr("Days done"), self.tr("Failed"), self.tr("Rows")]
        )
        fit_table(self.table)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.failures = QListWidget()
        self.failures.setWordWrap(True)
        self.failures_label = QLabel(self.tr("Failures"))
        self.retry_button = QPushButton(self.tr("Retry failed partitions"))
        self.retry_button.clicked.connect(self.retry)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.failures_label)
        layout.addWidget(self.failures, 1)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._show_failures(False)
        wizard.engine.finished.connect(self._retry_finished)

    def initializePage(self) -> None:
        self.show_result(self.w.run_page.result)

    def show_result(self, result: Any) -> None:
        self.result = result
        self.retry_button.setEnabled(False)
        if isinstance(result, BaseException):
            self.headline.setText(
                self.tr("The backfill stopped: {reason}").format(reason=sentence(result))
            )
            return
        assert isinstance(result, RunSummary)
        text = result.sentence
        self.headline.setText(text[:1].upper() + text[1:])
        metadata = LakeLayout(self.w.context.lake_root).metadata
        run_task(
            lambda: run_rows(metadata, result.run_id), self._rows, self._rows_failed,
            pool=self.w.pools.queries, owner=self,
        )  # fmt: skip

    def _rows(self, found: tuple[list[DatasetRows], list[PartitionRecord]]) -> None:
        self.rows, self.failed = found
        fill_table(
            self.table, [(dataset_name(r.dataset), r.done, r.failed, r.rows) for r in self.rows]
        )
        self.failures.clear()
        for p in self.failed:
            self.failures.addItem(
                self.tr("{data} {day} ({step}): {error}").format(
                    data=dataset_name(p.dataset),
                    day=p.day or self.tr("today"),
                    step=stage_name(p.stage),
                    error=p.error or self.tr("failed"),
                )
            )
        self._show_failures(bool(self.failed))
        self.retry_button.setEnabled(bool(self.failed) and not self.w.engine.running)

    def _show_failures(self, shown: bool) -> None:
        """The failures box only when something failed: the results get the room else."""
        for widget in (self.failures_label, self.failures, self.retry_button):
            widget.setVisible(shown)

    def _rows_failed(self, exc: BaseException) -> None:
        self.headline.setText(
            self.headline.text()
            + "\n"
            + self.tr("The run's details cannot be read: {reason}").format(reason=sentence(exc))
        )

    def retry(self) -> None:
        if not self.failed or not self.w.engine.retry_failed(self.failed):
            self.headline.setText(self.tr("Another run is going on: retry when it has finished."))
            return
        self.retrying = True
        self.retry_button.setEnabled(False)
        self.headline.setText(
            self.tr("Retrying {count} failed partitions…").format(count=len(self.failed))
        )

    def _retry_finished(self, result: Any) -> None:
        if self.retrying:
            self.retrying = False
            self.show_result(result)


class BackfillWizard(QWizard):
    def __init__(
        self, context: AppContext, engine: EngineRunner, pools: Pools, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context, self.engine, self.pools = context, engine, pools
        self.setWindowTitle(self.tr("Backfill"))
        self.setWindowFlag(Qt.WindowType.Window)  # its own window beside the dashboard
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        # one way to close on the summary ("Close"), not Finish next to Close
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.setButtonText(QWizard.WizardButton.FinishButton, translate("Backfill", CLOSE))
        self.resize(640, 520)
        self.datasets_page = DatasetsPage()
        self.range_page = RangePage(self)
        self.mode_page = ModePage()
        self.plan_page = PlanPage(self)
        self.run_page = RunPage(self)
        self.summary_page = SummaryPage(self)
        for page in (
            self.datasets_page, self.range_page, self.mode_page, self.plan_page, self.run_page,
            self.summary_page,
        ):  # fmt: skip
            self.addPage(page)

    @property
    def running(self) -> bool:
        return self.run_page.active or self.run_page.waiting or self.summary_page.retrying
