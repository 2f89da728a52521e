"""Moving the lake to a new folder: copy, verify, switch, remove the old one; refused while a
run holds the writer lock or when the new folder cannot be written. A real lake (the demo's,
built by the real engine) on real files."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import demo_lake
import pytest

from nkdash_desktop.lake.layout import METADATA
from nkdash_desktop.lake.lock import WriterLock
from nkdash_desktop.lake.relocate import (
    LakeMoveError,
    check_folder,
    has_lake,
    lake_size,
    move_lake,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    demo_lake.server()
    return demo_lake.built_lake(tmp_path_factory.getbasetemp())


@pytest.fixture
def lake(built, tmp_path) -> Path:
    return demo_lake.copy_lake(built, tmp_path / "old lake")


def fingerprint(root: Path) -> dict[str, str]:
    """Every file's content hash by relative path (the move's own lock files excluded)."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in ("metadata/writer.lock", "metadata/writer.json"):
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder this process cannot create files in, whoever runs the tests: root ignores
    permission bits, so there it is a place under /proc (no files can be made there)."""
    if sys.platform == "win32":
        folder = tmp_path / "read-only"
        folder.mkdir()
        # a deny entry binds administrators too (the read-only attribute does not, on folders)
        subprocess.run(
            ["icacls", str(folder), "/deny", "*S-1-1-0:(OI)(CI)(W,AD,WD)"],
            check=True,
            capture_output=True,
        )
        return folder / "lake"
    if os.geteuid() == 0:
        return Path("/proc/nkdash-lake-test/lake")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder / "lake"


def test_move_copies_verifies_switches_and_removes_the_old_lake(lake, tmp_path):
    before = fingerprint(lake)
    assert len(before) > 50  # a real lake: raw, clean, star schema, state database
    target = tmp_path / "new place" / "lake"
    switched: list[bool] = []
    steps: list[tuple[int, int]] = []

    def switch() -> None:  # the copy is complete and verified by the time it is called
        assert fingerprint(target) == before
        switched.append(True)

    result = move_lake(lake, target, switch, progress=lambda d, t: steps.append((d, t)))
    assert switched == [True]
    assert fingerprint(target) == before
    assert not lake.exists()
    assert result.old_removed and result.files == len(before)
    assert result.bytes == lake_size(target)
    assert steps[-1][0] == steps[-1][1] == 2 * result.bytes  # copy, then verify
    assert "Moved the lake" in result.sentence


def test_refused_while_a_run_holds_the_lock(lake, tmp_path):
    before = fingerprint(lake)
    target = tmp_path / "new"
    busy = "cannot be moved now: a run is already in progress"
    with (
        WriterLock(lake / METADATA, owner="cli", description="sync"),
        pytest.raises(LakeMoveError, match=busy),
    ):
        move_lake(lake, target, lambda: pytest.fail("must not switch"))
    assert not target.exists()
    assert fingerprint(lake) == before


def test_refused_when_the_target_is_not_writable(lake, tmp_path):
    target = unwritable_folder(tmp_path)
    check = check_folder(target)
    assert not check.ok and "cannot write to" in check.sentence
    with pytest.raises(LakeMoveError, match="cannot write to"):
        move_lake(lake, target, lambda: pytest.fail("must not switch"))
    assert has_lake(lake)
    assert not target.exists()


def test_refused_into_itself_or_a_non_empty_folder(lake, tmp_path):
    with pytest.raises(LakeMoveError, match="apart from the current one"):
        move_lake(lake, lake / "inner", lambda: None)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(LakeMoveError, match="must be empty"):
        move_lake(lake, busy, lambda: None)
    assert (busy / "notes.txt").read_text() == "mine"


def test_a_failed_switch_keeps_the_old_lake_and_drops_the_copy(lake, tmp_path):
    before = fingerprint(lake)
    target = tmp_path / "empty target"
    target.mkdir()  # existed before: stays, empty

    def switch() -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        move_lake(lake, target, switch)
    assert fingerprint(lake) == before
    assert target.is_dir() and not any(target.iterdir())
    # the lock was released: a run can start on the old lake
    with WriterLock(lake / METADATA):
        pass


def test_folder_check_sentences(tmp_path):
    ok = check_folder(tmp_path / "a" / "b")
    assert ok.ok and ok.sentence.startswith("Writable,") and ok.free_bytes
    assert not (tmp_path / "a").exists()  # the check leaves no trace
    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert check_folder(a_file).sentence.endswith("is a file, not a folder.")
    assert "not a full path" in check_folder("relative/lake").sentence
    assert check_folder("").sentence == "Choose a folder for the lake."
    huge = check_folder(tmp_path, need_bytes=shutil.disk_usage(tmp_path).free * 2)
    assert not huge.ok and huge.sentence.startswith("Not enough free space")
