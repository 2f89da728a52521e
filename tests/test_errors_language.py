"""Engine error sentences come in the operator's language, placeholders filled (issue 21)."""

from __future__ import annotations

import pytest

from nkdash_desktop import settings as S
from nkdash_desktop.errors import sentence
from nkdash_desktop.lake.lock import Holder, LakeBusyError
from nkdash_desktop.lake.relocate import check_folder, human_bytes
from nkdash_desktop.odoo import errors as E
from nkdash_desktop.pipeline.control import Cancelled
from nkdash_desktop.pipeline.days import DateRangeError, parse_range


def test_engine_errors_in_indonesian(language):
    language("id")
    assert E.WrongCredentials("kasir", "nkmart").sentence.startswith(
        'Odoo menolak login "kasir" dengan kata sandi atau API key ini di database "nkmart"'
    )
    reach = E.HostUnreachable("https://odoo.nkmart.id", "connection refused", tries=3).sentence
    assert reach.startswith("Tidak bisa menghubungi Odoo di https://odoo.nkmart.id (")
    assert "connection refused setelah 3 kali coba" in reach
    assert E.KeyringFailed("store", "locked").sentence.startswith("Keyring OS gagal menyimpan")
    hidden = E.MissingGroup(
        "kasir", "Accounting / Read-only", "posted vendor bill and refund product lines"
    )
    assert "tidak bisa melihat baris produk tagihan pemasok dan retur" in hidden.sentence
    assert sentence(Cancelled()) == (
        "Proses dibatalkan; partisi yang sudah selesai tetap disimpan, tidak ada yang tertulis "
        "setengah."
    )
    busy = LakeBusyError(Holder(42, "KASIR-PC", "cli", "2026-12-05T07:00:00+00:00"))
    assert "oleh baris perintah (CLI), pid 42 di KASIR-PC" in busy.sentence
    with pytest.raises(S.SettingsError) as bad:
        S.from_dict({"schedule": {"nightly_time": "25:00"}}, source="settings.toml")
    assert str(bad.value).startswith("settings.toml: 'schedule.nightly_time' harus jam")
    assert check_folder("data").sentence == '"data" bukan alamat lengkap: pilih sebuah folder.'
    assert human_bytes(1_500_000_000) == "1,5 GB" and human_bytes(12) == "12 byte"
    with pytest.raises(DateRangeError, match="tanggal awal 2026-02-01 jatuh setelah"):
        parse_range("2026-02-01", "2026-01-01")


def test_engine_errors_stay_english_in_english(language):
    language("en")
    assert sentence(Cancelled()).startswith("The run was cancelled")
    assert E.KeyringFailed("read", "locked").sentence.startswith("The OS keyring could not read")
