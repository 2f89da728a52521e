"""The main window: the range bar with the freshness badge and Sync now, the KPI tabs, and the
run's progress in the status bar. Every query and every Odoo call runs in a worker thread."""

from __future__ import annotations

import copy
import gc
import logging
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nkdash_desktop import APP_NAME
from nkdash_desktop import settings as S
from nkdash_desktop.errors import sentence
from nkdash_desktop.names import dataset_name
from nkdash_desktop.pipeline.control import Progress
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.ui.runtime import theme as themes
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.runtime.engine import EngineRunner, describe
from nkdash_desktop.ui.runtime.settings_changes import SettingsChanges
from nkdash_desktop.ui.runtime.tasks import Pools, run_task
from nkdash_desktop.ui.runtime.translation import translate
from nkdash_desktop.ui.tabs import TITLES
from nkdash_desktop.ui.widgets.history_banner import HistoryBanner, export_refusal
from nkdash_desktop.ui.widgets.logview import LogTail
from nkdash_desktop.ui.widgets.plotly_view import prepare_window_surface
from nkdash_desktop.ui.widgets.rangebar import RangeBar
from nkdash_desktop.ui.widgets.status_bar import show_fitted
from nkdash_desktop.ui.window.help_menu import HelpMenu, explain_demo_settings

if TYPE_CHECKING:
    import polars as pl

    from nkdash_desktop.kpi.freshness import Freshness
    from nkdash_desktop.kpi.source import KpiSource
    from nkdash_desktop.ui.tabs.base import Dashboard, Tab

log = logging.getLogger(__name__)
PROGRESS_MS = 250  # how often the status bar shows a run's progress
# while history loads, the tabs redraw once per month published (a month's loads come in a burst
# of one event per day and dataset: one redraw after the burst, not one per event)
PUBLISHED_MS = 300
NOT_CONFIGURED_TIP = QT_TRANSLATE_NOOP(
    "MainWindow", "No Odoo connection is set up: run `nkdash login` first."
)
VIEWER_TIP = QT_TRANSLATE_NOOP(
    "MainWindow", "A viewer: the PC that owns this lake syncs it; new days show once it publishes."
)
VIEWER_POLL_MS = 10_000  # how often a viewer looks whether the writer published


@dataclass(frozen=True)
class LakeView:
    """What the window shows about the lake itself: read together in a worker."""

    companies: pl.DataFrame
    freshness: Freshness


def _look(source: KpiSource, refresh: bool, published: bool = False) -> LakeView:
    from nkdash_desktop.kpi.companies import companies
    from nkdash_desktop.kpi.freshness import freshness

    if refresh:
        source.refresh()
    with source.cursor() as con:
        found = companies(con)
    return LakeView(found, freshness(source.lake_root, published))


def _open_lake(root: Path, published: bool) -> tuple[KpiSource, LakeView]:
    """Worker thread: the catalog (DuckDB, pyarrow: imported here, not while the window opens)."""
    from nkdash_desktop.kpi.source import KpiSource

    source = KpiSource(root)
    return source, _look(source, refresh=False, published=published)


class MainWindow(QMainWindow):
    """Built in two steps, so that the window shows at once: the frame (menus, range bar,
    status bar, the tab headers) in the constructor, and the tabs, whose modules bring in
    pyqtgraph, polars and the Excel writer, in `build_tabs`. With `deferred`, that second
    step runs right after the first paint (the app's start); otherwise at once."""

    settings_applied = Signal()  # after a settings change (the nightly schedule follows it)
    tabs_built = Signal()

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, deferred: bool = False
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.profit_rebuild_owed = False  # a cost basis change waiting for the run going on
        self.settings_changes = SettingsChanges(context.store, self)
        self.settings_changes.changed.connect(self._settings_changed)
        if context.demo:
            self.setWindowTitle(self.tr("{app} (demo)").format(app=APP_NAME))
        elif context.viewer:
            self.setWindowTitle(self.tr("{app} (viewer)").format(app=APP_NAME))
        else:
            self.setWindowTitle(APP_NAME)
        self.resize(1360, 860)
        self.theme = themes.theme(context.settings.ui.theme)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        themes.apply(app, self.theme)
        self.pools = Pools()
        self.range = RangeBar(lambda: today(context.timezone), context.settings.ui.default_range)
        self.engine = EngineRunner(context, self.pools, self)
        self.log_tail = LogTail(timezone=context.timezone)
        self.log_tail.attach()
        self.freshness: Freshness | None = None
        self.board: Dashboard | None = None  # with the tabs
        self._lake_asked = False
        self._build_frame()
        self._connect()
        # WebEngine starts after the first paint (it costs the UI thread a second); the window
        # is created GL-ready now, so that starting it then does not re-create the window
        prepare_window_surface(self)
        self.installEventFilter(self)
        if not deferred:
            self.build_tabs()

    def _default_company(self) -> int | None:
        return self.context.settings.odoo.company_id or None

    # -- layout ------------------------------------------------------------------------------

    def _build_frame(self) -> None:
        self.badge = QLabel("")
        themes.style(self.badge, "badge")
        self.live_label = QLabel("")
        themes.style(self.live_label, "banner")
        self.live_label.hide()
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setEnabled(self.context.configured)
        self.sync_button.setToolTip(self._sync_tip())
        bar = QHBoxLayout()
        bar.addWidget(self.range)
        bar.addStretch(1)
        bar.addWidget(self.live_label)
        bar.addWidget(self.badge)
        bar.addWidget(self.sync_button)
        self.tabs = QTabWidget()
        for title in TITLES:  # the headers at once; each page filled by build_tabs
            self.tabs.addTab(QWidget(), translate("Tabs", title))
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(bar)
        self.history = HistoryBanner()
        layout.addWidget(self.history)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self._latest_progress: Progress | None = None
        self._progress_timer = QTimer(self, singleShot=True, interval=PROGRESS_MS)
        self._progress_timer.timeout.connect(self._show_progress)
        self._published_timer = QTimer(self, singleShot=True, interval=PUBLISHED_MS)
        self._published_timer.timeout.connect(self.refresh_lake)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel run"))
        self.cancel_button.hide()
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.schedule_label = QLabel("")  # the next nightly sync, set by ui/background/nightly.py
        self.statusBar().addPermanentWidget(self.schedule_label)
        self.status_right = [self.progress, self.cancel_button, self.schedule_label]
        self.backfill_wizard: QWidget | None = None
        self._menus()

    def build_tabs(self) -> None:
        """The tabs, their dashboard state, today's live figures and the KPI report action;
        the lake is opened for them (in a worker, if not yet asked for)."""
        if self.board is not None:
            return
        self._open_lake()
        from nkdash_desktop.ui.runtime.live import LiveToday
        from nkdash_desktop.ui.tabs.base import Dashboard, Query
        from nkdash_desktop.ui.tabs.inventory import InventoryTab
        from nkdash_desktop.ui.tabs.overview import OverviewTab
        from nkdash_desktop.ui.tabs.profit import ProfitTab
        from nkdash_desktop.ui.tabs.purchases import PurchasesTab
        from nkdash_desktop.ui.tabs.runs import RunsTab
        from nkdash_desktop.ui.tabs.sales import SalesTab
        from nkdash_desktop.ui.widgets.export_actions import export_report_action

        context = self.context
        self.board = Dashboard(
            context, self.pools, self.theme, Query(self.range.period, self._default_company())
        )
        self.board.not_loaded = self.history.not_loaded
        self.board.loading_history = self.history.loading
        self.live = LiveToday(context, self.pools, parent=self)
        self.overview = OverviewTab(self.board)
        self.sales = SalesTab(self.board)
        self.profit = ProfitTab(self.board)
        self.purchases = PurchasesTab(self.board)
        self.inventory = InventoryTab(self.board)
        self.runs = RunsTab(self.board, self.engine, self.log_tail)
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)  # the placeholders go without a "current changed" storm
        for index, tab in enumerate(self.all_tabs):
            placeholder = self.tabs.widget(index)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, tab, tab.label)
            placeholder.deleteLater()
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        self.overview.attention.open_tab.connect(self.show_tab)
        self.report_action = export_report_action(
            self,
            lambda: self.board.query,
            lambda: self.board.source,
            attention=lambda: self.context.settings.attention,
            # the report compares the range with the period before it (its Summary's changes)
            refusal=lambda period: export_refusal(
                self.board.not_loaded(), period, period.comparison(), period.previous()
            ),
        )
        self.export_menu.addAction(self.report_action)
        self.live.updated.connect(self._live_updated)
        self.live.offline.connect(self._live_offline)
        self.board.message.connect(lambda text: show_fitted(self, text, 15_000))
        if self.engine.running:
            self.runs.stale = True
        self._update_live()
        self._show_currency_switch()
        if self.context.viewer:
            self._watch_writer()
        self.tabs_built.emit()

    def _menus(self) -> None:
        quit_action = QAction(self.tr("&Quit"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        # the demo's settings live in memory only: Settings says so (open_settings)
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.triggered.connect(self.open_settings)
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.settings_action)
        file_menu.addAction(quit_action)
        self.dark_action = QAction(self.tr("&Dark theme"), self, checkable=True)
        self.dark_action.setChecked(self.theme.name == "dark")
        self.dark_action.toggled.connect(lambda on: self.set_theme("dark" if on else "light"))
        self.menuBar().addMenu(self.tr("&View")).addAction(self.dark_action)
        self.export_menu = self.menuBar().addMenu(
            self.tr("&Export")
        )  # its action comes with the tabs
        run_menu = self.menuBar().addMenu(self.tr("&Run"))
        self.sync_action = QAction(self.tr("&Sync now"), self, enabled=self.context.configured)
        self.sync_action.triggered.connect(self.sync_now)
        run_menu.addAction(self.sync_action)
        self.backfill_action = QAction(self.tr("&Backfill…"), self, enabled=self.context.configured)
        self.backfill_action.triggered.connect(self.open_backfill)
        run_menu.addAction(self.backfill_action)
        cancel = QAction(self.tr("&Cancel run"), self)
        cancel.triggered.connect(self.engine.cancel)
        run_menu.addAction(cancel)
        self.help = HelpMenu(self, self.context, self.pools)

    def _connect(self) -> None:
        self.range.changed.connect(self._range_changed)
        self.tabs.currentChanged.connect(lambda _: self._show_current(switched=True))
        self.tabs.currentChanged.connect(self._show_currency_switch)
        self.sync_button.clicked.connect(self.sync_now)
        self.cancel_button.clicked.connect(self.engine.cancel)
        self.engine.started.connect(self._run_started)
        self.engine.progress.connect(self._run_progress)
        self.engine.finished.connect(self._run_finished)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint:
            self.removeEventFilter(self)
            QTimer.singleShot(0, self, self._after_first_paint)  # dropped if the window goes
        return False

    def _sync_tip(self) -> str:
        if self.context.viewer:
            return translate("MainWindow", VIEWER_TIP)
        return "" if self.context.configured else translate("MainWindow", NOT_CONFIGURED_TIP)

    def _open_lake(self) -> None:
        if self._lake_asked:
            return
        self._lake_asked = True
        self.statusBar().showMessage(self.tr("Opening the lake…"))
        root, viewer = self.context.lake_root, self.context.viewer
        run_task(
            lambda: _open_lake(root, viewer), self._lake_opened, self._lake_failed,
            pool=self.pools.queries, owner=self,
        )  # fmt: skip

    def _after_first_paint(self) -> None:
        self._open_lake()  # in a worker, while this thread builds the tabs
        self.build_tabs()
        QTimer.singleShot(0, self, self._start_web_views)  # the tabs' first paint comes first

    def _start_web_views(self) -> None:
        """WebEngine starts once the window has painted (it costs the UI thread a second)."""
        self.sales.charts.start()
        # what exists by now (modules, widgets) lives as long as the app: keep it out of the
        # garbage collector's full passes, which then stay short while the operator works
        gc.freeze()

    @property
    def all_tabs(self) -> list[Tab]:
        if self.board is None:
            return []
        return [self.overview, self.sales, self.profit, self.purchases, self.inventory, self.runs]

    # -- the lake ----------------------------------------------------------------------------

    def _lake_opened(self, opened: tuple[KpiSource, LakeView]) -> None:
        assert self.board is not None  # asked for with the tabs, answered after them
        self.board.source, view = opened
        self.statusBar().showMessage(
            self.tr("Lake: {folder}").format(folder=self.context.lake_root), 10_000
        )
        self._show_lake(view)
        self._show_current()

    def _lake_failed(self, exc: BaseException) -> None:
        log.error("the lake cannot be opened: %s", exc, exc_info=exc)
        self.statusBar().showMessage(
            self.tr("The lake cannot be opened: {reason}").format(reason=exc)
        )

    def _show_lake(self, view: LakeView) -> None:
        self.board.companies = view.companies
        self.range.set_companies(view.companies, self.board.query.company_id)
        self.freshness = view.freshness
        self.badge.setText(view.freshness.badge(self.context.timezone))
        if not self.history.isHidden():  # the lake's completeness is booked when the run ends
            self.badge.setText(self.tr("history loading"))
        self.badge.setToolTip(
            "\n".join(
                self.tr("{data}: complete up to {day}").format(
                    data=dataset_name(r["dataset"]), day=r["last_complete_day"] or "-"
                )
                for r in view.freshness.datasets.iter_rows(named=True)
            )
        )

    def _watch_writer(self) -> None:
        """A viewer refreshes when the lake's writer publishes (ask in a worker: a stat over a
        network share may take a while)."""
        from nkdash_desktop.lake.layout import LakeLayout
        from nkdash_desktop.lake.state import published_stamp

        metadata = LakeLayout(self.context.lake_root).metadata
        self._published = published_stamp(metadata)

        def seen(stamp: tuple[int, int] | None) -> None:
            if stamp != self._published:
                self._published = stamp
                log.info("the lake's writer published: refreshing")
                self.refresh_lake()

        def look() -> None:
            run_task(
                lambda: published_stamp(metadata), seen, self._lake_failed,
                pool=self.pools.queries, owner=self,
            )  # fmt: skip

        self.writer_watch = QTimer(self, interval=VIEWER_POLL_MS)
        self.writer_watch.timeout.connect(look)
        self.writer_watch.start()

    def refresh_lake(self) -> None:
        """After a run: see the new files, then redraw what shows."""
        if self.board is None:  # the tabs, when they come, open the lake afresh
            return
        source = self.board.source
        if source is None:
            return
        run_task(
            lambda: _look(source, True, self.context.viewer),
            self._lake_refreshed, self._lake_failed,
            pool=self.pools.queries, owner=self,
        )  # fmt: skip

    def _lake_refreshed(self, view: LakeView) -> None:
        self._show_lake(view)
        for tab in self.all_tabs:
            tab.stale = True
        self._show_current()

    # -- range, tabs, theme ------------------------------------------------------------------

    def _range_changed(self) -> None:
        self.history.show_range(self.range.period)
        if self.board is None:  # the tabs read the range when they come
            return
        from nkdash_desktop.ui.tabs.base import KpiTab, Query

        self.board.query = Query(self.range.period, self.range.company_id, self.range.currency)
        for tab in self.all_tabs:
            if isinstance(tab, KpiTab):
                tab.stale = True
        self._show_current()
        self._update_live()

    def show_tab(self, title: str, product_id: int | None = None) -> None:
        """Bring the tab of that title to the front (a "Needs attention" detail's button), on
        the product when the tab shows one product at a time (the Purchases cost trend)."""
        for tab in self.all_tabs:
            if tab.title == title:
                show_product = getattr(tab, "show_product", None)
                if product_id is not None and show_product is not None:
                    show_product(product_id)
                self.tabs.setCurrentWidget(tab)

    def _show_currency_switch(self, _: int = 0) -> None:
        if self.board is None:
            return
        from nkdash_desktop.ui.tabs.base import Tab

        tab = self.tabs.currentWidget()
        self.range.set_currency_wanted(isinstance(tab, Tab) and tab.follows_currency)

    def _show_current(self, switched: bool = False) -> None:
        if self.board is None:
            return
        from nkdash_desktop.ui.tabs.base import Tab

        tab = self.tabs.currentWidget()
        if isinstance(tab, Tab) and tab.stale:
            if switched:  # its charts show another range: not worth drawing them
                tab.show_loading()
            tab.reload()

    def set_theme(self, name: str) -> None:
        """View > Dark theme: the choice is stored, and the look follows the store's change."""
        if name == self.context.settings.ui.theme:
            self._show_theme(name)
            return
        try:  # a few hundred bytes, written here so that two quick toggles land in order
            self.context.store.update(partial(_with_theme, name))
        except Exception as exc:  # a read-only or full settings folder: the look stays
            log.warning("the theme was not saved: %s", sentence(exc))
            self.statusBar().showMessage(
                self.tr("The theme cannot be saved: {reason}").format(reason=sentence(exc)), 15_000
            )
            self.dark_action.setChecked(self.theme.name == "dark")

    def _show_theme(self, name: str) -> None:
        self.theme = themes.theme(name)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        themes.apply(app, self.theme)
        if self.board is not None:
            self.board.theme = self.theme
        for tab in self.all_tabs:
            tab.set_theme(self.theme)
        self._show_current()
        self.dark_action.setChecked(name == "dark")

    # -- live today --------------------------------------------------------------------------

    def _update_live(self) -> None:
        if self.board is None:
            return
        if self.range.is_today:
            self.live_label.setText(self.tr("LIVE: asking Odoo…"))
            self.live_label.show()
            self.live.start(self.range.company_id, self.board.companies["company_id"].to_list())
        else:
            self.live.stop()
            self.live_label.hide()
            self.overview.set_live(None)

    def _live_updated(self, frame: pl.DataFrame) -> None:
        if not self.range.is_today:
            return
        fetched = frame["fetched_at"][0]
        local = fetched.astimezone(ZoneInfo(self.context.timezone))
        from nkdash_desktop.ui.runtime.locale_format import QT  # Babel: not at the first paint

        self.live_label.setText(
            self.tr("● LIVE from Odoo, updated {time}").format(time=QT.clock(local))
        )
        self.live_label.setToolTip(
            self.tr("Today's cards come from Odoo's own totals, every few minutes.")
        )
        self.overview.set_live(frame)

    def _live_offline(self, text: str) -> None:
        if not self.range.is_today:
            return
        self.live_label.setText(text)
        self.live_label.setToolTip(self.live.problem or "")
        self.overview.set_live(None)

    # -- engine runs -------------------------------------------------------------------------

    def sync_now(self) -> None:
        if not self.engine.sync_now():
            self.statusBar().showMessage(self.tr("A run is already going on."), 5000)

    def open_backfill(self) -> None:
        """The backfill wizard, beside the dashboard; the one open (or running) comes back."""
        from nkdash_desktop.ui.dialogs.backfill_wizard import BackfillWizard

        wizard = self.backfill_wizard
        if not isinstance(wizard, BackfillWizard) or not (wizard.isVisible() or wizard.running):
            if wizard is not None:
                wizard.deleteLater()
            wizard = self.backfill_wizard = BackfillWizard(
                self.context, self.engine, self.pools, self
            )
        wizard.show()
        wizard.raise_()
        wizard.activateWindow()

    def load_history(self, first: date, last: date) -> bool:
        """A first sync (or any history to load): a backfill, newest days first, with the
        banner over the tabs, which show each month as it is published. False when another
        run is going on."""
        if not self.engine.backfill(first, last):
            return False
        self.history.start(first, last)
        self.history.show_range(self.range.period)
        return True

    def set_schedule_text(self, text: str) -> None:
        self.schedule_label.setText(text)

    def _run_started(self, what: str) -> None:
        self.sync_button.setEnabled(False)
        self.sync_action.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.statusBar().showMessage(self.tr("{run}: planning…").format(run=what))
        if self.board is not None:
            self.runs.stale = True
        self._show_current()

    def _run_progress(self, p: Progress) -> None:
        """Keep the latest; the status bar shows it a few times a second (a partition can
        finish every few milliseconds, and each redraw of the bar costs the UI thread)."""
        self._latest_progress = p
        if not self._progress_timer.isActive():
            self._progress_timer.start()
        if not self.history.isHidden():
            self.history.show_progress(p)
            if p.stage == "load" and p.day and not self._published_timer.isActive():
                self._published_timer.start()  # a month file was published: show it

    def _show_progress(self) -> None:
        p = self._latest_progress
        if p is None or not self.engine.running:
            return
        self.progress.setRange(0, max(p.total, 1))
        self.progress.setValue(p.done)
        self.statusBar().showMessage(describe(p))

    def rebuild_profit(self) -> None:
        """Settings > Profit's cost basis changed: profit is rebuilt now, or when the run going
        on ends (a sync's own profit update rebuilds it too)."""
        self.profit_rebuild_owed = not self.engine.rebuild_profit()

    def _run_finished(self, result: Any) -> None:
        self._progress_timer.stop()
        self._published_timer.stop()
        self.history.hide()
        self._latest_progress = None
        self.progress.hide()
        self.cancel_button.hide()
        self.sync_button.setEnabled(self.context.configured)
        self.sync_action.setEnabled(self.context.configured)
        if isinstance(result, BaseException):
            self.statusBar().showMessage(
                self.tr("The run stopped: {reason}").format(reason=sentence(result))
            )
        else:
            self.statusBar().showMessage(result.sentence.capitalize())
        self.refresh_lake()
        if self.profit_rebuild_owed:
            self.rebuild_profit()

    # -- settings ----------------------------------------------------------------------------

    def open_settings(self) -> None:
        if self.context.demo or self.context.viewer:
            self.demo_settings_box = explain_demo_settings(self, viewer=self.context.viewer)
            return
        from nkdash_desktop.ui.dialogs.settings_dialog import SettingsDialog

        self.settings_dialog = SettingsDialog(self.context.settings, self, self.context.store)
        self.settings_dialog.saved.connect(
            lambda _, message: self.statusBar().showMessage(message, 15_000)
        )
        self.settings_dialog.open()

    def _settings_changed(self, old: S.Settings, new: S.Settings) -> None:
        """Whoever changed the settings (the View menu, Settings > OK): the window follows."""
        if new.ui.theme != self.theme.name:
            self._show_theme(new.ui.theme)
        if _with_theme(old.ui.theme, copy.deepcopy(new)) != old:  # more than the theme
            self.apply_settings(old, new)

    def apply_settings(self, old: S.Settings, settings: S.Settings) -> None:
        """Runs, live figures and queries use the new settings (they read the context's, which
        are the store's); a lake in a new folder is opened afresh."""
        old_root = old.lake_root()
        self.log_tail.set_timezone(self.context.timezone)
        configured = self.context.configured
        self.sync_button.setEnabled(configured and not self.engine.running)
        self.sync_action.setEnabled(configured and not self.engine.running)
        self.backfill_action.setEnabled(configured)
        self.sync_button.setToolTip(self._sync_tip())
        if settings.profit.standard_cost_fallback != old.profit.standard_cost_fallback:
            self.rebuild_profit()  # never a lake of lines costed on two bases
        if settings.lake_root() != old_root and self.board is not None:  # (else: when built)
            if (source := self._drop_lake()) is not None:
                source.close()
            for tab in self.all_tabs:
                tab.stale = True
            self._lake_asked = False
            self._open_lake()
        self.settings_applied.emit()

    # -- closing -----------------------------------------------------------------------------

    def _drop_lake(self) -> KpiSource | None:
        """The lake's catalog, let go of (none before the tabs come)."""
        if self.board is None:
            return None
        source, self.board.source = self.board.source, None
        return source

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.board is not None:
            self.live.close()
        self.engine.cancel()
        self.pools.wait()
        self.log_tail.detach()
        if (source := self._drop_lake()) is not None:
            source.close()
        super().closeEvent(event)


def _with_theme(name: str, settings: S.Settings) -> S.Settings:
    settings.ui.theme = name
    return settings
