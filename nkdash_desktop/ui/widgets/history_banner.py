"""The banner over the tabs while a first sync (or any history load) runs, newest days first:
how many days are in and the time left, and, when the range shown (or the period its cards
compare with) reaches days not loaded yet, that its figures start at the oldest day loaded.

The oldest day loaded is followed from the run's progress (a day counts once every daily dataset
has loaded it), not read from the disk: the UI thread never waits on the lake."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from nkdash_desktop.ui.runtime.locale_format import QT
from nkdash_desktop.ui.runtime.theme import style
from nkdash_desktop.ui.runtime.translation import translate

if TYPE_CHECKING:
    from nkdash_desktop.kpi.periods import Period
    from nkdash_desktop.pipeline.control import Progress


@cache
def daily_datasets() -> frozenset[str]:
    """Imported when the first run reports (the datasets bring polars: not before the window's
    first paint)."""
    from nkdash_desktop.datasets import DATASETS

    return frozenset(name for name, d in DATASETS.items() if d.kind == "daily")


@dataclass(frozen=True)
class NotLoaded:
    """The days a history load has not brought in yet (for every daily dataset): `first` to
    `until`. The tabs read it when they reload, so that a figure of such days is shown as
    unknown, never as a zero."""

    first: date
    until: date

    def covers(self, start: date, end: date) -> bool:
        """Every day of [start, end] is still to load: the lake knows nothing of them yet."""
        return self.first <= start and end <= self.until

    def touches(self, start: date, end: date) -> bool:
        """Some day of [start, end] is still to load."""
        return start <= self.until and end >= self.first

    def is_loaded(self, day: date) -> bool:
        return not self.first <= day <= self.until


def export_refusal(missing: NotLoaded | None, *periods: Period) -> str:
    """Why an export of `periods` must wait, in one sentence ('' when every day of them is
    loaded): a workbook would carry the days still to load as zeros, read as real figures."""
    if missing is None or not any(missing.touches(p.start, p.end) for p in periods):
        return ""
    return translate(
        "Export",
        "History still loading: the days from {first} to {until} are not in the lake yet; "
        "export again when the banner above the tabs is gone.",
    ).format(first=QT.day(missing.first), until=QT.day(missing.until))


class HistoryBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Attention")  # the attention panel's frame: one look for notices
        style(self, "attention")
        self.title = QLabel("")
        self.title.setObjectName("AttentionTitle")
        self.note = QLabel("")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        self.first = self.last = date.min
        self.oldest: dict[str, date] = {}  # each daily dataset's oldest day loaded by the run
        self.period: Period | None = None
        self.hide()

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def loaded_from(self) -> date | None:
        """The oldest day every daily dataset has loaded in this run (None: none yet)."""
        if set(self.oldest) != daily_datasets():
            return None
        return max(self.oldest.values())

    def loading(self) -> bool:
        """A history load is going on (until its run ends: profit comes after the days)."""
        return not self.isHidden()

    def not_loaded(self) -> NotLoaded | None:
        """The days still to load while the banner shows (None: no history is loading, or
        every day of it is in)."""
        if not self.loading():
            return None
        loaded = self.loaded_from
        until = (loaded - timedelta(days=1)) if loaded else self.last
        return NotLoaded(self.first, until) if until >= self.first else None

    def start(self, first: date, last: date) -> None:
        self.first, self.last, self.oldest = first, last, {}
        self.title.setText(
            self.tr("Loading history: {days} days from Odoo, newest first…").format(days=self.days)
        )
        self.show()  # first: the note asks whether a history is loading
        self._show_note()

    def show_progress(self, p: Progress) -> None:
        if p.stage == "load" and p.day is not None and p.dataset in daily_datasets():
            self.oldest[p.dataset] = min(p.day, self.oldest.get(p.dataset, p.day))
        if p.stage == "profit":
            self.title.setText(self.tr("History loaded: computing profit…"))
            self._show_note()
            return
        if not p.total:
            return
        done = min(self.days, round(self.days * p.done / p.total))
        if p.eta_s is not None and p.done < p.total:
            from nkdash_desktop.pipeline.runner import _duration  # the runner's words for time

            text = self.tr("Loading history: {done} of {days} days, about {duration} left")
            text = text.format(done=done, days=self.days, duration=_duration(p.eta_s))
        else:
            text = self.tr("Loading history: {done} of {days} days").format(
                done=done, days=self.days
            )
        self.title.setText(text)
        self._show_note()

    def show_range(self, period: Period) -> None:
        """The range shown changed: say whether it reaches days not loaded yet."""
        self.period = period
        self._show_note()

    def _show_note(self) -> None:
        self.note.setText(self.range_note())
        self.note.setVisible(bool(self.note.text()))

    def range_note(self) -> str:
        """'' when the range shown and the period it is compared with are loaded in full."""
        missing = self.not_loaded()
        if self.period is None or missing is None:
            return ""
        loaded = self.loaded_from
        compared = self.period.comparison()
        start = min(self.period.start, compared.start)
        end = max(self.period.end, compared.end)
        if not missing.touches(start, end):
            return ""  # every day of it was loaded (or is outside the history being loaded)
        if loaded is None:
            return self.tr("History still loading: the figures of this range are not complete yet.")
        if self.period.end < loaded:
            return self.tr(
                "History still loading: this range has no figures yet; they come as its days "
                "arrive."
            )
        return self.tr(
            "History still loading: figures from {day} only (this range or the period it is "
            "compared with starts earlier)."
        ).format(day=QT.day(loaded))
