"""The Settings dialog, offscreen: settings round-trip and validation errors next to the fields,
the secret in the (isolated, real) keyring and in no file, "Test connection" sentences from the
real demo Odoo over HTTP, start at sign-in, and a lake move from the main window."""

from __future__ import annotations

import sys
from pathlib import Path

import demo_lake
import polars as pl

# WebEngine must be imported before pytest-qt creates the QApplication (the qapp fixture)
import PySide6.QtWebEngineWidgets  # noqa: F401
import pytest
from operator_support import closed_port_url, files_holding
from PySide6.QtCore import QEvent

from nkdash_desktop import settings as S
from nkdash_desktop.autostart import (
    autostart_command,
    autostart_enabled,
    set_autostart,
    xdg_autostart_file,
)
from nkdash_desktop.lake.versions import VERSION_PREFIX
from nkdash_desktop.logsetup import setup_logging
from nkdash_desktop.odoo import OdooError
from nkdash_desktop.odoo.credentials import SERVICE, credential_key, store_secret
from nkdash_desktop.pipeline.connect import open_client
from nkdash_desktop.ui.dialogs.settings_dialog import SettingsDialog
from nkdash_desktop.ui.dialogs.settings_forms import TEST_RETRIES
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.window.mainwindow import MainWindow

WAIT_MS = 60_000
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
SHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def isolated_autostart(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg config"))


@pytest.fixture(scope="module")
def demo():
    return demo_lake.server()


def connected(srv, lake) -> S.Settings:
    settings = demo_lake.settings_for(lake, srv)
    settings.profit.tax_multipliers = {5: 1.11}
    return settings.validated()


def open_dialog(qtbot, settings: S.Settings) -> SettingsDialog:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def press_ok(qtbot, dialog: SettingsDialog) -> tuple[S.Settings, str]:
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    return saved.args[0], saved.args[1]


def test_settings_round_trip(qtbot, demo, memory_keyring, tmp_path):
    settings = connected(demo, tmp_path / "lake")
    S.save(settings)
    store_secret(demo.url, demo.db, "admin", demo_lake.DEMO_KEY)
    dialog = open_dialog(qtbot, S.load())
    form = dialog.connection
    assert (form.url.text(), form.database.text(), form.login.text()) == (
        demo.url, demo.db, "admin",
    )  # fmt: skip
    assert form.secret.text() == ""  # the secret is never read back into the window
    assert form.timezone.currentText() == demo_lake.TZ
    assert dialog.taxes.cell(0, 0) == "5" and dialog.taxes.cell(0, 1) == "1.11"
    assert dialog.lake.folder.text() == str(tmp_path / "lake")

    form.transport.setCurrentIndex(form.transport.findData("json2"))
    form.timezone.setCurrentText("Europe/Paris")
    dialog.nightly.setChecked(False)
    dialog.nightly_time.setTime(dialog.nightly_time.time().fromString("03:30", "HH:mm"))
    dialog.taxes.add_row("7", "1,1")  # a decimal comma is read as a point
    dialog.start_minimised.setChecked(True)
    dialog.notify_always.setChecked(True)
    new, message = press_ok(qtbot, dialog)
    assert message == "Settings saved."
    assert S.load() == new
    assert new.odoo.transport == "json2" and new.odoo.timezone == "Europe/Paris"
    assert (new.schedule.enabled, new.schedule.nightly_time) == (False, "03:30")
    assert new.profit.tax_multipliers == {5: 1.11, 7: 1.1}
    assert new.ui.start_minimised and new.ui.notifications == "always"
    assert new.lake.root == str(tmp_path / "lake") and new.odoo.url == demo.url


def test_validation_errors_show_next_to_their_fields(qtbot, demo, memory_keyring, tmp_path):
    S.save(connected(demo, tmp_path / "lake"))
    before = S.app_paths().settings_file.read_bytes()
    dialog = open_dialog(qtbot, S.load())
    form = dialog.connection
    form.url.setText("ftp://odoo.example.com")
    form.database.setText("")
    form.timezone.setCurrentText("Mars/Olympus")
    dialog.taxes.add_row("abc", "1.1")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert form.errors["url"].text() == (
        "must start with http:// or https:// followed by a host name"
    )
    assert form.errors["database"].text() == "must be filled in"
    assert "IANA time zone" in form.errors["timezone"].text()
    assert form.errors["url"].isVisible() and not form.errors["login"].isVisible()
    assert dialog.tabs.currentWidget() is form  # the first tab with an error
    assert dialog.taxes.error.text() == "tax id 'abc' must be a whole number"

    form.url.setText(demo.url)
    form.database.setText(demo.db)
    form.timezone.setCurrentText(demo_lake.TZ)
    dialog.taxes.table.removeRow(1)
    dialog.taxes.add_row("3", "0")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not form.errors["url"].isVisible()
    assert dialog.tabs.currentWidget() is dialog.profit_tab
    assert dialog.taxes.error.text() == ("multiplier for tax 3 must be a number above 0, e.g. 1.11")
    dialog.taxes.set_tax(1, "5")  # tax 5 is already in the table
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.taxes.error.text() == "tax id 5 is listed twice"
    assert dialog.isVisible() and dialog.result() == 0
    assert S.app_paths().settings_file.read_bytes() == before  # nothing saved


def test_a_new_connection_needs_its_secret(qtbot, demo, memory_keyring, tmp_path):
    dialog = open_dialog(qtbot, demo_lake.settings_for(tmp_path / "lake"))
    dialog.connection.url.setText(demo.url)
    dialog.connection.database.setText(demo.db)
    dialog.connection.login.setText("admin")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    error = dialog.connection.errors["secret"]
    qtbot.waitUntil(error.isVisible, timeout=WAIT_MS)
    assert error.text().startswith("Enter the API key or password")
    assert dialog.status.text().startswith("Nothing was saved")
    assert not S.app_paths().settings_file.exists()


def test_the_secret_goes_to_the_keyring_and_to_no_file(qtbot, demo, memory_keyring, tmp_path):
    setup_logging()  # the log file is scanned too
    secret = demo_lake.DEMO_KEY
    dialog = open_dialog(qtbot, demo_lake.settings_for(tmp_path / "lake"))
    form = dialog.connection
    form.url.setText(demo.url)
    form.database.setText(demo.db)
    form.login.setText("admin")
    form.secret.setText(secret)
    with qtbot.waitSignal(form.tested, timeout=WAIT_MS) as tested:
        form.test_button.click()
    assert tested.args == [True], form.result.text()
    press_ok(qtbot, dialog)
    key = credential_key(demo.url, demo.db, "admin")
    assert memory_keyring.entries == {(SERVICE, key): secret}
    found, scanned = files_holding(secret, tmp_path / "lake")
    assert found == []
    assert scanned >= 2  # settings.toml and the log file at least
    assert (S.app_paths().log_dir / "nkdash.log").stat().st_size > 0


def test_a_changed_connection_is_cleaned_up_and_leaves_no_secret(
    qtbot, demo, memory_keyring, tmp_path
):
    """A URL pasted from the browser is tested and saved as the server address; the old
    connection's keyring entry goes once the new one is saved."""
    S.save(connected(demo, tmp_path / "lake"))
    store_secret(demo.url, demo.db, "admin", demo_lake.DEMO_KEY)
    dialog = open_dialog(qtbot, S.load())
    form = dialog.connection
    form.url.setText(f"{demo.url}/odoo/action-123?debug=1")
    form.login.setText("viewer")
    form.secret.setText("nkdash-demo-viewer-key")
    with qtbot.waitSignal(form.tested, timeout=WAIT_MS):
        form.test_button.click()
    assert form.url.text() == demo.url  # what was tested is what is shown
    new, _ = press_ok(qtbot, dialog)
    assert new.odoo.url == demo.url and S.load().odoo.url == demo.url
    assert (new.odoo.secret_kind, new.odoo.login_transport) == ("api_key", "json2")  # found
    assert memory_keyring.entries == {
        (SERVICE, credential_key(demo.url, demo.db, "viewer")): "nkdash-demo-viewer-key"
    }


def expected_sentence(settings: S.Settings, secret: str) -> str:
    """What the client layer itself says for these settings."""
    with pytest.raises(OdooError) as failure:
        open_client(settings, secret, retry_policy=TEST_RETRIES)
    return failure.value.sentence


@pytest.mark.parametrize(
    ("case", "part"),
    [
        ("wrong key", 'Odoo refused the login "admin"'),
        ("wrong database", 'has no database named "no_such_db"'),
        ("server down", "Cannot reach Odoo at"),
    ],
)
def test_test_connection_shows_the_client_sentence(
    qtbot, demo, memory_keyring, tmp_path, case, part
):
    settings = demo_lake.settings_for(tmp_path / "lake", demo)
    secret = demo_lake.DEMO_KEY
    if case == "wrong key":
        secret = "not-the-key"
    elif case == "wrong database":
        settings.odoo.database = "no_such_db"
    else:
        settings.odoo.url = closed_port_url()
    store_secret(settings.odoo.url, settings.odoo.database, "admin", secret)  # as saved before
    dialog = open_dialog(qtbot, settings)
    with qtbot.waitSignal(dialog.connection.tested, timeout=WAIT_MS) as tested:
        dialog.connection.test_button.click()
    assert tested.args == [False]
    shown = dialog.connection.result.text()
    assert shown == expected_sentence(settings, secret)
    assert part in shown and "\n" not in shown


def test_test_connection_checks_the_company_against_the_users_companies(
    qtbot, demo, memory_keyring, tmp_path
):
    settings = demo_lake.settings_for(tmp_path / "lake", demo)
    settings.odoo.login, settings.odoo.company_id = "viewer", 2  # the viewer has NK Mart only
    store_secret(settings.odoo.url, settings.odoo.database, "viewer", "nkdash-demo-viewer-key")
    dialog = open_dialog(qtbot, settings)
    form = dialog.connection
    with qtbot.waitSignal(form.tested, timeout=WAIT_MS):
        form.test_button.click()
    assert form.result.text().endswith(
        'The Odoo user "viewer" may not use company id 2; their companies are: NK Mart (id 1). '
        "Choose one of them in Settings > Connection or with `nkdash login --company`."
    )
    # the choice offers the user's companies by name, and still shows the bad one as chosen
    items = [form.company.itemText(i) for i in range(form.company.count())]
    assert items == ["The user's default company", "NK Mart (IDR)", "Company id 2"]
    assert form.company.currentData() == 2
    form.company.setCurrentIndex(1)
    with qtbot.waitSignal(form.tested, timeout=WAIT_MS):
        form.test_button.click()
    assert "may not use" not in form.result.text()
    assert "pos_lines: readable" in form.result.text()


def test_start_at_sign_in_on_and_off(qtbot, memory_keyring, tmp_path):
    dialog = open_dialog(qtbot, demo_lake.settings_for(tmp_path / "lake"))
    assert not dialog.start_with_windows.isChecked()
    dialog.start_with_windows.setChecked(True)
    press_ok(qtbot, dialog)
    assert autostart_enabled()
    if sys.platform != "win32":  # on Windows it is the HKCU Run value
        assert "--tray" in xdg_autostart_file().read_text(encoding="utf-8")
    dialog = open_dialog(qtbot, S.load())
    assert dialog.start_with_windows.isChecked()
    dialog.start_with_windows.setChecked(False)
    press_ok(qtbot, dialog)
    assert not autostart_enabled()
    assert not xdg_autostart_file().exists()


def test_an_ok_that_changed_nothing_keeps_the_installers_autostart(qtbot, memory_keyring, tmp_path):
    """The installer's task registered the start at sign-in; the settings file knows nothing of
    it. The box shows the system's state, and OK without touching it leaves the entry alone."""
    set_autostart(True, ["/opt/NK Dash/NKDash", "--tray"])  # as the installer writes it
    written = autostart_command()
    settings = demo_lake.settings_for(tmp_path / "lake")
    S.save(settings)
    dialog = open_dialog(qtbot, S.load())
    assert dialog.start_with_windows.isChecked()
    dialog.start_minimised.setChecked(True)  # another change, in the same OK
    new, _ = press_ok(qtbot, dialog)
    assert new.ui.start_minimised
    assert autostart_enabled() and autostart_command() == written
    path = S.app_paths().settings_file
    assert "start_with_windows" not in path.read_text(encoding="utf-8")
    # a settings file of an older version that still holds the copy loads, and is not obeyed
    path.write_text(
        path.read_text(encoding="utf-8").replace("[ui]", "[ui]\nstart_with_windows = false"),
        encoding="utf-8",
    )
    dialog = open_dialog(qtbot, S.load())
    assert dialog.start_with_windows.isChecked()
    press_ok(qtbot, dialog)
    assert autostart_command() == written


def lake_files(root) -> list[str]:
    """The lake's data files. Not: the writer lock (whoever ran last), the hidden versions
    (the catalog links its own when the window opens the moved lake, as soon as the settings
    switch to it) and SQLite's -wal/-shm (they come and go with the state's connections)."""
    found = (p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    return sorted(
        f
        for f in found
        if f != "metadata/writer.lock"
        and not Path(f).name.startswith(VERSION_PREFIX)
        and not f.endswith(("-wal", "-shm"))
    )


def test_moving_the_lake_from_the_main_window(qtbot, qapp, demo, memory_keyring, tmp_path):
    old = demo_lake.copy_lake(demo_lake.built_lake(tmp_path.parent), tmp_path / "old lake")
    settings = demo_lake.settings_for(old)  # no connection: the move needs none
    S.save(settings)
    window = MainWindow(AppContext(S.load()))
    try:
        window.show()
        qtbot.waitUntil(lambda: window.board.source is not None, timeout=WAIT_MS)
        files = lake_files(old)
        window.settings_action.trigger()
        dialog = window.settings_dialog
        new_root = tmp_path / "new home" / "lake"
        with qtbot.waitSignal(dialog.lake.checked, timeout=WAIT_MS):
            dialog.lake.folder.setText(str(new_root))
        qtbot.waitUntil(lambda: dialog.lake.ok, timeout=WAIT_MS)
        assert not dialog.lake.move.isHidden() and dialog.lake.moving
        _, message = press_ok(qtbot, dialog)
        assert message.startswith("Settings saved. Moved the lake")
        assert not old.exists()
        assert lake_files(new_root) == files
        assert S.load().lake.root == str(new_root)
        qtbot.waitUntil(
            lambda: window.board.source is not None and window.board.source.lake_root == new_root,
            timeout=WAIT_MS,
        )
        # the window starts its web views after its first paint: not closed before that
        qtbot.waitUntil(lambda: window.sales.charts.web is not None, timeout=WAIT_MS)
    finally:  # its web pages must go before the WebEngine profile does, at exit
        window.close()
        window.deleteLater()
        qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_the_tax_multipliers_name_each_tax_with_its_rate(qtbot, memory_keyring, lake_root):
    from nkdash_desktop.lake.layout import LakeLayout
    from nkdash_desktop.pipeline.profit.multipliers import read_taxes

    taxes = read_taxes(LakeLayout(lake_root)).filter(pl.col("type_tax_use") == "purchase")
    tax = taxes.row(0, named=True)
    settings = demo_lake.settings_for(lake_root)
    settings.profit.tax_multipliers = {tax["tax_id"]: 1.0}
    dialog = open_dialog(qtbot, settings.validated())
    dialog.tabs.setCurrentWidget(dialog.profit_tab)
    box = dialog.taxes.table.cellWidget(0, 0)
    qtbot.waitUntil(lambda: dialog.taxes.table.cellWidget(0, 0).count() > 0, timeout=WAIT_MS)
    box = dialog.taxes.table.cellWidget(0, 0)
    assert box.currentText() == f"{tax['name']} · {tax['amount']:g}% · purchases"
    assert dialog.taxes.table.horizontalHeaderItem(0).text() == "Tax"  # not a raw "Tax id"
    assert dialog.taxes.cell(0, 0) == str(tax["tax_id"])  # what the settings keep
    assert "multiplier" in dialog.taxes.table.toolTip()
    shots = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(shots / "settings-tax-multipliers.png"))


def test_the_attention_thresholds_and_notification(qtbot, memory_keyring, tmp_path):
    dialog = open_dialog(qtbot, demo_lake.settings_for(tmp_path / "lake"))
    fields = dialog.attention_fields
    assert fields["cost_jump_percent"].value() == 10.0 and fields["cover_days"].value() == 3.0
    assert (fields["cover_window_days"].value(), fields["dead_stock_days"].value()) == (28, 60)
    assert (fields["unusual_weeks"].value(), fields["unusual_k"].value()) == (8, 3.0)
    assert dialog.attention_notify.currentData() == "everything"
    fields["cost_jump_percent"].setValue(15.0)
    fields["dead_stock_days"].setValue(90)
    dialog.attention_notify.setCurrentIndex(dialog.attention_notify.findData("data"))
    new, _ = press_ok(qtbot, dialog)
    assert S.load() == new
    assert (new.attention.cost_jump_percent, new.attention.dead_stock_days) == (15.0, 90)
    assert new.attention.notify == "data" and new.attention.cover_days == 3.0


def test_the_standard_cost_fallback_rebuilds_profit_and_the_cards_say_so(
    qtbot, qapp, memory_keyring, tmp_path
):
    """Settings > Profit: off by default; switched on, profit is rebuilt from the lake at once
    (no Odoo needed) with the lines no bill prices costed at Odoo's standard price, and the
    gross profit and margin cards say what share of revenue that is; off again, none is."""
    from nkdash_desktop.lake.layout import LakeLayout
    from nkdash_desktop.lake.months import scan_fact
    from nkdash_desktop.lake.schema import FACTS

    root = demo_lake.copy_lake(demo_lake.built_lake(tmp_path.parent), tmp_path / "lake")
    S.save(demo_lake.settings_for(root))  # no connection: the rebuild reads the lake only
    window = MainWindow(AppContext(S.load()))

    def standard_lines() -> int:
        lines = scan_fact(LakeLayout(root), FACTS["fact_sales_lines_profit"]).collect()
        return lines.filter(pl.col("cost_source") == "standard").height

    def notes() -> list[str]:
        cards = window.overview.cards.cards
        return [cards[m].note.text() for m in ("gross_profit", "margin")]

    def switch(on: bool) -> None:
        window.settings_action.trigger()
        dialog = window.settings_dialog
        assert dialog.standard_cost.isChecked() is not on
        dialog.tabs.setCurrentWidget(dialog.profit_tab)
        dialog.standard_cost.setChecked(on)
        if on:
            assert dialog.grab().save(str(SHOTS / "settings-profit.png"))
        with qtbot.waitSignal(window.engine.finished, timeout=WAIT_MS) as finished:
            press_ok(qtbot, dialog)
        assert not isinstance(finished.args[0], BaseException), finished.args[0]
        assert "Profit rebuild" in finished.args[0].sentence
        assert S.load().profit.standard_cost_fallback is on

    try:
        window.show()
        qtbot.waitUntil(lambda: window.board.source is not None, timeout=WAIT_MS)
        assert S.load().profit.standard_cost_fallback is False  # off by default
        assert standard_lines() == 0
        qtbot.waitUntil(lambda: "without a known cost" in notes()[0], timeout=WAIT_MS)
        assert not any("standard cost" in note for note in notes())
        switch(True)
        assert standard_lines() > 0
        qtbot.waitUntil(
            lambda: all("of revenue at Odoo's standard cost" in n for n in notes()),
            timeout=WAIT_MS,
        )
        assert window.overview.cards.grab().save(str(SHOTS / "cards-standard-cost.png"))
        switch(False)
        assert standard_lines() == 0
        qtbot.waitUntil(lambda: not any("standard cost" in n for n in notes()), timeout=WAIT_MS)
    finally:
        window.close()
        window.deleteLater()
        qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
