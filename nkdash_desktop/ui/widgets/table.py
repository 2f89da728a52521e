"""Polars frames as sortable Qt tables of the columns kpi.columns declares, formatted like the
cards (kpi.format, rendered by QLocale: ui/runtime/locale_format.py)."""

from __future__ import annotations

from typing import Any

import polars as pl
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from nkdash_desktop.kpi.columns import NUMERIC_KINDS, Column, cell_text, column_title
from nkdash_desktop.ui.runtime.locale_format import QT

CELL_PADDING = 16  # the cell's margins and focus frame around its text
HEADER_PADDING = 28  # room for the sort arrow next to a heading
NOTE_WIDTH = 320  # a note column's widest; the whole text is in the cell's tooltip
MEASURED = 3  # the longest texts of a column measured: digits and most letters share widths


def _text(kind: str, value: Any, symbol: str) -> str:
    return cell_text(kind, value, symbol, QT)


class FrameModel(QStandardItemModel):
    """Read-only rows of a frame, held by Qt as items: the view paints them without calling
    back into Python (a Python data() is called per cell and role at every paint, each call
    waiting for the interpreter lock while a sync runs in the workers). `rows` keeps the raw
    values in the shown order (the view is read-only: no editing)."""

    def __init__(self, columns: list[Column], parent: QWidget | None = None) -> None:
        super().__init__(0, len(columns), parent)
        self.columns = columns
        self.rows: list[tuple[Any, ...]] = []
        self.symbol = ""
        self.flag_colour = QColor("#b91c1c")
        self.setHorizontalHeaderLabels([column_title(c) for c in columns])

    @classmethod
    def filled(cls, columns: list[Column], frame: pl.DataFrame, symbol: str = "") -> FrameModel:
        """A model holding `frame`, built where called (a worker thread: thousands of items
        cost the UI thread tens of milliseconds) and handed over to the UI thread."""
        model = cls(columns)
        model.set_frame(frame, symbol)
        app = QCoreApplication.instance()
        if app is not None:
            model.moveToThread(app.thread())
        return model

    def set_frame(self, frame: pl.DataFrame, symbol: str = "") -> None:
        """`rows` holds each shown column's value, then the hover texts (Column.hover)."""
        self.symbol = symbol
        keys = [c.key for c in self.columns] + [c.hover for c in self.columns if c.hover]
        # columns as Python lists, no polars query: this runs on the UI thread for small tables
        rows = zip(*(frame[k].to_list() for k in keys), strict=True) if frame.height else []
        self._show(list(rows))

    def _show(self, rows: list[tuple[Any, ...]]) -> None:
        self.rows = rows
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        self.setRowCount(0)
        self.setRowCount(len(rows))
        hovers = [c for c, column in enumerate(self.columns) if column.hover]
        for r, row in enumerate(rows):
            hover = dict(zip(hovers, row[len(self.columns) :], strict=True))
            for c, (column, value) in enumerate(zip(self.columns, row, strict=False)):
                item = QStandardItem(_text(column.kind, value, self.symbol))
                if column.kind == "note" and value:
                    item.setToolTip(str(value))
                elif hover.get(c):
                    item.setToolTip(str(hover[c]))
                if column.kind in NUMERIC_KINDS:
                    item.setTextAlignment(right)
                elif column.kind == "flag" and value:
                    item.setForeground(self.flag_colour)
                self.setItem(r, c, item)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        # None sorts last either way
        present = [r for r in self.rows if r[column] is not None]
        missing = [r for r in self.rows if r[column] is None]
        present.sort(key=lambda r: r[column], reverse=descending)
        self._show(present + missing)

    def column_values(self, key: str) -> list[Any]:
        i = [c.key for c in self.columns].index(key)
        return [r[i] for r in self.rows]


class FrameTable(QTableView):
    def __init__(
        self, columns: list[Column], parent: QWidget | None = None, stretch: int = 0
    ) -> None:
        """`stretch`: the column given the room the others leave (the name, or a note)."""
        super().__init__(parent)
        self.stretch = stretch
        self.frame_model = FrameModel(columns, self)
        self.setModel(self.frame_model)
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)  # an amount on two lines ("Rp" over its digits) misreads
        self.setTextElideMode(Qt.TextElideMode.ElideRight)  # only notes (errors) can be cut
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        # widths measured from the longest texts of each new frame (fit_columns): sizing to
        # every row (ResizeToContents) costs the UI thread each time the table is shown
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.content_widths: list[int] = []
        # rows come in the query's order until the operator sorts by a column
        header.setSortIndicatorShown(False)
        header.sectionClicked.connect(lambda _: header.setSortIndicatorShown(True))
        self._new_rows()  # before any rows: headings whole (a longer language's too)

    def set_frame(self, frame: pl.DataFrame, symbol: str = "") -> None:
        self.frame_model.set_frame(frame, symbol)
        self._new_rows()

    def set_model(self, model: FrameModel) -> None:
        """Show a model filled elsewhere (FrameModel.filled) in place of the current one."""
        old, self.frame_model = self.frame_model, model
        self.setModel(model)
        if old.parent() is self:
            old.deleteLater()
        model.setParent(self)
        self._new_rows()

    def content_widths_now(self) -> list[int]:
        """The width each column needs to show its heading and every cell whole. The texts
        come from the raw rows, in Python, and only the longest few are measured: each Qt
        call waits for the interpreter lock while a sync runs in the workers."""
        model = self.frame_model
        cells, heads = self.fontMetrics(), self.horizontalHeader().fontMetrics()
        widths = []
        for c, column in enumerate(model.columns):
            texts = {_text(column.kind, row[c], model.symbol) for row in model.rows}
            longest = sorted(texts, key=len, reverse=True)[:MEASURED]
            text = max((cells.horizontalAdvance(t) for t in longest), default=0)
            heading = str(model.headerData(c, Qt.Orientation.Horizontal))  # as shown
            width = max(text + CELL_PADDING, heads.horizontalAdvance(heading) + HEADER_PADDING)
            widths.append(min(width, NOTE_WIDTH) if column.kind == "note" else width)
        return widths

    def fit_columns(self) -> None:
        """Every column as wide as its longest text; the room left over goes to the stretch
        column (the first, the name, unless told). Too narrow a table scrolls sideways rather than cut a figure."""
        if not self.content_widths:
            return
        widths = list(self.content_widths)
        spare = self.viewport().width() - sum(widths)
        if spare > 0:
            widths[self.stretch] += spare
        for column, width in enumerate(widths):
            self.setColumnWidth(column, width)

    def needed_width(self) -> int:
        """The width that shows every column whole without scrolling sideways (its frame and
        a vertical scroll bar included)."""
        bar = self.verticalScrollBar().sizeHint().width()
        return sum(self.content_widths) + 2 * self.frameWidth() + bar

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # not for a change of height
            self.fit_columns()

    def _new_rows(self) -> None:
        self.content_widths = self.content_widths_now()
        self.fit_columns()
        header = self.horizontalHeader()
        if header.isSortIndicatorShown():
            self.frame_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
