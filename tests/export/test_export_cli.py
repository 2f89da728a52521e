"""`nkdash export --from D --to D --out report.xlsx [--company N]`."""

from __future__ import annotations

import os

import pytest
from excel_support import heading_of, load, table_of

from nkdash_desktop import settings as S
from nkdash_desktop.cli import main


@pytest.fixture
def settings(export_lake):
    current = S.Settings()
    current.lake.root = str(export_lake)
    S.save(current)
    return current


def test_export_writes_the_report(settings, tmp_path, capsys):
    out = tmp_path / "reports" / "january.xlsx"
    out.parent.mkdir()
    code = main(["export", "--from", "2026-01-11", "--to", "2026-01-20", "--out", str(out),
                 "--company", "1"])  # fmt: skip
    printed = capsys.readouterr().out.splitlines()
    assert code == 0
    assert printed[0].startswith(f"lake: {settings.lake_root()} (")  # which lake, how fresh
    assert printed[1].startswith(f"Wrote {out} for 11 Jan 2026 – 20 Jan 2026 (NK Mart): 9 sheets")
    book = load(out)
    assert book.sheetnames[0] == "Summary" and len(book.sheetnames) == 9
    daily = book["Daily"]
    header, _, rows = table_of(daily)
    assert len(rows) == 10
    assert "NK Mart · 11 Jan 2026 – 20 Jan 2026" in heading_of(daily, header)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--from", "2026-13-01", "--to", "2026-01-20"],
         "start date '2026-13-01' is not a date; write it as YYYY-MM-DD"),
        (["--from", "2026-01-20", "--to", "20/01/2026"], "end date '20/01/2026' is not a date"),
        (["--from", "2026-01-20", "--to", "2026-01-11"],
         "the start date 2026-01-20 is after the end date 2026-01-11; swap them"),
        (["--from", "2026-01-11", "--to", "2099-01-01"], "the end date 2099-01-01 is in the future"),
        (["--from", "2026-01-11", "--to", "2026-01-20", "--company", "9"],
         '"9" is not a company in the lake; its companies are: NK Mart (id 1), NK Mart Bali (id 2)'),
        (["--from", "2026-01-11", "--to", "2026-01-20", "--company", "NK Mart Lombok"],
         '"NK Mart Lombok" is not a company in the lake; its companies are: NK Mart (id 1), '),
    ],
)  # fmt: skip
def test_bad_input_is_one_clear_sentence(settings, tmp_path, capsys, argv, message):
    out = tmp_path / "r.xlsx"
    assert main(["export", *argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert "Traceback" not in err
    assert not out.exists()


def test_the_output_must_be_a_workbook(settings, tmp_path, capsys):
    assert main(["export", "--from", "2026-01-11", "--to", "2026-01-20",
                 "--out", str(tmp_path / "report.csv")]) == 2  # fmt: skip
    assert "give --out a name ending in .xlsx, not 'report.csv'" in capsys.readouterr().err
    assert main(["export", "--from", "2026-01-11", "--to", "2026-01-20",
                 "--out", str(tmp_path)]) == 2  # fmt: skip
    assert "give --out a name ending in .xlsx" in capsys.readouterr().err


def test_an_output_folder_that_does_not_exist_is_not_created(settings, tmp_path, capsys):
    out = tmp_path / "reprots" / "2026" / "january.xlsx"  # a typo of an existing "reports"
    assert main(["export", "--from", "2026-01-11", "--to", "2026-01-20", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"error: the folder {out.parent} does not exist: create it first or give --out another "
        "one\n"
    )
    assert not (tmp_path / "reprots").exists()


def test_a_report_open_in_excel_fails_with_its_reason(settings, tmp_path, capsys, monkeypatch):
    out = tmp_path / "shared" / "report.xlsx"
    out.parent.mkdir()
    out.write_bytes(b"the report of last month")

    def refused(src, dst):
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(os, "replace", refused)
    assert main(["export", "--from", "2026-01-11", "--to", "2026-01-20", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == (
        "error: report.xlsx is open in another program (Excel?): close it or choose another name"
    )
    assert out.read_bytes() == b"the report of last month"
    assert [p.name for p in out.parent.iterdir()] == ["report.xlsx"]


def test_an_empty_lake_has_nothing_to_report(tmp_path, capsys):
    current = S.Settings()
    current.lake.root = str(tmp_path / "new lake")
    S.save(current)
    out = tmp_path / "r.xlsx"
    assert main(["export", "--from", "2026-01-11", "--to", "2026-01-20", "--out", str(out)]) == 1
    assert "has no data yet: run a sync first" in capsys.readouterr().err
    assert not out.exists()
