"""KPI queries over the lake's DuckDB catalog (no Qt here): each takes a catalog connection (or
cursor), the period's first and last business day and an optional company, and returns a polars
frame. The UI, the CLI and the tests call the same functions.

- summary.summary: the cards (revenue, gross profit, margin, transactions, average basket,
  quantity) against the previous period of equal length
- totals.daily_totals / product_totals: per day / per product, with profit where computed
- sales: top_products, sales_heatmap, sales_by_category, sales_by_payment_method,
  sales_by_cashier
- profit: profit_by_product, margin_trend
- purchases: spend_by_vendor, purchased_products, cost_trend
- inventory: stock_on_hand, moves_per_day
- freshness.freshness: data up to / synced at, from the state database
- live: the shape of today's live figures (pipeline.live.live_today asks Odoo for them)
"""
