"""Which language the operator reads, and which locale numbers and dates follow.

Resolved once at start (`set_language`) from, first to last: the NKDASH_LANG environment
variable (tests, scripts, `NKDASH_LANG=id nkdash demo`), the `ui.language` setting, the
operator's display language (Windows: GetUserDefaultUILanguage; elsewhere LANGUAGE, LC_ALL,
LC_MESSAGES, LANG). A language the app has no translation for falls back to English.
"""

from __future__ import annotations

import locale
import os
import sys
from dataclasses import dataclass

SOURCE_LANGUAGE = "en"  # the language the code is written in
# Every language the app speaks, with its name in itself (for Settings > Appearance).
LANGUAGES = {"en": "English", "id": "Bahasa Indonesia"}
SETTING_CHOICES = ("system", *LANGUAGES)
# The locale a language's numbers and dates follow when the operator's own region is another
# language's (English screens on an Indonesian Windows keep English month names).
DEFAULT_LOCALES = {"en": "en_US", "id": "id_ID"}
ENV_LANGUAGE = "NKDASH_LANG"


@dataclass(frozen=True)
class Language:
    code: str  # "en", "id": the .ts suffix and the translation catalogue
    locale: str  # "id_ID", "en_GB": CLDR locale of numbers, money, dates (Babel and QLocale)


def _language_of(tag: str) -> str:
    """'id_ID.UTF-8' -> 'id'; 'in' is the old ISO code of Indonesian (Java, old glibc)."""
    code = tag.replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    return "id" if code == "in" else code


def _clean_locale(tag: str) -> str:
    """'id-ID.UTF-8' -> 'id_ID'; 'in_ID' -> 'id_ID'."""
    name = tag.replace("-", "_").split(".")[0].split("@")[0]
    return "id" + name[2:] if name.split("_")[0].lower() == "in" else name


def system_locale() -> str:
    """The operator's display language as a locale name ('id_ID'); '' when unknown."""
    if sys.platform == "win32":
        import ctypes

        lang_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()
        return locale.windows_locale.get(lang_id, "")
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if var == "LANGUAGE":  # a priority list: 'id:en'
            value = value.split(":")[0]
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return _clean_locale(value)
    return ""


def system_format_locale() -> str:
    """The locale of the operator's regional formats: on Windows the user's locale (Region
    settings), which may differ from the display language; elsewhere the display locale."""
    if sys.platform == "win32":
        import ctypes

        return locale.windows_locale.get(ctypes.windll.kernel32.GetUserDefaultLCID(), "")
    return system_locale()


def resolve(setting: str = "system") -> Language:
    """The language for a `ui.language` setting ('system', 'en', 'id'), NKDASH_LANG first."""
    wanted = os.environ.get(ENV_LANGUAGE, "").strip() or setting or "system"
    system = system_locale()
    if wanted == "system":
        wanted = system
    code = _language_of(wanted) if wanted else SOURCE_LANGUAGE
    if code not in LANGUAGES:
        code = SOURCE_LANGUAGE
    # formats follow the operator's region when it speaks the same language (en_GB, en_AU)
    for candidate in (_clean_locale(wanted), system_format_locale()):
        if "_" in candidate and _language_of(candidate) == code:
            return Language(code, candidate)
    return Language(code, DEFAULT_LOCALES[code])
