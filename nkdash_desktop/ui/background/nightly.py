"""The nightly scheduler inside the app: its checks run in APScheduler's threads, the run it
starts goes through the engine runner on the UI thread (a queued signal), and the next run
time is told to whoever shows it (window status bar, tray tooltip)."""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.scheduler import Due, NightlyScheduler
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.runtime.engine import EngineRunner
from nkdash_desktop.ui.runtime.locale_format import QT

log = logging.getLogger(__name__)
REFRESH_MS = 60_000  # the "next run" text is re-read every minute (the clock moves on)


class NightlySync(QObject):
    _due = Signal(object)  # Due, from a scheduler thread to the UI thread
    changed = Signal(str)  # the "next nightly sync" line

    def __init__(
        self,
        context: AppContext,
        engine: EngineRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.engine = context, engine
        sched = context.settings.schedule
        self.scheduler = NightlyScheduler(
            LakeLayout(context.lake_root).metadata,
            self._launch,
            nightly_time=sched.nightly_time,
            timezone=context.timezone,
            enabled=sched.enabled,
            busy=lambda: self.engine.running,
        )
        # what the scheduler started, for the log and tests: a count and the last one, never a
        # list (the app stays in the tray for months: one entry a night would grow for ever)
        self.launches = 0
        self.last_launched: Due | None = None
        self.running_due: Due | None = None  # the scheduler's run going on, if any
        self._due.connect(self._start)
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        engine.finished.connect(lambda _: self.refresh())

    @property
    def available(self) -> bool:
        """Nightly syncs need a connection to sync from."""
        return self.context.configured

    def start(self) -> None:
        if self.available:
            self.scheduler.start()
        self._timer.start()
        self.refresh()

    def shutdown(self) -> None:
        self._timer.stop()
        self.scheduler.shutdown(wait=True)

    # -- pause, settings ---------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        return self.scheduler.paused

    def set_paused(self, paused: bool) -> None:
        """For this session (the Settings dialog's switch is the lasting one)."""
        if paused:
            self.scheduler.pause()
        else:
            self.scheduler.resume()
        self.refresh()

    def apply_settings(self) -> None:
        """After the settings changed: the new time, time zone and switch."""
        sched = self.context.settings.schedule
        self.scheduler.metadata_dir = LakeLayout(self.context.lake_root).metadata  # a moved lake
        self.scheduler.configure(sched.nightly_time, self.context.timezone, sched.enabled)
        if self.available and not self.scheduler.running:
            self.scheduler.start()
        self.refresh()

    # -- runs --------------------------------------------------------------------------------

    def _launch(self, due: Due) -> bool:  # a scheduler thread: hand over, never wait
        self._due.emit(due)
        return True

    def _start(self, due: Due) -> None:
        if not self.engine.sync_now(trigger=due.trigger):
            log.info("the %s sync waits: another run is going on", due.trigger)
            self.scheduler.release(due)
            return
        self.launches += 1
        self.last_launched = self.running_due = due

    def take_finished(self) -> Due | None:
        """The scheduler's run that just finished (None: the run was someone else's); asked
        once, by whoever tells the operator about it (the tray)."""
        due, self.running_due = self.running_due, None
        return due

    # -- what shows --------------------------------------------------------------------------

    def next_run(self) -> datetime | None:
        return self.scheduler.next_run() if self.available else None

    def text(self) -> str:
        if not self.available:
            return self.tr("Nightly sync: no Odoo connection yet")
        if not self.scheduler.enabled:
            return self.tr("Nightly sync: off (Settings > Schedule)")
        if self.scheduler.paused:
            return self.tr("Nightly sync: paused")
        when = self.next_run()
        if when is None:
            return self.tr("Nightly sync: none planned")
        return self.tr("Next nightly sync: {when}").format(
            when=f"{QT.weekday_month(when)} {QT.clock(when)}"
        )

    def refresh(self) -> None:
        self.changed.emit(self.text())
