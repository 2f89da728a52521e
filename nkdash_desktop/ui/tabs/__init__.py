"""The main window's tabs: Overview, Sales, Profit, Purchases, Inventory, Runs."""
