"""Tiny synthetic star schemas for the profit tests: purchases, sales and taxes as the load step
would leave them, from a few values per row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import polars as pl
from polars.testing import assert_frame_equal

from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.lake.months import replace_days, scan_fact
from nkdash_desktop.lake.schema import DIMS, FACTS, conform, empty_frame
from nkdash_desktop.lake.versions import publish_frame

# the original deployment's overrides: included PPN -> 1.0, PPN Masukan (and its group) -> 1.11
OVERRIDES = {5: 1.0, 2: 1.0, 7: 1.11, 6: 1.11}

# the demo's taxes: id, name, amount, amount_type, use, price_include, children
DEMO_TAXES = [
    (1, "PPN 11%", 11.0, "percent", "sale", False, []),
    (2, "PPN 11% Termasuk", 11.0, "percent", "sale", True, []),
    (3, "Bebas PPN 0%", 0.0, "percent", "sale", False, []),
    (4, "PPN 12%", 12.0, "percent", "sale", False, []),
    (5, "PPN Masukan Termasuk 11%", 11.0, "percent", "purchase", True, []),
    (6, "PPN Masukan 11%", 11.0, "percent", "purchase", False, []),
    (7, "PPN Masukan + Retribusi", 0.0, "group", "purchase", False, [6, 8]),
    (8, "Retribusi 0.5%", 0.5, "percent", "purchase", False, []),
    (9, "Pembelian Bebas 0%", 0.0, "percent", "purchase", False, []),
]
PROFIT_TABLES = (
    "fact_product_cost_events",
    "fact_product_cost_latest_daily",
    "fact_sales_lines_profit",
    "agg_profit_daily",
    "agg_profit_daily_by_product",
)


def taxes_frame(taxes: Iterable[tuple] = DEMO_TAXES) -> pl.DataFrame:
    rows = [
        {
            "tax_id": t[0],
            "name": t[1],
            "amount": t[2],
            "amount_type": t[3],
            "type_tax_use": t[4],
            "price_include": t[5],
            "children_tax_ids": t[6],
            "company_id": 1,
            "archived": False,
        }
        for t in taxes
    ]
    dim = DIMS["dim_taxes"]
    return conform(dim, pl.DataFrame(rows)) if rows else empty_frame(dim)


def write_taxes(layout: LakeLayout, taxes: Iterable[tuple] = DEMO_TAXES) -> None:
    publish_frame(taxes_frame(taxes), layout.single_file(STAR, "dim_taxes"))


def purchase(
    line_id: int,
    day: date,
    product_id: int,
    price: float,
    quantity: float = 1.0,
    *,
    move_id: int | None = None,
    taxes: list[int] | None = None,
    discount: float = 0.0,
    refund: bool = False,
    rate: float = 1.0,
    **extra: Any,
) -> dict[str, Any]:
    """A fact_purchases row: a bill line in a currency worth `rate` company units."""
    included = 1.11 if taxes == [5] else 1.0
    subtotal = quantity * price * (1 - discount / 100) / included
    sign = -1.0 if refund else 1.0
    return {
        "day": day,
        "company_id": 1,
        "move_id": move_id if move_id is not None else line_id,
        "move_name": f"BILL/{line_id}",
        "move_type": "in_refund" if refund else "in_invoice",
        "line_id": line_id,
        "invoice_date": day,
        "vendor_id": 20,
        "currency_id": 1 if rate == 1.0 else 2,
        "product_id": product_id,
        "uom_id": 1,
        "quantity": quantity * sign,
        "price_unit": price,
        "discount_percent": discount,
        "net_unit_price": subtotal / quantity if quantity else price,
        "amount_tax_ex": subtotal * sign,
        "amount_tax_in": subtotal * 1.11 * sign,
        "amount_company_currency": subtotal * rate * sign,
        "amount_company_currency_tax_in": subtotal * 1.11 * rate * sign,
        "tax_ids": [6] if taxes is None else taxes,
        "is_refund": refund,
        "is_bonus": not (subtotal > 0 and quantity > 0),
        **extra,
    }


def sale(
    line_id: int,
    day: date,
    product_id: int | None,
    quantity: float,
    revenue: float,
    *,
    order_id: int | None = None,
    company_id: int = 1,
) -> dict[str, Any]:
    """A sales line, in the columns fact_sales and fact_invoice_sales share."""
    return {
        "day": day,
        "company_id": company_id,
        "order_id": order_id if order_id is not None else line_id,
        "line_id": line_id,
        "product_id": product_id,
        "quantity": quantity,
        "revenue_tax_in": revenue,
    }


def _pos_frame(rows: list[Mapping[str, Any]]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema_overrides={"product_id": pl.Int64})
    return conform(
        FACTS["fact_sales"],
        frame.with_columns(
            order_name=pl.format("Shop/{}", "order_id"),
            date_order=pl.col("day").cast(pl.Datetime("us")),
            hour=pl.lit(10, pl.Int8),
            weekday=pl.col("day").dt.weekday().cast(pl.Int8),
            session_id=pl.lit(1),
            config_id=pl.lit(1),
            employee_id=pl.lit(None, pl.Int64),
            user_id=pl.lit(2),
            partner_id=pl.lit(None, pl.Int64),
            currency_id=pl.lit(1),
            price_unit=pl.col("revenue_tax_in") / pl.col("quantity"),
            discount_percent=pl.lit(0.0),
            discount_amount=pl.lit(0.0),
            revenue_tax_ex=pl.col("revenue_tax_in") / 1.11,
            is_refund=pl.col("quantity") < 0,
            payment_method_id=pl.lit(1),
        ),
    )


def _invoice_frame(rows: list[Mapping[str, Any]]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema_overrides={"product_id": pl.Int64})
    return conform(
        FACTS["fact_invoice_sales"],
        frame.rename({"order_id": "move_id"}).with_columns(
            move_name=pl.format("INV/{}", "move_id"),
            move_type=pl.when(pl.col("quantity") < 0)
            .then(pl.lit("out_refund"))
            .otherwise(pl.lit("out_invoice")),
            invoice_date=pl.col("day"),
            weekday=pl.col("day").dt.weekday().cast(pl.Int8),
            salesperson_id=pl.lit(2),
            partner_id=pl.lit(7),
            currency_id=pl.lit(1),
            uom_id=pl.lit(1),
            price_unit=pl.col("revenue_tax_in") / pl.col("quantity"),
            discount_percent=pl.lit(0.0),
            discount_amount=pl.lit(0.0),
            revenue_tax_ex=pl.col("revenue_tax_in") / 1.11,
            revenue_tax_ex_document_currency=pl.col("revenue_tax_in") / 1.11,
            revenue_tax_in_document_currency=pl.col("revenue_tax_in"),
            is_refund=pl.col("quantity") < 0,
        ),
    )


def write_rows(layout: LakeLayout, fact: str, rows: list[Mapping[str, Any]], days=None) -> None:
    """Make `rows` the content of their days (and of `days`) in a source fact."""
    shape = {
        "fact_purchases": lambda r: conform(FACTS["fact_purchases"], pl.DataFrame(r)),
        "fact_sales": _pos_frame,
        "fact_invoice_sales": _invoice_frame,
    }[fact]
    frame = shape(rows) if rows else empty_frame(FACTS[fact])
    wanted = set(days or ()) | set(frame["day"].to_list())
    if wanted:
        replace_days(layout, FACTS[fact], wanted, frame)


def read_table(layout: LakeLayout, name: str) -> pl.DataFrame:
    return scan_fact(layout, FACTS[name]).collect()


def same_profit(a: LakeLayout, b: LakeLayout) -> None:
    """Every profit table of two lakes holds the same rows (floats to 1e-9: sums in another
    order)."""
    for name in PROFIT_TABLES:
        order = FACTS[name].sort_by
        assert_frame_equal(
            read_table(a, name).sort(order), read_table(b, name).sort(order), rel_tol=1e-9
        )
