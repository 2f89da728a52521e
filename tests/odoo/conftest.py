"""Shared fixtures for the Odoo client tests: an isolated real keyring backend, demo Odoo
servers (one per module and flavour), clients with recorded sleeps, and a guard that fails any
test whose log records quote a secret."""

from __future__ import annotations

import logging
import random
from typing import Any

import pytest
from odoo_support import (
    LockedKeyring,
    Sleeps,
    assert_no_secret,
    exception_texts,
    start_demo,
)

from nkdash_desktop.odoo import OdooClient, OdooConnection


@pytest.fixture
def locked_keyring(use_keyring) -> LockedKeyring:
    return use_keyring(LockedKeyring())


# -- demo Odoo servers and clients ------------------------------------------------------------


@pytest.fixture(scope="module")
def demo19():
    srv = start_demo(19)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def demo16():
    srv = start_demo(16)
    yield srv
    srv.stop()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def make_client(sleeps):
    """make_client(server_or_url, secret, login="admin", database=None, **connection fields)."""
    clients: list[OdooClient] = []

    def make(target: Any, secret: str, *, login: str = "admin", database: str | None = None,
             **kwargs: Any) -> OdooClient:  # fmt: skip
        url = target if isinstance(target, str) else target.url
        db = database or (getattr(target, "db", None) or "nkdash_demo")
        options = {"max_retries": 2, "timeout_s": 10.0, **kwargs}
        client = OdooClient(
            OdooConnection(url, db, login, **options), secret, sleep=sleeps, rng=random.Random(3)
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture(autouse=True)
def hermetic_network_settings(monkeypatch):
    """No proxy or extra CA from the machine running the tests: each test sets its own."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "NKDASH_CA_FILE"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture(autouse=True)
def no_secret_in_logs(caplog):
    """Capture every log record at DEBUG (odoorpc, httpx, ours) and fail on a leaked secret."""
    caplog.set_level(logging.DEBUG)
    yield
    # caplog.records only holds the current phase: gather setup and call too
    records = [*caplog.get_records("setup"), *caplog.get_records("call"), *caplog.records]
    for record in records:
        text = record.getMessage() + (record.exc_text or "")
        if record.exc_info and record.exc_info[1] is not None:
            text += exception_texts(record.exc_info[1])
        assert_no_secret(text)
