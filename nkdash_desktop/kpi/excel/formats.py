"""How figures look in Excel: one number format per kind of column (the kinds of
kpi.columns.Column, which the screen's tables read too) and column widths."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from locale import windows_locale

import polars as pl

from nkdash_desktop.i18n import SOURCE_LANGUAGE, current_language, current_locale
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.columns import Column, column_title
from nkdash_desktop.kpi.excel.rows import as_text
from nkdash_desktop.kpi.format import Currency

# kinds of column (and of Summary rows): the Excel number format of each, without currency;
# text, flag and note have none
NUMBER_FORMATS: dict[str, str] = {
    "id": "0",  # an Odoo record id: no thousands separator
    "count": "#,##0",
    "quantity": "#,##0.00",
    "number": "#,##0.00",
    "percent": "0.0%",
    "seconds": '#,##0.0 "s"',
    "change": "+0.0%;-0.0%;0.0%",  # relative change against the previous period
    "points": '+0.0 "pt";-0.0 "pt";0.0 "pt"',  # change of a ratio, in percentage points
    "day": "ddd dd mmm yyyy",
    "time": "dd mmm yyyy hh:mm:ss",
    "clock": "hh:mm:ss",
}
ALIASES = {"ratio": "percent"}  # summary.METRICS kinds
MIN_WIDTH, MAX_WIDTH = 8, 60
FILTER_BUTTON = 3  # characters the autofilter's drop-down arrow covers in a header cell


def number_format(kind: str, currency: Currency) -> str | None:
    """The Excel number format of a kind; None for text. Codes are in Excel's invariant
    notation (`,` groups thousands, `.` is the decimal point): Excel shows them with the
    separators of the Windows that opens the file. Days carry the language's month and weekday
    names through a locale tag (docs/i18n.md)."""
    kind = ALIASES.get(kind, kind)
    if kind == "money":
        return currency.number_format()
    if kind == "points":
        unit = fmt.points_unit()
        return f'+0.0 "{unit}";-0.0 "{unit}";0.0 "{unit}"'
    if kind == "seconds":
        return f'#,##0.0 "{fmt.seconds_unit()}"'
    if kind in ("day", "time") and current_language() != SOURCE_LANGUAGE:
        day = excel_date_code(fmt.pattern("weekday_day" if kind == "day" else "day"))
        return f"[$-{lcid(current_locale()):X}]{day}" + (" hh:mm:ss" if kind == "time" else "")
    return NUMBER_FORMATS.get(kind)


_CLDR_FIELD = re.compile(r"'[^']*'|([A-Za-z])\1*")
_EXCEL_FIELDS = {"E": "ddd", "EEE": "ddd", "EEEE": "dddd", "y": "yyyy", "yy": "yy", "M": "m"}


def excel_date_code(cldr: str) -> str:
    """A CLDR date pattern as an Excel date code: 'E, d MMM y' -> 'ddd, d mmm yyyy'."""

    def field(m: re.Match[str]) -> str:
        text = m.group(0)
        if text.startswith("'"):
            return '"' + text.strip("'") + '"'
        if text in _EXCEL_FIELDS:
            return _EXCEL_FIELDS[text]
        if text[0] == "E":
            return "ddd"
        if text[0] == "y":
            return "yyyy"
        return text.lower() if text[0] == "M" else text

    return _CLDR_FIELD.sub(field, cldr)


def lcid(locale_name: str) -> int:
    """The Windows locale id of a locale ('id_ID' -> 0x421) for Excel's [$-421] tag."""
    ids = {name: number for number, name in windows_locale.items()}
    language = locale_name.split("_")[0]
    return ids.get(locale_name) or next(
        (n for name, n in ids.items() if name.split("_")[0] == language), 0x409
    )


def infer_kind(dtype: pl.DataType) -> str:
    """The kind of a column nobody described, from its type."""
    if dtype == pl.Date:
        return "day"
    if isinstance(dtype, pl.Datetime):
        return "time"
    if dtype == pl.Time:
        return "clock"
    if isinstance(dtype, pl.Duration):
        return "seconds"
    if dtype == pl.Boolean:
        return "flag"
    if dtype.is_integer():
        return "count"
    if dtype.is_numeric():
        return "number"
    return "text"


def describe_columns(
    frame: pl.DataFrame,
    columns: Sequence[Column] | None = None,
    money_columns: Sequence[str] = (),
    percent_columns: Sequence[str] = (),
) -> list[Column]:
    """Every column of `frame`, described: as given in `columns`, else money or percent when
    named so, else by its type; titled by its name unless `columns` says otherwise."""
    given = {c.key: c for c in columns or ()}
    unknown = (set(given) | set(money_columns) | set(percent_columns)) - set(frame.columns)
    if unknown:
        raise ValueError(f"no such column(s) in the table: {', '.join(sorted(unknown))}")
    out = []
    for name, dtype in frame.schema.items():
        if name in given:
            out.append(given[name])
        elif name in money_columns:
            out.append(Column(name, name, "money"))
        elif name in percent_columns:
            out.append(Column(name, name, "percent"))
        else:
            out.append(Column(name, name, infer_kind(dtype)))
    return out


def shown_width(values: pl.Series, kind: str, currency: Currency) -> int:
    """Characters the widest value takes once formatted (an estimate for numbers)."""
    if values.len() == values.null_count():
        return 0
    longest = date(2026, 9, 30)  # a long day and month name in most languages
    widths = {
        "day": fmt.weekday_day(longest),
        "time": f"{fmt.day(longest)} 23:59:59",
        "clock": "23:59:59",
    }
    if kind in widths:
        return len(widths[kind])
    if kind == "flag" or values.dtype == pl.Boolean:
        return len("FALSE")
    if isinstance(values.dtype, pl.Duration):
        values = values.dt.total_microseconds() / 1e6
    if not values.dtype.is_numeric():
        text = values.to_frame().select(as_text(pl.first(), values.dtype).str.len_chars())
        return int(text.to_series().max() or 0)
    numbers = values.cast(pl.Float64)
    finite = numbers.filter(numbers.is_finite())
    largest = float(finite.abs().max() or 0) if finite.len() else 0.0
    if kind in ("percent", "ratio", "change", "points"):
        largest *= 100
    digits = len(f"{largest:,.0f}") + 1  # and a sign
    if kind == "money":
        label = len(currency.label) + 1 if currency.label else 0
        return digits + label + (currency.decimals + 1 if currency.decimals else 0)
    return digits + {"count": 0, "percent": 3, "ratio": 3, "change": 3, "points": 5}.get(kind, 3)


def fitted_width(title: str, shown: int) -> int:
    """A width fitting the header (with its filter button) and the widest value, capped."""
    return min(max(len(title) + FILTER_BUTTON, shown + 1, MIN_WIDTH), MAX_WIDTH)


def column_width(frame: pl.DataFrame, column: Column, currency: Currency) -> int:
    title = column_title(column)
    return fitted_width(title, shown_width(frame[column.key], column.kind, currency))
