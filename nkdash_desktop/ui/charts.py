"""Native charts (pyqtgraph) of values per business day: bars and lines over a date axis, with a
read-out of the hovered day's values above the plot and an empty state when there is no data."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Signal
from PySide6.QtWidgets import QGraphicsItem, QLabel, QVBoxLayout, QWidget

from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.ui.empty import EmptyState
from nkdash_desktop.ui.theme import Theme, style

DAY_S = 86_400
BAR_WIDTH = 0.7 * DAY_S
LABEL_AXIS_WIDTH = 150


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]
    colour: str
    style: str = "bar"  # bar | line
    kind: str = "money"  # money | ratio | quantity | count: how values read


def day_seconds(day: date) -> float:
    """A day as the x coordinate: its UTC midnight in epoch seconds (axis shown with UTC)."""
    return datetime.combine(day, time.min, UTC).timestamp()


class _ValueAxis(pg.AxisItem):
    """An axis in compact figures (12M, 350k), or in percent for ratios."""

    def __init__(self, orientation: str = "left") -> None:
        super().__init__(orientation)
        self.kind = "money"

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if self.kind == "ratio":
            return [f"{v * 100:.0f}%" for v in values]
        return [fmt.compact(v * scale) for v in values]


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
        self.symbol = ""
        self._xs: list[float] = []
        self._hover: int | None = None
        self.value_axis = _ValueAxis()
        self.plot = pg.PlotWidget(
            axisItems={"bottom": pg.DateAxisItem(utcOffset=0), "left": self.value_axis}
        )
        _fix(self.plot)
        self.legend = self.plot.addLegend(offset=(-10, 5))
        self.legend.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.cursor = pg.InfiniteLine(angle=90, movable=False)
        self.plot.addItem(self.cursor, ignoreBounds=True)
        self.cursor.hide()
        self._items: dict[tuple[str, str], pg.GraphicsObject] = {}  # (series, style) -> item
        self.plot.scene().sigMouseMoved.connect(self._on_mouse)
        self.readout, self.stack = _frame(self, self.plot, title)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.plot.setBackground(theme.surface)
        self.legend.setBrush(pg.mkBrush(theme.surface + "d0"))  # readable over the bars
        self.legend.setLabelTextColor(theme.text)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(theme.grid))
            axis.setTextPen(pg.mkPen(theme.muted))
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        self.cursor.setPen(pg.mkPen(theme.muted, style=pg.QtCore.Qt.PenStyle.DashLine))

    def set_data(
        self, days: list[date], series: list[Series], symbol: str = "", empty: str = ""
    ) -> None:
        """Draw `series` over `days`; with no day, show `empty` instead of bare axes."""
        self.days, self.series, self.symbol = list(days), list(series), symbol
        self._xs = [day_seconds(d) for d in self.days]
        self._hover = None
        if not self.days:
            for item in self._items.values():
                self.plot.removeItem(item)
            self._items.clear()
            self.readout.setText(self.title)
            self.stack.show_message(empty or "No data for this range.")
            return
        self._draw()
        self.readout.setText(self.title)
        self.stack.show_content()

    def _draw(self) -> None:
        """Update the plot's items in place (one per series, kept between ranges): re-creating
        them costs the UI thread a round of scene and legend work each time."""
        kinds = {s.kind for s in self.series}
        self.value_axis.kind = "ratio" if kinds == {"ratio"} else "money"
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
                    item = pg.PlotDataItem(name=s.name)
                item.setData(xs, ys, pen=pg.mkPen(s.colour, width=2))
            if (s.name, s.style) not in self._items:
                self._items[(s.name, s.style)] = item
                self.plot.addItem(item)
        pad = DAY_S * 0.6
        self.plot.setXRange(self._xs[0] - pad, self._xs[-1] + pad, padding=0)
        # the y range set here, not by auto-range: that one is worked out while painting and
        # then asks for a second paint
        values = [v for s in self.series for v in s.values if v is not None]
        low, high = min([0.0, *values]), max([0.0, *values])
        span = (high - low) or abs(high) or 1.0
        self.plot.setYRange(low - span * 0.05 * (low < 0), high + span * 0.05, padding=0)

    def _figure(self, s: Series, value: float | None) -> str:
        return fmt.figure(s.kind, value, self.symbol)

    def readout_for(self, index: int) -> str:
        """The hovered day's values, e.g. 'Tue 24 Nov 2026 · Revenue Rp 1,200,000 · ...'."""
        parts = [f"{self.days[index]:%a %d %b %Y}"]
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
        heights = [max(values[i], 0.0) for i in order]
        self.label_axis.setTicks([list(enumerate(self.labels))])
        self.readout.setText(self.title)
        if not labels:
            self.bars.setOpts(x0=[], y=[], height=[], width=[])
            self.stack.show_message(empty)
            return
        ys = [float(i) for i in range(len(heights))]
        self.bars.setOpts(x0=[0.0] * len(ys), y=ys, width=heights, height=0.7)
        self.plot.setYRange(-0.6, len(ys) - 0.4, padding=0)
        self.plot.setXRange(0, max(heights) * 1.05 or 1.0, padding=0)
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
