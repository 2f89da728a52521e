"""The settings store, the one writer of the settings file: atomic writes, subscribers told
of real changes only, and a refused value or a failed write that changes nothing."""

from __future__ import annotations

import threading

import pytest

from nkdash_desktop import settings as S
from nkdash_desktop.settings_store import SettingsStore


def dark(settings: S.Settings) -> None:
    settings.ui.theme = "dark"


@pytest.fixture
def store(tmp_path) -> SettingsStore:
    path = tmp_path / "config" / "settings.toml"
    S.save(S.Settings(), path)
    return SettingsStore.open(path)


def test_an_update_is_written_and_becomes_current(store):
    before = store.current
    new = store.update(dark)
    assert new.ui.theme == "dark" and store.current is new
    assert S.load(store.path) == new
    assert before.ui.theme == "light"  # the settings handed out before are never edited


def test_the_file_is_replaced_whole(store):
    inode = store.path.stat().st_ino
    store.update(dark)
    assert store.path.stat().st_ino != inode  # a new file renamed over the old one
    assert [p.name for p in store.path.parent.iterdir()] == ["settings.toml"]


def test_subscribers_hear_of_changes_only(store):
    heard: list[tuple[str, str]] = []
    unsubscribe = store.subscribe(lambda old, new: heard.append((old.ui.theme, new.ui.theme)))
    store.update(dark)
    store.update(dark)  # nothing changed: nobody is told
    store.update(lambda s: None)  # a change that edits nothing
    assert heard == [("light", "dark")]
    unsubscribe()
    store.update(lambda s: setattr(s.ui, "theme", "light"))
    assert heard == [("light", "dark")]


def test_a_refused_value_changes_nothing(store):
    heard = []
    store.subscribe(lambda old, new: heard.append(new))
    before = store.path.read_bytes()
    with pytest.raises(S.SettingsError, match=r"ui\.theme"):
        store.update(lambda s: setattr(s.ui, "theme", "purple"))
    assert store.path.read_bytes() == before
    assert store.current.ui.theme == "light" and heard == []


def test_a_failed_write_keeps_the_old_file(store):
    store.update(dark)
    before = store.path.read_bytes()
    heard = []
    store.subscribe(lambda old, new: heard.append(new))
    # A lake folder whose name is not valid text (an undecodable byte of a POSIX file name,
    # surrogate-escaped) passes the check but cannot be written as UTF-8: the write fails
    # half-way through the temporary file.
    with pytest.raises(UnicodeEncodeError):
        store.update(lambda s: setattr(s.lake, "root", "/media/usb/lake\udcff"))
    assert store.path.read_bytes() == before
    assert [p.name for p in store.path.parent.iterdir()] == ["settings.toml"]  # no temp left
    assert store.current.lake.root == "" and store.current.ui.theme == "dark" and heard == []


def test_a_store_without_a_file_keeps_the_settings_in_memory(tmp_path):
    store = SettingsStore(S.Settings())
    store.update(dark)
    assert store.current.ui.theme == "dark" and list(tmp_path.iterdir()) == []


def test_concurrent_updates_all_land_in_order(store):
    heard: list[str] = []
    store.subscribe(lambda old, new: heard.append(new.odoo.login))

    def add(name: str) -> None:
        store.update(lambda s: setattr(s.odoo, "login", name))

    threads = [threading.Thread(target=add, args=(f"user{i}",)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(heard) == sorted(f"user{i}" for i in range(20))
    assert S.load(store.path).odoo.login == heard[-1] == store.current.odoo.login
