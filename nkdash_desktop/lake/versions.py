"""Published files that readers can never see torn: each new version of a star-schema file also
gets an immutable hidden name, and the catalog reads those names.

Why: DuckDB reads a Parquet file's footer when it binds a query and opens the path again to
scan it. An atomic `os.replace` between the two hands it the new file with the old footer
("Prefetch registered for bytes outside file", "TProtocolException: Invalid data"). A path
whose content never changes cannot be torn, so:

- the writer writes the new content to a temp file, hard-links it as `.v-<stamp>.parquet`
  beside the destination, then replaces `data.parquet` with it (same inode, two names);
- `current_version(dest)` is the version that shares `data.parquet`'s inode (linked on the spot
  for a file that has none, e.g. in a copied lake): what the catalog binds its views to until
  its next refresh;
- superseded versions stay for `RETENTION_S` seconds (so views bound before a reload keep working) and
  are pruned by the next publish in that folder, or by the next writer run (`prune_tree`): a
  month that is never written again (after a profit rebuild, most of them) must not keep its
  old copy for good.

`data.parquet` stays the plain, current file for every other reader (Polars, Power Query,
Spark, which also skip dotfiles). Where hard links are unsupported (FAT, some network shares)
the writer only replaces the file and readers fall back to `data.parquet`.
"""

from __future__ import annotations

import itertools
import logging
import os
import time
from pathlib import Path

import polars as pl

from nkdash_desktop.lake.files import atomic_path, write_parquet

log = logging.getLogger(__name__)

VERSION_PREFIX = ".v-"
RETENTION_S = 15 * 60


def _stamp(version: Path) -> int:
    return int(version.stem.removeprefix(VERSION_PREFIX))


def versions(folder: Path) -> list[Path]:
    """A folder's versions, oldest first."""
    found = folder.glob(f"{VERSION_PREFIX}*.parquet")
    return sorted((v for v in found if v.stem.removeprefix(VERSION_PREFIX).isdigit()), key=_stamp)


def _link_version(source: Path, folder: Path) -> Path | None:
    """Give `source`'s content an immutable version name in `folder` (None: not possible)."""
    existing = versions(folder)
    stamp = max(time.time_ns(), _stamp(existing[-1]) + 1 if existing else 0)
    version = folder / f"{VERSION_PREFIX}{stamp:020d}.parquet"
    try:
        os.link(source, version)
    except OSError as exc:  # no hard links here (or a concurrent link took the name)
        log.debug("no version link in %s: %s", folder, exc)
        return None
    return version


def prune(folder: Path, now_ns: int | None = None) -> int:
    """Remove versions superseded more than RETENTION_S ago; returns how many."""
    now_ns = now_ns or time.time_ns()
    found = versions(folder)
    removed = 0
    for old, newer in itertools.pairwise(found):
        if now_ns - _stamp(newer) > RETENTION_S * 1_000_000_000:
            old.unlink(missing_ok=True)
            removed += 1
    return removed


def prune_tree(root: Path, now_ns: int | None = None) -> int:
    """`prune` every folder under `root` that holds versions (a writer run's start); returns
    how many were removed."""
    folders = {v.parent for v in root.rglob(f"{VERSION_PREFIX}*.parquet")}
    return sum(prune(folder, now_ns) for folder in folders)


def publish_frame(frame: pl.DataFrame, dest: Path) -> Path:
    """Write `frame` as the new content of `dest`: atomically, and under an immutable name."""
    with atomic_path(dest) as tmp:
        write_parquet(frame, tmp)
        _link_version(tmp, dest.parent)
    prune(dest.parent)
    return dest


def current_version(dest: Path) -> Path | None:
    """The immutable name of `dest`'s current content; None when `dest` does not exist.

    A file without a matching version (a copied or restored lake, or an older writer) gets one
    now; where that is impossible (read-only, no hard links) the answer is `dest` itself."""
    try:
        current = os.stat(dest)
    except FileNotFoundError:
        return None
    if current.st_ino == 0:  # no file identity on this filesystem: cannot match a version
        return dest
    for version in reversed(versions(dest.parent)):
        try:
            if os.path.samestat(current, os.stat(version)):
                return version
        except FileNotFoundError:
            continue  # pruned meanwhile
    # if a writer replaced dest meanwhile, the new link holds its new (complete) content
    return _link_version(dest, dest.parent) or dest
