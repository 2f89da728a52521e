"""Bad input: each case gives one clear sentence (exit code 2 for the command line, never a
traceback) and loses nothing: the lake's files and the settings file are byte-for-byte the same
afterwards, or, for a corrupt file, healed by the next run with Odoo's totals.

tests/test_cli.py checks a first set of bad arguments and tests/test_settings.py the settings
loader's sentences; here they are run against a loaded lake whose content must survive them.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from reliability_support import (
    KEY,
    TZ,
    assert_sound,
    assert_totals_equal,
    context,
    start_current_odoo,
)

from nkdash_desktop import settings as S
from nkdash_desktop.cli import main
from nkdash_desktop.lake.catalog import open_catalog
from nkdash_desktop.lake.layout import CLEAN, RAW, STAR, LakeLayout
from nkdash_desktop.odoo.credentials import store_secret
from nkdash_desktop.paths import app_paths
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.pipeline.runner import RunSummary
from nkdash_desktop.pipeline.sync import backfill

END = today(TZ) - timedelta(days=1)  # the demo's data ends yesterday: `nkdash sync` catches up
FIRST = END - timedelta(days=2)


@pytest.fixture(scope="module")
def odoo():
    with start_current_odoo(days=4) as srv:
        yield srv


@pytest.fixture(scope="module")
def built(odoo, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bad-input") / "lake"
    summary = backfill(context(odoo, root), FIRST, END)
    assert isinstance(summary, RunSummary) and summary.status == "succeeded", summary.sentence
    return root


@pytest.fixture
def lake(odoo, built, memory_keyring, tmp_path) -> Path:
    """Settings and keyring as after `nkdash login`, and a copy of three loaded days."""
    root = shutil.copytree(built, tmp_path / "lake")
    settings = {"odoo": {"url": odoo.url, "database": odoo.db, "login": "admin",
                         "timezone": TZ}, "lake": {"root": str(root)}}  # fmt: skip
    S.save(S.from_dict(settings))
    store_secret(odoo.url, odoo.db, "admin", KEY)
    return root


def fingerprint(*folders: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in folders
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(("-shm", "-wal", ".lock", ".log"))
    }


BAD_ARGUMENTS = [
    (["extract", "--dataset", "pos", "--date", "2026-13-01"], "is not a date"),
    (["extract", "--dataset", "pos", "--date", "yesterday"], "is not a date"),
    (["extract", "--dataset", "pos", "--date", ""], "is not a date"),
    (["extract", "--dataset", "pos", "--date", "2026-01-30T10:00"], "is not a date"),
    (["extract", "--dataset", "pos", "--date", "2026-02-30"], "is not a date"),
    (["backfill", "--start", "30/01/2026", "--end", "2026-01-30"], "is not a date"),
    (["backfill", "--start", "2026-01-30", "--end", "2026-01-01"], "after the end date"),
    (["backfill", "--start", "2026-01-01", "--end", "9999-12-31"], "in the future"),
    (["backfill", "--start", "0001-01-01", "--end", "2026-01-01"], "before"),
    (["retention", "--older-than=-5d"], "not an age"),
    (["sync", "--datasets", "pos,nope"], "unknown dataset 'nope'"),
    (["backfill", "--start", "2026-01-29", "--end", "2026-01-30", "--datasets", "POS!"],
     "unknown dataset"),
    (["extract", "--dataset", "", "--date", "2026-01-30"], "unknown dataset"),
    (["reset-lake", "--datasets", "everything", "--yes"], "unknown dataset 'everything'"),
    (["reset-lake", "--layers", "gold", "--yes"], "unknown layer gold"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "words"), BAD_ARGUMENTS, ids=[" ".join(a) for a, _ in BAD_ARGUMENTS]
)
def test_bad_arguments_are_one_sentence_and_change_nothing(lake, capsys, argv, words):
    before = fingerprint(lake, app_paths().config_dir)
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err, err
    assert fingerprint(lake, app_paths().config_dir) == before


def test_corrupt_and_truncated_parquet_are_named_then_healed(odoo, lake, capsys):
    layout = LakeLayout(lake)
    month = layout.month_partition(STAR, "fact_sales", END.replace(day=1))
    clean = layout.day_partition(CLEAN, "pos_lines", END)
    raw = layout.day_partition(RAW, "pos_orders", END - timedelta(days=1))
    month.write_bytes(month.read_bytes()[:-200])  # truncated: the footer is gone
    data = bytearray(clean.read_bytes())
    data[100:164] = b"\xff" * 64  # garbage over a page
    clean.write_bytes(bytes(data))
    raw.write_bytes(b"")  # an empty file, as a crash before any write leaves on some systems
    capsys.readouterr()
    assert main(["verify-lake"]) != 0
    out = capsys.readouterr()
    shown = out.out + out.err
    for path in (month, clean, raw):
        assert str(path) in shown or path.name in shown, shown
    assert "Traceback" not in shown
    assert main(["sync"]) == 0, capsys.readouterr().err
    assert_sound(lake)
    assert_totals_equal(odoo, lake, FIRST, END)


INVALID_SETTINGS = [
    ("[odoo\nurl = 'x'\n", "line 1"),
    ('[odoo]\nbatch_size = "many"\n', "'odoo.batch_size'"),
    ("[odoo]\nconnections = 99\n", "'odoo.connections'"),
    ('[odoo]\ntimezone = "Mars/Olympus"\n', "'odoo.timezone'"),
    ('[schedule]\nnightly_time = "25:61"\n', "'schedule.nightly_time'"),
    ('[lake]\nroot = 42\n', "'lake.root'"),
    ("\x00\x01binary garbage\xff", "settings"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "words"), INVALID_SETTINGS, ids=[w for _, w in INVALID_SETTINGS])
def test_invalid_settings_file_is_named_and_kept(lake, capsys, text, words):
    path = app_paths().settings_file
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    before = fingerprint(lake, path.parent)
    capsys.readouterr()
    assert main(["status"]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and str(path) in err, err
    assert fingerprint(lake, path.parent) == before  # never "repaired" by overwriting it


def test_odd_odoo_values_land_intact(odoo, lake):
    """Unicode and NUL bytes in names, a 10,000-character note and name, False where a number
    is expected, a sale in US dollars: the sync succeeds and the values arrive as Odoo has
    them; the totals still equal Odoo's."""
    with open_catalog(lake) as con:
        order_id, line_id, product_id = con.execute(
            "SELECT order_id, line_id, product_id FROM fact_sales WHERE day = ? LIMIT 1", [END]
        ).fetchone()
        partner_id = con.execute("SELECT min(partner_id) FROM dim_partners").fetchone()[0]
    odd_name = "Kopi Susu ☕ 東京 Ünïcødé \U0001f600 NUL\x00here"
    long_text = ("Catatan panjang — ümlaut 中文 " * 400)[:10_000]
    odoo.write("product.product", [product_id], {"name": odd_name})
    odoo.write("res.partner", [partner_id], {"name": long_text})
    odoo.write("pos.order", [order_id], {"internal_note": long_text + "\x00", "currency_id": 2})
    odoo.write("pos.order.line", [line_id], {"discount": False})

    assert main(["sync"]) == 0
    assert main(["backfill", "--start", END.isoformat(), "--end", END.isoformat(),
                 "--mode", "rerun-all"]) == 0  # fmt: skip
    assert_sound(lake)
    assert_totals_equal(odoo, lake, FIRST, END)
    with open_catalog(lake) as con:
        name = con.execute("SELECT name FROM dim_products WHERE product_id = ?", [product_id])
        # the clean layer strips NUL on purpose (Excel and ODBC readers choke on it,
        # datasets/frames.py); the raw layer keeps the value exactly as Odoo sent it
        assert name.fetchone()[0] == odd_name.replace("\x00", "")
        raw = con.execute(
            "SELECT name FROM read_parquet(?) WHERE id = ?",
            [str(LakeLayout(lake).snapshot(RAW, "products")), product_id],
        )
        assert raw.fetchone()[0] == odd_name
        partner = con.execute("SELECT name FROM dim_partners WHERE partner_id = ?", [partner_id])
        assert partner.fetchone()[0] == long_text
        line = con.execute(
            "SELECT currency_id, discount_percent FROM fact_sales WHERE line_id = ?", [line_id]
        ).fetchone()
    assert line[0] == 2 and line[1] in (0.0, None)
