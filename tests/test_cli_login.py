"""`nkdash login` against the real demo Odoo with an isolated real keyring: the server address
from a pasted browser URL, one keyring entry per connection and home, nothing left behind when
the connection changes."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest

from nkdash_desktop import settings as S
from nkdash_desktop.cli import main
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.odoo.credentials import SERVICE, credential_key

ADMIN_KEY, VIEWER_KEY = "nkdash-demo-admin-key", "nkdash-demo-viewer-key"


@pytest.fixture(scope="module")
def odoo():
    cfg = DemoConfig(days=3, end_date=date(2026, 1, 10), now=datetime(2026, 1, 11, 3, 0))
    with DemoOdoo(cfg, port=0).start() as srv:
        yield srv


def login(monkeypatch, url: str, db: str, user: str, secret: str, *extra: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(secret + "\n"))
    argv = ["login", "--url", url, "--database", db, "--login", user, "--password-stdin"]
    return main([*argv, *extra])


def test_a_pasted_browser_url_is_tested_and_stored_as_the_server_address(
    odoo, monkeypatch, memory_keyring, capsys
):
    pasted = f"{odoo.url}/odoo/action-123?debug=1#cids=1"
    assert login(monkeypatch, pasted, odoo.db, "admin", ADMIN_KEY) == 0
    assert S.load().odoo.url == odoo.url
    assert memory_keyring.entries == {
        (SERVICE, credential_key(odoo.url, odoo.db, "admin")): ADMIN_KEY
    }
    assert f"|{odoo.url}/odoo" not in "".join(k for _, k in memory_keyring.entries)


def test_a_new_login_removes_the_old_connections_secret(odoo, monkeypatch, memory_keyring, capsys):
    assert login(monkeypatch, odoo.url, odoo.db, "admin", ADMIN_KEY) == 0
    assert login(monkeypatch, f"{odoo.url}/web/login", odoo.db, "viewer", VIEWER_KEY) == 0
    assert memory_keyring.entries == {
        (SERVICE, credential_key(odoo.url, odoo.db, "viewer")): VIEWER_KEY
    }
    # logging in again to the same connection keeps its (rotated) entry only
    assert login(monkeypatch, odoo.url + "/", odoo.db, "viewer", VIEWER_KEY) == 0
    assert list(memory_keyring.entries.values()) == [VIEWER_KEY]


def test_two_homes_logging_in_to_one_connection_keep_their_own_secret(
    odoo, monkeypatch, memory_keyring, tmp_path, capsys
):
    monkeypatch.setenv("NKDASH_HOME", str(tmp_path / "home a"))
    assert login(monkeypatch, odoo.url, odoo.db, "admin", ADMIN_KEY) == 0
    monkeypatch.setenv("NKDASH_HOME", str(tmp_path / "home b"))
    assert login(monkeypatch, odoo.url, odoo.db, "admin", "admin") == 0  # the password
    assert sorted(memory_keyring.entries.values()) == ["admin", ADMIN_KEY]
    monkeypatch.setenv("NKDASH_HOME", str(tmp_path / "home a"))
    capsys.readouterr()
    assert main(["test-connection"]) == 0
    assert "transport json2" in capsys.readouterr().out  # home a still has the API key
