"""The operator's words for the engine's datasets and stages: the Runs tab, the backfill wizard,
the first sync's progress and the attention rules show these, never the internal names
(`pos_lines`, `fact_sales_lines_profit`). Imports nothing, so every layer may use it."""

from __future__ import annotations

DATASET_NAMES: dict[str, str] = {
    "pos_lines": "POS sales",
    "invoice_sales": "Invoices",
    "purchases": "Bills",
    "inventory_moves": "Stock moves",
    "stock_quants": "Stock on hand",
    "dimensions": "Products and other lists",
}
PROFIT = "Profit"  # every table the profit stage writes (fact_sales_lines_profit, agg_profit_*)
STAGE_NAMES: dict[str, str] = {
    "extract": "reading from Odoo",
    "clean": "cleaning",
    "load": "saving",
    "profit": "computing profit",
}


def dataset_name(name: str) -> str:
    """'POS sales' for `pos_lines`; 'Profit' for the profit tables; else the name itself."""
    if name in DATASET_NAMES:
        return DATASET_NAMES[name]
    if "profit" in name:
        return PROFIT
    return name.replace("_", " ").capitalize()


def stage_name(stage: str) -> str:
    return STAGE_NAMES.get(stage, stage)
