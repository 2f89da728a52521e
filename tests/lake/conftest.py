"""Fixtures for the lake tests: a lake with the Odoo-shaped shop of `odoo_shop` in its raw
layer, and the same lake cleaned and loaded. Each is built once per session and copied for
every test, so a test may change its lake freely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from odoo_shop import build_raw, clean_and_load

from nkdash_desktop.lake.layout import RAW, LakeLayout


@pytest.fixture(scope="session")
def shop_lake(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("shop") / "lake"
    layout = LakeLayout(root)
    build_raw(layout)
    clean_and_load(layout)
    return root


@pytest.fixture
def raw_lake(shop_lake, tmp_path) -> LakeLayout:
    root = tmp_path / "lake"
    shutil.copytree(shop_lake / RAW, root / RAW)
    return LakeLayout(root)


@pytest.fixture
def lake(shop_lake, tmp_path) -> LakeLayout:
    root = tmp_path / "lake"
    shutil.copytree(shop_lake, root)
    return LakeLayout(root)
