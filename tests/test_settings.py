from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from nkdash_desktop import settings as S
from nkdash_desktop.logsetup import register_secret, setup_logging
from nkdash_desktop.paths import app_paths, default_lake_root


def test_defaults_are_valid_and_unconfigured():
    s = S.load()  # no file yet: defaults
    assert not s.is_configured
    assert s.odoo.timezone == "Asia/Jakarta"
    assert s.odoo.transport == "auto"
    assert s.schedule.nightly_time == "02:00"
    assert s.validated() == s


def test_round_trip_through_a_human_readable_file(nkdash_home):
    s = S.Settings()
    s.odoo.url = "https://erp.nk-mart.co.id/"
    s.odoo.database = "nkmart"
    s.odoo.login = "owner@nk-mart.co.id"
    s.odoo.batch_size = 500
    s.lake.root = str(nkdash_home / "Lake ü ß" / "data lake")
    s.schedule.nightly_time = "2:30"
    s.profit.tax_multipliers = {7: 1.11, 5: 1.0, 6: 1.11, 2: 1.0}
    s.ui.notifications = "always"
    path = S.save(s)
    assert path == app_paths().settings_file
    text = path.read_text(encoding="utf-8")
    assert "[odoo]" in text and 'login = "owner@nk-mart.co.id"' in text
    assert "[profit.tax_multipliers]" in text
    loaded = S.load()
    assert loaded.odoo.url == "https://erp.nk-mart.co.id"  # normalised
    assert loaded.schedule.nightly_time == "02:30"
    assert loaded.profit.tax_multipliers == {2: 1.0, 5: 1.0, 6: 1.11, 7: 1.11}
    assert loaded.lake_root() == Path(s.lake.root)
    assert loaded.is_configured
    assert not list(path.parent.glob(".settings-*"))  # no temp file left behind


@pytest.mark.parametrize(
    "pasted",
    [
        "https://nk-mart.odoo.com/odoo/action-123?debug=1",
        "https://nk-mart.odoo.com/odoo/point-of-sale/5",
        "https://nk-mart.odoo.com/web#action=12&model=pos.order&view_type=list",
        "https://nk-mart.odoo.com/web/login?db=nkmart",
        "https://nk-mart.odoo.com/odoo",
        "HTTPS://NK-Mart.odoo.com:443//",
        "https://nk-mart.odoo.com?db=nkmart",
    ],
)
def test_a_url_pasted_from_the_browser_is_stored_as_the_server_address(pasted):
    """The settings dialog, the setup wizard and `nkdash login` all validate through here."""
    s = S.Settings()
    s.odoo.url = pasted
    assert s.validated().odoo.url == "https://nk-mart.odoo.com"
    S.save(s)
    assert 'url = "https://nk-mart.odoo.com"' in app_paths().settings_file.read_text("utf-8")


@pytest.mark.parametrize(
    ("toml", "bad_key"),
    [
        ('[odoo]\nbatch_size = "lots"\n', "odoo.batch_size"),
        ("[odoo]\nbatch_size = 0\n", "odoo.batch_size"),
        ('[odoo]\ntransport = "xmlrpc"\n', "odoo.transport"),
        ('[odoo]\nurl = "erp.example.com"\n', "odoo.url"),
        ('[odoo]\ntimezone = "Mars/Olympus"\n', "odoo.timezone"),
        ('[odoo]\ncolour = "red"\n', "odoo.colour"),
        ('[schedule]\nnightly_time = "25:00"\n', "schedule.nightly_time"),
        ('[schedule]\nenabled = "yes"\n', "schedule.enabled"),
        ('[profit.tax_multipliers]\n"seven" = 1.11\n', "profit.tax_multipliers"),
        ('[profit.tax_multipliers]\n"7" = -1\n', "profit.tax_multipliers"),
        ('[ui]\ntheme = "neon"\n', "ui.theme"),
        ('[network]\nproxy = "x"\n', "network"),
        ("version = 99\n", "version"),
    ],
)
def test_invalid_file_names_the_bad_key(toml, bad_key):
    path = app_paths().settings_file
    path.parent.mkdir(parents=True)
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(S.SettingsError) as err:
        S.load()
    assert f"'{bad_key}'" in str(err.value)
    assert str(path) in str(err.value)


def test_secret_keys_are_refused():
    path = app_paths().settings_file
    path.parent.mkdir(parents=True)
    path.write_text('[odoo]\npassword = "hunter2"\n', encoding="utf-8")
    with pytest.raises(S.SettingsError, match="keyring") as err:
        S.load()
    assert "hunter2" not in str(err.value)


def test_settings_have_no_place_for_a_secret():
    names = {f for section in S.SECTIONS.values() for f in section.__dataclass_fields__}
    assert not names & S.SECRET_KEYS


def test_broken_toml_is_a_clear_error():
    path = app_paths().settings_file
    path.parent.mkdir(parents=True)
    path.write_text("[odoo\nurl = ", encoding="utf-8")
    with pytest.raises(S.SettingsError, match="not valid TOML"):
        S.load()


def test_folders_are_per_user_and_overridable(nkdash_home, monkeypatch):
    p = app_paths()
    assert p.config_dir.is_relative_to(nkdash_home)
    assert default_lake_root(p) == nkdash_home / "data" / "data-lake"
    monkeypatch.delenv("NKDASH_HOME")
    real = app_paths()
    assert "NKDash" in str(real.config_dir) and "NKDash" in str(real.log_dir)
    if sys.platform != "win32":
        assert default_lake_root(real) == real.data_dir / "data-lake"


def test_rotating_log_file_redacts_registered_secrets():
    path = setup_logging()
    assert path.parent == app_paths().log_dir
    register_secret("s3cr3t-api-key-123")
    log = logging.getLogger("nkdash.test")
    log.warning("calling Odoo with key s3cr3t-api-key-123")
    try:
        raise RuntimeError("server echoed s3cr3t-api-key-123")
    except RuntimeError:
        log.exception("failed")
    for h in logging.getLogger().handlers:
        h.flush()
    text = path.read_text(encoding="utf-8")
    assert "calling Odoo with key [secret]" in text
    assert "server echoed [secret]" in text
    assert "s3cr3t-api-key-123" not in text
    # remove our handler so later tests do not write into this temp folder
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "nkdash", False):
            root.removeHandler(h)
            h.close()
