"""Helpers of the Odoo client tests (kept out of conftest.py so test modules can import them):
an isolated real keyring backend, demo server start-up, recorded sleeps, secret-leak checks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import keyring.backend
import keyring.errors
from keyring_support import MemoryKeyring
from leak_support import exception_texts  # noqa: F401 (the odoo tests import it from here)


class LockedKeyring(MemoryKeyring):
    """A backend that exists but refuses, quoting what it was given (as some do)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError(f"collection locked while saving {password}")

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the login keyring is locked")


DEMO_END = date(2026, 1, 10)
DEMO_NOW = datetime(2026, 1, 11, 3, 0)
ADMIN_KEY = "nkdash-demo-admin-key"
VIEWER_KEY = "nkdash-demo-viewer-key"
WRONG_PASSWORD = "not-the-password-8271"
WRONG_KEY = "nkdash-wrong-api-key-5531"
# secrets whose every occurrence in a log record or exception text fails the test ("admin" and
# "viewer" are also the logins, so those passwords cannot be told apart from the login)
SECRETS = (ADMIN_KEY, VIEWER_KEY, WRONG_PASSWORD, WRONG_KEY)


def start_demo(flavour: int, **kwargs: Any):
    from nkdash_desktop.demo.data import DemoConfig
    from nkdash_desktop.demo.server import DemoOdoo

    config = DemoConfig(days=10, scale="small", flavour=flavour, end_date=DEMO_END, now=DEMO_NOW)
    return DemoOdoo(config, port=0, **kwargs).start()


class Sleeps(list):
    """An injected `sleep`: records each wait instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        if secret in text:
            shown = text.replace(secret, "<SECRET>")[:400]
            raise AssertionError(f"secret {secret[:6]}... leaked: {shown}")
