"""The KPI report in Bahasa Indonesia: sheet names, headings, notes and column titles in
Indonesian; the cells keep the same real numbers and dates; only the number-format codes that
carry words or month names change (issue 21)."""

from __future__ import annotations

from datetime import datetime

from excel_support import MADE_AT, formats_of, heading_of, load, table_of

from nkdash_desktop.kpi.excel import build_report, export_frame
from nkdash_desktop.kpi.excel.formats import Column
from nkdash_desktop.kpi.format import Currency

SHEETS_ID = [
    "Ringkasan", "Harian", "Per produk", "Tanpa harga pokok", "Per kategori", "Per kasir",
    "Pembelian", "Stok", "Perlu perhatian",
]  # fmt: skip


def both_reports(export_lake, period, tmp_path, language):
    made = {}
    for code in ("en", "id"):
        language(code)
        path = tmp_path / f"report {code}.xlsx"
        made[code] = build_report(export_lake, period.start, period.end, path, 1, made_at=MADE_AT)
    return made


def test_the_report_reads_in_indonesian_with_the_same_cells(
    export_lake, period, tmp_path, language
):
    made = both_reports(export_lake, period, tmp_path, language)
    english, indonesian = load(made["en"].path), load(made["id"].path)
    assert indonesian.sheetnames == SHEETS_ID
    assert list(made["id"].rows) == SHEETS_ID
    assert made["id"].sentence().startswith(f"{made['id'].path} disimpan untuk 11 Jan 2026 –")

    summary = indonesian["Ringkasan"]
    header, titles, rows = table_of(summary)
    lines = heading_of(summary, header)
    assert lines[0] == "Laporan KPI"
    assert (
        lines[1]
        == "NK Mart · 11 Jan 2026 – 20 Jan 2026, dibandingkan dengan 1 Jan 2026 – 10 Jan 2026"
    )
    assert lines[2] == "Data lengkap sampai 20 Jan 2026"
    assert lines[3].startswith("Nilai dalam IDR (Rp) · dibuat 21 Jan 2026 09.30 dengan NK Dash")
    assert titles == ["Ukuran", "Periode ini", "Periode sebelumnya", "Perubahan"]
    assert [r[0] for r in rows][:3] == ["Pendapatan", "Laba kotor", "Margin"]

    daily = indonesian["Harian"]
    header, titles, rows = table_of(daily)
    assert titles[:4] == ["Hari", "Transaksi", "Jumlah", "Pendapatan"]
    # money keeps Excel's invariant code (Windows shows its own separators); days name their
    # language so "Sab, 17 Jan 2026" reads in Indonesian on any Windows
    assert formats_of(daily, header + 1, 4) == [
        "[$-421]ddd, d mmm yyyy", "#,##0", "#,##0.00", '"Rp "#,##0'
    ]  # fmt: skip
    assert daily.cell(row=header + 1, column=1).is_date

    attention = indonesian["Perlu perhatian"]
    _, titles, rows = table_of(attention)
    assert titles == ["Pemeriksaan", "Jumlah", "Perlu perhatian"]
    assert {"Terjual di bawah harga pokok", "Hampir habis", "Stok mati"} <= {r[0] for r in rows}

    # the same real numbers and dates, cell for cell, in every sheet but the words
    for en_sheet, id_sheet in zip(english.worksheets, indonesian.worksheets, strict=True):
        _, _, en_rows = table_of(en_sheet)
        _, _, id_rows = table_of(id_sheet)
        assert len(en_rows) == len(id_rows), id_sheet.title
        for en_row, id_row in zip(en_rows, id_rows, strict=True):
            numbers = [
                (a, b) for a, b in zip(en_row, id_row, strict=True) if not isinstance(a, str)
            ]
            assert all(a == b for a, b in numbers), (id_sheet.title, en_row, id_row)
            assert any(isinstance(a, int | float | datetime) for a, _ in numbers) or not numbers


def test_an_exported_table_in_indonesian(tmp_path, language):
    import polars as pl

    language("id")
    frame = pl.DataFrame({"product": ["Kopi Kapal Api 165g"], "revenue": [53_642_481.0]})
    path = export_frame(
        frame,
        tmp_path / "t.xlsx",
        title="Penjualan",
        currency=Currency("IDR", "Rp"),
        columns=[Column("product", "Product"), Column("revenue", "Revenue", "money")],
        made_at=MADE_AT,
    )
    sheet = load(path).worksheets[0]
    header, titles, rows = table_of(sheet)
    assert titles == ["Produk", "Pendapatan"] and rows == [["Kopi Kapal Api 165g", 53_642_481]]
    assert heading_of(sheet, header)[1].startswith("Nilai dalam IDR (Rp) · dibuat 21 Jan 2026")
