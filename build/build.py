"""Build NKDash with PyInstaller, then smoke-test the frozen app: `python build/build.py`.

    python build/build.py                  build dist/NKDash/, self-test it, time its first window
    python build/build.py --clean          the same from an empty work folder (a CI-like build)
    python build/build.py --skip-build     self-test the existing dist/NKDash/ (build/work not needed)
    python build/build.py --installer      Windows: also make the Inno Setup installer

The same command on every platform; what only exists on Windows (the icon and version resource
in the .exe, the installer) sits behind it. It exits non-zero when the build, the self-test, the
bundle contents check, the adversarial test or the installer fails. PyInstaller's work folder is
build/work/. The build's Python packages are pinned by build/constraints.txt
(`pip install -e ".[test,build]" -c build/constraints.txt`).

After a build (not with --skip-build unless --adversarial is given) it runs the adversarial test,
tests/test_bundle_adversarial.py: a copy of the bundle with one file removed at a time must make
the self-test print a FAIL line naming it (minutes; not part of every CI run).
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "nkdash.spec"
WORK = ROOT / "build" / "work"
DIST = ROOT / "dist"
INSTALLER_SCRIPT = ROOT / "build" / "installer.iss"
IS_WINDOWS = sys.platform == "win32"
SELF_TEST_TIMEOUT_S = 600
STARTUP_TIMEOUT_S = 180
STARTUP_PREFIX = "startup: first window painted after"  # nkdash_desktop/startup.py prints it
STARTUP_RE = re.compile(re.escape(STARTUP_PREFIX) + r" ([0-9.]+) s")
# printed when the timed launch quits: the first paint of the native window that was not
# re-created afterwards (the one the operator keeps looking at)
STAYS_RE = re.compile(
    r"startup: the window that stays painted after ([0-9.]+) s .*created (\d+) time"
)
FIGURES_RE = re.compile(r"startup: the Overview painted with figures after ([0-9.]+) s")


def spec_literals(spec: Path = SPEC) -> dict[str, object]:
    """The spec's UPPER_CASE literal assignments (NAME, ENTRY, EXCLUDES...), without running it."""
    values: dict[str, object] = {}
    for node in ast.parse(spec.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id.isupper():
                try:
                    values[target.id] = ast.literal_eval(node.value)
                except ValueError:
                    continue  # computed (ROOT, WORK...): not part of the declared contents
    return values


def app_name() -> str:
    return str(spec_literals()["NAME"])


def bundle_dir() -> Path:
    return DIST / app_name()


def executable() -> Path:
    return bundle_dir() / (app_name() + (".exe" if IS_WINDOWS else ""))


def cli_executable() -> Path:
    """The console twin (nkdash-cli[.exe]): same bundle, console subsystem."""
    return bundle_dir() / (str(spec_literals()["CLI_NAME"]) + (".exe" if IS_WINDOWS else ""))


def package_version() -> str:
    sys.path.insert(0, str(ROOT / "build"))
    import version_info

    return version_info.package_version()


# -- steps ------------------------------------------------------------------------------------


def run_pyinstaller(clean: bool) -> float:
    """Build dist/NKDash; the seconds it took."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit('PyInstaller is not installed: pip install -e ".[build]"') from None
    if clean:
        shutil.rmtree(WORK, ignore_errors=True)
    command = [
        sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--log-level", "WARN",
        "--workpath", str(WORK), "--distpath", str(DIST),
    ]  # fmt: skip
    if clean:
        command.append("--clean")
    print("$ " + " ".join(command), flush=True)
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    return time.perf_counter() - started


def app_environment(home: Path) -> dict[str, str]:
    """The frozen app's environment: its own NKDASH_HOME, and headless Qt where needed."""
    env = dict(os.environ, NKDASH_HOME=str(home))
    env.pop("NKDASH_REPORT_STARTUP", None)
    if sys.platform.startswith("linux"):
        if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
            env.setdefault("QT_QPA_PLATFORM", "offscreen")
        if os.geteuid() == 0:  # WebEngine refuses to start as root otherwise (silently)
            env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
        env["XDG_CACHE_HOME"] = str(home / "cache")  # Qt's shader cache: not the builder's
    return env


def self_test(exe: Path, offscreen: bool) -> bool:
    """`NKDash --self-test`, its report shown line by line; True when it passed."""
    with tempfile.TemporaryDirectory(prefix="nkdash-build-", ignore_cleanup_errors=True) as tmp:
        env = app_environment(Path(tmp))
        if offscreen:
            env["QT_QPA_PLATFORM"] = "offscreen"
        print(f"$ {exe} --self-test", flush=True)
        try:
            done = subprocess.run(
                [str(exe), "--self-test"], env=env, capture_output=True, text=True,
                encoding="utf-8", errors="replace", timeout=SELF_TEST_TIMEOUT_S,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            print(f"FAIL  the self-test did not finish in {SELF_TEST_TIMEOUT_S} s")
            return False
        report = done.stdout
        saved = Path(tmp) / "logs" / "self-test.txt"
        if not report.strip() and saved.exists():  # a windowed exe may print nowhere
            report = saved.read_text(encoding="utf-8")
        for line in report.splitlines():
            print(f"  {line}")
        if done.returncode != 0:
            print(f"the self-test exited with status {done.returncode}; its error output:")
            for line in done.stderr.splitlines()[-40:]:
                print(f"  | {line}")
        return done.returncode == 0 and "self-test passed" in report


@dataclass
class StartupTime:
    in_app: float  # the app's own figure: process creation to the window that stays, painted
    observed: float | None  # from launching the process to reading the app's first-paint line
    first_paint: float  # process creation to the first paint of any main window
    windows: int  # native windows created for the main window (1: never re-created)
    figures: float | None = None  # process creation to the Overview painted with the figures


def first_window_time(exe: Path, offscreen: bool, lake: Path | None = None) -> StartupTime | None:
    """One launch of the app (no command: what a double-click does) until its window's first
    paint and its Overview's figures (from `lake`, else an empty one); the app closes itself
    then (NKDASH_REPORT_STARTUP=quit). None if it never said."""
    with tempfile.TemporaryDirectory(prefix="nkdash-start-", ignore_cleanup_errors=True) as tmp:
        env = app_environment(Path(tmp))
        if lake is not None:  # the settings file of that home, as the app reads it
            config = Path(tmp) / "config"
            config.mkdir(parents=True, exist_ok=True)
            root = lake.resolve().as_posix()
            (config / "settings.toml").write_text(f'[lake]\nroot = "{root}"\n', encoding="utf-8")
        env["NKDASH_REPORT_STARTUP"] = "quit"
        if offscreen:
            env["QT_QPA_PLATFORM"] = "offscreen"
        lines: list[tuple[float, str]] = []
        started = time.perf_counter()
        proc = subprocess.Popen(
            [str(exe)], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            encoding="utf-8", errors="replace",
        )  # fmt: skip

        def read() -> None:  # timestamps each line as it arrives
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.append((time.perf_counter() - started, line))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            proc.wait(timeout=STARTUP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            print(f"  the app did not close within {STARTUP_TIMEOUT_S} s")
            return None
        reader.join(timeout=10)
        observed = next((at for at, line in lines if STARTUP_RE.search(line)), None)
        text = "".join(line for _, line in lines)
        log = Path(tmp) / "logs" / "nkdash.log"  # a windowed exe may have no stdout
        if not STARTUP_RE.search(text) and log.exists():
            text = log.read_text(encoding="utf-8")
        first, stays = STARTUP_RE.search(text), STAYS_RE.search(text)
        figures = FIGURES_RE.search(text)
        figures_s = float(figures.group(1)) if figures else None
        if first is None:
            print(f"  the app reported no first window (exit status {proc.returncode})")
            return None
        if stays is None:
            return StartupTime(float(first.group(1)), observed, float(first.group(1)), 1, figures_s)
        return StartupTime(
            float(stays.group(1)), observed, float(first.group(1)), int(stays.group(2)), figures_s
        )


@dataclass
class Size:
    files: int
    apparent: int  # bytes
    on_disk: int  # bytes allocated (what du reports); equals apparent on Windows


def bundle_size(folder: Path) -> Size:
    files = apparent = on_disk = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            st = path.stat()
            files += 1
            apparent += st.st_size
            on_disk += getattr(st, "st_blocks", 0) * 512 or st.st_size
    return Size(files, apparent, on_disk)


def shipped_modules(exe: Path | None = None) -> set[str]:
    """Top-level names of every module frozen into the app: read from the executable's own
    archive (so --skip-build needs no build/work), else from PyInstaller's TOC files."""
    names: set[str] = set()
    exe = exe or executable()
    try:
        from PyInstaller.archive.readers import CArchiveReader

        archive = CArchiveReader(str(exe))
        for name in archive.toc:
            if name.endswith(".pyz"):
                names.update(n.split(".")[0] for n in archive.open_embedded_archive(name).toc)
    except Exception as exc:  # PyInstaller missing or another archive format: the TOC files
        print(f"  (cannot read {exe.name}'s archive: {exc}; using {WORK})")
    if names:
        return names
    for toc in (WORK / SPEC.stem).glob("PYZ-*.toc"):
        entries = ast.literal_eval(toc.read_text(encoding="utf-8"))
        for entry in entries[1] if isinstance(entries, tuple) else entries:
            names.add(str(entry[0]).split(".")[0])
    return names


def unwanted_files(folder: Path) -> list[str]:
    """Bundle files the spec drops (UNUSED_FILES, and LINUX_UNUSED_FILES on Linux) that are
    there all the same: a hook or a PyInstaller version that put them elsewhere."""
    from fnmatch import fnmatch

    literals = spec_literals()
    patterns: list[str] = list(literals["UNUSED_FILES"])  # type: ignore[arg-type]
    if sys.platform.startswith("linux"):
        patterns += literals["LINUX_UNUSED_FILES"]  # type: ignore[arg-type]
    internal = folder / "_internal"
    found = []
    for path in internal.rglob("*") if internal.is_dir() else []:
        relative = path.relative_to(internal).as_posix()
        if any(fnmatch(relative, pattern) for pattern in patterns):
            found.append(relative)
    return sorted(found)


def check_contents(folder: Path) -> list[str]:
    """Problems with what the bundle holds: a dev-only package shipped, a data file missing."""
    problems = []
    names: list[str] = spec_literals()["EXCLUDES"]  # type: ignore[assignment]
    excluded = {name.split(".")[0] for name in names}
    modules = shipped_modules()
    if "nkdash_desktop" not in modules:
        problems.append(f"no frozen module list in {executable().name} nor in {WORK / SPEC.stem}")
    if not cli_executable().is_file():
        problems.append(f"the console twin {cli_executable().name} is missing")
    leftovers = unwanted_files(folder)
    if leftovers:
        problems.append(f"files the spec drops were bundled: {', '.join(leftovers[:8])}")
    unused: list[str] = spec_literals()["UNUSED_MODULES"]  # type: ignore[assignment]
    dropped = sorted({n.split(".")[0] for n in unused if "." not in n} & modules)
    if dropped:
        problems.append(f"modules the spec drops were bundled: {', '.join(dropped)}")
    internal = folder / "_internal"
    on_disk = {p.name.split(".")[0] for p in internal.iterdir()} if internal.is_dir() else set()
    shipped = sorted(excluded & (modules | on_disk))
    if shipped:
        problems.append(f"development-only packages were bundled: {', '.join(shipped)}")
    for wanted in (
        "resources/nkdash.png",
        "resources/nkdash.ico",
        "plotly/package_data/plotly.min.js",
        "tzdata/zoneinfo/Asia/Jakarta",
        "tzdata/zoneinfo/Europe/Paris",
    ):
        if not (internal / wanted).is_file():
            problems.append(f"missing from the bundle: _internal/{wanted}")
    if not any(internal.glob("keyring-*.dist-info/entry_points.txt")):
        problems.append("keyring's entry points (its backends) are missing from the bundle")
    for data_dir in ("dev-only", "tests"):
        if (internal / data_dir).exists():
            problems.append(f"a {data_dir} folder was bundled")
    return problems


def run_bundle_tests() -> bool:
    """tests/test_bundle.py on dist/NKDash (pytest's output shown as it runs)."""
    command = [
        sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
        str(ROOT / "tests" / "test_bundle.py"), "--bundle", str(bundle_dir()),
    ]  # fmt: skip
    print("$ " + " ".join(command), flush=True)
    return subprocess.run(command, cwd=ROOT).returncode == 0


# -- installer (Windows) ----------------------------------------------------------------------


def find_iscc() -> Path | None:
    """Inno Setup's compiler: on PATH, or where its installer (and choco) put it."""
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    for base in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        root = os.environ.get(base)
        if not root:
            continue
        for sub in ("Inno Setup 6", "Programs/Inno Setup 6"):
            candidate = Path(root) / sub / "ISCC.exe"
            if candidate.is_file():
                return candidate
    return None


def installer_command(iscc: Path, version: str) -> list[str]:
    return [
        str(iscc), f"/DAppVersion={version}", f"/DBundleDir={bundle_dir()}",
        f"/O{DIST}", str(INSTALLER_SCRIPT),
    ]  # fmt: skip


def build_installer(version: str) -> Path:
    iscc = find_iscc()
    if iscc is None:
        raise SystemExit(
            "Inno Setup's ISCC.exe was not found (install it: choco install innosetup, or from "
            "https://jrsoftware.org/isdl.php)"
        )
    command = installer_command(iscc, version)
    print("$ " + " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, check=True)
    return DIST / f"NKDash-{version}-setup.exe"


# -- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="self-test the existing dist")
    parser.add_argument("--clean", action="store_true", help="build from an empty work folder")
    parser.add_argument(
        "--installer", action="store_true", help="Windows: make the Inno Setup installer too"
    )
    parser.add_argument(
        "--offscreen", action="store_true", help="run the frozen app offscreen even with a display"
    )
    parser.add_argument(
        "--adversarial",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="run tests/test_bundle.py on the bundle (default: after a build, not with "
        "--skip-build)",
    )
    parser.add_argument(
        "--startup-runs", type=int, default=3, metavar="N",
        help="launches timed to the first window (0: none); default 3",
    )  # fmt: skip
    parser.add_argument(
        "--startup-lake", type=Path, metavar="DIR",
        help="a lake (e.g. the demo's) the timed launches open: times the Overview's figures too",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.installer and not IS_WINDOWS:
        parser.error("--installer needs Windows (Inno Setup)")

    version = package_version()
    build_seconds = None
    if not args.skip_build:
        print(f"== building {app_name()} {version} (Python {sys.version.split()[0]})", flush=True)
        build_seconds = run_pyinstaller(args.clean)
    exe = executable()
    if not exe.is_file():
        print(f"error: {exe} does not exist (build it first)", file=sys.stderr)
        return 1
    ok = True

    print("== bundle contents", flush=True)
    problems = check_contents(bundle_dir())
    for problem in problems:
        print(f"FAIL  {problem}")
    if not problems:
        print(
            "PASS  plotly.min.js, tzdata and keyring's backends are in; "
            "no development-only package (pytest, hypothesis, openpyxl, ruff...) is"
        )
    ok &= not problems

    print("== self-test of the frozen app", flush=True)
    started = time.perf_counter()
    passed = self_test(cli_executable(), args.offscreen)  # the console twin: it prints
    self_test_seconds = time.perf_counter() - started
    ok &= passed

    startups: list[StartupTime] = []
    if passed and args.startup_runs > 0:
        print(f"== first window, {args.startup_runs} launches", flush=True)
        for i in range(args.startup_runs):
            timing = first_window_time(exe, args.offscreen, args.startup_lake)
            if timing is None:
                continue  # not a build failure: the self-test already opened the window
            startups.append(timing)
            seen = f"; {timing.observed:.2f} s from launch to its first-paint line"
            recreated = (
                f" (first paint {timing.first_paint:.2f} s; native window created "
                f"{timing.windows} times)"
                if timing.windows > 1
                else " (never re-created)"
            )
            figures = (
                f"; the Overview's figures painted after {timing.figures:.2f} s"
                if timing.figures is not None
                else ""
            )
            print(
                f"  launch {i + 1}: the window that stays painted {timing.in_app:.2f} s after "
                f"process start{recreated}"
                + (seen if timing.observed is not None else "")
                + figures,
                flush=True,
            )

    adversarial = args.adversarial if args.adversarial is not None else not args.skip_build
    adversarial_seconds = None
    if adversarial and ok:
        print("== bundle tests: one file removed at a time; TLS through the OS store", flush=True)
        started = time.perf_counter()
        ok &= run_bundle_tests()
        adversarial_seconds = time.perf_counter() - started

    installer = None
    if args.installer and ok:
        print("== installer", flush=True)
        installer = build_installer(version)

    size = bundle_size(bundle_dir())
    print("== summary")
    print(f"  bundle      {bundle_dir()}: {size.files:,} files")
    print(
        f"              {size.on_disk / 2**20:,.0f} MiB on disk (du), "
        f"{size.apparent / 2**20:,.0f} MiB of file contents"
    )
    if build_seconds is not None:
        print(f"  build time  {build_seconds:.0f} s ({'clean' if args.clean else 'incremental'})")
    print(f"  self-test   {'passed' if passed else 'FAILED'} in {self_test_seconds:.1f} s")
    if startups:
        figures = sorted(s.in_app for s in startups)
        runs = ", ".join(f"{s.in_app:.2f}" for s in startups)
        print(
            f"  window that stays  median {figures[len(figures) // 2]:.2f} s after process start "
            f"(launches in order: {runs} s)"
        )
        drawn = sorted(s.figures for s in startups if s.figures is not None)
        if drawn:
            print(f"  Overview with figures  median {drawn[len(drawn) // 2]:.2f} s")
    if adversarial_seconds is not None:
        print(f"  bundle tests  {adversarial_seconds:.0f} s (tests/test_bundle.py)")
    if installer is not None:
        print(f"  installer   {installer} ({installer.stat().st_size / 2**20:,.0f} MiB)")
    print("BUILD OK" if ok else "BUILD FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
