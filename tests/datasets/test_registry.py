"""A dataset is one module: its declaration holds together, the lake's registries are built from
the datasets, and a dataset's name is spelled nowhere else in the product (so adding one touches
its module plus its registry line)."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import pytest

import nkdash_desktop
import nkdash_desktop.datasets as datasets_package
from nkdash_desktop.datasets import DATASETS, get_dataset
from nkdash_desktop.datasets.base import Dataset, DatasetError, RawTable
from nkdash_desktop.datasets.pos_lines import VALID_STATES
from nkdash_desktop.lake.columns import ID, TableContract, columns, fact
from nkdash_desktop.lake.schema import CLEAN_TABLES, FACTS
from nkdash_desktop.odoo.versions import VALUES

PACKAGE = Path(nkdash_desktop.__file__).parent
HELPERS = {"base", "frames", "account_lines"}  # what several datasets share
# places that name a dataset for a reason of their own (the web version's habits, an upgrade of
# older lakes, today's live figures, the operator's words, Odoo's totals for validation)
ALSO_NAMED_IN = {
    "pos_lines": {"pipeline/live.py", "pipeline/upgrade.py", "pipeline/profit/odoo_totals.py",
                  "lake/state.py", "names.py"},
    "invoice_sales": {"pipeline/live.py", "pipeline/upgrade.py", "pipeline/profit/odoo_totals.py",
                      "pipeline/profit/validate.py", "names.py"},
    "purchases": {"pipeline/upgrade.py", "pipeline/profit/odoo_totals.py",
                  "pipeline/profit/validate.py", "names.py"},
    "payments": {"names.py"},
    "inventory_moves": {"names.py"},
    "stock_quants": {"names.py"},
    "dimensions": {"names.py", "pipeline/clean/__init__.py", "pipeline/load.py",
                   "pipeline/sync.py", "pipeline/integrity.py", "pipeline/pending.py"},
}  # fmt: skip


def test_every_dataset_module_is_registered_once_under_its_own_name():
    modules = {m.name for m in pkgutil.iter_modules(datasets_package.__path__)} - HELPERS
    assert modules == set(DATASETS)
    for name, dataset in DATASETS.items():
        module = __import__(f"nkdash_desktop.datasets.{name}", fromlist=["DATASET"])
        assert module.DATASET is dataset


def test_each_declaration_holds_together():
    raw = [t.name for d in DATASETS.values() for t in d.tables]
    assert len(raw) == len(set(raw)), "a raw table belongs to one dataset"
    for dataset in DATASETS.values():
        if dataset.kind == "dimension":
            continue
        assert dataset.header_table in dataset.tables
        assert dataset.clean is not None
        assert all(t.dataset == dataset.name for t in dataset.clean_tables)
        assert {f.source for f in dataset.facts} <= {t.name for t in dataset.clean_tables}
        assert get_dataset(dataset.name) is dataset
        for alias in dataset.aliases:
            assert get_dataset(alias) is dataset


def test_a_table_read_with_another_asks_odoo_the_same_question():
    """A raw table that takes another dataset's read of the day (shared_reads.py) would
    otherwise hold other rows or columns than it declares."""
    shared = [t for d in DATASETS.values() for t in d.tables if t.read_with]
    assert shared, "the payments dataset takes pos_lines' read of the day's payments"
    for table in shared:
        name, raw = table.read_with
        reader = DATASETS[name].table(raw)
        same = ("model", "fields", "optional", "domain", "context", "per_company")
        assert all(getattr(table, a) == getattr(reader, a) for a in same), table.name
        assert DATASETS[name].kind == "daily" and list(DATASETS).index(name) < list(DATASETS).index(
            next(d.name for d in DATASETS.values() if table in d.tables)
        )


def test_the_lake_registries_are_built_from_the_datasets():
    declared_clean = [t for d in DATASETS.values() for t in d.clean_tables]
    assert list(CLEAN_TABLES.values()) == declared_clean
    declared_facts = [f for d in DATASETS.values() for f in d.facts]
    assert list(FACTS.values())[: len(declared_facts)] == declared_facts
    others = list(FACTS.values())[len(declared_facts) :]
    assert others and all(not f.source for f in others)  # the profit tables: no dataset loads them


def _string_literals(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def test_a_dataset_is_named_only_in_its_own_module():
    """What adding a dataset touches: counted, not promised. In the engine, a dataset's name as a
    string is in its module, and only in the few places listed above for reasons of their own."""
    literals = {
        path.relative_to(PACKAGE).as_posix(): _string_literals(path)
        for path in PACKAGE.rglob("*.py")
        # the UI's words ("purchases" is a tab too) are not the engine's wiring
        if path.relative_to(PACKAGE).parts[0] not in ("datasets", "ui")
    }
    for name in DATASETS:
        named_in = {path for path, found in literals.items() if name in found}
        assert named_in <= ALSO_NAMED_IN.get(name, set()), (name, named_in)


def test_a_declaration_that_does_not_hold_together_is_refused():
    table = RawTable("things", "x.thing", {"name": "char"}, lambda scope: [])
    clean = TableContract("things", "clean", "", columns(("thing_id", ID, "a thing")), "day")
    with pytest.raises(DatasetError, match="its header 'thing' is not one of its tables"):
        Dataset("things", (table,), header="thing", clean=lambda raw: {}, clean_tables=(clean,))
    other = TableContract("other", "clean", "", clean.columns, "day")
    with pytest.raises(DatasetError, match="fact fact_other is loaded from 'other'"):
        Dataset("things", (table,), header="things", clean=lambda raw: {},
                clean_tables=(clean,), facts=(fact("fact_other", other, "thing_id", ""),))  # fmt: skip


def test_the_pos_cleaner_keeps_the_valid_states_of_every_version():
    # the datasets import no Odoo client: the union is spelled there and checked here
    union = {s for states in VALUES["pos.order.valid_states"].values() for s in states}
    assert sorted(union) == VALID_STATES
