"""Excel export (no Qt here): any KPI table (`export_frame`) and the KPI report workbook of a
period (`build_report`), written atomically; a target open in Excel raises
ExportFileLockedError.

- formats: the currency, the number format of each kind of column, column widths
- rows: a table's rows as worksheet XML, built column-wise by polars (fast)
- book: a workbook of sheets (heading, notes, frozen header, autofilter), saved atomically
- table: export_frame
- report: build_report and its sheets
"""

from nkdash_desktop.kpi.companies import company_currency
from nkdash_desktop.kpi.excel.book import ExportError, ExportFileLockedError
from nkdash_desktop.kpi.excel.report import (
    EmptyLakeError,
    Report,
    UnknownCompanyError,
    build_report,
)
from nkdash_desktop.kpi.excel.table import export_frame
from nkdash_desktop.kpi.format import Currency

__all__ = [
    "Currency",
    "EmptyLakeError",
    "ExportError",
    "ExportFileLockedError",
    "Report",
    "UnknownCompanyError",
    "build_report",
    "company_currency",
    "export_frame",
]
