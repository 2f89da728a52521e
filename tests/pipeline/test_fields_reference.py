"""Every field an extractor asks Odoo for exists on real Odoo 16 and 19, with the type the
extractor expects: checked against what real Odoo's `fields_get` lists (the demo's copy of
shared/reference/odoo16-fields.json and odoo19-fields.json), not against the demo's schema."""

from __future__ import annotations

import pytest

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.demo.odoo_fields import reference_fields
from nkdash_desktop.odoo.versions import OdooVersion

# how a field travels in JSON: what the extractor's parsing depends on
WIRE = {
    "float": "number",
    "monetary": "number",
    "integer": "integer",
    "char": "text",
    "text": "text",
    "html": "text",
    "selection": "text",
    "boolean": "boolean",
    "date": "date",
    "datetime": "datetime",
    "many2one": "many2one",
    "many2many": "ids",
    "one2many": "ids",
}
# add-on models and fields the reference servers did not have installed (16: no
# product_brand; 19: neither pos_hr nor product_brand): extracted only where present. The 16
# server had pos_hr, but its hr.employee fields were not recorded.
ADDONS = {
    16: {("product.brand", None), ("hr.employee", None), ("product.product", "product_brand_id")},
    19: {
        ("product.brand", None),
        ("hr.employee", None),
        ("product.product", "product_brand_id"),
        ("pos.order", "employee_id"),
    },
}


@pytest.mark.parametrize("major", [16, 19])
def test_requested_fields_exist_on_real_odoo_with_their_types(major: int) -> None:
    reference = reference_fields(major)
    version = OdooVersion(major, 0)
    checked = 0
    for dataset in DATASETS.values():
        for table in dataset.tables:
            if (table.model, None) in ADDONS[major]:
                continue
            assert table.model in reference, f"{table.model} is not a model of Odoo {major}"
            real = reference[table.model]
            for column, kind in table.fields.items():
                name = version.field(table.model, column)
                if (table.model, name) in ADDONS[major]:
                    continue
                if name not in real:
                    # a field of other versions: only allowed as an optional column
                    assert column in table.optional, f"Odoo {major} has no {table.model}.{name}"
                    continue
                assert WIRE[real[name][0]] == WIRE[kind], (
                    f"{table.name}.{column}: Odoo {major} sends {table.model}.{name} as "
                    f"{real[name][0]}, the extractor reads it as {kind}"
                )
                checked += 1
    assert checked > 100


def test_a_misread_type_or_a_missing_field_is_caught() -> None:
    """The check above has teeth: a field real Odoo lacks, or a misread type, fails it."""
    real = reference_fields(19)["pos.order"]
    assert "amount_totals" not in real
    assert WIRE[real["amount_total"][0]] != WIRE["char"]
    assert WIRE[real["partner_id"][0]] != WIRE["integer"]
