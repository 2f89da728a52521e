"""Profit recomputed in DuckDB SQL from the lower layers, for validation: a second, independent
code path next to the Polars pipeline, written from the rules (see multipliers.py,
cost_events.py, latest_cost.py), not from that code; but for the currency rate of a bill line,
which is one definition (cost_events.CURRENCY_RATE_SQL) both run.

Every query runs on a catalog connection (nkdash_desktop.lake.catalog.open_catalog) and reads
only fact_purchases (and the cost look-back's lines), fact_sales_all and dim_taxes; the results come back as Polars frames.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import duckdb
import polars as pl

from nkdash_desktop.lake.schema import FACTS
from nkdash_desktop.pipeline.profit.cost_events import CURRENCY_RATE_SQL

# one level of group taxes, as Odoo allows (a group's children are never groups)
TAXES_SQL = """
WITH own AS (
    SELECT tax_id, amount_type, children_tax_ids,
           CASE WHEN price_include THEN 1.0
                WHEN amount_type = 'percent' THEN 1 + amount / 100
                WHEN amount_type = 'division' AND amount < 100 THEN 1 / (1 - amount / 100)
                ELSE 1.0 END AS natural
    FROM dim_taxes
),
leaf AS (
    SELECT own.tax_id, coalesce(o.multiplier, own.natural) AS multiplier
    FROM own LEFT JOIN profit_overrides o USING (tax_id)
),
children AS (
    SELECT tax_id, unnest(children_tax_ids) AS child FROM own WHERE amount_type = 'group'
),
grouped AS (
    SELECT c.tax_id, 1 + sum(coalesce(leaf.multiplier, 1.0) - 1) AS multiplier
    FROM children c LEFT JOIN leaf ON leaf.tax_id = c.child
    GROUP BY c.tax_id
)
SELECT coalesce(own.tax_id, o.tax_id) AS tax_id,
       coalesce(o.multiplier,
                CASE WHEN own.amount_type = 'group' THEN coalesce(grouped.multiplier, 1.0)
                     ELSE own.natural END,
                1.0) AS multiplier
FROM own
FULL JOIN profit_overrides o USING (tax_id)
LEFT JOIN grouped USING (tax_id)
"""

EVENTS_SQL = """
WITH taxes AS ({taxes}),
lines AS (
    SELECT p.*, c.currency_id AS company_currency_id
    FROM (SELECT {purchase_columns} FROM fact_purchases
          UNION ALL SELECT {purchase_columns} FROM fact_purchases_lookback) p
    LEFT JOIN dim_companies c USING (company_id)
    WHERE day <= $day AND NOT coalesce(is_refund, false) AND NOT coalesce(is_bonus, false)
      AND quantity > 0 AND product_id IS NOT NULL
),
priced AS (
    SELECT *, price_unit * (1 - coalesce(discount_percent, 0) / 100) * ({rate}) AS net
    FROM lines
),
line_taxes AS (SELECT line_id, unnest(tax_ids) AS tax_id FROM priced WHERE net > 0),
line_multiplier AS (
    SELECT line_id, 1 + sum(coalesce(taxes.multiplier, 1.0) - 1) AS multiplier
    FROM line_taxes LEFT JOIN taxes USING (tax_id)
    GROUP BY line_id
)
SELECT p.day, p.product_id, p.move_id, p.line_id, p.company_id, p.quantity,
       p.net AS net_unit_price,
       coalesce(m.multiplier, 1.0) AS tax_multiplier,
       p.net * coalesce(m.multiplier, 1.0) AS unit_cost_tax_in
FROM priced p LEFT JOIN line_multiplier m USING (line_id)
WHERE p.net > 0
"""

LATEST_SQL = """
WITH events AS ({events}),
ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY company_id, product_id ORDER BY day DESC, move_id DESC, line_id DESC) AS rank
    FROM events
)
SELECT company_id, product_id, unit_cost_tax_in, tax_multiplier, day AS cost_day, line_id AS cost_line_id
FROM ranked WHERE rank = 1
"""

SALES_PROFIT_SQL = """
WITH latest AS ({latest}),
standard AS (  -- the Settings > Profit fallback: the company's standard price, never 0
    SELECT company_id, product_id, standard_price FROM dim_product_company_costs
    WHERE $standard AND standard_price > 0
),
priced AS (
    SELECT s.*, l.cost_line_id,
           coalesce(l.unit_cost_tax_in, st.standard_price * CASE WHEN s.revenue_tax_ex <> 0
                    THEN s.revenue_tax_in / s.revenue_tax_ex ELSE 1 END) AS unit_cost_tax_in,
           CASE WHEN l.unit_cost_tax_in IS NOT NULL THEN 'purchase'
                WHEN st.standard_price IS NOT NULL THEN 'standard' END AS cost_source
    FROM fact_sales_all s LEFT JOIN latest l USING (company_id, product_id)
    LEFT JOIN standard st USING (company_id, product_id)
    WHERE s.day = $day
)
SELECT channel, line_id, order_id, company_id, product_id, quantity, revenue_tax_in,
       unit_cost_tax_in,
       quantity * unit_cost_tax_in AS cogs_tax_in,
       revenue_tax_in - quantity * unit_cost_tax_in AS gross_profit,
       unit_cost_tax_in IS NULL AS cost_missing,
       cost_source,
       cost_line_id
FROM priced
"""

AGG_SQL = """
SELECT company_id{by},
       sum(revenue_tax_in) AS revenue_tax_in, sum(cogs_tax_in) AS cogs_tax_in,
       sum(gross_profit) AS gross_profit, sum(quantity) AS quantity,
       count(DISTINCT (channel, order_id)) AS transactions, count(*) AS lines,
       count(*) FILTER (WHERE cost_missing) AS cost_missing_lines,
       coalesce(sum(revenue_tax_in) FILTER (WHERE cost_missing), 0) AS revenue_cost_missing,
       count(*) FILTER (WHERE cost_source = 'standard') AS cost_standard_lines,
       coalesce(sum(revenue_tax_in) FILTER (WHERE cost_source = 'standard'), 0)
           AS revenue_cost_standard
FROM fact_sales_lines_profit
WHERE day = $day
GROUP BY ALL
"""


def _frame(
    con: duckdb.DuckDBPyConnection, query: str, params: Mapping[str, object] | None = None
) -> pl.DataFrame:
    frame = pl.from_arrow(con.sql(query, params=params or {}).to_arrow_table())
    assert isinstance(frame, pl.DataFrame)
    return frame


def _with_overrides(con: duckdb.DuckDBPyConnection, overrides: Mapping[int, float]) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE profit_overrides (tax_id BIGINT, multiplier DOUBLE)")
    if overrides:
        con.executemany(
            "INSERT INTO profit_overrides VALUES (?, ?)",
            [(int(t), float(m)) for t, m in overrides.items()],
        )


def _events() -> str:
    # the cost look-back's lines (bills from before the lake) are cost events like any other
    columns = ", ".join(FACTS["fact_purchases_lookback"].names[:-1])
    # the rate is the pipeline's own definition (cost_events.py): one rule, two engines
    return EVENTS_SQL.format(taxes=TAXES_SQL, purchase_columns=columns, rate=CURRENCY_RATE_SQL)


def multipliers(con: duckdb.DuckDBPyConnection, overrides: Mapping[int, float]) -> pl.DataFrame:
    """tax_id, multiplier: every tax of dim_taxes and every overridden id."""
    _with_overrides(con, overrides)
    return _frame(con, TAXES_SQL)


def cost_events(
    con: duckdb.DuckDBPyConnection, overrides: Mapping[int, float], day: date
) -> pl.DataFrame:
    """The cost events of one day."""
    _with_overrides(con, overrides)
    query = f"SELECT * FROM ({_events()}) WHERE day = $day"
    return _frame(con, query, {"day": day})


def latest_costs(
    con: duckdb.DuckDBPyConnection, overrides: Mapping[int, float], day: date
) -> pl.DataFrame:
    """Each company's latest cost of a product on a day: company_id, product_id,
    unit_cost_tax_in, tax_multiplier, cost_day, cost_line_id."""
    _with_overrides(con, overrides)
    return _frame(con, LATEST_SQL.format(events=_events()), {"day": day})


def sales_profit(
    con: duckdb.DuckDBPyConnection,
    overrides: Mapping[int, float],
    day: date,
    standard_cost: bool = False,
) -> pl.DataFrame:
    """Every POS and invoice line of a day with its profit; with `standard_cost`, the lines
    without a bill's cost at the company's standard price (standard_cost.py's rules)."""
    _with_overrides(con, overrides)
    latest = LATEST_SQL.format(events=_events())
    params = {"day": day, "standard": standard_cost}
    return _frame(con, SALES_PROFIT_SQL.format(latest=latest), params)


def aggregates(con: duckdb.DuckDBPyConnection, day: date, by_product: bool) -> pl.DataFrame:
    """The day's aggregates summed from fact_sales_lines_profit (per company, and product)."""
    query = AGG_SQL.format(by=", product_id" if by_product else "")
    return _frame(con, query, {"day": day})
