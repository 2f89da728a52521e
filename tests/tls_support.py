"""An HTTPS demo Odoo whose certificate comes from a private CA (trustme), and that CA installed
into the trust store the app uses: on Linux, OpenSSL's default store, which truststore reads and
which SSL_CERT_FILE replaces for one process (the system's CAs plus the test CA)."""

from __future__ import annotations

import ssl
from datetime import date, datetime
from pathlib import Path

import trustme

from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo

KEY = "nkdash-demo-admin-key"


def https_demo(ca: trustme.CA) -> DemoOdoo:
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(server_ctx)
    config = DemoConfig(days=3, end_date=date(2026, 1, 10), now=datetime(2026, 1, 11, 3, 0))
    return DemoOdoo(config, port=0, ssl_context=server_ctx).start()


def store_with(ca: trustme.CA, folder: Path) -> Path:
    """A copy of the OS store with the test CA added: the store this process's children use."""
    paths = ssl.get_default_verify_paths()
    system = Path(paths.cafile) if paths.cafile else None
    store = folder / "os-store-with-test-ca.pem"
    text = system.read_text(encoding="utf-8") if system and system.is_file() else ""
    store.write_text(text + ca.cert_pem.bytes().decode("ascii"), encoding="utf-8")
    return store
