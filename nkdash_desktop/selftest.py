"""`NKDash --self-test` (`nkdash --self-test`): does this installation work?

The smoke test of a frozen build (build/build.py runs it on every build) and a first step when an
operator reports a problem. It checks what a bundle most often lacks: the data files the app opens
by path, a keyring backend, the demo Odoo and the engine writing a lake, a KPI query, the main
window and a Plotly chart rendered by WebEngine. Each check prints PASS, WARN (works, with a limit
to know) or FAIL with what it saw; the exit status is 0 only when none fails.

Nothing of the operator's is touched: the demo lake and every file the app writes go to a
temporary folder (NKDASH_HOME), and the keyring entry written is deleted again. The report is
also saved as self-test.txt in the log folder, because a windowed NKDash.exe started from
Explorer has no console to print to.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from nkdash_desktop import APP_NAME, __version__
from nkdash_desktop.paths import AppPaths, app_paths, default_lake_root
from nkdash_desktop.startup import headless_defaults

log = logging.getLogger(__name__)
DEMO_DAYS = 3  # the smallest demo that still has full days to sync and compare
QT_TIMEOUT_S = 90.0  # WebEngine's first page load takes seconds on a slow CI machine
NO_KEYRING = (
    "no keyring backend: the Odoo secret cannot be stored on this machine; give it to each run "
    "in NKDASH_ODOO_SECRET instead (README, 'No OS keyring')"
)
# where an OS keyring always exists: none found there means the bundle lacks its backends
KEYRING_EXPECTED = ("win32", "darwin")
CHART_PROBE = """(() => {
  const panel = document.getElementById("selftest");
  return JSON.stringify({
    plotly: typeof Plotly === "undefined" ? null : Plotly.version,
    div: document.querySelector(".plotly") !== null,
    traces: panel && panel.data ? panel.data.length : 0,
    bars: document.querySelectorAll("#selftest .bars .point").length,
  });
})()"""


class CheckFailed(Exception):
    """A check saw something wrong; the message says what (no traceback needed)."""


class CheckWarning(Exception):
    """A check saw something that works, with a limit the operator must know about: reported
    as WARN, and the run still passes."""


@dataclass(frozen=True)
class Outcome:
    name: str
    ok: bool
    detail: str
    seconds: float
    warning: bool = False

    def line(self) -> str:
        verdict = "FAIL" if not self.ok else "WARN" if self.warning else "PASS"
        return f"{verdict}  {self.name:<12} {self.detail} ({self.seconds:.1f} s)"


class Report:
    """Runs checks one after the other, printing each outcome as it comes."""

    def __init__(self, out: TextIO | None) -> None:
        self.out = out
        self.outcomes: list[Outcome] = []
        self.lines: list[str] = []

    def say(self, text: str) -> None:
        self.lines.append(text)
        if self.out is not None:
            print(text, file=self.out, flush=True)

    def check(self, name: str, fn: Callable[[], str]) -> bool:
        started = time.perf_counter()
        warning = False
        try:
            detail, ok = fn(), True
        except CheckWarning as exc:
            detail, ok, warning = str(exc), True, True
        except CheckFailed as exc:
            detail, ok = str(exc), False
        except Exception as exc:  # any crash is a failure of that check, not of the run
            log.exception("self-test check %s crashed", name)
            detail, ok = f"{type(exc).__name__}: {exc}", False
        outcome = Outcome(name, ok, detail, time.perf_counter() - started, warning)
        self.outcomes.append(outcome)
        self.say(outcome.line())
        return ok

    @property
    def passed(self) -> bool:
        return bool(self.outcomes) and all(o.ok for o in self.outcomes)


# -- where the app runs from ------------------------------------------------------------------


def frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def install_dir() -> Path:
    """The folder the app runs from: the bundle (beside NKDash.exe) or the package's parent."""
    if frozen():
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def check_bundle() -> str:
    """The data files the app opens by path are where the code looks for them."""
    import importlib.resources
    from zoneinfo import ZoneInfo

    from nkdash_desktop.ui.plotly_view import PLOTLY_JS

    if not PLOTLY_JS.is_file() or PLOTLY_JS.stat().st_size < 1_000_000:
        raise CheckFailed(f"plotly.js is missing or truncated: {PLOTLY_JS}")
    jakarta = importlib.resources.files("tzdata").joinpath("zoneinfo/Asia/Jakarta")
    if not jakarta.is_file():
        raise CheckFailed("the tzdata time zone files are missing")
    ZoneInfo("Asia/Jakarta")
    where = f"frozen in {install_dir()}" if frozen() else "from source"
    size = PLOTLY_JS.stat().st_size / 1e6
    return f"{APP_NAME} {__version__} {where}; plotly.min.js {size:.1f} MB; tzdata present"


def default_paths() -> AppPaths:
    """The per-user folders of an installed app: those of this machine, NKDASH_HOME aside."""
    saved = os.environ.pop("NKDASH_HOME", None)
    try:
        return app_paths()
    finally:
        if saved is not None:
            os.environ["NKDASH_HOME"] = saved


def check_user_files(paths: AppPaths, defaults: AppPaths) -> str:
    """Settings, logs and lakes live in per-user folders, never inside the install folder (an
    upgrade replaces that folder and an uninstall removes it)."""
    bundle = install_dir()
    folders = {
        "settings": paths.config_dir,
        "logs": paths.log_dir,
        "data": paths.data_dir,
        "default settings": defaults.config_dir,
        "default logs": defaults.log_dir,
        "default data": defaults.data_dir,
        "default lake": default_lake_root(defaults),
    }
    inside = [n for n, p in folders.items() if p.resolve().is_relative_to(bundle)]
    if frozen() and inside:
        raise CheckFailed(f"{', '.join(inside)} would be inside the install folder {bundle}")
    where = f"settings {paths.settings_file}"
    if defaults.config_dir != paths.config_dir:
        where += f" (NKDASH_HOME; per-user default {defaults.settings_file})"
    return f"{where}; all outside {bundle}" if frozen() else where


def check_keyring() -> str:
    """A secret goes into the OS keyring and comes back, through the app's own credential code."""
    from nkdash_desktop.odoo.credentials import (
        delete_secret,
        keyring_backend_name,
        load_secret,
        store_secret,
    )
    from nkdash_desktop.odoo.errors import NoKeyring

    backend = keyring_backend_name()
    where = ("https://self-test.invalid", "self-test", f"self-test-{secrets.token_hex(4)}")
    secret = secrets.token_urlsafe(18)
    try:
        if backend == "none":
            raise NoKeyring()
        store_secret(*where, secret)
    except NoKeyring:
        if sys.platform in KEYRING_EXPECTED:
            raise CheckFailed(f"{NO_KEYRING} (the bundle lacks keyring's backends)") from None
        raise CheckWarning(NO_KEYRING) from None
    try:
        read_back = load_secret(*where)
    finally:
        deleted = delete_secret(*where)
    if read_back != secret:
        raise CheckFailed(f"{backend}: the secret read back differs from the one stored")
    if not deleted or load_secret(*where) is not None:
        raise CheckFailed(f"{backend}: the test secret could not be deleted")
    return f"{backend}: a secret stored, read back and deleted"


# -- the demo lake ----------------------------------------------------------------------------


@dataclass
class DemoLake:
    server: Any  # DemoOdoo
    settings: Any  # Settings of an app on the demo (never saved)
    secret: str
    first: date
    last: date


def build_demo_lake(root: Path) -> tuple[DemoLake, str]:
    """The built-in demo Odoo in this process and a backfill of its days into `root`."""
    from nkdash_desktop.commands.demo import demo_settings, first_sync_range
    from nkdash_desktop.demo.data import DemoConfig
    from nkdash_desktop.demo.server import DemoOdoo
    from nkdash_desktop.pipeline.connect import run_context
    from nkdash_desktop.pipeline.sync import backfill

    server = DemoOdoo(DemoConfig(days=DEMO_DAYS, scale="small"), port=0).start()
    try:
        settings = demo_settings(server)
        settings.lake.root = str(root)
        settings = settings.validated()
        secret = server.data.users[0].api_key
        first, last = first_sync_range(server, settings.odoo.timezone)
        result = backfill(run_context(settings, owner="cli", secret=secret), first, last)
    except BaseException:
        server.stop()
        raise
    lake = DemoLake(server, settings, secret, first, last)
    if result.status != "succeeded":
        raise CheckFailed(f"the backfill of the demo lake did not succeed: {result.sentence}")
    return lake, f"{first} to {last} from the demo Odoo: {result.sentence}"


def check_kpi(lake: DemoLake) -> str:
    """The KPI cards' query over the demo lake, through the app's DuckDB catalog."""
    from nkdash_desktop.kpi.source import KpiSource
    from nkdash_desktop.kpi.summary import summary

    source = KpiSource(lake.settings.lake_root())
    try:
        with source.cursor() as con:
            cards = summary(con, lake.first, lake.last)
    finally:
        source.close()
    figures = {r["metric"]: r["current"] for r in cards.iter_rows(named=True)}
    revenue, transactions = figures["revenue"] or 0.0, figures["transactions"] or 0.0
    if revenue <= 0 or transactions <= 0:
        raise CheckFailed(f"no sales in the demo lake (revenue {revenue}, {transactions} sales)")
    return f"summary: revenue {revenue:,.0f} in {transactions:,.0f} transactions"


# -- Qt ---------------------------------------------------------------------------------------


def wait_until(predicate: Callable[[], bool], timeout_s: float = QT_TIMEOUT_S) -> bool:
    """Run Qt's event loop until `predicate()` holds (True) or the time is up (False)."""
    from PySide6.QtCore import QEventLoop, QTimer

    if predicate():
        return True
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(
        lambda: loop.quit() if predicate() or time.monotonic() > deadline else None
    )
    timer.start()
    loop.exec()
    timer.stop()
    return predicate()


def check_window(lake: DemoLake) -> str:
    """The main window, built as the app builds it, on the demo lake: shown, the lake opened,
    the Overview drawn, and the window rendered to pixels."""
    from PySide6.QtWidgets import QApplication

    from nkdash_desktop.ui.context import AppContext
    from nkdash_desktop.ui.mainwindow import MainWindow

    app = QApplication.instance()
    started = time.perf_counter()
    window = MainWindow(AppContext(lake.settings, lake.secret, demo=True))
    drawn: list[bool] = []
    window.overview.rendered.connect(lambda: drawn.append(True))
    try:
        window.show()
        if not wait_until(lambda: window.board.source is not None and bool(drawn)):
            state = "opened" if window.board.source is not None else "not opened"
            raise CheckFailed(f"the Overview was not drawn in {QT_TIMEOUT_S:.0f} s (lake {state})")
        seconds = time.perf_counter() - started
        image = window.grab()
        if image.isNull() or image.width() < 200:
            raise CheckFailed("the window could not be rendered to an image")
        platform = app.platformName() if app is not None else "?"
        return (
            f"'{window.windowTitle()}' with {window.tabs.count()} tabs, Overview drawn in "
            f"{seconds:.1f} s, rendered {image.width()}x{image.height()} ({platform})"
        )
    finally:
        close_widget(window)


def evaluate(view: Any, script: str, timeout_s: float = 10.0) -> Any:
    """The value of `script` in a loaded PlotlyView's page."""
    answers: list[Any] = []
    view.run_js(script, answers.append)
    if not wait_until(lambda: bool(answers), timeout_s):
        raise CheckFailed("the chart page does not answer JavaScript")
    return answers[0]


def check_chart() -> str:
    """A Plotly chart in WebEngine, offline: plotly.js loads from the bundle and draws bars."""
    import json

    from nkdash_desktop.ui import theme as themes
    from nkdash_desktop.ui.plotly_view import PlotlyView

    view = PlotlyView(["selftest"], themes.theme("light"), columns=1)
    view.resize(640, 420)
    figure = {
        "data": [{"type": "bar", "x": ["Mon", "Tue", "Wed"], "y": [3, 1, 2]}],
        "layout": {"title": {"text": "self-test"}},
    }
    loads: list[bool] = []
    view.loaded.connect(loads.append)
    try:
        view.show()
        view.start()  # as the window does once it has painted: WebEngine starts here
        view.show_figure("selftest", figure)
        if not wait_until(lambda: bool(loads)):
            raise CheckFailed(f"the chart page did not load in {QT_TIMEOUT_S:.0f} s")
        if not loads[-1]:
            raise CheckFailed("WebEngine could not load the chart page")
        deadline = time.monotonic() + 30  # Plotly draws asynchronously after the page load
        while True:
            answer = evaluate(view, CHART_PROBE)
            seen = json.loads(answer) if isinstance(answer, str) else {}
            if seen.get("div") and seen.get("bars", 0) >= 3:
                break
            if time.monotonic() > deadline:
                if not seen.get("plotly"):
                    raise CheckFailed("plotly.js did not load in the chart page")
                raise CheckFailed(f"the chart was not drawn (the page saw {seen})")
            wait_until(lambda: False, 0.1)  # let the page work
        return (
            f"plotly.js {seen['plotly']}: {seen['traces']} trace, {seen['bars']} bars drawn "
            "by WebEngine"
        )
    finally:
        close_widget(view)


def close_widget(widget: Any) -> None:
    """Close and delete now: web pages must go before the WebEngine profile does at exit."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    widget.close()
    widget.deleteLater()
    app = QApplication.instance()
    if app is not None:
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


# -- the run ----------------------------------------------------------------------------------


def _console() -> TextIO | None:
    """Where to print: stdout, or, for a windowed NKDash.exe started from a console, that
    console (a GUI-subsystem process gets none of its own)."""
    if sys.stdout is not None:
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(errors="replace")  # a cp1252 console and an odd path
        return sys.stdout
    if sys.platform == "win32":
        import ctypes

        attach = ctypes.WinDLL("kernel32").AttachConsole  # type: ignore[attr-defined]
        if attach(ctypes.c_uint32(0xFFFFFFFF)):  # ATTACH_PARENT_PROCESS
            return open("CONOUT$", "w", encoding="utf-8", errors="replace")
    return None


def run(out: TextIO | None = None) -> int:
    """Run every check; 0 when all passed, 1 otherwise."""
    out = out if out is not None else _console()
    operator_paths = app_paths()  # before NKDASH_HOME points into the temporary folder
    changed = headless_defaults()
    report = Report(out)
    report.say(f"{APP_NAME} {__version__} self-test ({'frozen' if frozen() else 'from source'})")
    if changed:
        report.say(f"no display: {', '.join(changed)}")
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="nkdash-self-test-"))
    previous_home = os.environ.get("NKDASH_HOME")
    os.environ["NKDASH_HOME"] = str(scratch / "home")
    lake: DemoLake | None = None
    try:
        report.check("bundle", check_bundle)
        report.check("user files", lambda: check_user_files(operator_paths, default_paths()))
        report.check("keyring", check_keyring)

        def demo_lake() -> str:
            nonlocal lake
            lake, detail = build_demo_lake(scratch / "demo lake")
            return detail

        report.check("demo lake", demo_lake)
        if lake is not None:
            report.check("KPI query", lambda: check_kpi(lake))
        from nkdash_desktop.ui.app import ensure_app

        ensure_app()
        if lake is not None:
            report.check("main window", lambda: check_window(lake))
        report.check("chart", check_chart)
    finally:
        if lake is not None:
            lake.server.stop()
        if previous_home is None:
            os.environ.pop("NKDASH_HOME", None)
        else:
            os.environ["NKDASH_HOME"] = previous_home
        shutil.rmtree(scratch, ignore_errors=True)
    failed = [o.name for o in report.outcomes if not o.ok]
    seconds = time.perf_counter() - started
    if report.passed:
        report.say(f"self-test passed: {len(report.outcomes)} checks in {seconds:.1f} s")
    else:
        names = ", ".join(failed) or "none ran"
        report.say(f"self-test FAILED: {names} ({len(report.outcomes)} checks, {seconds:.1f} s)")
    saved = save_report(report, operator_paths)
    if saved is not None:
        report.say(f"report saved to {saved}")
    return 0 if report.passed else 1


def save_report(report: Report, paths: AppPaths) -> Path | None:
    path = paths.log_dir / "self-test.txt"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(report.lines) + "\n", encoding="utf-8")
    except OSError as exc:
        log.warning("cannot save the self-test report to %s: %s", path, exc)
        return None
    return path


def run_self_test(args: argparse.Namespace) -> int:
    """The CLI's `--self-test`."""
    return run()
