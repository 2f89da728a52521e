"""The commands tell the truth in small things too: the last run of each dataset in the Odoo
time zone, a closed pipe is no error, and a run without a connection stops once, up front."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from nkdash_desktop import settings as S
from nkdash_desktop.cli import main
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import StateDB

KEY = "nkdash-demo-admin-key"


@pytest.fixture(scope="module")
def odoo():
    cfg = DemoConfig(days=5, end_date=date(2026, 1, 10), now=datetime(2026, 1, 11, 3, 0))
    with DemoOdoo(cfg, port=0).start() as srv:
        yield srv


def login(odoo, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(KEY + "\n"))
    argv = ["login", "--url", odoo.url, "--database", odoo.db, "--login", "admin"]
    assert main([*argv, "--password-stdin"]) == 0


def test_status_shows_the_last_run_of_each_dataset_after_a_backfill(
    odoo, monkeypatch, memory_keyring, capsys
):
    login(odoo, monkeypatch)
    settings = S.load()
    settings.odoo.timezone = "America/New_York"  # far from UTC: a UTC time would show
    S.save(settings)
    assert main(["backfill", "--start", "2026-01-09", "--end", "2026-01-10"]) == 0
    capsys.readouterr()
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    with StateDB(LakeLayout(settings.lake_root()).metadata) as state:
        run = state.runs()[0]
    ended = run.ended_at.astimezone(ZoneInfo("America/New_York")).strftime("%Y-%m-%d %H:%M")
    started = run.started_at.astimezone(ZoneInfo("America/New_York")).strftime("%Y-%m-%d %H:%M")
    assert "times are in America/New_York (the Odoo time zone)" in out
    assert "never" not in out
    assert (
        f"  pos_lines        complete up to 2026-01-10; last run {run.id} (backfill) "
        f"succeeded at {ended}" in out
    )
    assert f"last run {run.id} (backfill) succeeded at {ended}" in out.split("dimensions")[1]
    assert f"  {run.id:5d} {started} backfill  succeeded" in out


def _with_closed_stdout(argv: list[str]) -> subprocess.CompletedProcess:
    """`nkdash <argv> | head -0`: the reader is gone before the command writes a byte."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "nkdash_desktop", *argv],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env=os.environ.copy(),
        )
    finally:
        os.close(write_end)


DRY_BACKFILL = ["backfill", "--start", "2026-01-01", "--end", "2026-01-31", "--dry-run"]


@pytest.mark.parametrize("argv", [["status"], DRY_BACKFILL, ["--help"], ["backfill", "--help"]])
def test_a_closed_pipe_ends_the_command_quietly(argv):
    done = _with_closed_stdout(argv)
    assert done.stderr == ""
    # 141 as a command stopped by SIGPIPE; argparse's help ignores the closed pipe itself
    assert done.returncode == (0 if "--help" in argv else 141)


@pytest.mark.parametrize("what", ["no connection", "no secret"])
def test_a_run_without_a_connection_stops_once_up_front(memory_keyring, capsys, what):
    settings = S.Settings()
    if what == "no secret":
        settings.odoo.url, settings.odoo.database = "https://erp.nk-mart.co.id", "nkmart"
        settings.odoo.login = "reports@nk-mart.co.id"
    S.save(settings)
    for argv in (["backfill", "--start", "2026-01-01", "--end", "2026-01-31"], ["sync"]):
        assert main(argv) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        if what == "no connection":
            expected = (
                "error: No Odoo connection is set up yet: run `nkdash login` or open "
                "Settings > Connection.\n"
            )
        else:
            expected = (
                'error: No password or API key is stored for "reports@nk-mart.co.id" on '
                'database "nkmart": run `nkdash login` or enter it in Settings > Connection.\n'
            )
        assert captured.err == expected
    metadata = LakeLayout(settings.lake_root()).metadata
    if metadata.exists():
        with StateDB(metadata) as state:
            assert state.runs() == []  # no run was started, so none failed partition by partition
