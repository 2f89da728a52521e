"""Immutable versions of published star-schema files."""

from __future__ import annotations

import os
import shutil
import time

import polars as pl
import pytest

from nkdash_desktop.lake import files, versions
from nkdash_desktop.lake.versions import current_version, prune, publish_frame


def frame(n: int) -> pl.DataFrame:
    return pl.DataFrame({"id": list(range(n))})


def test_each_publish_adds_an_immutable_version_of_the_current_content(tmp_path):
    dest = tmp_path / "month=2026-01" / "data.parquet"
    publish_frame(frame(2), dest)
    first = current_version(dest)
    publish_frame(frame(3), dest)
    second = current_version(dest)
    assert first != second and first is not None and second is not None
    assert os.path.samefile(second, dest)
    assert pl.read_parquet(first).height == 2  # the old version is still readable
    assert pl.read_parquet(second).height == 3
    assert versions.versions(dest.parent) == [first, second]


def test_versions_superseded_long_ago_are_pruned(tmp_path):
    dest = tmp_path / "data.parquet"
    for n in range(3):
        publish_frame(frame(n), dest)
    assert len(versions.versions(tmp_path)) == 3
    later = time.time_ns() + (versions.RETENTION_S + 1) * 1_000_000_000
    assert prune(tmp_path, now_ns=later) == 2
    assert versions.versions(tmp_path) == [current_version(dest)]


def test_a_copied_lake_gets_versions_when_read(tmp_path):
    dest = tmp_path / "a" / "data.parquet"
    publish_frame(frame(2), dest)
    shutil.copytree(tmp_path / "a", tmp_path / "b")  # copies do not keep hard links
    copied = tmp_path / "b" / "data.parquet"
    version = current_version(copied)
    assert version is not None and version != copied and os.path.samefile(version, copied)


def test_without_hard_links_the_file_itself_is_read(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("hard links are not supported here")

    monkeypatch.setattr(os, "link", refuse)
    dest = tmp_path / "data.parquet"
    publish_frame(frame(2), dest)
    assert versions.versions(tmp_path) == []
    assert current_version(dest) == dest and pl.read_parquet(dest).height == 2
    assert current_version(tmp_path / "missing.parquet") is None


def test_a_failed_publish_keeps_the_previous_file(tmp_path, monkeypatch):
    dest = tmp_path / "data.parquet"
    publish_frame(frame(2), dest)

    def crash(self, file, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", crash)
    with pytest.raises(OSError):
        publish_frame(frame(5), dest)
    assert pl.read_parquet(dest).height == 2
    assert pl.read_parquet(current_version(dest)).height == 2


def test_a_replace_refused_for_a_moment_is_retried_where_windows_does_that(tmp_path, monkeypatch):
    dest = tmp_path / "data.parquet"
    publish_frame(frame(2), dest)
    real_replace, refusals = os.replace, []

    def held_open(src, dst):
        if len(refusals) < 2:
            refusals.append(dst)
            raise PermissionError(13, "The process cannot access the file", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(files.time, "sleep", lambda s: None)
    monkeypatch.setattr(files.os, "replace", held_open)
    monkeypatch.setattr(files, "RETRY_REFUSED_REPLACE", True)
    publish_frame(frame(3), dest)
    assert len(refusals) == 2 and pl.read_parquet(dest).height == 3
    refusals.clear()
    monkeypatch.setattr(files, "RETRY_REFUSED_REPLACE", False)  # elsewhere: a real error
    with pytest.raises(PermissionError):
        publish_frame(frame(4), dest)
    assert pl.read_parquet(dest).height == 3


def test_prune_tree_prunes_every_folder_that_holds_versions(tmp_path):
    """A month never written again keeps no old copy for good: the next writer run prunes
    every folder (a profit rebuild supersedes every month once)."""
    months = [tmp_path / "t" / f"month=2026-0{m}" / "data.parquet" for m in (1, 2)]
    for dest in months:
        publish_frame(frame(1), dest)
        publish_frame(frame(2), dest)
    assert [len(versions.versions(d.parent)) for d in months] == [2, 2]
    assert versions.prune_tree(tmp_path) == 0  # superseded just now: kept for the readers
    later = time.time_ns() + (versions.RETENTION_S + 1) * 1_000_000_000
    assert versions.prune_tree(tmp_path, now_ns=later) == 2
    assert [versions.versions(d.parent) for d in months] == [[current_version(d)] for d in months]
