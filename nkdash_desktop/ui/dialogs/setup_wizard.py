"""First run: with no Odoo connection set up, the app opens this setup instead of an empty
window: connection (tested), lake folder (checked), then the main window, which loads the first
N days newest first behind its history banner (ui/dialogs/first_sync.py).

Nothing is written until Finish: cancelling leaves no settings file and no keyring entry."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QSpinBox, QVBoxLayout, QWizard, QWizardPage

from nkdash_desktop import APP_NAME
from nkdash_desktop import settings as S
from nkdash_desktop.paths import app_paths
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.settings_store import SettingsStore
from nkdash_desktop.ui.dialogs.settings_forms import (
    ERROR_STYLE,
    ConnectionForm,
    LakeForm,
    MissingSecret,
    operator_sentence,
)
from nkdash_desktop.ui.runtime.tasks import run_task

log = logging.getLogger(__name__)
DEFAULT_DAYS = 30


def first_backfill_range(days: int, tz: str) -> tuple[date, date]:
    """The last `days` complete days: up to yesterday, as the nightly sync's horizon."""
    last = today(tz) - timedelta(days=1)
    return last - timedelta(days=days - 1), last


class ConnectionPage(QWizardPage):
    def __init__(self, odoo: S.OdooSettings) -> None:
        super().__init__()
        self.setTitle(self.tr("Connect to Odoo"))
        self.setSubTitle(
            self.tr(
                "Enter your Odoo address and an API key (Odoo: Preferences > Account Security), "
                "then test the connection to continue."
            )
        )
        self.form = ConnectionForm(odoo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.form.tested.connect(lambda _: self.completeChanged.emit())
        self.form.edited.connect(self.completeChanged.emit)

    def isComplete(self) -> bool:
        return self.form.passed


class LakePage(QWizardPage):
    def __init__(self, settings: S.Settings) -> None:
        super().__init__()
        self.setTitle(self.tr("Where to keep the data"))
        self.setSubTitle(
            self.tr(
                "The lake: plain Parquet files of your sales, purchases and stock on this computer."
            )
        )
        self.form = LakeForm(settings.lake_root(), settings.lake.root)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.form.checked.connect(lambda _: self.completeChanged.emit())
        self.form.folder.textChanged.connect(lambda _: self.completeChanged.emit())

    def isComplete(self) -> bool:
        return self.form.ok


class BackfillPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("First load"))
        self.setSubTitle(
            self.tr("How many days of history to load now; older days can be added later.")
        )
        self.days = QSpinBox(minimum=1, maximum=3650, value=DEFAULT_DAYS, suffix=self.tr(" days"))
        self.status = QLabel("", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.days)
        layout.addWidget(self.status)
        layout.addStretch(1)


class SetupWizard(QWizard):
    def __init__(self, settings: S.Settings, store: SettingsStore | None = None) -> None:
        """Starts from `settings`; Finish writes through `store` (by default the settings
        file's)."""
        super().__init__()
        self.setWindowTitle(self.tr("{app}: setup").format(app=APP_NAME))
        self.setMinimumSize(680, 560)
        self.base = settings
        self.store = store or SettingsStore(settings, app_paths().settings_file)
        self.connection = ConnectionPage(settings.odoo)
        self.lake = LakePage(settings)
        self.backfill = BackfillPage()
        for page in (self.connection, self.lake, self.backfill):
            self.addPage(page)
        self.saved: S.Settings | None = None
        self.busy = False

    def new_settings(self) -> S.Settings:
        raw = S.to_dict(self.base)
        raw["odoo"] = S.to_dict(S.Settings(odoo=self.connection.form.odoo_settings()))["odoo"]
        raw["lake"]["root"] = str(self.lake.form.path())
        return S.from_dict(raw)

    def first_sync(self) -> tuple[date, date]:
        assert self.saved is not None
        return first_backfill_range(self.backfill.days.value(), self.saved.odoo.timezone)

    def accept(self) -> None:
        """Finish: the secret into the keyring and the settings file, in a worker; then close."""
        if self.busy:
            return
        new = self.new_settings()
        secret = self.connection.form.secret.text()
        self.busy = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.backfill.status.setStyleSheet("")
        self.backfill.status.setText(self.tr("Saving…"))
        old, store = self.base, self.store
        run_task(lambda: _save(store, old, new, secret), self._saved, self._failed, owner=self)

    def _saved(self, new: S.Settings) -> None:
        self.busy = False
        self.saved = new
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.backfill.status.setStyleSheet(ERROR_STYLE)
        self.backfill.status.setText(
            self.tr("Nothing was saved: {reason}").format(reason=operator_sentence(exc))
        )


def _save(store: SettingsStore, old: S.Settings, new: S.Settings, secret: str) -> S.Settings:
    """Worker thread. The secret first: a settings file never points at a missing secret; the
    entry of a connection this setup replaced goes last."""
    from nkdash_desktop.odoo.credentials import find_secret, forget_replaced_secret, store_secret

    odoo = new.odoo
    if secret:
        store_secret(odoo.url, odoo.database, odoo.login, secret)
    elif find_secret(odoo.url, odoo.database, odoo.login) is None:  # tested with a stored one
        raise MissingSecret()
    saved = store.replace(new)
    forget_replaced_secret(
        (old.odoo.url, old.odoo.database, old.odoo.login),
        (odoo.url, odoo.database, odoo.login),
    )
    return saved


class FirstRun(QObject):
    """The setup, then the main window with its first backfill. `on_cancel` runs when the
    operator cancels the setup (the app then exits)."""

    opened = Signal(object)  # the MainWindow

    def __init__(
        self,
        settings: S.Settings,
        on_cancel: Callable[[], None],
        store: SettingsStore | None = None,
    ) -> None:
        super().__init__()
        self.wizard = SetupWizard(settings, store)
        self.window = None
        self.on_cancel = on_cancel
        self.wizard.accepted.connect(self._open)
        self.wizard.rejected.connect(self._cancelled)

    def start(self) -> None:
        self.wizard.show()

    def _open(self) -> None:
        from nkdash_desktop.ui.dialogs.first_sync import FirstSync
        from nkdash_desktop.ui.runtime.context import AppContext
        from nkdash_desktop.ui.window.mainwindow import MainWindow

        assert self.wizard.saved is not None
        store = self.wizard.store  # the window goes on with the settings the setup wrote
        self.window = MainWindow(AppContext(store.current, store=store), deferred=True)
        log.info("setup done: first backfill of %s to %s", *self.wizard.first_sync())
        FirstSync(self.window, *self.wizard.first_sync()).start()
        self.opened.emit(self.window)

    def _cancelled(self) -> None:
        log.info("setup cancelled: nothing saved")
        self.on_cancel()
