from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.lock import host_name
from nkdash_desktop.lake.state import (
    INTERRUPTED,
    MIGRATIONS,
    SCHEMA_VERSION,
    STATE_FILE,
    UNFINISHED,
    DatasetState,
    NewerStateError,
    StateDB,
    StateError,
    migrate,
)

REPO = Path(__file__).resolve().parents[2]
D1, D2, D3, D4 = (date(2026, 1, d) for d in (5, 6, 7, 8))

# Starts a run, finishes one partition, starts another, then waits to be killed.
DOOMED_RUN = """
import sys, time
from pathlib import Path
from nkdash_desktop.lake.state import StateDB
db = StateDB(Path(sys.argv[1]))
run = db.start_run("cli", {"datasets": ["pos_lines"]})
db.record_partition(run, "pos_lines", "2026-01-05", "extract", "succeeded", rows=5, requests=1)
db.record_partition(run, "pos_lines", "2026-01-06", "extract", "running")
print(run, flush=True)
time.sleep(60)
"""


@pytest.fixture
def metadata(tmp_path) -> Path:
    return LakeLayout(tmp_path / "Data Lake ñ 数据").metadata


@pytest.fixture
def db(metadata):
    with StateDB(metadata) as state:
        yield state


def raw(metadata: Path) -> sqlite3.Connection:
    return sqlite3.connect(metadata / STATE_FILE, isolation_level=None)


def user_version(metadata: Path) -> int:
    conn = raw(metadata)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


# --- schema and migrations ------------------------------------------------------------------


def test_new_database_is_at_the_current_version_in_wal_mode(db, metadata):
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 2
    conn = raw(metadata)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"runs", "partitions", "dataset_state"} <= tables
    conn.close()


def test_version_1_database_is_upgraded_and_keeps_its_data(metadata):
    metadata.mkdir(parents=True)
    conn = raw(metadata)
    assert migrate(conn, MIGRATIONS[:1]) == 1
    conn.execute(
        'INSERT INTO runs ("trigger", parameters, started_at, status, host, pid, "user")'
        " VALUES ('nightly', '{}', '2026-01-06T02:00:00.000+00:00', 'succeeded', 'OFFICE-PC',"
        " 1234, 'kasir')"
    )
    conn.execute(
        "INSERT INTO partitions (run_id, dataset, day, stage, status, rows, started_at)"
        " VALUES (1, 'pos_lines', '2026-01-05', 'extract', 'succeeded', 42,"
        " '2026-01-06T02:00:01.000+00:00')"
    )
    conn.close()

    with StateDB(metadata) as state:
        assert user_version(metadata) == SCHEMA_VERSION
        run = state.run(1)
        assert run is not None and (run.host, run.pid, run.user) == ("OFFICE-PC", 1234, "kasir")
        assert state.latest_partition_status("pos_lines", [D1], "extract") == {D1: "succeeded"}
    conn = raw(metadata)
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    conn.close()
    assert "partitions_latest" in indexes


def test_a_lake_upgraded_before_invoice_totals_owes_the_invoice_rebuild_again(metadata):
    """A lake that did the company-currency invoice rebuild (version 4) owes it once more:
    revenue with taxes became each invoice's amount_total_signed."""
    metadata.mkdir(parents=True)
    conn = raw(metadata)
    assert migrate(conn, MIGRATIONS[:4]) == 4
    conn.execute(
        'INSERT INTO runs ("trigger", parameters, started_at, status, host, pid, "user")'
        " VALUES ('nightly', '{}', '2026-01-06T02:00:00.000+00:00', 'succeeded', 'PC', 1, 'k')"
    )
    conn.execute(
        "INSERT INTO partitions (run_id, dataset, day, stage, status, rows, started_at)"
        " VALUES (1, 'invoice_sales', '2026-01-05', 'load', 'succeeded', 3,"
        " '2026-01-06T02:00:01.000+00:00')"
    )
    conn.execute("DELETE FROM lake_upgrades")  # done by the release that wrote it
    conn.close()
    with StateDB(metadata) as state:
        assert state.upgrades_due() == ["invoice_company_currency"]


def test_newer_database_is_refused_and_left_alone(metadata):
    StateDB(metadata).close()
    conn = raw(metadata)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(NewerStateError, match="this lake was written by a newer NK Dash"):
        StateDB(metadata)
    assert user_version(metadata) == SCHEMA_VERSION + 1


def test_failed_migration_leaves_the_database_as_it_was(metadata):
    metadata.mkdir(parents=True)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("bug in migration 2")

    conn = raw(metadata)
    with pytest.raises(RuntimeError, match="migration 2"):
        migrate(conn, (MIGRATIONS[0], broken))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0
    conn.close()


def test_opening_a_new_lake_from_several_threads_at_once(metadata):
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def open_it() -> None:
        try:
            barrier.wait()
            StateDB(metadata).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert user_version(metadata) == SCHEMA_VERSION


def test_a_file_that_is_not_a_database_gives_a_clear_error(metadata):
    metadata.mkdir(parents=True)
    (metadata / STATE_FILE).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StateError, match="cannot be opened"):
        StateDB(metadata)


# --- runs and partitions --------------------------------------------------------------------


def test_run_round_trip(db):
    before = datetime.now(UTC)
    run_id = db.start_run("backfill", {"datasets": ["pos_lines"], "start": D1, "mode": "skip"})
    running = db.run(run_id)
    assert running is not None and running.status == "running" and running.ended_at is None
    assert running.parameters == {"datasets": ["pos_lines"], "start": "2026-01-05", "mode": "skip"}
    assert (running.host, running.pid, running.trigger) == (host_name(), os.getpid(), "backfill")
    assert before - timedelta(seconds=1) <= running.started_at <= datetime.now(UTC)

    totals = {"rows": 10, "requests": 3, "bytes": 2048, "seconds": 1.5, "partitions_ok": 1}
    db.finish_run(run_id, "failed", error="Odoo refused the login.", totals=totals)
    done = db.run(run_id)
    assert done is not None and done.status == "failed" and done.error == "Odoo refused the login."
    assert done.totals == totals and done.ended_at is not None and done.seconds is not None
    assert db.run(run_id + 100) is None


def test_runs_newest_first_with_limit(db):
    ids = [db.start_run("nightly") for _ in range(5)]
    assert [r.id for r in db.runs()] == ids[::-1]
    assert [r.id for r in db.runs(limit=2)] == ids[:-3:-1]


def test_bad_values_are_refused(db):
    with pytest.raises(ValueError, match="trigger"):
        db.start_run("hourly")  # type: ignore[arg-type]
    run_id = db.start_run("manual")
    with pytest.raises(ValueError, match="partition status"):
        db.record_partition(run_id, "pos_lines", D1, "extract", "done")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        db.finish_run(run_id, "running")
    with pytest.raises(TypeError):
        db.record_partition(run_id, "pos_lines", datetime(2026, 1, 5), "extract", "succeeded")
    with pytest.raises(KeyError):
        db.finish_run(run_id + 1, "succeeded")


def test_partition_upsert_within_a_run(db):
    run_id = db.start_run("manual")
    db.record_partition(run_id, "pos_lines", D1, "extract", "running")
    first = db.partitions(run_id)[0]
    assert first.status == "running" and first.ended_at is None
    done = {"rows": 120, "requests": 4, "bytes": 9000, "seconds": 2.5}
    db.record_partition(run_id, "pos_lines", D1, "extract", "succeeded", **done)
    db.record_partition(run_id, "products", None, "extract", "succeeded", rows=30, requests=1)
    parts = db.partitions(run_id)
    assert len(parts) == 2
    pos, products = parts
    assert pos.status == "succeeded"
    assert (pos.rows, pos.requests, pos.bytes, pos.seconds) == (120, 4, 9000, 2.5)
    assert pos.started_at == first.started_at and pos.ended_at is not None
    assert products.day is None  # a dimension snapshot


def test_finishing_a_run_closes_its_running_partitions_and_sums_totals(db):
    run_id = db.start_run("manual")
    db.record_partition(run_id, "pos_lines", D1, "extract", "succeeded", rows=10, requests=2)
    db.record_partition(run_id, "pos_lines", D1, "clean", "succeeded", rows=10)
    db.record_partition(run_id, "pos_lines", D2, "extract", "failed", requests=1, error="timeout")
    db.record_partition(run_id, "pos_lines", D3, "extract", "running", rows=3, requests=1)
    db.finish_run(run_id, "partial")
    parts = {(p.day, p.stage): p for p in db.partitions(run_id)}
    left = parts[(D3, "extract")]
    assert left.status == "failed" and left.error == UNFINISHED and left.ended_at is not None
    totals = db.run(run_id).totals
    assert totals["rows"] == 13  # once per day, not once per stage
    assert totals["requests"] == 4
    assert (totals["partitions_ok"], totals["partitions_failed"]) == (2, 2)

    cancelled = db.start_run("manual")
    db.record_partition(cancelled, "pos_lines", D4, "extract", "running")
    db.finish_run(cancelled, "cancelled")
    assert db.partitions(cancelled)[0].status == "cancelled"


def test_latest_status_across_runs(db):
    def run(results: dict[date, str]) -> int:
        run_id = db.start_run("backfill")
        for day, status in results.items():
            db.record_partition(run_id, "pos_lines", day, "extract", status)
        db.finish_run(run_id, "partial")
        return run_id

    run({D1: "succeeded", D2: "failed", D3: "succeeded"})
    run({D1: "skipped", D2: "succeeded", D3: "failed"})
    run({D3: "cancelled", D4: "cancelled"})
    other_stage = db.start_run("manual")
    db.record_partition(other_stage, "pos_lines", D1, "clean", "failed")

    latest = db.latest_partition_status("pos_lines", [D1, D2, D3, D4, date(2026, 2, 1)], "extract")
    # skipped/cancelled do not hide the outcome before them; a day only ever cancelled says so
    assert latest == {D1: "succeeded", D2: "succeeded", D3: "failed", D4: "cancelled"}
    assert db.latest_partition_status("pos_lines", ["2026-01-05"], "clean") == {D1: "failed"}
    assert db.latest_partition_status("pos_lines", None, "extract") == latest
    assert db.latest_partition_status("invoice_sales", [D1], "extract") == {}
    assert db.complete_days("pos_lines", "extract") == [D1, D2]


def test_failed_partitions_are_those_still_failed(db):
    first = db.start_run("nightly")
    db.record_partition(first, "pos_lines", D1, "extract", "failed", error="timeout")
    db.record_partition(first, "pos_lines", D2, "extract", "failed", error="timeout")
    db.record_partition(first, "products", None, "extract", "failed", error="access")
    db.finish_run(first, "failed")
    second = db.start_run("retry")
    db.record_partition(second, "pos_lines", D1, "extract", "succeeded")
    db.record_partition(second, "purchases", D3, "load", "failed", error="disk full")
    db.finish_run(second, "partial")

    everywhere = {(p.dataset, p.day, p.stage) for p in db.failed_partitions()}
    assert everywhere == {
        ("pos_lines", D2, "extract"),
        ("products", None, "extract"),
        ("purchases", D3, "load"),
    }
    of_first = db.failed_partitions(first)
    assert {(p.dataset, p.day) for p in of_first} == {("pos_lines", D2), ("products", None)}
    assert all(p.run_id == first and p.error for p in of_first)
    assert [(p.dataset, p.run_id) for p in db.failed_partitions(second)] == [("purchases", second)]


def test_estimate_from_past_succeeded_partitions(db):
    assert db.estimate("pos_lines") is None
    run_id = db.start_run("backfill")
    for n, day in ((1, D1), (2, D2)):
        cost = {"rows": 100 * n, "requests": 2 * n, "bytes": 1000, "seconds": 1.0 * n}
        db.record_partition(run_id, "pos_lines", day, "extract", "succeeded", **cost)
        db.record_partition(run_id, "pos_lines", day, "clean", "succeeded", rows=100, seconds=0.5)
    db.record_partition(run_id, "pos_lines", D3, "extract", "failed", requests=50, seconds=60)
    db.finish_run(run_id, "partial")

    extract = db.estimate("pos_lines", "extract")
    assert extract is not None
    assert (extract.partitions, extract.requests, extract.seconds, extract.rows) == (2, 3, 1.5, 150)
    whole = db.estimate("pos_lines")  # a day across its stages
    assert whole is not None
    assert (whole.partitions, whole.requests, whole.seconds, whole.rows) == (2, 3.0, 2.0, 150.0)
    assert db.estimate("pos_lines", "extract", recent=1).requests == 4.0  # the latest day only


def test_data_survives_reopening(metadata):
    with StateDB(metadata) as first:
        run_id = first.start_run("cli")
        first.record_partition(run_id, "pos_lines", D1, "load", "succeeded", rows=7)
        first.finish_run(run_id, "succeeded")
        first.set_cursor("pos_lines", "2026-01-06 10:00:00", 99)
    with StateDB(metadata) as again:
        assert again.run(run_id).status == "succeeded"
        assert again.partitions(run_id)[0].rows == 7
        assert again.get_dataset_state("pos_lines").cursor_id == 99


# --- dataset state --------------------------------------------------------------------------


def test_dataset_state(db):
    assert db.get_dataset_state("pos_lines") == DatasetState("pos_lines")
    db.set_cursor("pos_lines", "2026-01-05 18:30:00", 1234)
    db.set_last_complete_day("pos_lines", D1)
    synced = datetime(2026, 1, 6, 2, 21, tzinfo=UTC)
    db.mark_success("pos_lines", synced)
    db.mark_reconciled("pos_lines", synced + timedelta(minutes=5))
    # an aware datetime becomes Odoo's naive-UTC text
    jakarta = datetime(2026, 1, 6, 8, 0, tzinfo=UTC).astimezone(ZoneInfo("Asia/Jakarta"))
    db.set_cursor("purchases", jakarta, 7)

    state = db.get_dataset_state("pos_lines")
    assert state == DatasetState(
        dataset="pos_lines",
        cursor_write_date="2026-01-05 18:30:00",
        cursor_id=1234,
        last_complete_day=D1,
        last_success_at=synced,
        last_reconciled_at=synced + timedelta(minutes=5),
    )
    db.set_cursor("pos_lines", "2026-01-06 01:00:00", 1300)  # other columns stay
    assert db.get_dataset_state("pos_lines").last_complete_day == D1
    assert db.get_dataset_state("purchases").cursor_write_date == "2026-01-06 08:00:00"
    assert [s.dataset for s in db.dataset_states()] == ["pos_lines", "purchases"]


# --- threads and processes ------------------------------------------------------------------


@pytest.mark.parametrize("shared", [True, False], ids=["one-connection", "own-connections"])
def test_concurrent_writes_from_four_threads(db, metadata, shared):
    errors: list[BaseException] = []
    run_ids: list[int] = []

    def work(n: int) -> None:
        state = db if shared else StateDB(metadata)
        try:
            run_id = state.start_run("manual", {"thread": n})
            run_ids.append(run_id)
            for i in range(40):
                day = D1 + timedelta(days=i)
                state.record_partition(run_id, f"ds{n}", day, "extract", "running")
                state.record_partition(run_id, f"ds{n}", day, "extract", "succeeded", rows=i)
            state.set_cursor(f"ds{n}", "2026-01-05 00:00:00", n)
            state.finish_run(run_id, "succeeded")
        except BaseException as exc:
            errors.append(exc)
        finally:
            if not shared:
                state.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(db.runs()) == 4
    for run_id in run_ids:
        parts = db.partitions(run_id)
        assert len(parts) == 40 and all(p.status == "succeeded" for p in parts)
        assert db.run(run_id).totals["rows"] == sum(range(40))
    assert len(db.dataset_states()) == 4


def test_readers_while_a_writer_writes(db, metadata):
    run_id = db.start_run("backfill")
    done = threading.Event()
    errors: list[BaseException] = []
    seen: dict[str, list[int]] = {"shared": [], "other": []}

    def write() -> None:
        try:
            for i in range(300):
                db.record_partition(
                    run_id, "pos_lines", D1 + timedelta(days=i), "extract", "succeeded", rows=i
                )
            db.finish_run(run_id, "succeeded")
        except BaseException as exc:
            errors.append(exc)
        finally:
            done.set()

    def read(name: str, state: StateDB) -> None:
        try:
            while not done.is_set():
                seen[name].append(len(state.partitions(run_id)))
                state.latest_partition_status("pos_lines", None, "extract")
                state.runs()
        except BaseException as exc:
            errors.append(exc)

    other = StateDB(metadata)  # like the CLI's `status` in another process
    threads = [
        threading.Thread(target=write),
        threading.Thread(target=read, args=("shared", db)),
        threading.Thread(target=read, args=("other", other)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert errors == []
    for counts in seen.values():
        assert counts and counts == sorted(counts)  # never a row going missing
    assert len(db.partitions(run_id)) == 300
    assert len(db.complete_days("pos_lines", "extract")) == 300


def test_runs_of_a_killed_process_are_marked_interrupted(db, metadata):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", DOOMED_RUN, str(metadata)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    try:
        assert proc.stdout is not None
        dead_run = int(proc.stdout.readline())
        ours = db.start_run("manual")  # this process is alive: its run stays running
        assert db.mark_interrupted_runs() == []  # the other one is still alive too
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    assert db.mark_interrupted_runs() == [dead_run]
    run = db.run(dead_run)
    assert run is not None and run.status == "interrupted" and run.error == INTERRUPTED
    assert run.pid == proc.pid and run.ended_at is not None and run.ended_at >= run.started_at
    parts = {p.day: p for p in db.partitions(dead_run)}
    assert parts[D1].status == "succeeded"  # finished work is kept
    assert parts[D2].status == "failed" and parts[D2].error == INTERRUPTED
    assert run.totals["partitions_ok"] == 1 and run.totals["partitions_failed"] == 1
    assert db.run(ours).status == "running"
    assert db.mark_interrupted_runs() == []  # already done


def test_other_hosts_and_live_pids_need_the_writer_lock(db, metadata):
    conn = raw(metadata)
    for host, pid in (("OFFICE-PC", 4321), (host_name(), os.getppid())):
        conn.execute(
            'INSERT INTO runs ("trigger", started_at, status, host, pid)'
            " VALUES ('nightly', '2026-01-06T02:00:00.000+00:00', 'running', ?, ?)",
            (host, pid),
        )
    conn.close()
    ours = db.start_run("cli")
    # another computer's run, or a live pid (maybe reused): cannot tell, so left alone...
    assert db.mark_interrupted_runs() == []
    # ...unless we hold the writer lock: then no one else can be running
    assert db.mark_interrupted_runs(writer_lock_held=True) == [1, 2]
    assert db.run(1).ended_at == datetime(2026, 1, 6, 2, 0, tzinfo=UTC)
    assert db.run(ours).status == "running"
