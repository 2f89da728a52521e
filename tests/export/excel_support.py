"""Reading exported workbooks back (openpyxl) for the export tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

MADE_AT = datetime(2026, 1, 21, 9, 30)  # when the tests' workbooks say they were made


def table_of(sheet: Worksheet) -> tuple[int, list[str], list[list]]:
    """(header row, titles, rows of values) of a sheet's table: its autofilter's range."""
    first, last = sheet.auto_filter.ref.split(":")
    header = int("".join(ch for ch in first if ch.isdigit()))
    bottom = int("".join(ch for ch in last if ch.isdigit()))
    rows = [list(r) for r in sheet.iter_rows(min_row=header, max_row=bottom, values_only=True)]
    titles = [t for t in rows[0] if t is not None]
    return header, titles, [r[: len(titles)] for r in rows[1:]]


def heading_of(sheet: Worksheet, header_row: int) -> list[str]:
    """The lines of text above a sheet's table."""
    cells = (sheet.cell(row=r, column=1).value for r in range(1, header_row))
    return [c for c in cells if c is not None]


def formats_of(sheet: Worksheet, row: int, count: int) -> list[str]:
    """The number formats of the first `count` cells of a row."""
    return [sheet.cell(row=row, column=c).number_format for c in range(1, count + 1)]


def width_of(sheet: Worksheet, column: int) -> float:
    """A column's width (openpyxl keeps neighbours of equal width as one range)."""
    for dimension in sheet.column_dimensions.values():
        if dimension.min <= column <= dimension.max:
            return dimension.width
    raise AssertionError(f"column {column} has no width set")


def load(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)
