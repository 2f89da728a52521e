"""A least-privilege reporting user (Internal User; Point of Sale: User; Accounting: Read-only;
Inventory: User; Purchase: User; no "Access Rights") runs everything on Odoo 16 and 19: login,
test-connection, a 30-day backfill, sync, profit and validate. Where a right is really
missing, the refusal is one sentence naming the group that grants it in that version."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest

from nkdash_desktop import settings as S
from nkdash_desktop.cli import main
from nkdash_desktop.demo.access import ACCOUNT_READONLY, REPORTING_USER
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo

END = date(2026, 1, 10)
DAYS = 30
# the viewer: an API key on 19 (JSON-2), its password on 16 (JSON-RPC)
SECRETS = {19: "nkdash-demo-viewer-key", 16: "viewer"}
READONLY_NAME = {
    19: "Show Accounting Features - Readonly",
    16: "Technical/Show Accounting Features - Readonly",
}


@pytest.fixture(scope="module", params=[19, 16])
def odoo(request):
    config = DemoConfig(
        days=DAYS, flavour=request.param, end_date=END, now=datetime(2026, 1, 11, 3, 0)
    )
    with DemoOdoo(config, port=0).start() as srv:
        yield srv


def login(odoo, monkeypatch, *extra: str) -> int:
    secret = SECRETS[odoo.data.flavour.version]
    monkeypatch.setattr("sys.stdin", io.StringIO(secret + "\n"))
    argv = ["login", "--url", odoo.url, "--database", odoo.db, "--login", "viewer", *extra]
    return main([*argv, "--password-stdin"])


def test_the_reporting_user_backfills_syncs_and_validates(odoo, monkeypatch, memory_keyring,
                                                          capsys):  # fmt: skip
    assert odoo.groups("viewer") == REPORTING_USER
    assert login(odoo, monkeypatch) == 0
    assert main(["test-connection"]) == 0, capsys.readouterr()
    first = END - timedelta(days=DAYS - 1)
    assert main(["backfill", "--start", str(first), "--end", str(END)]) == 0, capsys.readouterr()
    assert main(["sync"]) == 0, capsys.readouterr()
    assert main(["profit", "--rebuild"]) == 0, capsys.readouterr()
    for day in (first, END):
        assert main(["validate", "--date", str(day)]) == 0, capsys.readouterr()
    out = capsys.readouterr()
    assert "error" not in out.err and "Traceback" not in out.err
    assert "ir.model" not in out.out


def test_without_accounting_read_only_the_sentence_names_the_group(
    odoo, monkeypatch, memory_keyring, capsys
):
    assert login(odoo, monkeypatch) == 0
    odoo.set_groups("viewer", REPORTING_USER - {ACCOUNT_READONLY})
    try:
        capsys.readouterr()
        assert main(["backfill", "--start", str(END), "--end", str(END)]) == 1
        out = capsys.readouterr().out
        # Odoo hides customer invoices from a purchase user without it: refused, not zero
        group = READONLY_NAME[odoo.data.flavour.version]
        assert (
            f'failed invoice_sales {END}: The Odoo user "viewer" cannot see posted customer '
            "invoice and credit note product lines (not from the POS): ask your Odoo "
            f'administrator for the group "{group}" (without it Odoo hides them instead of '
            "refusing)."
        ) in out
        assert "pos_lines: " in out  # the other datasets ran
    finally:
        odoo.set_groups("viewer", REPORTING_USER)


def test_login_checks_the_company_against_the_users_companies(
    odoo, monkeypatch, memory_keyring, capsys
):
    assert login(odoo, monkeypatch, "--company", "NK Mart Bali") == 1
    err = capsys.readouterr().err
    assert err == (
        'error: The Odoo user "viewer" may not use "NK Mart Bali"; their companies are: '
        "NK Mart (id 1). Choose one of them in Settings > Connection or with "
        "`nkdash login --company`.\n"
    )
    assert memory_keyring.entries == {}
    assert login(odoo, monkeypatch, "--company", "nk mart") == 0
    assert S.load().odoo.company_id == 1
    # a company set in Settings that the user lacks: test-connection names the valid ones
    settings = S.load()
    settings.odoo.company_id = 2
    S.save(settings)
    capsys.readouterr()
    assert main(["test-connection"]) == 1
    out = capsys.readouterr().out
    assert (
        'The Odoo user "viewer" may not use company id 2; their companies are: NK Mart (id 1).'
        in out
    )
