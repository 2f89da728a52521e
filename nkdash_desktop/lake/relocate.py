"""Choosing a lake folder and moving an existing lake there, safely.

A move is: take the old lake's writer lock (so no run writes while we copy, and none is running
now), copy every file, verify each copy (size and BLAKE2 hash), switch (the caller saves the
new folder in the settings), and only then remove the old folder. A failure before the switch
removes the partial copy and leaves the old lake untouched and in use. Plain Python, no Qt: the
Settings dialog runs it in a worker thread.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.numbers import format_decimal

from nkdash_desktop.errors import OperatorError
from nkdash_desktop.i18n import current_locale, translate
from nkdash_desktop.lake.layout import METADATA
from nkdash_desktop.lake.lock import LOCK_FILE, SIDECAR_FILE, LakeBusyError, WriterLock

log = logging.getLogger(__name__)
CHUNK = 1 << 20
SPARE_BYTES = 200 * 2**20  # room left for the next months of syncs after the lake itself
# The lock and its sidecar belong to the running move, not to the lake: never copied.
_NOT_COPIED = {(METADATA, LOCK_FILE), (METADATA, SIDECAR_FILE)}

MoveProgress = Callable[[int, int], None]  # bytes done, bytes in all (copy, then verify)


class LakeMoveError(OperatorError):
    """Why a lake folder cannot be used or a move was refused; `sentence` is for the operator."""


def human_bytes(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            if unit == "bytes":
                return translate("LakeErrors", "{count} bytes").format(count=f"{n:.0f}")
            # the locale's decimal mark (1,5 GB in Indonesian); lake/ stands apart from kpi/
            return f"{format_decimal(round(n, 1), '0.0', locale=current_locale())} {unit}"
        n /= 1000
    return f"{n:.1f} TB"  # pragma: no cover (the loop returns)


@dataclass(frozen=True)
class FolderCheck:
    path: Path
    ok: bool
    sentence: str  # what is wrong, or what is there ("writable, 120.3 GB free")
    free_bytes: int | None = None


def _existing_ancestor(path: Path) -> Path | None:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return None


def _probe_writable(folder: Path) -> str | None:
    """Create and delete a file in `folder` (creating the folder if needed): the only test that
    also holds for root, network drives and Windows ACLs. None when it worked, else the reason.
    The folders it had to create are removed again: the check leaves no trace."""
    existing = _existing_ancestor(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".nkdash-probe-", dir=folder)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    finally:
        created = folder
        while created != existing and created != created.parent:
            try:
                created.rmdir()
            except OSError:
                break
            created = created.parent
    return None


def check_folder(path: Path | str, need_bytes: int = 0) -> FolderCheck:
    """Whether a lake can live in `path`: a folder (or a place one can be made) that this user
    can write, with room for `need_bytes` plus a margin."""
    text = str(path).strip()
    if not text:
        return FolderCheck(Path(), False, translate("LakeErrors", "Choose a folder for the lake."))
    folder = Path(text).expanduser()
    if not folder.is_absolute():
        said = translate("LakeErrors", '"{folder}" is not a full path: choose a folder.')
        return FolderCheck(folder, False, said.format(folder=folder))
    if folder.exists() and not folder.is_dir():
        said = translate("LakeErrors", '"{folder}" is a file, not a folder.')
        return FolderCheck(folder, False, said.format(folder=folder))
    ancestor = _existing_ancestor(folder)
    if ancestor is None or not ancestor.is_dir():
        said = translate("LakeErrors", '"{folder}" cannot be created: its drive is missing.')
        return FolderCheck(folder, False, said.format(folder=folder))
    reason = _probe_writable(folder)
    if reason is not None:
        said = translate("LakeErrors", 'NK Dash cannot write to "{folder}" ({reason}).')
        return FolderCheck(folder, False, said.format(folder=folder, reason=reason))
    free = shutil.disk_usage(_existing_ancestor(folder) or ancestor).free
    wanted = need_bytes + SPARE_BYTES
    if free < wanted:
        said = translate(
            "LakeErrors", 'Not enough free space in "{folder}": {free} free, {needed} needed.'
        )
        said = said.format(folder=folder, free=human_bytes(free), needed=human_bytes(wanted))
        return FolderCheck(folder, False, said, free)
    said = translate("LakeErrors", "Writable, {free} free.").format(free=human_bytes(free))
    return FolderCheck(folder, True, said, free)


def _lake_files(root: Path) -> Iterator[Path]:
    """Every file of the lake, relative to its root, in a stable order (no symlinks followed)."""
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        rel = Path(folder).relative_to(root)
        for name in sorted(files):
            if (str(rel), name) not in _NOT_COPIED:
                yield rel / name


def lake_size(root: Path | str) -> int:
    root = Path(root)
    if not root.is_dir():
        return 0
    return sum((root / rel).stat().st_size for rel in _lake_files(root))


def has_lake(root: Path | str) -> bool:
    """Whether there is something to move: any file besides the lock."""
    root = Path(root)
    return root.is_dir() and next(_lake_files(root), None) is not None


def _same_or_inside(a: Path, b: Path) -> bool:
    a, b = a.resolve(), b.resolve()
    return a == b or b in a.parents or a in b.parents


def _copy(src: Path, dst: Path, done: int, total: int, progress: MoveProgress | None) -> int:
    dst.parent.mkdir(parents=True, exist_ok=True)
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        while chunk := fin.read(CHUNK):
            fout.write(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
        fout.flush()
        os.fsync(fout.fileno())  # verified from disk, and still there after a power cut
    shutil.copystat(src, dst)
    return done


def _digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=32)
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class MoveResult:
    source: Path
    target: Path
    files: int
    bytes: int
    old_removed: bool

    @property
    def sentence(self) -> str:
        if self.old_removed:
            said = translate("LakeErrors", "Moved the lake ({files} files, {size}) to {target}.")
        else:
            said = translate(
                "LakeErrors",
                "Moved the lake ({files} files, {size}) to {target}. The old folder {source} "
                "could not be removed entirely: delete it.",
            )
        return said.format(
            files=self.files, size=human_bytes(self.bytes), target=self.target, source=self.source
        )


def move_lake(
    source: Path | str,
    target: Path | str,
    switch: Callable[[], None],
    *,
    progress: MoveProgress | None = None,
    owner: str = "app",
) -> MoveResult:
    """Move the lake in `source` to `target` (a new or empty folder). `switch()` is called once
    the copy is verified, to make `target` the lake in use (save the settings); the old folder
    is removed after it. Raises LakeMoveError (nothing changed) when refused or failed."""
    source, target = Path(source).expanduser(), Path(target).expanduser()
    if not has_lake(source):
        raise LakeMoveError(
            translate("LakeErrors", "There is no lake in {folder} to move.").format(folder=source)
        )
    if _same_or_inside(source, target):
        raise LakeMoveError(
            translate(
                "LakeErrors",
                "The new lake folder {target} must be apart from the current one ({source}), "
                "neither inside it nor containing it.",
            ).format(target=target, source=source)
        )
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise LakeMoveError(
            translate(
                "LakeErrors", "The new lake folder {target} must be empty or not exist yet."
            ).format(target=target)
        )
    lock = WriterLock(source / METADATA, owner=owner, description="lake move")
    try:
        lock.acquire()
    except LakeBusyError as exc:
        raise LakeMoveError(
            translate("LakeErrors", "The lake cannot be moved now: {reason}.").format(
                reason=exc.sentence
            )
        ) from None
    try:
        files = list(_lake_files(source))
        total = sum((source / rel).stat().st_size for rel in files)
        check = check_folder(target, total)
        if not check.ok:
            raise LakeMoveError(
                translate("LakeErrors", "The lake cannot be moved: {reason}").format(
                    reason=check.sentence
                )
            )
        created = not target.exists()
        try:
            done = 0
            for rel in files:
                done = _copy(source / rel, target / rel, done, 2 * total, progress)
            for rel in files:  # read back from the new drive, not from the cache of the copy
                if _digest(source / rel) != _digest(target / rel):
                    raise LakeMoveError(
                        translate(
                            "LakeErrors",
                            "The copy of {file} in {target} differs from the original: the move "
                            "was undone and the lake stays where it was.",
                        ).format(file=rel, target=target)
                    )
                done += (source / rel).stat().st_size
                if progress is not None:
                    progress(done, 2 * total)
        except OSError as exc:
            _undo_copy(target, created)
            raise LakeMoveError(
                translate(
                    "LakeErrors",
                    "The lake could not be copied to {target} ({reason}): the move was undone "
                    "and the lake stays where it was.",
                ).format(target=target, reason=exc.strerror or exc)
            ) from exc
        except BaseException:
            _undo_copy(target, created)
            raise
        try:
            switch()
        except BaseException:  # still on the old lake: the copy goes, the old lake stays
            _undo_copy(target, created)
            raise
        log.info("lake copied and verified: %s -> %s (%d files)", source, target, len(files))
        old_removed = _remove_old(source, keep_lock=True)
    finally:
        lock.release()
    old_removed = _remove_old(source, keep_lock=False) and old_removed
    return MoveResult(source, target, len(files), total, old_removed)


def _undo_copy(target: Path, created: bool) -> None:
    if created:
        shutil.rmtree(target, ignore_errors=True)
        return
    for child in target.iterdir():  # the folder was there (empty) before: keep it
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def _remove_old(source: Path, keep_lock: bool) -> bool:
    """Remove the old lake. While the lock is held its file stays (Windows cannot delete an
    open file); the second pass, after release, removes the rest. True when nothing is left
    (or, for the first pass, when nothing but the lock is left)."""
    lock_file = source / METADATA / LOCK_FILE
    failed: list[str] = []

    def onerror(_fn: object, path: str, _exc: object) -> None:
        failed.append(path)

    if not keep_lock:
        shutil.rmtree(source, onerror=onerror)
        if failed:
            log.warning("the old lake folder could not be removed entirely: %s", failed[:5])
        return not source.exists()
    for child in sorted(source.iterdir()):
        if child.is_dir() and child.name != METADATA:
            shutil.rmtree(child, onerror=onerror)
        elif child.is_file():
            try:
                child.unlink()
            except OSError:
                failed.append(str(child))
    for child in sorted((source / METADATA).iterdir()):
        if child == lock_file:
            continue
        if child.is_dir():
            shutil.rmtree(child, onerror=onerror)
        else:
            try:
                child.unlink()
            except OSError:
                failed.append(str(child))
    return not failed
