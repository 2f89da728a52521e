"""The demo business's master data: companies, people, products, taxes, POS and warehouse setup."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from nkdash_desktop.demo import catalogue as cat
from nkdash_desktop.demo import currency as fx
from nkdash_desktop.demo.data_common import (
    HOUR,
    SECOND,
    Calendar,
    TableWriter,
    stream,
)
from nkdash_desktop.demo.schema import OPTION_BRAND, OPTION_POS_HR


@dataclass
class Dims:
    """What the transaction generators need from the master data."""

    products: cat.Products
    customers: np.ndarray  # res.partner ids of B2B customers
    customer_weight: np.ndarray  # how often each one buys
    suppliers: np.ndarray  # res.partner ids of suppliers
    supplier_tax: np.ndarray  # default purchase tax per supplier
    walk_in: int  # res.partner id of the walk-in customer
    cashier_uids: np.ndarray  # res.users ids, in cat.CASHIERS order
    cashier_employees: np.ndarray  # hr.employee ids, in cat.CASHIERS order
    supervisor_employee: int
    product_names: list[str]  # "[NK-00042] Name" as invoice lines show them


def write_dims(
    w: TableWriter, cal: Calendar, scale: str, seed: int, tz: str, tax_rounding: str
) -> Dims:
    n_products, n_customers, n_suppliers, _ = cat.SCALES[scale]
    rng = stream(seed, "dims")
    options = w.flavour.options
    version = w.flavour.version
    # master data was set up a while before the history starts, in this order
    setup = cal.midnight[0] - np.timedelta64(60, "D") + 2 * HOUR

    def stamps(n: int, offset_hours: int) -> np.ndarray:
        return setup + offset_hours * HOUR + np.arange(1, n + 1) * SECOND

    def audit(n: int, offset_hours: int) -> dict:
        ts = stamps(n, offset_hours)
        return {"id": np.arange(1, n + 1), "create_date": ts, "write_date": ts}

    # currencies and companies -------------------------------------------------------------
    w.insert("res.currency", {**audit(2, 0), **_columns(cat.CURRENCIES)})
    rates = fx.rate_rows(cal.start, cal.dates[-1].astype(date))
    published = cal.cap(rates["name"].astype("datetime64[s]") + HOUR)  # the morning's feed
    w.insert(
        "res.currency.rate",
        {"id": np.arange(1, len(published) + 1), "create_date": published,
         "write_date": published, **rates},
    )  # fmt: skip
    w.insert(
        "res.company",
        {
            **audit(2, 0),
            "name": ["NK Mart", "NK Mart Bali"],
            "currency_id": [
                cat.COMPANY_CURRENCY[cat.COMPANY_MAIN],
                cat.COMPANY_CURRENCY[cat.COMPANY_BALI],
            ],
            "partner_id": [1, 5],
            "parent_id": [None, None],
            "active": [True, True],
            "tax_calculation_rounding_method": [tax_rounding, tax_rounding],
        },
    )

    # partners -----------------------------------------------------------------------------
    partners: list[dict] = []

    def partner(name: str, **kw) -> int:
        row = {
            "name": name,
            "is_company": False,
            "parent_id": None,
            "supplier_rank": 0,
            "customer_rank": 0,
            "active": True,
            "company_id": None,
            "ref": None,
            "email": None,
            "phone": None,
            "city": None,
            "vat": None,
            "tz": None,
            **kw,
        }
        partners.append(row)
        return len(partners)

    partner(
        "NK Mart",
        is_company=True,
        company_id=1,
        email="info@nkmart.co.id",
        phone="+62 21 5550 1234",
        city="Jakarta Selatan",
        vat="01.234.567.8-012.000",
        tz=tz,
    )
    partner("OdooBot", email="odoobot@example.com", tz=tz)
    partner("Administrator", company_id=1, email="admin@nkmart.co.id", tz=tz)
    partner("Dewi Anggraini (Viewer)", company_id=1, email="viewer@nkmart.co.id", tz=tz)
    partner(
        "NK Mart Bali",
        is_company=True,
        company_id=2,
        email="bali@nkmart.co.id",
        phone="+62 361 555 0101",
        city="Denpasar",
        vat="01.234.567.8-905.000",
        tz=tz,
    )
    cashier_partners = [
        partner(name, company_id=company, email=f"{login}@nkmart.co.id", tz=tz)
        for login, name, company, _cfg in cat.CASHIERS
    ]
    walk_in = partner("Pelanggan Umum", customer_rank=1, ref="UMUM")
    customer_ids = []
    for i, name in enumerate(cat.customer_names(rng, n_customers)):
        company_like = name.split(" ")[0] in ("PT", "CV", "UD", "Koperasi")
        customer_ids.append(
            partner(
                name,
                is_company=company_like,
                customer_rank=int(rng.integers(1, 40)),
                ref=f"CUST-{i + 1:04d}",
                email=f"{cat.slug(name)}@example.co.id",
                phone=cat.phone(rng),
                city=cat.city(rng),
                vat=cat.npwp(rng) if company_like else None,
            )
        )
    for cid in customer_ids[::5]:  # contact persons of some customers
        parent = partners[cid - 1]
        person = cat.contact_name(rng)
        partner(
            person,
            parent_id=cid,
            email=f"{cat.slug(person)}@example.co.id",
            phone=cat.phone(rng),
            city=parent["city"],
        )
    supplier_ids = []
    for i, name in enumerate(cat.supplier_names(rng, n_suppliers)):
        supplier_ids.append(
            partner(
                name,
                is_company=True,
                supplier_rank=int(rng.integers(1, 60)),
                ref=f"SUP-{i + 1:04d}",
                email=f"sales@{cat.slug(name)}.co.id",
                phone=cat.phone(rng),
                city=cat.city(rng),
                vat=cat.npwp(rng),
            )
        )
    w.insert("res.partner", {**audit(len(partners), 1), **_columns(partners)})

    # users and employees ------------------------------------------------------------------
    users = [
        {
            "name": "OdooBot",
            "login": "__system__",
            "partner_id": 2,
            "company_id": 1,
            "company_ids": [1],
            "active": False,
            "share": False,
            "tz": tz,
        },
        {
            "name": "Administrator",
            "login": "admin",
            "partner_id": 3,
            "company_id": 1,
            "company_ids": [1, 2],
            "active": True,
            "share": False,
            "tz": tz,
        },
        {
            "name": "Dewi Anggraini (Viewer)",
            "login": "viewer",
            "partner_id": 4,
            "company_id": 1,
            "company_ids": [1],
            "active": True,
            "share": False,
            "tz": tz,
        },
    ]
    for (login, name, company, _cfg), pid in zip(cat.CASHIERS, cashier_partners, strict=True):
        users.append(
            {
                "name": name,
                "login": login,
                "partner_id": pid,
                "company_id": company,
                "company_ids": [company],
                "active": True,
                "share": False,
                "tz": tz,
            }
        )
    w.insert("res.users", {**audit(len(users), 1), **_columns(users)})
    cashier_uids = np.arange(4, 4 + len(cat.CASHIERS))
    employees = [
        {"name": name, "user_id": int(uid), "company_id": company, "active": True}
        for (_login, name, company, _cfg), uid in zip(cat.CASHIERS, cashier_uids, strict=True)
    ]
    employees.append(
        {"name": cat.SUPERVISOR_NAME, "user_id": None, "company_id": 1, "active": True}
    )
    w.insert("hr.employee", {**audit(len(employees), 1), **_columns(employees)})

    # modules and models -------------------------------------------------------------------
    modules = []
    for name, needs in cat.MODULES:
        installed = needs is None or needs in options
        modules.append(
            {
                "name": name,
                "state": "installed" if installed else "uninstalled",
                "latest_version": f"{version}.0.1.0" if installed else None,
            }
        )
    w.insert("ir.module.module", {**audit(len(modules), 0), **_columns(modules)})
    models = list(w.models)
    w.insert(
        "ir.model",
        {
            **audit(len(models), 0),
            "model": models,
            "name": [cat.MODEL_NAMES.get(m, m) for m in models],
        },
    )

    # products -----------------------------------------------------------------------------
    categories = cat.category_rows()
    w.insert("product.category", {**audit(len(categories), 3), **_columns(categories)})
    w.insert("uom.uom", {**audit(len(cat.UOMS), 0), **_columns(cat.UOMS)})
    products = cat.build_products(stream(seed, "products"), n_products, n_suppliers, cal.days)
    n = products.count
    brands = cat.brand_names(products)
    if OPTION_BRAND in options:
        w.insert("product.brand", {**audit(len(brands), 3), "name": brands, "active": True})
    brand_id = {b: i + 1 for i, b in enumerate(brands)}
    supplier_tax = np.array(cat.PURCHASE_TAXES)[
        rng.choice(4, size=n_suppliers, p=[0.2, 0.5, 0.15, 0.15])
    ]
    kind = products.kind
    if version <= 17:
        ptype = np.array(["product", "consu", "service"])[kind]
    else:
        ptype = np.array(["consu", "consu", "service"])[kind]
    created = stamps(n, 4)
    # archived products were last written when they were archived
    archived_at = cal.midnight[np.minimum(products.archive_day, cal.days)] + 20 * HOUR
    written = np.where(products.active, created, cal.cap(archived_at))
    codes = products.default_codes()
    barcodes = products.barcodes()
    taxes_id = [[int(t)] for t in products.sale_tax]
    supplier_taxes = [
        [int(supplier_tax[s])] if s >= 0 else [cat.TAX_IN_PPN11] for s in products.supplier
    ]
    template = {
        "id": products.ids,
        "create_date": created,
        "write_date": written,
        "name": products.name,
        "default_code": codes,
        "barcode": barcodes,
        "categ_id": products.categ_id,
        "list_price": products.list_price,
        "standard_price": products.standard_price,
        "uom_id": products.uom_id,
        "active": products.active,
        "type": ptype.tolist(),
        "detailed_type": ptype.tolist(),
        "is_storable": kind == cat.STORABLE,
        "taxes_id": taxes_id,
        "supplier_taxes_id": supplier_taxes,
        "product_brand_id": np.array([brand_id.get(b or "", 0) for b in products.brand]),
        "available_in_pos": np.ones(n, dtype=bool),
        "sale_ok": np.ones(n, dtype=bool),
        "purchase_ok": kind != cat.SERVICE,
        "company_id": np.zeros(n, dtype=np.int64),
    }
    w.insert("product.template", template)
    w.insert(
        "product.product",
        {
            "id": products.ids,
            "create_date": created,
            "write_date": written,
            "product_tmpl_id": products.ids,
            "default_code": codes,
            "barcode": barcodes,
            "standard_price": pa.array(company_costs(products.ids, products.standard_price)),
            "active": products.active,
        },
    )

    # accounting setup ---------------------------------------------------------------------
    taxes = []
    for name, amount, amount_type, use, incl, override, children in cat.TAXES:
        taxes.append(
            {
                "name": name,
                "amount": amount,
                "amount_type": amount_type,
                "type_tax_use": use,
                "price_include": incl,
                "price_include_override": override,
                "children_tax_ids": children,
                "include_base_amount": False,
                "company_id": 1,
                "active": True,
                "sequence": 1,
            }
        )
    w.insert("account.tax", {**audit(len(taxes), 0), **_columns(taxes)})
    w.insert(
        "account.journal",
        {
            **audit(len(cat.JOURNALS), 0),
            **_columns(
                [
                    {"name": n_, "code": c, "type": t, "company_id": co, "active": True}
                    for n_, c, t, co in cat.JOURNALS
                ]
            ),
        },
    )
    w.insert(
        "account.account",
        {
            **audit(len(cat.ACCOUNTS), 0),
            **_columns(
                [
                    {"code": c, "name": n_, "account_type": t, "active": True}
                    for c, n_, t in cat.ACCOUNTS
                ]
            ),
        },
    )

    # point of sale setup ------------------------------------------------------------------
    w.insert(
        "pos.payment.method",
        {
            **audit(len(cat.PAYMENT_METHODS), 5),
            **_columns(
                [
                    {"name": n_, "company_id": co, "active": True, "is_cash_count": cash}
                    for n_, co, cash in cat.PAYMENT_METHODS
                ]
            ),
        },
    )
    w.insert(
        "pos.config",
        {
            **audit(len(cat.POS_CONFIGS), 5),
            **_columns(
                [
                    {
                        "name": n_,
                        "company_id": co,
                        "active": True,
                        "payment_method_ids": pm,
                        "module_pos_hr": OPTION_POS_HR in options,
                    }
                    for n_, co, pm, _prefix, _share in cat.POS_CONFIGS
                ]
            ),
        },
    )

    # warehouse setup ----------------------------------------------------------------------
    locations = []
    for i, (name, parent, usage, company) in enumerate(cat.LOCATIONS, start=1):
        up = locations[parent - 1] if parent else None
        locations.append(
            {
                "name": name,
                # as Odoo: a view location's full name is its own name ("WH")
                "complete_name": (
                    f"{up['complete_name']}/{name}" if up and usage != "view" else name
                ),
                "location_id": parent,
                "usage": usage,
                "active": True,
                "company_id": company,
                "parent_path": (up["parent_path"] if up else "") + f"{i}/",
            }
        )
    w.insert("stock.location", {**audit(len(locations), 5), **_columns(locations)})
    w.insert(
        "stock.picking.type",
        {
            **audit(len(cat.PICKING_TYPES), 5),
            **_columns(
                [
                    {
                        "name": n_,
                        "code": code,
                        "sequence_code": seq,
                        "company_id": co,
                        "active": True,
                        "default_location_src_id": src,
                        "default_location_dest_id": dst,
                    }
                    for n_, code, seq, co, src, dst, _prefix in cat.PICKING_TYPES
                ]
            ),
        },
    )

    weight = 1.0 / (rng.permutation(n_customers) + 1.0)
    return Dims(
        products=products,
        customers=np.array(customer_ids, dtype=np.int64),
        customer_weight=weight / weight.sum(),
        suppliers=np.array(supplier_ids, dtype=np.int64),
        supplier_tax=supplier_tax,
        walk_in=walk_in,
        cashier_uids=cashier_uids,
        cashier_employees=np.arange(1, len(cat.CASHIERS) + 1),
        supervisor_employee=len(cat.CASHIERS) + 1,
        product_names=[f"[{c}] {nm}" for c, nm in zip(codes, products.name, strict=True)],
    )


def _columns(rows: list[dict]) -> dict[str, list]:
    """Row dicts -> column lists."""
    return {k: [r[k] for r in rows] for k in rows[0]}


def company_costs(ids: np.ndarray, cost_idr: np.ndarray) -> list[str]:
    """product.product.standard_price per company (Odoo's company_dependent value), as JSON maps.

    The main company's cost is the catalogue's rupiah cost; the Bali company keeps its own in
    dollars with cents, and has none (Odoo reads 0.0) for every seventh product, which it never
    had costed. Derived from the ids, not drawn, so the demo's other draws stay as they were."""
    costs = []
    for pid, idr in zip(ids.tolist(), cost_idr.tolist(), strict=True):
        by_company = {str(cat.COMPANY_MAIN): idr}
        if pid % 7 != 3:
            by_company[str(cat.COMPANY_BALI)] = round(idr / cat.IDR_PER_USD, 2)
        costs.append(json.dumps(by_company))
    return costs
