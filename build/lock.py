"""Write build/constraints.txt: the exact version of every package the app, its tests and its
build install, as this environment has them. `python build/lock.py` after changing a dependency
(and installing it); the build and the CI install with `-c build/constraints.txt`, so two builds
of one commit bundle the same libraries.

The closure is walked from pyproject.toml's dependencies and its test and build extras through
each installed distribution's requirements whose markers hold here; WINDOWS_ONLY pins what only Windows installs (not present here).
"""

from __future__ import annotations

import importlib.metadata as md
import sys
import tomllib
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "constraints.txt"
EXTRAS = ("test", "build")
# keyring's Windows backend needs it; the Windows workflow installs it from this pin
WINDOWS_ONLY = {"pywin32-ctypes": "0.2.3"}


def declared() -> list[str]:
    """The app's own requirements, from pyproject.toml (an editable install's metadata may be
    older than the file)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    return list(project["dependencies"]) + [r for extra in EXTRAS for r in extras[extra]]


def closure() -> dict[str, str]:
    pins: dict[str, str] = {}
    todo = [(Requirement(text).name, frozenset(Requirement(text).extras)) for text in declared()]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, extras = todo.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        dist = md.distribution(name)
        pins[canonicalize_name(dist.metadata["Name"])] = dist.version
        for text in dist.requires or []:
            req = Requirement(text)
            wanted = [dict(default_environment(), extra=extra) for extra in ("", *sorted(extras))]
            if req.marker is not None and not any(req.marker.evaluate(env) for env in wanted):
                continue
            try:
                md.distribution(req.name)
            except md.PackageNotFoundError:
                continue  # an optional platform package not installed here
            todo.append((req.name, frozenset(req.extras)))
    return pins


def render(pins: dict[str, str]) -> str:
    lines = [
        "# Exact versions for the build, written by `python build/lock.py` (do not edit by hand).",
        f"# Python {sys.version.split()[0]} on {sys.platform}; use with "
        '`pip install -e ".[test,build]" -c build/constraints.txt`.',
    ]
    lines += [f"{name}=={version}" for name, version in sorted(pins.items())]
    lines += ["# Windows only", *(f"{n}=={v}" for n, v in sorted(WINDOWS_ONLY.items()))]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(closure()), encoding="utf-8")
    print(f"{OUT}: {len(OUT.read_text().splitlines()) - 3} pins")
