"""Plotly figures of the Sales tab, built from the KPI frames, in the theme.

Figures are plain dicts (Plotly's JSON schema) with the theme's template inlined: building
them is cheap enough for a worker thread, and the UI thread only hands the JSON to the page.
(plotly.graph_objects validates every property and deep-copies the template: several hundred
milliseconds per figure.) Their words are translated where built (Qt's translate is
thread-safe)."""

from __future__ import annotations

import json
import math
from functools import cache
from itertools import pairwise
from typing import Any

import plotly.io as pio
import polars as pl
from PySide6.QtCore import QLocale

from nkdash_desktop.i18n import current_locale
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.format import Currency
from nkdash_desktop.ui.runtime.locale_format import plotly_separators, qlocale
from nkdash_desktop.ui.runtime.theme import Theme
from nkdash_desktop.ui.runtime.translation import translate

Figure = dict[str, Any]
OTHER_SHARE = 0.02  # donut slices under this share of the revenue are grouped as "Other"
# Explicit colour lists: plotly.js knows only some scale names (an unknown one falls back to
# its default, purple to yellow), and its "Blues" runs from dark to pale, the wrong way round.
AMOUNT_SCALE = {  # sequential: more revenue is darker (light theme) or brighter blue (dark)
    "light": [[0.0, "#eff6ff"], [0.35, "#93c5fd"], [0.7, "#2563eb"], [1.0, "#1e3a8a"]],
    "dark": [[0.0, "#263241"], [0.35, "#1e4f91"], [0.7, "#2f7fe0"], [1.0, "#4f9dff"]],
}
MARGIN_SCALE = [
    [0.0, "#d73027"],
    [0.25, "#fc8d59"],
    [0.5, "#fee08b"],
    [0.75, "#91cf60"],
    [1.0, "#1a9850"],
]  # red: low margin; green: high


@cache
def _template(name: str) -> dict[str, Any]:
    return pio.templates[name].to_plotly_json()


def compact_ticks(values: list[float], count: int = 5) -> dict[str, Any]:
    """Axis ticks labelled like the app's other charts (12,5 jt; 12.5M): Plotly's own "~s"
    format only knows SI prefixes (M, k), never the locale's compact words."""
    found = [v for v in values if v is not None]
    low, high = min([0.0, *found]), max([0.0, *found])
    if high == low:
        return {}
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = [first + i * step for i in range(int((high - first) / step) + 1)]
    return {"tickmode": "array", "tickvals": ticks, "ticktext": [fmt.compact(t) for t in ticks]}


def _layout(theme: Theme, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "template": _template(theme.plotly_template),
        "title": {"text": title, "x": 0.01, "font": {"size": 14}},
        "paper_bgcolor": theme.surface,
        "plot_bgcolor": theme.surface,
        "font": {"color": theme.text, "size": 11},
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "hoverlabel": {"font": {"size": 12}},
        "separators": plotly_separators(),
        **extra,
    }


def weekdays() -> list[str]:
    """Monday to Sunday, short, in the operator's locale (Mon, Sen)."""
    locale = qlocale(current_locale())
    return [locale.dayName(d, QLocale.FormatType.ShortFormat) for d in range(1, 8)]


def whose(figure: Figure, note: str) -> Figure:
    """The figure with its title naming whose figures it shows (`note`, e.g. "USD" when the
    companies selected have several currencies), before any colour legend."""
    if note:
        title = figure["layout"]["title"]
        head, sep, rest = title["text"].partition(" · ")
        title["text"] = f"{head} ({note}){sep}{rest}"
    return figure


def to_json(figure: Figure) -> str:
    return json.dumps(figure, separators=(",", ":"), default=str)


def heatmap(frame: pl.DataFrame, theme: Theme, symbol: Currency | str) -> Figure:
    """Revenue by hour (columns) and weekday (rows, Monday on top)."""
    unit = symbol.label if isinstance(symbol, Currency) else symbol
    hours = list(range(int(frame["hour"].min()), int(frame["hour"].max()) + 1))
    days = weekdays()
    grid: list[list[float | None]] = [[None] * len(hours) for _ in days]
    text: list[list[str]] = [[""] * len(hours) for _ in days]
    orders_text = translate("Figures", "{amount}<br>{orders} orders")
    for weekday, hour, revenue, orders in frame.select(
        "weekday", "hour", "revenue", "transactions"
    ).iter_rows():
        w, h = int(weekday) - 1, hours.index(int(hour))
        grid[w][h] = revenue
        text[w][h] = orders_text.format(amount=fmt.money(revenue, symbol), orders=orders)
    trace = {
        "type": "heatmap",
        "z": grid,
        "x": [f"{h:02d}:00" for h in hours],
        "y": days,
        "text": text,
        "hovertemplate": "%{y} %{x}<br>%{text}<extra></extra>",
        "colorscale": AMOUNT_SCALE[theme.name],
        "zmin": 0,
        "showscale": True,
        "colorbar": {
            "title": {
                "text": translate("Figures", "revenue ({currency})").format(currency=unit)
                if unit
                else translate("Figures", "revenue"),
                "side": "right",
            },
            **compact_ticks([v for row in grid for v in row if v is not None]),
            "thickness": 12,
        },
        "xgap": 2,
        "ygap": 2,
    }
    layout = _layout(
        theme, translate("Figures", "Sales by hour and weekday (POS)"),
        yaxis={"autorange": "reversed"},
    )  # fmt: skip
    return {"data": [trace], "layout": layout}


def _scale_colour(scale: list[list[Any]], t: float) -> str:
    """The colour at `t` (0..1, clipped) of a colour list, interpolated in RGB."""
    t = min(max(t, 0.0), 1.0)
    for (t0, c0), (t1, c1) in pairwise(scale):
        if t <= t1:
            f = (t - t0) / (t1 - t0) if t1 > t0 else 0.0
            a = [int(c0[i : i + 2], 16) for i in (1, 3, 5)]
            b = [int(c1[i : i + 2], 16) for i in (1, 3, 5)]
            return "#" + "".join(f"{round(x + (y - x) * f):02x}" for x, y in zip(a, b, strict=True))
    return scale[-1][1]


def _skip_single_roots(frame: pl.DataFrame) -> pl.DataFrame:
    """Drop the top categories that only hold one child and nothing of their own ("All",
    "All / Saleable"): the treemap starts at the first level with a choice, its nodes roots."""
    while True:
        roots = frame.filter(pl.col("parent_path") == "")
        if roots.height != 1 or (roots["revenue_own"][0] or 0.0) != 0.0:
            return frame
        root = roots["path"][0]
        if frame.filter(pl.col("parent_path") == root).height == 0:
            return frame
        frame = frame.filter(pl.col("path") != root).with_columns(
            parent_path=pl.when(pl.col("parent_path") == root)
            .then(pl.lit(""))
            .otherwise("parent_path")
        )


def category_treemap(frame: pl.DataFrame, theme: Theme, symbol: Currency | str) -> Figure:
    """Categories nested in their parents, sized by revenue; coloured by margin when known.
    Each node's own revenue (not its subtree's) feeds Plotly, which adds the children up; a
    category whose refunds outweigh its sales counts 0 there (a treemap has no negative area)."""
    frame = _skip_single_roots(frame)
    margins = frame["margin"].to_list()
    margin_text = translate("Figures", "{amount}<br>margin {margin}")
    hover = [
        margin_text.format(amount=fmt.money(r, symbol), margin=fmt.percent(m))
        for r, m in zip(frame["revenue"].to_list(), margins, strict=True)
    ]
    # colours computed here, not by a plotly colour scale: with a scale, the root that several
    # top categories share is painted a dark grey band that no setting reaches
    title = translate("Figures", "Revenue by category")
    known = frame.filter(pl.col("margin").is_not_null() & (pl.col("parent_path") == ""))
    if known.height and float(known["revenue"].sum()):
        # diverging around the shop's own margin: red below it, green above
        centre = float(known["gross_profit"].sum()) / float(known["revenue"].sum())
        spread = max([abs(m - centre) for m in margins if m is not None] + [0.05])
        colours = [
            theme.grid
            if m is None
            else _scale_colour(MARGIN_SCALE, 0.5 + (m - centre) / spread / 2)
            for m in margins
        ]
        title += translate(
            "Figures", " · colour: margin, red below the overall {margin}, green above"
        ).format(margin=fmt.percent(centre))
    else:  # no cost data yet: shade by revenue
        top = max(frame["revenue"].max() or 0.0, 1.0)
        colours = [
            _scale_colour(AMOUNT_SCALE[theme.name], max(r or 0.0, 0.0) / top)
            for r in frame["revenue"].to_list()
        ]
    marker = {"colors": colours, "line": {"color": theme.surface, "width": 1}}
    trace = {
        "type": "treemap",
        "ids": frame["path"].to_list(),
        "labels": frame["name"].to_list(),
        "parents": frame["parent_path"].to_list(),
        "values": [max(v or 0.0, 0.0) for v in frame["revenue_own"].to_list()],
        "branchvalues": "remainder",
        "customdata": hover,
        "hovertemplate": "<b>%{label}</b><br>%{customdata}<extra></extra>",
        "marker": marker,
        "textfont": {"size": 13},
        "pathbar": {"visible": False},
        "root": {"color": theme.surface},  # several top categories share an unseen root
    }
    # a label that does not fit its box is hidden rather than shrunk to an unreadable size
    layout = _layout(theme, title, uniformtext={"minsize": 11, "mode": "hide"})
    return {"data": [trace], "layout": layout}


def _group_small(frame: pl.DataFrame) -> pl.DataFrame:
    """Payment methods under OTHER_SHARE of the revenue in one "Other" row (at the end)."""
    values = frame.with_columns(pl.col("revenue").clip(lower_bound=0.0))
    total = float(values["revenue"].sum()) or 1.0
    small = values["revenue"] / total < OTHER_SHARE
    if int(small.sum()) < 2:
        return values.select("payment_method", "revenue")
    other = pl.DataFrame(
        {
            "payment_method": [translate("Figures", "Other")],
            "revenue": [float(values.filter(small)["revenue"].sum())],
        }
    )
    return pl.concat([values.filter(~small).select("payment_method", "revenue"), other])


def payment_methods(frame: pl.DataFrame, theme: Theme, symbol: Currency | str) -> Figure:
    slices = _group_small(frame)
    revenue = slices["revenue"].to_list()
    trace = {
        "type": "pie",
        "labels": slices["payment_method"].to_list(),
        "values": revenue,
        "hole": 0.45,
        "customdata": [fmt.money(v, symbol) for v in revenue],
        "text": [fmt.money_compact(v, symbol) for v in revenue],
        "texttemplate": "%{text}<br>%{percent}",
        "textposition": "inside",
        "insidetextorientation": "horizontal",
        "hovertemplate": "%{label}<br>%{customdata} (%{percent})<extra></extra>",
        "sort": False,
    }
    layout = _layout(
        theme,
        translate("Figures", "Revenue by payment method"),
        uniformtext={"minsize": 10, "mode": "hide"},
    )
    return {"data": [trace], "layout": layout}


def cashiers(frame: pl.DataFrame, theme: Theme, symbol: Currency | str) -> Figure:
    ordered = frame.sort("revenue")
    hover = translate("Figures", "{amount}<br>{transactions} transactions, basket {basket}")
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": ordered["revenue"].to_list(),
        "y": ordered["cashier"].to_list(),
        "marker": {"color": theme.revenue},
        "customdata": [
            hover.format(amount=fmt.money(r, symbol), transactions=t, basket=fmt.money(b, symbol))
            for r, t, b in ordered.select("revenue", "transactions", "average_basket").rows()
        ],
        "hovertemplate": "%{y}<br>%{customdata}<extra></extra>",
    }
    xaxis = compact_ticks(ordered["revenue"].to_list())
    layout = _layout(theme, translate("Figures", "Revenue by cashier"), xaxis=xaxis)
    return {"data": [trace], "layout": layout}
