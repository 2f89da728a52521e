"""The forms the Settings dialog and the first-run setup share: the Odoo connection (with its
"Test connection" button) and the lake folder (with its write and free-space check).

Every check that touches the network, the keyring or the disk runs in a worker thread; the
fields' validation is settings.py's own, shown next to each field."""

from __future__ import annotations

import logging
import zoneinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nkdash_desktop import settings as S
from nkdash_desktop.errors import OperatorError, operator_error, sentence
from nkdash_desktop.lake.relocate import FolderCheck, check_folder, has_lake, lake_size
from nkdash_desktop.odoo.retry import RetryPolicy
from nkdash_desktop.ui.runtime.tasks import run_task
from nkdash_desktop.ui.runtime.translation import translate

log = logging.getLogger(__name__)
ERROR_STYLE = "color: #c0392b;"
OK_STYLE = "color: #1e7e34;"
TRANSPORTS = (
    (QT_TRANSLATE_NOOP("SettingsForms", "Automatic"), "auto"),
    ("JSON-RPC", "jsonrpc"),
    ("JSON-2 (Odoo 19+)", "json2"),
)
# one retry: the operator waits on the button, and the sentence says what is wrong anyway
TEST_RETRIES = RetryPolicy(max_retries=1, base_delay_s=0.5)
CHECK_DELAY_MS = 400  # the folder check waits for the operator to stop typing


class MissingSecret(OperatorError):
    def __init__(self) -> None:
        super().__init__(
            translate(
                "SettingsForms",
                "Enter the API key or password for this connection (it goes to the system"
                " keyring).",
            )
        )


def field_errors(section: str, values: dict[str, Any]) -> dict[str, str]:
    """Each field's SettingsError reason ("must be ..."), checked one by one so that every bad
    field is shown at once, in settings.py's own words."""
    errors: dict[str, str] = {}
    for key, value in values.items():
        try:
            S.from_dict({section: {key: value}})
        except S.SettingsError as exc:
            errors[key] = exc.reason or str(exc)
    return errors


def operator_sentence(exc: BaseException) -> str:
    """The line a form shows for a failure: the operator error's sentence; an unexpected error
    goes to the log file with its traceback, and the form says so."""
    if operator_error(exc) is not None:
        return sentence(exc)
    log.error("unexpected error: %s", exc, exc_info=exc)
    return translate("SettingsForms", "Unexpected error ({error}): see the log file.").format(
        error=type(exc).__name__
    )


class ErrorLabel(QLabel):
    """The red line under a field; hidden while there is nothing to say."""

    def __init__(self) -> None:
        super().__init__("")
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class FieldForm(QWidget):
    """A form whose rows each have an error line under the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.errors: dict[str, ErrorLabel] = {}

    def add_row(self, key: str, label: str, widget: QWidget | QHBoxLayout) -> None:
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        if isinstance(widget, QWidget):
            box.addWidget(widget)
        else:
            box.addLayout(widget)
        self.errors[key] = ErrorLabel()
        box.addWidget(self.errors[key])
        self.form.addRow(label, box)

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.show_error(errors.get(key, ""))


class ConnectionForm(FieldForm):
    """URL, database, login, the password or API key (for the keyring only), transport,
    company, time zone, and "Test connection"."""

    tested = Signal(bool)  # the test finished: passed or not
    edited = Signal()

    def __init__(self, odoo: S.OdooSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base = odoo
        self.url = QLineEdit(odoo.url, placeholderText="https://mycompany.odoo.com")
        self.database = QLineEdit(odoo.database)
        self.login = QLineEdit(odoo.login, placeholderText="user@example.com")
        self.secret = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(self.tr("kept in the system keyring, never in a file"))
        self.transport = QComboBox()
        for text, value in TRANSPORTS:
            self.transport.addItem(translate("SettingsForms", text), value)
        self.transport.setCurrentIndex(max(self.transport.findData(odoo.transport), 0))
        self.company = QComboBox()
        self.set_companies([], odoo.company_id)
        self.timezone = QComboBox(editable=True)
        self.timezone.addItems(sorted(zoneinfo.available_timezones()))
        self.timezone.setCurrentText(odoo.timezone)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.result = QLabel("", wordWrap=True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_row("url", self.tr("Odoo address"), self.url)
        self.add_row("database", self.tr("Database"), self.database)
        self.add_row("login", self.tr("Login"), self.login)
        self.add_row("secret", self.tr("API key or password"), self.secret)
        self.add_row("transport", self.tr("Transport"), self.transport)
        self.add_row("company_id", self.tr("Company"), self.company)
        self.add_row("timezone", self.tr("Time zone"), self.timezone)
        self.form.addRow("", self.test_button)
        self.form.addRow("", self.result)
        self.passed = False  # the last test passed, and nothing was edited since
        self.learned: Any = None  # that test's report: the secret's kind and the transport
        self.testing = False
        for line in (self.url, self.database, self.login, self.secret):
            line.textEdited.connect(self._edited)
        self.transport.currentIndexChanged.connect(self._edited)
        self.timezone.currentTextChanged.connect(self._edited)
        self.test_button.clicked.connect(self.test)

    def _edited(self, *_: Any) -> None:
        self.passed = False
        self.learned = None
        self.edited.emit()

    def set_companies(self, companies: list[tuple[int, str, str]], current: int) -> None:
        self.company.clear()
        self.company.addItem(self.tr("The user's default company"), 0)
        for cid, name, currency in companies:
            self.company.addItem(f"{name} ({currency})", cid)
        if current and self.company.findData(current) < 0:
            self.company.addItem(self.tr("Company id {id}").format(id=current), current)
        self.company.setCurrentIndex(max(self.company.findData(current), 0))

    def values(self) -> dict[str, Any]:
        """The [odoo] fields as entered (checked by `validate`)."""
        return {
            "url": self.url.text(),
            "database": self.database.text(),
            "login": self.login.text(),
            "transport": self.transport.currentData(),
            "company_id": int(self.company.currentData() or 0),
            "timezone": self.timezone.currentText(),
        }

    def validate(self, required: bool = True) -> dict[str, str]:
        """Show every field's error; the errors. With `required`, address, database and login
        must be given (the dialog lets all three be left empty: no connection yet)."""
        values = self.values()
        errors = field_errors("odoo", values)
        given = [values[k].strip() for k in ("url", "database", "login")]
        if required or any(given):
            for key, text in zip(("url", "database", "login"), given, strict=True):
                if not text:
                    errors.setdefault(key, self.tr("must be filled in"))
        self.show_errors(errors)
        return errors

    def odoo_settings(self) -> S.OdooSettings:
        """The base [odoo] section with this form's fields; call after `validate` passed. What
        a passed test found about the secret is kept; a new secret or connection untested
        forgets the old finding (the next run finds out again)."""
        raw = S.to_dict(S.Settings(odoo=self.base))["odoo"] | self.values()
        odoo = S.from_dict({"odoo": raw}).odoo
        if self.learned is not None:
            from nkdash_desktop.pipeline.connect import record_login

            record_login(odoo, self.learned)
        elif self.secret.text() or _where(odoo) != _where(self.base):
            odoo.secret_kind = odoo.login_transport = ""
        return odoo

    def test(self) -> None:
        """Connect with what is entered and show the report, or the client layer's sentence."""
        if self.testing or self.validate(required=True):
            return
        settings = S.Settings(odoo=self.odoo_settings())
        self.url.setText(settings.odoo.url)  # the server address, as it is tested and stored
        secret = self.secret.text() or None  # none entered: the keyring's, as a run would
        self.testing = True
        self.test_button.setEnabled(False)
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Connecting…"))
        run_task(lambda: _test(settings, secret), self._test_done, self._test_failed, owner=self)

    def _test_done(self, report: Any) -> None:
        self.testing = False
        self.test_button.setEnabled(True)
        self.set_companies(report.companies, int(self.company.currentData() or 0))
        self.result.setStyleSheet(OK_STYLE if report.ok else ERROR_STYLE)
        self.result.setText("\n".join(report.lines()))
        self.passed = True
        self.learned = report
        self.tested.emit(True)

    def _test_failed(self, exc: BaseException) -> None:
        self.testing = False
        self.test_button.setEnabled(True)
        self.result.setStyleSheet(ERROR_STYLE)
        self.result.setText(operator_sentence(exc))
        self.passed = False
        self.tested.emit(False)


def _test(settings: S.Settings, secret: str | None) -> Any:
    """Worker thread: the `nkdash test-connection` report for these settings."""
    from nkdash_desktop.pipeline.connect import connection_report, open_client

    settings.odoo.secret_kind = ""  # a test is a fresh login: it finds out what the secret is
    with open_client(settings, secret, retry_policy=TEST_RETRIES) as client:
        return connection_report(client)


def _where(odoo: S.OdooSettings) -> tuple[str, str, str]:
    return odoo.url, odoo.database, odoo.login


class LakeForm(FieldForm):
    """The lake folder, checked (write access, free space) as it is typed; with `movable`, the
    choice to move the lake that is in `current` to the new folder."""

    checked = Signal(object)  # FolderCheck

    def __init__(
        self, current: Path, text: str, movable: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.current = current
        self.folder = QLineEdit(text or str(current))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.add_row("root", self.tr("Lake folder"), row)
        self.status = QLabel("", wordWrap=True)
        self.form.addRow("", self.status)
        self.move = QCheckBox(
            self.tr("Move the existing lake to the new folder (copy, verify, switch)")
        )
        self.move.setChecked(True)
        self.move.setVisible(False)
        self.movable = movable
        self.form.addRow("", self.move)
        self.result: FolderCheck | None = None
        self._lake_here: bool | None = None
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)
        self.folder.textChanged.connect(self._changed)
        self.move.toggled.connect(lambda _: self._changed())
        self.check()

    def path(self) -> Path:
        return Path(self.folder.text().strip()).expanduser()

    @property
    def changed(self) -> bool:
        return self.path() != self.current

    @property
    def moving(self) -> bool:
        return not self.move.isHidden() and self.move.isChecked()  # its tab may be hidden

    @property
    def ok(self) -> bool:
        return self.result is not None and self.result.ok and self.result.path == self.path()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Lake folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _changed(self) -> None:
        self.result = None
        self.move.setVisible(self.movable and self.changed and bool(self._lake_here))
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Checking…"))
        self._timer.start()

    def check(self) -> None:
        path, current, moving = self.folder.text(), self.current, self.moving
        movable = self.movable

        def work() -> tuple[FolderCheck, bool]:
            here = movable and has_lake(current)
            need = lake_size(current) if moving and here else 0
            return check_folder(path, need), here

        run_task(work, self._checked, self._check_failed, owner=self)

    def _checked(self, found: tuple[FolderCheck, bool]) -> None:
        result, self._lake_here = found
        if str(result.path) != self.folder.text().strip() and result.path != self.path():
            return  # typed on meanwhile: the next check reports
        self.move.setVisible(self.movable and self.changed and self._lake_here)
        self.result = result
        self.status.setStyleSheet(OK_STYLE if result.ok else ERROR_STYLE)
        self.status.setText(result.sentence)
        self.checked.emit(result)

    def _check_failed(self, exc: BaseException) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(operator_sentence(exc))
