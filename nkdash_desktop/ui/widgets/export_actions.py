"""Excel export from the app: "Export to Excel…" on any table (its context menu and a button)
and the Export → KPI report… action.

What a table shows is read on the UI thread (the model is not thread-safe): its visible rows in
the view's order, through any sort/filter proxy, and its visible columns in the header's order.
The workbook is written in a worker thread, so the window never waits on the disk. When the
target file is open in Excel, the operator is told and asked for another name.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import polars as pl
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QAbstractProxyModel,
    QModelIndex,
    QObject,
    QStandardPaths,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from nkdash_desktop.kpi.columns import KINDS, Column
from nkdash_desktop.kpi.excel import (
    Currency,
    ExportError,
    ExportFileLockedError,
    build_report,
    export_frame,
)
from nkdash_desktop.kpi.excel.formats import infer_kind
from nkdash_desktop.kpi.excel.report import company_label
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.source import KpiSource
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.settings import DEFAULT_TIMEZONE, AttentionSettings
from nkdash_desktop.ui.runtime.tasks import run_task
from nkdash_desktop.ui.runtime.translation import translate
from nkdash_desktop.ui.widgets.status_bar import show_fitted
from nkdash_desktop.ui.widgets.table import FrameModel

log = logging.getLogger(__name__)
EXPORT_TEXT = QT_TRANSLATE_NOOP("Export", "Export to Excel…")
NOT_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
# (parent, suggested file name, the problem with the previous choice or "") -> path or None
PathChooser = Callable[[QWidget, str, str], Path | None]
_last_folder: Path | None = None


@dataclass(frozen=True)
class ShownTable:
    """A snapshot of what a table shows, taken on the UI thread; `frame()` types it (the
    costly part) in the worker."""

    titles: list[str]  # the visible columns' headers, in the header's order
    rows: list[Sequence[Any]]  # the visible rows in the view's order, each the model's values
    picks: list[int]  # which value of a row each visible column shows
    kinds: list[str] | None = None  # per visible column (kpi.columns kinds); None: by type
    symbol: str = ""  # the currency symbol the table's amounts show

    @property
    def height(self) -> int:
        return len(self.rows)

    def frame(self) -> pl.DataFrame:
        """The shown values, typed, columns named by their (unique) titles."""
        names = _unique(self.titles)
        by_column = list(zip(*self.rows, strict=True)) if self.rows else []
        return pl.DataFrame(
            [
                pl.Series(name, by_column[pick] if by_column else [], strict=False)
                for name, pick in zip(names, self.picks, strict=True)
            ]
        )

    def columns(self, frame: pl.DataFrame) -> list[Column]:
        """The frame's columns with the table's kinds (no kind: by type)."""
        kinds = self.kinds or [""] * frame.width
        return [
            Column(name, name, kind if kind in KINDS else infer_kind(dtype))
            for name, kind, dtype in zip(frame.columns, kinds, frame.dtypes, strict=True)
        ]


class ReportRange(Protocol):
    """What the report covers; ui.tabs.base.Query is one."""

    @property
    def period(self) -> Period: ...

    @property
    def company_id(self) -> int | None: ...


def ask_path(parent: QWidget, suggested: str, problem: str = "") -> Path | None:
    """The file to write, from a save dialog (in the folder used last); None when cancelled."""
    global _last_folder
    if problem:
        QMessageBox.warning(parent, translate("Export", "Export to Excel"), problem)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = _last_folder or Path(documents or Path.home())
    name, _ = QFileDialog.getSaveFileName(
        parent,
        translate("Export", "Export to Excel"),
        str(folder / suggested),
        translate("Export", "Excel workbook (*.xlsx)"),
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(f"{path.name}.xlsx")
    _last_folder = path.parent
    return path


def table_heading(title: str, companies: pl.DataFrame, shown: ReportRange) -> list[str]:
    """A table's heading for title_fn: its title, then whose figures and which period."""
    return [title, f"{company_label(companies, shown.company_id)} · {shown.period.label()}"]


def file_name(title: str, day: date) -> str:
    """A file name for a title and the business day it is made on, valid on Windows:
    'Spend by vendor 2026-01-20.xlsx'."""
    text = NOT_IN_FILE_NAMES.sub(" ", title).strip(" .") or translate("Export", "Export")
    return f"{' '.join(text.split())} {day:%Y-%m-%d}.xlsx"


# -- reading what a table shows ---------------------------------------------------------------


def _to_source(index: QModelIndex) -> QModelIndex:
    """An index of the view's model, mapped through every proxy to the model under them."""
    model = index.model()
    while isinstance(model, QAbstractProxyModel):
        index = model.mapToSource(index)
        model = model.sourceModel()
    return index


def _bottom(model: QAbstractItemModel) -> QAbstractItemModel:
    while isinstance(model, QAbstractProxyModel):
        model = model.sourceModel()
    return model


def _unique(titles: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for title in titles:
        seen[title] = seen.get(title, 0) + 1
        out.append(title if seen[title] == 1 else f"{title} ({seen[title]})")
    return out


def shown_table(view: QTableView) -> ShownTable:
    """What the view shows: its visible rows in its order (sorted and filtered by any proxy)
    and its visible columns in the header's order. A FrameModel gives its raw values and
    column kinds; another model its UserRole values where it has them, else its shown ones."""
    model = view.model()
    header = view.horizontalHeader()
    columns = [
        logical
        for logical in map(header.logicalIndex, range(header.count()))
        if not header.isSectionHidden(logical)
    ]
    titles = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
    rows = list(range(model.rowCount()))
    if view.verticalHeader().hiddenSectionCount():
        rows = [r for r in rows if not view.isRowHidden(r)]
    source = _bottom(model)
    if source is model:
        source_rows, source_columns = list(rows), columns
    else:
        source_rows = [_to_source(model.index(r, 0)).row() for r in rows]
        first = rows[0] if rows else None
        source_columns = [
            c if first is None else _to_source(model.index(first, c)).column() for c in columns
        ]
    if isinstance(source, FrameModel):
        data = source.rows
        kinds = [source.columns[c].kind for c in source_columns]
        return ShownTable(
            titles, [data[r] for r in source_rows], source_columns, kinds, source.symbol
        )
    values = [_model_values(source, source_rows, c) for c in source_columns]
    return ShownTable(titles, list(zip(*values, strict=True)), list(range(len(columns))))


def _model_values(model: QAbstractItemModel, rows: list[int], column: int) -> list[Any]:
    raw = [model.index(r, column).data(Qt.ItemDataRole.UserRole) for r in rows]
    if any(v is not None for v in raw):
        return raw
    return [model.index(r, column).data(Qt.ItemDataRole.DisplayRole) for r in rows]


# -- writing in a worker, asking again when the file is open elsewhere ------------------------


class Exporter(QObject):
    """Asks for a file, writes it in a worker thread, reports back on the UI thread."""

    exported = Signal(str)  # the file written
    failed = Signal(str)  # why not, in one sentence
    busy_changed = Signal(bool)

    def __init__(
        self, widget: QWidget, choose_path: PathChooser | None, pool: QThreadPool | None
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self.choose_path = choose_path or ask_path
        self.pool = pool
        self.busy = False

    def start(self, suggested: str, write: Callable[[Path], str]) -> None:
        """Ask for the file (suggesting `suggested`), then run `write(path)` in a worker; it
        returns the sentence the status bar shows."""
        if self.busy:
            return
        path = self.choose_path(self.widget, suggested, "")
        if path is not None:
            self._run(write, path)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def _run(self, write: Callable[[Path], str], path: Path) -> None:
        self._set_busy(True)
        self.tell(translate("Export", "Exporting to {file}…").format(file=path.name))
        run_task(
            lambda: write(path),
            lambda sentence: self._done(path, sentence),
            lambda exc: self._failed(exc, write, path),
            pool=self.pool,
            owner=self,
        )

    def _done(self, path: Path, sentence: str) -> None:
        self._set_busy(False)
        self.tell(sentence)
        self.exported.emit(str(path))

    def _failed(self, exc: BaseException, write: Callable[[Path], str], path: Path) -> None:
        self._set_busy(False)
        if isinstance(exc, ExportFileLockedError):
            again = self.choose_path(self.widget, path.name, exc.sentence)
            if again is not None:
                self._run(write, again)
                return
        if isinstance(exc, ExportError):
            sentence = exc.sentence
        else:
            log.error("the Excel export failed: %s", exc, exc_info=exc)
            sentence = translate("Export", "The export failed: {reason}").format(reason=exc)
        self.refuse(sentence)

    def refuse(self, sentence: str) -> None:
        """Say why nothing was (or will be) written: on the status bar and in a box."""
        self.tell(sentence)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            translate("Export", "Export to Excel"),
            sentence,
            parent=self.widget,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): the window keeps working
        self.failed.emit(sentence)

    def tell(self, text: str) -> None:
        """Show `text` on the window's status bar, if it has one."""
        window = self.widget.window()
        if isinstance(window, QMainWindow):
            show_fitted(window, text, 10_000)  # a long path shortened, whole on hover


class ExportButton(QPushButton):
    """The "Export to Excel…" button of a table; `exporter` reports how an export went."""

    def __init__(self, exporter: Exporter, parent: QWidget | None = None) -> None:
        super().__init__(translate("Export", EXPORT_TEXT), parent)
        self.exporter = exporter
        exporter.busy_changed.connect(self.setDisabled)


def install_export(
    view: QTableView,
    title_fn: Callable[[], str | Sequence[str]],
    frame_fn: Callable[[], ShownTable] | None = None,
    *,
    currency_fn: Callable[[], Currency] | None = None,
    choose_path: PathChooser | None = None,
    pool: QThreadPool | None = None,
    timezone: Callable[[], str] | None = None,
    refusal: Callable[[], str] | None = None,
) -> ExportButton:
    """Add "Export to Excel…" to the view's context menu; return a button doing the same for
    the caller to place.

    title_fn: the sheet's heading, read when exporting: a title, or the title then lines such
    as the company and the period. frame_fn: what to export (default: what the view shows,
    shown_table). currency_fn: the amounts' currency (default: the table's symbol only;
    kpi.excel.company_currency gives the code too). choose_path: replaces the save dialog.
    pool: the worker threads (default: the global pool). timezone: the business timezone
    whose today (on the app's clock) dates the suggested file name (default: the settings'
    default one). refusal: why the table cannot be exported now, in one sentence ('' when it
    can), asked at the click before anything else (no file is asked for nor written)."""
    exporter = Exporter(view, choose_path, pool)
    read = frame_fn or (lambda: shown_table(view))

    def export() -> None:
        if refusal is not None and (sentence := refusal()):
            exporter.refuse(sentence)
            return
        shown = read()  # now, on the UI thread: the rows as shown at the click
        if not shown.titles:
            exporter.tell(translate("Export", "This table has no columns to export."))
            return
        heading = title_fn()
        title = heading if isinstance(heading, str) else heading[0]
        currency = currency_fn() if currency_fn else Currency(symbol=shown.symbol)

        def write(path: Path) -> str:
            frame = shown.frame()
            columns = shown.columns(frame)
            written = export_frame(frame, path, title=heading, currency=currency, columns=columns)
            return translate("Export", "Exported {rows} rows to {file}").format(
                rows=f"{frame.height:,}", file=written
            )

        zone = timezone() if timezone else DEFAULT_TIMEZONE
        exporter.start(file_name(title, today(zone)), write)

    action = QAction(translate("Export", EXPORT_TEXT), view)
    action.triggered.connect(export)
    exporter.busy_changed.connect(action.setDisabled)
    if view.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu:
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    view.addAction(action)
    button = ExportButton(exporter)
    button.clicked.connect(export)
    return button


class ReportAction(QAction):
    """Export → KPI report…; `exporter` reports how it went."""

    def __init__(self, exporter: Exporter, parent: QWidget) -> None:
        super().__init__(translate("Export", "KPI &report…"), parent)
        self.exporter = exporter
        exporter.busy_changed.connect(self.setDisabled)


def export_report_action(
    parent: QWidget,
    get_range: Callable[[], ReportRange],
    lake: Callable[[], KpiSource | Path | None],
    *,
    choose_path: PathChooser | None = None,
    pool: QThreadPool | None = None,
    attention: Callable[[], AttentionSettings] | None = None,
    refusal: Callable[[Period], str] | None = None,
) -> ReportAction:
    """The action making the KPI report workbook of the range shown: `get_range()` gives the
    period and company (the dashboard's Query), `lake()` the open KpiSource (or the lake's
    folder; None while the lake is not open yet), `attention()` the operator's thresholds of
    the "Needs attention" sheet (default: the settings' defaults), `refusal(period)` why the
    report of that period cannot be made now ('' when it can; then no file is asked for)."""
    exporter = Exporter(parent, choose_path, pool)
    action = ReportAction(exporter, parent)

    def export() -> None:
        chosen, source = get_range(), lake()
        if source is None:
            exporter.tell(translate("Export", "The lake is not open yet: try again in a moment."))
            return
        period, company_id = chosen.period, chosen.company_id
        if refusal is not None and (sentence := refusal(period)):
            exporter.refuse(sentence)
            return
        thresholds = attention() if attention is not None else None

        def write(path: Path) -> str:
            if isinstance(source, KpiSource):
                with source.cursor() as con:
                    report = build_report(
                        con, period.start, period.end, path, company_id,
                        attention_settings=thresholds,
                    )  # fmt: skip
            else:
                report = build_report(
                    source, period.start, period.end, path, company_id,
                    attention_settings=thresholds,
                )  # fmt: skip
            return report.sentence()

        suggested = translate("Export", "KPI report {first} to {last}.xlsx").format(
            first=f"{period.start:%Y-%m-%d}", last=f"{period.end:%Y-%m-%d}"
        )
        exporter.start(suggested, write)

    action.triggered.connect(export)
    return action
