"""The backfill wizard's choice pages: datasets, date range (checked against where Odoo's
data starts, asked from a worker), mode, and the plan preview (a dry run of the backfill)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from nkdash_desktop import i18n
from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.errors import sentence
from nkdash_desktop.names import dataset_name
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.pipeline.runner import _duration
from nkdash_desktop.pipeline.sync import RunPlan, plan_backfill
from nkdash_desktop.ui.runtime.tasks import run_task
from nkdash_desktop.ui.runtime.translation import translate

if TYPE_CHECKING:
    from nkdash_desktop.ui.dialogs.backfill_wizard import BackfillWizard

DEFAULT_DAYS = 30
MODES = {
    "skip_complete": (
        QT_TRANSLATE_NOOP("Backfill", "Skip complete days"),
        QT_TRANSLATE_NOOP("Backfill", "Load only days not loaded yet (the usual choice)."),
    ),
    "rerun_failed": (
        QT_TRANSLATE_NOOP("Backfill", "Rerun failed days"),
        QT_TRANSLATE_NOOP("Backfill", "Load again only the days whose last load failed."),
    ),
    "rerun_all": (
        QT_TRANSLATE_NOOP("Backfill", "Rerun all days"),
        QT_TRANSLATE_NOOP("Backfill", "Load every day again, replacing what the lake has."),
    ),
}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def fit_table(table: QTableWidget) -> None:
    """The first (name) column takes the room left; the number columns are as wide as their
    headings and figures, never squeezed."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, table.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    table.setWordWrap(False)


def fill_table(table: QTableWidget, rows: list[tuple[object, ...]]) -> None:
    """Rows of (name, figures…): the figures right-aligned, thousands separated."""
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    table.setRowCount(len(rows))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            text = f"{value:,}" if isinstance(value, int) else str(value)
            item = QTableWidgetItem(text)
            if j:
                item.setTextAlignment(right)
            table.setItem(i, j, item)


def range_problems(first: date, last: date, today_: date, data_start: date | None) -> list[str]:
    """Why a range cannot be backfilled, one sentence each (none: it can)."""
    out: list[str] = []
    if first > last:
        out.append(translate("Backfill", "The first day comes after the last day: swap them."))
    if last > today_:
        out.append(
            translate(
                "Backfill",
                "The last day is in the future: the latest possible day is today, {day}.",
            ).format(day=today_)
        )
    if data_start is not None:
        if last < data_start:
            out.append(
                translate(
                    "Backfill", "Odoo has no data before {day}: the whole range is before it."
                ).format(day=data_start)
            )
        elif first < data_start:
            out.append(
                translate(
                    "Backfill", "Odoo's data starts on {day}: pick a first day on or after it."
                ).format(day=data_start)
            )
    return out


class DatasetsPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Datasets"))
        self.setSubTitle(self.tr("What to load from Odoo."))
        layout = QVBoxLayout(self)
        self.boxes: dict[str, QCheckBox] = {}
        for name, dataset in DATASETS.items():
            label = dataset_name(name)
            about = i18n.translate("Datasets", dataset.description) if dataset.description else ""
            box = QCheckBox(f"{label}: {about}" if about else label)
            box.setChecked(True)
            box.toggled.connect(self.completeChanged)
            layout.addWidget(box)
            self.boxes[name] = box
        self.hint = QLabel("")
        layout.addWidget(self.hint)
        layout.addStretch(1)

    def chosen(self) -> list[str]:
        return [name for name, box in self.boxes.items() if box.isChecked()]

    def isComplete(self) -> bool:
        ok = bool(self.chosen())
        self.hint.setText("" if ok else self.tr("Choose at least one dataset."))
        return ok


class RangePage(QWizardPage):
    def __init__(self, wizard: BackfillWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Date range"))
        self.setSubTitle(self.tr("The business days to load (in the shop's time zone)."))
        self.today = today(wizard.context.timezone)
        self.data_start: date | None = None
        self.checked_for: tuple[str, ...] | None = None
        self.asking = False
        self.first = QDateEdit(_qdate(self.today - timedelta(days=DEFAULT_DAYS)))
        self.last = QDateEdit(_qdate(self.today - timedelta(days=1)))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.completeChanged)
        self.problems = QLabel("")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b3261e")
        self.odoo_note = QLabel("")
        self.odoo_note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("First day"), self.first)
        form.addRow(self.tr("Last day"), self.last)
        form.addRow(self.problems)
        form.addRow(self.odoo_note)

    def range(self) -> tuple[date, date]:
        return _pydate(self.first.date()), _pydate(self.last.date())

    def initializePage(self) -> None:
        chosen = tuple(self.w.datasets_page.chosen())
        if chosen != self.checked_for:
            self.checked_for = chosen
            self.data_start = None
            self._ask_odoo(chosen)
        self.completeChanged.emit()

    def _ask_odoo(self, datasets: tuple[str, ...]) -> None:
        """Where Odoo's data starts, from a worker; the range waits for no answer."""
        self.asking = True
        self.odoo_note.setText(self.tr("Asking Odoo where its data starts…"))
        context = self.w.context

        def ask() -> date | None:
            from nkdash_desktop.pipeline.first_days import data_start, first_days

            with context.open_client() as client:
                return data_start(first_days(client, datasets, context.timezone))

        run_task(ask, self._answered, self._offline, pool=self.w.pools.odoo, owner=self)

    def _answered(self, start: date | None) -> None:
        self.asking = False
        self.data_start = start
        self.odoo_note.setText(
            self.tr("Odoo's data starts on {day}.").format(day=start)
            if start
            else self.tr("Odoo has no records of these datasets yet.")
        )
        self.completeChanged.emit()

    def _offline(self, exc: BaseException) -> None:
        self.asking = False
        self.odoo_note.setText(
            self.tr(
                "Odoo cannot be reached, so the range is not checked against its data: {reason}"
            ).format(reason=sentence(exc))
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        found = range_problems(*self.range(), self.today, self.data_start)
        self.problems.setText("\n".join(found))
        return not found


class ModePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Mode"))
        self.setSubTitle(self.tr("What to do with days the lake already has."))
        layout = QVBoxLayout(self)
        self.buttons: dict[str, QRadioButton] = {}
        for mode, (label, text) in MODES.items():
            label, text = translate("Backfill", label), translate("Backfill", text)
            button = QRadioButton(label)
            button.setToolTip(text)
            layout.addWidget(button)
            note = QLabel(text)
            note.setContentsMargins(24, 0, 0, 8)
            layout.addWidget(note)
            self.buttons[mode] = button
        self.buttons["skip_complete"].setChecked(True)
        layout.addStretch(1)

    def mode(self) -> str:
        return next(m for m, b in self.buttons.items() if b.isChecked())


class PlanPage(QWizardPage):
    def __init__(self, wizard: BackfillWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Plan preview"))
        self.setSubTitle(self.tr("What the backfill will load, with estimates from past runs."))
        self.setCommitPage(True)  # no way back once the run starts
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Start backfill"))
        self.plan: RunPlan | None = None
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Data"), self.tr("Days to load"), self.tr("Days skipped")]
        )
        fit_table(self.table)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.totals = QLabel("")
        self.totals.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)

    def initializePage(self) -> None:
        self.plan = None
        self.table.setRowCount(0)
        self.totals.setText(self.tr("Planning…"))
        w = self.w
        first, last = w.range_page.range()
        datasets, mode, context = w.datasets_page.chosen(), w.mode_page.mode(), w.context

        def preview() -> RunPlan:
            ctx = context.run_context(need_odoo=False)
            return plan_backfill(ctx, first, last, datasets=datasets, mode=mode)

        run_task(preview, self._planned, self._failed, pool=w.pools.queries, owner=self)
        self.completeChanged.emit()

    def _planned(self, plan: RunPlan) -> None:
        self.plan = plan
        rows = []
        for name in self.w.datasets_page.chosen():
            todo = [p for p in plan.partitions if p.dataset == name]
            skipped = [p for p in plan.skipped if p.dataset == name]
            rows.append((dataset_name(name), len(todo), len(skipped)))
        fill_table(self.table, rows)
        if plan.partitions:
            self.totals.setText(
                self.tr(
                    "{partitions} partitions to load, {skipped} skipped: about {requests}"
                    " requests to Odoo and {duration}."
                ).format(
                    partitions=len(plan.partitions),
                    skipped=len(plan.skipped),
                    requests=f"{plan.requests:,}",
                    duration=_duration(plan.seconds),
                )
            )
        else:
            self.totals.setText(
                self.tr(
                    "Nothing to load: every day in the range is complete. "
                    "Go back and choose “{mode}” to load them again."
                ).format(mode=translate("Backfill", MODES["rerun_all"][0]))
            )
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.totals.setText(
            self.tr("The plan cannot be made: {reason}").format(reason=sentence(exc))
        )

    def isComplete(self) -> bool:
        return self.plan is not None and bool(self.plan.partitions)
