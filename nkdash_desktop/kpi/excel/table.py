"""Any KPI table to a workbook of its own: exactly the rows and columns given, in their order
(the UI passes what it shows, filtered and sorted as shown)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import polars as pl

from nkdash_desktop.kpi.columns import Column
from nkdash_desktop.kpi.excel.book import Book
from nkdash_desktop.kpi.excel.formats import describe_columns
from nkdash_desktop.kpi.format import Currency


def export_frame(
    frame: pl.DataFrame,
    path: Path | str,
    *,
    title: str | Sequence[str],
    currency: Currency | None = None,
    percent_columns: Sequence[str] = (),
    money_columns: Sequence[str] = (),
    columns: Sequence[Column] | None = None,
    notes: Sequence[str] = (),
    made_at: datetime | None = None,
) -> Path:
    """Write `frame` to the workbook `path` (atomically), one sheet named after the title.

    `title`: the table's title, or its heading lines (title, then e.g. the company and the
    period). Columns are money or percent when listed so, take their title and kind from
    `columns` when described there, else are typed by their data (dates as dates, whole
    numbers with separators...). Money is in `currency` (none: no currency label)."""
    heading = [title] if isinstance(title, str) else list(title)
    if not heading or not heading[0].strip():
        raise ValueError("an exported table needs a title")
    described = describe_columns(frame, columns, money_columns, percent_columns)
    book = Book(currency or Currency(), made_at, title=heading[0])
    book.add_table(heading[0], heading, frame, described, notes)
    return book.save(path)
