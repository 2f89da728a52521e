"""`nkdash login` against the real demo Odoo with an isolated real keyring: the server address
from a pasted browser URL, one keyring entry per connection and home, nothing left behind when
the connection changes."""

from __future__ import annotations

import io
import os
import sys
from datetime import date, datetime
from pathlib import Path

import keyring.backends.fail
import pytest

from nkdash_desktop import settings as S
from nkdash_desktop.cli import main
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.logsetup import setup_logging
from nkdash_desktop.odoo.credentials import SERVICE, credential_key
from nkdash_desktop.odoo.errors import NoKeyring

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


@pytest.mark.parametrize(
    ("secret", "kind", "transport", "words"),
    [
        ("admin", "password", "jsonrpc", "with a password (jsonrpc)"),
        (ADMIN_KEY, "api_key", "json2", "with an API key (json2)"),
    ],
)
def test_login_records_the_secrets_kind_and_later_runs_make_no_failing_probe(
    odoo, monkeypatch, memory_keyring, capsys, secret, kind, transport, words
):
    assert login(monkeypatch, odoo.url, odoo.db, "admin", secret) == 0
    said = capsys.readouterr().out
    odoo.request_log.clear()
    assert (
        main(["backfill", "--start", "2026-01-09", "--end", "2026-01-10", "--datasets", "pos"]) == 0
    )
    assert main(["test-connection"]) == 0
    answered = list(odoo.request_log)
    assert answered and [(p, st) for p, st in answered if st >= 400] == []  # no 401 probe
    paths = {p for p, _ in answered} - {"/web/webclient/version_info"}  # the version probe
    if transport == "json2":
        assert all(p.startswith("/json/2/") for p in paths)
    else:
        assert paths == {"/jsonrpc"}
    assert words in said
    saved = S.load().odoo
    assert (saved.secret_kind, saved.login_transport) == (kind, transport)
    assert secret not in S.app_paths().settings_file.read_text("utf-8").replace('"admin"', "")


def test_odoo_16_cannot_tell_the_kind_and_says_so(monkeypatch, memory_keyring, capsys):
    cfg = DemoConfig(days=2, flavour=16, end_date=date(2026, 1, 10), now=datetime(2026, 1, 11))
    with DemoOdoo(cfg, port=0).start() as old:
        assert login(monkeypatch, old.url, old.db, "admin", ADMIN_KEY) == 0
        assert "with a password or API key (jsonrpc)" in capsys.readouterr().out
        assert (S.load().odoo.secret_kind, S.load().odoo.login_transport) == ("", "jsonrpc")
        assert [(p, st) for p, st in old.request_log if st >= 400] == []


def test_without_a_keyring_login_says_so_before_testing_anything(
    odoo, monkeypatch, use_keyring, capsys
):
    use_keyring(keyring.backends.fail.Keyring())
    odoo.request_log.clear()
    assert login(monkeypatch, odoo.url, odoo.db, "admin", ADMIN_KEY) == 1
    assert capsys.readouterr().err == f"error: {NoKeyring()}\n"
    assert "NKDASH_ODOO_SECRET" in str(NoKeyring())
    assert list(odoo.request_log) == []  # said before the connection was tested
    assert sys.stdin.read() == ADMIN_KEY + "\n"  # and before the secret was asked for
    assert not S.app_paths().settings_file.exists()


def test_a_secret_from_the_environment_is_read_at_run_time_and_never_stored(
    odoo, monkeypatch, use_keyring, capsys
):
    use_keyring(keyring.backends.fail.Keyring())  # a Linux server: no keyring at all
    monkeypatch.setenv("NKDASH_ODOO_SECRET", ADMIN_KEY)
    setup_logging()
    argv = ["login", "--url", odoo.url, "--database", odoo.db, "--login", "admin"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Secret not stored: every run reads it from NKDASH_ODOO_SECRET" in out
    assert (
        main(["backfill", "--start", "2026-01-10", "--end", "2026-01-10", "--datasets", "pos"]) == 0
    )
    assert main(["test-connection"]) == 0
    assert "transport json2 with an API key" in capsys.readouterr().out
    home = Path(os.environ["NKDASH_HOME"])
    files = [p for p in home.rglob("*") if p.is_file()]
    assert len(files) > 5 and not [p for p in files if ADMIN_KEY.encode() in p.read_bytes()]
    # --password-stdin next to the variable is a contradiction, refused in one sentence
    assert main([*argv, "--password-stdin"]) == 2
    assert "NKDASH_ODOO_SECRET is set, so every run uses it" in capsys.readouterr().err
