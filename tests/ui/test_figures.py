"""The Sales tab's Plotly figures: colour scales that run the right way, the treemap's top
level, the donut's small slices and labels (pure figure dicts, no page needed)."""

from __future__ import annotations

import colorsys

import polars as pl
import pytest
from PySide6.QtGui import QColor

from nkdash_desktop.ui.runtime.theme import DARK, LIGHT
from nkdash_desktop.ui.widgets import figures


def _lightness(colour: str) -> float:
    c = QColor(colour)
    return colorsys.rgb_to_hls(c.redF(), c.greenF(), c.blueF())[1]


def _saturation(colour: str) -> float:
    c = QColor(colour)
    return colorsys.rgb_to_hsv(c.redF(), c.greenF(), c.blueF())[1]


HEAT = pl.DataFrame(
    {"weekday": [1, 1, 2], "hour": [9, 10, 9], "revenue": [100.0, 5_000.0, 250_000.0],
     "transactions": [1, 3, 9]}
)  # fmt: skip


def test_heatmap_more_revenue_is_darker_or_more_saturated_with_a_currency_colour_bar():
    light = figures.heatmap(HEAT, LIGHT, "Rp")["data"][0]
    stops = [c for _, c in light["colorscale"]]
    assert [_lightness(c) for c in stops] == sorted((_lightness(c) for c in stops), reverse=True)
    assert _lightness(stops[0]) > 0.9 and _lightness(stops[-1]) < 0.4  # pale to dark
    dark = [c for _, c in figures.heatmap(HEAT, DARK, "Rp")["data"][0]["colorscale"]]
    assert _saturation(dark[-1]) > _saturation(dark[0])
    assert _lightness(dark[-1]) > _lightness(dark[0])  # on a dark page, more stands out
    assert light["showscale"] is True and light["zmin"] == 0
    assert light["colorbar"]["title"]["text"] == "revenue (Rp)"
    assert "Rp 250,000" in light["text"][1][0]  # Tuesday 09:00, shown on hover
    assert "%{text}" in light["hovertemplate"]


def test_plotly_axes_speak_the_locales_compact_figures(language):
    """Not Plotly's SI prefixes (5M): the app's compact figures, Indonesian words included."""
    assert figures.compact_ticks([0.0, 12_000_000.0])["ticktext"][:3] == ["0", "2.5M", "5M"]
    language("id")
    ticks = figures.compact_ticks([-1_000_000.0, 12_000_000.0])
    assert ticks["ticktext"] == ["-5\xa0jt", "0", "5\xa0jt", "10\xa0jt"]  # CLDR's own space
    assert ticks["tickvals"][1] == 0 and ticks["tickmode"] == "array"
    bar = figures.heatmap(HEAT, LIGHT, "Rp")["data"][0]["colorbar"]
    assert bar["ticktext"][-1].endswith("rb") and "tickformat" not in bar
    assert figures.compact_ticks([0.0, 0.0]) == {}  # nothing to scale: Plotly's own


CATEGORIES = pl.DataFrame(
    {
        "path": ["All", "All / Saleable", "All / Saleable / Food", "All / Saleable / Care"],
        "name": ["All", "Saleable", "Food", "Care"],
        "parent_path": ["", "All", "All / Saleable", "All / Saleable"],
        "revenue_own": [0.0, 0.0, 700.0, 300.0],
        "revenue": [1000.0, 1000.0, 700.0, 300.0],
        "gross_profit": [320.0, 320.0, 245.0, 75.0],
        "margin": [0.32, 0.32, 0.35, 0.25],
    }
)


def test_treemap_starts_at_the_first_level_with_a_choice_in_explicit_colours():
    trace = figures.category_treemap(CATEGORIES, LIGHT, "Rp")["data"][0]
    assert trace["labels"] == ["Food", "Care"]
    assert trace["parents"] == ["", ""]
    # explicit colours (a scale name plotly.js may not know falls back to purple-yellow):
    # Food's 35% above the overall 32% is green, Care's 25% red
    food, care = (QColor(c) for c in trace["marker"]["colors"])
    assert food.green() > food.red() and care.red() > care.green()
    assert "colorscale" not in trace["marker"]
    no_cost = CATEGORIES.with_columns(margin=pl.lit(None, pl.Float64))
    pale, paler = figures.category_treemap(no_cost, LIGHT, "Rp")["data"][0]["marker"]["colors"]
    assert _lightness(pale) < _lightness(paler)  # by revenue: Food 700 darker than Care 300
    layout = figures.category_treemap(CATEGORIES, LIGHT, "Rp")["layout"]
    assert layout["uniformtext"]["minsize"] >= 10


def test_donut_groups_slices_under_two_percent_and_labels_amounts():
    frame = pl.DataFrame(
        {"payment_method": ["Cash", "QRIS", "Bali cash", "Bali QRIS"],
         "revenue": [60_000_000.0, 39_000_000.0, 600_000.0, 400_000.0]}
    )  # fmt: skip
    trace = figures.payment_methods(frame, LIGHT, "Rp")["data"][0]
    assert trace["labels"] == ["Cash", "QRIS", "Other"]
    assert trace["values"] == pytest.approx([60e6, 39e6, 1e6])
    assert trace["text"] == ["Rp 60M", "Rp 39M", "Rp 1M"]
    assert "%{text}" in trace["texttemplate"] and "%{percent}" in trace["texttemplate"]
    one_small = frame.head(3)  # a single small slice keeps its own name
    assert figures.payment_methods(one_small, LIGHT, "Rp")["data"][0]["labels"][-1] == "Bali cash"
