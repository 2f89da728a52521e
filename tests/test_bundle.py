"""Tests of a built bundle (`pytest --bundle dist/NKDash`; build/build.py runs them after each
build, they are deselected otherwise).

The adversarial test: from a copy of the bundle, one file at a time is removed that a bundle has
been seen to lack or that a packaging change could drop, and the frozen self-test must still
report, with a FAIL line naming what is missing, and save self-test.txt. The TLS test: the frozen
console twin connects to an HTTPS demo Odoo through the OS trust store, and refuses without the CA.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import trustme
from tls_support import KEY, https_demo, store_with

pytestmark = [pytest.mark.slow, pytest.mark.bundle]
EXE = ".exe" if sys.platform == "win32" else ""
# what is removed (a glob under _internal/, first match) -> what the FAIL line must name
REMOVED = {
    "_duckdb*": "_duckdb",
    "pyarrow": "pyarrow",
    "numpy": "numpy",
    "python3*/lib-dynload/_ssl*": "_ssl",
    "**/QtWebEngineProcess" + EXE: "QtWebEngineProcess",
    "**/qtwebengine_resources.pak": "qtwebengine_resources.pak",
    "**/icudtl.dat": "icudtl.dat",
    "nkdash_desktop/i18n/ts/engine_id.qm": "engine_id.qm",
    "babel/locale-data/id.dat": "Indonesian",
    "**/platforms/" + ("qwindows.dll" if sys.platform == "win32" else "libqxcb.so"): (
        "qwindows.dll" if sys.platform == "win32" else "libqxcb.so"
    ),
}
SELF_TEST_TIMEOUT_S = 900


@pytest.fixture(scope="module")
def bundle_copy(bundle_dir, tmp_path_factory) -> Path:
    """The bundle, hard-linked file by file (a 900 MB copy in a second); files are moved aside
    in the copy only."""
    copy = tmp_path_factory.mktemp("bundle") / bundle_dir.name
    shutil.copytree(bundle_dir, copy, symlinks=True, copy_function=os.link)
    return copy


def frozen_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, NKDASH_HOME=str(tmp_path / "home"))
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    for name in ("PYTHONPATH", "NKDASH_REPORT_STARTUP", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    if sys.platform.startswith("linux"):
        env["QT_QPA_PLATFORM"] = "offscreen"
        env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    return env


@pytest.mark.parametrize("pattern", list(REMOVED))
def test_the_self_test_names_each_missing_file(bundle_copy, tmp_path, pattern):
    internal = bundle_copy / "_internal"
    found = sorted(internal.glob(pattern))
    assert found, f"nothing in the bundle matches {pattern}"
    target = found[0]
    aside = tmp_path / "aside"
    aside.mkdir()
    shutil.move(str(target), str(aside / target.name))
    try:
        done = subprocess.run(
            [str(bundle_copy / f"nkdash-cli{EXE}"), "--self-test"],
            env=frozen_env(tmp_path), capture_output=True, text=True, encoding="utf-8",
            errors="replace", timeout=SELF_TEST_TIMEOUT_S,
        )  # fmt: skip
    finally:
        shutil.move(str(aside / target.name), str(target))
    report = done.stdout
    print(f"--- without {target.relative_to(internal)}:\n{report}")
    name = REMOVED[pattern]
    fails = [line for line in report.splitlines() if line.startswith("FAIL")]
    assert done.returncode == 1, report + done.stderr[-2000:]
    assert any(name in line for line in fails), f"no FAIL line names {name}:\n{report}"
    assert "self-test FAILED" in report
    saved = tmp_path / "home" / "logs" / "self-test.txt"
    assert saved.is_file() and "self-test FAILED" in saved.read_text(encoding="utf-8")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SSL_CERT_FILE is OpenSSL's")
def test_the_frozen_app_trusts_the_os_store(bundle_dir, tmp_path):
    ca = trustme.CA(organization_name="NK Dash OS store test CA")
    server = https_demo(ca)
    try:
        env = frozen_env(tmp_path)
        for name in ("NKDASH_CA_FILE", "SSL_CERT_FILE", "SSL_CERT_DIR", "PYTHON_KEYRING_BACKEND"):
            env.pop(name, None)
        settings = tmp_path / "home" / "config" / "settings.toml"
        settings.parent.mkdir(parents=True)
        settings.write_text(
            f'[odoo]\nurl = "{server.url}"\ndatabase = "{server.db}"\nlogin = "admin"\n',
            encoding="utf-8",
        )
        env["NKDASH_ODOO_SECRET"] = KEY  # no keyring on a build machine: the run's own secret
        command = [str(bundle_dir / f"nkdash-cli{EXE}"), "test-connection"]

        def connect() -> subprocess.CompletedProcess:
            return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)

        refused = connect()
        assert refused.returncode == 1, refused.stdout + refused.stderr
        assert "could not be verified" in refused.stderr, refused.stdout + refused.stderr
        env["SSL_CERT_FILE"] = str(store_with(ca, tmp_path))
        trusted = connect()
        said = trusted.stdout + trusted.stderr
        assert trusted.returncode == 0, said
        assert "could not be verified" not in said and "Odoo 19.0" in trusted.stdout, said
    finally:
        server.stop()


def test_the_contents_check_needs_no_work_folder(bundle_dir, monkeypatch):
    """`build.py --skip-build` on a bundle whose build/work is gone (a CI artifact, a clean
    checkout): the frozen module list is read from the executable itself."""
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("nkdash_build_check", root / "build" / "build.py")
    build = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = build
    spec.loader.exec_module(build)
    monkeypatch.setattr(build, "WORK", bundle_dir / "no such work folder")
    monkeypatch.setattr(build, "bundle_dir", lambda: bundle_dir)
    monkeypatch.setattr(build, "DIST", bundle_dir.parent)
    assert "nkdash_desktop" in build.shipped_modules(bundle_dir / f"{build.app_name()}{EXE}")
    assert build.check_contents(bundle_dir) == []
