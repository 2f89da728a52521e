"""Before the desktop app's window opens: defaults for machines without a display, `--tray`, and
the cold-start figure.

`NKDASH_REPORT_STARTUP=1` prints (and logs) the time from process start to the main window's
first paint, and, should Qt re-create the window's native window later (a web view added to a
window already on screen does that), its first paint after that: the window that stays.
It then also reports when the Overview's cards are first painted with the lake's figures.
`NKDASH_REPORT_STARTUP=quit` then closes the window once those are painted and the charts' web
view has loaded, and prints the figure of the window that stayed, so a script can time cold starts
(`python build/build.py` and `bench/ui.py` do). Process start is the operating system's creation
time of the process, so a frozen app's bootloader and unpacking are counted too.
"""

from __future__ import annotations

import logging
import os
import sys
import time

log = logging.getLogger(__name__)
REPORT_ENV = "NKDASH_REPORT_STARTUP"
REPORT_PREFIX = "startup: first window painted after"
STAYS_PREFIX = "startup: the window that stays painted after"
FIGURES_PREFIX = "startup: the Overview painted with figures after"
QUIT_SETTLE_MS = 1000  # after the charts' page loaded: time for a late re-creation to show
QUIT_FALLBACK_MS = 60_000  # a window without web view (or one that never loads) still quits
_IMPORTED_AT = time.monotonic()  # fallback origin where the OS gives no creation time


def headless_defaults() -> list[str]:
    """Set what Qt needs on Linux without a display (CI, containers) or as root; returns the
    variables it set. Without the sandbox switch a root WebEngine exits silently with status 1."""
    changed: list[str] = []
    if not sys.platform.startswith("linux"):
        return changed
    if not can_show_windows():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        changed.append("QT_QPA_PLATFORM=offscreen")
    changed += webengine_sandbox()
    return changed


def webengine_sandbox() -> list[str]:
    """Turn WebEngine's sandbox off when running as root on Linux, where Chromium refuses it and
    the whole process exits with status 1 and no message at the first page load. Called wherever
    WebEngine starts (`ui.app.ensure_app`), before the import; returns the variable it set."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return []
    sandbox_off = os.environ.get("QTWEBENGINE_DISABLE_SANDBOX") or "--no-sandbox" in (
        os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    )
    if sandbox_off:
        return []
    os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    return ["QTWEBENGINE_DISABLE_SANDBOX=1"]


def can_show_windows() -> bool:
    """False on Linux with no display and no Qt platform chosen (a server, a container): a window
    could not be shown. QT_QPA_PLATFORM=offscreen (tests, CI) counts as a choice."""
    if not sys.platform.startswith("linux"):
        return True
    names = ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    return any(os.environ.get(name) for name in names)


def seconds_since_process_start() -> float:
    """Wall time since the OS created this process (10 ms resolution on Linux)."""
    if sys.platform == "win32":
        return _windows_process_age()
    if sys.platform.startswith("linux"):
        try:
            return _linux_process_age()
        except (OSError, ValueError, IndexError):
            pass
    return time.monotonic() - _IMPORTED_AT


def _linux_process_age() -> float:
    with open("/proc/uptime", encoding="ascii") as fh:
        uptime = float(fh.read().split()[0])
    with open("/proc/self/stat", encoding="ascii", errors="replace") as fh:
        stat = fh.read()
    # fields after the parenthesised command name; starttime is field 22 of the whole line
    fields = stat[stat.rindex(")") + 2 :].split()
    started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
    return uptime - started


def _windows_process_age() -> float:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # own prototypes, not windll's
    filetime_p = ctypes.POINTER(wintypes.FILETIME)
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    kernel32.GetProcessTimes.argtypes = [wintypes.HANDLE, *[filetime_p] * 4]
    kernel32.GetProcessTimes.restype = wintypes.BOOL
    kernel32.GetSystemTimeAsFileTime.argtypes = [filetime_p]
    created, exited, kernel, user, now = (wintypes.FILETIME() for _ in range(5))
    if not kernel32.GetProcessTimes(
        kernel32.GetCurrentProcess(),
        ctypes.byref(created),
        ctypes.byref(exited),
        ctypes.byref(kernel),
        ctypes.byref(user),
    ):
        return time.monotonic() - _IMPORTED_AT
    kernel32.GetSystemTimeAsFileTime(ctypes.byref(now))

    def ticks(ft: wintypes.FILETIME) -> int:  # 100 ns units since 1601
        return (ft.dwHighDateTime << 32) | ft.dwLowDateTime

    return (ticks(now) - ticks(created)) / 1e7


def report_mode() -> str | None:
    """None (no report), 'report' or 'quit', from NKDASH_REPORT_STARTUP."""
    value = os.environ.get(REPORT_ENV, "").strip().lower()
    if value in ("", "0", "no", "false", "off"):
        return None
    return "quit" if value == "quit" else "report"


def prepare_window_start(tray: bool = False) -> None:
    """Called by the CLI before the app's window opens. Costs nothing unless `tray` or the
    startup report is asked for: then the QApplication is created here (as ui/app.py does) so
    the first-window watcher is in place before the window exists."""
    mode = report_mode()
    if not tray and mode is None:
        return
    if mode is not None:
        headless_defaults()  # the figure is measured offscreen on CI machines
    from nkdash_desktop.ui.app import ensure_app

    app = ensure_app()
    app.installEventFilter(_first_window_watcher(app, minimise=tray, mode=mode))


def _first_window_watcher(app, minimise: bool, mode: str | None):
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtGui import QPlatformSurfaceEvent
    from PySide6.QtWidgets import QMainWindow, QWidget

    class FirstWindow(QObject):
        """Minimises the main window before it first shows (`--tray`), and reports its first
        paint and that of the window that stays; removes itself once done."""

        def __init__(self) -> None:
            super().__init__(app)  # parented: lives as long as the application
            self.minimise, self.mode = minimise, mode
            self.surfaces = 0  # native windows created for the main window
            self.painted_surface = 0  # the surface whose first paint was reported
            self.stays_at: float | None = None
            self.closing = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            kind = event.type()
            if self.minimise and kind == QEvent.Type.Polish and isinstance(obj, QMainWindow):
                # before the first show, so the window never flashes up at sign-in
                obj.setWindowState(obj.windowState() | Qt.WindowState.WindowMinimized)
                self.minimise = False
            elif (
                self.mode is not None
                and kind == QEvent.Type.PlatformSurface
                and isinstance(obj, QMainWindow)
                and event.surfaceEventType()
                == QPlatformSurfaceEvent.SurfaceEventType.SurfaceCreated
            ):
                self.surfaces += 1
            elif (
                self.mode is not None
                and kind == QEvent.Type.Paint
                and isinstance(obj, QWidget)
                and isinstance(obj.window(), QMainWindow)
                and self.painted_surface < self.surfaces
            ):
                self._painted(obj.window())
            if not self.minimise and self.mode is None:
                QTimer.singleShot(0, lambda: app.removeEventFilter(self))
            return False

        def _painted(self, window: QMainWindow) -> None:
            seconds = seconds_since_process_start()
            first = self.painted_surface == 0
            self.painted_surface = self.surfaces
            self.stays_at = seconds
            if first:
                _say(f"{REPORT_PREFIX} {seconds:.3f} s (since process start)")
            else:
                _say(f"startup: the window was re-created, painted again after {seconds:.3f} s")
            if first:
                built = getattr(window, "tabs_built", None)  # the main window's tabs come later
                if built is not None and getattr(window, "board", None) is None:
                    built.connect(lambda: self._watch_tabs(window))
                else:
                    self._watch_tabs(window)
                if self.mode == "quit":
                    QTimer.singleShot(QUIT_FALLBACK_MS, lambda: self._quit(window))

        def _watch_tabs(self, window: QMainWindow) -> None:
            """The Overview's figures painted, and (to quit) the charts' web page loaded."""
            waiting = set()
            overview = getattr(window, "overview", None)
            charts = getattr(getattr(window, "sales", None), "charts", None)

            def done(part: str) -> None:
                waiting.discard(part)
                if not waiting and self.mode == "quit":  # the web view in: the window stays
                    QTimer.singleShot(QUIT_SETTLE_MS, lambda: self._quit(window))

            if overview is not None:
                waiting.add("figures")
                card = overview.cards.cards["revenue"].value

                def figures_painted() -> None:
                    if "figures" in waiting:  # the first render only
                        _say(f"{FIGURES_PREFIX} {seconds_since_process_start():.3f} s")
                        done("figures")

                overview.rendered.connect(lambda: _after_paint(card, figures_painted))
            if charts is not None:
                waiting.add("charts")
                charts.loaded.connect(lambda _ok: done("charts"))

        def _quit(self, window: QMainWindow) -> None:
            if self.closing:
                return
            self.closing = True
            _say(
                f"{STAYS_PREFIX} {self.stays_at:.3f} s (since process start; native window "
                f"created {self.surfaces} time{'s' if self.surfaces != 1 else ''})"
            )
            self.mode = None
            window.close()

    return FirstWindow()


def _after_paint(widget, then) -> None:
    """Call `then` once, after `widget`'s next paint."""
    from PySide6.QtCore import QEvent, QObject

    class Painted(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                widget.removeEventFilter(self)
                self.deleteLater()
                then()
            return False

    widget.installEventFilter(Painted(widget))


def _say(line: str) -> None:
    log.info(line)
    if sys.stdout is not None:  # a windowed Windows build has no stdout
        print(line, flush=True)
