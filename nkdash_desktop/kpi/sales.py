"""Sales breakdowns: top products, hour x weekday, categories, payment methods, cashiers; each
once per currency of the selected companies (`each_currency`): no figure adds two currencies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb
import polars as pl

from nkdash_desktop.i18n import QT_TRANSLATE_NOOP, translate
from nkdash_desktop.kpi.companies import CurrencyGroup, companies, currency_groups, each_currency
from nkdash_desktop.kpi.sql import Companies, frame, period_filter, text, unknown
from nkdash_desktop.kpi.totals import product_totals, top_product_totals

UNCATEGORISED = "Uncategorised"


@each_currency
def top_products(
    con: duckdb.DuckDBPyConnection,
    start: date,
    end: date,
    company_id: Companies = None,
    limit: int = 10,
) -> pl.DataFrame:
    """The best sellers by revenue, with their share of the period's revenue."""
    return top_product_totals(con, start, end, company_id, limit)


@each_currency
def sales_heatmap(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
) -> pl.DataFrame:
    """POS revenue and orders per weekday (1 = Monday) and local hour; invoices have no hour."""
    where, params = period_filter(start, end, company_id)
    return frame(
        con,
        f"""
        SELECT weekday, hour, sum(revenue_tax_in) AS revenue,
               count(DISTINCT order_id) AS transactions
        FROM fact_sales WHERE {where} AND hour IS NOT NULL
        GROUP BY weekday, hour ORDER BY weekday, hour
        """,
        params,
    )


def _ancestry(categories: pl.DataFrame) -> pl.DataFrame:
    """(category_id, ancestor_id, depth of the ancestor) for every category and each of its
    ancestors, itself included; category 0 stands for products without a category."""
    parents = dict(zip(categories["category_id"], categories["parent_id"], strict=True))
    pairs = []
    for category in [0, *parents]:
        chain = [category]
        while (parent := parents.get(chain[-1])) is not None and parent not in chain:
            chain.append(parent)
        pairs += [(category, ancestor, len(chain) - i) for i, ancestor in enumerate(chain)]
    return pl.DataFrame(
        pairs, schema={"category_id": pl.Int64, "node": pl.Int64, "depth": pl.Int64}, orient="row"
    )


@each_currency
def sales_by_category(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
) -> pl.DataFrame:
    """Every category with sales in it or below it: category_id, name, path, parent_path ('' for
    a root), depth, revenue_own (its own products), then revenue, quantity, gross_profit and
    margin of its whole subtree; by depth, then revenue. path/parent_path feed a treemap."""
    return category_totals(con, product_totals(con, start, end, company_id))


def category_totals(con: duckdb.DuckDBPyConnection, products: pl.DataFrame) -> pl.DataFrame:
    """`sales_by_category` from the period's `product_totals` (read once by a report that
    shows them too)."""
    categories = frame(con, "SELECT category_id, name, full_path, parent_id FROM dim_categories")
    product_category = frame(con, "SELECT product_id, category_id FROM dim_products")
    own = (
        products.join(product_category, on="product_id", how="left")
        .with_columns(
            pl.col("category_id").fill_null(0),
            # margin over the revenue whose cost is known (an unknown cost is not a zero cost)
            profit_revenue=pl.when(pl.col("gross_profit").is_not_null()).then("cost_known_revenue"),
        )
        .group_by("category_id")
        .agg(
            pl.col("revenue", "quantity", "gross_profit", "profit_revenue").sum(),
            has_profit=pl.col("gross_profit").is_not_null().any(),
        )
    )
    subtree = (
        own.join(_ancestry(categories), on="category_id")
        .group_by("node", "depth")
        .agg(
            revenue_own=pl.col("revenue").filter(pl.col("category_id") == pl.col("node")).sum(),
            revenue=pl.col("revenue").sum(),
            quantity=pl.col("quantity").sum(),
            gross_profit=pl.when(pl.col("has_profit").any()).then(pl.col("gross_profit").sum()),
            profit_revenue=pl.col("profit_revenue").sum(),
        )
    )
    names = pl.concat(
        [
            categories,
            pl.DataFrame(
                {"category_id": [0], "name": [UNCATEGORISED], "full_path": [UNCATEGORISED]},
                schema_overrides={"category_id": pl.Int64},
            ),
        ],
        how="diagonal_relaxed",
    )
    parent_paths = names.select(parent_id="category_id", parent_path="full_path")
    return (
        subtree.join(names, left_on="node", right_on="category_id", how="left")
        .join(parent_paths, on="parent_id", how="left")
        .select(
            category_id="node",
            name=pl.col("name").fill_null(pl.format("Category {}", "node")),
            path=pl.col("full_path").fill_null(pl.format("Category {}", "node")),
            parent_path=pl.col("parent_path").fill_null(""),
            depth="depth",
            revenue_own="revenue_own",
            revenue="revenue",
            quantity="quantity",
            gross_profit="gross_profit",
            margin=pl.when(pl.col("profit_revenue") != 0).then(
                pl.col("gross_profit") / pl.col("profit_revenue")
            ),
        )
        .sort(["depth", "revenue", "category_id"], descending=[False, True, False])
    )


PAYMENTS_NOT_READ = QT_TRANSLATE_NOOP("Columns", "POS, payments not read yet")
INVOICES_ON_ACCOUNT = QT_TRANSLATE_NOOP("Columns", "Invoices (on account)")


@each_currency
def sales_by_payment_method(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
) -> pl.DataFrame:
    """How the period's revenue was paid: per POS payment method, the amounts Odoo recorded
    (fact_payments: change and refunds negative, so a day's payments are its order totals);
    invoices, paid outside the POS, form their own row. POS days whose payments the lake has
    not read yet (a lake older than the payments dataset, until its sync catches up) form a
    row of their own with their order totals: never guessed onto a method."""
    where, params = period_filter(start, end, company_id)
    return frame(
        con,
        f"""
        WITH paid AS (
            SELECT payment_method_id, amount, order_id FROM fact_payments WHERE {where}
        ), unread AS (
            SELECT o.amount_total, o.order_id FROM fact_pos_orders o
            WHERE {where} AND NOT EXISTS (
                SELECT 1 FROM fact_payments p WHERE p.day = o.day AND p.company_id = o.company_id
            )
        ), invoices AS (
            SELECT revenue_tax_in, move_id FROM fact_invoice_sales WHERE {where}
        ), methods AS (
            SELECT p.payment_method_id, coalesce(m.name, {unknown("method")}) AS payment_method,
                   sum(p.amount) AS revenue, count(DISTINCT p.order_id) AS transactions
            FROM paid p LEFT JOIN dim_payment_methods m USING (payment_method_id)
            GROUP BY ALL
            UNION ALL
            SELECT NULL, {text(translate("Columns", PAYMENTS_NOT_READ))}, sum(amount_total), count(DISTINCT order_id)
            FROM unread HAVING count(*) > 0
            UNION ALL
            SELECT NULL, {text(translate("Columns", INVOICES_ON_ACCOUNT))}, sum(revenue_tax_in),
                   count(DISTINCT move_id)
            FROM invoices HAVING count(*) > 0
        )
        SELECT payment_method_id, payment_method, revenue, transactions,
               revenue / sum(revenue) OVER () AS share
        FROM methods ORDER BY revenue DESC, payment_method
        """,
        [*params, *params, *params],
    )


def sales_by_cashier(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: Companies = None
) -> pl.DataFrame:
    """Per cashier (the POS employee, else the POS user; an invoice's salesperson): revenue,
    transactions, average basket and quantity, once per currency of the selected companies
    with currency and currency_symbol first (as `each_currency`). A cashier is an employee by
    id (its name from dim_employees; one it has no name for goes by the line's user's name,
    else Unknown), or else a user by id."""
    parts = cashiers_by_group(con, start, end, currency_groups(companies(con), company_id))
    return pl.concat(parts, how="diagonal_relaxed") if len(parts) > 1 else parts[0]


def cashiers_by_group(
    con: duckdb.DuckDBPyConnection, start: date, end: date, groups: Sequence[CurrencyGroup]
) -> list[pl.DataFrame]:
    """`sales_by_cashier`'s frame of each currency group, from one scan of the period's lines
    for all groups: a scan per currency read a year's 10 M lines twice."""
    if len(groups) == 1:
        where, params = period_filter(start, end, groups[0].scope, alias="s")
        group, of_group = "0", ""
    else:  # the groups' companies are the selection; ids are the lake's integers
        ids = tuple(c for g in groups for c in g.company_ids)
        where, params = period_filter(start, end, ids, alias="s")
        # each line's group from a join on its company: a CASE of the groups' companies over
        # every line cost a third more. Grouped by currency group, not by company: an order id
        # in two companies (never in Odoo, in a synthetic lake) stays one order, as before.
        pairs = ", ".join(f"({int(c)}, {i})" for i, g in enumerate(groups) for c in g.company_ids)
        group = "m.currency_group"
        of_group = (
            f"JOIN (VALUES {pairs}) AS m(company_id, currency_group) ON m.company_id = s.company_id"
        )
    # The lines are grouped by integers, and names joined to the few groups: grouping a year's
    # 10 M lines by a text key and counting distinct (channel, order) pairs cost twice the CPU.
    # `same_name`: one user id per user name, so an unnamed employee's lines group by the name
    # of their user, as the cashier column shows it. An order is counted once per channel:
    # order_id * 2 + 1 for an invoice (ids are database ids, far below 2**62).
    found = frame(
        con,
        f"""
        WITH named AS (
            SELECT employee_id FROM dim_employees WHERE employee_id IS NOT NULL AND name IS NOT NULL
        ), users AS (
            SELECT user_id, min(user_id) OVER (PARTITION BY name) AS same_name
            FROM dim_users WHERE name IS NOT NULL
        ), cashiers AS (
            SELECT {group} AS currency_group, s.employee_id,
                   CASE WHEN s.employee_id IS NULL THEN s.user_id
                        WHEN s.employee_id NOT IN (SELECT employee_id FROM named)
                            THEN k.same_name END AS user_id,
                   sum(s.revenue_tax_in) AS revenue,
                   count(DISTINCT s.order_id * 2 + (s.channel = 'invoice')::BIGINT)
                       AS transactions,
                   sum(s.quantity) AS quantity
            FROM fact_sales_all s {of_group} LEFT JOIN users k ON k.user_id = s.user_id
            WHERE {where}
            GROUP BY ALL
        )
        SELECT c.currency_group, coalesce(e.name, u.name, {unknown()}) AS cashier, c.revenue,
               c.transactions, c.revenue / c.transactions AS average_basket, c.quantity
        FROM cashiers c
        LEFT JOIN dim_employees e USING (employee_id)
        LEFT JOIN dim_users u ON u.user_id = c.user_id
        ORDER BY c.currency_group, revenue DESC
        """,
        params,
    )
    return [
        found.filter(pl.col("currency_group") == i).select(
            pl.lit(g.currency.code, pl.String).alias("currency"),
            pl.lit(g.currency.symbol, pl.String).alias("currency_symbol"),
            pl.all().exclude("currency_group"),
        )
        for i, g in enumerate(groups)
    ]
