"""Inventory moves: done stock move lines with their picking type code and location usages.
Day key: `date` in the company's timezone."""

from __future__ import annotations

from nkdash_desktop.pipeline.datasets.base import ChangeSweep, Dataset, RawTable

DATASET = Dataset(
    name="inventory_moves",
    aliases=("inventory-moves",),
    description="done stock move lines",
    changes=ChangeSweep("stock.move.line", "date", "datetime", "inventory_moves", "move_line_id"),
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
