"""TLS through the OS trust store, end to end: the `nkdash` command as a child process logs in to
an HTTPS demo Odoo whose CA the test installed into the trust store the app uses, and the same
command without that CA refuses in one sentence. No CA file is configured: only the store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import trustme
from tls_support import KEY, https_demo, store_with

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SSL_CERT_FILE is OpenSSL's")
def test_a_ca_in_the_os_store_is_trusted_and_refused_without_it(nkdash_home, tmp_path):
    ca = trustme.CA(organization_name="NK Dash OS store test CA")
    server = https_demo(ca)
    try:
        env = dict(
            os.environ,
            NKDASH_HOME=str(nkdash_home),
            PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
            PYTHON_KEYRING_BACKEND="keyring_support.FileKeyring",
            NKDASH_TEST_KEYRING_FILE=str(tmp_path / "keyring.json"),
        )
        for name in ("NKDASH_CA_FILE", "SSL_CERT_FILE", "SSL_CERT_DIR"):
            env.pop(name, None)
        command = [
            sys.executable, "-m", "nkdash_desktop", "login", "--url", server.url,
            "--database", server.db, "--login", "admin", "--password-stdin",
        ]  # fmt: skip
        refused = subprocess.run(
            command, env=env, input=KEY + "\n", capture_output=True, text=True, timeout=120
        )
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert "could not be verified (unable to get local issuer certificate)" in refused.stderr
        assert "Traceback" not in refused.stderr
        env["SSL_CERT_FILE"] = str(store_with(ca, tmp_path))
        trusted = subprocess.run(
            command, env=env, input=KEY + "\n", capture_output=True, text=True, timeout=120
        )
        assert trusted.returncode == 0, trusted.stdout + trusted.stderr
        assert "Logged in to Odoo" in trusted.stdout
    finally:
        server.stop()
