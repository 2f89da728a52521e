"""NK Dash Desktop: retail KPIs from Odoo, in a local Parquet lake, on the operator's desktop."""

__version__ = "0.1.0"
APP_NAME = "NK Dash"
APP_SLUG = "NKDash"
