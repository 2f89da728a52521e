"""The operator's words for the engine's datasets and stages: the Runs tab, the backfill wizard,
the first sync's progress and the attention rules show these, never the internal names
(`pos_lines`, `fact_sales_lines_profit`), in the operator's language. Imports only the
translation function (no Qt, no engine), so every layer may use it."""

from __future__ import annotations

from nkdash_desktop.i18n import QT_TRANSLATE_NOOP, translate

DATASET_NAMES: dict[str, str] = {
    "pos_lines": QT_TRANSLATE_NOOP("Names", "POS sales"),
    "payments": QT_TRANSLATE_NOOP("Names", "POS payments"),
    "invoice_sales": QT_TRANSLATE_NOOP("Names", "Invoices"),
    "purchases": QT_TRANSLATE_NOOP("Names", "Bills"),
    "inventory_moves": QT_TRANSLATE_NOOP("Names", "Stock moves"),
    "stock_quants": QT_TRANSLATE_NOOP("Names", "Stock on hand"),
    "dimensions": QT_TRANSLATE_NOOP("Names", "Products and other lists"),
}
# every table the profit stage writes (fact_sales_lines_profit, agg_profit_*)
PROFIT = QT_TRANSLATE_NOOP("Names", "Profit")
STAGE_NAMES: dict[str, str] = {
    "extract": QT_TRANSLATE_NOOP("Names", "reading from Odoo"),
    "clean": QT_TRANSLATE_NOOP("Names", "cleaning"),
    "load": QT_TRANSLATE_NOOP("Names", "saving"),
    "profit": QT_TRANSLATE_NOOP("Names", "computing profit"),
}


def dataset_name(name: str) -> str:
    """'POS sales' for `pos_lines`; 'Profit' for the profit tables; else the name itself."""
    if name in DATASET_NAMES:
        return translate("Names", DATASET_NAMES[name])
    if "profit" in name:
        return translate("Names", PROFIT)
    return name.replace("_", " ").capitalize()


def stage_name(stage: str) -> str:
    return translate("Names", STAGE_NAMES[stage]) if stage in STAGE_NAMES else stage
