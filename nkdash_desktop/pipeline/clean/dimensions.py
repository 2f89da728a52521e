"""Dimensions: raw snapshots -> typed dimension frames (the columns of star-schema dim_*).

Each builder reads the raw snapshots it needs; a snapshot passed as None was not extracted
(e.g. no brand model on this Odoo)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import polars as pl

from nkdash_desktop.datasets.frames import latest_by_id

Snapshots = Mapping[str, pl.DataFrame | None]


@dataclass(frozen=True)
class DimensionBuilder:
    dimension: str  # star-schema name, e.g. "dim_products"
    table: str  # the raw snapshot it describes, e.g. "products"
    build: Callable[[pl.DataFrame, Snapshots], pl.DataFrame]
    key: tuple[str, ...] = ("id",)  # what makes a raw row one record


def _archived() -> pl.Expr:
    return ~pl.col("active")


def _latest(snapshots: Snapshots, table: str) -> pl.DataFrame | None:
    frame = snapshots.get(table)
    return None if frame is None else latest_by_id(frame)


def _products(raw: pl.DataFrame, snapshots: Snapshots) -> pl.DataFrame:
    categories = _latest(snapshots, "categories")
    if categories is not None:
        raw = raw.join(
            categories.select(
                categ_id_id=pl.col("id"),
                _category_name=pl.col("name"),
                _category_path=pl.col("complete_name"),
            ),
            on="categ_id_id",
            how="left",
        )
    else:
        raw = raw.with_columns(
            _category_name=pl.lit(None, pl.String), _category_path=pl.lit(None, pl.String)
        )
    return raw.select(
        product_id=pl.col("id"),
        product_tmpl_id=pl.col("product_tmpl_id_id"),
        default_code=pl.col("default_code"),
        barcode=pl.col("barcode"),
        name=pl.col("name"),
        display_name=pl.col("display_name"),
        category_id=pl.col("categ_id_id"),
        category_name=pl.coalesce("_category_name", "categ_id_name"),
        # a category's display name is its full path
        category_path=pl.coalesce("_category_path", "categ_id_name"),
        brand_id=pl.col("product_brand_id_id"),
        brand_name=pl.col("product_brand_id_name"),
        list_price=pl.col("list_price"),
        uom_id=pl.col("uom_id_id"),
        uom_name=pl.col("uom_id_name"),
        product_type=pl.col("type"),
        # 18+: the is_storable flag; 16-17: type 'product' means storable
        is_storable=pl.col("is_storable") | (pl.col("type") == "product").fill_null(False),
        archived=_archived(),
    )


def _product_company_costs(raw: pl.DataFrame, snapshots: Snapshots) -> pl.DataFrame:
    return raw.select(
        company_id=pl.col("company_id"),
        product_id=pl.col("id"),
        standard_price=pl.col("standard_price"),
    )


def _categories(raw: pl.DataFrame, snapshots: Snapshots) -> pl.DataFrame:
    path = pl.coalesce("complete_name", "name")
    return raw.select(
        category_id=pl.col("id"),
        name=pl.col("name"),
        full_path=path,
        parent_id=pl.col("parent_id_id"),
        depth=(path.str.count_matches(" / ", literal=True) + 1).cast(pl.Int8),
    )


def _brands(raw: pl.DataFrame, snapshots: Snapshots) -> pl.DataFrame:
    return raw.select(brand_id=pl.col("id"), name=pl.col("name"), archived=_archived())


def _taxes(raw: pl.DataFrame, snapshots: Snapshots) -> pl.DataFrame:
    return raw.select(
        tax_id=pl.col("id"),
        name=pl.col("name"),
        amount=pl.col("amount"),
        amount_type=pl.col("amount_type"),
        type_tax_use=pl.col("type_tax_use"),
        price_include=pl.col("price_include"),
        children_tax_ids=pl.col("children_tax_ids"),
        company_id=pl.col("company_id_id"),
        archived=_archived(),
    )


def _partners(raw: pl.DataFrame, snapshots: Snapshots) -> pl.DataFrame:
    return raw.select(
        partner_id=pl.col("id"),
        name=pl.col("name"),
        display_name=pl.col("display_name"),
        is_company=pl.col("is_company"),
        parent_id=pl.col("parent_id_id"),
        is_customer=(pl.col("customer_rank") > 0).fill_null(False),
        is_vendor=(pl.col("supplier_rank") > 0).fill_null(False),
        city=pl.col("city"),
        company_id=pl.col("company_id_id"),
        archived=_archived(),
    )


def _users(raw: pl.DataFrame, snapshots: Snapshots) -> pl.DataFrame:
    return raw.select(
        user_id=pl.col("id"),
        name=pl.col("name"),
        login=pl.col("login"),
        partner_id=pl.col("partner_id_id"),
        archived=_archived(),
    )


def _employees(raw: pl.DataFrame, snapshots: Snapshots) -> pl.DataFrame:
    return raw.select(
        employee_id=pl.col("id"),
        name=pl.col("name"),
        user_id=pl.col("user_id_id"),
        company_id=pl.col("company_id_id"),
        archived=_archived(),
    )


def _companies(raw: pl.DataFrame, snapshots: Snapshots) -> pl.DataFrame:
    currencies = _latest(snapshots, "currencies")
    if currencies is not None:
        raw = raw.join(
            currencies.select(currency_id_id=pl.col("id"), _symbol=pl.col("symbol")),
            on="currency_id_id",
            how="left",
        )
    else:
        raw = raw.with_columns(_symbol=pl.lit(None, pl.String))
    return raw.select(
        company_id=pl.col("id"),
        name=pl.col("name"),
        currency_id=pl.col("currency_id_id"),
        currency_code=pl.col("currency_id_name"),  # a currency's display name is its code
        currency_symbol=pl.col("_symbol"),
        partner_id=pl.col("partner_id_id"),
    )


def _locations(raw: pl.DataFrame, snapshots: Snapshots) -> pl.DataFrame:
    return raw.select(
        location_id=pl.col("id"),
        name=pl.col("name"),
        full_path=pl.coalesce("complete_name", "name"),
        parent_id=pl.col("location_id_id"),
        usage=pl.col("usage"),
        is_internal=(pl.col("usage") == "internal").fill_null(False),
        company_id=pl.col("company_id_id"),
        archived=_archived(),
    )


def _uoms(raw: pl.DataFrame, snapshots: Snapshots) -> pl.DataFrame:
    return raw.select(
        uom_id=pl.col("id"), name=pl.col("name"), factor=pl.col("factor"), archived=_archived()
    )


def _lots(raw: pl.DataFrame, snapshots: Snapshots) -> pl.DataFrame:
    return raw.select(
        lot_id=pl.col("id"),
        name=pl.col("name"),
        product_id=pl.col("product_id_id"),
        company_id=pl.col("company_id_id"),
    )


def _named(key: str) -> Callable[[pl.DataFrame, Snapshots], pl.DataFrame]:
    def build(raw: pl.DataFrame, snapshots: Snapshots) -> pl.DataFrame:
        return raw.select(
            pl.col("id").alias(key),
            name=pl.col("name"),
            company_id=pl.col("company_id_id"),
            archived=_archived(),
        )

    return build


BUILDERS: tuple[DimensionBuilder, ...] = (
    DimensionBuilder("dim_products", "products", _products),
    DimensionBuilder(
        "dim_product_company_costs",
        "product_company_costs",
        _product_company_costs,
        key=("company_id", "id"),
    ),
    DimensionBuilder("dim_categories", "categories", _categories),
    DimensionBuilder("dim_brands", "brands", _brands),
    DimensionBuilder("dim_taxes", "taxes", _taxes),
    DimensionBuilder("dim_partners", "partners", _partners),
    DimensionBuilder("dim_users", "users", _users),
    DimensionBuilder("dim_employees", "employees", _employees),
    DimensionBuilder("dim_companies", "companies", _companies),
    DimensionBuilder("dim_locations", "locations", _locations),
    DimensionBuilder("dim_uoms", "uoms", _uoms),
    DimensionBuilder("dim_lots", "lots", _lots),
    DimensionBuilder("dim_pos_configs", "pos_configs", _named("pos_config_id")),
    DimensionBuilder("dim_payment_methods", "payment_methods", _named("payment_method_id")),
)


def build_dimension(builder: DimensionBuilder, snapshots: Snapshots) -> pl.DataFrame:
    raw = snapshots[builder.table]
    assert raw is not None, f"no raw snapshot of {builder.table}"
    return builder.build(latest_by_id(raw, builder.key), snapshots)
