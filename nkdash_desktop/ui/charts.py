"""Native charts (pyqtgraph) of values per business day: bars and lines over a date axis, with a
read-out of the hovered day's values above the plot and an empty state when there is no data."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.ui.empty import EmptyState
from nkdash_desktop.ui.theme import Theme, style

DAY_S = 86_400
BAR_WIDTH = 0.7 * DAY_S


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


def _compact(value: float) -> str:
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


class _ValueAxis(pg.AxisItem):
    """Left axis in compact figures (12M, 350k) or percent for ratios."""

    def __init__(self) -> None:
        super().__init__("left")
        self.kind = "money"

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if self.kind == "ratio":
            return [f"{v * 100:.0f}%" for v in values]
        return [_compact(v * scale) for v in values]


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
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.legend = self.plot.addLegend(offset=(-10, 5))
        self.cursor = pg.InfiniteLine(angle=90, movable=False)
        self.plot.scene().sigMouseMoved.connect(self._on_mouse)
        self.readout = QLabel(title)
        style(self.readout, "muted")
        self.stack = EmptyState(self.plot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.readout)
        layout.addWidget(self.stack, 1)
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
        if self.days:
            self._draw()

    def set_data(
        self, days: list[date], series: list[Series], symbol: str = "", empty: str = ""
    ) -> None:
        """Draw `series` over `days`; with no day, show `empty` instead of bare axes."""
        self.days, self.series, self.symbol = list(days), list(series), symbol
        self._xs = [day_seconds(d) for d in self.days]
        self._hover = None
        if not self.days:
            self.plot.clear()
            self.readout.setText(self.title)
            self.stack.show_message(empty or "No data for this range.")
            return
        self._draw()
        self.readout.setText(self.title)
        self.stack.show_content()

    def _draw(self) -> None:
        self.plot.clear()
        self.plot.addItem(self.cursor, ignoreBounds=True)
        self.cursor.hide()
        kinds = {s.kind for s in self.series}
        self.value_axis.kind = "ratio" if kinds == {"ratio"} else "money"
        for s in self.series:
            points = [(x, v) for x, v in zip(self._xs, s.values, strict=True) if v is not None]
            if not points:
                continue
            xs, ys = zip(*points, strict=True)
            if s.style == "bar":
                item = pg.BarGraphItem(
                    x=list(xs), height=list(ys), width=BAR_WIDTH, brush=s.colour, pen=None
                )
                item.opts["name"] = s.name  # the legend lists items by name
                self.plot.addItem(item)
            else:
                self.plot.plot(
                    list(xs), list(ys), name=s.name, pen=pg.mkPen(s.colour, width=2),
                    symbol="o", symbolSize=5, symbolBrush=s.colour, symbolPen=None,
                )  # fmt: skip
        pad = DAY_S * 0.6
        self.plot.setXRange(self._xs[0] - pad, self._xs[-1] + pad, padding=0)
        self.plot.enableAutoRange(axis="y")

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
