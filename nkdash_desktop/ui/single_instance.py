"""One app per user: the first launch listens on a local socket; a second launch tells it to
show its window, then exits.

The name is per user and per settings folder (NKDASH_HOME gives a portable or test copy its
own). A crashed instance can leave its Unix socket file behind: nobody answers on it, so it is
removed and taken over. Two launches racing at the same instant: only one can listen; the
other then finds it answering and hands over.
"""

from __future__ import annotations

import getpass
import hashlib
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from nkdash_desktop.paths import app_paths

log = logging.getLogger(__name__)
SHOW = b"show\n"
CONNECT_MS = 1000
READ_MS = 500


def server_name() -> str:
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment: the folder still differs
        user = "user"
    folder = str(app_paths().config_dir.resolve())
    digest = hashlib.sha256(folder.encode("utf-8")).hexdigest()[:12]
    safe = "".join(c for c in user if c.isalnum())[:24] or "user"
    return f"nkdash-desktop-{safe}-{digest}"


def tell_running_instance(name: str) -> bool:
    """Ask the instance listening on `name` to show its window; False when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(SHOW)
    socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(CONNECT_MS)
    return True


class SingleInstance(QObject):
    """`claim()` once at start: True for the first instance (which then emits `activated`
    whenever a later launch asks), False when another instance was told to show itself."""

    activated = Signal()

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.server: QLocalServer | None = None

    def claim(self) -> bool:
        if tell_running_instance(self.name):
            log.info("another NK Dash is running: asked it to show its window")
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # this user only
        if not server.listen(self.name):
            if server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
                # no socket for us (odd file system, permissions): the app still runs, alone
                log.warning("single-instance socket unavailable: %s", server.errorString())
                return True
            if tell_running_instance(self.name):  # it started just now, between our two steps
                return False
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
            if SHOW.strip() in data:
                self.activated.emit()

    def close(self) -> None:
        if self.server is not None:
            self.server.close()  # removes the socket file too
            self.server = None
