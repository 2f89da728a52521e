"""`nkdash demo`: the whole app on the built-in demo Odoo, with no setup; `nkdash demo-server`:
the demo Odoo alone, for other clients.

The demo Odoo runs in a thread of this process; its connection lives in an in-memory Settings
object (never in the operator's settings file) and its API key only in memory. The demo lake is
a folder of its own; an empty one first gets a backfill of the demo's days, and so does one
whose first backfill was stopped midway (it goes on with the older days).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date, timedelta

from nkdash_desktop import clock
from nkdash_desktop.cli.attention import finding_lines
from nkdash_desktop.cli.kpi import summary_lines
from nkdash_desktop.cli.options import positive_int
from nkdash_desktop.cli.progress import ProgressBar
from nkdash_desktop.cli.reading import lake_cursor
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.server import DemoOdoo
from nkdash_desktop.i18n import translate
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.kpi.attention import attention, morning_day
from nkdash_desktop.kpi.freshness import freshness
from nkdash_desktop.kpi.periods import preset
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.state import RunStatus
from nkdash_desktop.paths import app_paths
from nkdash_desktop.pipeline.connect import run_context
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.pipeline.history import history_owed
from nkdash_desktop.pipeline.sync import backfill
from nkdash_desktop.settings import Settings
from nkdash_desktop.startup import can_show_windows

DEMO_CONFIG = DemoConfig(days=90, scale="small", flavour=19)


def demo_settings(server: DemoOdoo) -> Settings:
    """Settings pointing at the running demo Odoo and the demo lake; never saved."""
    settings = Settings()
    settings.odoo.url = server.url
    settings.odoo.database = server.db
    settings.odoo.login = server.data.users[0].login
    settings.odoo.timezone = server.data.config.timezone
    settings.lake.root = str(app_paths().demo_lake)
    return settings.validated()


def first_sync_range(server: DemoOdoo, tz: str) -> tuple[date, date]:
    """Every day the demo has, up to yesterday (the nightly sync's horizon)."""
    return server.data.start_date, today(tz) - timedelta(days=1)


def _print_summary(settings: Settings) -> None:
    tz = settings.odoo.timezone
    with lake_cursor(settings, None) as (con, _all):
        for line in summary_lines(con, preset("last_7_days", today(tz))):
            print(line)
        day = morning_day(today(tz))
        print(
            translate("Cli", "Needs attention on {day} ({company})").format(
                day=fmt.weekday_day(day), company=translate("Cli", "all companies")
            )
        )
        findings = attention(con, settings.lake_root(), day, None, settings.attention)
        for line in finding_lines(findings):
            print(line)


def _demo(args: argparse.Namespace) -> int:
    if not args.headless and not can_show_windows():
        print(
            translate(
                "Cli", "No display here: running headless (the same sync, then the KPIs in text)."
            )
        )
        args.headless = True
    print(
        translate("Cli", "Starting the demo Odoo ({days} days, small shop)…").format(
            days=DEMO_CONFIG.days
        )
    )
    # the demo Odoo's "now" is the process's clock: its today and the app's are one day
    server = DemoOdoo(replace(DEMO_CONFIG, now=clock.now()), port=0).start()
    try:
        settings = demo_settings(server)
        secret = server.data.users[0].api_key
        tz = settings.odoo.timezone
        empty = freshness(settings.lake_root()).empty
        owed = not empty and history_owed(LakeLayout(settings.lake_root()))
        first_sync = first_sync_range(server, tz) if empty or owed else None
        if not args.headless:
            from nkdash_desktop.ui.app import launch
            from nkdash_desktop.ui.runtime.context import AppContext

            return launch(AppContext(settings, secret, demo=True), first_sync)
        if first_sync is not None:
            first, last = first_sync
            print(
                translate("Cli", "First sync of the demo lake: {first} to {last}").format(
                    first=fmt.day(first), last=fmt.day(last)
                )
            )
            ctx = run_context(settings, owner="cli", secret=secret)
            result = backfill(ctx, first, last, progress=ProgressBar())
            print(result.sentence)
            if result.status not in (RunStatus.SUCCEEDED, RunStatus.PARTIAL):
                return 1
        _print_summary(settings)
        return 0
    finally:
        server.stop()


def _demo_server(args: argparse.Namespace) -> int:
    options = {"pos_hr"} | ({"product_brand"} if args.brand else set())
    config = DemoConfig(
        days=args.days,
        scale=args.scale,
        flavour=args.flavour,
        seed=args.seed,
        options=frozenset(options),
    )
    said = translate("Cli", "Generating {days} days of demo data ({scale} scale, Odoo {version})…")
    print(said.format(days=args.days, scale=args.scale, version=args.flavour))
    server = DemoOdoo(config, host=args.host, port=args.port)
    server.start()
    users = ", ".join(f"{u.login}/{u.password}" for u in server.data.users[:2])
    said = translate(
        "Cli",
        "Demo Odoo {version}.0 serving {url}  database: {database}  logins: {logins}  API key: {key}",
    )
    print(
        said.format(
            version=args.flavour,
            url=server.url,
            database=server.db,
            logins=users,
            key=server.data.users[0].api_key,
        )
    )
    print(translate("Cli", "Press Ctrl+C to stop."))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser(
        "demo-server", help=translate("Cli", "serve the built-in demo Odoo on loopback")
    )
    demo.add_argument(
        "--host", default="127.0.0.1", help=translate("Cli", "address to listen on (loopback)")
    )
    demo.add_argument("--port", type=int, default=8069)
    demo.add_argument(
        "--days", type=positive_int, default=90, help=translate("Cli", "days of history")
    )
    demo.add_argument("--scale", choices=["small", "medium", "large"], default="small")
    demo.add_argument("--flavour", type=int, choices=[16, 17, 18, 19], default=19)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument(
        "--brand", action="store_true", help=translate("Cli", "install the product_brand add-on")
    )
    demo.set_defaults(func=_demo_server)

    p = sub.add_parser(
        "demo", help=translate("Cli", "run the app on the built-in demo Odoo (no setup needed)")
    )
    p.add_argument(
        "--headless",
        action="store_true",
        help=translate("Cli", "no window: sync the demo lake, then print the last 7 days' KPIs"),
    )
    p.set_defaults(func=_demo)
