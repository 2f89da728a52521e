"""`NKDash --self-test` (`nkdash --self-test`): does this installation work?

The smoke test of a frozen build (build/build.py runs it on every build) and a first step when an
operator reports a problem. It checks what a bundle most often lacks or breaks: the data files the
app opens by path, its native libraries (DuckDB, pyarrow, numpy, polars, TLS), every time zone the
settings accept, the OS trust store, the keyring, the native Qt platform plugin, WebEngine's files,
the demo Odoo and the engine writing a lake, a KPI query, and the main window with the Sales tab's
real web view checked by its pixels.

It always reports. Each check runs in a child process of its own (`--self-test-check NAME`), and
this process imports none of the libraries under test: a missing library, a crash or an abort
inside a check is that check's FAIL line, with the exit status or signal and the child's last
words, and the next check still runs. Each line is printed and appended to self-test.txt (in the
log folder: a windowed NKDash.exe started from Explorer has no console) as its check finishes.

Nothing of the operator's is touched: the demo lake and every file the app writes go to a
temporary folder (NKDASH_HOME), and the keyring entry written is deleted again.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from nkdash_desktop import APP_NAME, __version__
from nkdash_desktop.paths import AppPaths, app_paths, default_lake_root
from nkdash_desktop.startup import headless_defaults

log = logging.getLogger(__name__)
DEMO_DAYS = 3  # the smallest demo that still has full days to sync and compare
QT_TIMEOUT_S = 90.0  # WebEngine's first page load takes seconds on a slow CI machine
CHECK_TIMEOUT_S = 240  # one child; the main window's is the longest
NO_KEYRING = (
    "no keyring backend: the Odoo secret cannot be stored on this machine; give it to each run "
    "in NKDASH_ODOO_SECRET instead (README, 'No OS keyring')"
)
# where an OS keyring always exists: none found there means the bundle lacks its backends
KEYRING_EXPECTED = ("win32", "darwin")
SCRATCH_ENV = "NKDASH_SELF_TEST_DIR"  # the run's temporary folder, shared by its children
CHECK_FLAG = "--self-test-check"
# zones every Indonesian shop needs, and the settings' default
KNOWN_ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Europe/Paris", "UTC")
# The Qt platform plugin of a real desktop, per OS: (platform name, plugin file)
NATIVE_PLATFORMS = {
    "win32": ("windows", "qwindows.dll"),
    "darwin": ("cocoa", "libqcocoa.dylib"),
    "linux": ("xcb", "libqxcb.so"),
}


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
    """Outcomes as they come: printed, and appended to the report file (when given) at once."""

    def __init__(self, out: TextIO | None, path: Path | None = None) -> None:
        self.out = out
        self.path = path
        self.outcomes: list[Outcome] = []
        self.lines: list[str] = []
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text("", encoding="utf-8")
            except OSError as exc:
                log.warning("cannot write the self-test report to %s: %s", path, exc)
                self.path = None

    def say(self, text: str) -> None:
        self.lines.append(text)
        if self.out is not None:
            try:
                print(text, file=self.out, flush=True)
            except OSError:  # a console that went away: the file still gets it
                self.out = None
        if self.path is not None:
            try:
                with self.path.open("a", encoding="utf-8") as fh:
                    fh.write(text + "\n")
            except OSError as exc:
                log.warning("cannot append to the self-test report %s: %s", self.path, exc)

    def add(self, outcome: Outcome) -> bool:
        self.outcomes.append(outcome)
        self.say(outcome.line())
        return outcome.ok

    def check(self, name: str, fn: Callable[[], str]) -> bool:
        """Run `fn` in this process (the children use it for their one check)."""
        started = time.perf_counter()
        ok, detail, warning = run_guarded(name, fn)
        return self.add(Outcome(name, ok, detail, time.perf_counter() - started, warning))

    @property
    def passed(self) -> bool:
        return bool(self.outcomes) and all(o.ok for o in self.outcomes)


def run_guarded(name: str, fn: Callable[[], str]) -> tuple[bool, str, bool]:
    """(passed, detail, warning) of one check."""
    try:
        return True, fn(), False
    except CheckWarning as exc:
        return True, str(exc), True
    except CheckFailed as exc:
        return False, str(exc), False
    except Exception as exc:  # any exception is a failure of that check, not of the run
        log.exception("self-test check %s failed", name)
        return False, f"{type(exc).__name__}: {exc}", False


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

    from nkdash_desktop.ui.widgets.plotly_view import PLOTLY_JS

    if not PLOTLY_JS.is_file() or PLOTLY_JS.stat().st_size < 1_000_000:
        raise CheckFailed(f"plotly.js is missing or truncated: {PLOTLY_JS}")
    jakarta = importlib.resources.files("tzdata").joinpath("zoneinfo/Asia/Jakarta")
    if not jakarta.is_file():
        raise CheckFailed("the tzdata time zone files are missing")
    ZoneInfo("Asia/Jakarta")
    from nkdash_desktop.ui.runtime.icon import icon_paths

    missing = [p.name for p in icon_paths() if not p.is_file()]
    if missing and frozen():
        raise CheckFailed(f"the app's icon is missing: {', '.join(missing)}")
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


def check_libraries() -> str:
    """The native libraries the engine loads: each imported on its own, every failure named
    (a missing _duckdb, pyarrow, numpy or _ssl module or one of their shared libraries)."""
    import importlib

    seen, failed = [], []
    for name in ("numpy", "pyarrow", "pyarrow.parquet", "polars", "duckdb", "ssl", "truststore"):
        try:
            module = importlib.import_module(name)
        except Exception as exc:  # ImportError, OSError of a shared library...
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        version = getattr(module, "__version__", None) or getattr(module, "OPENSSL_VERSION", "")
        seen.append(f"{name} {version}".strip())
    if not failed:
        try:  # the exchange the KPI queries rely on: DuckDB -> Arrow -> polars
            import duckdb

            frame = duckdb.sql("select 42 as answer").pl()
            if frame["answer"].to_list() != [42]:
                raise CheckFailed(f"DuckDB to polars returned {frame}")
        except CheckFailed:
            raise
        except Exception as exc:
            failed.append(f"duckdb to polars: {type(exc).__name__}: {exc}")
    if failed:
        raise CheckFailed("; ".join(failed))
    return ", ".join(seen)


def check_time_zones() -> str:
    """Every time zone the settings accept loads from the bundled tzdata (not only the
    default): the settings' own validator over zoneinfo's list of zones."""
    import zoneinfo
    from datetime import datetime

    from nkdash_desktop import settings as S

    names = sorted(zoneinfo.available_timezones())
    missing = [z for z in KNOWN_ZONES if z not in names]
    if len(names) < 300 or missing:
        raise CheckFailed(
            f"only {len(names)} time zones found; missing {', '.join(missing) or 'many'}"
        )
    bad = []
    now = datetime(2026, 1, 1, 12, 0)
    for name in names:
        try:
            S.from_dict({"odoo": {"timezone": name}})
            zoneinfo.ZoneInfo(name).utcoffset(now)
        except Exception as exc:
            bad.append(f"{name} ({exc})")
    if bad:
        raise CheckFailed(f"{len(bad)} of {len(names)} time zones fail: {', '.join(bad[:5])}")
    return f"{len(names)} zones load and are accepted by the settings"


def check_translations() -> str:
    """Every language's .ts (read by the engine) and .qm (loaded by Qt) are bundled, and Babel
    has the CLDR data of the locales numbers and dates follow."""
    from datetime import date

    from babel.dates import format_date

    from nkdash_desktop.i18n import tools
    from nkdash_desktop.i18n.catalog import catalogue

    missing = []
    for component, language in tools.targets():
        ts = tools.ts_path(component, language)
        missing += [p.name for p in (ts, ts.with_suffix(".qm")) if not p.is_file()]
    if missing:
        raise CheckFailed(f"translation files are missing: {', '.join(missing)}")
    try:
        said = format_date(date(2026, 12, 5), "d MMM y", locale="id_ID")
    except Exception as exc:  # babel's locale-data files not bundled
        raise CheckFailed(
            f"Babel cannot format Indonesian dates: {type(exc).__name__}: {exc}"
        ) from None
    languages = sorted({language for _, language in tools.targets()})
    sizes = ", ".join(f"{lang} {len(catalogue(lang))} sentences" for lang in languages)
    return f"{sizes}; 5 Dec 2026 in Indonesian reads {said}"


def check_tls() -> str:
    """TLS through the OS trust store, as every Odoo connection makes it (odoo/net.py)."""
    import ssl

    from nkdash_desktop.odoo.net import build_ssl_context

    context = build_ssl_context()
    if context.verify_mode != ssl.CERT_REQUIRED or not context.check_hostname:
        raise CheckFailed("the Odoo TLS context does not verify certificates")
    where = {"win32": "Windows certificate store", "darwin": "macOS keychain"}.get(sys.platform)
    if where is None:  # Linux: OpenSSL's default paths are the OS store truststore uses
        count = ssl.create_default_context().cert_store_stats()["x509_ca"]
        paths = ssl.get_default_verify_paths()
        if count == 0:
            raise CheckFailed(
                f"no CA certificate in the OS store ({paths.cafile or paths.capath}): no HTTPS "
                "Odoo can be verified"
            )
        where = f"OS store {paths.cafile or paths.capath}: {count} CA certificates"
    return f"{ssl.OPENSSL_VERSION}; {where}"


def _plugin_dir() -> Path:
    from PySide6.QtCore import QLibraryInfo

    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"


def has_display() -> bool:
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True  # Windows and macOS always have a desktop for the user's session


def check_platform() -> str:
    """The native Qt platform plugin (qwindows.dll, libqxcb.so) is there and loads; with a
    display, a window shows on it. Offscreen, which tests and CI use, would hide its absence:
    the app would then abort on the operator's real display."""
    from PySide6.QtCore import QPluginLoader

    key = "linux" if sys.platform.startswith("linux") else sys.platform
    if key not in NATIVE_PLATFORMS:
        return f"no native platform plugin known for {sys.platform}"
    platform, file = NATIVE_PLATFORMS[key]
    plugin = _plugin_dir() / file
    if not plugin.is_file():
        raise CheckFailed(f"the native platform plugin {file} is missing from {plugin.parent}")
    loader = QPluginLoader(str(plugin))
    if not loader.load():
        raise CheckFailed(
            f"the native platform plugin {file} does not load: {loader.errorString()}"
        )
    if not has_display():
        return f"{file} loads; no display here, so no window shown on {platform}"
    os.environ["QT_QPA_PLATFORM"] = platform  # this child only: the real desktop
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([sys.argv[0]])
    label = QLabel("NK Dash self-test")
    label.show()
    shown = wait_until(lambda: label.isVisible() and label.windowHandle() is not None, 10)
    name = app.platformName()
    label.close()
    if not shown or name != platform:
        raise CheckFailed(f"no window on the {platform} platform (Qt used {name!r})")
    return f"{file} loads; a window shown on {name}"


def web_engine_files() -> dict[str, Path]:
    """What Chromium needs beside the Qt libraries, where Qt looks for it."""
    from PySide6.QtCore import QLibraryInfo

    exe = "QtWebEngineProcess" + (".exe" if sys.platform == "win32" else "")
    process = os.environ.get("QTWEBENGINE_PROCESS_PATH") or str(
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibraryExecutablesPath)) / exe
    )
    resources = os.environ.get("QTWEBENGINE_RESOURCES_PATH") or str(
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.DataPath)) / "resources"
    )
    locales = os.environ.get("QTWEBENGINE_LOCALES_PATH") or str(
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / "qtwebengine_locales"
    )
    return {
        exe: Path(process),
        "qtwebengine_resources.pak": Path(resources) / "qtwebengine_resources.pak",
        "icudtl.dat": Path(resources) / "icudtl.dat",
        "en-US.pak": Path(locales) / "en-US.pak",
    }


def check_web_engine() -> str:
    """WebEngine's helper process and data files: without them the charts' process aborts."""
    files = web_engine_files()
    missing = [f"{name} ({path})" for name, path in files.items() if not path.is_file()]
    if missing:
        raise CheckFailed(f"WebEngine files missing: {', '.join(missing)}")
    return f"{', '.join(files)} present"


# -- the demo lake ----------------------------------------------------------------------------


@dataclass
class DemoLake:
    server: Any  # DemoOdoo
    settings: Any  # Settings of an app on the demo (never saved)
    secret: str
    first: Any  # date
    last: Any  # date

    def stop(self) -> None:
        self.server.stop()


def scratch_dir() -> Path:
    return Path(os.environ[SCRATCH_ENV])


def demo_lake_root() -> Path:
    return scratch_dir() / "demo lake"


def open_demo(root: Path) -> DemoLake:
    """The built-in demo Odoo in this process, and settings of an app on it with its lake at
    `root` (built by the "demo lake" check, or to be built)."""
    from nkdash_desktop.cli.demo import demo_settings, first_sync_range
    from nkdash_desktop.demo.data import DemoConfig
    from nkdash_desktop.demo.server import DemoOdoo

    server = DemoOdoo(DemoConfig(days=DEMO_DAYS, scale="small"), port=0).start()
    try:
        settings = demo_settings(server)
        settings.lake.root = str(root)
        settings = settings.validated()
        first, last = first_sync_range(server, settings.odoo.timezone)
    except BaseException:
        server.stop()
        raise
    return DemoLake(server, settings, server.data.users[0].api_key, first, last)


def check_demo_lake() -> str:
    """A backfill of the demo Odoo's days into a new lake, through the engine."""
    from nkdash_desktop.lake.state import RunStatus
    from nkdash_desktop.pipeline.connect import run_context
    from nkdash_desktop.pipeline.sync import backfill

    lake = open_demo(demo_lake_root())
    try:
        context = run_context(lake.settings, owner="cli", secret=lake.secret)
        result = backfill(context, lake.first, lake.last)
    finally:
        lake.stop()
    if result.status != RunStatus.SUCCEEDED:
        raise CheckFailed(f"the backfill of the demo lake did not succeed: {result.sentence}")
    (scratch_dir() / "demo-lake.json").write_text(
        json.dumps({"first": lake.first.isoformat(), "last": lake.last.isoformat()}),
        encoding="utf-8",
    )
    return f"{lake.first} to {lake.last} from the demo Odoo: {result.sentence}"


def demo_days() -> tuple[Any, Any]:
    from datetime import date

    saved = scratch_dir() / "demo-lake.json"
    if not saved.exists():
        raise CheckFailed("needs the demo lake, which was not built")
    days = json.loads(saved.read_text(encoding="utf-8"))
    return date.fromisoformat(days["first"]), date.fromisoformat(days["last"])


def check_kpi() -> str:
    """The KPI cards' query over the demo lake, through the app's DuckDB catalog."""
    from nkdash_desktop.kpi.source import KpiSource
    from nkdash_desktop.kpi.summary import summary

    first, last = demo_days()
    source = KpiSource(demo_lake_root())
    try:
        with source.cursor() as con:
            cards = summary(con, first, last)
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


@dataclass(frozen=True)
class Pixels:
    """What an image shows: how much of it differs from its background, and in colour."""

    drawn: float  # share of sampled pixels unlike the background
    coloured: float  # share of sampled pixels with a clear hue (bars, lines)
    colours: int  # distinct colours sampled

    @property
    def chart_like(self) -> bool:
        return self.drawn >= 0.01 and self.coloured >= 0.002 and self.colours >= 4


def pixels(image: Any, background: str) -> Pixels:
    from PySide6.QtGui import QColor

    back = QColor(background)
    step = 3
    total = drawn = coloured = 0
    seen: set[int] = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            c = image.pixelColor(x, y)
            total += 1
            seen.add(c.rgb())
            if (
                abs(c.red() - back.red())
                + abs(c.green() - back.green())
                + abs(c.blue() - back.blue())
                > 30
            ):
                drawn += 1
            if c.hsvSaturationF() > 0.35 and c.valueF() > 0.2:
                coloured += 1
    total = max(total, 1)
    return Pixels(drawn / total, coloured / total, len(seen))


def check_window() -> str:
    """The main window, built as the app builds it, on the demo lake: shown, the Overview drawn,
    then the Sales tab's own web view (WebEngine, plotly.js from the bundle) drawing its charts,
    checked by the pixels it shows."""
    from nkdash_desktop.ui.app import ensure_app
    from nkdash_desktop.ui.runtime.context import AppContext
    from nkdash_desktop.ui.window.mainwindow import MainWindow

    demo_days()
    app = ensure_app()
    lake = open_demo(demo_lake_root())
    window = None
    try:
        started = time.perf_counter()
        window = MainWindow(AppContext(lake.settings, lake.secret, demo=True))
        window.resize(1366, 768)
        drawn: list[bool] = []
        window.overview.rendered.connect(lambda: drawn.append(True))
        window.show()
        if not wait_until(lambda: window.board.source is not None and bool(drawn)):
            state = "opened" if window.board.source is not None else "not opened"
            raise CheckFailed(f"the Overview was not drawn in {QT_TIMEOUT_S:.0f} s (lake {state})")
        overview_s = time.perf_counter() - started
        image = window.grab()
        if image.isNull() or image.width() < 200:
            raise CheckFailed("the window could not be rendered to an image")
        window.tabs.setCurrentWidget(window.sales)
        charts = window.sales.charts
        if not wait_until(lambda: charts.web is not None and charts.ready):
            raise CheckFailed(f"the Sales tab's web page did not load in {QT_TIMEOUT_S:.0f} s")
        if charts.has_stopped:
            raise CheckFailed(f"the Sales tab's web process ended: {charts.stopped.text()}")
        seen = [Pixels(0.0, 0.0, 0)]

        def painted() -> bool:
            seen[0] = pixels(charts.web.grab().toImage(), charts.theme.surface)
            return seen[0].chart_like

        if not wait_until(painted, 30):
            got = seen[0]
            raise CheckFailed(
                f"the Sales tab's web view shows no chart ({got.drawn:.1%} drawn, "
                f"{got.coloured:.1%} in colour, {got.colours} colours)"
            )
        got = seen[0]
        return (
            f"'{window.windowTitle()}' with {window.tabs.count()} tabs, Overview drawn in "
            f"{overview_s:.1f} s; Sales web view {got.drawn:.0%} drawn, {got.coloured:.1%} in "
            f"colour ({app.platformName()})"
        )
    finally:
        if window is not None:
            close_widget(window)
        lake.stop()


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


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[], str]


CHECKS = [
    Check("bundle", check_bundle),
    Check("user files", lambda: check_user_files(operator_paths_from_env(), default_paths())),
    Check("libraries", check_libraries),
    Check("time zones", check_time_zones),
    Check("translations", check_translations),
    Check("TLS", check_tls),
    Check("keyring", check_keyring),
    Check("platform", check_platform),
    Check("web engine", check_web_engine),
    Check("demo lake", check_demo_lake),
    Check("KPI query", check_kpi),
    Check("main window", check_window),
]
OPERATOR_HOME_ENV = "NKDASH_SELF_TEST_OPERATOR_HOME"  # the operator's NKDASH_HOME, if any


def operator_paths_from_env() -> AppPaths:
    """The operator's folders, as the parent saw them before pointing NKDASH_HOME elsewhere."""
    saved = os.environ.get("NKDASH_HOME")
    home = os.environ.get(OPERATOR_HOME_ENV)
    try:
        if home:
            os.environ["NKDASH_HOME"] = home
        else:
            os.environ.pop("NKDASH_HOME", None)
        return app_paths()
    finally:
        if saved is None:
            os.environ.pop("NKDASH_HOME", None)
        else:
            os.environ["NKDASH_HOME"] = saved


def child_command(name: str) -> list[str]:
    if frozen():
        return [sys.executable, CHECK_FLAG, name]
    return [sys.executable, "-m", "nkdash_desktop", CHECK_FLAG, name]


def result_file(name: str, scratch: Path | None = None) -> Path:
    return (scratch or scratch_dir()) / "results" / f"{name.replace(' ', '-')}.json"


def run_check_child(name: str) -> int:
    """`--self-test-check NAME` (a child of the self-test): run one check, write its outcome."""
    check = next((c for c in CHECKS if c.name == name), None)
    if check is None:
        print(f"error: no self-test check named {name!r}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    ok, detail, warning = run_guarded(name, check.run)
    path = result_file(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    outcome = {
        "ok": ok,
        "detail": detail,
        "warning": warning,
        "seconds": time.perf_counter() - started,
    }
    path.write_text(json.dumps(outcome), encoding="utf-8")
    sys.stdout.flush()
    # skip Qt's and Python's teardown: a check's verdict is written, and a library that
    # crashes while unloading must not turn a PASS into a crash
    os._exit(0)


def how_it_ended(code: int) -> str:
    if code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    if code >= 0xC0000000:  # a Windows exception code (access violation, DLL not found...)
        return f"exit status 0x{code:08X}"
    return f"exit status {code}"


NOISE = ("dbus", "GPUInfo", "propagateSizeHints", "Fontconfig", "libva", "viz_main")


def last_words(stderr: str) -> str:
    """The child's error output line most likely to say what is missing."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    lines = [line for line in lines if not any(n in line for n in NOISE)]
    telling = [
        line
        for line in lines
        if any(
            w in line
            for w in (
                "not find",
                "No such file",
                "cannot open",
                "No module",
                "Error",
                "error",
                "missing",
                "failed",
            )
        )
    ]
    if not (telling or lines):
        return ""
    chosen = telling or lines
    at = lines.index(chosen[-1])
    words = lines[at]
    if words[:1].islower():  # the end of a message over several lines: from its first line
        start = next((i for i in range(at, -1, -1) if lines[i][:1].isupper()), at)
        words = " … ".join([lines[start], words]) if start != at else words
    return words[:400]


def run_child(name: str, env: dict[str, str]) -> Outcome:
    started = time.perf_counter()
    result = result_file(name, Path(env[SCRATCH_ENV]))
    result.unlink(missing_ok=True)
    try:
        done = subprocess.run(
            child_command(name),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=CHECK_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        seconds = time.perf_counter() - started
        return Outcome(name, False, f"did not finish in {CHECK_TIMEOUT_S} s", seconds)
    seconds = time.perf_counter() - started
    stderr = done.stderr.decode("utf-8", errors="replace")
    if result.exists():
        outcome = json.loads(result.read_text(encoding="utf-8"))
        ok, detail, warning = bool(outcome["ok"]), str(outcome["detail"]), bool(outcome["warning"])
        return Outcome(name, ok, detail, seconds, warning)
    words = last_words(stderr)
    log.error(
        "self-test check %s crashed (%s); its error output:\n%s", name, done.returncode, stderr
    )
    detail = f"crashed ({how_it_ended(done.returncode)})" + (f": {words}" if words else "")
    return Outcome(name, False, detail, seconds)


def _console() -> TextIO | None:
    """Where to print: stdout, or, for a windowed NKDash.exe started from a console, that
    console (a GUI-subsystem process gets none of its own: its stdout is the null device)."""
    from nkdash_desktop.streams import NULL_BOUND

    if sys.platform == "win32" and (sys.stdout is None or "stdout" in NULL_BOUND):
        import ctypes

        attach = ctypes.WinDLL("kernel32").AttachConsole  # type: ignore[attr-defined]
        if attach(ctypes.c_uint32(0xFFFFFFFF)):  # ATTACH_PARENT_PROCESS
            return open("CONOUT$", "w", encoding="utf-8", errors="replace")
    if sys.stdout is not None and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")  # a cp1252 console and an odd path
    return sys.stdout


def run(out: TextIO | None = None, names: list[str] | None = None) -> int:
    """Run every check (or those `names`), each in a child process; 0 when all passed."""
    out = out if out is not None else _console()
    operator_paths = app_paths()  # before NKDASH_HOME points into the temporary folder
    changed = headless_defaults()
    report = Report(out, operator_paths.log_dir / "self-test.txt")
    report.say(f"{APP_NAME} {__version__} self-test ({'frozen' if frozen() else 'from source'})")
    if changed:
        report.say(f"no display: {', '.join(changed)}")
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="nkdash-self-test-"))
    env = dict(os.environ, NKDASH_HOME=str(scratch / "home"))
    env[SCRATCH_ENV] = str(scratch)
    env.pop(OPERATOR_HOME_ENV, None)
    if os.environ.get("NKDASH_HOME"):
        env[OPERATOR_HOME_ENV] = os.environ["NKDASH_HOME"]
    env.pop("NKDASH_REPORT_STARTUP", None)
    env.setdefault("XDG_CACHE_HOME", str(scratch / "cache"))  # Qt's shader cache
    try:
        for check in CHECKS:
            if names is None or check.name in names:
                report.add(run_child(check.name, env))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    failed = [o.name for o in report.outcomes if not o.ok]
    seconds = time.perf_counter() - started
    if report.passed:
        report.say(f"self-test passed: {len(report.outcomes)} checks in {seconds:.1f} s")
    else:
        names_failed = ", ".join(failed) or "none ran"
        report.say(
            f"self-test FAILED: {names_failed} ({len(report.outcomes)} checks, {seconds:.1f} s)"
        )
    if report.path is not None and out is not None:
        print(f"report saved to {report.path}", file=out, flush=True)
    return 0 if report.passed else 1


def main(argv: list[str]) -> int:
    """The CLI's `--self-test` and `--self-test-check NAME`, dispatched before the CLI's parser
    is built (it imports the engine, i.e. the very libraries a check may find broken)."""
    from nkdash_desktop.logsetup import setup_logging

    with contextlib.suppress(OSError):  # the report still prints, and is saved if it can be
        setup_logging()
    if argv[:1] == [CHECK_FLAG]:
        if len(argv) != 2:
            print(f"usage: {CHECK_FLAG} NAME", file=sys.stderr)
            return 2
        return run_check_child(argv[1])
    return run()
