"""The app's tray on a real X tray (Xvfb + trayer, see test_tray.py): run as a child process
with DISPLAY set. Looks at the icon's pixels on screen, opens its menu with real mouse clicks
(xdotool) and picks Pause, Open and Quit. Prints one JSON line of what it saw."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from nkdash_desktop.settings import Settings
from nkdash_desktop.ui.app import ensure_app
from nkdash_desktop.ui.runtime.context import AppContext

TZ = "Asia/Jakarta"
STEP_MS = 200
GIVE_UP_STEPS = 150  # 30 s for any one step


def context(lake: Path) -> AppContext:
    settings = Settings()
    settings.lake.root = str(lake)
    settings.odoo.url, settings.odoo.database, settings.odoo.login = "http://127.0.0.1:9", "x", "a"
    settings.odoo.timezone = TZ
    later = datetime.now(ZoneInfo(TZ)) + timedelta(hours=6)  # no nightly run during the test
    settings.schedule.nightly_time = f"{later:%H:%M}"
    return AppContext(settings.validated(), secret="unused")


def red_pixels(image) -> int:
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            count += c.red() > 180 and c.green() < 90 and c.blue() < 90
    return count


def main() -> int:
    app = ensure_app()
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QSystemTrayIcon

    from nkdash_desktop.ui.background.resident import Resident
    from nkdash_desktop.ui.window.mainwindow import MainWindow

    window = MainWindow(context(Path(sys.argv[1])))
    resident = Resident(window)  # the tray asks Qt whether there is one
    resident.show(hidden=True)
    tray, menu = resident.tray, resident.tray.menu
    seen: dict = {"available": QSystemTrayIcon.isSystemTrayAvailable(), "tray": tray.available}

    def grab():
        g = tray.icon.geometry()
        return QGuiApplication.primaryScreen().grabWindow(0, g.x(), g.y(), g.width(), g.height())

    def click(point: QPoint, button: int) -> None:
        subprocess.run(
            ["xdotool", "mousemove", str(point.x()), str(point.y()), "click", str(button)],
            check=True, timeout=10,
        )  # fmt: skip

    def pick(action) -> None:
        """Right-click the icon, wait for the menu, click `action`."""
        click(tray.icon.geometry().center(), 3)
        wait(lambda: menu.isVisible(), lambda: click_item(action), "menu shown")

    def click_item(action) -> None:
        centre = menu.mapToGlobal(menu.actionGeometry(action).center())
        click(centre, 1)

    def wait(ready, then, name: str, tries: list | None = None) -> None:
        tries = tries if tries is not None else [0]
        if ready():
            seen.setdefault("steps", []).append(name)
            QTimer.singleShot(STEP_MS, then)
        elif tries[0] > GIVE_UP_STEPS:
            seen["stuck_at"] = name
            app.exit(3)
        else:
            tries[0] += 1
            QTimer.singleShot(STEP_MS, lambda: wait(ready, then, name, tries))

    def embedded() -> None:
        seen["geometry"] = tray.icon.geometry().getRect()
        seen["idle_red"] = red_pixels(grab().toImage())
        tray.set_state("failed")
        QTimer.singleShot(800, failed_icon)

    def failed_icon() -> None:
        seen["failed_red"] = red_pixels(grab().toImage())
        seen["tooltip"] = tray.icon.toolTip()
        pick(tray.pause_action)
        wait(lambda: resident.nightly.paused, open_window, "paused")

    def open_window() -> None:
        seen["pause_text"] = tray.pause_action.text()
        seen["label"] = window.schedule_label.text()
        pick(tray.open_action)
        wait(lambda: window.isVisible(), quit_app, "window shown")

    def quit_app() -> None:
        window.setGeometry(0, 200, 600, 400)  # off the panel: the icon is clickable again
        QTimer.singleShot(500, lambda: pick(tray.quit_action))

    wait(lambda: not tray.icon.geometry().isEmpty(), embedded, "icon embedded")
    code = app.exec()
    seen["exit"] = code
    seen["scheduler_running"] = resident.nightly.scheduler.running
    seen["window_visible"] = window.isVisible()
    resident.shutdown()
    print(json.dumps(seen), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
