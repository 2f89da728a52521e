"""One app per user: the first launch holds a lock file and listens on a local socket; a second
launch tells it to show its window (or, `--quit`, to quit), then exits.

The name is per user and per settings folder (NKDASH_HOME gives a portable or test copy its
own). The lock decides who is first: on Windows two QLocalServers can listen on the same pipe
name (Qt documents it), so two quick double-clicks would otherwise both start an app. The lock
file holds its owner's process id: a crashed instance's lock is taken over (QLockFile checks the
process is gone), and so is a Unix socket file it left behind. On Windows the first instance also
holds the named mutex the installer's AppMutex looks for.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import sys
import time

from PySide6.QtCore import QDir, QLockFile, QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from nkdash_desktop.paths import app_paths

log = logging.getLogger(__name__)
SHOW = b"show\n"
QUIT = b"quit\n"
CONNECT_MS = 1000
READ_MS = 500
# how long a launch that lost the lock waits for the winner to start listening
HANDOVER_S = 15.0
# the installer's AppMutex (build/installer.iss): present while any NK Dash window app runs
WINDOWS_MUTEX = "NKDashDesktopRunning"


def server_name() -> str:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment: the folder still differs
        user = "user"
    folder = str(app_paths().config_dir.resolve())
    digest = hashlib.sha256(folder.encode("utf-8")).hexdigest()[:12]
    safe = "".join(c for c in user if c.isalnum())[:24] or "user"
    return f"nkdash-desktop-{safe}-{digest}"


def lock_path(name: str) -> str:
    """The lock file beside the temporary files of this user (per user on Windows and Linux)."""
    return QDir(QDir.tempPath()).filePath(f"{name}.lock")


def tell_running_instance(name: str, message: bytes = SHOW) -> bool:
    """Send `message` (show the window, or quit) to the instance listening on `name`; False when
    none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(message)
    socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(CONNECT_MS)
    return True


class SingleInstance(QObject):
    """`claim()` once at start: True for the first instance (which then emits `activated`
    whenever a later launch asks, `quit_requested` on `--quit`), False when another instance was
    told to show itself."""

    activated = Signal()
    quit_requested = Signal()

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.server: QLocalServer | None = None
        self.lock = QLockFile(lock_path(self.name))
        self.lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._mutex: int | None = None

    def claim(self) -> bool:
        if not self.lock.tryLock(0):
            # another launch holds the lock: it is running, or starting right now
            deadline = time.monotonic() + HANDOVER_S
            while not tell_running_instance(self.name):
                if time.monotonic() > deadline:
                    log.warning("another NK Dash holds %s but does not answer", self.lock)
                    return False
                time.sleep(0.1)
            log.info("another NK Dash is running: asked it to show its window")
            return False
        self._hold_windows_mutex()
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # this user only
        if not server.listen(self.name):
            if server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
                # no socket for us (odd file system, permissions): the app still runs, alone
                log.warning("single-instance socket unavailable: %s", server.errorString())
                return True
            log.info("removing the socket a crashed instance left behind")
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                log.warning("single-instance socket unavailable: %s", server.errorString())
                return True
        server.newConnection.connect(self._accept)
        self.server = server
        return True

    def _accept(self) -> None:
        assert self.server is not None
        while (socket := self.server.nextPendingConnection()) is not None:
            # the caller writes its line right after connecting: a short wait, no callbacks
            # left on a socket that may be gone by the time they would run
            if socket.bytesAvailable() or socket.waitForReadyRead(READ_MS):
                data = bytes(socket.readAll().data())
            else:
                data = b""
            socket.abort()
            socket.deleteLater()
            if QUIT.strip() in data:
                self.quit_requested.emit()
            elif SHOW.strip() in data:
                self.activated.emit()

    def close(self) -> None:
        if self.server is not None:
            self.server.close()  # removes the socket file too
            self.server = None
        if self.lock.isLocked():
            self.lock.unlock()
        if self._mutex is not None:
            import ctypes

            ctypes.WinDLL("kernel32").CloseHandle(self._mutex)  # type: ignore[attr-defined]
            self._mutex = None

    def _hold_windows_mutex(self) -> None:
        """Windows: the named mutex the installer waits on (it outlives nothing: the system
        drops it with the process)."""
        if sys.platform != "win32":
            return
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        kernel32.CreateMutexW.restype = ctypes.c_void_p
        self._mutex = kernel32.CreateMutexW(None, False, WINDOWS_MUTEX) or None


def quit_running_instances() -> int:
    """`--quit` (the installer before an upgrade or uninstall): ask the app, and the demo app,
    of this user to quit cleanly, as its tray menu's Quit does; 0 when one was told, 1 if none
    was running."""
    told = [tell_running_instance(name, QUIT) for name in (server_name(), server_name() + "-demo")]
    return 0 if any(told) else 1
