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
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from nkdash_desktop.i18n import QT_TRANSLATE_NOOP, translate
from nkdash_desktop.kpi import columns as C
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.attention import Finding, attention, quiet
from nkdash_desktop.kpi.companies import (
    CurrencyGroup,
    companies,
    company_currency,
    currency_groups,
)
from nkdash_desktop.kpi.excel.book import Book, ExportError
from nkdash_desktop.kpi.freshness import freshness
from nkdash_desktop.kpi.inventory import stock_on_hand
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.profit import products_without_cost, without_cost
from nkdash_desktop.kpi.purchases import spend_by_vendor
from nkdash_desktop.kpi.sales import (
    cashiers_by_group,
    category_totals,
    sales_by_cashier,
    sales_by_category,
)
from nkdash_desktop.kpi.sql import Companies
from nkdash_desktop.kpi.summary import (
    CARDS,
    METRICS,
    cost_missing_note,
    currency_of,
    rows_of,
    standard_cost_note,
    summary_and_daily,
    unknown_totals_note,
)
from nkdash_desktop.kpi.totals import daily_totals, product_totals
from nkdash_desktop.lake.catalog import ROOT_MACRO, open_catalog
from nkdash_desktop.settings import AttentionSettings

Query = Callable[[duckdb.DuckDBPyConnection, date, date, int | None], pl.DataFrame]
SUMMARY_ROWS = (
    *CARDS[:3],
    "cost_missing_share",
    "cost_standard_share",
    *CARDS[3:],
    "profit_coverage",
    "cost_missing_lines",
)
# Sheet names, headings and notes in English, marked for translation (QT_TRANSLATE_NOOP) and
# translated where written: the workbook is in the operator's language.
SUMMARY_SHEET = QT_TRANSLATE_NOOP("ExcelReport", "Summary")
SUMMARY_TITLES = (
    QT_TRANSLATE_NOOP("ExcelReport", "Metric"),
    QT_TRANSLATE_NOOP("ExcelReport", "This period"),
    QT_TRANSLATE_NOOP("ExcelReport", "Previous period"),
    QT_TRANSLATE_NOOP("ExcelReport", "Change"),
)
ATTENTION_SHEET = QT_TRANSLATE_NOOP("ExcelReport", "Needs attention")
ATTENTION_TITLES = (
    QT_TRANSLATE_NOOP("ExcelReport", "Rule"),
    QT_TRANSLATE_NOOP("ExcelReport", "Count"),
    QT_TRANSLATE_NOOP("ExcelReport", "Needs attention"),
)
PROFIT_NOT_COMPUTED = QT_TRANSLATE_NOOP(
    "ExcelReport", "Gross profit and margin: no cost data yet (profit not computed)."
)


class UnknownCompanyError(ExportError):
    """A company the lake does not have."""


class EmptyLakeError(ExportError):
    """A lake never synced: nothing to report."""


@dataclass
class Read:
    """What several sheets of one currency group show, read once per report: the Summary's
    daily totals (the Daily sheet), and the product totals (By product, No known cost and By
    category); and what one scan reads for all groups (By cashier)."""

    con: duckdb.DuckDBPyConnection
    period: Period
    scope: Companies  # the group's companies
    daily: pl.DataFrame
    cashiers: pl.DataFrame

    @cached_property
    def products(self) -> pl.DataFrame:
        return product_totals(self.con, self.period.start, self.period.end, self.scope)


@dataclass(frozen=True)
class ReportSheet:
    name: str
    title: str
    query: Query  # the kpi function the sheet shows (its tab's)
    columns: tuple[C.Column, ...]
    empty: str  # the note of a period without rows
    # the same frame from what the report has read already (None: `query` it)
    shared: Callable[[Read], pl.DataFrame] | None = None

    def frame(self, read: Read) -> pl.DataFrame:
        if self.shared is not None:
            return self.shared(read)
        return self.query(read.con, read.period.start, read.period.end, read.scope)


SHEETS = (
    ReportSheet(
        QT_TRANSLATE_NOOP("ExcelReport", "Daily"), QT_TRANSLATE_NOOP("ExcelReport", "Daily sales"), daily_totals,
        C.DAILY_TOTALS.in_workbook(),
        QT_TRANSLATE_NOOP("ExcelReport", "No sales in this period."),
        lambda read: read.daily,
    ),
    ReportSheet(
        QT_TRANSLATE_NOOP("ExcelReport", "By product"), QT_TRANSLATE_NOOP("ExcelReport", "Sales by product"), product_totals,
        C.PRODUCT_TOTALS.in_workbook(),
        QT_TRANSLATE_NOOP("ExcelReport", "No sales in this period."),
        lambda read: read.products,
    ),
    ReportSheet(
        QT_TRANSLATE_NOOP("ExcelReport", "No known cost"), QT_TRANSLATE_NOOP("ExcelReport", "Products sold without a known cost (margin unknown)"),
        products_without_cost,
        C.PRODUCTS_WITHOUT_COST.in_workbook(),
        QT_TRANSLATE_NOOP("ExcelReport", "Every product sold in this period has a known cost."),
        lambda read: without_cost(read.products),
    ),
    ReportSheet(
        QT_TRANSLATE_NOOP("ExcelReport", "By category"), QT_TRANSLATE_NOOP("ExcelReport", "Sales by category (each with its subcategories)"), sales_by_category,
        C.SALES_BY_CATEGORY.in_workbook(),
        QT_TRANSLATE_NOOP("ExcelReport", "No sales in this period."),
        lambda read: category_totals(read.con, read.products),
    ),
    ReportSheet(
        QT_TRANSLATE_NOOP("ExcelReport", "By cashier"), QT_TRANSLATE_NOOP("ExcelReport", "Sales by cashier"), sales_by_cashier,
        C.SALES_BY_CASHIER.in_workbook(),
        QT_TRANSLATE_NOOP("ExcelReport", "No sales in this period."),
        lambda read: read.cashiers,
    ),
    ReportSheet(
        QT_TRANSLATE_NOOP("ExcelReport", "Purchases"), QT_TRANSLATE_NOOP("ExcelReport", "Purchases by vendor"), spend_by_vendor,
        C.SPEND_BY_VENDOR.in_workbook(),
        QT_TRANSLATE_NOOP("ExcelReport", "No vendor bills in this period."),
    ),
    ReportSheet(
        QT_TRANSLATE_NOOP("ExcelReport", "Stock"), QT_TRANSLATE_NOOP("ExcelReport", "Stock on hand by location and category"), stock_on_hand,
        C.STOCK_ON_HAND.in_workbook(),
        QT_TRANSLATE_NOOP("ExcelReport", "No stock snapshot in the lake yet: the next sync takes one."),
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
        sheets = ", ".join(f"{name} {fmt.count(rows)}" for name, rows in self.rows.items())
        return translate(
            "ExcelReport", "Wrote {file} for {period} ({company}): {count} sheets ({sheets} rows)"
        ).format(
            file=self.path,
            period=self.period.label(),
            company=self.company,
            count=len(self.rows),
            sheets=sheets,
        )


def profit_note(figures: pl.DataFrame, currency: str | None = None) -> str | None:
    """What the cards' profit covers, from a summary frame (of one currency, when given):
    nothing computed, or a part."""
    of = figures if currency is None else figures.filter(pl.col("currency") == currency)
    profit, coverage = rows_of(of, "gross_profit")[0], rows_of(of, "profit_coverage")[0]
    if profit["current"] is None:
        return translate("ExcelReport", PROFIT_NOT_COMPUTED)
    share = coverage["current"]
    said = []
    if share is not None and share < 0.999:
        said.append(
            translate(
                "ExcelReport", "Profit covers {share} of the revenue (days not yet computed)."
            ).format(share=fmt.percent(share))
        )
    if note := cost_missing_note(rows_of(of, "cost_missing_share")[0]["current"]):
        said.append(note)
    if note := standard_cost_note(rows_of(of, "cost_standard_share")[0]["current"]):
        said.append(note)
    return " ".join(said) or None


def table_notes(
    sheet: ReportSheet, frame: pl.DataFrame, period: Period, profit: str | None
) -> list[str]:
    """What a reader must know about a sheet's figures; `profit`: the Summary's profit note."""
    if frame.height == 0:
        return [translate("ExcelReport", sheet.empty)]
    notes = []
    if "gross_profit" in frame.columns and profit:
        notes.append(profit)
    missing = {"gross_profit", "cost_missing_lines"} <= set(frame.columns)
    if missing and (lines := frame["cost_missing_lines"].sum()):
        notes.append(
            translate(
                "ExcelReport",
                "{lines} sales lines had no known cost: left out of gross profit and margin "
                "(an unknown cost is not a zero cost); a margin left empty is unknown.",
            ).format(lines=fmt.count(lines))
        )
    if "pos_totals_unknown" in frame.columns and frame["pos_totals_unknown"].any():
        days = frame.filter(pl.col("pos_totals_unknown"))["day"]
        notes.append(
            translate(
                "ExcelReport",
                "Revenue, tax and transactions left empty on {days}: unknown, Odoo's POS order "
                "totals are missing (the next sync extracts them again).",
            ).format(days=", ".join(fmt.day(d) for d in days))
        )
    if "snapshot_day" in frame.columns and (day := frame["snapshot_day"][0]) != period.end:
        notes.append(
            translate(
                "ExcelReport", "Stock as of {day}, the snapshot nearest the period's end."
            ).format(day=fmt.day(day))
        )
    return notes


def freshness_lines(root: Path | None, period: Period) -> tuple[list[str], list[str]]:
    """(heading lines, notes) on how complete the lake is for the period."""
    fresh = freshness(root) if root else None
    if fresh is None or fresh.data_up_to is None:
        return [], []
    lines = [
        translate("ExcelReport", "Lake data complete up to {day}").format(
            day=fmt.day(fresh.data_up_to)
        )
    ]
    if fresh.data_up_to >= period.end:
        return lines, []
    return lines, [
        translate(
            "ExcelReport",
            "The period runs past the lake's last complete day: later days may be missing.",
        )
    ]


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
        return names.get(company_id) or translate("ExcelReport", "Company {id}").format(
            id=company_id
        )
    if len(names) == 1:
        return next(iter(names.values()))
    if not names:
        return translate("ExcelReport", "All companies")
    return translate("ExcelReport", "All companies ({names})").format(
        names=", ".join(names.values())
    )


def _group_label(known: pl.DataFrame, group: CurrencyGroup) -> str:
    """The companies of one currency: 'NK Mart Bali (USD)'."""
    names = dict(zip(known["company_id"], known["name"], strict=True))
    listed = ", ".join(
        names.get(c) or translate("ExcelReport", "Company {id}").format(id=c)
        for c in group.company_ids
    )
    return f"{listed} ({group.currency.code})" if group.currency.code else listed


def _currency_notes(figures: pl.DataFrame, groups: list[CurrencyGroup]) -> list[str]:
    """For a Summary of several currencies: that they are apart, and each one's profit note."""
    codes = ", ".join(g.currency.code for g in groups if g.currency.code)
    notes = [
        translate(
            "ExcelReport",
            "Amounts in different currencies ({codes}) are never added: each has its own rows "
            "and its own sheets.",
        ).format(codes=codes)
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
            translate(
                "ExcelReport", "company {id} is not in the lake; its companies are: {companies}"
            ).format(id=company_id, companies=listed)
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
            if root:
                said = translate(
                    "ExcelReport", "the lake at {folder} has no data yet: run a sync first"
                )
            else:
                said = translate("ExcelReport", "the lake has no data yet: run a sync first")
            raise EmptyLakeError(said.format(folder=root))
        _check_company(known, company_id)
        company = company_label(known, company_id)
        book = Book(
            company_currency(known, company_id),
            made_at,
            title=translate("ExcelReport", "KPI report"),
        )
        report = Report(Path(path), period, company)
        covers = f"{company} · {period.label()}"
        groups = currency_groups(known, company_id)
        figures, daily = summary_and_daily(con, period, groups)
        profit = profit_note(figures) if len(groups) == 1 else None
        lines, notes = freshness_lines(root, period)
        compared = translate("ExcelReport", "{covers}, compared with {previous}").format(
            covers=covers, previous=period.comparison().label()
        )
        heading = [translate("ExcelReport", "KPI report"), compared, *lines]
        summary_notes = [profit, *notes] if profit else notes
        split = len(groups) > 1
        for r in rows_of(figures, "pos_totals_unknown_days"):
            if note := unknown_totals_note(r["current"]):
                summary_notes = [f"{r['currency']}: {note}" if split else note, *summary_notes]
        if len(groups) > 1:
            summary_notes = [*_currency_notes(figures, groups), *summary_notes]
        summary_rows = _summary_rows(figures)
        titles = [translate("ExcelReport", t) for t in SUMMARY_TITLES]
        book.add_figures(
            translate("ExcelReport", SUMMARY_SHEET), heading, titles, summary_rows, summary_notes
        )
        report.rows[translate("ExcelReport", SUMMARY_SHEET)] = len(summary_rows)
        cashiers = cashiers_by_group(con, period.start, period.end, groups)
        for group, group_daily, group_cashiers in zip(groups, daily, cashiers, strict=True):
            split = len(groups) > 1
            of_group = profit_note(figures, group.currency.code) if split else profit
            who = _group_label(known, group) if split else company
            read = Read(con, period, group.scope, group_daily, group_cashiers)
            for sheet in SHEETS:
                frame = sheet.frame(read)
                notes = table_notes(sheet, frame, period, of_group)
                name = translate("ExcelReport", sheet.name) + (
                    f" {group.currency.code}" if split else ""
                )
                heading = [translate("ExcelReport", sheet.title), f"{who} · {period.label()}"]
                book.add_table(name, heading, frame, sheet.columns, notes, group.currency)
                report.rows[name] = frame.height
        findings = attention(con, root, end, company_id, attention_settings)
        calm = [] if any(f.fires for f in findings) else [quiet()]
        sheet_name = translate("ExcelReport", ATTENTION_SHEET)
        rules = translate("ExcelReport", "{covers}: the rules on its last day, {day}").format(
            covers=covers, day=fmt.weekday_day(end)
        )
        titles = [translate("ExcelReport", t) for t in ATTENTION_TITLES]
        book.add_figures(sheet_name, [sheet_name, rules], titles, attention_rows(findings), calm)
        report.rows[sheet_name] = len(findings)
    book.save(path)
    return report
