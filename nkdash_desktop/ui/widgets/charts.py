"""Native charts (pyqtgraph) of values per business day: bars and lines over a date axis, with a
read-out of the hovered day's values above the plot and an empty state when there is no data."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Signal
from PySide6.QtWidgets import QGraphicsItem, QLabel, QVBoxLayout, QWidget

from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.format import Currency
from nkdash_desktop.ui.runtime.locale_format import QT
from nkdash_desktop.ui.runtime.theme import Theme, style
from nkdash_desktop.ui.runtime.translation import translate
from nkdash_desktop.ui.widgets.empty import EmptyState

DAY_S = 86_400
# a bar fills its day but for a thin gap that parts it from the next (an outline pen would
# part them too, but costs every repaint of a year's bars a multiple of their fill)
BAR_WIDTH = 0.9 * DAY_S
LABEL_AXIS_WIDTH = 150
TICK_SPACING_PX = 64  # room for "30 Nov" and a gap
DAY_STEPS = (1, 2, 7, 14)  # days between ticks; beyond two weeks, months
MONTH_STEPS = (1, 2, 3, 6, 12)
MARKED_POINTS = 62  # a line asking for markers shows its points as dots up to this many (a
# single bill's price would otherwise be an invisible line of one point); dots are Python
# paint work at every repaint, so only sparse lines that need them have them


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]
    colour: str
    style: str = "bar"  # bar | line
    kind: str = "money"  # money | ratio | quantity | count: how values read
    markers: bool = False  # a line's points as dots, when it has MARKED_POINTS or fewer


def day_seconds(day: date) -> float:
    """A day as the x coordinate: its UTC midnight in epoch seconds (axis shown with UTC)."""
    return datetime.combine(day, time.min, UTC).timestamp()


def _day_of(x: float) -> date:
    return datetime.fromtimestamp(x, UTC).date()


class _ValueAxis(pg.AxisItem):
    """An axis in compact figures with the currency (Rp 12M, Rp 350k), or percent for ratios."""

    def __init__(self, orientation: str = "left") -> None:
        super().__init__(orientation)
        self.kind = "money"
        self.symbol: Currency | str = ""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if self.kind == "ratio":
            return [QT.percent(v, 0) for v in values]
        if self.kind == "money":
            return [fmt.money_compact(v * scale, self.symbol) for v in values]
        return [fmt.compact(v * scale) for v in values]


class DayAxis(pg.AxisItem):
    """A date axis of whole days: ticks only at midnights, at most one per day, every day or
    every few days, weeks or months as the width allows; labelled "1 Dec" (with the year on
    January's ticks of a month axis). Never hours, never a bare month name."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        first, last = _day_of(minVal + DAY_S - 1), _day_of(maxVal)  # the midnights inside
        if size <= 0 or last < first:
            return []
        days = (last - first).days + 1
        fits = max(int(size / TICK_SPACING_PX), 1)
        for step in DAY_STEPS:
            if days / step <= fits:
                start = first if step < 7 else first + timedelta(days=(7 - first.weekday()) % 7)
                ticks = [start + timedelta(days=i) for i in range(0, (last - start).days + 1, step)]
                return [(step * DAY_S, [day_seconds(d) for d in ticks])]
        months = [d for d in (first + timedelta(days=i) for i in range(days)) if d.day == 1]
        for step in MONTH_STEPS:
            chosen = [d for d in months if (d.year * 12 + d.month - 1) % step == 0]
            if len(chosen) <= fits:
                return [(step * 30 * DAY_S, [day_seconds(d) for d in chosen])]
        return [(365 * DAY_S, [day_seconds(d) for d in months if d.month == 1])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        month_axis = spacing >= 30 * DAY_S
        out = []
        for v in values:
            d = _day_of(v)
            year = f" {d.year}" if month_axis and d.month == 1 else ""
            out.append(QT.when("axis_day", d) + year)
        return out


def _fix(plot: pg.PlotWidget) -> None:
    """A chart the program sets the range of: no menu, no mouse zoom or pan, no auto-range. Its
    axes repaint from a cached pixmap until their range or text changes: a repaint of the
    window (a progress update) then calls no Python paint code for them."""
    for name in ("left", "bottom"):
        plot.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.disableAutoRange()


def _frame(chart: QWidget, plot: pg.PlotWidget, title: str) -> tuple[QLabel, EmptyState]:
    """Lay out a chart: its title line (which hovering turns into the read-out) over the plot,
    which an empty range replaces with a message."""
    readout = QLabel(title)
    style(readout, "muted")
    stack = EmptyState(plot)
    layout = QVBoxLayout(chart)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(readout)
    layout.addWidget(stack, 1)
    return readout, stack


class DayChart(QWidget):
    hovered = Signal(str)  # the read-out text, when the pointer moves to another day

    def __init__(self, theme: Theme, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.days: list[date] = []
        self.series: list[Series] = []
        self.symbol: Currency | str = ""
        self._xs: list[float] = []
        self._hover: int | None = None
        self.value_axis = _ValueAxis()
        self.plot = pg.PlotWidget(axisItems={"bottom": DayAxis("bottom"), "left": self.value_axis})
        _fix(self.plot)
        self.legend = self.plot.addLegend(offset=(-10, 5))
        self.legend.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.cursor = pg.InfiniteLine(angle=90, movable=False)
        self.plot.addItem(self.cursor, ignoreBounds=True)
        self.cursor.hide()
        self.shaded = pg.LinearRegionItem(movable=False)  # the range picked, on a longer axis
        self.plot.addItem(self.shaded, ignoreBounds=True)
        self.shaded.hide()
        self._shade: tuple[date, date] | None = None
        self._items: dict[tuple[str, str], pg.GraphicsObject] = {}  # (series, style) -> item
        self.plot.scene().sigMouseMoved.connect(self._on_mouse)
        self.readout, self.stack = _frame(self, self.plot, title)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.plot.setBackground(theme.surface)
        self.legend.setBrush(pg.mkBrush(theme.surface + "d0"))  # readable over the bars
        self.legend.setLabelTextColor(theme.text)
        for _, label in self.legend.items:  # setLabelTextColor only records the colour
            label.setText(label.text)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(theme.grid))
            axis.setTextPen(pg.mkPen(theme.muted))
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        self.cursor.setPen(pg.mkPen(theme.muted, style=pg.QtCore.Qt.PenStyle.DashLine))
        self.shaded.setBrush(pg.mkBrush(theme.accent + "22"))
        for line in self.shaded.lines:
            line.setPen(pg.mkPen(theme.accent + "66"))

    def set_data(
        self,
        days: list[date],
        series: list[Series],
        symbol: Currency | str = "",
        empty: str = "",
        shade: tuple[date, date] | None = None,
    ) -> None:
        """Draw `series` over `days`; with no day, show `empty` instead of bare axes. With
        `shade`, those days are shaded and the axis covers them too (a whole history with the
        range picked marked on it)."""
        self.days, self.series, self.symbol = list(days), list(series), symbol
        self._shade = shade
        self._xs = [day_seconds(d) for d in self.days]
        self._hover = None
        if not self.days:
            for item in self._items.values():
                self.plot.removeItem(item)
            self._items.clear()
            self.readout.setText(self.title)
            self.stack.show_message(empty or translate("Charts", "No data for this range."))
            return
        self._draw()
        self.readout.setText(self.title)
        self.stack.show_content()

    def _draw(self) -> None:
        """Update the plot's items in place (one per series, kept between ranges): re-creating
        them costs the UI thread a round of scene and legend work each time."""
        kinds = {s.kind for s in self.series}
        self.value_axis.kind = kinds.pop() if len(kinds) == 1 else "money"
        self.value_axis.symbol = self.symbol
        self.cursor.hide()
        wanted = {(s.name, s.style) for s in self.series}
        for key in [k for k in self._items if k not in wanted]:
            self.plot.removeItem(self._items.pop(key))
        for s in self.series:
            points = [(x, v) for x, v in zip(self._xs, s.values, strict=True) if v is not None]
            xs, ys = (list(t) for t in zip(*points, strict=True)) if points else ([], [])
            item = self._items.get((s.name, s.style))
            if s.style == "bar":
                if item is None:
                    item = pg.BarGraphItem(x=xs, height=ys, width=BAR_WIDTH, pen=None)
                    item.opts["name"] = s.name  # the legend lists items by name
                item.setOpts(x=xs, height=ys, width=BAR_WIDTH, brush=s.colour)
            else:
                if item is None:  # no point symbols: each is Python work at every repaint
                    item = pg.PlotDataItem(name=s.name, connect="finite")
                xs, ys = self._line_points(s)
                marked = s.markers and sum(not math.isnan(y) for y in ys) <= MARKED_POINTS
                item.setData(
                    xs, ys, pen=pg.mkPen(s.colour, width=2), connect="finite",
                    symbol="o" if marked else None, symbolSize=7, symbolPen=None,
                    symbolBrush=s.colour,
                )  # fmt: skip
            if (s.name, s.style) not in self._items:
                self._items[(s.name, s.style)] = item
                self.plot.addItem(item)
        pad = DAY_S * 0.6
        first, last = self._xs[0], self._xs[-1]
        if self._shade is not None:
            low, high = (day_seconds(d) for d in self._shade)
            self.shaded.setRegion((low - DAY_S / 2, high + DAY_S / 2))
            self.shaded.show()
            first, last = min(first, low), max(last, high)
        else:
            self.shaded.hide()
        self.plot.setXRange(first - pad, last + pad, padding=0)
        # the y range set here, not by auto-range: that one is worked out while painting and
        # then asks for a second paint
        values = [v for s in self.series for v in s.values if v is not None]
        low, high = min([0.0, *values]), max([0.0, *values])
        span = (high - low) or abs(high) or 1.0
        self.plot.setYRange(low - span * 0.05 * (low < 0), high + span * 0.1, padding=0)

    def _line_points(self, s: Series) -> tuple[list[float], list[float]]:
        """A line's points with a break (NaN) wherever a day is missing or has no value: a
        line drawn across a day without sales would show figures that do not exist."""
        xs: list[float] = []
        ys: list[float] = []
        previous: float | None = None
        for x, v in zip(self._xs, s.values, strict=True):
            if previous is not None and x - previous > DAY_S * 1.5:
                xs.append(previous + DAY_S)
                ys.append(math.nan)
            xs.append(x)
            ys.append(math.nan if v is None else v)
            previous = x
        if all(math.isnan(y) for y in ys):
            return [], []  # nothing to draw (and no all-NaN bounds to work out)
        return xs, ys

    def _figure(self, s: Series, value: float | None) -> str:
        return QT.figure(s.kind, value, self.symbol)

    def readout_for(self, index: int) -> str:
        """The hovered day's values, e.g. 'Tue 24 Nov 2026 · Revenue Rp 1,200,000 · ...'."""
        parts = [QT.weekday_day(self.days[index])]
        parts += [f"{s.name} {self._figure(s, s.values[index])}" for s in self.series]
        return "  ·  ".join(parts)

    def _on_mouse(self, scene_pos: QPointF) -> None:
        if not self._xs or not self.plot.sceneBoundingRect().contains(scene_pos):
            return
        x = self.plot.plotItem.vb.mapSceneToView(scene_pos).x()
        i = bisect.bisect_left(self._xs, x)
        candidates = [j for j in (i - 1, i) if 0 <= j < len(self._xs)]
        index = min(candidates, key=lambda j: abs(self._xs[j] - x))
        if abs(self._xs[index] - x) > DAY_S:
            return
        if index != self._hover:
            self._hover = index
            self.cursor.setPos(self._xs[index])
            self.cursor.show()
            text = self.readout_for(index)
            self.readout.setText(text)
            self.hovered.emit(text)


class BarChart(QWidget):
    """Horizontal bars, one per label, largest on top, with the hovered bar's read-out."""

    hovered = Signal(str)

    def __init__(self, theme: Theme, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.labels: list[str] = []
        self.texts: list[str] = []
        self.plot = pg.PlotWidget(axisItems={"bottom": _ValueAxis("bottom")})
        self.label_axis = self.plot.getAxis("left")
        self.label_axis.setWidth(LABEL_AXIS_WIDTH)  # the names, not numbers: room for them
        _fix(self.plot)
        self.bars = pg.BarGraphItem(x0=[], y=[], height=[], width=[], pen=None)
        self.plot.addItem(self.bars)
        self.plot.scene().sigMouseMoved.connect(self._on_mouse)
        self.readout, self.stack = _frame(self, self.plot, title)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.plot.setBackground(theme.surface)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(theme.grid))
            axis.setTextPen(pg.mkPen(theme.muted))
        self.bars.setOpts(brush=theme.revenue)

    def set_data(
        self, labels: list[str], values: list[float], texts: list[str], empty: str
    ) -> None:
        """Bars of `values` (largest first), `texts` the read-out of each."""
        order = sorted(range(len(values)), key=lambda i: values[i])  # largest at the top
        self.labels = [labels[i] for i in order]
        self.texts = [texts[i] for i in order]
        heights = [values[i] for i in order]  # a negative one (stock below zero) goes left
        self.label_axis.setTicks([list(enumerate(self.labels))])
        self.readout.setText(self.title)
        if not labels:
            self.bars.setOpts(x0=[], y=[], height=[], width=[])
            self.stack.show_message(empty)
            return
        ys = [float(i) for i in range(len(heights))]
        self.bars.setOpts(x0=[0.0] * len(ys), y=ys, width=heights, height=0.7)
        self.plot.setYRange(-0.6, len(ys) - 0.4, padding=0)
        low, high = min([0.0, *heights]), max([0.0, *heights])
        span = (high - low) or 1.0
        self.plot.setXRange(low - span * 0.05 * (low < 0), high + span * 0.05, padding=0)
        self.stack.show_content()

    def _on_mouse(self, scene_pos: QPointF) -> None:
        if not self.labels or not self.plot.sceneBoundingRect().contains(scene_pos):
            return
        y = round(self.plot.plotItem.vb.mapSceneToView(scene_pos).y())
        if 0 <= y < len(self.labels):
            text = f"{self.labels[y]}: {self.texts[y]}"
            if text != self.readout.text():
                self.readout.setText(text)
                self.hovered.emit(text)
