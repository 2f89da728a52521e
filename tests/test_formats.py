"""Figures and days read the operator's way: CLDR through Babel in the engine, CLI and workbook,
QLocale in the widgets, and both alike (issue 21: "Rp 53.642.481", "5 Des 2026")."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.format import Currency
from nkdash_desktop.ui.runtime.locale_format import QT, plotly_separators, qt_pattern

IDR = Currency("IDR", "Rp")
USD = Currency("USD", "$")
AMOUNTS = [0, 0.5, 7.25, 999.99, 1000, 53_642_481, -53_642_481, 16_513.2, -0.04, 1_234_567_890.12]
DAYS = [date(2026, 1, 1), date(2026, 5, 14), date(2026, 8, 17), date(2026, 12, 5)]
MOMENTS = [datetime(2026, 12, 5, 14, 5, 9), datetime(2026, 3, 1, 0, 0, 0)]


def renderings(formatter: fmt.Formatter) -> list[str]:
    said = []
    for value in AMOUNTS:
        said += [formatter.money(value, IDR), formatter.money(value, USD), formatter.money(value)]
        said += [formatter.money(value, "Rp"), formatter.count(value), formatter.quantity(value)]
        said += [formatter.percent(value / 1000), formatter.percent(value / 1000, 0)]
        said += [formatter.change("money", value / 1000), formatter.change("ratio", value / 1e4)]
        said += [formatter.seconds(value), formatter.number(value, 3)]
    for style in fmt.SKELETONS:
        said += [formatter.when(style, d) for d in DAYS]
    said += [formatter.day_time(m) for m in MOMENTS] + [formatter.day_clock(m) for m in MOMENTS]
    said += [formatter.day_range(DAYS[0], DAYS[3]), formatter.day_range(DAYS[1], DAYS[1])]
    return said


@pytest.mark.parametrize("code", ["en", "id"])
def test_qlocale_in_the_widgets_reads_like_babel_in_the_engine(language, code):
    language(code)
    assert renderings(QT) == renderings(fmt.BABEL)


def test_indonesian_figures_and_days(language):
    language("id")
    assert fmt.money(53_642_481, IDR) == "Rp 53.642.481"
    assert fmt.money(16_513.2, USD) == "$ 16.513,20"  # money follows its currency: cents
    assert fmt.money(53_642_481.4, IDR) == "Rp 53.642.481"  # rupiah: no sen
    assert fmt.percent(0.125) == "12,5%"
    assert fmt.change("money", -0.02) == "-2,0%"
    assert fmt.change("ratio", 0.015) == "+1,5 poin"
    assert fmt.day(date(2026, 12, 5)) == "5 Des 2026"
    assert fmt.weekday_day(date(2026, 12, 5)) == "Sab, 5 Des 2026"
    assert fmt.month(date(2026, 8, 1)) == "Agu 2026"
    assert fmt.day_clock(datetime(2026, 12, 5, 14, 5)) == "5 Des 2026 14.05"
    # CLDR keeps the figure and its unit together (no-break space)
    assert fmt.compact(12_500_000) == "12,5\xa0jt"
    assert fmt.money_compact(350_000, IDR) == "Rp 350\xa0rb"
    assert fmt.quantity(2.5) == "2,50" and fmt.count(1234) == "1.234"
    assert IDR.describe() == "nilai dalam IDR (Rp)"


def test_english_figures_and_days_keep_the_house_style(language):
    language("en")
    assert fmt.money(53_642_481, IDR) == "Rp 53,642,481"
    assert fmt.money(16_513.2, USD) == "$ 16,513.20"
    assert fmt.percent(0.125) == "12.5%" and fmt.change("ratio", 0.015) == "+1.5 pt"
    assert fmt.day(date(2026, 12, 5)) == "05 Dec 2026"
    assert fmt.weekday_day(date(2026, 12, 5)) == "Sat 05 Dec 2026"
    assert fmt.day_clock(datetime(2026, 12, 5, 14, 5)) == "05 Dec 2026 14:05"
    assert fmt.compact(12_500_000) == "12.5M" and fmt.compact(-12.345) == "-12.35"
    assert IDR.describe() == "amounts in IDR (Rp)"


def test_english_region_formats_follow_the_region(monkeypatch, language):
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    language("system")
    assert fmt.money(1234.5, USD) == "$ 1,234.50"


def test_cldr_patterns_become_qt_patterns():
    assert qt_pattern("E, d MMM y") == "ddd, d MMM yyyy"
    assert qt_pattern("EEE dd MMM y") == "ddd dd MMM yyyy"
    assert qt_pattern("HH.mm.ss") == "HH.mm.ss"
    assert qt_pattern("d 'de' MMM") == "d 'de' MMM"


@pytest.mark.parametrize(("code", "separators"), [("en", ".,"), ("id", ",.")])
def test_plotly_formats_its_own_numbers_with_the_locales_separators(language, code, separators):
    from nkdash_desktop.ui.runtime.theme import LIGHT
    from nkdash_desktop.ui.widgets.figures import _layout

    language(code)
    assert plotly_separators() == separators
    assert _layout(LIGHT, "Sales")["separators"] == separators


def test_a_product_without_a_name_is_labelled_in_the_language(language):
    import duckdb

    from nkdash_desktop.kpi.sql import unknown, unnamed_product

    def label() -> list[tuple]:
        query = (
            f"SELECT {unnamed_product('x')}, {unknown()}, {unknown('method')} FROM (SELECT 42 AS x)"
        )
        return duckdb.sql(query).fetchall()

    language("en")
    assert label() == [("Product 42", "Unknown", "Unknown method")]
    language("id")
    assert label() == [("Produk 42", "Tidak diketahui", "Metode tidak dikenal")]
