"""The demo Odoo refuses what real Odoo refuses (shared/reference/odoo-access-and-rounding.md):
per-model read rights by group, Odoo's AccessError wording per version, the company check, the
Purchase record rule on journal entries, and `fields_get` listing what real Odoo lists (odoo_fields: a copy of
shared/reference/odoo16-fields.json and odoo19-fields.json)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.demo.access import ACCOUNT_READONLY, REPORTING_USER
from nkdash_desktop.demo.data import DemoConfig
from nkdash_desktop.demo.odoo_fields import reference_fields
from nkdash_desktop.demo.schema import OPTION_BRAND, OPTION_POS_HR
from nkdash_desktop.demo.server import DemoOdoo
from tests.demo.test_server import execute_kw

END = date(2026, 11, 24)
NOW = datetime(2026, 11, 25, 3, 0)
VIEWER_KEY = "nkdash-demo-viewer-key"
# every model the app reads: the datasets' plus what login and test-connection read
APP_MODELS = sorted(
    {t.model for d in DATASETS.values() for t in d.tables} | {"ir.module.module", "res.users"}
)


@pytest.fixture(scope="module", params=[16, 19])
def odoo(request) -> Iterator[DemoOdoo]:
    options = frozenset({OPTION_POS_HR, OPTION_BRAND})
    config = DemoConfig(days=2, flavour=request.param, end_date=END, now=NOW, options=options)
    with DemoOdoo(config).start() as server:
        yield server


def as_viewer(odoo: DemoOdoo, model: str, method: str, args: list[Any], kwargs=None):
    return execute_kw(odoo, model, method, args, kwargs, uid=3, secret=VIEWER_KEY)


def test_the_reporting_user_reads_what_the_app_reads_and_not_ir_model(odoo: DemoOdoo) -> None:
    for model in APP_MODELS:
        answer = as_viewer(odoo, model, "search_count", [[]])
        assert "result" in answer, (model, answer.get("error"))
    refused = as_viewer(odoo, "ir.model", "search_count", [[]])["error"]
    version = odoo.data.flavour.version
    assert refused["code"] == (0 if version >= 19 else 200)
    assert refused["data"]["name"] == "odoo.exceptions.AccessError"
    group = "Access Rights" if version >= 19 else "Administration/Access Rights"
    assert refused["data"]["message"] == (
        "You are not allowed to access 'Models' (ir.model) records.\n\n"
        f"This operation is allowed for the following groups:\n\t- {group}\n\n"
        "Contact your administrator to request access if necessary."
    )


def test_a_company_the_user_lacks_is_refused(odoo: DemoOdoo) -> None:
    context = {"context": {"allowed_company_ids": [1, 2]}}  # the viewer has company 1 only
    refused = as_viewer(odoo, "pos.order", "search_count", [[]], context)["error"]["data"]
    assert (refused["name"], refused["message"]) == (
        "odoo.exceptions.AccessError",
        "Access to unauthorized or invalid companies.",
    )
    ok = as_viewer(
        odoo, "pos.order", "search_count", [[]], {"context": {"allowed_company_ids": [1]}}
    )
    assert "result" in ok


def test_standard_price_is_the_context_companys_own(odoo: DemoOdoo) -> None:
    """product.product.standard_price is company-dependent: the first allowed company's value,
    else the user's company's; a product never costed in a company reads 0.0 there."""

    def costs(**context: Any) -> dict[int, float]:
        kwargs = {"fields": ["standard_price"], "context": context}
        answer = execute_kw(odoo, "product.product", "search_read", [[]], kwargs)
        return {r["id"]: r["standard_price"] for r in answer["result"]}

    main, bali, default = costs(allowed_company_ids=[1, 2]), costs(allowed_company_ids=[2]), costs()
    assert default == main  # the admin's company is the main one
    assert main.keys() == bali.keys() and all(main.values())
    assert bali[4] == round(main[4] / 16_250, 2) and bali[4] != main[4]  # dollars with cents
    assert bali[3] == 0.0 and bali[10] == 0.0  # never costed in Bali
    described = execute_kw(
        odoo,
        "product.product",
        "fields_get",
        [["standard_price"]],
        {"attributes": ["company_dependent"]},
    )
    assert described["result"]["standard_price"]["company_dependent"] is True
    refused = as_viewer(
        odoo, "product.product", "read", [[1], ["standard_price"]],
        {"context": {"allowed_company_ids": [2]}},
    )["error"]["data"]  # fmt: skip
    assert refused["message"] == "Access to unauthorized or invalid companies."


def test_without_accounting_read_only_a_purchase_user_sees_vendor_bills_only(odoo) -> None:
    customer = [("move_type", "in", ["out_invoice", "out_refund"])]
    everything = as_viewer(odoo, "account.move", "search_count", [customer])["result"]
    assert everything > 0
    version = odoo.data.flavour.version
    has_group = (
        ([[3], ACCOUNT_READONLY] if version >= 17 else [ACCOUNT_READONLY]),
        {},
    )
    assert as_viewer(odoo, "res.users", "has_group", *has_group)["result"] is True
    odoo.set_groups("viewer", REPORTING_USER - {ACCOUNT_READONLY})
    try:
        assert as_viewer(odoo, "res.users", "has_group", *has_group)["result"] is False
        # Purchase's record rule: vendor bills only; customer invoices vanish without an error
        assert as_viewer(odoo, "account.move", "search_count", [customer])["result"] == 0
        lines = [("move_id.move_type", "=", "out_invoice")]
        assert as_viewer(odoo, "account.move.line", "search_count", [lines])["result"] == 0
        bills = as_viewer(
            odoo, "account.move", "search_count", [[("move_type", "=", "in_invoice")]]
        )
        assert bills["result"] > 0
    finally:
        odoo.set_groups("viewer", REPORTING_USER)


def test_fields_get_lists_at_least_what_real_odoo_lists(odoo: DemoOdoo) -> None:
    reference = reference_fields(odoo.data.flavour.version)
    for model in APP_MODELS:
        if model not in reference:
            continue  # an add-on model the reference server did not have
        described = execute_kw(odoo, model, "fields_get", [], {"attributes": ["type"]})["result"]
        for name, (kind, _stored, _relation) in reference[model].items():
            if name.startswith("__"):
                continue  # __last_update: 16's magic field, never read
            assert name in described, (model, name)
            assert described[name]["type"] == kind, (model, name, described[name], kind)
