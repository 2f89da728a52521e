"""Stock quants: the stock-on-hand snapshot, filed under the business day it was taken."""

from __future__ import annotations

import polars as pl

from nkdash_desktop.pipeline.clean.base import DayCleaner, RawDay
from nkdash_desktop.pipeline.clean.common import latest_by_id, local_time, utc_instant


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


CLEANER = DayCleaner(clean)
