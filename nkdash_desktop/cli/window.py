"""What `nkdash` does without a command: open the desktop app (`--tray`: minimised), or ask a
running one to quit (`--quit`, what the installer does first)."""

from __future__ import annotations

import argparse
import copy
import sys

from nkdash_desktop.cli.usage import settings_store


def open_app(args: argparse.Namespace) -> int:
    from nkdash_desktop.startup import prepare_window_start

    prepare_window_start(tray=args.tray)  # --tray, and the cold-start figure
    from nkdash_desktop.ui.app import launch
    from nkdash_desktop.ui.runtime.context import AppContext

    if args.viewer:  # the settings file read, never written; the lake given
        settings = copy.deepcopy(settings_store().current)
        settings.lake.root = str(args.lake)
        return launch(AppContext(settings, viewer=True))
    store = settings_store()
    return launch(AppContext(store.current, store=store), tray=args.tray)


def quit_running(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QCoreApplication

    from nkdash_desktop.ui.background.single_instance import quit_running_instances

    _app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])  # local sockets
    return quit_running_instances()
