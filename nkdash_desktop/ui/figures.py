"""Plotly figures of the Sales tab, built from the KPI frames, in the theme.

Figures are plain dicts (Plotly's JSON schema) with the theme's template inlined: building
them is cheap enough for a worker thread, and the UI thread only hands the JSON to the page.
(plotly.graph_objects validates every property and deep-copies the template: several hundred
milliseconds per figure.)
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import plotly.io as pio
import polars as pl

from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.ui.theme import Theme

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
Figure = dict[str, Any]


@cache
def _template(name: str) -> dict[str, Any]:
    return pio.templates[name].to_plotly_json()


def _layout(theme: Theme, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "template": _template(theme.plotly_template),
        "title": {"text": title, "x": 0.01, "font": {"size": 14}},
        "paper_bgcolor": theme.surface,
        "plot_bgcolor": theme.surface,
        "font": {"color": theme.text, "size": 11},
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "hoverlabel": {"font": {"size": 12}},
        **extra,
    }


def to_json(figure: Figure) -> str:
    return json.dumps(figure, separators=(",", ":"), default=str)


def heatmap(frame: pl.DataFrame, theme: Theme, symbol: str) -> Figure:
    """Revenue by hour (columns) and weekday (rows, Monday on top)."""
    hours = list(range(int(frame["hour"].min()), int(frame["hour"].max()) + 1))
    grid: list[list[float | None]] = [[None] * len(hours) for _ in WEEKDAYS]
    text: list[list[str]] = [[""] * len(hours) for _ in WEEKDAYS]
    for weekday, hour, revenue, orders in frame.select(
        "weekday", "hour", "revenue", "transactions"
    ).iter_rows():
        w, h = int(weekday) - 1, hours.index(int(hour))
        grid[w][h] = revenue
        text[w][h] = f"{fmt.money(revenue, symbol)}<br>{orders} orders"
    trace = {
        "type": "heatmap",
        "z": grid,
        "x": [f"{h:02d}:00" for h in hours],
        "y": list(WEEKDAYS),
        "text": text,
        "hovertemplate": "%{y} %{x}<br>%{text}<extra></extra>",
        "colorscale": "Blues",
        "showscale": False,
        "xgap": 2,
        "ygap": 2,
    }
    layout = _layout(theme, "Sales by hour and weekday (POS)", yaxis={"autorange": "reversed"})
    return {"data": [trace], "layout": layout}


def category_treemap(frame: pl.DataFrame, theme: Theme, symbol: str) -> Figure:
    """Categories nested in their parents, sized by revenue; coloured by margin when known.
    Each node's own revenue (not its subtree's) feeds Plotly, which adds the children up; a
    category whose refunds outweigh its sales counts 0 there (a treemap has no negative area)."""
    margins = frame["margin"].to_list()
    hover = [
        f"{fmt.money(r, symbol)}<br>margin {fmt.percent(m)}"
        for r, m in zip(frame["revenue"].to_list(), margins, strict=True)
    ]
    marker: dict[str, Any] = {"line": {"color": theme.surface, "width": 1}}
    if any(m is not None for m in margins):
        marker |= {
            "colors": [m if m is not None else 0.0 for m in margins],
            "colorscale": "RdYlGn",
            "showscale": True,
            "colorbar": {"title": {"text": "margin"}, "tickformat": ".0%"},
        }
    else:  # no cost data yet: shade by revenue
        marker |= {"colors": frame["revenue"].to_list(), "colorscale": "Blues"}
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
    }
    return {"data": [trace], "layout": _layout(theme, "Revenue by category")}


def payment_methods(frame: pl.DataFrame, theme: Theme, symbol: str) -> Figure:
    trace = {
        "type": "pie",
        "labels": frame["payment_method"].to_list(),
        "values": [max(v, 0.0) for v in frame["revenue"].to_list()],
        "hole": 0.45,
        "customdata": [fmt.money(v, symbol) for v in frame["revenue"].to_list()],
        "hovertemplate": "%{label}<br>%{customdata} (%{percent})<extra></extra>",
        "sort": False,
    }
    return {"data": [trace], "layout": _layout(theme, "Revenue by payment method")}


def cashiers(frame: pl.DataFrame, theme: Theme, symbol: str) -> Figure:
    ordered = frame.sort("revenue")
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": ordered["revenue"].to_list(),
        "y": ordered["cashier"].to_list(),
        "marker": {"color": theme.revenue},
        "customdata": [
            f"{fmt.money(r, symbol)}<br>{t} transactions, basket {fmt.money(b, symbol)}"
            for r, t, b in ordered.select("revenue", "transactions", "average_basket").rows()
        ],
        "hovertemplate": "%{y}<br>%{customdata}<extra></extra>",
    }
    layout = _layout(theme, "Revenue by cashier", xaxis={"tickformat": "~s"})
    return {"data": [trace], "layout": layout}
