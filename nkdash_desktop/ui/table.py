"""Polars frames as sortable Qt tables, formatted like the cards (kpi.format)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import polars as pl
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from nkdash_desktop.kpi import format as fmt

Index = QModelIndex | QPersistentModelIndex
NUMERIC = {"money", "count", "quantity", "percent", "seconds"}
SIZING_ROWS = 50


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = "text"  # text | money | count | quantity | percent | seconds | day | time | flag


def _text(kind: str, value: Any, symbol: str) -> str:
    if value is None:
        return "" if kind in ("text", "flag") else fmt.NO_VALUE
    if kind == "money":
        return fmt.money(value, symbol)
    if kind == "count":
        return fmt.count(value)
    if kind == "quantity":
        return fmt.quantity(value)
    if kind == "percent":
        return fmt.percent(value)
    if kind == "seconds":
        return f"{value:,.1f} s"
    if kind == "day" and isinstance(value, date):
        return f"{value:%a %d %b %Y}"
    if kind == "time" and isinstance(value, datetime):
        return f"{value:%d %b %Y %H:%M:%S}"
    if kind == "flag":
        return "yes" if value else ""
    return str(value)


class FrameModel(QAbstractTableModel):
    """Read-only rows of a frame; DisplayRole is formatted text, UserRole the raw value (the
    sort key)."""

    def __init__(self, columns: list[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[tuple[Any, ...]] = []
        self.symbol = ""
        self.flag_colour = QColor("#b91c1c")

    def set_frame(self, frame: pl.DataFrame, symbol: str = "") -> None:
        self.beginResetModel()
        self.symbol = symbol
        keys = [c.key for c in self.columns]
        self.rows = list(frame.select(keys).iter_rows()) if frame.height else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(column.kind, value, self.symbol)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.kind == "flag" and value:
            return self.flag_colour
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        descending = order == Qt.SortOrder.DescendingOrder
        # None sorts last either way
        present = [r for r in self.rows if r[column] is not None]
        missing = [r for r in self.rows if r[column] is None]
        present.sort(key=lambda r: r[column], reverse=descending)
        self.rows = present + missing
        self.layoutChanged.emit()

    def column_values(self, key: str) -> list[Any]:
        i = [c.key for c in self.columns].index(key)
        return [r[i] for r in self.rows]


class FrameTable(QTableView):
    def __init__(self, columns: list[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frame_model = FrameModel(columns, self)
        self.setModel(self.frame_model)
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        # widths from the first rows, once per new frame: sizing to every row of a long table
        # (ResizeToContents) costs the UI thread each time the table is shown or scrolled
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the name column
        header.setResizeContentsPrecision(SIZING_ROWS)
        # rows come in the query's order until the operator sorts by a column
        header.setSortIndicatorShown(False)
        header.sectionClicked.connect(lambda _: header.setSortIndicatorShown(True))

    def set_frame(self, frame: pl.DataFrame, symbol: str = "") -> None:
        self.frame_model.set_frame(frame, symbol)
        self.resizeColumnsToContents()
        header = self.horizontalHeader()
        if header.isSortIndicatorShown():
            self.frame_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
