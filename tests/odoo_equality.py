"""Every day and company of a lake compared with Odoo's own grouped totals (read_group /
formatted_read_group through the real client): POS order totals, tax and counts (in the facts
and in their daily pre-aggregate); invoice and bill totals and quantities per move type, and the
moves' company-currency totals (amount_untaxed_signed, amount_total_signed); stock moved. Each
to half a cent for the whole day,
counts exactly. One comparison, used by the end-to-end test (tests/pipeline/test_equal_to_odoo.py)
and the random histories (tests/reliability/test_stateful_sync.py).

Companies and move types are read from Odoo, not listed here, so whatever the demo holds
(currencies, foreign-currency bills, a company's own purchases...) is checked the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import duckdb

from nkdash_desktop.datasets.base import utc_window
from nkdash_desktop.odoo import OdooClient
from nkdash_desktop.pipeline.days import local_day

CENT = 0.005  # a day's total may not differ from Odoo's by half a cent
# (lake fact, Odoo amount field -> lake column) per kind of move; the lake signs refunds.
# `balance` is Odoo's company-currency amount (what Invoicing > Reporting sums), already signed
# and debit-positive: the lake's revenue, in the company currency, is its negation
LAKE_MOVES = {
    "out": ("fact_invoice_sales", {"price_total": "revenue_tax_in_document_currency",
                                   "price_subtotal": "revenue_tax_ex_document_currency",
                                   "balance": "-revenue_tax_ex", "quantity": "quantity"}),
    "in": ("fact_purchases", {"price_total": "amount_tax_in", "price_subtotal": "amount_tax_ex",
                              "balance": "+amount_company_currency", "quantity": "quantity"}),
}  # fmt: skip
# the moves' own company-currency totals (account.move *_signed, what Odoo's ledger and the
# invoice list show) -> the lake's sums over their lines: per move type, day and company
LAKE_MOVE_TOTALS = {
    "out": {"amount_untaxed_signed": "sum(revenue_tax_ex)",
            "amount_total_signed": "sum(revenue_tax_in)"},
    "in": {"amount_untaxed_signed": "-sum(amount_company_currency)",
           "amount_total_signed": "-sum(amount_company_currency_tax_in)"},
}  # fmt: skip

Key = tuple[Any, ...]


def companies(client: OdooClient) -> list[int]:
    return [r["id"] for r in client.search_read("res.company", [], ["id"])]


def odoo_days(
    client: OdooClient,
    company: int,
    model: str,
    domain: list,
    day_field: str,
    fields: list[str],
    first: date,
    last: date,
    datetime_field: bool,
    tz: str,
) -> dict[date, dict[str, float]]:
    """Odoo's own per-day sums and counts for one company over [first, last]."""
    if datetime_field:
        start, end = utc_window(first, tz)[0], utc_window(last, tz)[1]
        window = [(day_field, ">=", start), (day_field, "<", end)]
    else:
        window = [(day_field, ">=", first.isoformat()), (day_field, "<=", last.isoformat())]
    rows = client.grouped_totals(
        model,
        [*domain, *window, ("company_id", "=", company)],
        day_field,
        fields,
        context={"allowed_company_ids": [company]},
    )
    return {r["day"]: {"count": r["count"], **{f: r[f] for f in fields}} for r in rows}


def lake_days(con, sql: str, params: Iterable[Any]) -> dict[Key, dict[str, float]]:
    """(day, company[, move type]) -> measures, from a lake query whose last columns are the
    measures named in its SELECT."""
    result = con.execute(sql, list(params))
    names = [d[0] for d in result.description]
    out = {}
    for row in result.fetchall():
        values = dict(zip(names, row, strict=True))
        key = tuple(values.pop(k) for k in ("day", "company_id", "move_type") if k in values)
        out[key] = values
    return out


def differences(
    odoo: dict[Key, dict[str, float]], lake: dict[Key, dict[str, float]], what: str
) -> list[str]:
    """Each (day, company...) and measure where the lake and Odoo disagree; counts exactly,
    amounts and quantities to half a cent."""
    out = []
    for key in sorted(set(odoo) | set(lake), key=str):
        o, k = odoo.get(key), lake.get(key)
        if o is None or k is None:
            out.append(f"{what} {key}: only in {'the lake' if o is None else 'Odoo'}")
            continue
        for measure, expected in o.items():
            got = k[measure]
            limit = 0 if measure == "count" else CENT
            if got is None or abs(float(got) - float(expected)) > limit:
                out.append(f"{what} {key} {measure}: lake {got}, Odoo {expected}")
    return out


def odoo_differences(
    client: OdooClient, con: duckdb.DuckDBPyConnection, first: date, last: date, tz: str
) -> tuple[list[str], set[str]]:
    """Each (day, company[, move type]) and measure over [first, last] where the lake (`con`,
    its catalog) and Odoo disagree, and the move types compared."""
    problems: list[str] = []
    valid = list(client.odoo_version.pos_valid_states)
    move_types: set[str] = set()
    for company in companies(client):
        # POS orders: Odoo's amount_total and amount_tax (tax rounded per order)
        pos = odoo_days(client, company, "pos.order", [("state", "in", valid)],
                        "date_order", ["amount_total", "amount_tax"], first, last, True, tz)  # fmt: skip
        odoo = {(d, company): v for d, v in pos.items()}
        lake = lake_days(
            con,
            "SELECT day, company_id, count(*) AS count, sum(amount_total) AS amount_total, "
            "sum(amount_tax) AS amount_tax FROM fact_pos_orders WHERE company_id = ? "
            "AND day BETWEEN ? AND ? GROUP BY ALL",
            [company, first, last],
        )
        problems += differences(odoo, lake, "POS orders")
        # and the daily pre-aggregate the cards read them from (lake/documents.py)
        lake = lake_days(
            con,
            "SELECT day, company_id, pos_orders AS count, pos_revenue_tax_in AS amount_total, "
            "pos_tax AS amount_tax FROM agg_documents_daily WHERE company_id = ? "
            "AND day BETWEEN ? AND ? AND (pos_orders <> 0 OR pos_totals_unknown)",
            [company, first, last],
        )
        problems += differences(odoo, lake, "POS document totals")

        # invoices and bills, per move type present in Odoo for this company
        types = client.grouped_totals(
            "account.move", [("state", "=", "posted"), ("company_id", "=", company)],
            "date", [], ["move_type"], context={"allowed_company_ids": [company]},
        )  # fmt: skip
        # and those the lake holds: a type whose every move was cancelled is still compared
        held = {
            t
            for fact, _ in LAKE_MOVES.values()
            for (t,) in con.execute(
                f"SELECT DISTINCT move_type FROM {fact} WHERE company_id = ?", [company]
            ).fetchall()
        }
        for move_type in sorted({r["move_type"] for r in types} | held):
            side = move_type.split("_")[0]
            if side not in LAKE_MOVES:
                continue  # journal entries: not sales or purchases
            move_types.add(move_type)
            fact, columns = LAKE_MOVES[side]
            domain = [("display_type", "=", "product"), ("parent_state", "=", "posted"),
                      ("move_id.move_type", "=", move_type)]  # fmt: skip
            if side == "out":  # invoiced POS orders count as POS orders, never twice
                domain.append(("move_id.pos_order_ids", "=", False))
            lines = odoo_days(client, company, "account.move.line", domain, "date",
                              list(columns), first, last, False, tz)  # fmt: skip
            odoo = {(d, company, move_type): v for d, v in lines.items()}
            sign = -1 if move_type.endswith("refund") else 1  # Odoo keeps them positive
            # a column with its own sign (+/-) is signed like a balance, not by move type
            measures = ", ".join(
                f"{c[0]}1 * sum({c[1:]}) AS {f}" if c[0] in "+-" else f"{sign} * sum({c}) AS {f}"
                for f, c in columns.items()
            )
            lake = lake_days(
                con,
                f"SELECT day, company_id, move_type, count(*) AS count, {measures} "
                f"FROM {fact} WHERE company_id = ? AND move_type = ? "
                "AND day BETWEEN ? AND ? GROUP BY ALL",
                [company, move_type, first, last],
            )
            problems += differences(odoo, lake, move_type)

            # the same documents' totals in company currency, as Odoo posted them
            totals = LAKE_MOVE_TOTALS[side]
            moves = odoo_days(client, company, "account.move",
                              [("state", "=", "posted"), ("move_type", "=", move_type),
                               *([("pos_order_ids", "=", False)] if side == "out" else [])],
                              "date", list(totals), first, last, False, tz)  # fmt: skip
            measures = ", ".join(f"{sql} AS {field}" for field, sql in totals.items())
            odoo = {(d, company, move_type): v for d, v in moves.items()}
            lake = lake_days(
                con,
                f"SELECT day, company_id, move_type, count(DISTINCT move_id) AS count, {measures} "
                f"FROM {fact} WHERE company_id = ? AND move_type = ? "
                "AND day BETWEEN ? AND ? GROUP BY ALL",
                [company, move_type, first, last],
            )
            problems += differences(odoo, lake, f"{move_type} moves")

        # stock moved
        moved = odoo_days(client, company, "stock.move.line", [("state", "=", "done")],
                          "date", ["quantity"], first, last, True, tz)  # fmt: skip
        odoo = {(d, company): v for d, v in moved.items()}
        lake = lake_days(
            con,
            "SELECT day, company_id, count(*) AS count, sum(quantity) AS quantity "
            "FROM fact_inventory_moves WHERE company_id = ? AND day BETWEEN ? AND ? "
            "GROUP BY ALL",
            [company, first, last],
        )
        problems += differences(odoo, lake, "stock moves")
    return problems, move_types


def payment_differences(
    client: OdooClient, con: duckdb.DuckDBPyConnection, first: date, last: date, tz: str
) -> list[str]:
    """POS payments over [first, last]: in Odoo, every valid order's payments add up to its
    amount_total (Odoo keeps no paid order otherwise); in the lake, each order's payments add
    up to its total, and per day and company they equal Odoo's payments, to half a cent."""
    problems: list[str] = []
    valid = list(client.odoo_version.pos_valid_states)
    start, end = utc_window(first, tz)[0], utc_window(last, tz)[1]
    for company in companies(client):
        context = {"allowed_company_ids": [company]}
        orders = {
            r["id"]: (local_day(r["date_order"], tz), r["amount_total"])
            for r in client.search_read(
                "pos.order",
                [("date_order", ">=", start), ("date_order", "<", end), ("state", "in", valid),
                 ("company_id", "=", company)],
                ["date_order", "amount_total"], context=context,
            )
        }  # fmt: skip
        paid: dict[Key, dict[str, float]] = {(o,): {"amount": 0.0} for o in orders}
        for p in client.search_read(
            "pos.payment", [("pos_order_id", "in", list(orders))], ["pos_order_id", "amount"],
            context=context,
        ):  # fmt: skip
            paid[(p["pos_order_id"][0],)]["amount"] += p["amount"]
        totals = {(o,): {"amount": total} for o, (_, total) in orders.items()}
        problems += differences(totals, paid, f"Odoo's payments of company {company}'s order")
        odoo_days_paid: dict[Key, dict[str, float]] = {}
        for (order,), v in paid.items():
            day = odoo_days_paid.setdefault((orders[order][0], company), {"amount": 0.0})
            day["amount"] += v["amount"]
        lake = lake_days(
            con,
            "SELECT day, company_id, sum(amount) AS amount FROM fact_payments "
            "WHERE company_id = ? AND day BETWEEN ? AND ? GROUP BY ALL",
            [company, first, last],
        )
        problems += differences(odoo_days_paid, lake, "POS payments")
        rows = con.execute(
            "SELECT o.order_id, o.amount_total, coalesce(sum(p.amount), 0) FROM fact_pos_orders o "
            "LEFT JOIN fact_payments p USING (order_id) WHERE o.company_id = ? "
            "AND o.day BETWEEN ? AND ? GROUP BY ALL",
            [company, first, last],
        ).fetchall()
        problems += differences(
            {(o,): {"amount": t} for o, t, _ in rows},
            {(o,): {"amount": p} for o, _, p in rows},
            "the lake's payments of order",
        )
    return problems
