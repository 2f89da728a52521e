"""The columns of the KPI tables, declared once: each table's frame columns, titles and kinds,
read by the app's tables (ui/widgets/table.py), the report workbook (kpi/excel) and the command line.

A column's kind says how its values read: their text and alignment (`cell_text`, with the
screen's or the engine's formatter) and their Excel number format (kpi/excel/formats.py). A
table shown both on screen and in the workbook declares every column once; a column only one
of them shows says so (`screen=False`: the workbook's ids and snapshot day; `workbook=False`:
the screen's currency column, since the workbook gives each currency its own sheet). Titles are
marked for translation (context "Columns") where declared and shown through `column_title`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import polars as pl

from nkdash_desktop.i18n import QT_TRANSLATE_NOOP, translate
from nkdash_desktop.kpi import format as fmt

# kinds whose values are figures: right-aligned, a number format in Excel
NUMERIC_KINDS = frozenset(
    {"money", "count", "quantity", "number", "percent", "ratio", "seconds", "change", "points"}
)
TEXT_KINDS = frozenset({"text", "flag", "note"})  # note: free text such as an error, cut on
# screen to a width with the whole text on hover
KINDS = NUMERIC_KINDS | TEXT_KINDS | {"id", "day", "time", "clock"}  # id: an Odoo record id


@dataclass(frozen=True)
class Column:
    """A column of a KPI table: the frame's column `key`, its `title` and its `kind`."""

    key: str
    title: str
    kind: str = "text"
    hover: str | None = None  # on screen: the frame column shown on hovering a cell
    screen: bool = True  # the app's table shows it
    workbook: bool = True  # the report workbook's sheet shows it

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r} for {self.key!r}")


class Columns:
    """The columns of one KPI table, in the order every view shows them."""

    def __init__(self, *columns: Column) -> None:
        self.all: tuple[Column, ...] = columns

    def on_screen(self) -> list[Column]:
        return [c for c in self.all if c.screen]

    def in_workbook(self) -> tuple[Column, ...]:
        return tuple(c for c in self.all if c.workbook)


def column_title(column: Column) -> str:
    """A column's heading in the operator's language (titles are marked in context "Columns";
    a title nobody marked, such as a frame's own column name, stays as it is)."""
    return translate("Columns", column.title)


def cell_text(kind: str, value: Any, symbol: str = "", formatter: fmt.Formatter = fmt.BABEL) -> str:
    """A cell's text: the screen passes its QLocale formatter, the engine and the CLI Babel's."""
    if value is None:
        return "" if kind in ("text", "flag") else fmt.NO_VALUE
    if kind == "money":
        return formatter.money(value, symbol)
    if kind == "count":
        return formatter.count(value)
    if kind == "quantity":
        return formatter.quantity(value)
    if kind in ("percent", "ratio"):
        return formatter.percent(value)
    if kind == "seconds":
        return formatter.seconds(value)
    if kind == "time" and isinstance(value, datetime):
        return formatter.day_time(value)
    if kind == "day" and isinstance(value, date):
        return formatter.weekday_day(value)
    if kind == "flag":
        return translate("Columns", "yes") if value else ""
    return str(value)


# the screen's tables mix currencies in rows; the workbook gives each currency its own sheet
CURRENCY = Column("currency", QT_TRANSLATE_NOOP("Columns", "Currency"), workbook=False)
PRODUCT = Column("product", QT_TRANSLATE_NOOP("Columns", "Product"))
PRODUCT_ID = Column("product_id", QT_TRANSLATE_NOOP("Columns", "Product ID"), "id", screen=False)
QUANTITY = Column("quantity", QT_TRANSLATE_NOOP("Columns", "Quantity"), "quantity")
REVENUE = Column("revenue", QT_TRANSLATE_NOOP("Columns", "Revenue"), "money")
COGS = Column("cogs", QT_TRANSLATE_NOOP("Columns", "Cost of goods"), "money")
GROSS_PROFIT = Column("gross_profit", QT_TRANSLATE_NOOP("Columns", "Gross profit"), "money")
MARGIN = Column("margin", QT_TRANSLATE_NOOP("Columns", "Margin"), "percent")
COST_MISSING_LINES = Column(
    "cost_missing_lines", QT_TRANSLATE_NOOP("Columns", "Lines without a known cost"), "count"
)
CATEGORY_PATH = Column("category_path", QT_TRANSLATE_NOOP("Columns", "Category"))

# kpi.sales.top_products: the Overview
TOP_PRODUCTS = Columns(
    PRODUCT,
    Column("category", QT_TRANSLATE_NOOP("Columns", "Category")),
    QUANTITY,
    REVENUE,
    Column("share", QT_TRANSLATE_NOOP("Columns", "Share"), "percent"),
    GROSS_PROFIT,
    MARGIN,
    CURRENCY,
)
# kpi.profit.profit_by_product: the Profit tab
PROFIT_BY_PRODUCT = Columns(
    PRODUCT,
    Column("category", QT_TRANSLATE_NOOP("Columns", "Category")),
    QUANTITY,
    REVENUE,
    COGS,
    GROSS_PROFIT,
    MARGIN,
    Column("cost_missing_share", QT_TRANSLATE_NOOP("Columns", "Revenue without cost"), "percent"),
    Column("cost_standard_share", QT_TRANSLATE_NOOP("Columns", "At standard cost"), "percent"),
    CURRENCY,
)
# kpi.profit.products_without_cost: the Profit tab and the workbook's "No known cost"
PRODUCTS_WITHOUT_COST = Columns(
    PRODUCT_ID,
    PRODUCT,
    Column(
        "category", QT_TRANSLATE_NOOP("Columns", "Category"), workbook=False
    ),  # the screen: the category's own name
    Column(
        "category_path", QT_TRANSLATE_NOOP("Columns", "Category"), screen=False
    ),  # the workbook: its whole path
    QUANTITY,
    REVENUE,
    Column(
        "margin", QT_TRANSLATE_NOOP("Columns", "Margin"), "percent", workbook=False
    ),  # always "—": unknown, not 100%
    COST_MISSING_LINES,
    CURRENCY,
)
# kpi.purchases.spend_by_vendor: the Purchases tab and the workbook's "Purchases"
SPEND_BY_VENDOR = Columns(
    Column("vendor", QT_TRANSLATE_NOOP("Columns", "Vendor")),
    Column("bills", QT_TRANSLATE_NOOP("Columns", "Bills"), "count"),
    Column("lines", QT_TRANSLATE_NOOP("Columns", "Lines"), "count"),
    Column("spend", QT_TRANSLATE_NOOP("Columns", "Spend (tax excl.)"), "money"),
    Column("spend_tax_in", QT_TRANSLATE_NOOP("Columns", "Spend (tax incl.)"), "money"),
    Column("share", QT_TRANSLATE_NOOP("Columns", "Share"), "percent"),
    CURRENCY,
)
# kpi.inventory.stock_on_hand: the Inventory tab and the workbook's "Stock"
STOCK_ON_HAND = Columns(
    Column(
        "snapshot_day", QT_TRANSLATE_NOOP("Columns", "Snapshot day"), "day", screen=False
    ),  # the screen says it above
    Column("location", QT_TRANSLATE_NOOP("Columns", "Location")),
    # the screen: the category's own name, its path on hover; the workbook: the path
    Column(
        "category_name", QT_TRANSLATE_NOOP("Columns", "Category"), hover="category", workbook=False
    ),
    Column("category", QT_TRANSLATE_NOOP("Columns", "Category"), screen=False),
    Column("unit", QT_TRANSLATE_NOOP("Columns", "Unit")),
    Column("products", QT_TRANSLATE_NOOP("Columns", "Products"), "count"),
    Column("quantity", QT_TRANSLATE_NOOP("Columns", "On hand"), "quantity"),
    Column("value", QT_TRANSLATE_NOOP("Columns", "Value at cost"), "money"),
)
_MONEY_AND_PROFIT = (
    REVENUE,
    GROSS_PROFIT,
    COGS,
    MARGIN,
    Column(
        "revenue_cost_missing",
        QT_TRANSLATE_NOOP("Columns", "Revenue without a known cost"),
        "money",
    ),
    COST_MISSING_LINES,
    Column(
        "revenue_cost_standard",
        QT_TRANSLATE_NOOP("Columns", "Revenue at Odoo's standard cost"),
        "money",
    ),
)
# kpi.totals.daily_totals: the workbook's "Daily"
DAILY_TOTALS = Columns(
    Column("day", QT_TRANSLATE_NOOP("Columns", "Day"), "day"),
    Column("transactions", QT_TRANSLATE_NOOP("Columns", "Transactions"), "count"),
    QUANTITY,
    *_MONEY_AND_PROFIT,
)
# kpi.totals.product_totals: the workbook's "By product"
PRODUCT_TOTALS = Columns(PRODUCT_ID, PRODUCT, CATEGORY_PATH, QUANTITY, *_MONEY_AND_PROFIT)
# kpi.sales.sales_by_category: the workbook's "By category"
SALES_BY_CATEGORY = Columns(
    Column("path", QT_TRANSLATE_NOOP("Columns", "Category")),
    Column("depth", QT_TRANSLATE_NOOP("Columns", "Level"), "count"),
    Column("revenue_own", QT_TRANSLATE_NOOP("Columns", "Revenue of its own products"), "money"),
    REVENUE,
    QUANTITY,
    GROSS_PROFIT,
    MARGIN,
)
# kpi.sales.sales_by_cashier: the workbook's "By cashier"
SALES_BY_CASHIER = Columns(
    Column("cashier", QT_TRANSLATE_NOOP("Columns", "Cashier")),
    REVENUE,
    Column("transactions", QT_TRANSLATE_NOOP("Columns", "Transactions"), "count"),
    Column("average_basket", QT_TRANSLATE_NOOP("Columns", "Average basket"), "money"),
    QUANTITY,
)

# kpi.attention: each rule's detail table (the Overview's panel, `nkdash attention --detail`)
SNAPSHOT_DAY = Column("snapshot_day", QT_TRANSLATE_NOOP("Columns", "Stock as of"), "day")
ATTENTION_DETAIL: dict[str, Columns] = {
    "below_cost": Columns(
        PRODUCT,
        Column("cause", QT_TRANSLATE_NOOP("Columns", "Cause")),
        QUANTITY,
        REVENUE,
        COGS,
        Column("lost", QT_TRANSLATE_NOOP("Columns", "Lost"), "money"),
        Column("worst_order", QT_TRANSLATE_NOOP("Columns", "Worst order")),
        Column("worst_line", QT_TRANSLATE_NOOP("Columns", "Worst line's profit"), "money"),
    ),
    "cost_jump": Columns(
        PRODUCT,
        Column("bill", QT_TRANSLATE_NOOP("Columns", "Bill")),
        Column("bill_day", QT_TRANSLATE_NOOP("Columns", "Bill day"), "day"),
        Column("vendor", QT_TRANSLATE_NOOP("Columns", "Vendor")),
        Column("previous_cost", QT_TRANSLATE_NOOP("Columns", "Previous cost"), "money"),
        Column("previous_day", QT_TRANSLATE_NOOP("Columns", "Since"), "day"),
        Column("latest_cost", QT_TRANSLATE_NOOP("Columns", "Latest cost"), "money"),
        Column("change", QT_TRANSLATE_NOOP("Columns", "Change"), "percent"),
    ),
    "running_out": Columns(
        PRODUCT,
        Column("on_hand", QT_TRANSLATE_NOOP("Columns", "On hand"), "quantity"),
        Column("daily_rate", QT_TRANSLATE_NOOP("Columns", "Sold per day"), "quantity"),
        Column("days_of_cover", QT_TRANSLATE_NOOP("Columns", "Days of cover"), "quantity"),
        Column("last_receipt", QT_TRANSLATE_NOOP("Columns", "Last receipt"), "day"),
        SNAPSHOT_DAY,
    ),
    "dead_stock": Columns(
        PRODUCT,
        Column("on_hand", QT_TRANSLATE_NOOP("Columns", "On hand"), "quantity"),
        Column("unit_cost", QT_TRANSLATE_NOOP("Columns", "Known cost"), "money"),
        Column("value", QT_TRANSLATE_NOOP("Columns", "Value"), "money"),
        Column("last_sale", QT_TRANSLATE_NOOP("Columns", "Last sale"), "day"),
        SNAPSHOT_DAY,
    ),
    "unusual_day": Columns(
        Column("metric", QT_TRANSLATE_NOOP("Columns", "Figure")),
        Column("value", QT_TRANSLATE_NOOP("Columns", "This day"), "quantity"),
        Column("usual", QT_TRANSLATE_NOOP("Columns", "Usual (median)"), "quantity"),
        Column("low", QT_TRANSLATE_NOOP("Columns", "Usual from"), "quantity"),
        Column("high", QT_TRANSLATE_NOOP("Columns", "Usual to"), "quantity"),
        Column("change", QT_TRANSLATE_NOOP("Columns", "Against usual"), "percent"),
        Column("weeks", QT_TRANSLATE_NOOP("Columns", "Weeks compared"), "count"),
    ),
    "unknown_costs": Columns(
        PRODUCT, Column("lines", QT_TRANSLATE_NOOP("Columns", "Lines"), "count"), QUANTITY, REVENUE
    ),
    "data": Columns(
        Column("problem", QT_TRANSLATE_NOOP("Columns", "Problem")),
        Column("datasets", QT_TRANSLATE_NOOP("Columns", "Datasets")),
        Column("detail", QT_TRANSLATE_NOOP("Columns", "Detail"), "note"),
    ),
}
COMPANY = Column("company", QT_TRANSLATE_NOOP("Columns", "Company"))


def attention_columns(rule: str, detail: pl.DataFrame) -> list[Column]:
    """A rule's detail columns; with the company (and its currency) when several companies
    show."""
    columns = list(ATTENTION_DETAIL[rule].all)
    if "company_id" in detail.columns and detail["company_id"].n_unique() > 1:
        columns.insert(1, COMPANY)
        if "currency" in detail.columns and detail["currency"].n_unique() > 1:
            columns.insert(2, CURRENCY)
    return columns


def frame_symbol(frame: pl.DataFrame) -> str:
    """The symbol of a frame's amounts: their one currency's, '' when the rows have several."""
    if "currency_symbol" not in frame.columns:
        return ""
    symbols = set(frame["currency_symbol"].drop_nulls().to_list())
    return symbols.pop() if len(symbols) == 1 else ""
