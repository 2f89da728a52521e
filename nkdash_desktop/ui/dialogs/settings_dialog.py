"""File > Settings…: connection, lake folder, schedule, tax multipliers, startup, notifications,
attention thresholds, appearance (language and theme).

OK checks every field (settings.py's own checks, shown next to the field), then in a worker
thread: start at sign-in, the secret into the keyring, and the settings file written atomically
— or, when the lake moves, the move, whose switch step is that write. Nothing is saved when a
step before it fails; the dialog stays open with the sentence."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from nkdash_desktop import settings as S
from nkdash_desktop.i18n import LANGUAGES
from nkdash_desktop.paths import app_paths, default_lake_root
from nkdash_desktop.settings_store import SettingsStore
from nkdash_desktop.ui.dialogs.settings_forms import (
    ERROR_STYLE,
    ConnectionForm,
    ErrorLabel,
    FieldForm,
    LakeForm,
    MissingSecret,
    field_errors,
    operator_sentence,
)
from nkdash_desktop.ui.runtime.tasks import run_task
from nkdash_desktop.ui.runtime.theme import style
from nkdash_desktop.ui.runtime.translation import translate

log = logging.getLogger(__name__)
RESTART_FOR_LANGUAGE = QT_TRANSLATE_NOOP(
    "Settings", "A new language shows once NK Dash is started again."
)
START_LABEL = (
    QT_TRANSLATE_NOOP("Settings", "Start with Windows")
    if sys.platform == "win32"
    else QT_TRANSLATE_NOOP("Settings", "Start when I sign in")
)


@dataclass(frozen=True)
class Changes:
    """What OK has to do, decided on the UI thread, done in the worker."""

    old: S.Settings
    new: S.Settings
    secret: str  # "" when none was entered
    move_from: Path | None  # the lake to move to new.lake_root(), if any
    # start at sign-in: None leaves the system's entry as it is (the box was not changed)
    autostart: bool | None = None


def apply_changes(changes: Changes, store: SettingsStore, progress: Any = None) -> str:
    """Worker thread: make `changes` real; returns what to tell the operator."""
    from nkdash_desktop.autostart import autostart_enabled, set_autostart
    from nkdash_desktop.lake.relocate import move_lake
    from nkdash_desktop.odoo.credentials import find_secret, forget_replaced_secret, store_secret

    new = changes.new
    odoo = new.odoo
    if changes.secret:
        store_secret(odoo.url, odoo.database, odoo.login, changes.secret)
    elif new.is_configured and find_secret(odoo.url, odoo.database, odoo.login) is None:
        raise MissingSecret()
    # only a change of the box touches the system: an OK that changed nothing never switches
    # off a start at sign-in the installer (or an earlier run) registered
    if changes.autostart is not None and changes.autostart != autostart_enabled():
        set_autostart(changes.autostart)
    if changes.move_from is None:
        store.replace(new)
        sentence = translate("Settings", "Settings saved.")
    else:
        moved = move_lake(
            changes.move_from, new.lake_root(), lambda: store.replace(new), progress=progress
        )
        sentence = translate("Settings", "Settings saved. {moved}").format(moved=moved.sentence)
    forget_replaced_secret(_connection(changes.old), _connection(new))  # once the new is saved
    if new.ui.language != changes.old.ui.language:
        sentence += " " + translate("Settings", RESTART_FOR_LANGUAGE)
    return sentence


def _connection(settings: S.Settings) -> tuple[str, str, str]:
    return settings.odoo.url, settings.odoo.database, settings.odoo.login


def tax_labels(lake_root: Path) -> dict[int, str]:
    """tax id -> 'PPN 11% · 11% · purchases' for the lake's taxes (none before the first
    sync). Worker thread."""
    from nkdash_desktop.lake.layout import LakeLayout
    from nkdash_desktop.pipeline.profit.multipliers import read_taxes

    out: dict[int, str] = {}
    for tax in read_taxes(LakeLayout(lake_root)).iter_rows(named=True):
        amount = tax["amount"] or 0.0
        kind = tax["amount_type"]
        rate = f"{amount:g}%" if kind in ("percent", "division") else f"{amount:g} {kind}"
        use = {
            "purchase": translate("Settings", "purchases"),
            "sale": translate("Settings", "sales"),
        }.get(tax["type_tax_use"], translate("Settings", "other"))
        out[tax["tax_id"]] = f"{tax['name']} · {rate} · {use}"
    return out


class TaxTable(QWidget):
    """Multiplier overrides, one row per tax, the tax picked by its name and rate (from the
    lake's taxes) or typed as Odoo's tax id when the lake does not have it yet."""

    def __init__(self, multipliers: dict[int, float]) -> None:
        super().__init__()
        self.labels: dict[int, str] = {}
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Tax"), self.tr("Multiplier")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setToolTip(
            self.tr(
                "Pick the purchase tax (its name and rate come from Odoo) and the multiplier to"
                " use for costs bought with it instead of the one worked out from its rate."
            )
        )
        for tax_id, mult in multipliers.items():
            self.add_row(str(tax_id), f"{mult:g}")
        add, remove = QPushButton(self.tr("Add")), QPushButton(self.tr("Remove"))
        add.clicked.connect(lambda: self.add_row("", ""))
        remove.clicked.connect(self._remove)
        self.error = ErrorLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Gross profit needs costs with taxes, like the sales. A bill's cost is turned"
                    " into a tax-included one with its taxes' multiplier, worked out from each"
                    " tax's rate (1.11 for 11 % VAT). Set one here only where that is wrong for"
                    " your shop, e.g. a tax you can reclaim: 1.0."
                ),
                wordWrap=True,
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)

    def _tax_box(self, tax_id: str) -> QComboBox:
        box = QComboBox()
        box.setEditable(True)  # an id the lake does not know yet can be typed
        for known, label in sorted(self.labels.items(), key=lambda kv: kv[1]):
            box.addItem(label, known)
        index = box.findData(int(tax_id)) if tax_id.isdigit() else -1
        if index >= 0:
            box.setCurrentIndex(index)
        else:
            box.setCurrentIndex(-1)
            box.setEditText(tax_id)
        return box

    def add_row(self, tax_id: str, mult: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setCellWidget(row, 0, self._tax_box(tax_id))
        self.table.setItem(row, 1, QTableWidgetItem(mult))

    def set_tax(self, row: int, tax_id: str) -> None:
        self.table.setCellWidget(row, 0, self._tax_box(tax_id))

    def set_taxes(self, labels: dict[int, str]) -> None:
        """The lake's taxes arrived: each row shows its tax's name and rate."""
        self.labels = labels
        for row in range(self.table.rowCount()):
            self.set_tax(row, self.cell(row, 0))

    def _remove(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def cell(self, row: int, column: int) -> str:
        """A row's text; for the tax, Odoo's tax id of the chosen tax (or what was typed)."""
        box = self.table.cellWidget(row, column)
        if isinstance(box, QComboBox):
            i = box.currentIndex()
            if i >= 0 and box.currentText() == box.itemText(i):
                return str(box.itemData(i))
            return box.currentText().strip()
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def values(self) -> tuple[dict[str, Any], str]:
        """{tax id text: multiplier} for settings.py to check, and an error of the table's own
        (a repeated tax id)."""
        out: dict[str, Any] = {}
        for row in range(self.table.rowCount()):
            tax_id, text = self.cell(row, 0), self.cell(row, 1)
            if not tax_id and not text:
                continue  # an empty row added by mistake
            if tax_id in out:
                return out, self.tr("tax id {id} is listed twice").format(id=tax_id)
            try:
                out[tax_id] = float(text.replace(",", "."))
            except ValueError:
                out[tax_id] = text  # settings.py says what is wrong with it
        return out, ""

    def validate(self) -> str:
        values, error = self.values()
        error = error or field_errors("profit", {"tax_multipliers": values}).get(
            "tax_multipliers", ""
        )
        self.error.show_error(error)
        return error


class SettingsDialog(QDialog):
    saved = Signal(object, str)  # the new Settings, once written; what was done
    move_progress = Signal(int, int)  # from the worker: bytes done, bytes in all

    def __init__(
        self,
        settings: S.Settings,
        parent: QWidget | None = None,
        store: SettingsStore | None = None,
    ) -> None:
        """Shows `settings`; OK writes through `store` (the app's; by default the settings
        file's)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(820)  # eight tabs side by side (in Indonesian too), none scrolled away
        self.old = settings
        self.store = store or SettingsStore(settings, app_paths().settings_file)
        self.message = ""  # what OK did, for the window's status bar
        self.tabs = QTabWidget()
        self.connection = ConnectionForm(settings.odoo)
        self.lake = LakeForm(settings.lake_root(), settings.lake.root, movable=True)
        self.tabs.addTab(self.connection, self.tr("Connection"))
        self.tabs.addTab(self.lake, self.tr("Lake folder"))
        self.tabs.addTab(self._schedule_tab(settings.schedule), self.tr("Schedule"))
        self.taxes = TaxTable(settings.profit.tax_multipliers)
        root = settings.lake_root()
        run_task(lambda: tax_labels(root), self.taxes.set_taxes, owner=self)
        self.profit_tab = self._profit_tab(settings.profit)
        self.tabs.addTab(self.profit_tab, self.tr("Profit"))
        self.tabs.addTab(self._startup_tab(settings.ui), self.tr("Startup"))
        self.tabs.addTab(self._notifications_tab(settings.ui), self.tr("Notifications"))
        self.tabs.addTab(self._attention_tab(settings.attention), self.tr("Attention"))
        self.appearance = self._appearance_tab(settings.ui)
        self.tabs.addTab(self.appearance, self.tr("Appearance"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.status = QLabel("", wordWrap=True)
        self.progress = QProgressBar()
        self.progress.hide()
        self.move_progress.connect(self._show_move)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.busy = False

    def _schedule_tab(self, schedule: S.ScheduleSettings) -> QWidget:
        form = FieldForm()
        self.nightly = QCheckBox(self.tr("Sync every night"), checked=schedule.enabled)
        self.nightly_time = QTimeEdit(QTime.fromString(schedule.nightly_time, "HH:mm"))
        self.nightly_time.setDisplayFormat("HH:mm")
        self.nightly.toggled.connect(self.nightly_time.setEnabled)
        self.nightly_time.setEnabled(schedule.enabled)
        form.add_row("enabled", "", self.nightly)
        form.add_row("nightly_time", self.tr("At (local time)"), self.nightly_time)
        self.schedule_form = form
        return form

    def _profit_tab(self, profit: S.ProfitSettings) -> QWidget:
        """The standard cost fallback (off by default) above the tax multipliers."""
        page = QWidget()
        self.standard_cost = QCheckBox(
            self.tr("Cost products no bill prices at Odoo's standard cost"),
            checked=profit.standard_cost_fallback,
        )
        self.standard_cost.setToolTip(
            self.tr(
                "Off: a product sold without a vendor bill before the sale has no known cost and"
                " is left out of gross profit and margin. On: it is costed at its Odoo cost"
                " (standard_price, per company), and every margin says how much of the revenue"
                " is costed that way. Changing this recomputes profit."
            )
        )
        note = QLabel(
            self.tr(
                "Odoo's standard cost is an estimate kept in Odoo, not what the goods cost: the"
                " share of revenue costed with it is shown next to every margin."
            ),
            wordWrap=True,
        )
        style(note, "muted")
        layout = QVBoxLayout(page)
        layout.addWidget(self.standard_cost)
        layout.addWidget(note)
        layout.addWidget(self.taxes, 1)
        return page

    def _startup_tab(self, ui: S.UiSettings) -> QWidget:
        page = QWidget()
        from nkdash_desktop.autostart import autostart_enabled

        self.autostart_at_open = autostart_enabled()  # the system's entry, whoever wrote it
        self.start_with_windows = QCheckBox(
            translate("Settings", START_LABEL), checked=self.autostart_at_open
        )
        self.start_minimised = QCheckBox(
            self.tr("Start minimised to the tray"), checked=ui.start_minimised
        )
        self.startup_error = ErrorLabel()
        layout = QVBoxLayout(page)
        for widget in (self.start_with_windows, self.start_minimised, self.startup_error):
            layout.addWidget(widget)
        layout.addStretch(1)
        return page

    def _notifications_tab(self, ui: S.UiSettings) -> QWidget:
        page = QWidget()
        self.notify_failures = QRadioButton(self.tr("Only when a run fails"))
        self.notify_always = QRadioButton(self.tr("After every run (failed or not)"))
        (self.notify_always if ui.notifications == "always" else self.notify_failures).setChecked(
            True
        )
        layout = QVBoxLayout(page)
        layout.addWidget(self.notify_failures)
        layout.addWidget(self.notify_always)
        layout.addStretch(1)
        return page

    def _attention_tab(self, attention: S.AttentionSettings) -> QWidget:
        """The thresholds of the Overview's "Needs attention" rules, and what the tray says
        after the nightly sync."""
        form = FieldForm()
        self.attention_fields: dict[str, QSpinBox | QDoubleSpinBox] = {}
        rows = (
            ("cost_jump_percent", self.tr("Cost jump above (%)"), 0.1, 1000.0),
            ("cost_jump_days", self.tr("on bills of the last (days)"), 1, 366),
            ("cover_days", self.tr("Running out: cover under (days)"), 0.1, 365.0),
            ("cover_window_days", self.tr("at the sales rate of the last (days)"), 7, 366),
            ("dead_stock_days", self.tr("Dead stock: unsold for (days)"), 7, 3650),
            ("unusual_weeks", self.tr("Unusual day: same weekday of the last (weeks)"), 4, 52),
            ("unusual_k", self.tr("outside the median ± k × MAD, k ="), 0.5, 10.0),
        )
        for key, label, low, high in rows:
            value = getattr(attention, key)
            box: QSpinBox | QDoubleSpinBox
            if isinstance(value, float):
                box = QDoubleSpinBox(decimals=1, minimum=low, maximum=high, value=value)
            else:
                box = QSpinBox(minimum=int(low), maximum=int(high), value=value)
            self.attention_fields[key] = box
            form.add_row(key, label, box)
        self.attention_notify = QComboBox()
        for data, text in (
            ("everything", self.tr("Everything that needs attention")),
            ("data", self.tr("Data problems only")),
            ("off", self.tr("Nothing")),
        ):
            self.attention_notify.addItem(text, data)
        self.attention_notify.setCurrentIndex(self.attention_notify.findData(attention.notify))
        form.add_row("notify", self.tr("After the nightly sync, notify"), self.attention_notify)
        self.attention_form = form
        return form

    def _appearance_tab(self, ui: S.UiSettings) -> QWidget:
        """The language (each named in itself; applied at the next start) and the theme."""
        form = FieldForm()
        self.language = QComboBox()
        self.language.addItem(self.tr("System (the Windows display language)"), "system")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(ui.language), 0))
        form.add_row("language", self.tr("Language"), self.language)
        note = QLabel(translate("Settings", RESTART_FOR_LANGUAGE), wordWrap=True)
        style(note, "muted")
        form.form.addRow("", note)
        self.theme = QComboBox()
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        self.theme.setCurrentIndex(max(self.theme.findData(ui.theme), 0))
        form.add_row("theme", self.tr("Theme"), self.theme)
        return form

    def _attention_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {k: box.value() for k, box in self.attention_fields.items()}
        return values | {"notify": self.attention_notify.currentData()}

    # -- OK ----------------------------------------------------------------------------------

    def new_settings(self) -> S.Settings | None:
        """The settings as entered, or None after showing every field's error (on the first
        tab that has one)."""
        bad: list[QWidget] = []
        if self.connection.validate(required=False):
            bad.append(self.connection)
        lake_root = (
            ""
            if self.lake.path() == default_lake_root() and not self.old.lake.root
            else (str(self.lake.path()))
        )
        if self.lake.changed and not self.lake.ok:
            self.lake.show_errors(
                {
                    "root": self.lake.status.text()
                    if self.lake.result
                    else self.tr("still being checked")
                }
            )
            bad.append(self.lake)
        else:
            self.lake.show_errors({})
        schedule = {
            "enabled": self.nightly.isChecked(),
            "nightly_time": self.nightly_time.time().toString("HH:mm"),
        }
        schedule_errors = field_errors("schedule", schedule)
        self.schedule_form.show_errors(schedule_errors)
        if schedule_errors:
            bad.append(self.schedule_form)
        if self.taxes.validate():
            bad.append(self.profit_tab)
        attention = self._attention_values()
        attention_errors = field_errors("attention", attention)
        self.attention_form.show_errors(attention_errors)
        if attention_errors:
            bad.append(self.attention_form)
        if bad:
            self.tabs.setCurrentWidget(bad[0])
            return None
        raw = S.to_dict(self.store.current)  # what this dialog does not show stays as it is now
        raw["odoo"] = S.to_dict(S.Settings(odoo=self.connection.odoo_settings()))["odoo"]
        raw["lake"]["root"] = lake_root
        raw["schedule"] = schedule
        raw["attention"] = attention
        raw["profit"]["tax_multipliers"] = {str(k): v for k, v in self.taxes.values()[0].items()}
        raw["profit"]["standard_cost_fallback"] = self.standard_cost.isChecked()
        raw["ui"] |= {
            "start_minimised": self.start_minimised.isChecked(),
            "notifications": "always" if self.notify_always.isChecked() else "failures",
            "language": self.language.currentData(),
            "theme": self.theme.currentData(),
        }
        return S.from_dict(raw)

    def accept(self) -> None:
        if self.busy:
            return
        new = self.new_settings()
        if new is None:
            return
        moving = self.lake.changed and self.lake.moving
        wanted = self.start_with_windows.isChecked()
        changes = Changes(
            self.old,
            new,
            self.connection.secret.text(),
            self.old.lake_root() if moving else None,
            autostart=None if wanted == self.autostart_at_open else wanted,
        )
        self.busy = True
        self.buttons.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Moving the lake…") if moving else self.tr("Saving…"))
        self.progress.setVisible(moving)
        self.progress.setRange(0, 0)
        last = [-1]

        def progress(done: int, total: int) -> None:  # worker thread: a signal per percent
            percent = done * 100 // max(total, 1)
            if percent != last[0]:
                last[0] = percent
                self.move_progress.emit(done, total)

        run_task(
            lambda: apply_changes(changes, self.store, progress),
            lambda message: self._saved(new, message),
            self._failed,
            owner=self,
        )

    def _show_move(self, done: int, total: int) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(done * 1000 // max(total, 1))

    def _saved(self, new: S.Settings, message: str) -> None:
        self.busy = False
        self.message = message
        log.info("settings: %s", message)
        self.saved.emit(new, message)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.buttons.setEnabled(True)
        self.progress.hide()
        sentence = operator_sentence(exc)
        if isinstance(exc, MissingSecret):
            self.connection.show_errors({"secret": sentence})
            self.tabs.setCurrentWidget(self.connection)
        elif type(exc).__name__ == "AutostartError":
            self.startup_error.show_error(sentence)
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(self.tr("Nothing was saved: {reason}").format(reason=sentence))
