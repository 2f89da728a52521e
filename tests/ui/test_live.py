"""Live today: the cards show Odoo's own totals, marked LIVE; offline, the app says so and the
lake keeps working."""

from __future__ import annotations

import socket
from datetime import timedelta

import polars as pl
import pytest
from demo_lake import TZ, client, settings_for
from ui_support import LOAD_MS, screenshot, show

from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.format import Currency
from nkdash_desktop.kpi.totals import day_until
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.pipeline.live import live_today
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.runtime.live import UNREACHABLE

IDR, USD = Currency("IDR", "Rp"), Currency("USD", "$")


def day_until_revenue(window, day, until, company) -> float:
    with window.board.source.cursor() as con:
        return day_until(con, day, until, company)["revenue"].sum()


def test_today_is_live_from_odoo(qtbot, window, demo_odoo):
    w = window
    with qtbot.waitSignal(w.live.updated, timeout=LOAD_MS):
        w.range.set_preset("today")
    qtbot.waitUntil(lambda: not w.overview.loading, timeout=LOAD_MS)
    with client(demo_odoo) as odoo:
        live = live_today(odoo, today(TZ), company_ids=[1, 2])
    rupiah = live.filter(pl.col("company_id") == 1)
    dollars = live.filter(pl.col("company_id") == 2)
    cards = w.overview.cards.cards
    # each company in its own currency, on a line each: never added
    assert cards["revenue"].value.text() == (
        f"{fmt.money(rupiah['revenue'].sum(), IDR)}\n{fmt.money(dollars['revenue'].sum(), USD)}"
    )
    assert cards["transactions"].value.text() == fmt.count(live["transactions"].sum())
    basket = rupiah["revenue"].sum() / rupiah["transactions"].sum()
    assert cards["average_basket"].value.text().split("\n")[0] == fmt.money(basket, IDR)
    # only the cards Odoo gives live carry the badge; the others say they are not live
    badged = {m for m, card in cards.items() if card.live_tag.isVisible()}
    assert badged == {"revenue", "transactions", "average_basket"}
    assert "refreshed every few minutes" in cards["revenue"].live_tag.toolTip()
    # today so far against yesterday up to the same time of day, never a whole day
    other = w.overview.view.comparison
    assert other.until is not None and other.period.end == today(TZ) - timedelta(days=1)
    caption = w.overview.cards.caption.text()
    assert caption.startswith(f"Changes against yesterday until {other.until:%H:%M} (")
    group, previous = w.overview.view.previous[0]  # rupiah: NK Mart's own day until now
    assert group.company_ids == (1,)
    assert previous["revenue"] == pytest.approx(
        day_until_revenue(w, other.period.end, other.until.time(), 1)
    )
    assert cards["gross_profit"].value.text() == fmt.NO_VALUE
    assert "not live" in cards["gross_profit"].note.text()
    assert w.live_label.text().startswith("● LIVE from Odoo")
    assert w.live.active
    # the live day has no lake data: the chart says why instead of drawing bare axes
    assert "nightly sync covers up to yesterday" in w.overview.chart.stack.message.text()
    screenshot(w, "overview-live-today")
    # a refresh (the timer's job) asks Odoo again
    with qtbot.waitSignal(w.live.updated, timeout=LOAD_MS):
        w.live.refresh()
    with qtbot.waitSignal(w.overview.rendered, timeout=LOAD_MS):
        w.range.set_preset("yesterday")
    assert not w.live.active and not w.live_label.isVisible()
    assert not cards["revenue"].live_tag.isVisible()


def test_offline_the_app_shows_the_lake(qtbot, make_window, profit_lake):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = settings_for(profit_lake, url=f"http://127.0.0.1:{port}")
    w = make_window(AppContext(settings, "no-such-key"))
    with qtbot.waitSignal(w.live.offline, timeout=LOAD_MS) as offline:
        w.range.set_preset("today")
    assert offline.args == [UNREACHABLE]
    qtbot.waitUntil(lambda: not w.overview.loading, timeout=LOAD_MS)
    assert w.live_label.text() == "Odoo unreachable: showing the lake"
    assert w.live.problem  # the reason, in the banner's tooltip
    assert w.live_label.toolTip() == w.live.problem
    assert not w.overview.cards.cards["revenue"].live_tag.isVisible()
    # the rest keeps working from the lake
    with qtbot.waitSignal(w.overview.rendered, timeout=LOAD_MS):
        w.range.set_preset("last_7_days")
    assert w.overview.cards.cards["revenue"].value.text() != "Rp 0"
    show(qtbot, w, w.sales)
    assert not w.sales.loading
