"""The lake's folder as storage: read-only, full or gone, said in one sentence.

A USB drive pulled out, a share mounted read-only or a full disk fail every write the same way,
so the runner stops at the first one (instead of failing every partition) and the operator
reads what to do, not "[Errno 28]" or SQLite's "cannot rollback".
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from nkdash_desktop.errors import OperatorError
from nkdash_desktop.i18n import translate

READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
GONE = {errno.ENOENT, errno.ENOTDIR, errno.ENODEV, errno.ENXIO}
NEARLY_FULL = 1_000_000  # bytes free under which an I/O error is taken for a full disk


class LakeStorageError(OperatorError, OSError):
    """The lake folder cannot be written; `sentence` says why and what to do. Still an OSError
    (with its errno) for the code that handles any failed write."""

    def __init__(self, sentence: str, errno_: int | None = None) -> None:
        OSError.__init__(self, errno_, sentence)  # OSError reads errno from its arguments
        self.sentence = sentence

    def __str__(self) -> str:
        return self.sentence


def storage_sentence(exc: BaseException, root: Path) -> str | None:
    """The sentence for a storage failure under `root`, or None when `exc` is something else."""
    if isinstance(exc, LakeStorageError):
        return exc.sentence
    code = getattr(exc, "errno", None)
    text = str(exc).lower()
    if isinstance(exc, sqlite3.Error):  # SQLite says it in words, not with an errno
        if "disk is full" in text or "disk full" in text:
            code = errno.ENOSPC
        elif "readonly" in text or "read-only" in text or "unable to open" in text:
            code = errno.EROFS if _read_only(root) else None
        elif "disk i/o error" in text:  # SQLite's word for a failed write, full disk included
            code = errno.ENOSPC if _free(root) < NEARLY_FULL else errno.EIO
    if code in FULL:
        return translate(
            "LakeErrors",
            "The disk holding the lake folder {folder} is full: free some space on it or move "
            "the lake to a larger drive in Settings; nothing already in the lake was lost.",
        ).format(folder=root)
    if code in READ_ONLY:
        return translate(
            "LakeErrors",
            "The lake folder {folder} cannot be written (read-only or no permission): check the "
            "drive or share and its permissions, or choose another folder in Settings.",
        ).format(folder=root)
    if code == errno.EIO:
        return translate(
            "LakeErrors",
            "The lake folder {folder} could not be written (disk I/O error): check that its "
            "disk is not full, failing or disconnected; nothing already in the lake was lost.",
        ).format(folder=root)
    if code in GONE and isinstance(exc, OSError) and not root.exists():
        return translate(
            "LakeErrors",
            "The lake folder {folder} is not reachable ({reason}): check that its drive is "
            "connected, or choose another folder in Settings.",
        ).format(folder=root, reason=os.strerror(code))
    return None


def _free(root: Path) -> int:
    try:
        return shutil.disk_usage(root).free
    except OSError:
        return 0


def _read_only(root: Path) -> bool:
    try:
        check_writable(root)
    except LakeStorageError:
        return True
    return False


def check_writable(root: Path) -> None:
    """Create the lake's metadata folder if needed and prove a file can be written there."""
    folder = root / "metadata"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-") as probe:
            probe.write(b"x")
            probe.flush()
    except OSError as exc:
        sentence = storage_sentence(exc, root) or translate(
            "LakeErrors", "The lake folder {folder} cannot be written: {reason}."
        ).format(folder=root, reason=exc.strerror or exc)
        raise LakeStorageError(sentence, exc.errno) from exc
