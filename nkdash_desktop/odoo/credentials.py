"""The Odoo password or API key, kept only in the OS keyring (Windows Credential Manager).

One entry per connection and app home: service "NK Dash", user name
"<server address>|<database>|<login>", followed by "|<home folder>" when NKDASH_HOME moves the
app's files. So two databases on one server, two logins, or two homes logging in to the same
connection never overwrite each other. Before homes were told apart every home used the
default home's entry: a home that finds no entry of its own copies that one (and leaves it to
the default home). Nothing here logs the secret or quotes it in an error.
"""

from __future__ import annotations

import logging
import os

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors

from nkdash_desktop import APP_NAME
from nkdash_desktop.odoo.errors import KeyringFailed, NoKeyring
from nkdash_desktop.odoo.net import server_address
from nkdash_desktop.odoo.secret import scrub
from nkdash_desktop.paths import moved_home

log = logging.getLogger(__name__)
SERVICE = APP_NAME  # "NK Dash"
# Machines without an OS keyring (Linux servers, containers): the secret is given to each run
# in this variable, as CLIs take tokens, and is never stored by the app.
SECRET_ENV = "NKDASH_ODOO_SECRET"


def secret_from_environment() -> str | None:
    return os.environ.get(SECRET_ENV) or None


def has_keyring() -> bool:
    return not _is_fail_backend(keyring.get_keyring())


def find_secret(url: str, database: str, login: str) -> str | None:
    """The secret a run connects with: NKDASH_ODOO_SECRET when set (read now, never stored),
    else this connection's keyring entry; None when there is neither."""
    return secret_from_environment() or load_secret(url, database, login)


def credential_key(url: str, database: str, login: str) -> str:
    """This home's entry for the connection."""
    key = _shared_key(url, database, login)
    home = moved_home()
    return f"{key}|{home}" if home else key


def _shared_key(url: str, database: str, login: str) -> str:
    # the default home's entry, and the one every home used before homes were told apart
    return f"{server_address(url)}|{database.strip()}|{login.strip()}"


def keyring_backend_name() -> str:
    """A readable name of the keyring in use, e.g. 'WinVaultKeyring' ('none' if there is none)."""
    backend = keyring.get_keyring()
    if _is_fail_backend(backend):
        return "none"
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _is_fail_backend(backend: object) -> bool:
    return isinstance(backend, keyring.backends.fail.Keyring)


def _backend() -> keyring.backend.KeyringBackend:
    backend = keyring.get_keyring()
    if _is_fail_backend(backend):
        raise NoKeyring()
    return backend


def _failed(action: str, exc: Exception, secret: str | None = None) -> KeyringFailed:
    reason = scrub(" ".join(str(exc).split()), secret) or exc.__class__.__name__
    return KeyringFailed(action, reason[:200])


def store_secret(url: str, database: str, login: str, secret: str) -> None:
    if not secret:
        raise ValueError("an empty password or API key cannot be stored")
    backend = _backend()
    try:
        backend.set_password(SERVICE, credential_key(url, database, login), secret)
    except keyring.errors.NoKeyringError:
        raise NoKeyring() from None
    except (keyring.errors.KeyringError, OSError) as exc:
        raise _failed("store", exc, secret) from None


def load_secret(url: str, database: str, login: str) -> str | None:
    """The stored secret, or None when this connection has none yet."""
    backend = _backend()
    key, shared = credential_key(url, database, login), _shared_key(url, database, login)
    secret = _get(backend, key)
    if secret is None and key != shared:
        secret = _get(backend, shared)
        if secret is not None:  # saved before homes were told apart: give this home its own
            try:
                backend.set_password(SERVICE, key, secret)
            except (keyring.errors.KeyringError, OSError) as exc:
                log.warning(
                    "could not copy the keyring entry to this home: %s",
                    _failed("store", exc, secret),
                )
    return secret


def _get(backend: keyring.backend.KeyringBackend, key: str) -> str | None:
    try:
        return backend.get_password(SERVICE, key)
    except keyring.errors.NoKeyringError:
        raise NoKeyring() from None
    except (keyring.errors.KeyringError, OSError) as exc:
        raise _failed("read", exc) from None


def delete_secret(url: str, database: str, login: str) -> bool:
    """Forget the secret; False when there was none."""
    backend = _backend()
    try:
        backend.delete_password(SERVICE, credential_key(url, database, login))
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.NoKeyringError:
        raise NoKeyring() from None
    except (keyring.errors.KeyringError, OSError) as exc:
        raise _failed("delete", exc) from None
    return True


def forget_replaced_secret(old: tuple[str, str, str], new: tuple[str, str, str]) -> None:
    """After the connection (address, database, login) changed and the new one is saved: remove
    the old connection's entry, so no forgotten secret stays in the keyring. A keyring that
    refuses is logged, not raised: the new connection works either way."""
    if not all(old) or credential_key(*old) == credential_key(*new):
        return
    try:
        delete_secret(*old)
    except (NoKeyring, KeyringFailed) as exc:
        log.warning("the old connection's keyring entry stays: %s", exc)
