"""First run: the setup (connection tested against the real demo Odoo, lake folder checked, N
days) saves nothing until Finish, then the main window opens and a real first backfill loads
the lake behind its history banner; all as the least-privilege reporting user, on
Odoo 19 and 16. Cancelling leaves nothing behind."""

from __future__ import annotations

from datetime import timedelta

import demo_lake

# WebEngine must be imported before pytest-qt creates the QApplication (the main window uses it)
import PySide6.QtWebEngineWidgets  # noqa: F401
import pytest
from operator_support import files_holding
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWizard

from nkdash_desktop import settings as S
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.lake.layout import RAW, LakeLayout
from nkdash_desktop.logsetup import setup_logging
from nkdash_desktop.odoo.credentials import SERVICE, credential_key
from nkdash_desktop.paths import app_paths
from nkdash_desktop.ui.dialogs.setup_wizard import DEFAULT_DAYS, FirstRun, first_backfill_range

WAIT_MS = 60_000
USER, USER_KEY = "viewer", "nkdash-demo-viewer-key"  # the README's reporting groups only
RUN_MS = 180_000  # a real backfill on a loaded machine
DAYS = 3


def fill_connection(qtbot, flow: FirstRun, srv, secret: str, login: str = "admin") -> None:
    form = flow.wizard.connection.form
    form.url.setText(srv.url)
    form.database.setText(srv.db)
    form.login.setText(login)
    form.secret.setText(secret)
    form.timezone.setCurrentText(demo_lake.TZ)
    with qtbot.waitSignal(form.tested, timeout=WAIT_MS) as tested:
        form.test_button.click()
    assert tested.args == [True], form.result.text()


@pytest.fixture(params=[19, 16])
def odoo(request):
    """Odoo 19: the suite's shared demo server; 16: a small one of its own."""
    if request.param == 19:
        yield demo_lake.server()
        return
    config = DemoConfig(days=DAYS + 2, scale="small", flavour=16, now=demo_lake.now_utc())
    with DemoOdoo(config, port=0).start() as srv:
        yield srv


def test_setup_then_first_backfill_then_the_main_window(qtbot, qapp, memory_keyring, tmp_path,
                                                        odoo):  # fmt: skip
    srv = odoo
    setup_logging()  # the log is among the files scanned for the secret
    cancelled: list[bool] = []
    flow = FirstRun(S.Settings(), on_cancel=lambda: cancelled.append(True))
    wizard = flow.wizard
    qtbot.addWidget(wizard)
    flow.start()
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # no tested connection yet
    fill_connection(qtbot, flow, srv, USER_KEY, USER)
    assert next_button.isEnabled()
    wizard.connection.form.url.setText(srv.url + "/")
    wizard.connection.form.url.textEdited.emit(srv.url + "/")  # an edit needs a new test
    assert not next_button.isEnabled()
    fill_connection(qtbot, flow, srv, USER_KEY, USER)
    assert "ir.model" not in wizard.connection.form.result.text()
    next_button.click()

    lake = tmp_path / "shop lake"
    page = wizard.lake
    page.form.folder.setText(str(lake))
    qtbot.waitUntil(lambda: page.form.ok, timeout=WAIT_MS)
    assert next_button.isEnabled()
    next_button.click()
    assert wizard.backfill.days.value() == DEFAULT_DAYS
    wizard.backfill.days.setValue(DAYS)
    assert not app_paths().settings_file.exists() and memory_keyring.entries == {}

    with qtbot.waitSignal(flow.opened, timeout=WAIT_MS):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    window = flow.window
    try:
        with qtbot.waitSignal(window.engine.finished, timeout=RUN_MS) as run:
            pass
        result = run.args[0]
        assert not isinstance(result, BaseException), result
        assert result.status == "succeeded", result.sentence
        qtbot.waitUntil(window.isVisible, timeout=WAIT_MS)
        assert not cancelled

        saved = S.load()
        assert (saved.odoo.url, saved.odoo.database, saved.odoo.login) == (
            srv.url, srv.db, USER,
        )  # fmt: skip
        assert saved.lake_root() == lake and window.context.lake_root == lake
        key = credential_key(srv.url, srv.db, USER)
        assert memory_keyring.entries == {(SERVICE, key): USER_KEY}
        first, last = first_backfill_range(DAYS, demo_lake.TZ)
        assert (last - first).days == DAYS - 1
        assert LakeLayout(lake).days(RAW, "pos_order_lines") == [
            first + timedelta(days=i) for i in range(DAYS)
        ]
        found, scanned = files_holding(USER_KEY, lake)
        assert found == [] and scanned > 20  # config, log and every file of the lake
        # its tabs come after its first paint, then the lake and the web views: not closed before
        qtbot.waitUntil(lambda: window.board is not None, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: window.board.source is not None, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: window.sales.charts.web is not None, timeout=WAIT_MS)
    finally:
        window.close()
        window.deleteLater()
        qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_cancelling_the_setup_saves_nothing(qtbot, memory_keyring, tmp_path):
    srv = demo_lake.server()
    cancelled: list[bool] = []
    flow = FirstRun(S.Settings(), on_cancel=lambda: cancelled.append(True))
    qtbot.addWidget(flow.wizard)
    flow.start()
    fill_connection(qtbot, flow, srv, demo_lake.DEMO_KEY)
    flow.wizard.next()
    flow.wizard.lake.form.folder.setText(str(tmp_path / "lake"))
    qtbot.waitUntil(lambda: flow.wizard.lake.form.ok, timeout=WAIT_MS)
    flow.wizard.button(QWizard.WizardButton.CancelButton).click()
    assert cancelled == [True] and flow.window is None
    assert not app_paths().settings_file.exists()
    assert memory_keyring.entries == {}
    assert not (tmp_path / "lake").exists()  # the folder check left no trace


def test_the_setup_tests_and_keeps_the_server_address_of_a_pasted_url(qtbot, memory_keyring):
    """The setup shares the connection form and settings' check with Settings and `login`."""
    srv = demo_lake.server()
    flow = FirstRun(S.Settings(), on_cancel=lambda: None)
    qtbot.addWidget(flow.wizard)
    flow.start()
    fill_connection(qtbot, flow, srv, demo_lake.DEMO_KEY)
    form = flow.wizard.connection.form
    form.url.setText(f"{srv.url}/web#action=12&model=pos.order")
    with qtbot.waitSignal(form.tested, timeout=WAIT_MS) as tested:
        form.test_button.click()
    assert tested.args == [True] and form.url.text() == srv.url
    odoo = flow.wizard.new_settings().odoo
    assert (odoo.url, odoo.secret_kind, odoo.login_transport) == (srv.url, "api_key", "json2")
