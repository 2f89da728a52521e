"""POS: orders in valid states with Odoo's totals, their lines (each with its order's fields)
and payments."""

from __future__ import annotations

import polars as pl

from nkdash_desktop.odoo.versions import VALUES
from nkdash_desktop.pipeline.clean.base import DayCleaner, RawDay
from nkdash_desktop.pipeline.clean.common import (
    keep_day,
    latest_by_id,
    local_time,
    utc_instant,
    weekday,
)

# A state valid on any supported version is a sale ('invoiced' exists only before 19); a
# cancelled or draft order that slipped into the raw day (edited after extraction) is not.
VALID_STATES = sorted({s for states in VALUES["pos.order.valid_states"].values() for s in states})


def _orders(raw: RawDay) -> pl.DataFrame:
    orders = latest_by_id(raw.tables["pos_orders"]).filter(pl.col("state").is_in(VALID_STATES))
    orders = orders.with_columns(date_order_utc=utc_instant("date_order")).with_columns(
        date_order=local_time(pl.col("date_order_utc"), raw.timezone)
    )
    orders = orders.select(
        order_id=pl.col("id"),
        order_name=pl.col("name"),
        pos_reference=pl.col("pos_reference"),
        day=pl.col("date_order").dt.date(),
        date_order=pl.col("date_order"),
        date_order_utc=pl.col("date_order_utc"),
        hour=pl.col("date_order").dt.hour().cast(pl.Int8),
        weekday=weekday(pl.col("date_order")),
        state=pl.col("state"),
        session_id=pl.col("session_id_id"),
        config_id=pl.col("config_id_id"),
        config_name=pl.col("config_id_name"),
        employee_id=pl.col("employee_id_id"),
        user_id=pl.col("user_id_id"),
        cashier_name=pl.coalesce("employee_id_name", "user_id_name"),
        partner_id=pl.col("partner_id_id"),
        partner_name=pl.col("partner_id_name"),
        company_id=pl.col("company_id_id"),
        currency_id=pl.col("currency_id_id"),
        order_is_refund=pl.col("is_refund"),
        amount_total=pl.col("amount_total"),
        amount_tax=pl.col("amount_tax"),
    )
    return keep_day(orders, raw.day, "pos_orders")


def _payments(raw: RawDay, orders: pl.DataFrame) -> pl.DataFrame:
    payments = latest_by_id(raw.tables["pos_payments"]).with_columns(
        payment_date_utc=utc_instant("payment_date")
    )
    of_valid_orders = orders.select("order_id", "order_name", "day", "config_id", "company_id")
    return payments.join(
        of_valid_orders, left_on="pos_order_id_id", right_on="order_id", how="inner"
    ).select(
        payment_id=pl.col("id"),
        order_id=pl.col("pos_order_id_id"),
        order_name=pl.col("order_name"),
        day=pl.col("day"),
        payment_date=local_time(pl.col("payment_date_utc"), raw.timezone),
        payment_date_utc=pl.col("payment_date_utc"),
        amount=pl.col("amount"),
        payment_method_id=pl.col("payment_method_id_id"),
        payment_method_name=pl.col("payment_method_id_name"),
        is_change=pl.col("is_change"),
        session_id=pl.col("session_id_id"),
        config_id=pl.col("config_id"),
        company_id=pl.coalesce("company_id_id", "company_id"),
    )


def main_payment_method(payments: pl.DataFrame) -> pl.DataFrame:
    """order_id -> the method of its largest payment (change excluded; ties: first payment)."""
    return (
        payments.filter(~pl.col("is_change"))
        .group_by("order_id")
        .agg(
            pl.col("payment_method_id")
            .sort_by([pl.col("amount").abs(), pl.col("payment_id")], descending=[True, False])
            .first()
        )
    )


def _lines(raw: RawDay, orders: pl.DataFrame, methods: pl.DataFrame) -> pl.DataFrame:
    lines = latest_by_id(raw.tables["pos_order_lines"])
    lines = lines.join(orders, left_on="order_id_id", right_on="order_id", how="inner").join(
        methods, left_on="order_id_id", right_on="order_id", how="left"
    )
    qty = pl.col("qty")
    # the order's columns come with the join; the contract picks the clean table's columns
    return lines.with_columns(
        line_id=pl.col("id"),
        order_id=pl.col("order_id_id"),
        company_id=pl.coalesce("company_id_id", "company_id"),
        product_id=pl.col("product_id_id"),
        product_name=pl.coalesce("full_product_name", "product_id_name"),
        quantity=qty,
        discount_percent=pl.col("discount"),
        discount_amount=pl.col("price_unit") * qty * pl.col("discount") / 100.0,
        revenue_tax_ex=pl.col("price_subtotal"),
        revenue_tax_in=pl.col("price_subtotal_incl"),
        refunded_line_id=pl.col("refunded_orderline_id_id"),
        is_refund=(qty < 0) | pl.col("order_is_refund"),
    )


def _order_totals(orders: pl.DataFrame, lines: pl.DataFrame) -> pl.DataFrame:
    """One row per order: Odoo's totals next to the sums of its lines, and the difference
    Odoo's per-order tax rounding makes between them."""
    sums = lines.group_by("order_id").agg(
        lines=pl.len(),
        lines_revenue_tax_in=pl.col("revenue_tax_in").sum(),
        lines_revenue_tax_ex=pl.col("revenue_tax_ex").sum(),
    )
    return (
        orders.join(sums, on="order_id", how="left")
        .with_columns(
            pl.col("lines").fill_null(0),
            pl.col("lines_revenue_tax_in", "lines_revenue_tax_ex").fill_null(0.0),
        )
        .with_columns(
            is_refund=pl.col("order_is_refund").fill_null(False),
            amount_untaxed=(pl.col("amount_total") - pl.col("amount_tax")).round(6),
            rounding_difference=(pl.col("amount_total") - pl.col("lines_revenue_tax_in")).round(6),
        )
    )


def clean(raw: RawDay) -> dict[str, pl.DataFrame]:
    orders = _orders(raw)
    payments = _payments(raw, orders)
    lines = _lines(raw, orders, main_payment_method(payments))
    return {
        "pos_lines": lines,
        "pos_orders": _order_totals(orders, lines),
        "pos_payments": payments,
    }


CLEANER = DayCleaner(clean)
