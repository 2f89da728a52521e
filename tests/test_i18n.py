"""The translations: complete, in step with the code, placeholders kept (docs/i18n.md); the
language chosen from NKDASH_LANG, the setting and the operator's system."""

from __future__ import annotations

from pathlib import Path

import pytest

from nkdash_desktop import i18n
from nkdash_desktop.i18n import tools
from nkdash_desktop.i18n.language import Language, resolve


def test_every_sentence_is_translated_and_every_qm_is_built():
    """What CI fails on: a sentence in the code missing from its .ts (or left there after it
    left the code), an unfinished translation, a lost or added placeholder, a stale .qm."""
    problems = tools.check()
    assert not problems, "\n".join(problems)


def test_lupdate_extracts_the_spellings_the_code_uses(tmp_path):
    source = tmp_path / "sample.py"
    source.write_text(
        "from nkdash_desktop import i18n\n"
        "from nkdash_desktop.i18n import QT_TRANSLATE_NOOP, translate\n"
        'a = translate("Sample", "Sold {count} items").format(count=3)\n'
        'b = i18n.translate("Sample", "Two literals "\n    "joined")\n'
        'C = QT_TRANSLATE_NOOP("Sample", "Marked where defined")\n',
        encoding="utf-8",
    )
    ts = tmp_path / "sample_id.ts"
    tools.lupdate([source], "id", ts)
    assert set(tools.messages(ts)) == {
        ("Sample", "Sold {count} items"),
        ("Sample", "Two literals joined"),
        ("Sample", "Marked where defined"),
    }
    # new sentences come in unfinished: the check names each
    problems = list(tools.translation_problems(ts))
    assert len(problems) == 3 and all("no finished translation" in p for p in problems)


def test_a_translation_that_loses_or_adds_a_placeholder_is_named(tmp_path):
    ts = tmp_path / "x_id.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        '<TS version="2.1" language="id_ID" sourcelanguage="en"><context><name>C</name>'
        "<message><source>{count} days from {start}</source>"
        "<translation>{count} hari</translation></message>"
        "<message><source>Saved %1</source><translation>Disimpan %1 %2</translation></message>"
        "<message><source>At {when:%H:%M}</source><translation>Pukul {when:%H:%M}</translation>"
        "</message></context></TS>\n",
        encoding="utf-8",
    )
    problems = list(tools.translation_problems(ts))
    assert len(problems) == 2, problems
    assert "'{count} days from {start}'" in problems[0] and "{start}" in problems[0]
    assert "%2" in problems[1]


@pytest.mark.parametrize(
    ("env", "setting", "expected"),
    [
        ({"LANG": "id_ID.UTF-8"}, "system", Language("id", "id_ID")),
        ({"LANG": "en_GB.UTF-8"}, "system", Language("en", "en_GB")),
        ({"LANG": "fr_FR.UTF-8"}, "system", Language("en", "en_US")),  # no French: English
        ({"LANG": "C.UTF-8"}, "system", Language("en", "en_US")),
        ({"LANGUAGE": "id:en", "LANG": "en_US.UTF-8"}, "system", Language("id", "id_ID")),
        ({"LANG": "en_GB.UTF-8"}, "id", Language("id", "id_ID")),  # the setting wins
        ({"LANG": "id_ID.UTF-8"}, "en", Language("en", "en_US")),
        ({"LANG": "en_AU.UTF-8", "NKDASH_LANG": "id"}, "en", Language("id", "id_ID")),
        ({"LANG": "id_ID.UTF-8", "NKDASH_LANG": "en"}, "system", Language("en", "en_US")),
        ({"LANG": "in_ID.UTF-8"}, "system", Language("id", "id_ID")),  # the old code of id
    ],
)
def test_the_language_follows_env_then_setting_then_system(monkeypatch, env, setting, expected):
    for var in ("NKDASH_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert resolve(setting) == expected


def test_english_is_the_source_and_needs_no_catalogue(language):
    assert language("en") == Language("en", "en_US")
    assert i18n.translate("Nowhere", "Any sentence") == "Any sentence"
    assert i18n.current_language() == "en" and i18n.current_locale() == "en_US"


def test_a_sentence_without_translation_stays_english(language):
    language("id")
    assert i18n.current_locale() == "id_ID"
    assert i18n.translate("Nowhere", "Not a sentence of the app") == "Not a sentence of the app"


def test_the_ts_and_qm_are_package_data():
    toml = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8")
    assert '"i18n/ts/*.ts", "i18n/ts/*.qm"' in toml
