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
    "on Linux install and unlock a Secret Service keyring such as GNOME Keyring."
)


def test_round_trip(memory_keyring):
    backend = memory_keyring
    assert C.load_secret(URL, DB, LOGIN) is None
    C.store_secret(URL, DB, LOGIN, KEY)
    assert backend.entries == {("NK Dash", f"{URL}|{DB}|{LOGIN}"): KEY}
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
