"""How KPI figures read, in the cards, the tables and the CLI alike, and the currency amounts are
in (its symbol and decimals: the screen and the workbook show the same)."""

from __future__ import annotations

from dataclasses import dataclass

NO_VALUE = "—"
# Currencies whose amounts are whole units in practice. IDR has 2 decimals in ISO 4217, but
# rupiah prices and totals carry no sen.
WHOLE_UNIT_CURRENCIES = frozenset(
    {"IDR", "JPY", "KRW", "VND", "CLP", "ISK", "PYG", "UGX", "XAF", "XOF"}
)


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
        """Its Excel number format."""
        digits = "#,##0" + ("." + "0" * self.decimals if self.decimals else "")
        return f'"{self.label} "{digits}' if self.label else digits

    def describe(self) -> str:
        """For the sheets' header: 'amounts in IDR (Rp)'."""
        if not self.label:
            return "amounts in each company's own currency"
        if self.code and self.symbol:
            return f"amounts in {self.code} ({self.symbol})"
        return f"amounts in {self.label}"


def money(value: float | None, currency: Currency | str = "") -> str:
    """Thousands separated, with the currency's symbol and decimals (Rp 53,642,481;
    $ 16,513.20). A bare symbol or an unknown currency: cents only for small amounts."""
    if value is None:
        return NO_VALUE
    if isinstance(currency, Currency) and currency.code:
        digits = currency.decimals
    else:
        digits = 0 if value == 0 or abs(value) >= 1000 else 2
    symbol = currency.label if isinstance(currency, Currency) else currency
    text = f"{value:,.{digits}f}"
    return f"{symbol} {text}" if symbol else text


def compact(value: float) -> str:
    """A figure in few characters for chart axes and labels: 12.5M, 350k."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{round(value / size, 2):g}{suffix}"
    return f"{round(value, 2):g}"


def money_compact(value: float | None, currency: Currency | str = "") -> str:
    """An amount in few characters with its currency: 'Rp 12.5M'."""
    if value is None:
        return NO_VALUE
    symbol = currency.label if isinstance(currency, Currency) else currency
    return f"{symbol} {compact(value)}" if symbol else compact(value)


def count(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value:,.0f}"


def quantity(value: float | None) -> str:
    if value is None:
        return NO_VALUE
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def percent(ratio: float | None) -> str:
    return NO_VALUE if ratio is None else f"{ratio * 100:.1f}%"


def change(kind: str, value: float | None) -> str:
    """A change against the previous period: relative, or in percentage points for ratios."""
    if value is None:
        return NO_VALUE
    if kind == "ratio":
        return f"{value * 100:+.1f} pt"
    return f"{value * 100:+.1f}%"


def figure(kind: str, value: float | None, currency: Currency | str = "") -> str:
    """A metric's value by its kind (see summary.METRICS)."""
    if kind == "money":
        return money(value, currency)
    if kind == "ratio":
        return percent(value)
    if kind == "quantity":
        return quantity(value)
    return count(value)
