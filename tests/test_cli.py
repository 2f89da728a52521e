"""The `nkdash` commands end to end: real demo Odoo, real keyring backend (isolated), real lake."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest

from nkdash_desktop import settings as S
from nkdash_desktop.cli import main
from nkdash_desktop.demo.access import ACCOUNT_READONLY, REPORTING_USER
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.lake.layout import RAW, STAR, LakeLayout
from nkdash_desktop.paths import app_paths

KEY = "nkdash-demo-admin-key"
END = date(2026, 1, 10)


@pytest.fixture(scope="module")
def odoo():
    cfg = DemoConfig(days=10, end_date=END, now=datetime(2026, 1, 11, 3, 0))
    with DemoOdoo(cfg, port=0).start() as srv:
        yield srv


def login(odoo, monkeypatch, secret=KEY, user="admin") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(secret + "\n"))
    return main(["login", "--url", odoo.url, "--database", odoo.db, "--login", user,
                 "--password-stdin"])  # fmt: skip


def files_under(*folders) -> list:
    return [p for f in folders if f.exists() for p in f.rglob("*") if p.is_file()]


def test_login_stores_the_secret_in_the_keyring_only(odoo, monkeypatch, memory_keyring, capsys):
    assert login(odoo, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "Logged in to Odoo 19.0" in out and "MemoryKeyring" in out
    assert list(memory_keyring.entries.values()) == [KEY]
    settings = S.load()
    assert settings.odoo.url == odoo.url and settings.odoo.login == "admin"
    paths = app_paths()
    for path in files_under(paths.config_dir, paths.log_dir, paths.data_dir):
        assert KEY.encode() not in path.read_bytes(), path


def test_wrong_password_is_one_sentence_and_nothing_stored(odoo, monkeypatch, memory_keyring,
                                                          capsys):  # fmt: skip
    assert login(odoo, monkeypatch, secret="wrong-password") == 1
    err = capsys.readouterr().err
    assert err.startswith("error: Odoo refused the login") and "Traceback" not in err
    assert "wrong-password" not in err
    assert memory_keyring.entries == {}


def test_test_connection_reports_access_per_dataset(odoo, monkeypatch, memory_keyring, capsys):
    assert login(odoo, monkeypatch, secret="nkdash-demo-viewer-key", user="viewer") == 0
    capsys.readouterr()
    assert main(["test-connection"]) == 0  # the reporting user reads every dataset
    out = capsys.readouterr().out
    assert "Odoo 19.0, transport json2" in out
    assert "companies: NK Mart [1, IDR]" in out
    assert "pos_hr installed" in out and "product_brand not installed" in out
    assert "pos_lines: readable" in out and "invoice_sales: readable" in out
    # without Accounting read-only, Odoo hides customer invoices from a purchase user
    odoo.set_groups("viewer", REPORTING_USER - {ACCOUNT_READONLY})
    try:
        assert main(["test-connection"]) == 1
    finally:
        odoo.set_groups("viewer", REPORTING_USER)
    out = capsys.readouterr().out
    assert "purchases: readable" in out
    assert (
        'invoice_sales: The Odoo user "viewer" cannot see posted customer invoice and credit note '
        'product lines (not from the POS): ask your Odoo administrator for the group "Show '
        'Accounting Features - Readonly" (without it Odoo hides them instead of refusing).'
    ) in out


def test_extract_backfill_status_health_and_housekeeping(odoo, monkeypatch, memory_keyring,
                                                        capsys):  # fmt: skip
    assert login(odoo, monkeypatch) == 0
    assert main(["extract", "--dataset", "pos", "--date", "2026-01-05"]) == 0
    assert "pos_lines 2026-01-05: pos_orders" in capsys.readouterr().out
    layout = LakeLayout(S.load().lake_root())
    assert layout.day_partition(RAW, "pos_orders", date(2026, 1, 5)).exists()

    assert main(["backfill", "--start", "2026-01-08", "--end", "2026-01-10", "--dry-run"]) == 0
    assert "Dry run, nothing written" in capsys.readouterr().out
    assert not layout.layer(STAR).exists()
    assert main(["backfill", "--start", "2026-01-08", "--end", "2026-01-10"]) == 0
    out = capsys.readouterr().out
    assert "succeeded: 16 partitions done, 0 failed" in out  # dimensions + 5 datasets x 3 days

    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "pos_lines        complete up to 2026-01-10" in out and "backfill  succeeded" in out
    assert main(["health"]) == 1  # the demo's data ends in January: the lake is behind
    assert "unhealthy: pos_lines: data only up to 2026-01-10" in capsys.readouterr().out
    assert main(["verify-lake"]) == 0
    assert main(["retention", "--older-than", "90d", "--layers", "raw"]) == 0
    assert not layout.days(RAW, "pos_orders")  # January 2026 is older than 90 days
    assert main(["reset-lake", "--layers", "star", "--datasets", "pos", "--yes"]) == 0
    assert not (layout.layer(STAR) / "fact_sales").exists()
    assert (layout.layer(STAR) / "fact_purchases").exists()
    capsys.readouterr()
    assert main(["status"]) == 0
    assert "pos_lines" not in capsys.readouterr().out.split("recent runs")[0]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["extract", "--dataset", "pos", "--date", "2026-02-30"], "is not a date"),
        (["extract", "--dataset", "sales", "--date", "2026-01-05"], "unknown dataset 'sales'"),
        (["backfill", "--start", "2026-01-10", "--end", "2026-01-01"], "after the end date"),
        (["backfill", "--start", "2026-01-01", "--end", "2999-01-01"], "in the future"),
        (["retention", "--older-than", "ninety"], "not an age"),
        (["reset-lake", "--layers", "gold", "--yes"], "unknown layer gold"),
        (["sync", "--datasets", "nope"], "unknown dataset 'nope'"),
    ],
)
def test_bad_input_is_a_clear_message(odoo, monkeypatch, memory_keyring, capsys, argv, message):
    assert login(odoo, monkeypatch) == 0
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_no_connection_yet_says_how_to_set_one_up(memory_keyring, capsys):
    assert main(["test-connection"]) == 1
    assert "No Odoo connection is set up yet" in capsys.readouterr().err


def test_invalid_settings_file_names_the_key(capsys):
    path = app_paths().settings_file
    path.parent.mkdir(parents=True)
    path.write_text('[odoo]\nbatch_size = "many"\n', encoding="utf-8")
    assert main(["status"]) == 2
    assert "'odoo.batch_size'" in capsys.readouterr().err
