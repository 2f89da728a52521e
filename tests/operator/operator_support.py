"""What the operator-flow tests share: finding a secret in any file the app wrote."""

from __future__ import annotations

import socket
from pathlib import Path

from nkdash_desktop.paths import app_paths


def files_holding(secret: str, *extra_roots: Path) -> tuple[list[Path], int]:
    """Files under the config, log, data and crash folders (and `extra_roots`, e.g. a lake
    elsewhere) whose bytes contain `secret`, and how many files were scanned."""
    paths = app_paths()
    roots = [paths.config_dir, paths.log_dir, paths.data_dir, paths.crash_dir, *extra_roots]
    needle = secret.encode("utf-8")
    found, scanned = [], 0
    for root in roots:
        for path in Path(root).rglob("*") if Path(root).exists() else []:
            if path.is_file():
                scanned += 1
                if needle in path.read_bytes():
                    found.append(path)
    return found, scanned


def closed_port_url() -> str:
    """An address where nothing listens: a server that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
