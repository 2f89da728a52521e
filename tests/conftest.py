"""Test-wide setup: headless Qt, and every per-user folder redirected into a temp folder."""

from __future__ import annotations

import os

# Before anything imports Qt: render offscreen; WebEngine will not start as root without this.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
# English words and formats whatever this machine's language; a test that wants Indonesian sets
# NKDASH_LANG for its subprocess or uses the `language` fixture in-process.
os.environ["NKDASH_LANG"] = "en"

from pathlib import Path

import demo_lake
import keyring
import pytest
from keyring_support import MemoryKeyring


def pytest_configure(config):
    """pytest-qt makes the tests' QApplication, not the app's ensure_app: guard the binding's
    reference leaks here as the app does at start (ui/runtime/qt_workarounds.py)."""
    from nkdash_desktop.ui.runtime.qt_workarounds import guard_singleton_refcounts

    guard_singleton_refcounts()


@pytest.fixture(autouse=True)
def nkdash_home(tmp_path, monkeypatch):
    """The app's config, log, data and crash folders for one test, under tmp_path."""
    home = tmp_path / "nkdash home"  # a space on purpose: paths with spaces must work
    monkeypatch.setenv("NKDASH_HOME", str(home))
    return home


@pytest.fixture
def language(monkeypatch):
    """Switch this process's language (words and formats) for one test: language("id")."""
    from nkdash_desktop import i18n

    def switch(code: str) -> i18n.Language:
        monkeypatch.setenv("NKDASH_LANG", code)
        return i18n.set_language()

    yield switch
    monkeypatch.setenv("NKDASH_LANG", "en")
    i18n.set_language()


@pytest.fixture
def use_keyring():
    """Install a keyring backend for one test; the previous one comes back afterwards."""
    previous = keyring.get_keyring()

    def install(backend):
        keyring.set_keyring(backend)
        return backend

    yield install
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(use_keyring) -> MemoryKeyring:
    return use_keyring(MemoryKeyring())


@pytest.fixture(scope="session")
def demo_odoo():
    """The demo Odoo the KPI, UI and export tests share (tests/demo_lake.py)."""
    return demo_lake.server()


@pytest.fixture(scope="session")
def lake_root(tmp_path_factory, demo_odoo) -> Path:
    """The demo lake built once from it: copy it before changing it (demo_lake.copy_lake)."""
    return demo_lake.built_lake(tmp_path_factory.getbasetemp())


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--bundle",
        default=None,
        metavar="DIR",
        help="a built dist/NKDash: run the tests marked `bundle` on it (build/build.py does)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of a built bundle need one (`--bundle DIR`): without it they are deselected, not
    skipped; build/build.py runs them after each build."""
    if config.getoption("--bundle"):
        return
    bundle = [item for item in items if item.get_closest_marker("bundle")]
    if bundle:
        config.hook.pytest_deselected(items=bundle)
        items[:] = [item for item in items if not item.get_closest_marker("bundle")]


@pytest.fixture(scope="session")
def bundle_dir(request: pytest.FixtureRequest) -> Path:
    return Path(request.config.getoption("--bundle")).resolve()
