"""The operator's language: one `translate` for the engine, the CLI and the workbook, reading the
same `.ts` sources the Qt side compiles (docs/i18n.md). No Qt here.

Spelling that pyside6-lupdate extracts (checked by tests/test_i18n.py):
    translate("Context", "Sentence with {placeholder}").format(placeholder=value)
    QT_TRANSLATE_NOOP("Context", "Fixed sentence")  # marked where defined, translated where used
Both arguments are plain string literals (implicit concatenation is fine, f-strings are not);
placeholders are filled AFTER translating.
"""

from __future__ import annotations

from nkdash_desktop.i18n.catalog import catalogue
from nkdash_desktop.i18n.language import (
    LANGUAGES,
    SETTING_CHOICES,
    SOURCE_LANGUAGE,
    Language,
    resolve,
)

__all__ = [
    "LANGUAGES",
    "QT_TRANSLATE_NOOP",
    "SETTING_CHOICES",
    "SOURCE_LANGUAGE",
    "Language",
    "current_language",
    "current_locale",
    "set_language",
    "translate",
]

_current: Language | None = None


def set_language(setting: str = "system") -> Language:
    """Choose the language for this process from the `ui.language` setting (NKDASH_LANG wins).
    Called once at start by the app and the CLI; tests call it to switch."""
    global _current
    _current = resolve(setting)
    return _current


def _language() -> Language:
    return _current if _current is not None else set_language()


def current_language() -> str:
    """'en' or 'id': the language of the words."""
    return _language().code


def current_locale() -> str:
    """'id_ID', 'en_US': the CLDR locale numbers, money and dates follow (Babel and QLocale)."""
    return _language().locale


def translate(context: str, text: str) -> str:
    """`text` in the operator's language; the English text when the language is English or the
    sentence has no finished translation."""
    code = _language().code
    if code == SOURCE_LANGUAGE:
        return text
    return catalogue(code).get((context, text), text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate knows
    """Marks a sentence for lupdate where it is defined (a class attribute, a table); the code
    that shows it calls `translate(context, text)` with the same context."""
    return text
