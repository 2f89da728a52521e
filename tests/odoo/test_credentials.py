"""The secret lives only in the keyring: round trip through an isolated real backend, and the
clear sentence when there is no keyring at all."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest

from nkdash_desktop.odoo import credentials as C
from nkdash_desktop.odoo.errors import KeyringFailed, NoKeyring

URL, DB, LOGIN = "https://erp.nk-mart.co.id", "nkmart", "owner@nk-mart.co.id"
KEY = "0f8e1d-api-key-for-tests"

NO_KEYRING = (
    "No secure password store (OS keyring) is available on this computer, so the Odoo "
    "password or API key cannot be kept: on Windows check that the Credential Manager works, "
    "on Linux install and unlock a Secret Service keyring such as GNOME Keyring, or give the "
    "secret to every run in the NKDASH_ODOO_SECRET environment variable (never stored)."
)


def test_round_trip(memory_keyring, nkdash_home):
    backend = memory_keyring
    assert C.load_secret(URL, DB, LOGIN) is None
    C.store_secret(URL, DB, LOGIN, KEY)
    # this home's entry: the connection, then the home's folder (tests run under NKDASH_HOME)
    home = str(nkdash_home.resolve())
    assert backend.entries == {("NK Dash", f"{URL}|{DB}|{LOGIN}|{home}"): KEY}
    # the same connection spelled differently finds the same entry
    assert C.load_secret("HTTPS://ERP.nk-mart.co.id:443/", DB, LOGIN) == KEY
    # another database or login on the same server is another entry
    assert C.load_secret(URL, "nkmart_test", LOGIN) is None
    assert C.load_secret(URL, DB, "cashier") is None
    C.store_secret(URL, DB, LOGIN, KEY + "-rotated")
    assert C.load_secret(URL, DB, LOGIN) == KEY + "-rotated"
    assert C.delete_secret(URL, DB, LOGIN) is True
    assert C.delete_secret(URL, DB, LOGIN) is False
    assert C.load_secret(URL, DB, LOGIN) is None
    assert C.keyring_backend_name().endswith(".MemoryKeyring")


def test_no_keyring_backend(use_keyring):
    use_keyring(keyring.backends.fail.Keyring())
    assert C.keyring_backend_name() == "none"
    for action in (
        lambda: C.store_secret(URL, DB, LOGIN, KEY),
        lambda: C.load_secret(URL, DB, LOGIN),
        lambda: C.delete_secret(URL, DB, LOGIN),
    ):
        with pytest.raises(NoKeyring) as err:
            action()
        assert str(err.value) == NO_KEYRING


def test_refusing_keyring_never_quotes_the_secret(locked_keyring):
    with pytest.raises(KeyringFailed) as err:
        C.store_secret(URL, DB, LOGIN, KEY)
    assert str(err.value) == (
        "The OS keyring could not store the Odoo password or API key (collection locked while "
        "saving ***): unlock the keyring (on Windows, the Credential Manager) and try again."
    )
    assert KEY not in repr(err.value) and err.value.__cause__ is None
    with pytest.raises(KeyringFailed) as err:
        C.load_secret(URL, DB, LOGIN)
    assert "could not read the Odoo password or API key (the login keyring is locked)" in str(
        err.value
    )


def test_two_homes_keep_their_own_entries(memory_keyring, monkeypatch, tmp_path):
    """Two NKDASH_HOMEs (and the per-user folders) log in to the same connection: a secret
    saved under one never changes another's."""
    homes = {"a": tmp_path / "home a", "b": tmp_path / "home b", "default": None}

    def at(home: str) -> None:
        if homes[home] is None:
            monkeypatch.delenv("NKDASH_HOME", raising=False)
        else:
            monkeypatch.setenv("NKDASH_HOME", str(homes[home]))

    for home in homes:
        at(home)
        C.store_secret(URL, DB, LOGIN, f"{KEY}-{home}")
    for home in homes:
        at(home)
        assert C.load_secret(URL, DB, LOGIN) == f"{KEY}-{home}"
    assert len(memory_keyring.entries) == 3
    at("a")
    assert C.delete_secret(URL, DB, LOGIN) is True
    at("b")
    assert C.load_secret(URL, DB, LOGIN) == f"{KEY}-b"
    # the same home spelled another way is the same home
    monkeypatch.setenv("NKDASH_HOME", str(tmp_path / "x" / ".." / "home b"))
    assert C.load_secret(URL, DB, LOGIN) == f"{KEY}-b"


def test_an_entry_saved_before_homes_were_told_apart_is_kept_and_copied(memory_keyring):
    """An operator upgrading keeps the login: the old entry (the default home's spelling) is
    read and copied to this home's own entry, and stays for the default home."""
    old = ("NK Dash", f"{URL}|{DB}|{LOGIN}")
    memory_keyring.entries[old] = KEY
    assert C.load_secret(URL, DB, LOGIN) == KEY
    own = ("NK Dash", C.credential_key(URL, DB, LOGIN))
    assert own != old and memory_keyring.entries == {old: KEY, own: KEY}
    C.store_secret(URL, DB, LOGIN, KEY + "-rotated")
    assert memory_keyring.entries == {old: KEY, own: KEY + "-rotated"}
    assert C.load_secret(URL, DB, LOGIN) == KEY + "-rotated"


def test_a_replaced_connection_leaves_no_secret_behind(memory_keyring):
    C.store_secret(URL, DB, LOGIN, KEY)
    C.store_secret(URL, DB, "cashier", "cashier-key")
    # the same connection spelled differently is no change
    C.forget_replaced_secret((URL, DB, LOGIN), ("HTTPS://ERP.nk-mart.co.id/odoo", DB, LOGIN))
    assert C.load_secret(URL, DB, LOGIN) == KEY
    C.forget_replaced_secret((URL, DB, LOGIN), (URL, DB, "cashier"))
    assert C.load_secret(URL, DB, LOGIN) is None
    assert C.load_secret(URL, DB, "cashier") == "cashier-key"
    C.forget_replaced_secret(("", "", ""), (URL, DB, "cashier"))  # nothing set up before
    assert list(memory_keyring.entries.values()) == ["cashier-key"]
