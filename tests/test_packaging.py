"""The packaging files stay consistent with the package, fast and without PyInstaller.

The build itself (minutes) is `python build/build.py`; this catches what usually breaks it
between builds: a moved entry point, a renamed resource, a data file or hidden import that no
longer exists, a version that drifted, a dev-only package excluded that the app now imports.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import re
import struct
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

import nkdash_desktop
from nkdash_desktop import cli
from nkdash_desktop.cli import program

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "nkdash.spec"
INSTALLER = ROOT / "build" / "installer.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "windows-build.yml"


def load_script(name: str, path: Path):
    """A build/ script as a module (by path: `build` would clash with PyPA's package)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build_script():
    return load_script("nkdash_build_script", ROOT / "build" / "build.py")


@pytest.fixture(scope="module")
def version_info():
    return load_script("nkdash_version_info", ROOT / "build" / "version_info.py")


@pytest.fixture(scope="module")
def spec(build_script) -> dict:
    return build_script.spec_literals(SPEC)


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_entry_point_exists_and_calls_the_cli_main(spec, pyproject):
    entry = ROOT / spec["ENTRY"]
    tree = ast.parse(entry.read_text(encoding="utf-8"))
    imported = {
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert ("nkdash_desktop.cli", "main") in imported
    calls = [
        n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "main"
    ]
    assert calls, f"{entry.name} never calls main()"
    # the console script and the frozen app start the same function
    assert pyproject["project"]["scripts"]["nkdash"] == "nkdash_desktop.cli:main"
    assert callable(cli.main)
    assert spec["NAME"] == "NKDash"


def test_every_resource_the_spec_and_installer_name_exists(spec, build_script):
    for key in ("ENTRY", "ICON", "VERSION_SCRIPT"):
        assert (ROOT / spec[key]).is_file(), f"{key} {spec[key]} is missing"
    sizes = load_script("nkdash_make_icon", ROOT / "build" / "make_icon.py").ico_sizes(
        (ROOT / spec["ICON"]).read_bytes()
    )
    assert {16, 32, 48, 256} <= set(sizes), f"the icon lacks standard sizes: {sizes}"
    png = (ROOT / "resources" / "nkdash.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (512, 512)
    iss = INSTALLER.read_text(encoding="utf-8")
    for relative in re.findall(r"^SetupIconFile=(.+)$", iss, re.M):
        assert (INSTALLER.parent / relative.strip().replace("\\", "/")).is_file()
    assert build_script.INSTALLER_SCRIPT == INSTALLER


def test_collected_data_files_are_in_this_environment(spec):
    for package, patterns in spec["DATA_FILES"]:
        found = importlib.util.find_spec(package)
        assert found is not None and found.submodule_search_locations, f"{package} missing"
        folder = Path(next(iter(found.submodule_search_locations)))
        files = [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]
        for pattern in patterns:
            assert any(fnmatch(f, pattern) for f in files), f"{package}: nothing matches {pattern}"
    # the file the charts load by URL is the one collected
    from nkdash_desktop.ui.widgets.plotly_view import PLOTLY_JS

    assert PLOTLY_JS.as_posix().endswith("plotly/package_data/plotly.min.js")
    assert PLOTLY_JS.stat().st_size > 1_000_000
    tz = Path(next(iter(importlib.util.find_spec("tzdata").submodule_search_locations)))
    assert (tz / "zoneinfo" / "Asia" / "Jakarta").is_file()


def test_keyring_backends_are_found_through_collected_entry_points(spec):
    assert "keyring" in spec["METADATA"] and "keyring.backends" in spec["SUBMODULE_PACKAGES"]
    backends = importlib.metadata.distribution("keyring").entry_points.select(
        group="keyring.backends"
    )
    names = {ep.name for ep in backends}
    assert {"Windows", "SecretService", "macOS"} <= names
    for ep in backends:
        assert ep.value.startswith("keyring.backends."), ep  # covered by collect_submodules
        assert importlib.util.find_spec(ep.value) is not None, ep


def test_hidden_imports_and_collected_packages_resolve(spec):
    names = spec["HIDDEN_IMPORTS"] + spec["SUBMODULE_PACKAGES"]
    if sys.platform == "win32":
        names += spec["WINDOWS_HIDDEN_IMPORTS"]
    else:
        assert all(n.startswith("win32ctypes.") for n in spec["WINDOWS_HIDDEN_IMPORTS"])
    for name in names:
        assert importlib.util.find_spec(name) is not None, f"{name} does not resolve"
    # the CLI imports its command groups inside a function: they must be collected
    assert "nkdash_desktop" in spec["SUBMODULE_PACKAGES"]
    for group in program.command_groups():
        assert group.__name__.startswith("nkdash_desktop.cli.")


def imported_modules(folder: Path) -> set[str]:
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_nothing_the_app_imports_is_excluded(spec, pyproject):
    excluded = spec["EXCLUDES"] + spec["UNUSED_MODULES"]
    used = imported_modules(ROOT / "nkdash_desktop")
    clashes = sorted(
        name for name in used for ex in excluded if name == ex or name.startswith(ex + ".")
    )
    assert not clashes, f"the app imports modules the spec excludes: {clashes}"
    # and no runtime dependency is excluded as a whole
    runtime = {re.split(r"[<>=!~\[ ;]", d)[0].lower() for d in pyproject["project"]["dependencies"]}
    assert not runtime & {ex.lower() for ex in excluded}
    # the test and build extras are what the spec keeps out
    for tool in ("pytest", "hypothesis", "openpyxl", "ruff", "trustme", "psutil", "PyInstaller"):
        assert tool in spec["EXCLUDES"]


def test_the_version_resource_and_installer_carry_the_package_version(
    version_info, build_script, pyproject
):
    version = nkdash_desktop.__version__
    assert version_info.package_version() == version == pyproject["project"]["version"]
    text = version_info.render(version)

    def record(kind):
        return lambda *args, **kw: {"kind": kind, "args": args, **kw}

    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct")
    namespace = {n: record(n) for n in (*names, "VarFileInfo", "VarStruct")}
    info = eval(text, namespace)  # PyInstaller loads the file the same way
    numbers = version_info.version_numbers(version)
    assert info["ffi"]["filevers"] == info["ffi"]["prodvers"] == numbers
    assert numbers[: len(version.split("."))] == tuple(int(p) for p in version.split("."))
    table = info["kids"][0]["args"][0][0]["args"][1]
    strings = {s["args"][0]: s["args"][1] for s in table}
    assert strings["FileVersion"] == strings["ProductVersion"] == version
    assert strings["OriginalFilename"] == "NKDash.exe" and strings["InternalName"] == "NKDash"
    # what Task Manager, the taskbar's menu and notification settings show: the app's name
    assert strings["FileDescription"] == "NK Dash"
    cli_info = eval(
        version_info.render(version, "nkdash-cli.exe", "NK Dash command line"), namespace
    )
    cli_strings = {s["args"][0]: s["args"][1] for s in cli_info["kids"][0]["args"][0][0]["args"][1]}
    assert cli_strings["OriginalFilename"] == "nkdash-cli.exe"
    assert cli_strings["FileDescription"] == version_info.CLI_DESCRIPTION
    spec_text = SPEC.read_text(encoding="utf-8")
    assert "version=str(version_files[name])" in spec_text and "icon=str(ROOT / ICON)" in spec_text
    # the shortcuts carry the id the running app sets, so the taskbar shows one NK Dash button
    from nkdash_desktop.ui.runtime.icon import APP_USER_MODEL_ID

    iss = INSTALLER.read_text(encoding="utf-8")
    assert iss_define(iss, "AppUserModelID") == APP_USER_MODEL_ID
    shortcuts = [line for line in iss.splitlines() if line.startswith('Name: "{auto')]
    assert shortcuts and all('AppUserModelID: "{#AppUserModelID}"' in s for s in shortcuts)
    command = build_script.installer_command(Path("ISCC.exe"), version)
    assert f"/DAppVersion={version}" in command and str(INSTALLER) in command
    assert version_info.version_numbers("2.10.3rc1") == (2, 10, 3, 0)


def iss_define(iss: str, name: str) -> str:
    found = re.search(rf'^#define {name} "(.*)"$', iss, re.M)
    assert found, f"no #define {name}"
    return found.group(1)


def test_installer_is_per_user_and_its_autostart_arguments_parse():
    iss = INSTALLER.read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in iss
    assert r"DefaultDirName={localappdata}\Programs\{#AppSlug}" in iss
    assert '#define AppSlug "NKDash"' in iss and '#define AppExe "NKDash.exe"' in iss
    run_key = re.search(r'ValueData: """\{app\}\\\{#AppExe\}"" (.*?)";', iss)
    assert run_key, "no autostart Run key"
    args = cli.build_parser().parse_args(run_key.group(1).split())
    assert args.tray and not getattr(args, "func", None)  # the window, minimised
    assert cli.build_parser().parse_args(["--self-test"]).self_test
    # the installer writes exactly what the app writes and reads back: one record, two writers
    from nkdash_desktop import autostart

    exe = r"C:\Users\op\AppData\Local\Programs\NKDash\NKDash.exe"
    installer_data = f'"{exe}" {run_key.group(1)}'
    assert autostart.windows_command([exe, *autostart.launch_command()[-1:]]) == installer_data
    assert iss_define(iss, "RunKey") == autostart.RUN_KEY
    assert iss_define(iss, "AppSlug") == autostart.RUN_VALUE


def test_installer_keeps_the_autostart_and_removes_it_at_uninstall():
    iss = INSTALLER.read_text(encoding="utf-8")
    registry = iss[iss.index("[Registry]") : iss.index("[UninstallDelete]")]
    assert "Tasks: not autostart" not in registry and "deletevalue" not in registry
    assert "UsePreviousTasks=no" in iss  # the Run value, not the last run's task, decides
    assert "RegValueExists(HKCU, '{#RunKey}', '{#AppSlug}')" in iss  # ticked when it exists
    assert "TasksPageSeen and not WizardIsTaskSelected('autostart')" in iss
    uninstall = iss[iss.index("procedure CurUninstallStepChanged") :]
    assert "RegDeleteValue(HKCU, '{#RunKey}', '{#AppSlug}')" in uninstall


def test_installer_closes_the_tray_app_and_names_what_it_removes():
    from nkdash_desktop.streams import WINDOWED_COMMANDS
    from nkdash_desktop.ui.background.single_instance import WINDOWS_MUTEX

    iss = INSTALLER.read_text(encoding="utf-8")
    assert iss_define(iss, "AppMutexName") == WINDOWS_MUTEX and "AppMutex={#AppMutexName}" in iss
    assert "Exec(Exe, '--quit'" in iss and cli.build_parser().parse_args(["--quit"]).quit
    assert "CloseRunningApp(" in iss[iss.index("function InitializeSetup") :]
    assert "CloseRunningApp(" in iss[iss.index("function InitializeUninstall") :]
    # "Remove my data" deletes exactly what its button names, item by item (never DelTree of
    # the whole folder, which may hold a lake the operator chose)
    removal = iss[iss.index("procedure CurUninstallStepChanged") :]
    deleted = re.findall(r"(?:DelTree|DeleteFile)\(Folder \+ '\\([^']+)'", removal)
    assert deleted == ["settings.toml", "Logs", "demo-lake", "crash"]
    button = re.search(r"'Remove my data' \+ #13#10 \+ 'Delete (.+)\.'\]", iss)
    assert button and re.split(r", | and ", button.group(1)) == deleted
    assert "DelTree(ExpandConstant(DataFolder)" not in iss
    assert "RemoveDefaultLake" in removal and "ChosenLake()" in iss  # asked apart, only default
    assert "[UninstallDelete]" in iss and r"{localappdata}\{#AppSlug}\{#AppName}" in iss
    # the Start menu's demo shortcut runs what the windowed exe runs itself
    demo = re.search(r'Name: "\{autoprograms\}\\\{#AppName\} demo";.*Parameters: "(\w+)"', iss)
    assert demo and demo.group(1) in WINDOWED_COMMANDS
    assert cli.build_parser().parse_args([demo.group(1)]).command == "demo"


def test_the_console_twin_and_the_icon_are_in_the_spec(spec):
    from nkdash_desktop.streams import CLI_EXE
    from nkdash_desktop.ui.runtime.icon import ICON_FILES, icon_paths

    assert spec["CLI_NAME"] + ".exe" == CLI_EXE
    assert spec["CLI_NAME"].lower() != spec["NAME"].lower()  # Windows names ignore case
    text = SPEC.read_text(encoding="utf-8")
    assert "cli_exe = executable(CLI_NAME, console=True)" in text and "    cli_exe,\n" in text
    assert [Path(p).name for p in spec["RESOURCES"]] == list(ICON_FILES)
    assert all((ROOT / p).is_file() for p in spec["RESOURCES"])
    assert [p.name for p in icon_paths()] == list(ICON_FILES)
    assert "PySide6/Qt/plugins/platformthemes/libqgtk3.so" in spec["LINUX_UNUSED_FILES"]


def test_every_user_guide_is_bundled(spec):
    """Help > User guide opens the guide of the operator's language: each is in the spec."""
    from nkdash_desktop.ui.window.help_menu import GUIDES

    assert spec["GUIDES"] == list(GUIDES.values())
    assert all((ROOT / path).is_file() for path in spec["GUIDES"])


def test_the_build_is_pinned_by_the_constraints_file(pyproject):
    lock = load_script("nkdash_lock", ROOT / "build" / "lock.py")
    text = (ROOT / "build" / "constraints.txt").read_text(encoding="utf-8")
    pins = dict(line.split("==") for line in text.splitlines() if "==" in line)
    declared = pyproject["project"]["dependencies"]
    for extra in ("test", "build"):
        declared += pyproject["project"]["optional-dependencies"][extra]
    for requirement in declared:
        name = re.split(r"[<>=!~\[ ;]", requirement)[0].lower().replace("_", "-")
        assert name in pins, f"{name} is not pinned in build/constraints.txt"
    assert "pywin32-ctypes" in pins  # keyring's Windows backend, pinned for the Windows build
    # the file is what build/lock.py writes from this environment
    assert text == lock.render(lock.closure()), "run python build/lock.py"


def test_build_outputs_are_ignored_and_ci_runs_the_build_command(pyproject):
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/build/work/" in ignored and "/dist/" in ignored
    assert {"build/work", "dist"} <= set(pyproject["tool"]["ruff"]["extend-exclude"])
    assert pyproject["project"]["optional-dependencies"]["build"][0].startswith("pyinstaller")
    workflow = WORKFLOW.read_text(encoding="utf-8")
    for command in ('pip install -e ".[test,build]"', "python -m pytest -q", "build/build.py"):
        assert command in workflow
    assert "-c build/constraints.txt" in workflow
    # the frozen app's self-test on the real windows plugin: offscreen only for the tests
    build_step = workflow[workflow.index("build/build.py") - 400 : workflow.index("build/build.py")]
    assert "offscreen" not in build_step.split("- name: Tests")[-1]
    for step in ("/TASKS=autostart", "--self-test", "unins000.exe", "NK Dash demo.lnk"):
        assert step in workflow
