"""What keeps the app running beside its window: the nightly scheduler, the tray, and the
single-instance socket (a second launch shows this window). ui/app.py attaches it to the main
window; MainWindow itself knows nothing of it, so it also works alone (tests, the self-test)."""

from __future__ import annotations

import logging

from nkdash_desktop.ui.background.nightly import NightlySync
from nkdash_desktop.ui.background.single_instance import SingleInstance
from nkdash_desktop.ui.background.tray import Tray
from nkdash_desktop.ui.window.mainwindow import MainWindow

log = logging.getLogger(__name__)


class Resident:
    def __init__(
        self,
        window: MainWindow,
        instance: SingleInstance | None = None,
        *,
        tray_available: bool | None = None,
    ) -> None:
        self.window, self.instance = window, instance
        self.nightly = NightlySync(window.context, window.engine, parent=window)
        self.tray = Tray(window, self.nightly, available=tray_available)
        if instance is not None:
            instance.activated.connect(self.tray.show_window)
            instance.quit_requested.connect(self.tray.quit)  # `--quit`: the installer
        window.settings_applied.connect(self.settings_applied)
        self.nightly.start()

    def settings_applied(self) -> None:
        """New nightly time, time zone, switch or lake folder; a connection set up now."""
        self.nightly.apply_settings()
        self.tray.settings_applied()

    def show(self, hidden: bool = False) -> None:
        """Show the window, or with `hidden` (`--tray`, start minimised) only the tray icon;
        without a tray the window shows minimised instead (never an app with no window)."""
        if hidden and self.tray.available:
            log.info("started in the tray")
            return
        self.window.show()
        if hidden:
            self.window.showMinimized()

    def shutdown(self) -> None:
        """After the event loop: stop the scheduler, drop the icon and the socket."""
        self.nightly.shutdown()
        self.tray.icon.hide()
        if self.instance is not None:
            self.instance.close()
