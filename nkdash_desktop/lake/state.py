"""The lake's state: runs, per-partition results, and each dataset's cursor, in SQLite (WAL).

It replaces the web version's `etl_status.json` and Redis keys. The UI reads while a worker
thread writes, and the CLI may read from another process: WAL lets readers go on during a write.
All timestamps are ISO-8601 UTC text; a partition's day is ISO text, '' for a dimension snapshot.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import Any

from nkdash_desktop import clock
from nkdash_desktop.i18n import QT_TRANSLATE_NOOP, translate
from nkdash_desktop.lake.lock import host_name, pid_alive
from nkdash_desktop.lake.storage import LakeStorageError, storage_sentence

log = logging.getLogger(__name__)
STATE_FILE = "state.sqlite"
# What the writer has published, for readers that must not open the state database (a viewer
# on a network share: SQLite's WAL does not work across machines): rewritten atomically
# whenever a dataset's freshness or a run's end changes.
PUBLISHED_FILE = "published.json"
BUSY_TIMEOUT_MS = 15_000


class Trigger(StrEnum):
    """What started a run (stored as its value)."""

    NIGHTLY = "nightly"  # the scheduler, on time
    CATCH_UP = "catch-up"  # the scheduler, after a missed night
    MANUAL = "manual"  # Sync now in the app
    BACKFILL = "backfill"
    CLI = "cli"  # `nkdash sync`
    RETRY = "retry"  # failed partitions, from the backfill summary
    REPAIR = "repair"  # `verify-lake --repair`'s bookkeeping: partitions left to re-extract
    UPGRADE = "upgrade"  # a lake written by an older release brought to this one's format


# Full syncs (every dataset, catch-up included): any of them started after the nightly time
# already covers that night. Backfills, retries and repairs do not.
SYNC_TRIGGERS = frozenset({Trigger.NIGHTLY, Trigger.CATCH_UP, Trigger.MANUAL, Trigger.CLI})


class RunStatus(StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    PARTIAL = "partial"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"  # the app or PC stopped during the run


# a run's status in the operator's words (status_words)
STATUS_WORDS = {
    RunStatus.RUNNING: QT_TRANSLATE_NOOP("Runs", "running"),
    RunStatus.SUCCEEDED: QT_TRANSLATE_NOOP("Runs", "succeeded"),
    RunStatus.FAILED: QT_TRANSLATE_NOOP("Runs", "failed"),
    RunStatus.PARTIAL: QT_TRANSLATE_NOOP("Runs", "partial"),
    RunStatus.CANCELLED: QT_TRANSLATE_NOOP("Runs", "cancelled"),
    RunStatus.INTERRUPTED: QT_TRANSLATE_NOOP("Runs", "interrupted"),
}


def status_words(status: str) -> str:
    """'succeeded', 'berhasil': a run's status as the operator reads it."""
    words = STATUS_WORDS.get(RunStatus(status)) if status in set(RunStatus) else None
    return translate("Runs", words) if words else status


class PartitionStatus(StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


TRIGGERS: tuple[str, ...] = tuple(Trigger)
RUN_STATUSES: tuple[str, ...] = tuple(RunStatus)
PARTITION_STATUSES: tuple[str, ...] = tuple(PartitionStatus)
# Skipped and cancelled partitions left the data as it was, so they do not hide the outcome of
# the run before them: "latest status" is the latest of the others, when there is one.
_NO_OUTCOME = (PartitionStatus.SKIPPED.value, PartitionStatus.CANCELLED.value)
INTERRUPTED = "interrupted: the app or PC stopped during the run"
UNFINISHED = "the run ended before this partition finished"


class StateError(RuntimeError):
    """The state database cannot be used; the message says why in one sentence."""


class NewerStateError(StateError):
    """The state database has a schema version this app does not know."""


# --- schema ---------------------------------------------------------------------------------

Migration = Callable[[sqlite3.Connection], None]


def _sql(*statements: str) -> Migration:
    def apply(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return apply


# a lake that loaded invoice days has them cleaned and loaded again from raw
# (pipeline/upgrade.py), once per change of how invoice lines are cleaned
_REBUILD_INVOICES = _sql(
    "INSERT OR IGNORE INTO lake_upgrades (name) SELECT 'invoice_company_currency' WHERE"
    " EXISTS (SELECT 1 FROM partitions WHERE dataset = 'invoice_sales' AND stage = 'load')",
)

# Append only: never edit a released migration; the schema version is the list's length.
MIGRATIONS: tuple[Migration, ...] = (
    # 1: runs, partition results, dataset cursors
    _sql(
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            "trigger" TEXT NOT NULL,
            parameters TEXT NOT NULL DEFAULT '{}',
            started_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL DEFAULT 'running',
            error TEXT,
            totals TEXT,
            host TEXT NOT NULL DEFAULT '',
            pid INTEGER NOT NULL DEFAULT 0,
            "user" TEXT NOT NULL DEFAULT ''
        )
        """,
        """
        CREATE TABLE partitions (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            dataset TEXT NOT NULL,
            day TEXT NOT NULL DEFAULT '',
            stage TEXT NOT NULL,
            status TEXT NOT NULL,
            rows INTEGER NOT NULL DEFAULT 0,
            requests INTEGER NOT NULL DEFAULT 0,
            bytes INTEGER NOT NULL DEFAULT 0,
            seconds REAL NOT NULL DEFAULT 0,
            error TEXT,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            PRIMARY KEY (run_id, dataset, day, stage)
        )
        """,
        """
        CREATE TABLE dataset_state (
            dataset TEXT PRIMARY KEY,
            cursor_write_date TEXT,
            cursor_id INTEGER,
            last_complete_day TEXT,
            last_success_at TEXT,
            last_reconciled_at TEXT
        )
        """,
    ),
    # 2: the read paths: latest status per (dataset, day, stage), and runs left running
    _sql(
        "CREATE INDEX partitions_latest ON partitions (dataset, stage, day, run_id DESC)",
        "CREATE INDEX runs_status ON runs (status)",
    ),
    # 3: lake-format upgrades owed by a lake an older release wrote (pipeline/upgrade.py does
    # them under the writer lock and deletes the row when done). A lake that loaded POS days
    # has no clean pos_orders / fact_pos_orders yet: they came with this version.
    _sql(
        "CREATE TABLE lake_upgrades (name TEXT PRIMARY KEY)",
        "INSERT INTO lake_upgrades (name) SELECT 'pos_orders' WHERE EXISTS"
        " (SELECT 1 FROM partitions WHERE dataset = 'pos_lines' AND stage = 'load')",
    ),
    # 4: invoice sales' revenue was in the invoice's currency; a lake that loaded invoice days
    # has them cleaned and loaded again from raw in the company currency
    _REBUILD_INVOICES,
    # 5: invoice revenue with taxes was each line's price_total at the invoice's rate, cents off
    # Odoo's amount_total_signed (tax lines are converted and rounded on their own): the same
    # rebuild from raw, whose invoice moves keep amount_total_signed
    _REBUILD_INVOICES,
    # 6: vendor bill lines gained their total with taxes in company currency: a lake that
    # loaded purchases days has them cleaned and loaded again from raw
    _sql(
        "INSERT OR IGNORE INTO lake_upgrades (name) SELECT 'purchases_company_currency' WHERE"
        " EXISTS (SELECT 1 FROM partitions WHERE dataset = 'purchases' AND stage = 'load')",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def _newer(version: int, known: int) -> NewerStateError:
    return NewerStateError(
        f"this lake was written by a newer NK Dash (state database version {version}, "
        f"this app knows up to {known}); update NK Dash to open it"
    )


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the database to `len(migrations)`, all pending steps in one transaction.

    A failed step rolls everything back, so the database stays at the version it had. Safe when
    two processes open a new lake at once: the second sees the first's version and does nothing.
    Returns the version now in the file.
    """
    target = len(migrations)
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > target:
            raise _newer(version, target)
        for step in migrations[version:]:
            step(conn)
        if version < target:
            conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # see StateDB._write
            conn.execute("ROLLBACK")
        raise
    return max(version, target)


def _set_wal(conn: sqlite3.Connection) -> None:
    # switching the journal mode needs a moment of exclusive access and SQLite does not apply
    # the busy timeout to it: several processes opening a new lake at once must take turns
    for attempt in range(100):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 99:
                raise
            time.sleep(0.02)


@dataclass(frozen=True)
class Published:
    """PUBLISHED_FILE read back: the freshness a reader without the database sees."""

    datasets: list[tuple[str, date | None, datetime | None]]  # dataset, complete up to, synced
    last_run_ended_at: datetime | None


def read_published(metadata_dir: Path) -> Published | None:
    """What the writer last published; None before its first publish (or an older writer)."""
    try:
        raw = json.loads((Path(metadata_dir) / PUBLISHED_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return Published(
        [
            (d["dataset"], _parse_day(d["last_complete_day"]), _parse_ts(d["last_success_at"]))
            for d in raw["datasets"]
        ],
        _parse_ts(raw["last_run_ended_at"]),
    )


def published_stamp(metadata_dir: Path) -> tuple[int, int] | None:
    """Changes whenever the writer publishes (each publish is a new file): what a viewer polls,
    a stat, cheap even over a network share. None before the first publish."""
    try:
        found = os.stat(Path(metadata_dir) / PUBLISHED_FILE)
    except FileNotFoundError:
        return None
    return (found.st_mtime_ns, found.st_ino)


# --- returned rows --------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    id: int
    trigger: Trigger
    parameters: dict[str, Any]
    started_at: datetime
    ended_at: datetime | None
    status: RunStatus
    error: str | None
    totals: dict[str, Any]
    host: str
    pid: int
    user: str

    @property
    def seconds(self) -> float | None:
        if self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds()


@dataclass(frozen=True)
class PartitionRecord:
    run_id: int
    dataset: str
    day: date | None  # None: a dimension snapshot
    stage: str
    status: PartitionStatus
    rows: int
    requests: int
    bytes: int
    seconds: float
    error: str | None
    started_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class DatasetState:
    dataset: str
    cursor_write_date: str | None = None  # Odoo's naive-UTC text, e.g. "2026-01-05 18:30:00"
    cursor_id: int | None = None
    last_complete_day: date | None = None
    last_success_at: datetime | None = None
    last_reconciled_at: datetime | None = None


@dataclass(frozen=True)
class Estimate:
    """Averages per partition over past succeeded ones, for a plan preview."""

    partitions: int  # how many past partitions the averages come from
    requests: float
    seconds: float
    rows: float
    bytes: float


# --- conversions ----------------------------------------------------------------------------


def utc_now() -> datetime:
    return clock.now()


def _ts(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _parse_ts(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _day_text(day: date | str | None) -> str:
    if day is None or day == "":
        return ""
    if isinstance(day, datetime):  # a datetime is not a business day: which timezone?
        raise TypeError(f"a partition day must be a date, not a datetime ({day!r})")
    if isinstance(day, date):
        return day.isoformat()
    return date.fromisoformat(day).isoformat()


def _parse_day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _check(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; expected one of {', '.join(allowed)}")
    return value


def _json(value: Mapping[str, Any] | None) -> str:
    # dates and paths in run parameters become their text
    return json.dumps(dict(value or {}), default=str, ensure_ascii=False, sort_keys=True)


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in some service contexts
        return ""


_RUN_COLUMNS = (
    'id, "trigger", parameters, started_at, ended_at, status, error, totals, host, pid, "user"'
)
_PARTITION_COLUMNS = (
    "run_id, dataset, day, stage, status, rows, requests, bytes, seconds, error, started_at, "
    "ended_at"
)


def _run(row: sqlite3.Row) -> Run:
    return Run(
        id=row["id"],
        trigger=Trigger(row["trigger"]),
        parameters=json.loads(row["parameters"] or "{}"),
        started_at=datetime.fromisoformat(row["started_at"]),
        ended_at=_parse_ts(row["ended_at"]),
        status=RunStatus(row["status"]),
        error=row["error"],
        totals=json.loads(row["totals"] or "{}"),
        host=row["host"],
        pid=row["pid"],
        user=row["user"],
    )


def _partition(row: sqlite3.Row) -> PartitionRecord:
    return PartitionRecord(
        run_id=row["run_id"],
        dataset=row["dataset"],
        day=_parse_day(row["day"]),
        stage=row["stage"],
        status=PartitionStatus(row["status"]),
        rows=row["rows"],
        requests=row["requests"],
        bytes=row["bytes"],
        seconds=row["seconds"],
        error=row["error"],
        started_at=datetime.fromisoformat(row["started_at"]),
        ended_at=_parse_ts(row["ended_at"]),
    )


# The latest row per (dataset, day, stage): the newest run's, preferring rows with an outcome.
_LATEST = f"""
    SELECT {_PARTITION_COLUMNS} FROM (
        SELECT *, ROW_NUMBER() OVER (
            PARTITION BY dataset, day, stage
            ORDER BY status IN {_NO_OUTCOME!r}, run_id DESC
        ) AS rank
        FROM partitions WHERE {{where}}
    ) WHERE rank = 1
"""


# --- the database ---------------------------------------------------------------------------


class StateDB:
    """The state database of one lake (`<lake>/metadata/state.sqlite`); thread-safe.

    One connection shared by the app's threads behind a lock (each call is short); other
    processes open their own and SQLite's busy timeout queues writers.
    """

    def __init__(self, metadata_dir: Path) -> None:
        self.path = Path(metadata_dir) / STATE_FILE
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = storage_sentence(exc, self.path.parent.parent)
            if reason:
                raise LakeStorageError(reason, exc.errno) from exc
            raise
        self._lock = threading.RLock()
        # autocommit: transactions are explicit (BEGIN IMMEDIATE) so writers queue up front
        # instead of failing when a read transaction would need upgrading
        self._conn = sqlite3.connect(
            self.path,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            self._conn.row_factory = sqlite3.Row
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:  # checked before anything could change the file
                raise _newer(version, SCHEMA_VERSION)
            _set_wal(self._conn)
            self._conn.execute("PRAGMA synchronous = NORMAL")  # durable enough with WAL
            self._conn.execute("PRAGMA foreign_keys = ON")
            migrate(self._conn)
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            lake = self.path.parent.parent
            reason = storage_sentence(exc, lake)
            if reason:
                raise LakeStorageError(reason) from exc
            raise StateError(f"the state database {self.path} cannot be opened: {exc}") from exc
        except BaseException:
            self._conn.close()
            raise

    # -- plumbing

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> StateDB:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                # SQLite already rolled back after some errors (a full disk): a second
                # ROLLBACK would hide the real error behind "no transaction is active"
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    # -- runs

    def start_run(self, trigger: Trigger, parameters: Mapping[str, Any] | None = None) -> int:
        """Record a new run as running, by this process; returns its id."""
        _check(trigger, TRIGGERS, "run trigger")
        with self._write() as conn:
            cursor = conn.execute(
                'INSERT INTO runs ("trigger", parameters, started_at, status, host, pid, "user")'
                " VALUES (?, ?, ?, 'running', ?, ?, ?)",
                (trigger, _json(parameters), _ts(utc_now()), host_name(), os.getpid(), _user()),
            )
            return int(cursor.lastrowid or 0)

    def finish_run(
        self,
        run_id: int,
        status: RunStatus,
        error: str | None = None,
        totals: Mapping[str, Any] | None = None,
    ) -> None:
        """Close a run. Partitions it left running are closed too (cancelled or failed); without
        `totals`, they are summed from the run's partitions."""
        _check(status, RUN_STATUSES, "run status")
        if status == RunStatus.RUNNING:
            raise ValueError("a run cannot finish as 'running'")
        leftover = (
            PartitionStatus.CANCELLED if status == RunStatus.CANCELLED else PartitionStatus.FAILED
        )
        with self._write() as conn:
            self._close_run(conn, run_id, status, error, leftover, UNFINISHED, utc_now(), totals)
        self.publish()

    def _close_run(
        self,
        conn: sqlite3.Connection,
        run_id: int,
        status: str,
        error: str | None,
        leftover_status: str,
        leftover_error: str,
        ended: datetime,
        totals: Mapping[str, Any] | None,
    ) -> None:
        ended_at = _ts(ended)
        conn.execute(
            "UPDATE partitions SET status = ?, error = COALESCE(error, ?),"
            " ended_at = MAX(started_at, ?) WHERE run_id = ? AND status = 'running'",
            (leftover_status, leftover_error, ended_at, run_id),
        )
        if totals is None:
            totals = self._derived_totals(conn, run_id, ended_at)
        cursor = conn.execute(
            "UPDATE runs SET status = ?, error = ?, totals = ?, ended_at = ? WHERE id = ?",
            (status, error, _json(totals), ended_at, run_id),
        )
        if cursor.rowcount == 0:
            raise KeyError(f"no run {run_id}")

    @staticmethod
    def _derived_totals(conn: sqlite3.Connection, run_id: int, ended_at: str) -> dict[str, Any]:
        row = conn.execute(
            """
            SELECT COALESCE(SUM(requests), 0), COALESCE(SUM(bytes), 0),
                   COALESCE(SUM(status = 'succeeded'), 0), COALESCE(SUM(status = 'failed'), 0),
                   COALESCE(SUM(status = 'skipped'), 0)
            FROM partitions WHERE run_id = ?
            """,
            (run_id,),
        ).fetchone()
        # rows counted once per (dataset, day): each stage handles the same records
        (rows,) = conn.execute(
            "SELECT COALESCE(SUM(r), 0) FROM (SELECT MAX(rows) AS r FROM partitions"
            " WHERE run_id = ? GROUP BY dataset, day)",
            (run_id,),
        ).fetchone()
        started = conn.execute("SELECT started_at FROM runs WHERE id = ?", (run_id,)).fetchone()
        seconds = 0.0
        if started is not None:
            delta = datetime.fromisoformat(ended_at) - datetime.fromisoformat(started[0])
            seconds = round(max(delta.total_seconds(), 0.0), 3)
        return {
            "rows": rows,
            "requests": row[0],
            "bytes": row[1],
            "seconds": seconds,
            "partitions_ok": row[2],
            "partitions_failed": row[3],
            "partitions_skipped": row[4],
        }

    def runs(self, limit: int = 50) -> list[Run]:
        """The most recent runs, newest first."""
        rows = self._query(f"SELECT {_RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [_run(r) for r in rows]

    def last_runs(self) -> dict[str, Run]:
        """{dataset: the newest run that worked on it}, whatever its trigger (a backfill counts);
        runs that only skipped or cancelled its partitions do not."""
        rows = self._query(
            f"""
            SELECT p.dataset, {", ".join(f"r.{c.strip()}" for c in _RUN_COLUMNS.split(","))}
            FROM runs r JOIN (
                SELECT dataset, MAX(run_id) AS run_id FROM partitions
                WHERE status NOT IN {_NO_OUTCOME!r} GROUP BY dataset
            ) p ON p.run_id = r.id
            ORDER BY p.dataset
            """
        )
        return {row["dataset"]: _run(row) for row in rows}

    def run(self, run_id: int) -> Run | None:
        rows = self._query(f"SELECT {_RUN_COLUMNS} FROM runs WHERE id = ?", (run_id,))
        return _run(rows[0]) if rows else None

    def mark_interrupted_runs(self, writer_lock_held: bool = False) -> list[int]:
        """Close runs left running by a process that is gone; returns their ids.

        A run is known dead when its process ran on this computer and no longer exists. Pass
        `writer_lock_held=True` when the caller holds the WriterLock: then no other process can be
        running, so every other process's running run is closed, whatever its host (a lake on a
        shared drive) and even if its pid now belongs to an unrelated process.
        """
        here, me = host_name(), os.getpid()
        with self._write() as conn:
            candidates = conn.execute(
                "SELECT id, host, pid FROM runs WHERE status = 'running' ORDER BY id"
            ).fetchall()
            dead = [
                r["id"]
                for r in candidates
                if not (r["host"] == here and r["pid"] == me)
                and (writer_lock_held or (r["host"] == here and not pid_alive(r["pid"])))
            ]
            for run_id in dead:
                # the run's last sign of life, not the moment we noticed (maybe days later)
                (last,) = conn.execute(
                    "SELECT MAX(r.started_at, COALESCE(MAX(COALESCE(p.ended_at, p.started_at)),"
                    " '')) FROM runs r LEFT JOIN partitions p ON p.run_id = r.id WHERE r.id = ?",
                    (run_id,),
                ).fetchone()
                self._close_run(
                    conn,
                    run_id,
                    RunStatus.INTERRUPTED,
                    INTERRUPTED,
                    PartitionStatus.FAILED,
                    INTERRUPTED,
                    datetime.fromisoformat(last),
                    None,
                )
        return dead

    # -- partitions

    def record_partition(
        self,
        run_id: int,
        dataset: str,
        day: date | str | None,
        stage: str,
        status: PartitionStatus,
        rows: int = 0,
        requests: int = 0,
        bytes: int = 0,
        seconds: float = 0.0,
        error: str | None = None,
    ) -> None:
        """Insert or update one partition's result within a run (day None: a snapshot).

        Record it as running when work starts and again with its outcome; the first record's
        start time is kept.
        """
        _check(status, PARTITION_STATUSES, "partition status")
        now = utc_now()
        started_at = _ts(now - timedelta(seconds=max(seconds, 0.0)))
        ended_at = None if status == PartitionStatus.RUNNING else _ts(now)
        with self._write() as conn:
            conn.execute(
                f"""
                INSERT INTO partitions ({_PARTITION_COLUMNS})
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, dataset, day, stage) DO UPDATE SET
                    status = excluded.status, rows = excluded.rows,
                    requests = excluded.requests, bytes = excluded.bytes,
                    seconds = excluded.seconds, error = excluded.error,
                    ended_at = excluded.ended_at
                """,
                (
                    run_id,
                    dataset,
                    _day_text(day),
                    stage,
                    status,
                    int(rows),
                    int(requests),
                    int(bytes),
                    float(seconds),
                    error,
                    started_at,
                    ended_at,
                ),
            )

    def partitions(self, run_id: int) -> list[PartitionRecord]:
        """A run's partitions in the order they started."""
        rows = self._query(
            f"SELECT {_PARTITION_COLUMNS} FROM partitions WHERE run_id = ?"
            " ORDER BY started_at, rowid",
            (run_id,),
        )
        return [_partition(r) for r in rows]

    def _latest(self, where: str, params: Sequence[Any]) -> list[PartitionRecord]:
        rows = self._query(_LATEST.format(where=where) + " ORDER BY dataset, day, stage", params)
        return [_partition(r) for r in rows]

    def latest_partition_status(
        self, dataset: str, days: Iterable[date | str | None] | None, stage: str
    ) -> dict[date | None, str]:
        """{day: status} of the latest result across runs, for the days asked (all when None).

        Days never recorded are absent. A skipped or cancelled result does not hide the outcome
        of an earlier run (the data is as that run left it).
        """
        wanted = None if days is None else {_day_text(d) for d in days}
        latest = self._latest("dataset = ? AND stage = ?", (dataset, stage))
        return {
            p.day: p.status
            for p in latest
            if wanted is None or (p.day.isoformat() if p.day else "") in wanted
        }

    def failed_partitions(self, run_id: int | None = None) -> list[PartitionRecord]:
        """Partitions whose latest result is failed, for "retry failed partitions".

        With `run_id`: only those that failed in that run and have not succeeded since.
        """
        if run_id is None:
            latest = self._latest("1", ())
        else:
            latest = self._latest(
                "(dataset, day, stage) IN"
                " (SELECT dataset, day, stage FROM partitions WHERE run_id = ? AND status = 'failed')",
                (run_id,),
            )
        return [p for p in latest if p.status == PartitionStatus.FAILED]

    def complete_days(self, dataset: str, stage: str) -> list[date]:
        """Days whose latest result for this stage succeeded, oldest first."""
        latest = self._latest("dataset = ? AND stage = ? AND day != ''", (dataset, stage))
        return [
            p.day for p in latest if p.status == PartitionStatus.SUCCEEDED and p.day is not None
        ]

    def loaded_since(self, dataset: str, run_id: int) -> set[date]:
        """Days whose load succeeded in run `run_id` or a later one."""
        rows = self._query(
            "SELECT DISTINCT day FROM partitions WHERE dataset = ? AND stage = 'load'"
            " AND status = 'succeeded' AND day != '' AND run_id >= ?",
            (dataset, run_id),
        )
        return {date.fromisoformat(r[0]) for r in rows}

    def last_run_id(self) -> int:
        """The newest run's id (0: none yet); under the writer lock, the run going on."""
        return int(self._query("SELECT COALESCE(MAX(id), 0) FROM runs")[0][0])

    def read_times(self, dataset: str) -> dict[date, datetime]:
        """{day: when its data was read}: the start of the extract whose load is the day's
        latest successful one (this PC's clock). A day absent was never loaded."""
        latest = _LATEST.format(where="dataset = ? AND stage = 'load' AND day != ''")
        rows = self._query(
            f"""
            SELECT l.day, e.started_at FROM ({latest}) l
            JOIN partitions e ON e.run_id = l.run_id AND e.dataset = l.dataset
                AND e.day = l.day AND e.stage = 'extract'
            WHERE l.status = 'succeeded'
            """,
            (dataset,),
        )
        return {date.fromisoformat(r[0]): datetime.fromisoformat(r[1]) for r in rows}

    def estimate(
        self, dataset: str, stage: str | None = None, recent: int = 200
    ) -> Estimate | None:
        """Average cost of one partition from the `recent` latest succeeded ones; None without
        history. Without `stage`, one partition is a day across all its stages in a run."""
        stage_filter = "" if stage is None else "AND stage = ?"
        params: tuple[Any, ...] = (dataset,) if stage is None else (dataset, stage)
        rows = self._query(
            f"""
            SELECT COUNT(*), AVG(req), AVG(sec), AVG(n), AVG(b) FROM (
                SELECT SUM(requests) AS req, SUM(seconds) AS sec, MAX(rows) AS n,
                       SUM(bytes) AS b
                FROM partitions
                WHERE dataset = ? AND status = 'succeeded' {stage_filter}
                GROUP BY run_id, day ORDER BY run_id DESC, day DESC LIMIT ?
            )
            """,
            (*params, recent),
        )
        count, requests, seconds, n, b = rows[0]
        if not count:
            return None
        return Estimate(count, requests, seconds, n, b)

    # -- dataset state

    def get_dataset_state(self, dataset: str) -> DatasetState:
        """The dataset's cursor and milestones; all None for a dataset never synced."""
        rows = self._query("SELECT * FROM dataset_state WHERE dataset = ?", (dataset,))
        if not rows:
            return DatasetState(dataset)
        return self._dataset_state(rows[0])

    def dataset_states(self) -> list[DatasetState]:
        rows = self._query("SELECT * FROM dataset_state ORDER BY dataset")
        return [self._dataset_state(r) for r in rows]

    @staticmethod
    def _dataset_state(row: sqlite3.Row) -> DatasetState:
        return DatasetState(
            dataset=row["dataset"],
            cursor_write_date=row["cursor_write_date"],
            cursor_id=row["cursor_id"],
            last_complete_day=_parse_day(row["last_complete_day"]),
            last_success_at=_parse_ts(row["last_success_at"]),
            last_reconciled_at=_parse_ts(row["last_reconciled_at"]),
        )

    def _set(self, dataset: str, values: Mapping[str, Any]) -> None:
        columns = list(values)  # internal names only, never caller text
        assignments = ", ".join(f"{c} = excluded.{c}" for c in columns)
        with self._write() as conn:
            conn.execute(
                f"INSERT INTO dataset_state (dataset, {', '.join(columns)})"
                f" VALUES (?{', ?' * len(columns)})"
                f" ON CONFLICT (dataset) DO UPDATE SET {assignments}",
                (dataset, *values.values()),
            )
        if "last_complete_day" in values or "last_success_at" in values:
            self.publish()

    # -- what readers without the database see

    def publish(self) -> None:
        """Write PUBLISHED_FILE: each dataset's freshness and when the last successful run
        ended. Written after the lake's files it speaks of, so a reader that sees it new can
        refresh and find them."""
        from nkdash_desktop.lake.files import atomic_path  # pyarrow: not for every state user

        runs = [
            r for r in self.runs(limit=50)
            if r.status in (RunStatus.SUCCEEDED, RunStatus.PARTIAL) and r.ended_at
        ]  # fmt: skip
        summary = {
            "datasets": [
                {
                    "dataset": s.dataset,
                    "last_complete_day": _day_text(s.last_complete_day) or None,
                    "last_success_at": _ts(s.last_success_at) if s.last_success_at else None,
                }
                for s in self.dataset_states()
            ],
            "last_run_ended_at": _ts(max(r.ended_at for r in runs)) if runs else None,
        }
        dest = self.path.parent / PUBLISHED_FILE
        try:
            with atomic_path(dest) as tmp:
                tmp.write_text(json.dumps(summary, indent=1), encoding="utf-8")
        except OSError as exc:  # readers only miss a refresh; the run itself is fine
            log.warning("cannot publish the lake's freshness to %s: %s", dest, exc)

    def set_cursor(self, dataset: str, write_date: str | datetime, id: int) -> None:
        """The incremental sweep's position: Odoo `write_date` (naive UTC) and record id."""
        if isinstance(write_date, datetime):
            if write_date.tzinfo is not None:
                write_date = write_date.astimezone(UTC).replace(tzinfo=None)
            write_date = write_date.strftime("%Y-%m-%d %H:%M:%S")
        self._set(dataset, {"cursor_write_date": write_date, "cursor_id": int(id)})

    def set_last_complete_day(self, dataset: str, day: date | str) -> None:
        self._set(dataset, {"last_complete_day": _day_text(day)})

    def mark_success(self, dataset: str, when: datetime | None = None) -> None:
        """When the dataset last synced successfully (the "synced 02:21" of the badge)."""
        self._set(dataset, {"last_success_at": _ts(when or utc_now())})

    def mark_reconciled(self, dataset: str, when: datetime | None = None) -> None:
        """When deleted records were last reconciled against Odoo's id sets."""
        self._set(dataset, {"last_reconciled_at": _ts(when or utc_now())})

    # -- lake-format upgrades

    def upgrades_due(self) -> list[str]:
        """The lake-format upgrades this lake still owes (pipeline/upgrade.py), by name."""
        return [r[0] for r in self._query("SELECT name FROM lake_upgrades ORDER BY name")]

    def upgrade_done(self, name: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM lake_upgrades WHERE name = ?", (name,))

    def forget(self, dataset: str) -> None:
        """After a lake reset: the dataset's partitions no longer count as complete, and without
        data its cursor and last complete day mean nothing."""
        with self._write() as conn:
            conn.execute("DELETE FROM partitions WHERE dataset = ?", (dataset,))
            conn.execute("DELETE FROM dataset_state WHERE dataset = ?", (dataset,))
