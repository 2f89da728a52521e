"""The Help menu: About (version, the Odoo server and its version, the lake folder and its size,
the log file), Open log folder, Open lake folder, and the user guide (the README shipped with
the app, or docs/panduan.md in Indonesian, shown in a window of its own: no browser, no
network). In the demo, Settings says why there is nothing to set instead of being greyed out
without a word."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QTextBrowser, QVBoxLayout

from nkdash_desktop import APP_NAME, __version__
from nkdash_desktop.errors import sentence
from nkdash_desktop.i18n import current_language
from nkdash_desktop.paths import app_paths
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.runtime.tasks import Pools, run_task
from nkdash_desktop.ui.runtime.translation import translate

VIEWER_SETTINGS = QT_TRANSLATE_NOOP(
    "Help",
    "This window is a viewer of a lake another PC writes (nkdash --viewer): it never syncs and"
    " keeps its settings in memory. Change the connection, schedule and lake on the writer PC.",
)
DEMO_SETTINGS = QT_TRANSLATE_NOOP(
    "Help",
    "The demo runs on a built-in demo Odoo with made-up sales, and keeps its settings in memory:"
    " there is nothing to set here. To connect your own Odoo, start NK Dash without “demo”;"
    " its first start asks for the Odoo address, database, login and API key.",
)
README = "README.md"
# the guide of each language, where the source tree and the frozen app both have it (nkdash.spec
# GUIDES): the README is the engineer's manual in English; an Indonesian operator gets a short
# guide of the screens in Indonesian
GUIDES = {"en": README, "id": "docs/panduan.md"}


def user_guide_path(language: str | None = None) -> Path:
    """The user guide of `language` (default the operator's; English for one without a guide)
    shipped with the app: beside the frozen app's files, else in the source tree."""
    guide = GUIDES.get(language or current_language(), README)
    base = getattr(sys, "_MEIPASS", None)
    if base is not None:
        return Path(base) / guide
    return Path(__file__).resolve().parents[3] / guide


def folder_size(root: Path) -> int:
    """Bytes in the files under `root` (0 when it does not exist). Worker thread."""
    total = 0
    for folder, _, files in os.walk(root):
        for name in files:
            with contextlib.suppress(OSError):  # a file replaced while walking
                total += (Path(folder) / name).stat().st_size
    return total


def size_text(size: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:,.1f} {unit}"
    return translate("Help", "{size} bytes").format(size=size)


@dataclass(frozen=True)
class AboutFacts:
    odoo: str  # "https://shop.example.com, Odoo 17.0" or why it is not known
    lake_size: int | None  # None: still being measured


def about_facts(context: AppContext) -> AboutFacts:
    """What About shows that needs the network or the disk. Worker thread."""
    size = folder_size(context.lake_root)
    url = context.settings.odoo.url or translate("Help", "not set up")
    if not context.configured:
        return AboutFacts(translate("Help", "{url} (no connection set up)").format(url=url), size)
    try:
        with context.open_client() as client:
            return AboutFacts(f"{url}, Odoo {client.odoo_version}", size)
    except Exception as exc:  # About must open whatever Odoo does
        return AboutFacts(
            translate("Help", "{url} (not reachable now: {reason})").format(
                url=url, reason=sentence(exc)
            ),
            size,
        )


def about_text(context: AppContext, facts: AboutFacts) -> str:
    log_file = app_paths().log_dir / "nkdash.log"
    size = (
        translate("Help", "measuring…") if facts.lake_size is None else size_text(facts.lake_size)
    )
    name = f"{APP_NAME} {__version__}"
    if context.demo:
        name = translate("Help", "{app} (demo)").format(app=name)
    return translate(
        "Help",
        "<b>{app}</b><br><br>Odoo: {odoo}<br>Database: {database}<br>"
        "Lake folder: {lake} ({size})<br>Log file: {log}",
    ).format(
        app=name,
        odoo=facts.odoo,
        database=context.settings.odoo.database or "—",
        lake=context.lake_root,
        size=size,
        log=log_file,
    )


class UserGuide(QDialog):
    def __init__(self, parent: QMainWindow) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("{app} user guide").format(app=APP_NAME))
        self.resize(820, 640)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        path = user_guide_path()
        try:
            self.text.setMarkdown(path.read_text(encoding="utf-8"))
        except OSError as exc:
            self.text.setPlainText(
                self.tr("The user guide cannot be read from {path}: {reason}.").format(
                    path=path, reason=exc.strerror
                )
            )
        QVBoxLayout(self).addWidget(self.text)


class HelpMenu:
    """Adds the Help menu to `window`; `about_box` and `guide` are the last dialogs opened."""

    def __init__(self, window: QMainWindow, context: AppContext, pools: Pools) -> None:
        self.window, self.context, self.pools = window, context, pools
        self.about_box: QMessageBox | None = None
        self.guide: UserGuide | None = None
        menu = window.menuBar().addMenu(translate("Help", "&Help"))
        self.guide_action = QAction(translate("Help", "&User guide"), window)
        self.guide_action.triggered.connect(self.show_guide)
        self.log_action = QAction(translate("Help", "Open &log folder"), window)
        self.log_action.triggered.connect(lambda: self.open_folder(app_paths().log_dir))
        self.lake_action = QAction(translate("Help", "Open la&ke folder"), window)
        self.lake_action.triggered.connect(lambda: self.open_folder(self.context.lake_root))
        self.about_action = QAction(translate("Help", "&About {app}").format(app=APP_NAME), window)
        self.about_action.triggered.connect(self.show_about)
        for action in (self.guide_action, self.log_action, self.lake_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.about_action)

    def open_folder(self, folder: Path) -> bool:
        folder.mkdir(parents=True, exist_ok=True)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def show_guide(self) -> None:
        self.guide = UserGuide(self.window)
        self.guide.show()

    def show_about(self) -> None:
        """Open at once with what is known; Odoo's version and the lake's size follow from a
        worker (asking Odoo may take seconds)."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            translate("Help", "About {app}").format(app=APP_NAME),
            "",
            parent=self.window,
        )
        box.setText(about_text(self.context, AboutFacts(translate("Help", "asking Odoo…"), None)))
        self.about_box = box
        box.open()
        run_task(
            lambda: about_facts(self.context),
            lambda facts: box.setText(about_text(self.context, facts)),
            pool=self.pools.odoo,
            owner=box,
        )


def explain_demo_settings(window: QMainWindow, viewer: bool = False) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Information,
        translate("Help", "Settings"),
        translate("Help", VIEWER_SETTINGS if viewer else DEMO_SETTINGS),
        parent=window,
    )
    box.open()
    return box
