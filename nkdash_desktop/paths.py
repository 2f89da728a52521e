"""Where the app keeps its files: per-user folders from platformdirs, never the install folder.

`NKDASH_HOME` moves every folder under one root: tests, portable use and CI rely on it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from nkdash_desktop import APP_SLUG


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    log_dir: Path
    data_dir: Path
    crash_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def demo_lake(self) -> Path:
        return self.data_dir / "demo-lake"


def moved_home() -> str:
    """The absolute folder NKDASH_HOME moves the app's files to; "" for the per-user folders.
    It tells one home's keyring entries from another's."""
    home = os.environ.get("NKDASH_HOME")
    return str(Path(home).resolve()) if home else ""


def app_paths() -> AppPaths:
    home = os.environ.get("NKDASH_HOME")
    if home:
        root = Path(home)
        return AppPaths(root / "config", root / "logs", root / "data", root / "crash")
    data = Path(platformdirs.user_data_dir(APP_SLUG, appauthor=False))
    return AppPaths(
        config_dir=Path(platformdirs.user_config_dir(APP_SLUG, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_SLUG, appauthor=False)),
        data_dir=data,
        crash_dir=data / "crash",
    )


def default_lake_root(paths: AppPaths | None = None) -> Path:
    """D:\\data-lake on Windows when drive D: exists (where the web version kept it), else a
    per-user data folder."""
    if sys.platform == "win32" and Path("D:\\").exists():
        return Path("D:\\data-lake")
    return (paths or app_paths()).data_dir / "data-lake"
