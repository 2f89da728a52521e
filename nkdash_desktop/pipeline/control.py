"""How a caller watches and stops engine work: a progress callback and a cancel token.

The UI adapts these to Qt signals, the CLI to a progress bar, tests to lists; the engine never
knows which.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from nkdash_desktop.errors import OperatorError
from nkdash_desktop.i18n import QT_TRANSLATE_NOOP


class Cancelled(OperatorError):
    """The operator cancelled; work stopped between batches and nothing half-written remains."""

    sentence = QT_TRANSLATE_NOOP(
        "Errors", "The run was cancelled; finished partitions were kept, nothing half-written."
    )


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


@dataclass(frozen=True)
class Progress:
    stage: str  # extract | clean | load | profit | ...
    dataset: str
    day: date | None
    done: int  # partitions finished so far in this run
    total: int
    rows: int = 0
    eta_s: float | None = None
    message: str = ""


ProgressCallback = Callable[[Progress], None]


def no_progress(_: Progress) -> None:
    """The default callback: report nothing."""
