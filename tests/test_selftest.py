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

CHECKS = (
    "bundle", "user files", "libraries", "time zones", "translations", "TLS", "keyring",
    "platform", "web engine", "demo lake", "KPI query", "main window",
)  # fmt: skip


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
    assert [c.name for c in selftest.CHECKS] == list(CHECKS)
    assert f"self-test passed: {len(CHECKS)} checks" in done.stdout
    assert "Sales web view" in next(line for line in lines if "main window" in line)
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


def test_a_check_that_crashes_is_its_own_fail_line_and_the_next_runs(monkeypatch, tmp_path, capsys):
    """A child that aborts (as Qt does without its platform plugin, or WebEngine without its
    process) or exits with an error gives that check a FAIL line naming how it ended and its
    last words; the report file holds each line as soon as its check has finished."""
    report_file = selftest.app_paths().log_dir / "self-test.txt"
    crashes = {
        "bundle": "import os, sys; print('Could not find QtWebEngineProcess', file=sys.stderr); "
        "sys.stderr.flush(); os.abort()",
        "user files": "import sys; sys.exit(3)",
    }
    seen_in_file: list[list[str]] = []

    def child_command(name: str) -> list[str]:
        seen_in_file.append(report_file.read_text(encoding="utf-8").splitlines())
        return [sys.executable, "-c", crashes[name]]

    monkeypatch.setattr(selftest, "child_command", child_command)
    assert selftest.run(names=["bundle", "user files"]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    bundle = next(line for line in lines if line.startswith("FAIL  bundle"))
    assert "crashed (killed by signal SIGABRT): Could not find QtWebEngineProcess" in bundle
    assert "FAIL  user files   crashed (exit status 3)" in out
    assert "self-test FAILED: bundle, user files (2 checks" in out
    # the first check's line was in the file before the second check started
    assert seen_in_file[1][-1].startswith("FAIL  bundle")


def test_the_self_test_imports_none_of_the_libraries_it_checks(tmp_path):
    """The parent process must survive any of them being broken: it imports none of them."""
    probe = (
        "import sys; from nkdash_desktop import selftest; "
        "heavy = ('duckdb', 'polars', 'pyarrow', 'numpy', 'PySide6', 'ssl', 'keyring'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_a_blank_web_view_is_not_a_chart(qapp):
    from PySide6.QtGui import QColor, QImage, QPainter

    blank = QImage(400, 300, QImage.Format.Format_RGB32)
    blank.fill(QColor("#ffffff"))
    assert not selftest.pixels(blank, "#ffffff").chart_like
    chart = QImage(blank)
    painter = QPainter(chart)
    for i, colour in enumerate(("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728")):
        painter.fillRect(40 + i * 80, 300 - 60 * (i + 1), 50, 60 * (i + 1), QColor(colour))
    painter.setPen(QColor("#444444"))
    for y in range(20, 300, 40):
        painter.drawLine(30, y, 390, y)
    painter.end()
    assert selftest.pixels(chart, "#ffffff").chart_like


def test_time_zones_and_tls_checks_pass_here():
    assert "zones load and are accepted by the settings" in selftest.check_time_zones()
    assert "CA certificates" in selftest.check_tls()


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


def test_the_report_is_appended_line_by_line_in_the_log_folder(nkdash_home: Path):
    saved = nkdash_home / "logs" / "self-test.txt"
    report = selftest.Report(None, saved)
    report.say("PASS  something")
    assert saved.read_text(encoding="utf-8") == "PASS  something\n"
    report.say("FAIL  another")
    assert saved.read_text(encoding="utf-8") == "PASS  something\nFAIL  another\n"
