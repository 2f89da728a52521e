"""A workbook of KPI tables, saved atomically.

Each sheet: a heading (title, what it covers, the currency, when the file was made), notes,
then one table with a bold header row that stays frozen, an autofilter and fitted widths.
xlsxwriter writes everything but the tables' rows, into memory; on `save` its sheets are copied
into the final file with the rows (rows.py) spliced in, through a temp file beside the target
that replaces it only once complete (lake.files.atomic_path).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from nkdash_desktop import APP_NAME, __version__, clock
from nkdash_desktop.errors import OperatorError
from nkdash_desktop.i18n import translate
from nkdash_desktop.kpi import format as figures
from nkdash_desktop.kpi.columns import Column, column_title
from nkdash_desktop.kpi.excel.formats import (
    Currency,
    column_width,
    fitted_width,
    number_format,
    shown_width,
)
from nkdash_desktop.kpi.excel.rows import row_xml
from nkdash_desktop.lake.files import atomic_path

SHEET_NAME_LIMIT = 31
EXCEL_ROWS = 1_048_576
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
COMPRESS_LEVEL = 1  # the rows' XML is large and repetitive: fast deflate, a few % larger
DOCUMENT_MODE = 0o644


class ExportError(OperatorError):
    """An export the operator can fix; the message is one sentence."""


class ExportFileLockedError(ExportError):
    """The target file cannot be replaced: on Windows, another program has it open."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        super().__init__(
            translate(
                "Export",
                "{file} is open in another program (Excel?): close it or choose another name",
            ).format(file=self.path.name)
        )


def sheet_name(text: str) -> str:
    """A valid Excel sheet name from any title."""
    name = NOT_IN_SHEET_NAMES.sub(" ", text).strip(" '")[:SHEET_NAME_LIMIT].strip()
    return name or translate("Export", "Sheet")


@dataclass
class _Rows:
    """A table's rows, spliced into its sheet on save."""

    part: str  # the sheet's file in the package, e.g. xl/worksheets/sheet2.xml
    frame: pl.DataFrame
    formats: list[Format | None]
    first_row: int
    last_cell: str


class Book:
    def __init__(self, currency: Currency, made_at: datetime | None = None, title: str = ""):
        self.currency = currency
        self.made_at = made_at or clock.now().astimezone()  # the app's clock, the PC's zone
        self._buffer = io.BytesIO()
        self._book = xlsxwriter.Workbook(
            self._buffer,
            # text stays text: a product named "=1+1" or "www.x.id" is not a formula or a link
            {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
        )
        created = self.made_at.astimezone(UTC).replace(tzinfo=None)
        self._book.set_properties({"title": title, "author": APP_NAME, "created": created})
        self._formats: dict[tuple[tuple[str, Any], ...], Format] = {}
        self._rows: list[_Rows] = []
        self.sheets: list[str] = []
        self._saved = False

    def _format(self, kind: str, currency: Currency | None = None) -> Format | None:
        """The cell format of a kind of value (None: General), or of a part of the sheet."""
        styles: dict[str, dict[str, Any]] = {
            "title": {"bold": True, "font_size": 14},
            "heading": {"font_color": "#555555"},
            "note": {"italic": True, "font_color": "#9a3412"},
            "header": {"bold": True, "bottom": 1, "bg_color": "#eef2f7"},
        }
        properties = styles.get(kind)
        if properties is None:
            code = number_format(kind, currency or self.currency)
            if code is None:
                return None
            properties = {"num_format": code}
        # one Format per look: xlsxwriter gives a style index to one object per look only
        key = tuple(sorted(properties.items()))
        if key not in self._formats:
            self._formats[key] = self._book.add_format(properties)
        return self._formats[key]

    def made_line(self, currency: Currency | None = None) -> str:
        amounts = (currency or self.currency).describe()
        made = translate("Export", "made {when} with {app} {version}").format(
            when=figures.day_clock(self.made_at), app=APP_NAME, version=__version__
        )
        return f"{amounts[:1].upper()}{amounts[1:]} · {made}"

    def _sheet(
        self,
        name: str,
        heading: Sequence[str],
        notes: Sequence[str],
        currency: Currency | None = None,
    ) -> tuple[Worksheet, int]:
        """A new sheet with its heading and notes; the row its table's header goes on."""
        name = sheet_name(name)
        if name.lower() in (s.lower() for s in self.sheets):
            raise ValueError(
                translate("Export", "the workbook already has a sheet named {name}").format(
                    name=repr(name)
                )
            )
        sheet = self._book.add_worksheet(name)
        self.sheets.append(name)
        lines = [*heading, self.made_line(currency)]
        sheet.write_string(0, 0, lines[0], self._format("title"))
        for row, line in enumerate(lines[1:], start=1):
            sheet.write_string(row, 0, line, self._format("heading"))
        for row, note in enumerate(notes, start=len(lines)):
            sheet.write_string(row, 0, note, self._format("note"))
        return sheet, len(lines) + len(notes) + 1  # a blank row before the table

    def _header(self, sheet: Worksheet, row: int, titles: Sequence[str], rows: int) -> None:
        for col, title in enumerate(titles):
            sheet.write_string(row, col, title, self._format("header"))
        sheet.freeze_panes(row + 1, 0)
        sheet.autofilter(row, 0, row + rows, len(titles) - 1)

    def add_table(
        self,
        name: str,
        heading: Sequence[str],
        frame: pl.DataFrame,
        columns: Sequence[Column],
        notes: Sequence[str] = (),
        currency: Currency | None = None,
    ) -> None:
        """A sheet showing `columns` of `frame`, its rows in the frame's order; its amounts in
        `currency` (default: the book's)."""
        currency = currency or self.currency
        if not columns:
            raise ValueError("a table needs at least one column")
        table = frame.select(c.key for c in columns)
        room = EXCEL_ROWS - len(heading) - len(notes) - 3
        if table.height > room:
            raise ExportError(
                translate(
                    "Export",
                    "an Excel sheet holds at most {room} rows of a table and this one has "
                    "{rows}: filter it or choose a shorter period",
                ).format(room=figures.count(room), rows=figures.count(table.height))
            )
        sheet, header_row = self._sheet(name, heading, notes, currency)
        self._header(sheet, header_row, [column_title(c) for c in columns], table.height)
        formats = [self._format(c.kind, currency) for c in columns]
        for col, (column, fmt) in enumerate(zip(columns, formats, strict=True)):
            sheet.set_column(col, col, column_width(table, column, currency), fmt)
        last = f"{xl_col_to_name(len(columns) - 1)}{header_row + 1 + table.height}"
        part = f"xl/worksheets/sheet{len(self.sheets)}.xml"
        self._rows.append(_Rows(part, table, formats, header_row + 1, last))

    def add_figures(
        self,
        name: str,
        heading: Sequence[str],
        titles: Sequence[str],
        rows: Sequence[Sequence[tuple[Any, str] | tuple[Any, str, Currency]]],
        notes: Sequence[str] = (),
    ) -> None:
        """A sheet of a few figures whose kind changes from row to row (the Summary): each
        cell a (value, kind) or (value, kind, currency of an amount: default the book's);
        None leaves the cell empty."""
        sheet, header_row = self._sheet(name, heading, notes)
        self._header(sheet, header_row, titles, len(rows))
        shown = [0] * len(titles)
        for r, cells in enumerate(rows, start=header_row + 1):
            for col, (value, kind, *of) in enumerate(cells):
                currency = of[0] if of else self.currency
                fmt = self._format(kind, currency)
                if value is None:
                    sheet.write_blank(r, col, None, fmt)
                elif isinstance(value, str):
                    sheet.write_string(r, col, value, fmt)
                else:
                    sheet.write_number(r, col, value, fmt)
                width = shown_width(pl.Series([value]), kind, currency)
                shown[col] = max(shown[col], width)
        for col, title in enumerate(titles):
            sheet.set_column(col, col, fitted_width(title, shown[col]))

    def save(self, path: Path | str) -> Path:
        """Write the workbook to `path` atomically; the previous file stays whole on failure."""
        if self._saved:
            raise RuntimeError("a Book is saved once")
        dest = Path(path)
        _refuse_if_open(dest)
        self._saved = True
        self._book.close()
        stage = "folder"
        try:
            with atomic_path(dest) as tmp:
                stage = "write"
                self._write(tmp)
                # a document, not a private temp file: readable like the file it replaces
                os.chmod(tmp, dest.stat().st_mode & 0o777 if dest.exists() else DOCUMENT_MODE)
                stage = "replace"
        except PermissionError as exc:
            if stage == "replace":
                raise ExportFileLockedError(dest) from exc
            raise ExportError(
                translate(
                    "Export", "cannot write in {folder}: permission denied; choose another folder"
                ).format(folder=dest.parent)
            ) from exc
        return dest

    def _write(self, target: Path) -> None:
        rows = {r.part: r for r in self._rows}
        with (
            zipfile.ZipFile(self._buffer) as skeleton,
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as out,
        ):
            for info in skeleton.infolist():
                data = skeleton.read(info)
                if info.filename not in rows:
                    out.writestr(info, data)
                    continue
                table = rows[info.filename]
                head, tail = _split_sheet(data.decode("utf-8"), table.last_cell)
                styles = [_style_index(f) for f in table.formats]
                with out.open(info.filename, "w") as part:
                    part.write(head)
                    for chunk in row_xml(table.frame, styles, table.first_row):
                        part.write(chunk)
                    part.write(tail)


def _style_index(fmt: Format | None) -> int:
    """A format's index in the saved styles (0: the default look)."""
    if fmt is None:
        return 0
    if fmt.xf_index is None:  # never happens while each look has one Format (see _format)
        raise RuntimeError("a cell format was not saved with the workbook")
    return fmt.xf_index


def _split_sheet(xml: str, last_cell: str) -> tuple[bytes, bytes]:
    """The sheet's XML before and after where the table's rows go (the end of sheetData), its
    used range widened to the last row."""
    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last_cell}"/>', xml, count=1)
    at = xml.index("</sheetData>")  # the heading is always there: never an empty <sheetData/>
    return xml[:at].encode("utf-8"), xml[at:].encode("utf-8")


def _refuse_if_open(dest: Path) -> None:
    """Fail before any work when the target cannot be opened for writing: on Windows, a file
    open in Excel (the replace at the end would fail after the export's work)."""
    if not dest.exists():
        return
    try:
        fd = os.open(dest, os.O_WRONLY | os.O_APPEND)
    except PermissionError as exc:
        raise ExportFileLockedError(dest) from exc
    os.close(fd)
