"""`nkdash --self-test`: the smoke test the build runs on the frozen app, here run unfrozen."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import keyring.backends.fail
import keyring.errors
import pytest
from keyring_support import MemoryKeyring

from nkdash_desktop import selftest

CHECKS = ("bundle", "user files", "keyring", "demo lake", "KPI query", "main window", "chart")


@pytest.mark.slow
def test_self_test_passes_from_source(tmp_path):
    """The same command build/build.py runs on dist/NKDash, on `python -m nkdash_desktop`."""
    home = tmp_path / "home"
    env = dict(
        os.environ,
        NKDASH_HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        QTWEBENGINE_DISABLE_SANDBOX="1",
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "nkdash_desktop", "--self-test"],
        env=env, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    for name in CHECKS:
        verdicts = ("PASS", "WARN") if name == "keyring" else ("PASS",)
        assert any(line.startswith(tuple(f"{v}  {name}" for v in verdicts)) for line in lines), (
            done.stdout
        )
    assert not any(line.startswith("FAIL") for line in lines)
    assert "self-test passed: 7 checks" in done.stdout
    keyring_line = next(line for line in lines if line.split()[1:2] == ["keyring"])
    # no keyring on this machine is a warning that says what to do, never a plain PASS
    assert keyring_line.startswith(f"WARN  keyring      {selftest.NO_KEYRING} (") or (
        keyring_line.startswith("PASS  keyring") and "stored, read back and deleted" in keyring_line
    )
    saved = home / "logs" / "self-test.txt"
    assert lines[-1] == f"report saved to {saved}"
    assert saved.read_text(encoding="utf-8").splitlines() == lines[:-1]
    # nothing of the self-test's is left in the operator's folders but its report and log
    assert sorted(p.name for p in home.rglob("*") if p.is_file()) == ["nkdash.log", "self-test.txt"]


def test_keyring_round_trip_through_the_apps_credential_code(memory_keyring):
    detail = selftest.check_keyring()
    assert detail.endswith("a secret stored, read back and deleted")
    assert "MemoryKeyring" in detail
    assert memory_keyring.entries == {}  # the test secret is gone again


def test_no_keyring_is_a_warning_where_none_is_expected(use_keyring, monkeypatch):
    """A Linux server or container: the run passes, the line says WARN and what to do."""
    use_keyring(keyring.backends.fail.Keyring())
    monkeypatch.setattr(sys, "platform", "linux")
    report = selftest.Report(None)
    assert report.check("keyring", selftest.check_keyring)
    assert report.passed
    assert report.lines[0].startswith(f"WARN  keyring      {selftest.NO_KEYRING} (")
    assert "NKDASH_ODOO_SECRET" in selftest.NO_KEYRING


def test_no_keyring_on_windows_means_the_bundle_lacks_its_backends(use_keyring, monkeypatch):
    use_keyring(keyring.backends.fail.Keyring())
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(selftest.CheckFailed, match="lacks keyring's backends"):
        selftest.check_keyring()


class BrokenKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("the vault is locked")


def test_a_keyring_error_fails_the_check_and_the_run(use_keyring):
    use_keyring(BrokenKeyring())
    out = io.StringIO()
    report = selftest.Report(out)
    assert not report.check("keyring", selftest.check_keyring)
    assert report.check("other", lambda: "fine")
    assert not report.passed
    assert out.getvalue().startswith("FAIL  keyring      ")
    assert "the vault is locked" in out.getvalue()


def test_a_crashing_check_is_a_failure_not_a_crash():
    report = selftest.Report(None)

    def boom() -> str:
        raise ZeroDivisionError("division by zero")

    assert not report.check("boom", boom)
    assert report.outcomes[0].detail == "ZeroDivisionError: division by zero"
    assert not report.passed and not selftest.Report(None).passed  # no checks: not a pass


def test_user_files_outside_the_install_folder(monkeypatch, tmp_path):
    install = tmp_path / "Programs" / "NKDash"
    install.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(install / "NKDash"))
    outside = selftest.app_paths()
    assert "all outside" in selftest.check_user_files(outside, outside)
    monkeypatch.setenv("NKDASH_HOME", str(install / "data"))
    inside = selftest.app_paths()
    with pytest.raises(selftest.CheckFailed, match="inside the install folder"):
        selftest.check_user_files(inside, outside)


def test_the_report_is_saved_in_the_log_folder(nkdash_home: Path):
    report = selftest.Report(None)
    report.say("PASS  something")
    saved = selftest.save_report(report, selftest.app_paths())
    assert saved == nkdash_home / "logs" / "self-test.txt"
    assert saved.read_text(encoding="utf-8") == "PASS  something\n"
