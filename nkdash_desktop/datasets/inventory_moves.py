"""Inventory moves: done stock move lines with their picking type code and location usages,
signed by what they did to the company's stock. Day key: `date` in the company's timezone."""

from __future__ import annotations

import polars as pl

from nkdash_desktop.datasets.base import ChangeSweep, Dataset, RawDay, RawTable
from nkdash_desktop.datasets.frames import keep_day, latest_by_id, local_time, utc_instant
from nkdash_desktop.i18n import QT_TRANSLATE_NOOP
from nkdash_desktop.lake.columns import (
    BUSINESS_DAY,
    COMPANY,
    ID,
    LOCAL_TIME,
    PRODUCT,
    PRODUCT_NAME,
    QTY,
    TEXT,
    UTC_TIME,
    TableContract,
    columns,
    fact,
)

# ---- contracts -----------------------------------------------------------------------------

CLEAN_INVENTORY_MOVES = TableContract(
    "inventory_moves",
    "clean",
    "Done stock move lines. `quantity_signed` is what the move did to the company's stock: "
    "+ into an internal location, − out of one, 0 between two internal locations.",
    columns(
        ("move_line_id", ID, "stock move line (stock.move.line)"),
        ("move_id", ID, "stock move (stock.move)"),
        BUSINESS_DAY,
        ("date", LOCAL_TIME, "when the move was done, local time"),
        ("date_utc", UTC_TIME, "when the move was done, as a UTC instant"),
        ("reference", TEXT, "transfer reference"),
        ("picking_id", ID, "transfer (stock.picking); null for adjustments"),
        ("picking_name", TEXT, "transfer name"),
        ("picking_code", TEXT, "operation type: incoming, outgoing or internal"),
        PRODUCT,
        PRODUCT_NAME,
        ("lot_id", ID, "lot or serial number (stock.lot)"),
        ("lot_name", TEXT, "lot or serial number"),
        ("uom_id", ID, "unit of measure of the quantity (uom.uom)"),
        ("quantity", QTY, "quantity moved, as Odoo records it (positive)"),
        ("quantity_signed", QTY, "+ in, − out, 0 internal; null when a location usage is unknown"),
        ("direction", TEXT, "in, out, internal (both internal) or external (neither)"),
        ("location_id", ID, "source location (stock.location)"),
        ("location_name", TEXT, "source location full name"),
        ("location_usage", TEXT, "source location usage: internal, supplier, customer, ..."),
        ("location_dest_id", ID, "destination location (stock.location)"),
        ("location_dest_name", TEXT, "destination location full name"),
        ("location_dest_usage", TEXT, "destination location usage"),
        COMPANY,
    ),
    "day",
    sort_by=("day", "product_id", "move_line_id"),
)

FACT_INVENTORY_MOVES = fact(
    "fact_inventory_moves",
    CLEAN_INVENTORY_MOVES,
    (
        "day company_id move_line_id move_id date picking_id picking_code reference "
        "product_id lot_id uom_id location_id location_usage location_dest_id "
        "location_dest_usage direction quantity quantity_signed"
    ),
    "Done stock move lines with their effect on the company's stock.",
)

# ---- clean ---------------------------------------------------------------------------------

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


# ---- the dataset ---------------------------------------------------------------------------

DATASET = Dataset(
    name="inventory_moves",
    aliases=("inventory-moves",),
    description=QT_TRANSLATE_NOOP("Datasets", "done stock move lines"),
    changes=ChangeSweep("stock.move.line", "date", "datetime", "inventory_moves", "move_line_id"),
    header="stock_move_lines",
    clean=clean,
    snapshots=("locations",),  # their usage, when the move lines lack it
    clean_tables=(CLEAN_INVENTORY_MOVES,),
    facts=(FACT_INVENTORY_MOVES,),
    tables=(
        RawTable(
            "stock_move_lines",
            "stock.move.line",
            {
                "date": "datetime",
                "reference": "char",
                "product_id": "many2one",
                "quantity": "float",  # qty_done on Odoo 16 (versions table)
                "product_uom_id": "many2one",
                "location_id": "many2one",
                "location_dest_id": "many2one",
                "location_usage": "selection",
                "location_dest_usage": "selection",
                "picking_id": "many2one",
                "picking_code": "selection",
                "move_id": "many2one",
                "lot_id": "many2one",
                "state": "selection",
                "company_id": "many2one",
                "write_date": "datetime",
            },
            lambda scope: [
                ("state", "=", "done"),
                *scope.datetime_in_day("date"),
                *scope.company(),
            ],
            optional=frozenset({"location_usage", "location_dest_usage", "picking_code"}),
        ),
    ),
)
