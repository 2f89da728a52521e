"""The report reads what several sheets show once per currency group (the Summary's daily
totals for the Daily sheet, the product totals for By product, No known cost and By category),
and its workbook is cell for cell the one built with every sheet queried on its own."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from excel_support import MADE_AT, load

from nkdash_desktop.kpi import summary as kpi_summary
from nkdash_desktop.kpi.excel import build_report
from nkdash_desktop.kpi.excel import report as report_module


def _each_sheet_on_its_own(monkeypatch) -> None:
    """The report as built before it shared frames: every sheet runs its kpi function."""
    alone = tuple(dataclasses.replace(s, shared=None) for s in report_module.SHEETS)
    monkeypatch.setattr(report_module, "SHEETS", alone)


def _cells(path) -> dict:
    """Every sheet's cells (value and number format), column widths and table range."""
    book = load(path)
    out = {"sheets": book.sheetnames}
    for sheet in book.worksheets:
        out[sheet.title] = {
            "cells": [
                [(c.value, c.number_format) for c in row]
                for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row)
            ],
            "widths": {k: d.width for k, d in sheet.column_dimensions.items()},
            "table": sheet.auto_filter.ref,
            "frozen": sheet.freeze_panes,
        }
    return out


def _same(got, want) -> None:
    """Equal, floats to the last 12 digits: DuckDB sums in parallel, so the last bits of a
    float sum may differ from one query to the next."""
    if isinstance(want, float) and isinstance(got, float):
        assert got == pytest.approx(want, rel=1e-12)
    elif isinstance(want, dict):
        assert got.keys() == want.keys()
        for key in want:
            _same(got[key], want[key])
    elif isinstance(want, list | tuple):
        assert len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            _same(g, w)
    else:
        assert got == want


@pytest.mark.parametrize("company", [None, 1, 2], ids=["all", "IDR", "USD"])
def test_the_shared_frames_write_the_same_workbook(
    export_lake, period, tmp_path, monkeypatch, company
):
    fast = build_report(
        export_lake, period.start, period.end, tmp_path / "fast.xlsx", company, made_at=MADE_AT
    )
    with monkeypatch.context() as patched:
        _each_sheet_on_its_own(patched)
        slow = build_report(
            export_lake, period.start, period.end, tmp_path / "slow.xlsx", company,
            made_at=MADE_AT,
        )  # fmt: skip
    assert fast.rows == slow.rows
    got, want = _cells(fast.path), _cells(slow.path)
    assert got["sheets"] == want["sheets"] and len(want["sheets"]) >= 9
    assert any(rows for rows in fast.rows.values())
    _same(got, want)


def test_each_group_reads_daily_and_product_totals_once(export_lake, period, tmp_path, monkeypatch):
    calls: Counter[str] = Counter()

    def counted(name, function):
        def call(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(
        kpi_summary, "daily_totals", counted("daily_totals", kpi_summary.daily_totals)
    )
    monkeypatch.setattr(
        report_module, "product_totals", counted("product_totals", report_module.product_totals)
    )
    monkeypatch.setattr(
        report_module,
        "cashiers_by_group",
        counted("cashiers_by_group", report_module.cashiers_by_group),
    )
    made = build_report(export_lake, period.start, period.end, tmp_path / "r.xlsx")
    groups = 2  # NK Mart in rupiah, NK Mart Bali in dollars
    assert len(made.rows) == 2 + 7 * groups
    # the period and the one it is compared with; the Daily sheet takes the period's; By
    # cashier of both currencies from one scan of the lines
    assert calls == {"daily_totals": 2 * groups, "product_totals": groups, "cashiers_by_group": 1}
