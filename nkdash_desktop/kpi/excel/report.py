"""The KPI report workbook of a period: Summary (the cards against the previous period), Daily,
By product, No known cost (the products sold without a known cost), By category, By cashier,
Purchases, Stock and Needs attention (the rules on the period's last day), each sheet from the
same kpi function as its tab, so the workbook and the screen never disagree.

Amounts of different currencies are never added: for companies in several currencies the
Summary has each money figure and ratio once per currency, and every table sheet comes once per
currency ("Daily IDR", "Daily USD"), each over the companies of that currency."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.attention import QUIET, Finding, attention
from nkdash_desktop.kpi.companies import (
    CurrencyGroup,
    companies,
    company_currency,
    currency_groups,
)
from nkdash_desktop.kpi.excel.book import Book, ExportError
from nkdash_desktop.kpi.excel.formats import Column
from nkdash_desktop.kpi.freshness import freshness
from nkdash_desktop.kpi.inventory import stock_on_hand
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.profit import products_without_cost
from nkdash_desktop.kpi.purchases import spend_by_vendor
from nkdash_desktop.kpi.sales import sales_by_cashier, sales_by_category
from nkdash_desktop.kpi.summary import (
    CARDS,
    METRICS,
    cost_missing_note,
    currency_of,
    rows_of,
    summary,
    unknown_totals_note,
)
from nkdash_desktop.kpi.totals import daily_totals, product_totals
from nkdash_desktop.lake.catalog import ROOT_MACRO, open_catalog
from nkdash_desktop.settings import AttentionSettings

Query = Callable[[duckdb.DuckDBPyConnection, date, date, int | None], pl.DataFrame]
SUMMARY_ROWS = (
    *CARDS[:3],
    "cost_missing_share",
    *CARDS[3:],
    "profit_coverage",
    "cost_missing_lines",
)
SUMMARY_TITLES = ("Metric", "This period", "Previous period", "Change")
ATTENTION_SHEET = "Needs attention"
ATTENTION_TITLES = ("Rule", "Count", "Needs attention")
PROFIT_NOT_COMPUTED = "Gross profit and margin: no cost data yet (profit not computed)."


class UnknownCompanyError(ExportError):
    """A company the lake does not have."""


class EmptyLakeError(ExportError):
    """A lake never synced: nothing to report."""


@dataclass(frozen=True)
class ReportSheet:
    name: str
    title: str
    query: Query
    columns: tuple[Column, ...]
    empty: str  # the note of a period without rows


MONEY_AND_PROFIT = (
    Column("revenue", "Revenue", "money"),
    Column("gross_profit", "Gross profit", "money"),
    Column("cogs", "Cost of goods", "money"),
    Column("margin", "Margin", "percent"),
    Column("revenue_cost_missing", "Revenue without a known cost", "money"),
    Column("cost_missing_lines", "Lines without a known cost", "count"),
)
SHEETS = (
    ReportSheet(
        "Daily", "Daily sales", daily_totals,
        (Column("day", "Day", "day"), Column("transactions", "Transactions", "count"),
         Column("quantity", "Quantity", "quantity"), *MONEY_AND_PROFIT),
        "No sales in this period.",
    ),
    ReportSheet(
        "By product", "Sales by product", product_totals,
        (Column("product_id", "Product ID", "id"), Column("product", "Product"),
         Column("category_path", "Category"), Column("quantity", "Quantity", "quantity"),
         *MONEY_AND_PROFIT),
        "No sales in this period.",
    ),
    ReportSheet(
        "No known cost", "Products sold without a known cost (margin unknown)",
        products_without_cost,
        (Column("product_id", "Product ID", "id"), Column("product", "Product"),
         Column("category_path", "Category"), Column("quantity", "Quantity", "quantity"),
         Column("revenue", "Revenue", "money"),
         Column("cost_missing_lines", "Lines without a known cost", "count")),
        "Every product sold in this period has a known cost.",
    ),
    ReportSheet(
        "By category", "Sales by category (each with its subcategories)", sales_by_category,
        (Column("path", "Category"), Column("depth", "Level", "count"),
         Column("revenue_own", "Revenue of its own products", "money"),
         Column("revenue", "Revenue", "money"), Column("quantity", "Quantity", "quantity"),
         Column("gross_profit", "Gross profit", "money"), Column("margin", "Margin", "percent")),
        "No sales in this period.",
    ),
    ReportSheet(
        "By cashier", "Sales by cashier", sales_by_cashier,
        (Column("cashier", "Cashier"), Column("revenue", "Revenue", "money"),
         Column("transactions", "Transactions", "count"),
         Column("average_basket", "Average basket", "money"),
         Column("quantity", "Quantity", "quantity")),
        "No sales in this period.",
    ),
    ReportSheet(
        "Purchases", "Purchases by vendor", spend_by_vendor,
        (Column("vendor", "Vendor"), Column("bills", "Bills", "count"),
         Column("lines", "Lines", "count"), Column("spend", "Spend (tax excl.)", "money"),
         Column("spend_tax_in", "Spend (tax incl.)", "money"),
         Column("share", "Share", "percent")),
        "No vendor bills in this period.",
    ),
    ReportSheet(
        "Stock", "Stock on hand by location and category", stock_on_hand,
        (Column("snapshot_day", "Snapshot day", "day"), Column("location", "Location"),
         Column("category", "Category"), Column("unit", "Unit"),
         Column("products", "Products", "count"),
         Column("quantity", "On hand", "quantity"), Column("value", "Value at cost", "money")),
        "No stock snapshot in the lake yet: the next sync takes one.",
    ),
)  # fmt: skip


@dataclass
class Report:
    """What was written: the file, and the rows of each sheet's table."""

    path: Path
    period: Period
    company: str
    rows: dict[str, int] = field(default_factory=dict)

    def sentence(self) -> str:
        sheets = ", ".join(f"{name} {rows}" for name, rows in self.rows.items())
        return (
            f"Wrote {self.path} for {self.period.label()} ({self.company}): "
            f"{len(self.rows)} sheets ({sheets} rows)"
        )


def profit_note(figures: pl.DataFrame, currency: str | None = None) -> str | None:
    """What the cards' profit covers, from a summary frame (of one currency, when given):
    nothing computed, or a part."""
    of = figures if currency is None else figures.filter(pl.col("currency") == currency)
    profit, coverage = rows_of(of, "gross_profit")[0], rows_of(of, "profit_coverage")[0]
    if profit["current"] is None:
        return PROFIT_NOT_COMPUTED
    share = coverage["current"]
    said = []
    if share is not None and share < 0.999:
        said.append(f"Profit covers {fmt.percent(share)} of the revenue (days not yet computed).")
    if note := cost_missing_note(rows_of(of, "cost_missing_share")[0]["current"]):
        said.append(note)
    return " ".join(said) or None


def table_notes(
    sheet: ReportSheet, frame: pl.DataFrame, period: Period, profit: str | None
) -> list[str]:
    """What a reader must know about a sheet's figures; `profit`: the Summary's profit note."""
    if frame.height == 0:
        return [sheet.empty]
    notes = []
    if "gross_profit" in frame.columns and profit:
        notes.append(profit)
    missing = {"gross_profit", "cost_missing_lines"} <= set(frame.columns)
    if missing and (lines := frame["cost_missing_lines"].sum()):
        notes.append(
            f"{lines:,} sales lines had no known cost: left out of gross profit and margin "
            "(an unknown cost is not a zero cost); a margin left empty is unknown."
        )
    if "pos_totals_unknown" in frame.columns and frame["pos_totals_unknown"].any():
        days = frame.filter(pl.col("pos_totals_unknown"))["day"]
        notes.append(
            f"Revenue, tax and transactions left empty on {', '.join(f'{d:%d %b %Y}' for d in days)}"
            ": unknown, Odoo's POS order totals are missing (the next sync extracts them again)."
        )
    if "snapshot_day" in frame.columns and (day := frame["snapshot_day"][0]) != period.end:
        notes.append(f"Stock as of {day:%d %b %Y}, the snapshot nearest the period's end.")
    if "spend_tax_in" in frame.columns:
        notes.append("Spend with taxes is in each bill's currency.")
    return notes


def freshness_lines(root: Path | None, period: Period) -> tuple[list[str], list[str]]:
    """(heading lines, notes) on how complete the lake is for the period."""
    fresh = freshness(root) if root else None
    if fresh is None or fresh.data_up_to is None:
        return [], []
    lines = [f"Lake data complete up to {fresh.data_up_to:%d %b %Y}"]
    if fresh.data_up_to >= period.end:
        return lines, []
    return lines, ["The period runs past the lake's last complete day: later days may be missing."]


def attention_rows(findings: list[Finding]) -> list[list[tuple[Any, str]]]:
    """One row per rule, firing or not: its name, count and line (amounts per currency)."""
    return [[(f.title, "text"), (f.count, "count"), (f.line or "—", "text")] for f in findings]


def _summary_rows(figures: pl.DataFrame) -> list[list[tuple[Any, ...]]]:
    """Label, this period, the previous one and the change, each with its kind (an amount
    with its currency); a ratio's change in percentage points (x100), as the cards show it.
    With several currencies, a money figure or ratio has a row per currency."""
    split = figures["currency"].n_unique() > 1
    out = []
    for name in SUMMARY_ROWS:
        kind = METRICS[name].kind
        for r in rows_of(figures, name):
            currency = currency_of(r)
            label = f"{r['label']} ({r['currency']})" if split and r["currency"] else r["label"]
            change = r["change"]
            if kind == "ratio":
                change_cell = (None if change is None else change * 100, "points")
            else:
                change_cell = (change, "change")
            out.append(
                [(label, "text"), (r["current"], kind, currency),
                 (r["previous"], kind, currency), change_cell]
            )  # fmt: skip
    return out


def company_label(known: pl.DataFrame, company_id: int | None) -> str:
    """Whose figures: the company's name, or all companies' (a kpi.companies frame)."""
    names = dict(zip(known["company_id"], known["name"], strict=True))
    if company_id is not None:
        return names.get(company_id, f"Company {company_id}")
    if len(names) == 1:
        return next(iter(names.values()))
    return f"All companies ({', '.join(names.values())})" if names else "All companies"


def _group_label(known: pl.DataFrame, group: CurrencyGroup) -> str:
    """The companies of one currency: 'NK Mart Bali (USD)'."""
    names = dict(zip(known["company_id"], known["name"], strict=True))
    listed = ", ".join(names.get(c, f"Company {c}") for c in group.company_ids)
    return f"{listed} ({group.currency.code})" if group.currency.code else listed


def _currency_notes(figures: pl.DataFrame, groups: list[CurrencyGroup]) -> list[str]:
    """For a Summary of several currencies: that they are apart, and each one's profit note."""
    codes = ", ".join(g.currency.code for g in groups if g.currency.code)
    notes = [
        f"Amounts in different currencies ({codes}) are never added: each has its own rows "
        "and its own sheets."
    ]
    for g in groups:
        if note := profit_note(figures, g.currency.code):
            notes.append(f"{g.currency.code}: {note}")
    return notes


def _check_company(known: pl.DataFrame, company_id: int | None) -> None:
    ids = known["company_id"].to_list()
    if company_id is not None and company_id not in ids:
        listed = ", ".join(f"{i} ({n})" for i, n in known.select("company_id", "name").rows())
        raise UnknownCompanyError(
            f"company {company_id} is not in the lake; its companies are: {listed}"
        )


def _lake_root(con: duckdb.DuckDBPyConnection) -> Path | None:
    try:
        rows = con.sql(f"SELECT {ROOT_MACRO}()").fetchall()
    except duckdb.CatalogException:
        return None  # a connection made elsewhere: no state database to read
    return Path(rows[0][0])


def build_report(
    lake: Path | str | duckdb.DuckDBPyConnection,
    start: date,
    end: date,
    path: Path | str,
    company_id: int | None = None,
    *,
    made_at: datetime | None = None,
    attention_settings: AttentionSettings | None = None,
) -> Report:
    """Write the KPI report of [start, end] for one company (None: all) to `path`,
    atomically. `lake`: the lake's folder, or a catalog connection (open_catalog) or cursor."""
    period = Period(start, end)
    owned = not isinstance(lake, duckdb.DuckDBPyConnection)
    con = open_catalog(Path(lake)) if owned else lake
    with closing(con) if owned else nullcontext(con):
        root = Path(lake) if owned else _lake_root(con)
        known = companies(con)
        if known.height == 0:
            where = f" at {root}" if root else ""
            raise EmptyLakeError(f"the lake{where} has no data yet: run a sync first")
        _check_company(known, company_id)
        company = company_label(known, company_id)
        book = Book(company_currency(known, company_id), made_at, title="KPI report")
        report = Report(Path(path), period, company)
        covers = f"{company} · {period.label()}"
        figures = summary(con, start, end, company_id)
        groups = currency_groups(known, company_id)
        profit = profit_note(figures) if len(groups) == 1 else None
        lines, notes = freshness_lines(root, period)
        heading = ["KPI report", f"{covers}, compared with {period.previous().label()}", *lines]
        summary_notes = [profit, *notes] if profit else notes
        split = len(groups) > 1
        for r in rows_of(figures, "pos_totals_unknown_days"):
            if note := unknown_totals_note(r["current"]):
                summary_notes = [f"{r['currency']}: {note}" if split else note, *summary_notes]
        if len(groups) > 1:
            summary_notes = [*_currency_notes(figures, groups), *summary_notes]
        summary_rows = _summary_rows(figures)
        book.add_figures("Summary", heading, SUMMARY_TITLES, summary_rows, summary_notes)
        report.rows["Summary"] = len(summary_rows)
        for group in groups:
            split = len(groups) > 1
            of_group = profit_note(figures, group.currency.code) if split else profit
            who = _group_label(known, group) if split else company
            for sheet in SHEETS:
                frame = sheet.query(con, start, end, group.scope)
                notes = table_notes(sheet, frame, period, of_group)
                name = f"{sheet.name} {group.currency.code}" if split else sheet.name
                heading = [sheet.title, f"{who} · {period.label()}"]
                book.add_table(name, heading, frame, sheet.columns, notes, group.currency)
                report.rows[name] = frame.height
        findings = attention(con, root, end, company_id, attention_settings)
        quiet = [] if any(f.fires for f in findings) else [QUIET]
        heading = [ATTENTION_SHEET, f"{covers}: the rules on its last day, {end:%a %d %b %Y}"]
        book.add_figures(
            ATTENTION_SHEET, heading, ATTENTION_TITLES, attention_rows(findings), quiet
        )
        report.rows[ATTENTION_SHEET] = len(findings)
    book.save(path)
    return report
