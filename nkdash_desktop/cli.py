"""The `nkdash` command: headless entry points over the same engine functions the app uses.

Every command returns an exit code; errors the operator can fix are printed as one sentence,
never as a traceback (the traceback goes to the log file).
"""

from __future__ import annotations

import argparse
import copy
import importlib
import logging
import sys
from collections.abc import Callable, Sequence

from nkdash_desktop import __version__
from nkdash_desktop.errors import operator_error, sentence

log = logging.getLogger(__name__)
Command = Callable[[argparse.Namespace], int]
# command groups living in nkdash_desktop/commands/<name>.py
COMMAND_MODULES: list[str] = ["lake", "kpi", "demo", "profit", "export", "attention"]


class UsageError(Exception):
    """Bad input on the command line: the message is shown as is."""


def _demo_server(args: argparse.Namespace) -> int:
    from nkdash_desktop.demo.data import DemoConfig
    from nkdash_desktop.demo.server import DemoOdoo

    options = {"pos_hr"} | ({"product_brand"} if args.brand else set())
    config = DemoConfig(
        days=args.days,
        scale=args.scale,
        flavour=args.flavour,
        seed=args.seed,
        options=frozenset(options),
    )
    print(f"Generating {args.days} days of demo data ({args.scale} scale, Odoo {args.flavour})…")
    server = DemoOdoo(config, host=args.host, port=args.port)
    server.start()
    users = ", ".join(f"{u.login}/{u.password}" for u in server.data.users[:2])
    print(
        f"Demo Odoo {args.flavour}.0 serving {server.url}  database: {server.db}  "
        f"logins: {users}  API key: {server.data.users[0].api_key}"
    )
    print("Press Ctrl+C to stop.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def settings_store():
    """The settings file's store (the one writer); an invalid file is a usage error naming the
    bad key."""
    from nkdash_desktop import settings as S
    from nkdash_desktop.settings_store import SettingsStore

    try:
        return SettingsStore.open()
    except S.SettingsError as exc:
        raise UsageError(str(exc)) from None


def load_settings():
    """The operator's settings, to read."""
    return settings_store().current


def _read_secret(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    return getpass.getpass("Password or API key (not shown): ")


def _connection_of(settings) -> tuple[str, str, str]:
    return settings.odoo.url, settings.odoo.database, settings.odoo.login


def _login(args: argparse.Namespace) -> int:
    from nkdash_desktop import settings as S
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
        SECRET_KIND_WORDS,
        choose_company,
        connection_report,
        open_client,
        record_login,
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
        raise UsageError("give --url, --database and --login (or set them in Settings first)")
    from_env = secret_from_environment()
    if from_env and args.password_stdin:
        raise UsageError(
            f"{SECRET_ENV} is set, so every run uses it: unset it to store another secret in "
            "the keyring, or log in without --password-stdin to record the connection"
        )
    if not from_env and not has_keyring():
        raise NoKeyring()  # before any prompt or test: nothing could keep the secret
    secret = from_env or _read_secret(args)
    if not secret:
        raise UsageError("an empty password or API key cannot be used")
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
    kind = SECRET_KIND_WORDS.get(report.secret_kind, "a password or API key")
    print(
        f"Logged in to Odoo {report.server_version} as {report.user} with {kind} "
        f"({report.transport}); later runs use {report.transport} straight away."
    )
    if from_env:
        print(f"Secret not stored: every run reads it from {SECRET_ENV}; settings: {path}")
    else:
        print(f"Secret stored in the system keyring ({keyring_backend_name()}); settings: {path}")
    return 0


def _test_connection(args: argparse.Namespace) -> int:
    from nkdash_desktop.pipeline.connect import connection_report, open_client

    with open_client(load_settings()) as client:
        report = connection_report(client)
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def _extract(args: argparse.Namespace) -> int:
    from nkdash_desktop.lake.layout import LakeLayout
    from nkdash_desktop.lake.lock import WriterLock
    from nkdash_desktop.pipeline.connect import open_client
    from nkdash_desktop.pipeline.datasets import UnknownDatasetError, get_dataset
    from nkdash_desktop.pipeline.days import DateRangeError, day_range, parse_range
    from nkdash_desktop.pipeline.extract import Extractor

    settings = load_settings()
    try:
        dataset = get_dataset(args.dataset)
        if dataset.kind == "daily":
            first, last = parse_range(
                args.start or args.date or "", args.end or args.date, tz=settings.odoo.timezone
            )
            days = list(day_range(first, last))
        else:
            days = [None]
    except (UnknownDatasetError, DateRangeError) as exc:
        raise UsageError(str(exc)) from None
    layout = LakeLayout(settings.lake_root())
    layout.metadata.mkdir(parents=True, exist_ok=True)
    with (
        WriterLock(layout.metadata, owner="cli", description=f"extract {dataset.name}"),
        open_client(settings) as client,
    ):
        extractor = Extractor(
            client,
            layout,
            timezone=settings.odoo.timezone,
            company_id=settings.odoo.company_id or None,
        )
        for day in days:
            result = extractor.extract(dataset, day)
            tables = ", ".join(f"{t.table} {t.rows}" for t in result.tables)
            print(
                f"{dataset.name} {day or 'snapshot'}: {tables} rows; "
                f"{result.requests} requests, {result.bytes / 1e6:.2f} MB, {result.seconds:.2f} s"
            )
    return 0


def _open_app(args: argparse.Namespace) -> int:
    from nkdash_desktop.ui.app import launch
    from nkdash_desktop.ui.context import AppContext

    store = settings_store()
    return launch(AppContext(store.current, store=store), tray=args.tray)


def _quit_running(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QCoreApplication

    from nkdash_desktop.ui.single_instance import quit_running_instances

    _app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])  # local sockets
    return quit_running_instances()


def _windowed_refusal(args: argparse.Namespace) -> str | None:
    """The windowed NKDash.exe runs the window (and the demo's); a command line command there
    would print to nowhere: it names the console twin instead."""
    from nkdash_desktop.streams import WINDOWED_COMMANDS, use_the_console_twin, windowed_build

    if not windowed_build():
        return None
    if args.command in WINDOWED_COMMANDS and not getattr(args, "headless", False):
        return None
    command = " ".join(sys.argv[1:]) or str(args.command)
    return use_the_console_twin(command)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nkdash", description="NK Dash Desktop: retail KPIs from Odoo."
    )
    parser.add_argument("--version", action="version", version=f"nkdash {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation (window, charts, keyring, demo lake, KPI query) and exit",
    )
    parser.add_argument(
        "--tray", action="store_true", help="start minimised (what the sign-in autostart uses)"
    )
    parser.add_argument(
        "--quit",
        action="store_true",
        help="ask a running NK Dash of this user to quit (what the installer does first)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo-server", help="serve the built-in demo Odoo on loopback")
    demo.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    demo.add_argument("--port", type=int, default=8069)
    demo.add_argument("--days", type=_positive_int, default=90, help="days of history")
    demo.add_argument("--scale", choices=["small", "medium", "large"], default="small")
    demo.add_argument("--flavour", type=int, choices=[16, 17, 18, 19], default=19)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--brand", action="store_true", help="install the product_brand add-on")
    demo.set_defaults(func=_demo_server)

    login = sub.add_parser(
        "login",
        help="test credentials and store them in the system keyring (without one: give the "
        "secret to every run in NKDASH_ODOO_SECRET)",
    )
    login.add_argument("--url", help="Odoo address, e.g. https://mycompany.odoo.com")
    login.add_argument("--database", help="database name")
    login.add_argument("--login", help="user login (e-mail)")
    login.add_argument("--transport", choices=["auto", "jsonrpc", "json2"])
    login.add_argument("--company", help="the company to report on: its name or id")
    login.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password or API key from standard input",
    )
    login.set_defaults(func=_login)

    test = sub.add_parser("test-connection", help="check the Odoo connection and access rights")
    test.set_defaults(func=_test_connection)

    extract = sub.add_parser("extract", help="extract a dataset into the raw layer")
    extract.add_argument("--dataset", required=True, help="dataset name, e.g. pos_lines or pos")
    extract.add_argument("--date", help="business day YYYY-MM-DD")
    extract.add_argument("--start", help="first day of a range")
    extract.add_argument("--end", help="last day of a range")
    extract.set_defaults(func=_extract)
    for name in COMMAND_MODULES:
        importlib.import_module(f"nkdash_desktop.commands.{name}").register(sub)
    return parser


def _silence_stdout() -> None:
    """Point stdout at the null device so that the interpreter's final flush of what is still
    buffered does not report the closed pipe either."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file behind stdout: nothing will be flushed to it
        pass


def main(argv: Sequence[str] | None = None) -> int:
    try:
        try:
            return _main(argv)
        finally:  # `--help` and `--version` too: a closed pipe shows here, not at exit
            sys.stdout.flush()
    except BrokenPipeError:  # `nkdash ... | head -1`: the reader has all it wanted
        _silence_stdout()
        return 141  # what a shell reports for a command stopped by SIGPIPE


def _main(argv: Sequence[str] | None) -> int:
    from nkdash_desktop.logsetup import setup_logging
    from nkdash_desktop.streams import ensure_streams

    ensure_streams()  # a windowed exe, or a script that closed them: never crash on a print
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] in (["--self-test"], ["--self-test-check"]):
        # before the parser: building it imports the engine, which the self-test checks
        from nkdash_desktop import selftest

        return selftest.main(arguments)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.quit:
        args.func = _quit_running
    if not getattr(args, "func", None):
        args.func = _open_app  # no command: the desktop app (`--help` lists the commands)
    try:
        setup_logging()
    except OSError as exc:  # an unwritable log folder must not stop the command
        print(f"warning: cannot write the log file ({exc.strerror})", file=sys.stderr)
    refusal = _windowed_refusal(args)
    if refusal:
        from nkdash_desktop.streams import tell_without_console

        tell_without_console(refusal)
        return 2
    try:
        if args.func is _open_app:  # --tray, and the cold-start figure (NKDASH_REPORT_STARTUP)
            from nkdash_desktop.startup import prepare_window_start

            prepare_window_start(tray=args.tray)
        return args.func(args)
    except BrokenPipeError:
        raise  # not a failure of the command: main() ends quietly
    except UsageError as exc:
        log.warning("command %s refused: %s", args.command, exc)  # read when no console was
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # the operator gets one sentence; the log keeps the traceback
        log.exception("command %s failed", args.command)
        # an unexpected error keeps its class name: the operator can quote it to support
        said = sentence(exc) if operator_error(exc) else f"{type(exc).__name__}: {exc}"
        print(f"error: {said}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
