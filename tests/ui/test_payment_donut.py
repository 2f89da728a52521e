"""The Sales tab's payment donut shows the payments Odoo recorded (the payments dataset), per
currency: the rupiah company's methods add up to its POS order totals plus its invoices, the
dollar company's to its own; never the two together. Screenshots at 1366x768, light and dark."""

from __future__ import annotations

import json

import pytest
from demo_lake import read_star
from ui_support import LOAD_MS, evaluate, screenshot, show, wait_drawn

from nkdash_desktop.kpi.companies import of_currency
from nkdash_desktop.kpi.sales import sales_by_payment_method

DONUT = (
    "JSON.stringify((p => [p.data[0].labels, p.data[0].values, p.layout.title.text])"
    "(document.getElementById('payments')))"
)


def donut(qtbot, w):
    return json.loads(evaluate(qtbot, w.sales.charts, DONUT))


def expected(w, company: int, currency: str):
    period = w.board.query.period
    with w.board.source.cursor() as con:
        frame = sales_by_payment_method(con, period.start, period.end, company)
    return of_currency(frame, currency)


def pos_totals(root, w, company: int) -> float:
    period = w.board.query.period
    orders = read_star(root, "fact_pos_orders")
    mine = orders.filter(
        (orders["company_id"] == company) & orders["day"].is_between(period.start, period.end)
    )
    return float(mine["amount_total"].sum())


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_donut_shows_the_payments_of_the_chosen_currency(qtbot, window, profit_lake, theme):
    w = window
    w.resize(1366, 768)
    if w.theme.name != theme:
        w.set_theme(theme)
    buttons = w.range.currency_buttons.buttons()
    try:
        show(qtbot, w, w.sales)
        for button, company, currency in ((buttons[0], 1, "IDR"), (buttons[1], 2, "USD")):
            if not button.isChecked():
                with qtbot.waitSignal(w.sales.rendered, timeout=LOAD_MS):
                    button.click()
            methods = expected(w, company, currency)
            wanted = methods["payment_method"].to_list()
            qtbot.waitUntil(lambda: donut(qtbot, w)[0] == wanted, timeout=LOAD_MS)  # noqa: B023
            labels, values, title = donut(qtbot, w)
            assert values == pytest.approx(methods["revenue"].clip(lower_bound=0.0).to_list())
            assert f"({currency})" in title
            # the POS methods are the payments: they add up to the orders' totals, to the cent
            pos = methods.filter(methods["payment_method_id"].is_not_null())
            assert round(pos["revenue"].sum(), 2) == round(pos_totals(profit_lake, w, company), 2)
            assert "Invoices (on account)" in labels or company == 2
            wait_drawn(qtbot, w.sales.charts)
            screenshot(w, f"sales-payments-{currency.lower()}-1366x768-{theme}")
    finally:
        if not buttons[0].isChecked():
            with qtbot.waitSignal(w.sales.rendered, timeout=LOAD_MS):
                buttons[0].click()
        if w.theme.name != "light":
            w.set_theme("light")
