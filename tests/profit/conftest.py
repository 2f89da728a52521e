"""Fixtures for the profit tests: the Odoo-shaped shop of tests/lake (cleaned and loaded), tiny
synthetic lakes (profit_lake.py), and a lake extracted from the demo Odoo."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "lake"))  # odoo_shop

from demo_support import DAYS, SALES_AND_PURCHASES, demo, sync
from odoo_shop import build_raw, clean_and_load

from nkdash_desktop.lake.layout import LakeLayout


@pytest.fixture(scope="session")
def shop_star(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("profit-shop") / "lake"
    layout = LakeLayout(root)
    build_raw(layout)
    clean_and_load(layout)
    return root


@pytest.fixture
def shop(shop_star, tmp_path) -> LakeLayout:
    """The shop's star schema (no profit yet), a copy each test may change."""
    root = tmp_path / "lake"
    shutil.copytree(shop_star, root)
    return LakeLayout(root)


@pytest.fixture(scope="module")
def odoo():
    with demo().start() as srv:
        yield srv


@pytest.fixture(scope="module")
def demo_star(odoo, tmp_path_factory) -> Path:
    """Ten days of the demo Odoo extracted, cleaned and loaded (no profit yet)."""
    root = tmp_path_factory.mktemp("demo") / "lake"
    sync(LakeLayout(root), odoo, ("dimensions", *SALES_AND_PURCHASES), DAYS)
    return root
