"""Security: a known, distinctive API key appears in no file under the config, log, data, lake
and crash-report folders and in no exception text, after a full run and failed ones; a
self-signed HTTPS Odoo is refused with a clear sentence until the operator trusts its
certificate (settings odoo.ca_file); paths with spaces and non-ASCII characters work for the
lake and the settings.

tests/odoo/test_tls_and_proxy.py proves the client's TLS against a private CA (trustme); here a
bare self-signed certificate goes through the settings and the commands, end to end.
"""

from __future__ import annotations

import io
import ipaddress
import logging
import ssl
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from leak_support import exception_texts, files_containing
from reliability_support import TZ, assert_sound, assert_totals_equal, connect, start_odoo

from nkdash_desktop import settings as S
from nkdash_desktop.cli import main
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.odoo import OdooError, TlsError
from nkdash_desktop.odoo.net import build_ssl_context
from nkdash_desktop.paths import app_paths
from nkdash_desktop.pipeline.days import today

SECRET = "nkd-S3CR3T-apikey-7f3a9c1e5b2d"  # distinctive: no other text can contain it
WRONG = "nkd-WR0NG-apikey-4242aa9b"
END = today(TZ) - timedelta(days=1)
FIRST = END - timedelta(days=2)


def current_config(days: int = 4) -> DemoConfig:
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    return DemoConfig(days=days, scale="small", end_date=END, now=now)


def with_key(srv: DemoOdoo, key: str) -> DemoOdoo:
    """The demo admin's API key replaced by `key` (demo/auth.py reads it at every check)."""
    admin = next(u for u in srv.data.users if u.login == "admin")
    admin.api_key = key
    return srv


def login(srv: DemoOdoo, secret: str, monkeypatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(secret + "\n"))
    return main(["login", "--url", srv.url, "--database", srv.db, "--login", "admin",
                 "--password-stdin"])  # fmt: skip


def scanned_folders(lake: Path) -> list[Path]:
    paths = app_paths()
    return [paths.config_dir, paths.log_dir, paths.data_dir, paths.crash_dir, lake]


def test_the_key_is_nowhere_after_a_full_and_failed_runs(memory_keyring, monkeypatch, capsys):
    lake = S.load().lake_root()
    raised: list[BaseException] = []
    with with_key(DemoOdoo(current_config(), port=0).start(), SECRET) as srv:
        assert login(srv, SECRET, monkeypatch) == 0
        logging.getLogger().setLevel(logging.DEBUG)  # the most talkative the log can be
        assert main(["backfill", "--start", FIRST.isoformat(), "--end", END.isoformat()]) == 0
        assert main(["sync"]) == 0
        srv.faults.fail_next(6, "500")  # Odoo's error page quoted in the failed partitions
        assert main(["backfill", "--start", END.isoformat(), "--end", END.isoformat(),
                     "--mode", "rerun-all"]) == 1  # fmt: skip
        srv.revoke("admin")  # the key revoked: the nightly run fails on it
        assert main(["sync"]) == 1
        srv.restore("admin")
        assert login(srv, WRONG, monkeypatch) == 1  # a mistyped key, refused
        for secret, kw in ((WRONG, {}), (SECRET, {"database": "no_such_db"})):
            with pytest.raises(OdooError) as err:
                connect(srv.url, kw.get("database", srv.db), secret)
            raised.append(err.value)
        srv.revoke("admin")
        with pytest.raises(OdooError) as err:
            connect(srv.url, srv.db, SECRET)
        raised.append(err.value)
    logging.getLogger().setLevel(logging.INFO)
    shown = capsys.readouterr()
    assert "Odoo refused the login" in shown.err
    assert_sound(lake)
    for secret in (SECRET, WRONG):
        assert files_containing(secret, *scanned_folders(lake)) == []
        assert secret not in shown.out + shown.err
        for exc in raised:
            assert secret not in exception_texts(exc), repr(exc)
    log_text = (app_paths().log_dir / "nkdash.log").read_text(encoding="utf-8")
    assert "Odoo refused the login" in log_text  # the log was written, and scanned
    assert len(raised) == 3


# -- TLS -------------------------------------------------------------------------------------


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A bare self-signed certificate for 127.0.0.1 (no CA behind it) and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "odoo.nk-mart.local")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    cert_file, key_file = folder / "odoo self-signed é.pem", folder / "odoo.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_verification_is_on_by_default(monkeypatch):
    monkeypatch.delenv("NKDASH_CA_FILE", raising=False)
    context = build_ssl_context(S.load().odoo.ca_file or None)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_self_signed_odoo_is_refused_until_trusted(tmp_path, memory_keyring, monkeypatch, capsys):
    monkeypatch.delenv("NKDASH_CA_FILE", raising=False)
    cert, key = self_signed(tmp_path / "certs")
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(cert, key)
    with with_key(
        DemoOdoo(current_config(), port=0, ssl_context=server_tls).start(), SECRET
    ) as srv:
        assert srv.url.startswith("https://")
        assert login(srv, SECRET, monkeypatch) == 1  # refused before any secret is sent
        err = capsys.readouterr().err
        assert err.startswith("error: The TLS certificate of 127.0.0.1 could not be verified (")
        assert "self-signed" in err and "CA file in Settings" in err and "Traceback" not in err
        with pytest.raises(TlsError) as refused:
            connect(srv.url, srv.db, SECRET)
        assert SECRET not in exception_texts(refused.value)

        # the operator chooses to trust this server's certificate: Settings > CA file
        trusting = S.from_dict({"odoo": {"url": srv.url, "database": srv.db, "login": "admin",
                                         "ca_file": str(cert)}})  # fmt: skip
        S.save(trusting)
        assert login(srv, SECRET, monkeypatch) == 0, capsys.readouterr().err
        assert S.load().odoo.ca_file == str(cert)
        assert main(["backfill", "--start", FIRST.isoformat(), "--end", END.isoformat()]) == 0
        lake = S.load().lake_root()
        assert_sound(lake)
        assert_totals_equal(srv, lake, FIRST, END, secret=SECRET, ca_file=str(cert))
    assert files_containing(SECRET, *scanned_folders(lake)) == []


# -- paths -----------------------------------------------------------------------------------


def test_paths_with_spaces_and_non_ascii(tmp_path, memory_keyring, monkeypatch, capsys):
    home = tmp_path / "NK Dash Ünïcødé 東京 home"
    monkeypatch.setenv("NKDASH_HOME", str(home))
    lake = tmp_path / "Data Lake — Tōkyō 数据 ü"
    with start_odoo(days=4, end=END, now=datetime.now(UTC).replace(tzinfo=None)) as srv:
        settings = S.from_dict({"odoo": {"url": srv.url, "database": srv.db, "login": "admin"},
                                "lake": {"root": str(lake)}})  # fmt: skip
        saved = S.save(settings)
        assert saved == home / "config" / "settings.toml" and saved.exists()
        assert S.load() == settings and S.load().lake_root() == lake
        assert login(srv, "nkdash-demo-admin-key", monkeypatch) == 0
        assert main(["backfill", "--start", FIRST.isoformat(), "--end", END.isoformat()]) == 0
        assert main(["status"]) == 0
        assert str(lake) in capsys.readouterr().out
        assert_sound(lake)
        assert_totals_equal(srv, lake, FIRST, END)
    assert (home / "logs" / "nkdash.log").exists()
