"""Inventory moves: done stock move lines, signed by what they did to the company's stock."""

from __future__ import annotations

import polars as pl

from nkdash_desktop.pipeline.clean.base import DayCleaner, RawDay
from nkdash_desktop.pipeline.clean.common import keep_day, latest_by_id, local_time, utc_instant

INTERNAL = "internal"


def _with_snapshot_usages(raw: RawDay, moves: pl.DataFrame) -> pl.DataFrame:
    locations = raw.snapshots.get("locations")
    if locations is None:
        return moves.with_columns(
            location_usage_from_snapshot=pl.lit(None, pl.String),
            location_dest_usage_from_snapshot=pl.lit(None, pl.String),
        )
    usage = latest_by_id(locations).select("id", "usage")
    for side in ("location", "location_dest"):
        moves = moves.join(
            usage.rename({"usage": f"{side}_usage_from_snapshot"}),
            left_on=f"{side}_id_id",
            right_on="id",
            how="left",
        )
    return moves


def direction(source_usage: pl.Expr, dest_usage: pl.Expr) -> pl.Expr:
    """in / out / internal / external relative to internal locations; null when unknown."""
    src, dst = source_usage == INTERNAL, dest_usage == INTERNAL
    return (
        pl.when(source_usage.is_null() | dest_usage.is_null())
        .then(None)
        .when(~src & dst)
        .then(pl.lit("in"))
        .when(src & ~dst)
        .then(pl.lit("out"))
        .when(src & dst)
        .then(pl.lit("internal"))
        .otherwise(pl.lit("external"))
    )


def clean(raw: RawDay) -> dict[str, pl.DataFrame]:
    moves = latest_by_id(raw.tables["stock_move_lines"]).filter(pl.col("state") == "done")
    moves = _with_snapshot_usages(raw, moves).with_columns(
        date_utc=utc_instant("date"),
        location_usage=pl.coalesce("location_usage", "location_usage_from_snapshot"),
        location_dest_usage=pl.coalesce("location_dest_usage", "location_dest_usage_from_snapshot"),
    )
    moves = moves.with_columns(
        date=local_time(pl.col("date_utc"), raw.timezone),
        direction=direction(pl.col("location_usage"), pl.col("location_dest_usage")),
    ).with_columns(day=pl.col("date").dt.date())
    qty, way = pl.col("quantity"), pl.col("direction")
    moves = moves.select(
        move_line_id=pl.col("id"),
        move_id=pl.col("move_id_id"),
        day=pl.col("day"),
        date=pl.col("date"),
        date_utc=pl.col("date_utc"),
        reference=pl.col("reference"),
        picking_id=pl.col("picking_id_id"),
        picking_name=pl.col("picking_id_name"),
        picking_code=pl.col("picking_code"),
        product_id=pl.col("product_id_id"),
        product_name=pl.col("product_id_name"),
        lot_id=pl.col("lot_id_id"),
        lot_name=pl.col("lot_id_name"),
        uom_id=pl.col("product_uom_id_id"),
        quantity=qty,
        quantity_signed=pl.when(way == "in")
        .then(qty)
        .when(way == "out")
        .then(-qty)
        .when(way.is_not_null())
        .then(0.0),
        direction=way,
        location_id=pl.col("location_id_id"),
        location_name=pl.col("location_id_name"),
        location_usage=pl.col("location_usage"),
        location_dest_id=pl.col("location_dest_id_id"),
        location_dest_name=pl.col("location_dest_id_name"),
        location_dest_usage=pl.col("location_dest_usage"),
        company_id=pl.col("company_id_id"),
    )
    return {"inventory_moves": keep_day(moves, raw.day, "stock_move_lines")}


CLEANER = DayCleaner(clean, snapshots=("locations",))
