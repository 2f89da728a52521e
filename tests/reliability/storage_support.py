"""A read-only or a full lake folder for real, as root (tests and CI run as root, where chmod
stops nothing).

- read-only: a read-only bind mount of the folder over itself; where mounting is not allowed
  (an unprivileged container), `chattr +i` on every folder of the lake (the immutable flag
  stops root too); not root at all: chmod a-w.
- full: a size-limited tmpfs mounted on the lake folder; where mounting is not allowed, the
  run goes to a child process under RLIMIT_FSIZE (writes past the limit fail with EFBIG, which
  the app treats as a full disk). The caller gets which mechanism it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NO_MOUNT = "NKDASH_TEST_NO_MOUNT"  # set to 1 to try the fallbacks on a machine that can mount


def _ok(*argv: str) -> bool:
    if argv[0] == "mount" and os.environ.get(NO_MOUNT) == "1":
        return False
    return subprocess.run(argv, capture_output=True).returncode == 0


def _folders(root: Path) -> list[Path]:
    return [root, *(p for p in root.rglob("*") if p.is_dir())]


@contextmanager
def read_only(root: Path) -> Iterator[str]:
    """`root` cannot be written while inside; yields the mechanism used."""
    if _ok("mount", "--bind", str(root), str(root)):
        try:
            if _ok("mount", "-o", "remount,ro,bind", str(root)):
                yield "read-only bind mount"
                return
        finally:
            _ok("umount", str(root))
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in _folders(root)}
        for p in modes:
            p.chmod(modes[p] & ~0o222)
        try:
            yield "chmod a-w"
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    folders = [str(p) for p in _folders(root)]
    assert _ok("chattr", "+i", *folders), "no way to make a folder read-only here"
    try:
        yield "chattr +i"
    finally:
        _ok("chattr", "-i", *folders)


@contextmanager
def small_disk(root: Path, size_kb: int) -> Iterator[bool]:
    """A `size_kb` filesystem mounted on the (empty or new) folder `root`; yields False when
    mounting is not allowed here (then use the RLIMIT_FSIZE child, see crash_child.py)."""
    root.mkdir(parents=True, exist_ok=True)
    if not _ok("mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(root)):
        yield False
        return
    try:
        yield True
    finally:
        _ok("umount", str(root))


def fill(folder: Path, leave_bytes: int) -> Path:
    """A ballast file taking all but about `leave_bytes` of the filesystem's free space."""
    free = shutil.disk_usage(folder).free
    ballast = folder / "ballast.bin"
    with open(ballast, "wb") as fh:
        fh.truncate(0)
        chunk = b"\0" * 65536
        remaining = max(0, free - leave_bytes)
        while remaining > 0:
            fh.write(chunk[: min(len(chunk), remaining)])
            remaining -= len(chunk)
    return ballast
