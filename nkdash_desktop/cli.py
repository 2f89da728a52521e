"""The `nkdash` command: headless entry points over the same engine functions the app uses.

Every command returns an exit code; errors the operator can fix are printed as one sentence,
never as a traceback (the traceback goes to the log file).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from nkdash_desktop import __version__

log = logging.getLogger(__name__)
Command = Callable[[argparse.Namespace], int]


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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from nkdash_desktop.logsetup import setup_logging

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        setup_logging()
    except OSError as exc:  # an unwritable log folder must not stop the command
        print(f"warning: cannot write the log file ({exc.strerror})", file=sys.stderr)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # the operator gets one sentence; the log keeps the traceback
        log.exception("command %s failed", args.command)
        sentence = getattr(exc, "sentence", None) or f"{type(exc).__name__}: {exc}"
        print(f"error: {sentence}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
