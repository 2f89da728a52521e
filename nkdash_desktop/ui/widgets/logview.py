"""The live log of the Runs tab: a logging handler keeping a bounded tail of formatted records
and passing new ones to the UI thread, and the read-only view showing them."""

from __future__ import annotations

import logging
import time
from collections import deque
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from nkdash_desktop.logsetup import RedactingFilter

TAIL_LINES = 1000
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def _ours_or_warnings(record: logging.LogRecord) -> bool:
    """The app's own records, and only the warnings of libraries (httpx logs every request)."""
    return record.name.startswith("nkdash_desktop") or record.levelno >= logging.WARNING


class _Emitter(QObject):
    line = Signal(str)


class LogTail(logging.Handler):
    """Keeps the last `size` lines; `emitter.line` carries each new one to the UI thread (a
    queued signal: records arrive from worker threads)."""

    def __init__(
        self, size: int = TAIL_LINES, level: int = logging.INFO, timezone: str | None = None
    ) -> None:
        super().__init__(level)
        self.lines: deque[str] = deque(maxlen=size)
        self.emitter = _Emitter()
        self.setFormatter(logging.Formatter(FORMAT, "%H:%M:%S"))
        self.set_timezone(timezone)
        self.addFilter(_ours_or_warnings)
        self.addFilter(RedactingFilter())

    def set_timezone(self, timezone: str | None) -> None:
        """Time the lines in the Odoo timezone, like the run history next to the log (None:
        the computer's)."""
        formatter = self.formatter
        assert formatter is not None
        if timezone is None:
            formatter.converter = time.localtime
            return
        zone = ZoneInfo(timezone)
        formatter.converter = lambda seconds: datetime.fromtimestamp(seconds, zone).timetuple()  # type: ignore[assignment,method-assign]

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # a broken record must not break the worker that logged it
            self.handleError(record)
            return
        self.lines.append(line)
        self.emitter.line.emit(line)

    def clear(self) -> None:
        self.lines.clear()

    def attach(self, logger: logging.Logger | None = None) -> None:
        target = logger or logging.getLogger()
        if target.level > self.level or target.level == logging.NOTSET:
            target.setLevel(self.level)  # the root logger starts at WARNING
        target.addHandler(self)

    def detach(self, logger: logging.Logger | None = None) -> None:
        (logger or logging.getLogger()).removeHandler(self)


class LogView(QPlainTextEdit):
    def __init__(self, tail: LogTail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setMaximumBlockCount(tail.lines.maxlen or TAIL_LINES)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setPlaceholderText(self.tr("The log of the current run appears here."))
        self.tail = tail
        for line in tail.lines:
            self.appendPlainText(line)
        tail.emitter.line.connect(self.appendPlainText)

    def restart(self) -> None:
        """A new run: start from an empty log."""
        self.tail.clear()
        self.clear()
