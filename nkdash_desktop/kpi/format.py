"""How KPI figures and days read, in the cards, the tables, the CLI and the workbook alike, in the
operator's locale (CLDR through Babel: `Rp 53.642.481`, `5 Des 2026` in Indonesian), and the
currency amounts are in (its symbol and decimals: the screen and the workbook show the same).

The widgets format with QLocale for the same locale where they format themselves
(ui/runtime/locale_format.py); tests/test_formats.py checks both read alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale
from babel.dates import format_datetime, match_skeleton
from babel.numbers import format_compact_decimal, format_decimal

from nkdash_desktop.i18n import current_language, current_locale, translate

NO_VALUE = "—"
# Currencies whose amounts are whole units in practice. IDR has 2 decimals in ISO 4217, but
# rupiah prices and totals carry no sen.
WHOLE_UNIT_CURRENCIES = frozenset(
    {"IDR", "JPY", "KRW", "VND", "CLP", "ISK", "PYG", "UGX", "XAF", "XOF"}
)
# English keeps the app's house style of days (05 Dec 2026, 24-hour clock) whatever English
# region; other languages use their locale's CLDR skeletons (id: 5 Des 2026, Sab, 14.05).
ENGLISH_DAYS = {
    "day": "dd MMM y",
    "day_month": "dd MMM",
    "weekday_day": "EEE dd MMM y",
    "weekday_month": "EEE dd MMM",
    "month": "MMM y",
    "clock": "HH:mm",
    "clock_seconds": "HH:mm:ss",
    "axis_day": "d MMM",
}
SKELETONS = {
    "day": "yMMMd",
    "day_month": "MMMd",
    "weekday_day": "yMMMEd",
    "weekday_month": "MMMEd",
    "month": "yMMM",
    "clock": "Hm",
    "clock_seconds": "Hms",
    "axis_day": "MMMd",
}


@dataclass(frozen=True)
class Currency:
    """The currency amounts are in: ISO code (e.g. IDR) and symbol (Rp); '' when unknown or
    mixed, and amounts then have no currency label."""

    code: str = ""
    symbol: str = ""

    @property
    def decimals(self) -> int:
        return 0 if self.code in WHOLE_UNIT_CURRENCIES else 2

    @property
    def label(self) -> str:
        return self.symbol or self.code

    def number_format(self) -> str:
        """Its Excel number format, in Excel's invariant notation: Excel shows the separators
        of the Windows that opens the workbook (docs/i18n.md)."""
        digits = "#,##0" + ("." + "0" * self.decimals if self.decimals else "")
        return f'"{self.label} "{digits}' if self.label else digits

    def describe(self) -> str:
        """For the sheets' header: 'amounts in IDR (Rp)'."""
        if not self.label:
            return translate("Formats", "amounts in each company's own currency")
        if self.code and self.symbol:
            return translate("Formats", "amounts in {code} ({symbol})").format(
                code=self.code, symbol=self.symbol
            )
        return translate("Formats", "amounts in {currency}").format(currency=self.label)


def points_unit() -> str:
    """The unit of a change of a ratio: percentage points."""
    return translate("Formats", "pt")


def seconds_unit() -> str:
    return translate("Formats", "s")


def rounded(value: float, decimals: int) -> Decimal:
    """The figure to show: half away from zero, like Odoo's float_round (0.5 -> 1, 7.25 ->
    7.3), on the shortest decimal that reads back as the float (2.675 -> 2.68), so that every
    renderer (Babel, QLocale) starts from the same digits."""
    exact = Decimal(repr(float(value)))
    if not exact.is_finite():
        return exact
    shown = exact.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return shown.copy_abs() if shown.is_zero() else shown  # -0.04 reads 0, not -0


def pattern(style: str) -> str:
    """The CLDR date pattern of a style for the current locale ('d MMM y' for id's day)."""
    if current_language() == "en":
        return ENGLISH_DAYS[style]
    return _skeleton_pattern(SKELETONS[style], current_locale())


@cache
def _skeleton_pattern(skeleton: str, locale: str) -> str:
    data = Locale.parse(locale)
    return data.datetime_skeletons[match_skeleton(skeleton, data.datetime_skeletons)].pattern


class Formatter:
    """The app's rules of how figures and days read (money with its currency's decimals,
    percentages with one decimal, compact axis labels), over two locale primitives: `number`
    and `when`. Babel renders them here for the engine, the CLI and the workbook; QLocale in the
    widgets (ui/runtime/locale_format.py) with the same rules."""

    def number(self, value: float, decimals: int = 0) -> str:
        """A figure with the locale's separators and exactly `decimals` decimals."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(rounded(value, decimals), pattern, locale=current_locale())

    def when(self, style: str, moment: date | datetime) -> str:
        """A day or moment in one of the styles of ENGLISH_DAYS / SKELETONS."""
        return format_datetime(moment, pattern(style), locale=current_locale())

    def money(self, value: float | None, currency: Currency | str = "") -> str:
        """Thousands separated, with the currency's symbol and decimals (Rp 53,642,481;
        $ 16,513.20; Rp 53.642.481 in Indonesian). A bare symbol or an unknown currency: cents
        only for small amounts."""
        if value is None:
            return NO_VALUE
        if isinstance(currency, Currency) and currency.code:
            digits = currency.decimals
        else:
            digits = 0 if value == 0 or abs(value) >= 1000 else 2
        symbol = currency.label if isinstance(currency, Currency) else currency
        text = self.number(value, digits)
        return f"{symbol} {text}" if symbol else text

    def count(self, value: float | None) -> str:
        return NO_VALUE if value is None else self.number(value, 0)

    def quantity(self, value: float | None) -> str:
        if value is None:
            return NO_VALUE
        return self.number(value, 0 if float(value).is_integer() else 2)

    def percent(self, ratio: float | None, decimals: int = 1) -> str:
        """12.5% (12,5% in Indonesian)."""
        return NO_VALUE if ratio is None else self.number(ratio * 100, decimals) + "%"

    def change(self, kind: str, value: float | None) -> str:
        """A change against the previous period: relative, or in percentage points for ratios."""
        if value is None:
            return NO_VALUE
        text = ("-" if value < 0 else "+") + self.number(abs(value) * 100, 1)
        return f"{text} {points_unit()}" if kind == "ratio" else text + "%"

    def seconds(self, value: float | None) -> str:
        return NO_VALUE if value is None else f"{self.number(value, 1)} {seconds_unit()}"

    def figure(self, kind: str, value: float | None, currency: Currency | str = "") -> str:
        """A metric's value by its kind (see summary.METRICS)."""
        if kind == "money":
            return self.money(value, currency)
        if kind == "ratio":
            return self.percent(value)
        if kind == "quantity":
            return self.quantity(value)
        return self.count(value)

    def day(self, value: date) -> str:
        """05 Dec 2026 (5 Des 2026)."""
        return self.when("day", value)

    def day_month(self, value: date) -> str:
        """05 Dec (5 Des)."""
        return self.when("day_month", value)

    def weekday_day(self, value: date) -> str:
        """Sat 05 Dec 2026 (Sab, 5 Des 2026)."""
        return self.when("weekday_day", value)

    def weekday_month(self, value: date) -> str:
        """Sat 05 Dec (Sab, 5 Des)."""
        return self.when("weekday_month", value)

    def month(self, value: date) -> str:
        """Dec 2026 (Des 2026)."""
        return self.when("month", value)

    def clock(self, value: datetime) -> str:
        """14:05 (14.05)."""
        return self.when("clock", value)

    def day_clock(self, value: datetime) -> str:
        """05 Dec 2026 14:05 (5 Des 2026 14.05)."""
        return f"{self.day(value)} {self.clock(value)}"

    def day_time(self, value: datetime) -> str:
        """05 Dec 2026 14:05:09 (5 Des 2026 14.05.09)."""
        return f"{self.day(value)} {self.when('clock_seconds', value)}"

    def day_range(self, start: date, end: date) -> str:
        """05 Dec 2026 – 11 Dec 2026; one day alone when start is end."""
        return self.day(start) if start == end else f"{self.day(start)} – {self.day(end)}"


def compact(value: float) -> str:
    """A figure in few characters for chart axes and labels: 12.5M, 350K (12,5 jt, 350 rb):
    CLDR's compact forms, which QLocale lacks, so the widgets use this one too."""
    if abs(value) < 1000:
        return format_decimal(round(value, 2), "#,##0.##", locale=current_locale())
    return format_compact_decimal(value, locale=current_locale(), fraction_digits=2)


def number_short(value: float) -> str:
    """A setting's figure as typed, without trailing zeros: 10, 2.5 (2,5)."""
    return format_decimal(rounded(value, 3), "#,##0.###", locale=current_locale())


def money_compact(value: float | None, currency: Currency | str = "") -> str:
    """An amount in few characters with its currency: 'Rp 12.5M'."""
    if value is None:
        return NO_VALUE
    symbol = currency.label if isinstance(currency, Currency) else currency
    return f"{symbol} {compact(value)}" if symbol else compact(value)


BABEL = Formatter()
number = BABEL.number
money = BABEL.money
count = BABEL.count
quantity = BABEL.quantity
percent = BABEL.percent
change = BABEL.change
seconds = BABEL.seconds
figure = BABEL.figure
day = BABEL.day
day_month = BABEL.day_month
weekday_day = BABEL.weekday_day
weekday_month = BABEL.weekday_month
month = BABEL.month
clock = BABEL.clock
day_clock = BABEL.day_clock
day_time = BABEL.day_time
day_range = BABEL.day_range
