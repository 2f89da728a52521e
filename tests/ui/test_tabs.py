"""Every tab renders the demo lake; the cards equal the KPI functions; screenshots."""

from __future__ import annotations

import polars as pl
import pytest
from demo_lake import lake_range
from ui_support import LOAD_MS, by_currency, panels, query, screenshot, show, wait_drawn

from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.companies import of_currency
from nkdash_desktop.kpi.format import Currency
from nkdash_desktop.kpi.inventory import moves_per_day, stock_on_hand
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.profit import products_without_cost, profit_by_product
from nkdash_desktop.kpi.purchases import spend_by_vendor
from nkdash_desktop.kpi.summary import CARDS, currency_of, rows_of, summary
from nkdash_desktop.ui.tabs.overview import top_by_currency


def test_cards_equal_the_kpi_functions(window):
    figures = query(window, summary)
    assert window.board.currency == Currency()  # all companies: rupiah and dollars
    for metric in CARDS:
        card = window.overview.cards.cards[metric]
        rows = rows_of(figures, metric)
        shown = [fmt.figure(r["kind"], r["current"], currency_of(r)) for r in rows]
        if rows[0]["kind"] != "money" and len(rows) > 1:  # a ratio names its currency
            shown = [f"{text} ({r['currency']})" for text, r in zip(shown, rows, strict=True)]
        assert card.value.text() == "\n".join(shown)
        if metric in ("transactions", "quantity"):
            assert len(rows) == 1  # counts add up across currencies
        else:
            assert [r["currency"] for r in rows] == ["IDR", "USD"]
        if rows[0]["change"] is not None and len(rows) == 1:
            assert card.change.text().startswith(fmt.change(rows[0]["kind"], rows[0]["change"]))
        assert not card.live_tag.isVisible()
    assert rows_of(figures, "gross_profit")[0]["current"] is not None  # the UI lake has profit
    # the fixture's profit stops two days before the lake's end: the cards say so
    assert "profit computed for" in window.overview.cards.cards["gross_profit"].note.text()
    assert window.overview.cards.cards["revenue"].change.text().startswith("Rp ")
    # an unknown cost is not a zero cost: the share of revenue left out is beside the margin
    shares = ", ".join(
        f"{fmt.percent(r['current'])} ({r['currency']})"
        for r in rows_of(figures, "cost_missing_share")
        if r["current"]
    )  # each currency's share, named
    assert shares
    for metric in ("gross_profit", "margin"):
        note = window.overview.cards.cards[metric].note.text()
        assert f"{shares} of revenue without a known cost" in note


def test_overview_chart_and_top_products(window):
    daily = window.overview.chart
    assert len(daily.days) == window.board.query.period.days
    assert [s.name for s in daily.series] == ["Revenue (IDR)", "Gross profit (IDR)"]
    with window.board.source.cursor() as con:
        top = top_by_currency(con, window.board.query)
    assert top["currency"].unique(maintain_order=True).to_list() == ["IDR", "USD"]
    for code in ("IDR", "USD"):  # each currency ranked on its own, shares within it
        mine = top.filter(pl.col("currency") == code)
        assert mine["revenue"].to_list() == sorted(mine["revenue"], reverse=True)
        assert mine["share"].sum() <= 1.0
    model = window.overview.top.frame_model
    assert model.column_values("product") == top["product"].to_list()
    assert model.column_values("currency") == top["currency"].to_list()
    assert model.data(model.index(0, 3)) == fmt.money(top["revenue"][0])
    assert not window.overview.top_stack.is_empty


def test_every_tab_renders_and_is_screenshotted(qtbot, window):
    w = window
    with qtbot.waitSignal(w.overview.rendered, timeout=LOAD_MS):
        w.range.set_period(Period(*lake_range()))  # the whole lake: every chart has data
    paths = [screenshot(w, "overview")]
    show(qtbot, w, w.sales)
    found = panels(qtbot, w.sales.charts, lambda p: all(isinstance(v, list) for v in p.values()))
    assert found == {
        "heatmap": ["heatmap"],
        "categories": ["treemap"],
        "payments": ["pie"],
        "cashiers": ["bar"],
    }
    wait_drawn(qtbot, w.sales.charts)
    paths.append(screenshot(w, "sales"))

    show(qtbot, w, w.profit)
    products = query(w, by_currency, profit_by_product)
    assert w.profit.table.frame_model.column_values("product") == products["product"].to_list()
    assert all(m is not None and m < 0.5 for m in products["margin"])  # never 100%
    # products without any known cost are listed apart, their margin unknown: "—"
    apart = query(w, by_currency, products_without_cost)
    assert apart.height > 0
    model = w.profit.no_cost.frame_model
    assert model.column_values("product") == apart["product"].to_list()
    margin = [c.key for c in w.profit.no_cost.frame_model.columns].index("margin")
    assert {model.data(model.index(r, margin)) for r in range(apart.height)} == {fmt.NO_VALUE}
    assert w.profit.no_cost_box.isVisible()
    assert w.profit.trend.days and not w.profit.trend.stack.is_empty
    paths.append(screenshot(w, "profit"))

    show(qtbot, w, w.purchases)
    vendors = query(w, by_currency, spend_by_vendor)
    shown = w.purchases.table.frame_model.column_values("spend")
    assert shown == pytest.approx(vendors["spend"].to_list())
    paths.append(screenshot(w, "purchases"))

    show(qtbot, w, w.inventory)
    # the stock (money) of the currency chosen in the range bar: the first, rupiah (NK Mart)
    stock = of_currency(query(w, stock_on_hand), "IDR")
    assert sum(w.inventory.table.frame_model.column_values("quantity")) == pytest.approx(
        stock["quantity"].sum()
    )
    by_category = stock.group_by("category").agg(pl.col("value").sum()).sort("value")
    bars = w.inventory.stock_chart
    assert bars.labels == [c.rsplit(" / ", 1)[-1] for c in by_category["category"]]
    assert bars.bars.opts["width"] == pytest.approx(by_category["value"].to_list())
    # the title's date is the range's end; the snapshot's day is said when it differs
    end = w.board.query.period.end
    assert bars.title.startswith(f"Stock value at cost by category on {end:%d %b %Y}")
    # categories by their name, the path on hover; one unit per row, never added across
    model = w.inventory.table.frame_model
    names, paths_ = model.column_values("category_name"), list(stock["category"])
    assert all(p.endswith(n) for n, p in zip(names, paths_, strict=True))
    category_column = [c.key for c in model.columns].index("category_name")
    assert model.item(0, category_column).toolTip() == stock["category"][0]
    assert set(model.column_values("unit")) > {"Units"}
    mixed = next(t for t in bars.texts if "," in t)  # a category stocked in two units
    assert " · " in mixed and len(mixed.split(", ")) >= 2
    moves = query(w, moves_per_day)
    assert w.inventory.moves.days == moves["day"].to_list()
    assert [s.values for s in w.inventory.moves.series] == [
        moves["moves_in"].to_list(), [-v for v in moves["moves_out"].to_list()]]  # fmt: skip
    paths.append(screenshot(w, "inventory"))

    show(qtbot, w, w.runs)
    qtbot.waitUntil(lambda: w.runs.detail is not None, timeout=LOAD_MS)
    paths.append(screenshot(w, "runs"))
    for path in paths:
        image = pl.Series(list(path.read_bytes()[:8]))
        assert image.to_list() == list(b"\x89PNG\r\n\x1a\n") and path.stat().st_size > 20_000
