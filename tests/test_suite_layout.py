"""The test suite itself: pytest's default import mode needs every test module's name unique."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path


def test_test_module_names_are_unique():
    names = Counter(p.name for p in Path(__file__).parent.rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []


def test_no_test_imports_a_conftest_by_name():
    """Several folders have a conftest.py: `from conftest import X` picks whichever was imported
    first, so the same tests pass alone and fail in a larger run. Shared values live in a
    support module with a name of its own."""
    imports_conftest = re.compile(r"^\s*(from conftest import|import conftest\b)", re.MULTILINE)
    offenders = [
        p.relative_to(Path(__file__).parent).as_posix()
        for p in Path(__file__).parent.rglob("*.py")
        if imports_conftest.search(p.read_text("utf-8"))
    ]
    assert offenders == []
