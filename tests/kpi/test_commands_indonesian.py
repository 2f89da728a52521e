"""`nkdash` in Bahasa Indonesia (NKDASH_LANG=id or the `ui.language` setting): help, argparse's
own words, error sentences, the KPI table and the demo's summary (issue 21)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta

import demo_lake
from demo_lake import lake_range, settings_for

from nkdash_desktop import settings as S
from nkdash_desktop.cli import demo, main
from nkdash_desktop.kpi import format as fmt


def run_cli(*args: str, lang: str = "id") -> subprocess.CompletedProcess:
    env = dict(os.environ, NKDASH_LANG=lang)
    return subprocess.run(
        [sys.executable, "-m", "nkdash_desktop", *args],
        env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )  # fmt: skip


def test_help_and_usage_errors_in_indonesian():
    shown = run_cli("--help")
    assert shown.returncode == 0
    assert shown.stdout.startswith("pemakaian: nkdash")
    assert "NK Dash Desktop: KPI toko dari Odoo." in shown.stdout
    assert "tampilkan bantuan ini lalu keluar" in shown.stdout
    assert "tampilkan ringkasan KPI suatu periode dari data" in shown.stdout
    wrong = run_cli("kpi", "--from", "2026-02-10", "--to", "2026-02-01")
    assert wrong.returncode == 2
    assert wrong.stderr == (
        "galat: tanggal awal 2026-02-10 jatuh setelah tanggal akhir 2026-02-01; tukar keduanya\n"
    )
    unknown = run_cli("kpi", "--bogus")
    assert unknown.returncode == 2 and "galat: argumen tidak dikenal: --bogus" in unknown.stderr
    assert run_cli("--help", lang="en").stdout.startswith("usage: nkdash")


def test_the_language_setting_is_used_without_nkdash_lang(monkeypatch, capsys, language):
    settings = S.Settings()
    settings.ui.language = "id"
    S.save(settings)
    monkeypatch.delenv("NKDASH_LANG")
    assert main(["kpi", "--from", "2026-02-10", "--to", "2026-02-01"]) == 2
    assert capsys.readouterr().err.startswith("galat: tanggal awal 2026-02-10")


def test_kpi_table_in_indonesian(plain_lake, week, capsys, language):
    language("id")
    S.save(settings_for(plain_lake))
    assert main(["kpi", "--from", str(week.start), "--to", str(week.end), "--company", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"data: {plain_lake} (data sampai {fmt.day_month(week.end)}")
    assert out[1] == f"{week.label()} (NK Mart), dibandingkan dengan {week.previous().label()}"
    assert out[2].split() == ["periode", "ini", "sebelumnya", "perubahan"]
    omzet = next(line for line in out if line.startswith("Pendapatan"))
    assert "Rp " in omzet and "." in omzet and "," not in omzet.split("Rp ")[1].split()[0]
    assert any(line.startswith("Laba kotor dan margin: belum ada data harga pokok") for line in out)


def test_demo_headless_in_indonesian(monkeypatch, capsys, language):
    language("id")
    _, yesterday = lake_range()
    monkeypatch.setattr(demo, "DEMO_CONFIG", replace(demo.DEMO_CONFIG, days=4))
    assert main(["demo", "--headless"]) == 0
    out = capsys.readouterr().out
    assert "Menjalankan Odoo demo (4 hari, toko kecil)…" in out
    assert "Sinkronisasi pertama data demo:" in out
    assert " berhasil: " in out and "partisi selesai" in out
    assert f"data sampai {fmt.day_month(yesterday)}" in out
    assert "Pendapatan" in out and "Transaksi" in out and "Perlu perhatian pada " in out


def test_profit_dry_run_and_validate_in_indonesian(profit_lake, tmp_path, capsys, language):
    """The maintenance commands speak the operator's language too: the dry run's steps and
    partitions, validation's checks, their mismatches and notes, and the refusal before any
    profit is built."""
    from demo_lake import copy_lake

    language("id")
    lake = copy_lake(profit_lake, tmp_path / "lake")
    S.save(settings_for(lake))
    _, yesterday = lake_range()
    day = str(yesterday - timedelta(days=3))
    assert main(["profit", "--date", day, "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Uji coba: tidak ada yang ditulis."
    assert out[1].startswith("1. pengali pajak dari dim_taxes (1 -> ")
    assert out[1].endswith("; pengganti dari pengaturan: tidak ada)")
    assert f"3. semua produk pada {day}" in out
    assert "partisi yang akan ditulis: 3" in out
    assert f"  fact_sales_lines_profit/month={day[:7]}: {day}, semua produk" in out
    assert main(["profit", "--rebuild", "--dry-run"]) == 0
    steps = capsys.readouterr().out
    assert "kejadian harga pokok: semua baris tagihan pemasok di fact_purchases, " in steps
    assert "5. rekap per hari, dan per hari dan produk" in steps

    main(["validate", "--date", day, "--lake-only"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"Validasi {day}: ")
    assert lines[1].startswith("ok    pengali pajak vs gudang data (SQL): ")
    assert lines[1].endswith(" dibandingkan")
    # a mismatch is said in Indonesian too, its figures where the sentence puts them
    failed = [line for line in lines if line.startswith("GAGAL ")]
    assert failed and all(" berbeda (mis. " in line for line in failed)
    assert "Total Odoo tidak diperiksa (tidak ada koneksi)." in lines
    coverage = next(line for line in lines if line.startswith("cakupan harga pokok: "))
    assert "," in coverage.split()[3]  # 94,9%: the Indonesian decimal comma
    assert not any(" compared" in line or "in the lake" in line for line in lines)

    bare = copy_lake(profit_lake, tmp_path / "bare")
    demo_lake.drop_profit(bare)
    S.save(settings_for(bare))
    assert main(["validate", "--date", day, "--lake-only"]) != 0
    assert "Laba belum pernah dihitung di gudang data ini" in capsys.readouterr().err


def test_maintenance_output_in_indonesian(profit_lake, tmp_path, capsys, monkeypatch, language):
    """Progress, health, the attention list's columns, the profit summary, and a reset nobody
    can confirm: in Indonesian, in the operator's words."""
    from io import StringIO

    from demo_lake import copy_lake

    from nkdash_desktop.cli.progress import ProgressBar
    from nkdash_desktop.kpi.attention import attention
    from nkdash_desktop.lake.catalog import open_catalog
    from nkdash_desktop.pipeline.control import Progress

    language("id")
    stream = StringIO()
    ProgressBar(stream)(Progress("load", "pos_lines", date(2026, 12, 1), 3, 3))
    assert "] 3/3 Penjualan POS 1 Des 2026: menyimpan " in stream.getvalue()

    lake = copy_lake(profit_lake, tmp_path / "lake")
    S.save(settings_for(lake))
    _, yesterday = lake_range()
    with sqlite3.connect(lake / "metadata" / "state.sqlite") as db:  # never loaded
        db.execute("DELETE FROM dataset_state WHERE dataset = 'purchases'")
    db.close()
    main(["health"])
    assert "bermasalah: purchases: belum pernah sinkron" in capsys.readouterr().out

    assert main(["profit", "--date", str(yesterday)]) == 0
    summary = capsys.readouterr().out.splitlines()[-1]
    assert summary.startswith("Laba diperbarui: ") and " hari penuh" in summary
    assert summary.endswith(" dtk."), summary

    day = str(yesterday)  # its profit computed: the demo makes every rule fire
    assert main(["attention", "--date", day]) == 0
    firing = capsys.readouterr().out.splitlines()[2:]
    # each rule's sentence starts in one column, after the longest (Indonesian) title
    with open_catalog(lake) as con:
        found = [f for f in attention(con, lake, yesterday) if f.fires]
    width = max(len(f.title) for f in found)
    assert len(firing) == len(found) > 2
    assert all(line[width + 1 :] == f.line for line, f in zip(firing, found, strict=True))

    monkeypatch.setattr("sys.stdin", StringIO(""))  # no one at the keyboard
    assert main(["reset-lake", "--layers", "raw"]) == 1
    assert capsys.readouterr().out.endswith(
        "Tidak ada jawaban: tidak ada yang dihapus (--yes menghapus tanpa bertanya).\n"
    )
    assert (lake / "raw").exists()
