"""Reference data: products (archived ones too), categories with their full path, brands when
the add-on exists, taxes, partners, users, cashiers, companies, locations, units and lots."""

from __future__ import annotations

from nkdash_desktop.datasets.base import Dataset, RawTable, Scope
from nkdash_desktop.i18n import QT_TRANSLATE_NOOP

ALL_RECORDS = {"active_test": False}  # archived products still have sales history


def _everything(scope: Scope) -> list:
    return []


def dim(name: str, model: str, fields: dict[str, str], **kw) -> RawTable:
    return RawTable(name, model, fields, _everything, context=ALL_RECORDS, **kw)


DATASET = Dataset(
    name="dimensions",
    aliases=("dims",),
    kind="dimension",
    description=QT_TRANSLATE_NOOP(
        "Datasets", "products, categories, brands, taxes, partners, users, locations, ..."
    ),
    tables=(
        dim(
            "products",
            "product.product",
            {
                "product_tmpl_id": "many2one",
                "default_code": "char",
                "barcode": "char",
                "name": "char",
                "display_name": "char",
                "categ_id": "many2one",
                "list_price": "float",
                "uom_id": "many2one",
                "type": "selection",
                "is_storable": "boolean",
                "product_brand_id": "many2one",
                "active": "boolean",
                "write_date": "datetime",
            },
            optional=frozenset({"is_storable", "product_brand_id"}),
        ),
        # standard_price is company-dependent: one row per company and product, in the
        # company's own currency (without the company in the context Odoo gives the user's
        # default company's cost to every company)
        dim(
            "product_company_costs",
            "product.product",
            {"standard_price": "float", "write_date": "datetime"},
            per_company=True,
        ),
        dim(
            "categories",
            "product.category",
            {"name": "char", "complete_name": "char", "parent_id": "many2one"},
        ),
        dim("brands", "product.brand", {"name": "char", "active": "boolean"}, requires_model=True),
        dim(
            "taxes",
            "account.tax",
            {
                "name": "char",
                "amount": "float",
                "amount_type": "selection",
                "type_tax_use": "selection",
                "price_include": "boolean",  # computed from price_include_override on 18+
                "children_tax_ids": "many2many",
                "company_id": "many2one",
                "active": "boolean",
            },
        ),
        dim(
            "partners",
            "res.partner",
            {
                "name": "char",
                "display_name": "char",
                "is_company": "boolean",
                "parent_id": "many2one",
                "customer_rank": "integer",
                "supplier_rank": "integer",
                "city": "char",
                "company_id": "many2one",
                "active": "boolean",
            },
        ),
        dim(
            "users",
            "res.users",
            {"name": "char", "login": "char", "partner_id": "many2one", "active": "boolean"},
        ),
        dim(
            "employees",
            "hr.employee",
            {"name": "char", "user_id": "many2one", "company_id": "many2one", "active": "boolean"},
            requires_model=True,
        ),
        dim(
            "companies",
            "res.company",
            {"name": "char", "currency_id": "many2one", "partner_id": "many2one"},
        ),
        dim(
            "locations",
            "stock.location",
            {
                "name": "char",
                "complete_name": "char",
                "location_id": "many2one",
                "usage": "selection",
                "company_id": "many2one",
                "active": "boolean",
            },
        ),
        dim("uoms", "uom.uom", {"name": "char", "factor": "float", "active": "boolean"}),
        dim(
            "lots",
            "stock.lot",
            {"name": "char", "product_id": "many2one", "company_id": "many2one"},
        ),
        dim(
            "pos_configs",
            "pos.config",
            {"name": "char", "company_id": "many2one", "active": "boolean"},
        ),
        dim(
            "payment_methods",
            "pos.payment.method",
            {"name": "char", "company_id": "many2one", "active": "boolean"},
        ),
        dim(
            "picking_types",
            "stock.picking.type",
            {"name": "char", "code": "selection", "company_id": "many2one", "active": "boolean"},
        ),
        dim(
            "currencies",
            "res.currency",
            {"name": "char", "symbol": "char", "active": "boolean"},
        ),
    ),
)
