"""Who may call the demo Odoo: login by password or API key, revocation at run time."""

from __future__ import annotations

import hmac
import threading
from collections.abc import Iterable
from typing import Any


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


class Auth:
    """Credentials of the demo users (`DemoUser`s); a revoked login loses password and key."""

    def __init__(self, users: Iterable[Any]) -> None:
        self._by_uid = {u.uid: u for u in users}
        self._by_login = {u.login: u for u in self._by_uid.values()}
        self._revoked: set[str] = set()
        self._lock = threading.Lock()

    @property
    def users(self) -> list[Any]:
        return list(self._by_uid.values())

    def login(self, login: Any, secret: Any) -> Any | None:
        """The user for a login and a password or API key (JSON-RPC), else None."""
        user = self._by_login.get(login) if isinstance(login, str) else None
        return user if user and self._accepts(user, secret, password=True) else None

    def check(self, uid: Any, secret: Any) -> Any | None:
        """The user for a uid and a password or API key sent with every RPC call, else None."""
        user = self._by_uid.get(uid) if isinstance(uid, int) else None
        return user if user and self._accepts(user, secret, password=True) else None

    def bearer(self, key: str) -> Any | None:
        """The user owning an API key (JSON-2 accepts no passwords), else None."""
        for user in self._by_uid.values():
            if user.api_key and self._accepts(user, key, password=False):
                return user
        return None

    def _accepts(self, user: Any, secret: Any, password: bool) -> bool:
        if not isinstance(secret, str) or not secret or user.login in self._revoked:
            return False
        if user.api_key and _same(secret, user.api_key):
            return True
        return password and bool(user.password) and _same(secret, user.password)

    def revoke(self, login: str) -> None:
        self.user(login)
        with self._lock:
            self._revoked.add(login)

    def restore(self, login: str) -> None:
        self.user(login)
        with self._lock:
            self._revoked.discard(login)

    def user(self, login: str) -> Any:
        try:
            return self._by_login[login]
        except KeyError:
            raise ValueError(f"no demo user with login {login!r}") from None
