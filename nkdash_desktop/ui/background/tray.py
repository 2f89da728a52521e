"""The tray: a state icon (idle, running, failed), the menu (Open, Sync now, Backfill…,
Pause/Resume nightly sync, Quit), notifications, and close-to-tray. After a sync the scheduler
started, one notification says what needs attention (Settings > Attention > notify), with the
run's failure when it failed.

Where the desktop has no system tray (some Linux desktops, headless CI), the icon never shows
and closing the window quits as usual: an app hidden with no way back would look dead. The
menu and the state still work, so they are tested everywhere.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from nkdash_desktop import APP_NAME
from nkdash_desktop.errors import sentence
from nkdash_desktop.ui.background.nightly import NightlySync
from nkdash_desktop.ui.runtime.tasks import run_task
from nkdash_desktop.ui.window.mainwindow import MainWindow

log = logging.getLogger(__name__)
STATES = ("idle", "running", "failed")
BADGES = {"running": "#1e6fd9", "failed": "#d32f2f"}  # idle: the plain icon
NOTIFY_MS = 10_000
ICON_PX = 64


def state_icon(state: str, size: int = ICON_PX) -> QIcon:
    """The app's icon (ui/runtime/icon.py: the bundled .ico, as on the window and the taskbar) at
    `size`, with a state badge: blue dot while running, red dot with "!" after a failure."""
    from nkdash_desktop.ui.runtime.icon import app_icon

    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 64
    base = app_icon()
    if base.isNull():  # no resources (a wheel install): the same design, drawn here
        _draw_tile(p, s)
    else:
        p.drawPixmap(0, 0, base.pixmap(size, size))
    color = BADGES.get(state)
    if color:
        p.setPen(QPen(QColor("white"), 3 * s))
        p.setBrush(QColor(color))
        p.drawEllipse(QRectF(36 * s, 36 * s, 27 * s, 27 * s))
        if state == "failed":
            p.setPen(QPen(QColor("white"), 4 * s, c=Qt.PenCapStyle.RoundCap))
            p.drawLine(QPointF(49.5 * s, 42 * s), QPointF(49.5 * s, 51 * s))
            p.drawPoint(QPointF(49.5 * s, 57 * s))
    p.end()
    return QIcon(pixmap)


def _draw_tile(p: QPainter, s: float) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#15808c"))
    p.drawRoundedRect(QRectF(1 * s, 1 * s, 62 * s, 62 * s), 14 * s, 14 * s)
    p.setBrush(QColor("white"))
    for x, top in ((11, 38), (26, 29), (41, 20)):
        p.drawRoundedRect(QRectF(x * s, top * s, 11 * s, (53 - top) * s), 2 * s, 2 * s)
    p.setPen(QPen(QColor("#f4b400"), 4 * s, c=Qt.PenCapStyle.RoundCap))
    p.drawPolyline([QPointF(10 * s, 26 * s), QPointF(26 * s, 16 * s), QPointF(36 * s, 21 * s),
                    QPointF(52 * s, 9 * s)])  # fmt: skip


def run_failed(result: Any) -> bool:
    """An exception, or a run some of whose partitions failed."""
    return isinstance(result, BaseException) or getattr(result, "status", "") in (
        "failed",
        "partial",
    )


class Tray(QObject):
    state_changed = Signal(str)
    notified = Signal(str, str)  # title, text: every notification, shown or not

    def __init__(
        self,
        window: MainWindow,
        nightly: NightlySync,
        available: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`available`: whether the desktop has a tray (asked of Qt when None)."""
        super().__init__(parent or window)
        self.window, self.nightly, self.engine = window, nightly, window.engine
        if available is None:
            available = QSystemTrayIcon.isSystemTrayAvailable()
        self.available = available
        self.state = "idle"
        self.quitting = False
        self._told_hidden = False
        self.icons = {s: state_icon(s) for s in STATES}
        self.icon = QSystemTrayIcon(self.icons["idle"], self)
        self._menu()
        self.icon.activated.connect(self._activated)
        self.engine.started.connect(lambda _: self.set_state("running"))
        self.engine.finished.connect(self._finished)
        nightly.changed.connect(self._next_run_changed)
        window.installEventFilter(self)
        if self.available:
            app = QApplication.instance()
            assert isinstance(app, QApplication)
            app.setQuitOnLastWindowClosed(False)  # the tray keeps the app (and the nightly) alive
            self.icon.show()
        self._next_run_changed(nightly.text())

    def _menu(self) -> None:
        self.menu = QMenu()
        configured = self.window.context.configured
        self.open_action = QAction(self.tr("&Open {app}").format(app=APP_NAME), self)
        self.open_action.triggered.connect(self.show_window)
        self.sync_action = QAction(self.tr("&Sync now"), self, enabled=configured)
        self.sync_action.triggered.connect(self.window.sync_now)
        self.backfill_action = QAction(self.tr("&Backfill…"), self, enabled=configured)
        self.backfill_action.triggered.connect(self.window.open_backfill)
        self.pause_action = QAction(
            self.tr("&Pause nightly sync"), self, enabled=self.nightly.available
        )
        self.pause_action.triggered.connect(self.toggle_pause)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.triggered.connect(self.quit)
        self.menu.addAction(self.open_action)
        self.menu.setDefaultAction(self.open_action)
        self.menu.addSeparator()
        for action in (self.sync_action, self.backfill_action, self.pause_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)

    def settings_applied(self) -> None:
        configured = self.window.context.configured
        self.sync_action.setEnabled(configured and self.state != "running")
        self.backfill_action.setEnabled(configured)
        self.pause_action.setEnabled(self.nightly.available)

    # -- state -------------------------------------------------------------------------------

    def set_state(self, state: str) -> None:
        assert state in STATES, state
        self.state = state
        self.icon.setIcon(self.icons[state])
        self.sync_action.setEnabled(state != "running" and self.window.context.configured)
        self._tooltip()
        self.state_changed.emit(state)

    def _finished(self, result: Any) -> None:
        failed = run_failed(result)
        self.set_state("failed" if failed else "idle")
        if isinstance(result, BaseException):
            text = sentence(result)
        else:
            text = result.sentence  # the RunSummary's
            text = text[:1].upper() + text[1:]
        nightly = self.nightly.take_finished() is not None
        mode = self.window.context.settings.attention.notify
        if nightly and mode != "off" and not isinstance(result, BaseException):
            self._after_nightly(failed, text, mode)  # one notification, the list included
        else:
            self._tell_run(failed, text)

    def _tell_run(self, failed: bool, text: str, attention: str = "") -> None:
        if failed:
            text = f"{text}\n{attention}" if attention else text
            self.notify(
                self.tr("{app}: the run failed").format(app=APP_NAME),
                text,
                QSystemTrayIcon.MessageIcon.Warning,
            )
        elif attention:
            self.notify(
                self.tr("{app}: needs attention").format(app=APP_NAME),
                attention,
                QSystemTrayIcon.MessageIcon.Information,
            )
        elif self.window.context.settings.ui.notifications == "always":
            self.notify(
                self.tr("{app}: run finished").format(app=APP_NAME),
                text,
                QSystemTrayIcon.MessageIcon.Information,
            )

    def _after_nightly(self, failed: bool, text: str, mode: str) -> None:
        """The morning list of the lake just synced, from a worker, then one notification."""
        context = self.window.context

        def fetch() -> str:
            from nkdash_desktop.kpi.attention import attention, morning_day, notification
            from nkdash_desktop.lake.catalog import open_catalog
            from nkdash_desktop.pipeline.days import today

            root = context.lake_root
            con = open_catalog(root)
            try:
                day = morning_day(today(context.timezone))
                findings = attention(con, root, day, None, context.settings.attention)
            finally:
                con.close()
            return notification(findings, mode)

        def not_computed(exc: BaseException) -> None:
            log.warning("what needs attention could not be computed: %s", exc, exc_info=exc)
            self._tell_run(failed, text)

        run_task(
            fetch,
            lambda attention: self._tell_run(failed, text, attention),
            not_computed,
            pool=self.window.pools.queries,
            owner=self,
        )

    def _next_run_changed(self, text: str) -> None:
        self.next_run_text = text
        self.window.set_schedule_text(text)
        self.pause_action.setText(
            self.tr("&Resume nightly sync")
            if self.nightly.paused
            else self.tr("&Pause nightly sync")
        )
        self._tooltip()

    def tooltip(self) -> str:
        what = {
            "idle": self.tr("idle"),
            "running": self.tr("running…"),
            "failed": self.tr("the last run failed"),
        }
        return f"{APP_NAME}: {what[self.state]}\n{self.next_run_text}"

    def _tooltip(self) -> None:
        if hasattr(self, "next_run_text"):
            self.icon.setToolTip(self.tooltip())

    def notify(self, title: str, text: str, kind: QSystemTrayIcon.MessageIcon) -> None:
        log.info("notification: %s: %s", title, text)
        self.notified.emit(title, text)
        if self.available and self.icon.isVisible() and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, text, kind, NOTIFY_MS)

    # -- actions -----------------------------------------------------------------------------

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.show_window()

    def show_window(self) -> None:
        w = self.window
        w.show()  # first: a `--tray` start minimises the window as it first shows
        w.setWindowState(w.windowState() & ~Qt.WindowState.WindowMinimized)
        w.raise_()
        w.activateWindow()

    def toggle_pause(self) -> None:
        self.nightly.set_paused(not self.nightly.paused)

    def quit(self) -> None:
        """Really quit: stop the scheduler, cancel a run and wait for the workers (the window's
        close does both), then leave the event loop."""
        self.quitting = True
        self.nightly.shutdown()
        self.window.close()
        self.icon.hide()
        QApplication.quit()  # closes what is left (the wizard), then leaves the event loop

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.window
            and event.type() == QEvent.Type.Close
            and self.available
            and not self.quitting
        ):
            event.ignore()
            self.window.hide()
            if not self._told_hidden:  # once: where the window went
                self._told_hidden = True
                self.notify(
                    APP_NAME,
                    self.tr(
                        "Still running in the tray; the nightly sync keeps going. "
                        "Quit from the tray menu."
                    ),
                    QSystemTrayIcon.MessageIcon.Information,
                )
            return True
        return False
