"""`nkdash login` (test credentials, keep the secret in the keyring) and `nkdash
test-connection`."""

from __future__ import annotations

import argparse
import copy
import sys

from nkdash_desktop import settings as S
from nkdash_desktop.cli.usage import UsageError, load_settings, settings_store
from nkdash_desktop.i18n import translate


def _read_secret(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    return getpass.getpass(translate("Cli", "Password or API key (not shown): "))


def _connection_of(settings: S.Settings) -> tuple[str, str, str]:
    return settings.odoo.url, settings.odoo.database, settings.odoo.login


def _login(args: argparse.Namespace) -> int:
    from nkdash_desktop.odoo.credentials import (
        SECRET_ENV,
        forget_replaced_secret,
        has_keyring,
        keyring_backend_name,
        secret_from_environment,
        store_secret,
    )
    from nkdash_desktop.odoo.errors import NoKeyring, OdooError
    from nkdash_desktop.pipeline.connect import (
        choose_company,
        connection_report,
        open_client,
        record_login,
        secret_kind_words,
    )

    store = settings_store()
    current = copy.deepcopy(store.current)  # edited below, written once the login worked
    before = _connection_of(current)
    if args.company is not None:  # chosen among the user's companies once logged in
        current.odoo.company_id = 0
    for key in ("url", "database", "login", "transport"):
        value = getattr(args, key)
        if value:
            setattr(current.odoo, key, value)
    try:
        current = current.validated()
    except S.SettingsError as exc:
        raise UsageError(str(exc)) from None
    if not current.is_configured:
        raise UsageError(
            translate("Cli", "give --url, --database and --login (or set them in Settings first)")
        )
    from_env = secret_from_environment()
    if from_env and args.password_stdin:
        raise UsageError(
            translate(
                "Cli",
                "{variable} is set, so every run uses it: unset it to store another secret in "
                "the keyring, or log in without --password-stdin to record the connection",
            ).format(variable=SECRET_ENV)
        )
    if not from_env and not has_keyring():
        raise NoKeyring()  # before any prompt or test: nothing could keep the secret
    secret = from_env or _read_secret(args)
    if not secret:
        raise UsageError(translate("Cli", "an empty password or API key cannot be used"))
    current.odoo.secret_kind = ""  # a new secret: what it is, this login finds out
    with open_client(current, secret) as client:
        if args.company is not None:
            current.odoo.company_id = choose_company(client, args.company)
            client.connection.company_id = current.odoo.company_id
        report = connection_report(client)
    if report.company_problem:
        raise OdooError(report.company_problem)
    record_login(current.odoo, report)
    odoo = current.odoo
    if not from_env:
        store_secret(odoo.url, odoo.database, odoo.login, secret)
    store.replace(current)
    path = store.path
    if has_keyring():
        forget_replaced_secret(before, _connection_of(current))
    kind = secret_kind_words(report.secret_kind)
    print(
        translate(
            "Cli",
            "Logged in to Odoo {version} as {user} with {kind} ({transport}); later runs use "
            "{transport} straight away.",
        ).format(
            version=report.server_version, user=report.user, kind=kind, transport=report.transport
        )
    )
    if from_env:
        said = translate(
            "Cli", "Secret not stored: every run reads it from {variable}; settings: {path}"
        )
        print(said.format(variable=SECRET_ENV, path=path))
    else:
        said = translate("Cli", "Secret stored in the system keyring ({keyring}); settings: {path}")
        print(said.format(keyring=keyring_backend_name(), path=path))
    return 0


def _test_connection(args: argparse.Namespace) -> int:
    from nkdash_desktop.pipeline.connect import connection_report, open_client

    with open_client(load_settings()) as client:
        report = connection_report(client)
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def register(sub: argparse._SubParsersAction) -> None:
    login = sub.add_parser(
        "login",
        help=translate(
            "Cli",
            "test credentials and store them in the system keyring (without one: give the "
            "secret to every run in NKDASH_ODOO_SECRET)",
        ),
    )
    login.add_argument(
        "--url", help=translate("Cli", "Odoo address, e.g. https://mycompany.odoo.com")
    )
    login.add_argument("--database", help=translate("Cli", "database name"))
    login.add_argument("--login", help=translate("Cli", "user login (e-mail)"))
    login.add_argument("--transport", choices=["auto", "jsonrpc", "json2"])
    login.add_argument(
        "--company", help=translate("Cli", "the company to report on: its name or id")
    )
    login.add_argument(
        "--password-stdin",
        action="store_true",
        help=translate("Cli", "read the password or API key from standard input"),
    )
    login.set_defaults(func=_login)

    test = sub.add_parser(
        "test-connection", help=translate("Cli", "check the Odoo connection and access rights")
    )
    test.set_defaults(func=_test_connection)
