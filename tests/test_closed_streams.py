"""The command line with its standard streams closed: what a windowed NKDash.exe gets (a GUI
process has no stdin, stdout or stderr) and what a script or scheduled task may give any build.
Each command runs as a real child process with descriptors 0, 1 and 2 closed: it must do its work
(or refuse in one sentence in the log), never crash on a missing stream."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from nkdash_desktop import settings as S
from nkdash_desktop import streams
from nkdash_desktop.cli import main
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.i18n import language

ROOT = Path(__file__).resolve().parents[1]
KEY = "nkdash-demo-admin-key"
END = date(2026, 1, 10)
TIMEOUT_S = 240


def close_std_streams() -> None:  # in the child, before exec
    for fd in (0, 1, 2):
        os.close(fd)


@pytest.fixture(scope="module")
def odoo():
    cfg = DemoConfig(days=10, end_date=END, now=datetime(2026, 1, 11, 3, 0))
    with DemoOdoo(cfg, port=0).start() as srv:
        yield srv


@pytest.fixture
def run_cli(nkdash_home, tmp_path):
    env = dict(
        os.environ,
        NKDASH_HOME=str(nkdash_home),
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
        PYTHON_KEYRING_BACKEND="keyring_support.FileKeyring",
        NKDASH_TEST_KEYRING_FILE=str(tmp_path / "keyring.json"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    env.pop("NKDASH_REPORT_STARTUP", None)

    def run(*argv: str, closed: bool = True, stdin: str | None = None) -> int:
        command = [sys.executable, "-m", "nkdash_desktop", *argv]
        if closed:
            done = subprocess.run(command, env=env, preexec_fn=close_std_streams, timeout=TIMEOUT_S)
        else:
            done = subprocess.run(
                command, env=env, input=stdin, text=True, capture_output=True, timeout=TIMEOUT_S
            )
            assert done.returncode == 0, done.stdout + done.stderr
        return done.returncode

    return run


def log_text(home: Path) -> str:
    return (home / "logs" / "nkdash.log").read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="closes descriptors in a forked child")
def test_commands_with_closed_standard_streams(odoo, run_cli, nkdash_home):
    run_cli(
        "login", "--url", odoo.url, "--database", odoo.db, "--login", "admin",
        "--password-stdin", closed=False, stdin=KEY + "\n",
    )  # fmt: skip
    # no stdin: an empty secret, refused in one sentence (exit 2), nothing crashes
    assert run_cli("login", "--password-stdin") == 2
    assert "an empty password or API key cannot be used" in log_text(nkdash_home)
    # the progress bar writes to a closed stderr: the work is done all the same
    assert run_cli("backfill", "--start", "2026-01-08", "--end", "2026-01-10") == 0
    assert run_cli("profit", "--start", "2026-01-08", "--end", "2026-01-10") == 0
    assert run_cli("status") == 0
    assert run_cli("demo", "--headless") == 0
    # the self-test of a windowed exe: its report still goes to self-test.txt
    assert run_cli("--self-test") == 0
    report = (nkdash_home / "logs" / "self-test.txt").read_text(encoding="utf-8")
    assert "self-test passed" in report
    text = log_text(nkdash_home)
    assert "Traceback" not in text and "NoneType" not in text, text[-3000:]
    assert any(S.load().lake_root().rglob("*.parquet")), "the backfill wrote nothing"


def test_the_windowed_exe_names_the_console_twin(monkeypatch, capsys, nkdash_home):
    """NKDash.exe given a command line command: one sentence naming nkdash-cli.exe, exit 2; the
    window and the demo's window still start from it (not run here)."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", r"C:\Programs\NKDash\NKDash.exe")
    monkeypatch.setattr(sys, "platform", "win32")
    # the language lookups would ask the Windows API this Linux machine pretends to have
    monkeypatch.setattr(language, "system_locale", lambda: "en_US")
    monkeypatch.setattr(language, "system_format_locale", lambda: "en_US")
    monkeypatch.setattr(sys, "argv", ["NKDash.exe", "status"])
    monkeypatch.setattr(streams, "tell_without_console", lambda s: print(s, file=sys.stderr))
    assert streams.windowed_build()
    assert main(["status"]) == 2
    err = capsys.readouterr().err
    assert "run `nkdash-cli.exe status` instead" in err
    monkeypatch.setattr(sys, "executable", r"C:\Programs\NKDash\nkdash-cli.exe")
    assert not streams.windowed_build()


def test_missing_streams_are_bound_to_the_null_device(monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stdin", None)
    bound = streams.ensure_streams()
    assert bound == ["stdin", "stdout"]
    print("goes nowhere")
    assert sys.stdin.readline() == ""
