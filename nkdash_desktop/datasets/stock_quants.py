"""Stock levels: a snapshot of quants in internal and transit locations, filed under the day
it was taken."""

from __future__ import annotations

import polars as pl

from nkdash_desktop.datasets.base import Dataset, RawDay, RawTable
from nkdash_desktop.datasets.frames import latest_by_id, local_time, utc_instant
from nkdash_desktop.i18n import QT_TRANSLATE_NOOP
from nkdash_desktop.lake.columns import (
    COMPANY,
    DAY,
    ID,
    LOCAL_TIME,
    PRODUCT,
    PRODUCT_NAME,
    QTY,
    TEXT,
    TableContract,
    columns,
    fact,
)

# ---- contracts -----------------------------------------------------------------------------

CLEAN_STOCK_QUANTS = TableContract(
    "stock_quants",
    "clean",
    "Stock on hand per product, location and lot, as it was when the snapshot was taken.",
    columns(
        ("quant_id", ID, "quant (stock.quant)"),
        ("day", DAY, "the business day the snapshot was taken"),
        PRODUCT,
        PRODUCT_NAME,
        ("location_id", ID, "location (stock.location)"),
        ("location_name", TEXT, "location full name"),
        ("lot_id", ID, "lot or serial number (stock.lot)"),
        ("lot_name", TEXT, "lot or serial number"),
        ("quantity", QTY, "quantity on hand"),
        ("reserved_quantity", QTY, "quantity reserved for transfers"),
        ("available_quantity", QTY, "quantity − reserved_quantity"),
        ("in_date", LOCAL_TIME, "when the stock arrived, local time"),
        COMPANY,
    ),
    "day",
    sort_by=("day", "product_id", "quant_id"),
)

FACT_STOCK_QUANTS = fact(
    "fact_stock_quants",
    CLEAN_STOCK_QUANTS,
    (
        "day company_id quant_id product_id location_id lot_id quantity reserved_quantity "
        "available_quantity in_date"
    ),
    "Daily stock snapshot: stock on hand per product, location and lot on `day`.",
)

# ---- clean ---------------------------------------------------------------------------------


def clean(raw: RawDay) -> dict[str, pl.DataFrame]:
    quants = latest_by_id(raw.tables["stock_quants"]).select(
        quant_id=pl.col("id"),
        day=pl.lit(raw.day, pl.Date),
        product_id=pl.col("product_id_id"),
        product_name=pl.col("product_id_name"),
        location_id=pl.col("location_id_id"),
        location_name=pl.col("location_id_name"),
        lot_id=pl.col("lot_id_id"),
        lot_name=pl.col("lot_id_name"),
        quantity=pl.col("quantity"),
        reserved_quantity=pl.col("reserved_quantity"),
        available_quantity=pl.col("quantity") - pl.col("reserved_quantity").fill_null(0.0),
        in_date=local_time(utc_instant("in_date"), raw.timezone),
        company_id=pl.col("company_id_id"),
    )
    return {"stock_quants": quants}


# ---- the dataset ---------------------------------------------------------------------------

DATASET = Dataset(
    name="stock_quants",
    aliases=("stock-quants",),
    description=QT_TRANSLATE_NOOP("Datasets", "stock on hand per product, location and lot"),
    kind="snapshot",
    header="stock_quants",
    clean=clean,
    clean_tables=(CLEAN_STOCK_QUANTS,),
    facts=(FACT_STOCK_QUANTS,),
    tables=(
        RawTable(
            "stock_quants",
            "stock.quant",
            {
                "product_id": "many2one",
                "location_id": "many2one",
                "lot_id": "many2one",
                "quantity": "float",
                "reserved_quantity": "float",
                "in_date": "datetime",
                "company_id": "many2one",
                "write_date": "datetime",
            },
            lambda scope: [
                ("location_id.usage", "in", ["internal", "transit"]),
                *scope.company(),
            ],
        ),
    ),
)
