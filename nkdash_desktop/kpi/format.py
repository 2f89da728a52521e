"""How KPI figures read, in the cards, the tables and the CLI alike."""

from __future__ import annotations

NO_VALUE = "—"


def money(value: float | None, symbol: str = "") -> str:
    """Thousands separated; cents only for small amounts (an IDR basket has none)."""
    if value is None:
        return NO_VALUE
    digits = 0 if value == 0 or abs(value) >= 1000 else 2
    text = f"{value:,.{digits}f}"
    return f"{symbol} {text}" if symbol else text


def compact(value: float) -> str:
    """A figure in few characters for chart axes and labels: 12.5M, 350k."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{round(value / size, 2):g}{suffix}"
    return f"{round(value, 2):g}"


def money_compact(value: float | None, symbol: str = "") -> str:
    """An amount in few characters with its currency: 'Rp 12.5M'."""
    if value is None:
        return NO_VALUE
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


def figure(kind: str, value: float | None, symbol: str = "") -> str:
    """A metric's value by its kind (see summary.METRICS)."""
    if kind == "money":
        return money(value, symbol)
    if kind == "ratio":
        return percent(value)
    if kind == "quantity":
        return quantity(value)
    return count(value)
