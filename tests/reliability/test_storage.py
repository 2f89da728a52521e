"""The lake folder missing, read-only or full: one clear sentence, nothing already in the lake
lost, and the next run after the operator's fix completes with Odoo's totals.
How read-only and full are made real as root: see storage_support.py."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from reliability_support import (
    END,
    KEY,
    assert_sound,
    assert_totals_equal,
    context,
    first_day,
    start_odoo,
)
from storage_support import fill, read_only, small_disk

from nkdash_desktop import settings as S
from nkdash_desktop.cli import main
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import StateDB
from nkdash_desktop.lake.storage import LakeStorageError
from nkdash_desktop.odoo.credentials import store_secret
from nkdash_desktop.pipeline.runner import RunSummary
from nkdash_desktop.pipeline.sync import backfill, sync

FIRST = first_day(3)
CHILD = Path(__file__).with_name("crash_child.py")


@pytest.fixture(scope="module")
def odoo():
    with start_odoo(days=4) as srv:
        yield srv


def fingerprint(root: Path) -> dict[str, str]:
    """Every file of the lake and its content hash (state database included)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.endswith(("-shm", "-wal", ".lock"))
    }


def loaded(odoo, root: Path, first=FIRST + timedelta(days=1)) -> None:
    summary = backfill(context(odoo, root), first, END)
    assert isinstance(summary, RunSummary) and summary.status == "succeeded", summary.sentence


def test_missing_lake_folder_is_created_and_an_unreachable_one_is_named(odoo, tmp_path):
    root = tmp_path / "new drive" / "data-lake"  # nothing there yet: the first run makes it
    loaded(odoo, root, FIRST)
    assert_totals_equal(odoo, root, FIRST, END)
    # a drive letter that is gone cannot be made on Linux as root; a path through a file can't
    # be created either, and fails the same way (ENOTDIR instead of ENOENT)
    blocker = tmp_path / "not a folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(LakeStorageError) as err:
        backfill(context(odoo, blocker / "data-lake"), FIRST, END)
    assert str(err.value).startswith(f"The lake folder {blocker / 'data-lake'} is not reachable")
    assert blocker.read_text() == "a file where a folder should be"


def test_read_only_lake_is_one_sentence_and_untouched(odoo, tmp_path, memory_keyring, capsys):
    root = tmp_path / "lake"
    loaded(odoo, root)
    S.save(S.from_dict({"odoo": {"url": odoo.url, "database": odoo.db, "login": "admin"},
                        "lake": {"root": str(root)}}))  # fmt: skip
    store_secret(odoo.url, odoo.db, "admin", KEY)  # as `nkdash login` does
    before = fingerprint(root)
    with read_only(root) as how:
        with pytest.raises(LakeStorageError) as err:
            sync(context(odoo, root), as_of=END + timedelta(days=1), first_day=FIRST)
        assert "cannot be written (read-only or no permission)" in str(err.value)
        assert main(["backfill", "--start", FIRST.isoformat(), "--end", END.isoformat()]) == 1
        shown = capsys.readouterr().err
        assert shown.startswith(f"error: The lake folder {root} cannot be written"), shown
        assert "Traceback" not in shown and "Errno" not in shown
    assert fingerprint(root) == before, how
    loaded(odoo, root, FIRST)  # writable again: the next run completes
    assert_totals_equal(odoo, root, FIRST, END)
    print(f"\nread-only lake made with: {how}")


def test_full_disk_stops_the_run_loses_nothing_and_heals(odoo, tmp_path):
    root = tmp_path / "small disk"
    with small_disk(root, size_kb=4096) as mounted:
        lake = root / "lake"
        loaded(odoo, lake)
        before = assert_sound(lake)
        argv = [sys.executable, str(CHILD), odoo.url, odoo.db, str(lake), FIRST.isoformat(),
                END.isoformat(), "run"]  # fmt: skip
        ballast = fill(root, leave_bytes=64_000) if mounted else None
        if not mounted:
            argv.append("20000")  # no tmpfs here: files over 20 kB fail as on a full disk
        child = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        result = json.loads(child.stdout.strip().splitlines()[-1])
        assert result["status"] in ("failed", "raised"), result
        # SQLite cannot tell a file-size limit from a failing disk: it says "disk I/O error"
        full = f"The disk holding the lake folder {lake} is full"
        io_error = f"The lake folder {lake} could not be written (disk I/O error)"
        said = result["sentence"]
        assert full in said or (not mounted and io_error in said), result
        assert "Errno" not in result["sentence"]
        assert assert_sound(lake, ended=False) >= before  # every file still reads in full
        assert_totals_equal(odoo, lake, FIRST + timedelta(days=1), END)  # nothing lost
        if ballast:
            ballast.unlink()  # the operator frees some space
        loaded(odoo, lake, FIRST)
        assert_sound(lake)
        assert_totals_equal(odoo, lake, FIRST, END)
        if result["status"] == "failed":  # it got as far as the history: it ended there
            with StateDB(LakeLayout(lake).metadata) as state:
                assert state.runs()[1].status in ("failed", "interrupted")
    print(f"\nfull disk made with: {'a 4 MB tmpfs' if mounted else 'RLIMIT_FSIZE'}")
