"""export_frame: exactly the rows and columns given, typed and formatted for Excel."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime, time, timedelta
from xml.etree import ElementTree

import polars as pl
import pytest
from excel_support import MADE_AT, formats_of, heading_of, load, table_of, width_of

from nkdash_desktop import clock
from nkdash_desktop.kpi.columns import Column
from nkdash_desktop.kpi.companies import companies
from nkdash_desktop.kpi.excel import Currency, ExportError, company_currency, export_frame
from nkdash_desktop.kpi.excel import book as book_module
from nkdash_desktop.kpi.purchases import spend_by_vendor

IDR = Currency("IDR", "Rp")


@pytest.fixture
def awkward() -> pl.DataFrame:
    """Every type a KPI table has, and text Excel could misread."""
    return pl.DataFrame(
        {
            "day": [date(2026, 1, 5), date(2026, 1, 6), None],
            "synced": [datetime(2026, 1, 5, 19, 30, tzinfo=UTC), None, None],
            "product": ["Kopi <Arabika> & Gula", "=1+1", "tab\there\x01 _x0041_"],
            "revenue": [1_234_567.5, None, float("nan")],
            "share": [0.125, 0.5, None],
            "orders": [3, 4, None],
            "cost_missing": [True, False, None],
        }
    )


def test_the_rows_and_columns_given_are_written_typed(awkward, tmp_path):
    path = export_frame(
        awkward, tmp_path / "t.xlsx", title=["Awkward table", "NK Mart · 05 Jan 2026"],
        currency=IDR, money_columns=["revenue"], percent_columns=["share"], made_at=MADE_AT,
    )  # fmt: skip
    sheet = load(path).active
    header, titles, rows = table_of(sheet)
    assert sheet.title == "Awkward table"
    assert titles == awkward.columns
    assert rows == [
        [datetime(2026, 1, 5), datetime(2026, 1, 5, 19, 30), "Kopi <Arabika> & Gula",
         1_234_567.5, 0.125, 3, True],
        [datetime(2026, 1, 6), None, "=1+1", None, 0.5, 4, False],
        # no control character (invalid XML); NaN: an empty cell
        [None, None, "tab\there _x005F_x0041_", None, None, None, None],
    ]  # fmt: skip
    assert sheet.cell(row=header + 2, column=3).data_type == "s"  # text, never a formula
    assert formats_of(sheet, header + 1, 7) == [
        "ddd dd mmm yyyy", "dd mmm yyyy hh:mm:ss", "General", '"Rp "#,##0', "0.0%", "#,##0",
        "General",
    ]  # fmt: skip
    assert heading_of(sheet, header) == [
        "Awkward table",
        "NK Mart · 05 Jan 2026",
        f"Amounts in IDR (Rp) · made 21 Jan 2026 09:30 with NK Dash {_version()}",
    ]
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.auto_filter.ref == f"A{header}:G{header + 3}"


def test_a_workbook_is_stamped_by_the_apps_clock(tmp_path):
    moment = datetime(2031, 5, 4, 19, 30, tzinfo=UTC)
    clock.use(lambda: moment)
    try:
        path = export_frame(pl.DataFrame({"n": [1]}), tmp_path / "t.xlsx", title="Stamped")
    finally:
        clock.use(None)
    assert load(path).properties.created == moment.replace(tzinfo=None)


def test_other_types_are_numbers_or_text(tmp_path):
    frame = pl.DataFrame(
        {
            "opened": [time(7, 30)],
            "took": [timedelta(minutes=2, seconds=3)],
            "channel": pl.Series(["pos"], dtype=pl.Categorical),
            "price": pl.Series(["12.50"]).cast(pl.Decimal(10, 2)),
            "tax_ids": [[3, 7]],
            "partner": [{"id": 5, "name": "CV Maju"}],
        }
    )
    sheet = load(export_frame(frame, tmp_path / "o.xlsx", title="Other")).active
    header, _, rows = table_of(sheet)
    assert rows == [[time(7, 30), 123.0, "pos", 12.5, "3, 7", '{"id":5,"name":"CV Maju"}']]
    assert formats_of(sheet, header + 1, 4) == ["hh:mm:ss", '#,##0.0 "s"', "General", "#,##0.00"]


def _version() -> str:
    from nkdash_desktop import __version__

    return __version__


def test_the_package_is_well_formed_xml(awkward, tmp_path):
    path = export_frame(awkward, tmp_path / "t.xlsx", title="Awkward")
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(package.read(name))
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    # Excel reads _xHHHH_ as an escaped character: a literal one keeps its underscore (Excel
    # shows "_x0041_"; openpyxl, above, does not unescape inline strings)
    assert "tab\there _x005F_x0041_</t>" in sheet


def test_columns_described_by_the_caller_and_an_empty_table(tmp_path):
    frame = pl.DataFrame(
        {"vendor": [], "spend": [], "share": []},
        schema={"vendor": pl.String, "spend": pl.Float64, "share": pl.Float64},
    )
    columns = [Column("vendor", "Vendor"), Column("spend", "Spend", "money"),
               Column("share", "Share", "percent")]  # fmt: skip
    path = export_frame(frame, tmp_path / "e.xlsx", title="Spend by vendor", columns=columns,
                        currency=IDR, notes=["No vendor bills in this range."])  # fmt: skip
    sheet = load(path).active
    header, titles, rows = table_of(sheet)
    assert titles == ["Vendor", "Spend", "Share"] and rows == []
    assert heading_of(sheet, header)[-1] == "No vendor bills in this range."
    assert sheet.auto_filter.ref == f"A{header}:C{header}"


def test_a_kpi_table_round_trips(con, tmp_path):
    vendors = spend_by_vendor(con, date(2026, 1, 1), date(2026, 1, 20))
    path = export_frame(vendors, tmp_path / "v.xlsx", title="Spend by vendor",
                        currency=IDR, money_columns=["spend", "spend_tax_in"],
                        percent_columns=["share"])  # fmt: skip
    _, titles, rows = table_of(load(path).active)
    assert titles == vendors.columns
    assert rows == [list(r) for r in vendors.iter_rows()]


@pytest.mark.parametrize(
    ("currency", "code"),
    [
        (Currency("IDR", "Rp"), '"Rp "#,##0'),  # rupiah: whole amounts, as on the cards
        (Currency("USD", "$"), '"$ "#,##0.00'),
        (Currency("EUR", ""), '"EUR "#,##0.00'),
        (Currency(), "#,##0.00"),  # unknown or mixed: no label
    ],
)
def test_money_is_in_the_companys_currency(currency, code, tmp_path):
    frame = pl.DataFrame({"revenue": [1500.25]})
    path = export_frame(frame, tmp_path / "m.xlsx", title="M", currency=currency,
                        money_columns=["revenue"])  # fmt: skip
    sheet = load(path).active
    header, _, _ = table_of(sheet)
    assert sheet.cell(row=header + 1, column=1).number_format == code


def test_the_currency_comes_from_the_companies(con):
    known = companies(con)
    assert company_currency(known, 1) == Currency("IDR", "Rp")
    assert company_currency(known, 2) == Currency("USD", "$")
    assert company_currency(known) == Currency("", "")  # mixed
    shared = known.with_columns(
        currency_code=pl.Series(["IDR", "IDR"]), currency_symbol=pl.Series(["Rp", "Rp"])
    )
    assert company_currency(shared) == Currency("IDR", "Rp")


def test_widths_fit_headers_and_values_within_bounds(tmp_path):
    frame = pl.DataFrame({"a": ["x"], "a rather long column title": [1.0], "notes": ["y" * 500]})
    sheet = load(export_frame(frame, tmp_path / "w.xlsx", title="W")).active
    assert 8 <= width_of(sheet, 1) <= 12
    assert width_of(sheet, 2) >= len("a rather long column title")
    assert 60 <= width_of(sheet, 3) < 61  # capped (xlsxwriter adds the padding Excel does)


def test_bad_requests_are_refused(tmp_path, monkeypatch):
    frame = pl.DataFrame({"a": list(range(20))})
    with pytest.raises(ValueError, match="no such column"):
        export_frame(frame, tmp_path / "x.xlsx", title="X", money_columns=["b"])
    with pytest.raises(ValueError, match="needs a title"):
        export_frame(frame, tmp_path / "x.xlsx", title=" ")
    with pytest.raises(ValueError, match="unknown column kind"):
        Column("a", "A", "colour")
    monkeypatch.setattr(book_module, "EXCEL_ROWS", 15)
    with pytest.raises(ExportError, match="holds at most 11 rows of a table and this one has 20"):
        export_frame(frame, tmp_path / "x.xlsx", title="X")
    assert list(tmp_path.iterdir()) == []
