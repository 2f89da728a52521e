"""Cost look-back: a lake that starts after the first vendor bills still has costs from its
first day. For every company and product sold in the lake, the latest vendor bill line dated
before the lake's first day is read from Odoo and kept in fact_purchases_lookback; profit
takes those lines as each product's opening cost (same rules as any cost event).

Requests stay bounded whatever the number of products: one grouped query (each company and
product's last bill date before the lake, computed by Odoo) and one keyset read of the lines
on those dates, paged by id (plus one for the user's companies when none is configured). Only
the companies the connection may use are asked.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import polars as pl

from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.months import by_month, fact_months, scan_fact, write_month
from nkdash_desktop.lake.schema import (
    FACTS,
    SALES_ALL_SOURCES,
    conform,
    empty_frame,
    polars_schema,
)
from nkdash_desktop.odoo.reader import OdooReader
from nkdash_desktop.pipeline.profit.profit_calendar import lake_span

log = logging.getLogger(__name__)
LOOKBACK = FACTS["fact_purchases_lookback"]
MODEL = "account.move.line"
LINE_FIELDS = (
    "date",
    "move_id",
    "product_id",
    "company_id",
    "partner_id",
    "currency_id",
    "quantity",
    "price_unit",
    "discount",
    "price_subtotal",
    "balance",
    "tax_ids",
)


@dataclass(frozen=True)
class LookbackResult:
    before: date
    pairs: int  # (company, product) pairs sold in the lake
    found: int  # of them with a bill before the lake
    requests: int

    def summary(self) -> str:
        return (
            f"Cost look-back before {self.before}: {self.found} of {self.pairs} products sold "
            f"have an earlier bill ({self.requests} requests)."
        )


def _id(value: Any) -> int | None:
    """A many2one as Odoo returns it ([id, name], or an id, or False)."""
    if isinstance(value, list | tuple):
        return int(value[0]) if value else None
    return int(value) if value else None


def _domain(before: date, products: Sequence[int], companies: Sequence[int]) -> list:
    """Posted vendor bill product lines before the lake with a price and quantity: what a
    cost event is made of (bonus lines and vendor refunds price nothing)."""
    return [
        ("display_type", "=", "product"),
        ("parent_state", "=", "posted"),
        ("move_id.move_type", "=", "in_invoice"),
        ("date", "<", before.isoformat()),
        ("product_id", "in", list(products)),
        ("company_id", "in", list(companies)),
        ("quantity", ">", 0),
        ("price_unit", ">", 0),
    ]


def _last_dates(client: OdooReader, domain: list, context: dict) -> dict[tuple[int, int], str]:
    """(company, product) -> the date of its last bill line: one grouped query."""
    groups = client.grouped_max(
        MODEL, domain, ["company_id", "product_id"], "date", context=context
    )
    out = {}
    for g in groups:
        last = g.get("date")
        company, product = _id(g.get("company_id")), _id(g.get("product_id"))
        if last and company and product:
            out[(company, product)] = str(last)[:10]
    return out


def latest_bill_lines(
    client: OdooReader, before: date, pairs: pl.DataFrame
) -> tuple[pl.DataFrame, int]:
    """fact_purchases_lookback rows: for each (company_id, product_id) of `pairs`, its latest
    vendor bill line before `before` (the last bill's last line on that date, as the same-day
    rule of latest_cost). Returns the rows and the requests made."""
    requests = 0
    configured = client.connection.company_id
    if configured:  # the client asks with that company only
        usable = {configured}
    else:  # the user's companies, each allowed explicitly (Odoo's default is one)
        usable = {c["id"] for c in client.companies()}
        requests += 1
    pairs = pairs.filter(pl.col("company_id").is_in(sorted(usable)))
    companies = sorted(set(pairs["company_id"].to_list()))
    products = sorted(set(pairs["product_id"].to_list()))
    if not products:
        return empty_frame(LOOKBACK), requests
    context = {} if configured else {"allowed_company_ids": companies}
    domain = _domain(before, products, companies)
    wanted = set(pairs.select("company_id", "product_id").iter_rows())
    last = {k: v for k, v in _last_dates(client, domain, context).items() if k in wanted}
    requests += 1
    rows: list[dict] = []
    if last:
        on_dates = [*domain, ("date", "in", sorted(set(last.values())))]
        for page in client.search_read_pages(MODEL, on_dates, LINE_FIELDS, context=context):
            requests += 1
            rows += page
    best: dict[tuple[int, int], dict] = {}
    for r in rows:
        key = (_id(r["company_id"]), _id(r["product_id"]))
        if last.get(key) != r["date"]:
            continue
        entered = (_id(r["move_id"]), r["id"])
        if key not in best or entered > (_id(best[key]["move_id"]), best[key]["id"]):
            best[key] = r
    frame = pl.DataFrame(
        [
            {
                "day": date.fromisoformat(r["date"]),
                "company_id": key[0],
                "move_id": _id(r["move_id"]),
                "line_id": r["id"],
                "vendor_id": _id(r["partner_id"]),
                "currency_id": _id(r["currency_id"]),
                "product_id": key[1],
                "quantity": float(r["quantity"]),
                "price_unit": float(r["price_unit"]),
                "discount_percent": float(r["discount"] or 0.0),
                "amount_tax_ex": float(r["price_subtotal"]),
                "amount_company_currency": float(r["balance"]),
                "tax_ids": list(r["tax_ids"] or []),
                "is_refund": False,
                "is_bonus": False,
                "looked_back_before": before,
            }
            for key, r in best.items()
        ],
        schema=polars_schema(LOOKBACK),
    )
    return conform(LOOKBACK, frame), requests


def sold_pairs(layout: LakeLayout) -> pl.DataFrame:
    """(company_id, product_id) sold in the lake (POS and invoices)."""
    frames = [
        scan_fact(layout, FACTS[fact]).select("company_id", "product_id")
        for fact, _ in SALES_ALL_SOURCES.values()
    ]
    return pl.concat(frames).drop_nulls().unique().collect().sort("company_id", "product_id")


def looked_back_before(layout: LakeLayout) -> date | None:
    """The lake's first day when the last look-back ran (None: never)."""
    found = scan_fact(layout, LOOKBACK).select(pl.col("looked_back_before").max()).collect()
    return found.item() if found.height else None


def lookback_due(layout: LakeLayout) -> date | None:
    """The lake's first day, when no look-back has covered it yet (a first backfill, or one
    that starts before the last look-back's day); None when nothing is due."""
    span = lake_span(layout)
    if span is None:
        return None
    done = looked_back_before(layout)
    return span[0] if done is None or span[0] < done else None


def store(layout: LakeLayout, rows: pl.DataFrame) -> None:
    """Replace the look-back lines: every month of the new ones, stale months emptied."""
    months = set(by_month(rows["day"].to_list())) | set(fact_months(layout, LOOKBACK))
    for month in sorted(months):
        write_month(layout, LOOKBACK, month, rows.filter(pl.col("day").dt.month_start() == month))


def look_back(client: OdooReader, layout: LakeLayout, before: date) -> LookbackResult:
    """Read and store the look-back lines for the lake's first day `before`. The caller holds
    the writer lock and rebuilds profit afterwards."""
    pairs = sold_pairs(layout)
    rows, requests = latest_bill_lines(client, before, pairs)
    found = rows.height
    if not found:
        # no earlier bill at all: a marker line (a bonus line without product: never a cost)
        # records that the look-back ran for this day
        marker = {
            **dict.fromkeys(LOOKBACK.names),
            "day": before - timedelta(days=1),
            "is_bonus": True,
            "is_refund": False,
            "looked_back_before": before,
        }
        rows = conform(LOOKBACK, pl.DataFrame([marker], schema=polars_schema(LOOKBACK)))
    store(layout, rows)
    result = LookbackResult(before, pairs.height, found, requests)
    log.info("%s", result.summary())
    return result


def read_lookback(layout: LakeLayout) -> pl.DataFrame:
    """The stored look-back lines (fact_purchases columns)."""
    return scan_fact(layout, LOOKBACK).collect()
