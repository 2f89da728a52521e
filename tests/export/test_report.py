"""The KPI report workbook: its sheets hold what the kpi functions return, formatted."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from excel_support import MADE_AT, formats_of, heading_of, load, table_of, width_of
from openpyxl.utils import get_column_letter

from nkdash_desktop.cli.kpi import summary_lines
from nkdash_desktop.kpi.excel import EmptyLakeError, UnknownCompanyError, build_report
from nkdash_desktop.kpi.excel.report import (
    PROFIT_NOT_COMPUTED,
    SHEETS,
    SUMMARY_ROWS,
    SUMMARY_TITLES,
)
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.kpi.summary import METRICS, summary
from nkdash_desktop.lake.catalog import open_catalog

SHEET_NAMES = [
    "Summary", "Daily", "By product", "No known cost", "By category", "By cashier", "Purchases",
    "Stock", "Needs attention",
]  # fmt: skip
IDR = '"Rp "#,##0'
FORMATS = {
    "money": IDR,
    "percent": "0.0%",
    "ratio": "0.0%",
    "count": "#,##0",
    "quantity": "#,##0.00",
    "id": "0",
    "day": "ddd dd mmm yyyy",
    "text": "General",
}


@pytest.fixture(scope="module")
def report(export_lake, period, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "NK Mart report.xlsx"
    made = build_report(export_lake, period.start, period.end, path, 1, made_at=MADE_AT)
    return made, load(path)


def approx(value):
    return pytest.approx(value, rel=1e-12) if isinstance(value, float) else value


def _cell_value(value, kind):
    """What a kpi value reads back as from the workbook."""
    if kind == "day" and value is not None:
        return datetime(value.year, value.month, value.day)
    return value


def test_the_report_has_its_sheets_and_headings(report, period):
    made, book = report
    assert book.sheetnames == SHEET_NAMES
    assert list(made.rows) == SHEET_NAMES
    for sheet in book.worksheets:
        header, _, _ = table_of(sheet)
        lines = heading_of(sheet, header)
        assert "NK Mart" in lines[1] and period.label() in lines[1]
        assert lines[2 if sheet.title != "Summary" else 3].startswith(
            "Amounts in IDR (Rp) · made 21 Jan 2026 09:30 with NK Dash"
        )
    summary_lines = heading_of(book["Summary"], table_of(book["Summary"])[0])
    assert summary_lines[0] == "KPI report"
    assert "compared with 01 Jan 2026 – 10 Jan 2026" in summary_lines[1]
    assert summary_lines[2] == "Lake data complete up to 20 Jan 2026"
    assert book.properties.title == "KPI report"
    assert made.sentence().startswith(f"Wrote {made.path} for {period.label()} (NK Mart): 9 sheets")


def test_the_summary_is_the_cards_against_the_previous_period(report, con, period):
    _, book = report
    sheet = book["Summary"]
    header, titles, rows = table_of(sheet)
    assert titles == list(SUMMARY_TITLES)
    expected = {r["metric"]: r for r in summary(con, period.start, period.end, 1).to_dicts()}
    assert len(rows) == len(SUMMARY_ROWS)
    for offset, (name, row) in enumerate(zip(SUMMARY_ROWS, rows, strict=True), start=1):
        figures, kind = expected[name], METRICS[name].kind
        # a ratio's change is shown in percentage points, as on the cards
        change = figures["change"] * 100 if kind == "ratio" else figures["change"]
        # DuckDB sums in parallel: the last bits of a float sum vary from one query to the next
        assert row == [
            figures["label"],
            *map(approx, [figures["current"], figures["previous"], change]),
        ]
        number = formats_of(sheet, header + offset, 4)
        points = '+0.0 "pt";-0.0 "pt";0.0 "pt"'
        assert number[1:] == [
            FORMATS[kind],
            FORMATS[kind],
            points if kind == "ratio" else "+0.0%;-0.0%;0.0%",
        ]
    assert expected["gross_profit"]["current"] is not None  # profit computed: no profit note


@pytest.mark.parametrize("spec", SHEETS, ids=lambda s: s.name)
def test_each_table_sheet_is_its_kpi_function(report, con, period, spec):
    _, book = report
    sheet = book[spec.name]
    header, titles, rows = table_of(sheet)
    assert titles == [c.title for c in spec.columns]
    expected = spec.query(con, period.start, period.end, 1)
    assert expected.height > 0
    assert len(rows) == expected.height
    for row, want in zip(rows, expected.iter_rows(named=True), strict=True):
        assert row == [approx(_cell_value(want[c.key], c.kind)) for c in spec.columns]
    # every value carries its column's number format (an empty cell has none)
    for r in range(header + 1, header + len(rows) + 1):
        for column, cell in zip(spec.columns, sheet[r], strict=False):
            if cell.value is not None:
                assert cell.number_format == FORMATS[column.kind], (column.key, r)
    assert sheet.freeze_panes == f"A{header + 1}"
    last = get_column_letter(len(titles))
    assert sheet.auto_filter.ref == f"A{header}:{last}{header + len(rows)}"
    for i, title in enumerate(titles, start=1):
        width = width_of(sheet, i)
        assert width >= len(title) + 2, (title, width)


def test_dates_are_real_excel_dates(report):
    _, book = report
    sheet = book["Daily"]
    header, _, rows = table_of(sheet)
    cell = sheet.cell(row=header + 1, column=1)
    assert cell.is_date and cell.value == datetime(2026, 1, 11)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)


def test_widths_fit_the_longest_text(report):
    _, book = report
    sheet = book["By product"]
    _, titles, rows = table_of(sheet)
    longest = max(len(r[titles.index("Product")]) for r in rows)
    assert width_of(sheet, 2) >= longest


def test_a_lake_without_profit_says_so(no_profit_lake, period, tmp_path):
    path = tmp_path / "report.xlsx"
    build_report(no_profit_lake, period.start, period.end, path, made_at=MADE_AT)
    book = load(path)
    summary_sheet = book["Summary"]
    header, _, rows = table_of(summary_sheet)
    assert f"IDR: {PROFIT_NOT_COMPUTED}" in heading_of(summary_sheet, header)
    by_metric = {r[0]: r for r in rows}
    for label in ("Gross profit (IDR)", "Gross profit (USD)", "Margin (IDR)", "Margin (USD)"):
        assert by_metric[label][1:] == [None, None, None]
    daily = book["Daily IDR"]
    header, titles, rows = table_of(daily)
    assert any("no cost data yet" in line for line in heading_of(daily, header))
    assert all(r[titles.index("Gross profit")] is None for r in rows)
    assert "NK Mart (IDR)" in heading_of(daily, header)[1]


def test_all_companies_never_add_two_currencies(export_lake, con, period, tmp_path):
    """NK Mart sells in rupiah, NK Mart Bali in dollars: every sheet comes once per currency,
    over that currency's companies, and the Summary has a row per currency and amount."""
    made = build_report(export_lake, period.start, period.end, tmp_path / "all.xlsx")
    book = load(made.path)
    tables = SHEET_NAMES[1:-1]
    assert book.sheetnames == [
        "Summary", *(f"{name} {code}" for code in ("IDR", "USD") for name in tables),
        "Needs attention",
    ]  # fmt: skip
    for code, company, money in (("IDR", 1, IDR), ("USD", 2, '"$ "#,##0.00')):
        for spec in SHEETS:
            sheet = book[f"{spec.name} {code}"]
            header, _, rows = table_of(sheet)
            expected = spec.query(con, period.start, period.end, company)
            assert len(rows) == expected.height
            for row, want in zip(rows, expected.iter_rows(named=True), strict=True):
                assert row == [approx(_cell_value(want[c.key], c.kind)) for c in spec.columns]
            kinds = [c.kind for c in spec.columns]
            if rows and "money" in kinds:
                col = kinds.index("money") + 1
                assert sheet.cell(row=header + 1, column=col).number_format == money
        products = table_of(book[f"By product {code}"])[2]
        assert products and len({r[0] for r in products}) == len(products)  # one row each
    header, _, rows = table_of(book["Summary"])
    by_label = {r[0]: r for r in rows}
    figures = summary(con, period.start, period.end)
    for code, company in (("IDR", 1), ("USD", 2)):
        alone = {r["metric"]: r for r in summary(con, period.start, period.end, company).to_dicts()}
        assert by_label[f"Revenue ({code})"][1] == approx(alone["revenue"]["current"])
        assert by_label[f"Average basket ({code})"][1] == approx(alone["average_basket"]["current"])
    (transactions,) = [r for r in figures.to_dicts() if r["metric"] == "transactions"]
    assert by_label["Transactions"][1] == transactions["current"]
    assert "Revenue" not in by_label
    usd = next(i for i, r in enumerate(rows) if r[0] == "Revenue (USD)")
    assert formats_of(book["Summary"], header + 1 + usd, 2)[1] == '"$ "#,##0.00'


def test_a_report_from_an_open_catalog(export_lake, period, tmp_path):
    con = open_catalog(export_lake)
    try:
        made = build_report(con, period.start, period.end, tmp_path / "r.xlsx", 2)
    finally:
        con.close()
    book = load(made.path)
    lines = heading_of(book["Summary"], table_of(book["Summary"])[0])
    assert "NK Mart Bali" in lines[1]
    assert "Lake data complete up to 20 Jan 2026" in lines


def test_an_unknown_company_or_an_empty_lake_is_refused(export_lake, period, tmp_path):
    with pytest.raises(UnknownCompanyError, match=r"company 9 is not in the lake; .*1 \(NK Mart\)"):
        build_report(export_lake, period.start, period.end, tmp_path / "r.xlsx", 9)
    with pytest.raises(EmptyLakeError, match="has no data yet: run a sync first"):
        build_report(tmp_path / "no lake", period.start, period.end, tmp_path / "r.xlsx")
    assert not (tmp_path / "r.xlsx").exists()


def test_a_period_past_the_lakes_data_says_so(export_lake, tmp_path):
    made = build_report(export_lake, date(2026, 1, 15), date(2026, 1, 24), tmp_path / "r.xlsx")
    sheet = load(made.path)["Summary"]
    lines = heading_of(sheet, table_of(sheet)[0])
    assert "Lake data complete up to 20 Jan 2026" in lines
    assert lines[-1] == (
        "The period runs past the lake's last complete day: later days may be missing."
    )


def test_the_headings_name_the_period_the_figures_are_compared_with(export_lake, con, tmp_path):
    """Month to date compares with the previous month up to the same day (Period.comparison,
    what the cards and `summary` use), not with the 20 days just before: the workbook's and
    `nkdash kpi`'s headings say so."""
    month_to_date = Period(date(2026, 1, 1), date(2026, 1, 20))
    compared = month_to_date.comparison()
    assert compared == Period(date(2025, 12, 1), date(2025, 12, 20)) != month_to_date.previous()
    path = tmp_path / "mtd.xlsx"
    build_report(export_lake, month_to_date.start, month_to_date.end, path, 1, made_at=MADE_AT)
    book = load(path)
    lines = heading_of(book["Summary"], table_of(book["Summary"])[0])
    assert lines[1].endswith(f"compared with {compared.label()}"), lines[1]
    heading = summary_lines(con, month_to_date, 1)[0]
    assert heading.endswith(f"compared with {compared.label()}"), heading
