"""A text progress bar for long CLI work, fed by the engine's progress callback."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from nkdash_desktop.i18n import translate
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.names import dataset_name, stage_name
from nkdash_desktop.pipeline.control import Progress


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class ProgressBar:
    """Redraws one line on a terminal; prints a line every few seconds when piped."""

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.tty = self.stream.isatty()
        self._last = 0.0

    def __call__(self, p: Progress) -> None:
        now = time.monotonic()
        final = p.done >= p.total
        if not self.tty and not final and now - self._last < 5:
            return
        self._last = now
        filled = int(self.width * p.done / p.total) if p.total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        # the operator's words, as the app's status bar says them ("POS sales 01 Dec 2026:
        # saving"), not the datasets' and stages' code names
        day = fmt.day(p.day) if p.day else translate("Cli", "snapshot")
        where = f"{dataset_name(p.dataset)} {day}: {stage_name(p.stage)}"
        line = f"[{bar}] {p.done}/{p.total} {where:<50.50} ETA {_clock(p.eta_s)}"
        if self.tty:
            self.stream.write("\r" + line)
            if final:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
