"""The native daily chart on short, long and sparse ranges: one tick per day at most, labelled
"1 Dec"; bars a day wide; no line across a day without sales; the currency on the value axis;
legend text in the theme's colour."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

import pytest

from nkdash_desktop.ui.runtime.theme import DARK, LIGHT
from nkdash_desktop.ui.widgets.charts import DAY_S, DayChart, Series, day_seconds

DAY_LABEL = re.compile(r"^([1-9]|[12]\d|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
                       r"( \d{4})?$")  # fmt: skip


def _chart(qtbot, days: list[date], width: int = 1300) -> DayChart:
    chart = DayChart(LIGHT, "Revenue and gross profit per day")
    qtbot.addWidget(chart)
    chart.resize(width, 400)
    chart.show()
    revenue = [1_000_000.0 * (i + 1) for i in range(len(days))]
    profit = [v * 0.3 for v in revenue]
    chart.set_data(
        days,
        [Series("Revenue", revenue, LIGHT.revenue, "bar"),
         Series("Gross profit", profit, LIGHT.profit, "line")],
        "Rp",
    )  # fmt: skip
    qtbot.waitExposed(chart)
    return chart


def _ticks(chart: DayChart) -> tuple[list[float], list[str]]:
    axis = chart.plot.getAxis("bottom")
    low, high = chart.plot.viewRange()[0]
    levels = axis.tickValues(low, high, axis.geometry().width())
    values = [v for _, level in levels for v in level]
    spacing = levels[0][0] if levels else DAY_S
    return values, axis.tickStrings(values, 1.0, spacing)


@pytest.mark.parametrize(("days", "width"), [(3, 1300), (7, 600), (31, 1300), (365, 1300),
                                              (365, 500), (1500, 1300)])  # fmt: skip
def test_at_most_one_tick_per_day_at_midnight_labelled_day_and_month(qtbot, days, width):
    first = date(2026, 1, 10)
    chart = _chart(qtbot, [first + timedelta(days=i) for i in range(days)], width)
    values, labels = _ticks(chart)
    assert 1 <= len(values) <= days
    assert all(v % DAY_S == 0 for v in values)  # midnights: never 12:00 or 18:00
    assert len(set(values)) == len(values)
    assert all(DAY_LABEL.match(label) for label in labels), labels
    assert len(values) <= chart.plot.getAxis("bottom").geometry().width() / 50  # room for each


def test_bars_fill_their_day_and_lines_break_on_missing_days(qtbot):
    days = [date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 5)]  # no sales on 3 and 4 Dec
    chart = _chart(qtbot, days)
    bars = chart._items[("Revenue", "bar")]
    assert bars.opts["width"] == 0.9 * DAY_S  # the day's width but for a thin gap
    line = chart._items[("Gross profit", "line")]
    xs, ys = line.getData()
    assert [not math.isnan(y) for y in ys] == [True, True, False, True]
    assert xs[2] == day_seconds(date(2026, 12, 3))  # the break sits on the missing day
    assert line.opts["connect"] == "finite"
    _, labels = _ticks(chart)
    assert labels == ["1 Dec", "2 Dec", "3 Dec", "4 Dec", "5 Dec"]


def test_the_value_axis_carries_the_currency(qtbot):
    chart = _chart(qtbot, [date(2026, 12, 1), date(2026, 12, 2)])
    assert chart.value_axis.tickStrings([0.0, 2_000_000.0], 1.0, 1e6) == ["Rp 0", "Rp 2M"]


def test_legend_text_follows_the_theme(qtbot):
    chart = _chart(qtbot, [date(2026, 12, 1), date(2026, 12, 2)])
    chart.set_theme(DARK)
    html = [label.item.toHtml().lower() for _, label in chart.legend.items]
    assert len(html) == 2 and all(DARK.text in h and LIGHT.text not in h for h in html)
