"""The installed layout: the operator's files live outside the install folder, so an upgrade
(the installer replaces the bundle) keeps them, and a settings file of version 1 still loads."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from nkdash_desktop import settings as S
from nkdash_desktop.paths import app_paths, default_lake_root

# A settings file as NK Dash 0.1.0 (settings version 1) writes it.
VERSION_1 = """\
# NK Dash Desktop settings. Passwords and API keys are not here: they are in the
# system keyring (Windows Credential Manager).
version = 1

[odoo]
url = "https://shop.example.com"
database = "shop"
login = "owner@example.com"
timezone = "Asia/Jakarta"
connections = 2

[lake]
root = ""

[ui]
theme = "dark"
"""


def install_bundle(folder: Path) -> Path:
    """What the installer puts in {app}: the executable and its _internal folder."""
    (folder / "_internal" / "PySide6").mkdir(parents=True)
    exe = folder / ("NKDash.exe" if sys.platform == "win32" else "NKDash")
    exe.write_bytes(b"frozen app")
    return exe


@pytest.fixture
def installed(tmp_path, monkeypatch) -> Path:
    """A frozen app in a per-user install folder, with the per-user folders of a fresh
    account (platformdirs' own locations, redirected into tmp_path on Linux)."""
    monkeypatch.delenv("NKDASH_HOME", raising=False)
    account = tmp_path / "account"
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(account / name.lower()))
    if sys.platform == "win32":  # Windows' known folders ignore the environment
        import platformdirs.windows

        monkeypatch.setattr(
            platformdirs.windows, "get_win_folder", lambda csidl: str(account / csidl)
        )
    folder = account / "Programs" / "NKDash"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(install_bundle(folder)))
    return folder


def test_user_folders_are_outside_the_install_folder(installed):
    paths = app_paths()
    for folder in (
        paths.config_dir, paths.log_dir, paths.data_dir, paths.crash_dir, paths.demo_lake,
        default_lake_root(paths), paths.settings_file,
    ):  # fmt: skip
        assert not folder.resolve().is_relative_to(installed.resolve()), folder


def test_a_version_1_settings_file_survives_an_upgrade(installed):
    path = app_paths().settings_file
    path.parent.mkdir(parents=True)
    path.write_text(VERSION_1, encoding="utf-8")

    # the upgrade: the installer deletes the old bundle ([InstallDelete] {app}\_internal) and
    # installs the new one; the settings folder is not part of it
    shutil.rmtree(installed)
    install_bundle(installed)

    loaded = S.load()
    assert loaded.version == S.SETTINGS_VERSION
    assert (loaded.odoo.url, loaded.odoo.database, loaded.odoo.login) == (
        "https://shop.example.com", "shop", "owner@example.com",
    )  # fmt: skip
    assert loaded.odoo.connections == 2 and loaded.ui.theme == "dark"
    assert loaded.odoo.batch_size == S.OdooSettings().batch_size  # new keys get defaults
    # saved again by the new version, it still reads the same
    S.save(loaded)
    assert S.load() == loaded


def test_a_later_settings_version_migrates_a_version_1_file(installed, monkeypatch):
    """The upgrade path the MIGRATIONS table exists for: the next version's hook runs on load."""
    path = app_paths().settings_file
    path.parent.mkdir(parents=True)
    path.write_text(VERSION_1, encoding="utf-8")

    def to_v2(raw: dict) -> dict:
        raw = dict(raw)
        raw["ui"] = {**raw.get("ui", {}), "notifications": "always"}
        return raw

    monkeypatch.setattr(S, "SETTINGS_VERSION", 2)
    monkeypatch.setitem(S.MIGRATIONS, 1, to_v2)
    loaded = S.load()
    assert loaded.ui.notifications == "always" and loaded.ui.theme == "dark"
    assert loaded.odoo.url == "https://shop.example.com"


def test_on_windows_the_user_folders_are_the_one_the_uninstaller_may_remove(tmp_path, monkeypatch):
    """platformdirs' Windows layout, simulated on any OS: every per-user folder is inside
    %LOCALAPPDATA%\\NKDash, the folder the installer's "Remove my data" deletes."""
    import platformdirs
    import platformdirs.windows

    local = tmp_path / "AppData" / "Local"
    monkeypatch.delenv("NKDASH_HOME", raising=False)
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setattr(
        platformdirs.windows,
        "get_win_folder",
        lambda csidl: str(local if csidl == "CSIDL_LOCAL_APPDATA" else tmp_path / csidl),
    )
    paths = app_paths()
    data_folder = local / "NKDash"
    assert paths.settings_file == data_folder / "settings.toml"
    for folder in (
        paths.config_dir,
        paths.log_dir,
        paths.data_dir,
        paths.crash_dir,
        paths.demo_lake,
    ):
        assert folder.is_relative_to(data_folder), folder
    iss = (Path(__file__).resolve().parents[1] / "build" / "installer.iss").read_text("utf-8")
    # The installer names the folder through its AppSlug define: expand it as ISPP would.
    slug = re.search(r'^#define AppSlug "([^"]+)"', iss, re.MULTILINE).group(1)
    assert "DataFolder = '{localappdata}\\{#AppSlug}';" in iss
    assert slug == data_folder.name
