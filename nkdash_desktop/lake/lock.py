"""One writer at a time: the app and the CLI are separate processes that may start together.

The lock is an OS file lock on `metadata/writer.lock` (flock on POSIX, a byte-range lock on
Windows), held for the whole run. The OS drops it when the holder's process dies, however it dies,
so a crash never leaves the lake locked. `metadata/writer.json` only says who holds the lock, for
the message a second writer gets; it is advisory, and after a crash it is stale: it is ignored
unless the lock is actually held, and overwritten by the next holder.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from nkdash_desktop.errors import OperatorError
from nkdash_desktop.i18n import QT_TRANSLATE_NOOP, translate

LOCK_FILE = "writer.lock"
SIDECAR_FILE = "writer.json"
_POLL_S = 0.05
# A holder writes the sidecar just after it takes the lock: a second writer that finds the lock
# held but no live holder named waits this long for the name before giving a generic message.
_SIDECAR_GRACE_S = 0.5
_OWNER_NAMES = {
    "app": QT_TRANSLATE_NOOP("LakeErrors", "the app"),
    "cli": QT_TRANSLATE_NOOP("LakeErrors", "the CLI"),
}


def host_name() -> str:
    """This computer's name as the operator knows it (OFFICE-PC on Windows)."""
    return socket.gethostname()


if sys.platform == "win32":
    import ctypes
    import msvcrt

    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    _kernel32.OpenProcess.restype = ctypes.c_void_p
    _kernel32.GetExitCodeProcess.argtypes = (ctypes.c_void_p, ctypes.POINTER(ctypes.c_ulong))
    _kernel32.CloseHandle.argtypes = (ctypes.c_void_p,)

    def pid_alive(pid: int) -> bool:
        """Whether a process with this id is running on this computer."""
        query_limited_information, still_active, access_denied = 0x1000, 259, 5
        if pid <= 0:
            return False
        handle = _kernel32.OpenProcess(query_limited_information, False, pid)
        if not handle:
            # access denied means it exists (another user's process); anything else: gone
            return ctypes.get_last_error() == access_denied
        try:
            code = ctypes.c_ulong()
            if not _kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == still_active
        finally:
            _kernel32.CloseHandle(handle)

    def _try_lock(fd: int) -> bool:
        # Byte-range locks are per handle, so two handles in one process exclude each other too.
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def pid_alive(pid: int) -> bool:
        """Whether a process with this id is running on this computer."""
        if pid <= 0:
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # exists, owned by another user
            return True
        return True

    def _try_lock(fd: int) -> bool:
        # flock belongs to the open file description: each WriterLock opens its own, so two
        # objects in one process exclude each other like two processes do.
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Holder:
    """Who holds (or last held) the writer lock, as written in the sidecar."""

    pid: int
    host: str
    owner: str
    started_at: str  # ISO-8601 UTC
    description: str = ""

    @classmethod
    def current(cls, owner: str, description: str) -> Holder:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        return cls(os.getpid(), host_name(), owner, now, description)

    def started_local(self) -> str:
        """The start time on the operator's clock, to the minute."""
        try:
            started = datetime.fromisoformat(self.started_at)
        except ValueError:
            return self.started_at
        if started.tzinfo is None:
            started = started.replace(tzinfo=UTC)
        return started.astimezone().strftime("%Y-%m-%d %H:%M")

    def maybe_alive(self) -> bool:
        """False only when it surely is not: a process of this computer that has exited."""
        return self.host != host_name() or pid_alive(self.pid)


class LakeBusyError(OperatorError, RuntimeError):
    """Another run holds the writer lock."""

    def __init__(self, holder: Holder | None) -> None:
        self.holder = holder
        if holder is None:
            message = translate(
                "LakeErrors", "a run is already in progress (started by another NK Dash process)"
            )
        else:
            if holder.owner in _OWNER_NAMES:
                who = translate("LakeErrors", _OWNER_NAMES[holder.owner])
            else:
                who = translate("LakeErrors", "the {owner}").format(owner=holder.owner)
            message = translate(
                "LakeErrors",
                "a run is already in progress (started {when} by {who}, pid {pid} on {host})",
            ).format(when=holder.started_local(), who=who, pid=holder.pid, host=holder.host)
        super().__init__(message)  # shown to the operator as is, like the Odoo errors


def read_sidecar(metadata_dir: Path) -> Holder | None:
    """The sidecar's holder, or None when it is missing or unreadable. It may be stale."""
    try:
        data = json.loads((Path(metadata_dir) / SIDECAR_FILE).read_text(encoding="utf-8"))
        return Holder(
            pid=int(data["pid"]),
            host=str(data["host"]),
            owner=str(data["owner"]),
            started_at=str(data["started_at"]),
            description=str(data.get("description", "")),
        )
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _write_sidecar(metadata_dir: Path, holder: Holder) -> None:
    # temp file + replace: a reader sees the previous sidecar or this one, never half of it
    fd, tmp = tempfile.mkstemp(prefix=".tmp-writer-", suffix=".json", dir=metadata_dir)
    try:
        if os.name == "posix":  # mkstemp makes it private; other users' CLI must read it too
            os.fchmod(fd, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(holder), fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        for attempt in range(20):
            try:
                os.replace(tmp, Path(metadata_dir) / SIDECAR_FILE)
                break
            except PermissionError:  # Windows: a reader has the old sidecar open right now
                if attempt == 19:
                    raise
                time.sleep(_POLL_S)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class WriterLock:
    """The lake's single-writer lock; use as a context manager or acquire()/release().

    Not reentrant: a second acquire() while held raises. Non-blocking by default; `wait_s` waits
    up to that many seconds for the current run to finish.
    """

    def __init__(
        self,
        metadata_dir: Path,
        owner: str = "app",
        description: str = "",
        wait_s: float = 0.0,
    ) -> None:
        self.metadata_dir = Path(metadata_dir)
        self.owner, self.description, self.wait_s = owner, description, wait_s
        self._fd: int | None = None

    @property
    def lock_path(self) -> Path:
        return self.metadata_dir / LOCK_FILE

    @property
    def sidecar_path(self) -> Path:
        return self.metadata_dir / SIDECAR_FILE

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, wait_s: float | None = None) -> WriterLock:
        if self._fd is not None:
            raise RuntimeError("this WriterLock is already held")
        wait = self.wait_s if wait_s is None else wait_s
        self.metadata_dir.mkdir(parents=True, exist_ok=True)
        # Never deleted: unlinking a lock file lets two processes lock two different files.
        # Python's fds are not inherited, so a process we spawn never holds our lock.
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o666)
        start = time.monotonic()
        try:
            while not _try_lock(fd):
                holder = read_sidecar(self.metadata_dir)
                named = holder is not None and holder.maybe_alive()
                waited = time.monotonic() - start
                if waited >= (wait if named else max(wait, _SIDECAR_GRACE_S)):
                    raise LakeBusyError(holder if named else None)
                time.sleep(_POLL_S)
            # Whatever the sidecar said belonged to a holder that is gone: ours replaces it.
            _write_sidecar(self.metadata_dir, Holder.current(self.owner, self.description))
        except BaseException:
            os.close(fd)  # closing also drops the lock if we had taken it
            raise
        self._fd = fd
        return self

    def release(self) -> None:
        """Release the lock; a no-op when not held."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            # Removed while still locked, so it never disappears under the next holder.
            with contextlib.suppress(OSError):
                self.sidecar_path.unlink(missing_ok=True)
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def current_holder(metadata_dir: Path) -> Holder | None:
    """Who is writing the lake now, or None when nobody is (a stale sidecar is ignored).

    Probes the lock for an instant; a writer starting at that same instant waits out the probe
    (see `_SIDECAR_GRACE_S`) rather than being refused.
    """
    metadata_dir = Path(metadata_dir)
    if not (metadata_dir / LOCK_FILE).exists():
        return None
    fd = os.open(metadata_dir / LOCK_FILE, os.O_RDWR)
    try:
        if _try_lock(fd):
            _unlock(fd)
            return None
    finally:
        os.close(fd)
    return read_sidecar(metadata_dir)
