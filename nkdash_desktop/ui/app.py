"""Starting the desktop app: the QApplication (WebEngine first), the main window, and for the
demo the first sync behind the window's history banner. With no Odoo connection set up, the first-run
setup comes first (ui/dialogs/setup_wizard.py)."""

from __future__ import annotations

import sys
from datetime import date

from nkdash_desktop import APP_NAME, APP_SLUG
from nkdash_desktop.ui.runtime.context import AppContext


def ensure_app():
    """The process's QApplication, created once. QtWebEngineWidgets must be imported before it
    exists (Qt shares the OpenGL context between WebEngine and the widgets at start-up); as root
    on Linux its sandbox must be off before it starts, or the process dies without a word."""
    from nkdash_desktop.startup import webengine_sandbox
    from nkdash_desktop.ui.runtime.qt_workarounds import guard_singleton_refcounts

    guard_singleton_refcounts()  # before the first of the millions of calls that leak
    webengine_sandbox()
    import PySide6.QtWebEngineWidgets  # noqa: F401 (the import is the point)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName(APP_NAME)
        app.setOrganizationName(APP_SLUG)
        from nkdash_desktop.ui.runtime.translation import install_translators

        install_translators(app)  # the language chosen so far (launch() applies the setting)
    if app.windowIcon().isNull():
        from nkdash_desktop.ui.runtime.icon import set_app_icon

        set_app_icon(app)  # windows, taskbar; the tray draws its state badge over the same
    return app


def launch(
    context: AppContext, first_sync: tuple[date, date] | None = None, tray: bool = False
) -> int:
    """Open the main window (after a first backfill of `first_sync`, when given) and run the
    event loop until it closes; returns the exit code. With `tray` (or the start-minimised
    setting) only the tray icon shows. A second launch shows the first one's window, exits 0."""
    app = ensure_app()
    from PySide6.QtCore import QEvent

    from nkdash_desktop.startup import report_mode
    from nkdash_desktop.ui.background.resident import Resident
    from nkdash_desktop.ui.background.single_instance import SingleInstance, server_name
    from nkdash_desktop.ui.dialogs.first_sync import FirstSync
    from nkdash_desktop.ui.runtime.translation import use_language
    from nkdash_desktop.ui.window.mainwindow import MainWindow

    use_language(context.settings.ui.language)  # before any window: its words are read once
    kind = "-demo" if context.demo else "-viewer" if context.viewer else ""
    instance = SingleInstance(server_name() + kind)
    if not instance.claim():
        return 0
    # a timed cold start closes its window to quit: no tray may keep it alive
    tray_available = False if report_mode() == "quit" else None
    residents: list[Resident] = []

    def attach(window: MainWindow) -> Resident:
        residents.append(Resident(window, instance, tray_available=tray_available))
        return residents[-1]

    # First run: the setup, never an empty window. Not when the cold start is being timed
    # (NKDASH_REPORT_STARTUP, build/build.py): that figure is the main window's.
    if context.viewer:  # no setup, no tray, no nightly sync: a window onto another PC's lake
        window = MainWindow(context, deferred=True)
        instance.activated.connect(lambda: _raise(window))
        instance.quit_requested.connect(app.quit)
        window.show()
        code = app.exec()
    elif not context.configured and not context.demo and report_mode() is None:
        from nkdash_desktop.ui.dialogs.setup_wizard import FirstRun

        setup = FirstRun(context.settings, on_cancel=app.quit, store=context.store)
        setup.opened.connect(attach)

        def setup_forward() -> None:  # a second launch during the setup (later: the window)
            if setup.window is None:
                _raise(setup.wizard)

        instance.activated.connect(setup_forward)
        instance.quit_requested.connect(app.quit)  # later the window's Resident quits it
        setup.start()
        code = app.exec()
        window = setup.window
    else:
        window = MainWindow(context, deferred=True)  # its tabs come after its first paint
        resident = attach(window)
        if first_sync is None:
            resident.show(hidden=tray or context.settings.ui.start_minimised)
        else:
            FirstSync(window, *first_sync).start()
        code = app.exec()
    for resident in residents:
        resident.shutdown()
    instance.close()
    if window is None:  # setup cancelled
        return code
    # delete the web pages now, before Qt releases the WebEngine profile at exit
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return code


def _raise(widget) -> None:
    widget.show()
    widget.raise_()
    widget.activateWindow()
