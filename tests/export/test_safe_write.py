"""Writing is atomic: an interrupted export leaves the previous file whole and no temp file; a
target open in another program (Excel, on Windows) is a clear, typed error."""

from __future__ import annotations

import os
import stat
import tempfile

import polars as pl
import pytest

from nkdash_desktop.kpi.excel import ExportError, ExportFileLockedError, export_frame
from nkdash_desktop.kpi.excel import book as book_module
from nkdash_desktop.kpi.excel import rows as rows_module

LOCKED = "report.xlsx is open in another program (Excel?): close it or choose another name"


@pytest.fixture
def previous(tmp_path):
    """A report already written, whose bytes must survive a failed export."""
    path = tmp_path / "report.xlsx"
    export_frame(pl.DataFrame({"day": [1, 2]}), path, title="Before")
    return path, path.read_bytes()


def big() -> pl.DataFrame:
    return pl.DataFrame({"n": range(3 * rows_module.CHUNK_ROWS), "text": "a product name"})


def test_a_failure_mid_write_leaves_the_previous_file_and_no_temp(previous, monkeypatch):
    path, before = previous
    real = rows_module.row_xml

    def fails_after_one_chunk(*args, **kwargs):
        chunks = real(*args, **kwargs)
        yield next(chunks)
        # the half-written file is a temp file beside the target, never the target
        assert [p.name[:5] for p in path.parent.iterdir() if p != path] == [".tmp-"]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(book_module, "row_xml", fails_after_one_chunk)
    with pytest.raises(OSError, match="No space left"):
        export_frame(big(), path, title="After")
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["report.xlsx"]


def test_a_file_open_in_excel_is_a_typed_error(previous, monkeypatch):
    path, before = previous

    def refused(src, dst):  # what Windows does while Excel holds the file
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(ExportFileLockedError) as caught:
        export_frame(big(), path, title="After")
    assert str(caught.value) == caught.value.sentence == LOCKED
    assert caught.value.path == path
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["report.xlsx"]


def test_a_locked_file_is_refused_before_the_work(previous, monkeypatch):
    """Windows refuses to open a file Excel holds; the export says so before writing."""
    path, before = previous
    real_open = os.open

    def open_refused(name, flags, *args):
        if os.fspath(name) == os.fspath(path) and flags & os.O_WRONLY:
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, flags, *args)

    def never(*args, **kwargs):
        raise AssertionError("nothing may be written")

    monkeypatch.setattr(os, "open", open_refused)
    monkeypatch.setattr(tempfile, "mkstemp", never)
    with pytest.raises(ExportFileLockedError, match="open in another program"):
        export_frame(pl.DataFrame({"a": [1]}), path, title="After")
    assert path.read_bytes() == before


def test_a_folder_without_write_permission_is_a_clear_error(tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(ExportError, match=f"cannot write in {tmp_path}: permission denied"):
        export_frame(pl.DataFrame({"a": [1]}), tmp_path / "new.xlsx", title="New")
    assert list(tmp_path.iterdir()) == []


def test_a_new_file_is_an_ordinary_document(previous, tmp_path):
    path, _ = previous
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not the temp file's private 0600
    path.chmod(0o664)
    export_frame(pl.DataFrame({"a": [1]}), path, title="Again")
    assert stat.S_IMODE(path.stat().st_mode) == 0o664  # a replaced file keeps its mode
