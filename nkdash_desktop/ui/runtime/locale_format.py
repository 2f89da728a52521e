"""Figures and days in the widgets, rendered by QLocale for the operator's locale with the same
rules as the engine's Babel rendering (kpi/format.Formatter): the tables, the chart hovers and
axes read exactly like the cards, the CLI and the workbook (tests/test_formats.py)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import cache

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from nkdash_desktop.i18n import current_locale
from nkdash_desktop.kpi import format as fmt

# CLDR (ICU) date-pattern letters -> Qt's: runs of a letter, or a quoted literal
_FIELD = re.compile(r"'[^']*'|([A-Za-z])\1*")
_QT_FIELDS = {"y": "yyyy", "E": "ddd", "EEE": "ddd", "EEEE": "dddd", "c": "ddd", "ccc": "ddd"}


def qt_pattern(cldr: str) -> str:
    """'E, d MMM y' -> 'ddd, d MMM yyyy': QDate's format for a CLDR pattern."""

    def field(m: re.Match[str]) -> str:
        text = m.group(0)
        if text.startswith("'"):
            return text
        return _QT_FIELDS.get(text, _QT_FIELDS.get(text[0], text) if text[0] in "yEc" else text)

    return _FIELD.sub(field, cldr)


@cache
def qlocale(name: str | None = None) -> QLocale:
    return QLocale(name or current_locale())


def plotly_separators() -> str:
    """Plotly's `separators` layout attribute for the locale: its decimal point, then its
    thousands separator (".," in English, ",." in Indonesian), so the numbers plotly.js formats
    itself (axis ticks, %{percent} in hovers) read like the rest of the app."""
    locale = qlocale(current_locale())
    return locale.decimalPoint() + locale.groupSeparator()


class QtFormatter(fmt.Formatter):
    """kpi.format's rules over QLocale's numbers and month and weekday names."""

    def number(self, value: float, decimals: int = 0) -> str:
        # rounded as the engine rounds (half away from zero): QLocale then only spells it
        shown = float(fmt.rounded(value, decimals))
        return qlocale(current_locale()).toString(shown, "f", decimals)

    def when(self, style: str, moment: date | datetime) -> str:
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, time.min)
        qt = QDateTime(
            QDate(moment.year, moment.month, moment.day),
            QTime(moment.hour, moment.minute, moment.second),
        )
        return qlocale(current_locale()).toString(qt, qt_pattern(fmt.pattern(style)))


QT = QtFormatter()
