"""Odoo's answers to a sync's questions: what changed since a sweep position, which days' ids
differ from the lake's, and the newest change before a run reads. Only asking; the decision is
sync_rules'."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

from nkdash_desktop.datasets import Dataset, Scope
from nkdash_desktop.lake.layout import CLEAN, RAW, LakeLayout
from nkdash_desktop.odoo.reader import OdooReader
from nkdash_desktop.pipeline.days import ODOO_DATETIME, local_day
from nkdash_desktop.pipeline.integrity import unreadable
from nkdash_desktop.pipeline.sync_rules import Answers, Position, Questions

log = logging.getLogger(__name__)

OVERLAP = timedelta(hours=1)  # a long Odoo transaction commits rows with an older write_date
# the sweep position of a dataset whose Odoo holds no record yet: everything is newer
EPOCH: Position = ("1970-01-01 00:00:00", 0)
SweepReads = dict[str, list[dict[str, Any]]]  # a sync's change sweeps read so far, by question


def odoo_day(value: Any, kind: str, tz: str) -> date | None:
    """The business day of an Odoo datetime (naive UTC) or date value; None when empty."""
    if not value:
        return None
    return local_day(value, tz) if kind == "datetime" else date.fromisoformat(value[:10])


def _lake_days(layout: LakeLayout, table: str, column: str, ids: list[int]) -> dict[int, date]:
    """The day each id is filed under in the clean layer (for records whose date moved)."""
    days = layout.days(CLEAN, table)
    if not ids or not days:
        return {}
    files = [layout.day_partition(CLEAN, table, d) for d in days]
    con = duckdb.connect()
    try:
        con.execute("CREATE TEMP TABLE wanted (id BIGINT)")
        con.executemany("INSERT INTO wanted VALUES (?)", [(i,) for i in ids])
        query = (
            f"SELECT DISTINCT t.{column}, t.day FROM read_parquet(?, union_by_name=true) t "
            f"JOIN wanted w ON w.id = t.{column}"
        )
        try:
            rows = con.execute(query, [[str(f) for f in files]]).fetchall()
        except duckdb.Error:  # a corrupt clean day must not stop the nightly sync
            readable = [str(f) for f in files if not unreadable(f)]
            log.warning("%s: %d unreadable clean files skipped", table, len(files) - len(readable))
            rows = con.execute(query, [readable]).fetchall() if readable else []
    finally:
        con.close()
    return {int(i): d for i, d in rows}


def newest_change(client: OdooReader, dataset: Dataset) -> Position:
    """The newest (write_date, id) of the dataset's sweep, read before any of its partitions:
    every later change has a newer write_date, so a sweep from here sees it. EPOCH when
    Odoo holds no record yet (then the first one is newer)."""
    sweep = dataset.changes
    assert sweep is not None
    newest = client.search_read(
        sweep.model, list(sweep.domain), ["write_date"], order="write_date desc, id desc",
        limit=1, site=f"{dataset.name}.changes", context={"active_test": False},
    )  # fmt: skip
    return (newest[0]["write_date"], newest[0]["id"]) if newest else EPOCH


def late_changes(
    client: OdooReader,
    layout: LakeLayout,
    dataset: Dataset,
    cursor: Position,
    tz: str,
    reads: SweepReads | None = None,
) -> tuple[set[date], Position | None]:
    """Days touched by records written since `cursor` (minus the overlap window), and the
    newest of those records (None: nothing changed). `reads`: the sweeps a sync already read
    for other datasets; one with the same question (pos_lines and payments both sweep
    pos.order) is answered from there, not asked again."""
    sweep = dataset.changes
    assert sweep is not None
    site = f"{dataset.name}.changes"
    since = datetime.strptime(cursor[0], ODOO_DATETIME) - OVERLAP
    domain = [("write_date", ">=", since.strftime(ODOO_DATETIME)), *sweep.domain]
    fields = [sweep.day_field, "write_date"]
    key = repr((sweep.model, domain, fields))
    changed: list[dict[str, Any]] | None = None if reads is None else reads.get(key)
    if changed is None:
        changed = []
        for page in client.search_read_pages(
            sweep.model, domain, fields, site=site, context={"active_test": False}
        ):
            changed.extend(page)
        if reads is not None:
            reads[key] = changed
    if not changed:
        return set(), None
    days = {d for r in changed if (d := odoo_day(r[sweep.day_field], sweep.day_kind, tz))}
    # a record whose date moved is still filed under its old day: rerun that one too
    before = _lake_days(layout, sweep.clean_table, sweep.clean_id, [r["id"] for r in changed])
    days |= set(before.values())
    newest = max(changed, key=lambda r: (r["write_date"], r["id"]))
    return days, (newest["write_date"], newest["id"])


def mismatched_days(
    client: OdooReader, layout: LakeLayout, dataset: Dataset, days: Iterable[date], tz: str
) -> set[date]:
    """Days whose ids in Odoo differ from the lake's (deleted, cancelled, missed records).
    Compares the dataset's header table, one id-only search per day."""
    table = dataset.header_table
    version = client.odoo_version
    company = client.connection.company_id
    out: set[date] = set()
    con = duckdb.connect()
    try:
        for day in days:
            path = layout.day_partition(RAW, table.name, day)
            if not path.exists():
                continue  # never extracted (or removed by retention): nothing to compare
            try:
                lake = {
                    r[0]
                    for r in con.execute("SELECT id FROM read_parquet(?)", [str(path)]).fetchall()
                }
            except duckdb.Error:  # corrupt: rerunning the day replaces the file
                log.warning("%s %s: the raw file is unreadable: rerun", dataset.name, day)
                out.add(day)
                continue
            domain = table.domain(Scope(day, tz, version, company))
            odoo = set(
                client.search_ids(
                    table.model, domain, site=f"{dataset.name}.reconcile",
                    context=dict(table.context),
                )
            )  # fmt: skip
            if odoo != lake:
                log.info(
                    "%s %s: %d ids in Odoo, %d in the lake: rerun",
                    dataset.name, day, len(odoo), len(lake),
                )  # fmt: skip
                out.add(day)
    finally:
        con.close()
    return out


def ask(
    client: OdooReader,
    layout: LakeLayout,
    dataset: Dataset,
    q: Questions,
    tz: str,
    reads: SweepReads | None = None,
) -> Answers:
    """Odoo's answers to one daily dataset's questions (`reads`: see late_changes)."""
    changed: set[date] = set()
    newest = None
    if q.sweep_since is not None:
        changed, newest = late_changes(client, layout, dataset, q.sweep_since, tz, reads)
    mismatched = mismatched_days(client, layout, dataset, q.reconcile_days, tz)
    return Answers(frozenset(changed), newest, frozenset(mismatched))
