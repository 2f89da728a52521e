"""What the commands that read the lake's KPIs share (`kpi`, `attention`, `export`, `demo`): a KPI cursor on the lake of
the settings, its freshness printed first, and the company chosen by name or id."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from nkdash_desktop.cli.usage import UsageError
from nkdash_desktop.i18n import translate
from nkdash_desktop.kpi.companies import UnknownCompany, company_id_of
from nkdash_desktop.kpi.freshness import freshness
from nkdash_desktop.kpi.source import KpiSource
from nkdash_desktop.settings import Settings


@contextmanager
def lake_cursor(
    settings: Settings, company: str | None
) -> Iterator[tuple[duckdb.DuckDBPyConnection, int | None]]:
    """(cursor, company id or None for all); an unknown company is a usage error, not zeros."""
    root = settings.lake_root()
    badge = freshness(root).badge(settings.odoo.timezone)
    print(translate("Cli", "lake: {folder} ({freshness})").format(folder=root, freshness=badge))
    source = KpiSource(root)
    try:
        with source.cursor() as con:
            try:
                company_id = company_id_of(con, company)
            except UnknownCompany as exc:
                raise UsageError(str(exc)) from None
            yield con, company_id
    finally:
        source.close()
