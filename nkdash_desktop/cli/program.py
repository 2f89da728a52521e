"""The `nkdash` program: its parser, made of the command groups registered one by one, and
`main`, which runs a command and turns its failure into one sentence.

Every command returns an exit code; errors the operator can fix are printed as one sentence,
never as a traceback (the traceback goes to the log file).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from nkdash_desktop import __version__
from nkdash_desktop.cli.options import Parser
from nkdash_desktop.cli.usage import UsageError, load_settings
from nkdash_desktop.cli.window import open_app, quit_running
from nkdash_desktop.errors import operator_error, sentence
from nkdash_desktop.i18n import translate

log = logging.getLogger(__name__)


def command_groups() -> tuple[ModuleType, ...]:
    """The modules of `nkdash`'s commands, in the order help lists them; each adds its
    commands with `register(subparsers)`. Imported here, not at the top: they import the
    engine, which `--self-test` checks before anything else loads it."""
    from nkdash_desktop.cli import (
        attention,
        connection,
        demo,
        export,
        extract,
        kpi,
        lake,
        profit,
    )

    return (demo, connection, lake, extract, profit, kpi, export, attention)


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


def use_language() -> None:
    """Words and formats in the language of the settings (NKDASH_LANG wins), argparse's own
    words included. An unreadable settings file leaves the system's language: the command
    that reads the settings reports the file itself."""
    from nkdash_desktop import i18n
    from nkdash_desktop.cli import argparse_words
    from nkdash_desktop.settings import SettingsError

    try:
        setting = load_settings().ui.language
    except (SettingsError, UsageError, OSError):
        setting = "system"
    i18n.set_language(setting)
    argparse_words.install()


WINDOW_FLAGS = frozenset({"--tray", "--quit", "--viewer", "--lake"})  # the window, no command


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """`nkdash`'s parser; without `commands` only the window's own options (a double-click
    need not import every command's engine before its window paints)."""
    parser = Parser(
        prog="nkdash",
        description=translate("Cli", "NK Dash Desktop: retail KPIs from Odoo."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"nkdash {__version__}",
        help=translate("Cli", "show the version and exit"),
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=translate(
            "Cli",
            "check this installation (window, charts, keyring, demo lake, KPI query) and exit",
        ),
    )
    parser.add_argument(
        "--tray",
        action="store_true",
        help=translate("Cli", "start minimised (what the sign-in autostart uses)"),
    )
    parser.add_argument(
        "--quit",
        action="store_true",
        help=translate(
            "Cli", "ask a running NK Dash of this user to quit (what the installer does first)"
        ),
    )
    parser.add_argument(
        "--viewer",
        action="store_true",
        help=translate(
            "Cli",
            "open the lake another PC writes, read-only: no syncs, no settings written; new days"
            " show once that PC publishes them (with --lake)",
        ),
    )
    parser.add_argument(
        "--lake",
        type=Path,
        metavar=translate("Cli", "FOLDER"),
        help=translate(
            "Cli", "the lake folder a --viewer opens: a local folder or a network share"
        ),
    )
    parser.set_defaults(command=None)
    if commands:
        sub = parser.add_subparsers(dest="command", metavar="COMMAND")
        for group in command_groups():
            group.register(sub)
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


def _window_launch(arguments: list[str]) -> bool:
    """Only the window's own options (`--lake` with its folder): no command's parser needed."""
    flags = [a for i, a in enumerate(arguments) if i == 0 or arguments[i - 1] != "--lake"]
    return all(a.split("=", 1)[0] in WINDOW_FLAGS for a in flags)


def _main(argv: Sequence[str] | None) -> int:
    from nkdash_desktop.logsetup import setup_logging
    from nkdash_desktop.streams import ensure_streams

    ensure_streams()  # a windowed exe, or a script that closed them: never crash on a print
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] in (["--self-test"], ["--self-test-check"]):
        # before the parser: building it imports the engine, which the self-test checks
        from nkdash_desktop import selftest

        return selftest.main(arguments)
    use_language()
    parser = build_parser(commands=not _window_launch(arguments))
    args = parser.parse_args(arguments)
    if args.quit:
        args.func = quit_running
    if (args.lake is not None) != args.viewer:
        together = translate(
            "Cli", "--viewer and --lake go together: nkdash --viewer --lake FOLDER"
        )
        print(translate("Cli", "error: {sentence}").format(sentence=together), file=sys.stderr)
        return 2
    if not getattr(args, "func", None):
        args.func = open_app  # no command: the desktop app (`--help` lists the commands)
    try:
        setup_logging()
    except OSError as exc:  # an unwritable log folder must not stop the command
        warning = translate("Cli", "warning: cannot write the log file ({reason})")
        print(warning.format(reason=exc.strerror), file=sys.stderr)
    refusal = _windowed_refusal(args)
    if refusal:
        from nkdash_desktop.streams import tell_without_console

        tell_without_console(refusal)
        return 2
    try:
        return args.func(args)
    except BrokenPipeError:
        raise  # not a failure of the command: main() ends quietly
    except UsageError as exc:
        log.warning("command %s refused: %s", args.command, exc)  # read when no console was
        print(translate("Cli", "error: {sentence}").format(sentence=sentence(exc)), file=sys.stderr)
        return 2
    except Exception as exc:  # the operator gets one sentence; the log keeps the traceback
        log.exception("command %s failed", args.command)
        # an unexpected error keeps its class name: the operator can quote it to support
        said = sentence(exc) if operator_error(exc) else f"{type(exc).__name__}: {exc}"
        print(translate("Cli", "error: {sentence}").format(sentence=said), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
