"""The test suite itself: pytest's default import mode needs every test module's name unique."""

from __future__ import annotations

from collections import Counter
from pathlib import Path


def test_test_module_names_are_unique():
    names = Counter(p.name for p in Path(__file__).parent.rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []
