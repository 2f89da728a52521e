"""kpi/columns.py: every column a KPI table declares is a column of the frame its KPI function
returns (what the screen gets, split by currency), and the workbook's sheets take the declared
columns."""

from __future__ import annotations

import pytest

from nkdash_desktop.kpi import columns as C
from nkdash_desktop.kpi.companies import split_by_currency
from nkdash_desktop.kpi.excel.report import SHEETS
from nkdash_desktop.kpi.inventory import stock_on_hand
from nkdash_desktop.kpi.profit import products_without_cost, profit_by_product
from nkdash_desktop.kpi.purchases import spend_by_vendor
from nkdash_desktop.kpi.sales import sales_by_cashier, sales_by_category, top_products
from nkdash_desktop.kpi.totals import daily_totals, product_totals

TABLES = [
    (C.TOP_PRODUCTS, top_products),
    (C.PROFIT_BY_PRODUCT, profit_by_product),
    (C.PRODUCTS_WITHOUT_COST, products_without_cost),
    (C.SPEND_BY_VENDOR, spend_by_vendor),
    (C.STOCK_ON_HAND, stock_on_hand),
    (C.DAILY_TOTALS, daily_totals),
    (C.PRODUCT_TOTALS, product_totals),
    (C.SALES_BY_CATEGORY, sales_by_category),
    (C.SALES_BY_CASHIER, sales_by_cashier),
]


@pytest.mark.parametrize(("declared", "query"), TABLES, ids=lambda t: getattr(t, "__name__", ""))
def test_every_declared_column_is_in_its_kpi_frame(profit_con, week, declared, query):
    frame = split_by_currency(query, profit_con, week.start, week.end)
    assert frame.height, f"the demo lake has rows for {query.__name__}"
    wanted = {c.key for c in declared.all} | {c.hover for c in declared.all if c.hover}
    assert wanted <= set(frame.columns), wanted - set(frame.columns)
    # each view shows a column once
    for shown in (declared.on_screen(), declared.in_workbook()):
        keys = [c.key for c in shown]
        assert len(keys) == len(set(keys)), keys


def test_the_workbook_sheets_take_the_declared_columns():
    declared = {
        "Daily": C.DAILY_TOTALS,
        "By product": C.PRODUCT_TOTALS,
        "No known cost": C.PRODUCTS_WITHOUT_COST,
        "By category": C.SALES_BY_CATEGORY,
        "By cashier": C.SALES_BY_CASHIER,
        "Purchases": C.SPEND_BY_VENDOR,
        "Stock": C.STOCK_ON_HAND,
    }
    assert {s.name: s.columns for s in SHEETS} == {
        name: columns.in_workbook() for name, columns in declared.items()
    }
    for sheet in SHEETS:  # a sheet per currency: no currency column
        assert "currency" not in [c.key for c in sheet.columns]


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown column kind 'colour' for 'a'"):
        C.Column("a", "A", "colour")
