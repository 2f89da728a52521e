"""The main window's tabs: Overview, Sales, Profit, Purchases, Inventory, Runs.

Their titles live here, in a module that imports nothing, so that the window can show the tab
headers before the tabs' own modules (pyqtgraph, polars) are loaded."""

OVERVIEW, SALES, PROFIT = "Overview", "Sales", "Profit"
PURCHASES, INVENTORY, RUNS = "Purchases", "Inventory", "Runs"
TITLES = (OVERVIEW, SALES, PROFIT, PURCHASES, INVENTORY, RUNS)  # in the window's order
