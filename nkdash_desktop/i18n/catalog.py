"""The translations of one language, read straight from the `.ts` sources (Qt Linguist's XML).

The engine, the CLI and the workbook read the same files the Qt side compiles to `.qm`, so each
sentence has one source. Only finished translations count: an unfinished or empty one leaves
the English source text (and fails tests/test_i18n.py).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

TS_DIR = Path(__file__).resolve().parent / "ts"

Messages = dict[tuple[str, str], str]  # (context, source text) -> translation


def ts_files(language: str) -> list[Path]:
    """Every `.ts` of a language: engine_id.ts, ui_id.ts..."""
    return sorted(TS_DIR.glob(f"*_{language}.ts"))


def read_ts(path: Path) -> Messages:
    """The finished translations of one `.ts` file."""
    messages: Messages = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in (
                "unfinished",
                "vanished",
                "obsolete",
            ):
                continue
            if translation.text:
                messages[(name, message.findtext("source", ""))] = translation.text
    return messages


@cache
def catalogue(language: str) -> Messages:
    """All finished translations of a language, read once."""
    messages: Messages = {}
    for path in ts_files(language):
        messages.update(read_ts(path))
    return messages
