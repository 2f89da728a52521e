"""The lake's column contracts: every clean and star-schema table, its columns, types and meaning.

One declaration serves the code (build, cast and check frames, create typed empty files and
views) and the documentation (`docs/lake.md` is `render_markdown()`), so they cannot drift apart.
Regenerate the doc with `python -m nkdash_desktop.lake.schema > docs/lake.md`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import polars as pl

from nkdash_desktop.datasets import DATASETS
from nkdash_desktop.lake.columns import (
    ARCHIVED,
    BUSINESS_DAY,
    COMPANY,
    DAY,
    FLAG,
    ID,
    IDS,
    MONEY,
    PRODUCT,
    QTY,
    SMALL,
    TAXES,
    TEXT,
    Column,
    ColumnSpec,
    Derived,
    Storage,
    TableContract,
    columns,
    pick,
)


class ContractError(ValueError):
    """A frame does not fit its table's contract; the message names the table and columns."""


# the clean tables and facts the datasets declare (nkdash_desktop/datasets/), in registry order
DATASET_CLEAN_TABLES: dict[str, TableContract] = {
    t.name: t for d in DATASETS.values() for t in d.clean_tables
}
DATASET_FACTS: dict[str, TableContract] = {f.name: f for d in DATASETS.values() for f in d.facts}
# the facts the profit tables and the sales view are shaped after
FACT_SALES = DATASET_FACTS["fact_sales"]
FACT_PURCHASES = DATASET_FACTS["fact_purchases"]

# ---- profit tables: facts, one file per month ----------------------------------------------

# Profit tables: written by the profit pipeline (nkdash_desktop/pipeline/profit), one file per
# month like the other facts. Costs are per company and product: the company's own latest
# purchase price, in its currency, with taxes (see pipeline/profit/__init__.py).

_MARGIN = Derived(
    Column("margin", pl.Float64, "gross_profit / revenue_tax_in (view only; null without a cost)"),
    "gross_profit / NULLIF(revenue_tax_in, 0)",
)
# an unknown cost is not a zero cost: profit and margin cover the lines whose cost is known
_AGG_MARGIN = Derived(
    Column(
        "margin",
        pl.Float64,
        "gross_profit / the revenue of the lines with a known cost (view only; null when no "
        "line has one)",
    ),
    "gross_profit / NULLIF(revenue_tax_in - revenue_cost_missing, 0)",
)
_PROFIT_MEASURES = (
    ("revenue_tax_in", MONEY, "revenue with taxes, every line"),
    (
        "cogs_tax_in",
        MONEY,
        "cost of goods sold with taxes: quantity × latest known cost, over the lines with a "
        "known cost; null when none has one",
    ),
    (
        "gross_profit",
        MONEY,
        "revenue − cost of the lines with a known cost; null when none has one",
    ),
    ("quantity", QTY, "quantity sold"),
    ("transactions", pl.Int64, "distinct orders and invoices"),
    ("lines", pl.Int64, "sales lines"),
    ("cost_missing_lines", pl.Int64, "lines without a known cost (left out of the profit)"),
    ("revenue_cost_missing", MONEY, "revenue of the lines without a known cost"),
    (
        "cost_standard_lines",
        pl.Int64,
        "lines costed at Odoo's standard_price (Settings > Profit fallback; 0 when it is off)",
    ),
    ("revenue_cost_standard", MONEY, "revenue of the lines costed at Odoo's standard_price"),
)
_TAX_MULTIPLIER = (
    "tax_multiplier",
    pl.Float64,
    "factor turning the bill's unit price into a tax-in cost (taxes and settings overrides)",
)
_UNIT_COST = ("unit_cost_tax_in", MONEY, "unit cost with taxes: net unit price × tax multiplier")
_COST_LINE = ("cost_line_id", ID, "purchase line (account.move.line) the cost comes from")


def _profit(
    name: str,
    description: str,
    columns: tuple[Column, ...],
    sort_by: tuple[str, ...],
    storage: Storage = "month",
    **kw,
) -> TableContract:
    return TableContract(name, "fact", description, columns, storage, sort_by=sort_by, **kw)


# The large profit tables (rows per product and day) are stored one file per company and
# month: a late bill re-prices one company's products, and rewrites that company's files only.
_BY_COMPANY: Storage = "month_company"


FACT_PRODUCT_COST_EVENTS = _profit(
    "fact_product_cost_events",
    "A cost event per vendor bill line with a price and quantity above 0: bonus lines and "
    "vendor refunds are excluded. Filed under the bill's accounting day.",
    columns(
        BUSINESS_DAY,
        COMPANY,
        PRODUCT,
        ("move_id", ID, "vendor bill (account.move)"),
        ("line_id", ID, "bill line (account.move.line)"),
        ("vendor_id", ID, "vendor (res.partner)"),
        ("quantity", QTY, "quantity bought"),
        ("price_unit", MONEY, "unit price on the bill (bill currency)"),
        ("discount_percent", MONEY, "line discount in percent"),
        (
            "currency_rate",
            pl.Float64,
            "company currency per bill currency unit: balance / price_subtotal (1 for a bill "
            "in the company's currency; no cost event where Odoo's amounts do not give it)",
        ),
        (
            "net_unit_price",
            MONEY,
            "price_unit × (1 − discount %) × currency_rate: the unit price after discount in "
            "company currency, as written (a price-included tax stays in it)",
        ),
        TAXES,
        _TAX_MULTIPLIER,
        _UNIT_COST,
    ),
    ("day", "product_id", "line_id"),
)

# fact_purchases columns a cost event is made of (pipeline/profit/cost_events.py); a look-back
# line carries exactly these
PURCHASE_COST_COLUMNS = (
    "day",
    "company_id",
    "move_id",
    "line_id",
    "vendor_id",
    "currency_id",
    "product_id",
    "quantity",
    "price_unit",
    "discount_percent",
    "amount_tax_ex",
    "amount_company_currency",
    "tax_ids",
    "is_refund",
    "is_bonus",
)
FACT_PURCHASES_LOOKBACK = TableContract(
    "fact_purchases_lookback",
    "fact",
    "Cost look-back: for each company and product sold in the lake, its latest vendor bill line "
    "dated before the lake's first day (read from Odoo by one grouped query and one keyset "
    "read), so a young lake has costs from its first day. Filed under the bill's day; the "
    "profit pipeline reads it as each product's opening cost.",
    (
        *pick(FACT_PURCHASES, PURCHASE_COST_COLUMNS),
        Column("looked_back_before", DAY, "the lake's first day when the look-back ran"),
    ),
    "month",
    sort_by=("day", "product_id", "line_id"),
)

FACT_PRODUCT_COST_LATEST_DAILY = _profit(
    "fact_product_cost_latest_daily",
    "The latest known cost of each company's products on each day of the profit calendar: the "
    "most recent cost event of the company on or before that day (never a future price, never "
    "another company's bill; on a day with several events, the last bill's last line). No row "
    "before the company's first cost event of the product.",
    columns(
        BUSINESS_DAY,
        ("company_id", ID, "company whose bills the cost comes from, in its currency"),
        PRODUCT,
        _UNIT_COST,
        _TAX_MULTIPLIER,
        ("cost_day", DAY, "day of the cost event the cost comes from"),
        _COST_LINE,
    ),
    ("day", "product_id", "company_id"),
    _BY_COMPANY,
)

FACT_SALES_LINES_PROFIT = _profit(
    "fact_sales_lines_profit",
    "Gross profit of every POS and invoice sales line at the latest known cost: the company's "
    "latest vendor bill on or before the day (`cost_source` 'purchase', its cost with the "
    "bill's taxes, compared with the revenue with taxes). Standard cost fallback (Settings > "
    "Profit, off by default): a line no bill prices takes the company's standard_price "
    "(dim_product_company_costs; 0 is no cost) as of the last dimensions load, `cost_source` "
    "'standard'. Tax basis: standard_price is tax excluded, so it is multiplied by the line's "
    "own revenue_tax_in / revenue_tax_ex (1 on a line without revenue): cost and revenue then "
    "carry the same tax, and the line's margin equals its tax-excluded margin (revenue without "
    "tax − quantity × standard_price, over the revenue without tax). The basis profit was "
    "computed on is recorded in metadata/profit_basis.json; a run on another basis (the setting "
    "switched, or a standard price changed while it is on) rebuilds profit.",
    columns(
        BUSINESS_DAY,
        COMPANY,
        ("channel", TEXT, "pos or invoice"),
        ("order_id", ID, "POS order or invoice (account.move)"),
        ("line_id", ID, "POS order line or invoice line"),
        PRODUCT,
        ("quantity", QTY, "quantity sold; negative on refunds"),
        ("revenue_tax_in", MONEY, "revenue with taxes"),
        ("unit_cost_tax_in", MONEY, "latest known unit cost with taxes; null when missing"),
        ("cogs_tax_in", MONEY, "quantity × unit_cost_tax_in; null when the cost is missing"),
        ("gross_profit", MONEY, "revenue_tax_in − cogs_tax_in; null when the cost is missing"),
        ("cost_missing", FLAG, "no cost known for the product on or before the day"),
        (
            "cost_source",
            TEXT,
            "'purchase': the company's latest vendor bill on or before the day; 'standard': no "
            "bill, so Odoo's standard_price of the company (only with the Settings > Profit "
            "fallback on; tax excluded, so grossed up by the line's own revenue_tax_in / "
            "revenue_tax_ex: its margin is the tax-excluded one); null when the cost is missing",
        ),
        ("cost_day", DAY, "day of the cost event the cost comes from; null when missing"),
        _COST_LINE,
    ),
    ("day", "product_id", "channel", "line_id"),
    _BY_COMPANY,
    derived=(_MARGIN,),
)

AGG_PROFIT_DAILY = _profit(
    "agg_profit_daily",
    "Profit per day and company, POS and invoices together.",
    columns(BUSINESS_DAY, COMPANY, *_PROFIT_MEASURES),
    ("day", "company_id"),
    derived=(_AGG_MARGIN,),
)

AGG_PROFIT_DAILY_BY_PRODUCT = _profit(
    "agg_profit_daily_by_product",
    "Profit per day, company and product, POS and invoices together.",
    columns(BUSINESS_DAY, COMPANY, PRODUCT, *_PROFIT_MEASURES),
    ("day", "product_id", "company_id"),
    _BY_COMPANY,
    derived=(_AGG_MARGIN,),
)

# Odoo's document totals per day and company: what the cards, chart and basket read (a year of
# all companies in a few thousand rows instead of millions of orders and lines). Kept by the
# lake's writer: every write of a month of its sources rewrites that month's rows
# (lake/documents.py). One file: a click's cost is the files it opens, and it is small.
AGG_DOCUMENTS_DAILY = TableContract(
    "agg_documents_daily",
    "fact",
    "Odoo's document totals per day and company, from fact_pos_orders (POS orders' "
    "amount_total and amount_tax), fact_invoice_sales (invoice lines) and fact_sales (which "
    "days have POS lines): rewritten by the lake's writer with every month file of those "
    "facts, so it always equals them. A row per day and company with POS orders, invoices, "
    "or POS lines without order totals.",
    columns(
        BUSINESS_DAY,
        COMPANY,
        (
            "pos_revenue_tax_in",
            MONEY,
            "sum of the POS orders' amount_total (Odoo rounds tax once per order); null when "
            "pos_totals_unknown",
        ),
        ("pos_tax", MONEY, "sum of the POS orders' amount_tax; null when pos_totals_unknown"),
        ("pos_orders", pl.Int64, "POS orders (refunds included); null when pos_totals_unknown"),
        ("invoice_revenue_tax_in", MONEY, "sum of the invoice lines' revenue_tax_in"),
        ("invoice_tax", MONEY, "sum of the invoice lines' revenue_tax_in − revenue_tax_ex"),
        ("invoices", pl.Int64, "distinct invoices and credit notes (move_id)"),
        (
            "pos_totals_unknown",
            FLAG,
            "the company has POS lines that day but no order totals (its raw orders were lost "
            "before a lake upgrade could rebuild them): the day's revenue, tax and "
            "transactions are unknown, never the lines' sum",
        ),
    ),
    "single",
    sort_by=("day", "company_id"),
)

# ---- dimensions: clean/<name>/snapshot.parquet and star-schema/dim_<name>/data.parquet --------


def _dim(name: str, description: str, *specs: ColumnSpec) -> TableContract:
    key = specs[0][0]
    return TableContract(name, "dimension", description, columns(*specs), "single", sort_by=(key,))


DIMENSIONS: tuple[TableContract, ...] = (
    _dim(
        "dim_products",
        "Product variants, archived ones included, with their category path and brand.",
        ("product_id", ID, "product variant (product.product)"),
        ("product_tmpl_id", ID, "product template (product.template)"),
        ("default_code", TEXT, "internal reference (SKU)"),
        ("barcode", TEXT, "barcode"),
        ("name", TEXT, "product name"),
        ("display_name", TEXT, "name with reference and variant values"),
        ("category_id", ID, "product category (product.category)"),
        ("category_name", TEXT, "category name"),
        ("category_path", TEXT, "full category path, e.g. 'All / Drinks / Coffee'"),
        ("brand_id", ID, "brand (product.brand); null without the brand add-on"),
        ("brand_name", TEXT, "brand name"),
        ("list_price", MONEY, "sales price"),
        ("uom_id", ID, "sales unit of measure (uom.uom)"),
        ("uom_name", TEXT, "unit of measure name"),
        ("product_type", TEXT, "consu, service, combo (18+) or product (16–17: storable)"),
        ("is_storable", FLAG, "stock is tracked"),
        ARCHIVED,
    ),
    _dim(
        "dim_product_company_costs",
        "Odoo's product cost (standard_price) per company: a company-dependent field, read with "
        "each company in the context, in that company's currency. 0 where the company never "
        "costed the product (Odoo reads 0 too).",
        ("company_id", ID, "company (res.company) whose cost this is"),
        ("product_id", ID, "product variant (product.product)"),
        ("standard_price", MONEY, "the company's cost price, in its currency, tax excluded"),
    ),
    _dim(
        "dim_categories",
        "Product categories with their full path.",
        ("category_id", ID, "product category (product.category)"),
        ("name", TEXT, "category name"),
        ("full_path", TEXT, "full path, e.g. 'All / Drinks / Coffee'"),
        ("parent_id", ID, "parent category"),
        ("depth", SMALL, "1 for a root category, 2 for its children, ..."),
    ),
    _dim(
        "dim_brands",
        "Product brands; only when the Odoo has a brand model (OCA product_brand).",
        ("brand_id", ID, "brand (product.brand)"),
        ("name", TEXT, "brand name"),
        ARCHIVED,
    ),
    _dim(
        "dim_taxes",
        "Taxes.",
        ("tax_id", ID, "tax (account.tax)"),
        ("name", TEXT, "tax name"),
        ("amount", pl.Float64, "rate (percent) or fixed amount"),
        ("amount_type", TEXT, "percent, fixed, division or group"),
        ("type_tax_use", TEXT, "sale, purchase or none"),
        ("price_include", FLAG, "the price already includes this tax"),
        ("children_tax_ids", IDS, "taxes of a group tax"),
        COMPANY,
        ARCHIVED,
    ),
    _dim(
        "dim_partners",
        "Customers, vendors and contacts.",
        ("partner_id", ID, "partner (res.partner)"),
        ("name", TEXT, "name"),
        ("display_name", TEXT, "name with its company, e.g. 'Acme, Budi'"),
        ("is_company", FLAG, "a company rather than a person"),
        ("parent_id", ID, "the company a contact belongs to"),
        ("is_customer", FLAG, "has been invoiced as a customer (customer_rank > 0)"),
        ("is_vendor", FLAG, "has billed as a vendor (supplier_rank > 0)"),
        ("city", TEXT, "city"),
        COMPANY,
        ARCHIVED,
    ),
    _dim(
        "dim_users",
        "Odoo users: POS users and salespeople.",
        ("user_id", ID, "user (res.users)"),
        ("name", TEXT, "name"),
        ("login", TEXT, "login"),
        ("partner_id", ID, "the user's partner (res.partner)"),
        ARCHIVED,
    ),
    _dim(
        "dim_employees",
        "Employees: POS cashiers (with pos_hr).",
        ("employee_id", ID, "employee (hr.employee)"),
        ("name", TEXT, "name"),
        ("user_id", ID, "linked user (res.users)"),
        COMPANY,
        ARCHIVED,
    ),
    _dim(
        "dim_companies",
        "Companies with their currency (never assume IDR).",
        ("company_id", ID, "company (res.company)"),
        ("name", TEXT, "company name"),
        ("currency_id", ID, "company currency (res.currency)"),
        ("currency_code", TEXT, "ISO code, e.g. IDR"),
        ("currency_symbol", TEXT, "symbol, e.g. Rp"),
        ("partner_id", ID, "the company's partner (res.partner)"),
    ),
    _dim(
        "dim_locations",
        "Stock locations.",
        ("location_id", ID, "location (stock.location)"),
        ("name", TEXT, "location name"),
        ("full_path", TEXT, "full name, e.g. 'WH/Stock/Shelf 1'"),
        ("parent_id", ID, "parent location"),
        ("usage", TEXT, "internal, supplier, customer, inventory, production, transit, view"),
        ("is_internal", FLAG, "stock here belongs to the company (usage internal)"),
        COMPANY,
        ARCHIVED,
    ),
    _dim(
        "dim_uoms",
        "Units of measure.",
        ("uom_id", ID, "unit of measure (uom.uom)"),
        ("name", TEXT, "name"),
        ("factor", pl.Float64, "ratio to the reference unit of its category"),
        ARCHIVED,
    ),
    _dim(
        "dim_lots",
        "Lots and serial numbers.",
        ("lot_id", ID, "lot or serial number (stock.lot)"),
        ("name", TEXT, "lot or serial number"),
        PRODUCT,
        COMPANY,
    ),
    _dim(
        "dim_pos_configs",
        "Points of sale.",
        ("pos_config_id", ID, "point of sale (pos.config)"),
        ("name", TEXT, "name"),
        COMPANY,
        ARCHIVED,
    ),
    _dim(
        "dim_payment_methods",
        "POS payment methods.",
        ("payment_method_id", ID, "payment method (pos.payment.method)"),
        ("name", TEXT, "name"),
        COMPANY,
        ARCHIVED,
    ),
)

# ---- views ---------------------------------------------------------------------------------

FACT_SALES_ALL = TableContract(
    "fact_sales_all",
    "view",
    "POS and invoice sales in one shape (UNION ALL BY NAME of fact_sales and fact_invoice_sales).",
    (
        Column("channel", TEXT, "pos or invoice"),
        *pick(FACT_SALES, ("day", "company_id", "order_id", "order_name", "line_id")),
        Column("hour", SMALL, "hour of the POS order, local time; null for invoices"),
        *pick(FACT_SALES, ("weekday",)),
        Column("user_id", ID, "POS user who rang up the sale, or the invoice's salesperson"),
        Column("employee_id", ID, "POS cashier (hr.employee); null for invoices"),
        *pick(FACT_SALES, ("partner_id", "currency_id", "product_id")),
        *pick(FACT_SALES, ("quantity", "price_unit", "discount_percent", "discount_amount")),
        *pick(FACT_SALES, ("revenue_tax_ex", "revenue_tax_in", "is_refund")),
        Column("payment_method_id", ID, "POS order's main payment method; null for invoices"),
        Column("config_id", ID, "point of sale (pos.config); null for invoices"),
    ),
    "view",
)
# channel -> (fact, {fact_sales_all column: source column}); columns a fact lacks are null
SALES_ALL_SOURCES: dict[str, tuple[str, dict[str, str]]] = {
    "pos": ("fact_sales", {}),
    "invoice": (
        "fact_invoice_sales",
        {"order_id": "move_id", "order_name": "move_name", "user_id": "salesperson_id"},
    ),
}

CLEAN_TABLES: dict[str, TableContract] = DATASET_CLEAN_TABLES
FACTS: dict[str, TableContract] = {
    **DATASET_FACTS,
    **{
        t.name: t
        for t in (
            FACT_PURCHASES_LOOKBACK,
            FACT_PRODUCT_COST_EVENTS,
            FACT_PRODUCT_COST_LATEST_DAILY,
            FACT_SALES_LINES_PROFIT,
            AGG_PROFIT_DAILY,
            AGG_PROFIT_DAILY_BY_PRODUCT,
            AGG_DOCUMENTS_DAILY,
        )
    },
}
DIMS: dict[str, TableContract] = {t.name: t for t in DIMENSIONS}
STAR_TABLES: dict[str, TableContract] = {**FACTS, **DIMS}
VIEWS: dict[str, TableContract] = {FACT_SALES_ALL.name: FACT_SALES_ALL}


def clean_dimension(dim: TableContract) -> TableContract:
    """The clean snapshot of a dimension: same columns, `clean/<name>/snapshot.parquet`."""
    return replace(dim, name=dim.name.removeprefix("dim_"), storage="snapshot")


def contract(name: str) -> TableContract:
    for registry in (CLEAN_TABLES, STAR_TABLES, VIEWS):
        if name in registry:
            return registry[name]
    raise KeyError(f"no table {name!r} in the lake's contracts")


# ---- frames --------------------------------------------------------------------------------


def polars_schema(table: TableContract) -> pl.Schema:
    return pl.Schema({c.name: c.dtype for c in table.columns})


def empty_frame(table: TableContract) -> pl.DataFrame:
    return pl.DataFrame(schema=polars_schema(table))


def conform(table: TableContract, frame: pl.DataFrame) -> pl.DataFrame:
    """The contract's columns of `frame`, in order and cast to their types; other columns drop.

    Raises ContractError when a column is missing or a value does not fit its type.
    """
    missing = [n for n in table.names if n not in frame.columns]
    if missing:
        raise ContractError(f"{table.name} is missing column(s) {', '.join(missing)}")
    try:
        return frame.select(table.names).cast(dict(polars_schema(table)), strict=True)
    except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError) as exc:
        raise ContractError(f"{table.name}: a column does not fit its type: {exc}") from exc


def differences(table: TableContract, schema: Mapping[str, pl.DataType]) -> list[str]:
    """How a frame's or file's schema differs from the contract (empty when it fits)."""
    expected = polars_schema(table)
    out = [f"missing {n}" for n in expected if n not in schema]
    out += [f"unexpected {n}" for n in schema if n not in expected]
    out += [
        f"{n} is {schema[n]}, expected {t}"
        for n, t in expected.items()
        if n in schema and schema[n] != t
    ]
    if not out and list(schema) != list(expected):
        out.append("columns out of order")
    return out


# ---- SQL and documentation -----------------------------------------------------------------


def sql_type(dtype: pl.DataType) -> str:
    """The DuckDB type of a column, as DuckDB reads it from the Parquet files."""
    if isinstance(dtype, pl.List):
        return f"{sql_type(dtype.inner)}[]"
    if isinstance(dtype, pl.Datetime):
        return "TIMESTAMPTZ" if dtype.time_zone else "TIMESTAMP"
    names = {
        pl.Int64: "BIGINT",
        pl.Int8: "TINYINT",
        pl.Float64: "DOUBLE",
        pl.String: "VARCHAR",
        pl.Boolean: "BOOLEAN",
        pl.Date: "DATE",
    }
    for polars_type, sql in names.items():
        if dtype == polars_type:
            return sql
    raise TypeError(f"no DuckDB type for {dtype}")


def _path(table: TableContract) -> str:
    return {
        "day": f"clean/{table.name}/day=YYYY-MM-DD/data.parquet",
        "snapshot": f"clean/{table.name}/snapshot.parquet",
        "month": f"star-schema/{table.name}/month=YYYY-MM/data.parquet",
        "month_company": f"star-schema/{table.name}/month=YYYY-MM/company=N/data.parquet",
        "single": f"star-schema/{table.name}/data.parquet",
        "view": "DuckDB view (no files)",
    }[table.storage]


def _render_table(table: TableContract) -> list[str]:
    out = [f"### `{table.name}`", "", table.description, "", f"- Files: `{_path(table)}`"]
    if table.by_company:
        out.append(
            "- One file per company and month (`N` = `company_id`): a change of one company's "
            "costs rewrites its files only. A lake written before this layout holds a month in "
            "one `month=YYYY-MM/data.parquet` until the next profit run, which rebuilds profit "
            "per company by itself; readers take either."
        )
    if table.sort_by:
        out.append(f"- Sorted by: {', '.join(table.sort_by)}")
    if table.source:
        out.append(f"- Loaded from clean table `{table.source}`")
    if table.dataset:
        out.append(f"- Written by dataset `{table.dataset}`")
    out += ["", "| column | type | description |", "| --- | --- | --- |"]
    for c in table.columns:
        out.append(f"| `{c.name}` | {sql_type(c.dtype)} | {c.description} |")
    for d in table.derived:
        out.append(f"| `{d.column.name}` | {sql_type(d.column.dtype)} | {d.column.description} |")
    return [*out, ""]


def render_markdown() -> str:
    """docs/lake.md: the lake's layout and every table's columns, from these contracts."""
    lines = [
        "# The lake: tables and columns",
        "",
        "Generated from `nkdash_desktop/lake/schema.py` by `render_markdown()`; do not edit by "
        "hand (`python -m nkdash_desktop.lake.schema > docs/lake.md`).",
        "",
        "Layers under the lake folder: `raw/` (as extracted from Odoo), `clean/` (typed, "
        "deduplicated, one file per table and business day), `star-schema/` (facts in one file "
        "per month sorted by day, dimensions in one file each). Every fact row carries `day`, "
        "the business day in the company's timezone. A (dataset, day) is the unit of rerun: "
        "reloading a day rewrites its month file atomically.",
        "",
        "Open the lake with `nkdash_desktop.lake.catalog.open_catalog(root)`: one DuckDB view "
        "per table below (an empty typed view for a table without files yet), showing the lake "
        "as of the connection's last `refresh(con)`. Other tools read the `data.parquet` files "
        "(e.g. `read_parquet('star-schema/fact_sales/month=*/data.parquet')`; the profit "
        "tables stored per company: `month=*/company=*/data.parquet`, whose `company` folder "
        "equals the rows' `company_id`). Star-schema "
        "folders also hold hidden `.v-<stamp>.parquet` files: recent immutable versions that "
        "the catalog reads, because DuckDB re-opens a file between planning and scanning a "
        "query and would otherwise see a half-old, half-new file during a reload. Never glob "
        "`*.parquet` there: DuckDB's `*` matches those dotfiles and writers' `.tmp-*` files.",
        "",
        "## Star schema: facts",
        "",
    ]
    for table in FACTS.values():
        lines += _render_table(table)
    lines += ["## Star schema: views", ""]
    for table in VIEWS.values():
        lines += _render_table(table)
    lines += [
        "## Star schema: dimensions",
        "",
        "Each dimension's clean snapshot `clean/<name>/snapshot.parquet` (e.g. "
        "`clean/products/snapshot.parquet`) has the same columns.",
        "",
    ]
    for table in DIMS.values():
        lines += _render_table(table)
    lines += ["## Clean layer", ""]
    for table in CLEAN_TABLES.values():
        lines += _render_table(table)
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.reconfigure(encoding="utf-8", newline="\n")  # type: ignore[attr-defined]
    sys.stdout.write(render_markdown())
