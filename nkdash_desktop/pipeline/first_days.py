"""Where Odoo's data starts: the business day of each daily dataset's oldest record, so a
backfill range can be checked before it asks Odoo for years of empty days."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.odoo.reader import OdooReader
from nkdash_desktop.pipeline.changes import odoo_day


def first_days(client: OdooReader, datasets: Iterable[str], tz: str) -> dict[str, date | None]:
    """{daily dataset: its first business day in Odoo, None when it has no records}; one
    one-record search per dataset, on the model and date field its change sweep uses."""
    out: dict[str, date | None] = {}
    for name in datasets:
        sweep = DATASETS[name].changes
        if DATASETS[name].kind != "daily" or sweep is None:
            continue
        rows = client.search_read(
            sweep.model, list(sweep.domain), [sweep.day_field],
            order=f"{sweep.day_field} asc, id asc", limit=1, site=f"{name}.first_day",
            context={"active_test": False},
        )  # fmt: skip
        out[name] = odoo_day(rows[0][sweep.day_field], sweep.day_kind, tz) if rows else None
    return out


def data_start(found: dict[str, date | None]) -> date | None:
    """The first day any of the datasets has data (None: none has any)."""
    days = [d for d in found.values() if d is not None]
    return min(days) if days else None
