"""The main window's tabs: Overview, Sales, Profit, Purchases, Inventory, Runs.

Their titles live here, in a module that imports nothing, so that the window can show the tab
headers before the tabs' own modules (pyqtgraph, polars) are loaded. A title is the tab's name
in the code (the attention rules name their tab by it); the window shows translate("Tabs",
title)."""

from PySide6.QtCore import QT_TRANSLATE_NOOP

OVERVIEW = QT_TRANSLATE_NOOP("Tabs", "Overview")
SALES = QT_TRANSLATE_NOOP("Tabs", "Sales")
PROFIT = QT_TRANSLATE_NOOP("Tabs", "Profit")
PURCHASES = QT_TRANSLATE_NOOP("Tabs", "Purchases")
INVENTORY = QT_TRANSLATE_NOOP("Tabs", "Inventory")
RUNS = QT_TRANSLATE_NOOP("Tabs", "Runs")
TITLES = (OVERVIEW, SALES, PROFIT, PURCHASES, INVENTORY, RUNS)  # in the window's order
