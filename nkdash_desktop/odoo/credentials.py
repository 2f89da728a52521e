"""The Odoo password or API key, kept only in the OS keyring (Windows Credential Manager).

One entry per connection: service "NK Dash", user name "<normalised URL>|<database>|<login>",
so two databases on one server (or two logins) never overwrite each other. Nothing here logs
the secret or quotes it in an error.
"""

from __future__ import annotations

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors

from nkdash_desktop import APP_NAME
from nkdash_desktop.odoo.errors import KeyringFailed, NoKeyring
from nkdash_desktop.odoo.net import normalize_url
from nkdash_desktop.odoo.secret import scrub

SERVICE = APP_NAME  # "NK Dash"


def credential_key(url: str, database: str, login: str) -> str:
    return f"{normalize_url(url)}|{database.strip()}|{login.strip()}"


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
    try:
        return backend.get_password(SERVICE, credential_key(url, database, login))
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
