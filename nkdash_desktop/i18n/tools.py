"""Keeping the `.ts` sources and `.qm` files in step with the code, with Qt's own tools
(the lupdate and lrelease shipped in the PySide6 wheel, run as programs: no Qt import here).

    python -m nkdash_desktop.i18n update   # new/changed sentences into every .ts (unfinished)
    python -m nkdash_desktop.i18n build    # every .ts -> .qm (committed; tests check freshness)
    python -m nkdash_desktop.i18n check    # what tests/test_i18n.py fails on
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from nkdash_desktop.i18n.catalog import TS_DIR
from nkdash_desktop.i18n.language import DEFAULT_LOCALES, LANGUAGES, SOURCE_LANGUAGE

PACKAGE = Path(__file__).resolve().parent.parent
# Each component's .ts holds the sentences of its sources: the engine, CLI and workbook in
# engine_<lang>.ts, the widgets in ui_<lang>.ts (two files: two people may translate at once).
COMPONENTS = ("engine", "ui")
# {name} (str.format, the engine's), %1 and %n (Qt's arg()), %s, %d, %r and %(name)s (printf
# style: argparse's own sentences)
PLACEHOLDER = re.compile(
    r"\{[A-Za-z_][A-Za-z0-9_]*(?:[:!][^{}]*)?\}|%\([A-Za-z_]+\)[sdr]|%(?:\d+|n|[sdr])"
)


def sources(component: str) -> list[Path]:
    """The Python files whose sentences go into a component's .ts."""
    ui = PACKAGE / "ui"
    files = sorted(PACKAGE.rglob("*.py"))
    if component == "ui":
        return [f for f in files if ui in f.parents]
    return [f for f in files if ui not in f.parents]


def ts_path(component: str, language: str) -> Path:
    return TS_DIR / f"{component}_{language}.ts"


def targets() -> list[tuple[str, str]]:
    """(component, language) of every .ts: each translated language, each component."""
    return [(c, lang) for lang in LANGUAGES if lang != SOURCE_LANGUAGE for c in COMPONENTS]


def _tool(name: str) -> str:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        raise SystemExit(f"{name} needs PySide6 (pip install PySide6)")
    exe = Path(spec.origin).parent / (f"{name}.exe" if sys.platform == "win32" else name)
    return str(exe)


def _run(args: list[str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def lupdate(files: Iterable[Path], language: str, ts: Path) -> None:
    """Merge the sentences of `files` into `ts` (created if missing); sentences no longer in
    them are dropped. No source locations: they would change on every edit and
    make two people's .ts edits conflict."""
    listing = ts.with_suffix(".lst")
    listing.write_text("\n".join(str(f) for f in files) + "\n", encoding="utf-8")
    try:
        _run(
            [
                _tool("lupdate"),
                f"@{listing}",
                "-ts",
                str(ts),
                "-locations",
                "none",
                "-no-obsolete",
                "-source-language",
                "en",
                "-target-language",
                DEFAULT_LOCALES[language],
                "-silent",
            ]
        )
    finally:
        listing.unlink()


def lrelease(ts: Path, qm: Path) -> None:
    _run([_tool("lrelease"), str(ts), "-qm", str(qm), "-silent"])


def update() -> None:
    TS_DIR.mkdir(exist_ok=True)
    for component, language in targets():
        lupdate(sources(component), language, ts_path(component, language))


def build() -> None:
    for component, language in targets():
        ts = ts_path(component, language)
        lrelease(ts, ts.with_suffix(".qm"))


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            found[(name, message.findtext("source", ""))] = message
    return found


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def translation_problems(ts: Path) -> Iterable[str]:
    for (context, source), message in messages(ts).items():
        translation = message.find("translation")
        where = f"{ts.name} [{context}] {source!r}"
        if translation is None or translation.get("type") or not (translation.text or "").strip():
            yield f"{where}: no finished translation"
        elif placeholders(translation.text or "") != placeholders(source):
            yield (
                f"{where}: the translation has placeholders {placeholders(translation.text or '')}"
                f", the source {placeholders(source)}"
            )


def check() -> list[str]:
    """Every problem with the translations: sentences in the code missing from a .ts (or still
    there after leaving the code), unfinished translations, lost or added placeholders, a .qm
    older than its .ts."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for component, language in targets():
            ts = ts_path(component, language)
            if not ts.exists():
                problems.append(f"{ts.name} is missing: run python -m nkdash_desktop.i18n update")
                continue
            fresh = Path(tmp) / ts.name
            shutil.copyfile(ts, fresh)
            lupdate(sources(component), language, fresh)
            committed, current = set(messages(ts)), set(messages(fresh))
            for context, source in sorted(current - committed):
                problems.append(f"{ts.name} lacks [{context}] {source!r}: run update, translate")
            for _context, source in sorted(c for c in current if not c[0]):
                problems.append(
                    f"{ts.name}: {source!r} has no context (a call named tr() outside a class?):"
                    " write translate(context, ...) or self.tr(...) in a QObject"
                )
            for context, source in sorted(committed - current):
                problems.append(f"{ts.name} has [{context}] {source!r}, no longer in the code")
            problems.extend(translation_problems(ts))
            qm = ts.with_suffix(".qm")
            rebuilt = Path(tmp) / qm.name
            lrelease(ts, rebuilt)
            if not qm.exists() or qm.read_bytes() != rebuilt.read_bytes():
                problems.append(f"{qm.name} is not built from {ts.name}: run build")
    return problems
