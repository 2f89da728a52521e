"""POS payments: every payment of the day's valid POS orders, per payment method, as Odoo
records it (`pos.payment`). A paid order's payments add up to its `amount_total`: change given
back is a negative payment, a refund is paid back with negative amounts. So the payments per
method and day are how the day's POS revenue was really paid, to the cent (where `pos_lines`
only names each order's largest method). Day key: the order's `date_order` in the company's
timezone; the amounts are in the order's currency (its company's)."""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from nkdash_desktop.datasets import pos_lines
from nkdash_desktop.datasets.base import ChangeSweep, Dataset, RawDay
from nkdash_desktop.datasets.frames import latest_by_id, local_time, utc_instant
from nkdash_desktop.i18n import QT_TRANSLATE_NOOP
from nkdash_desktop.lake.columns import (
    BUSINESS_DAY,
    COMPANY,
    CURRENCY,
    FLAG,
    ID,
    LOCAL_TIME,
    MONEY,
    TEXT,
    TableContract,
    columns,
    fact,
)

CLEAN_PAYMENTS = TableContract(
    "payments",
    "clean",
    "Payments of valid POS orders (paid, done, invoiced), filed under their order's business "
    "day. An order's payments add up to its amount_total: change given back and refunds are "
    "negative.",
    columns(
        ("payment_id", ID, "POS payment (pos.payment)"),
        ("order_id", ID, "POS order (pos.order)"),
        BUSINESS_DAY,
        ("payment_date", LOCAL_TIME, "when the payment was taken, local time"),
        ("payment_method_id", ID, "payment method (pos.payment.method)"),
        ("payment_method_name", TEXT, "payment method name"),
        ("amount", MONEY, "amount paid; negative for change given back and for refunds"),
        ("is_change", FLAG, "change given back to the customer"),
        ("session_id", ID, "POS session (pos.session)"),
        COMPANY,
        CURRENCY,
    ),
    "day",
    sort_by=("day", "payment_method_id", "payment_id"),
)

FACT_PAYMENTS = fact(
    "fact_payments",
    CLEAN_PAYMENTS,
    (
        "day company_id currency_id payment_method_id order_id payment_id payment_date amount "
        "is_change session_id"
    ),
    "POS payments, one row per payment: per method and day they add up to the day's POS order "
    "totals (fact_pos_orders.amount_total), in the company's currency.",
)


def clean(raw: RawDay) -> dict[str, pl.DataFrame]:
    payments = latest_by_id(raw.tables["payments"])
    # the extraction's domain filed them by their order's business day: that is their day
    return {
        "payments": payments.select(
            payment_id=pl.col("id"),
            order_id=pl.col("pos_order_id_id"),
            day=pl.lit(raw.day, pl.Date),
            payment_date=local_time(utc_instant("payment_date"), raw.timezone),
            payment_method_id=pl.col("payment_method_id_id"),
            payment_method_name=pl.col("payment_method_id_name"),
            amount=pl.col("amount"),
            is_change=pl.col("is_change").fill_null(False),
            session_id=pl.col("session_id_id"),
            company_id=pl.col("company_id_id"),
            currency_id=pl.col("currency_id_id"),
        )
    }


DATASET = Dataset(
    name="payments",
    aliases=("pos-payments",),
    description=QT_TRANSLATE_NOOP("Datasets", "payments of POS orders, per payment method"),
    header="payments",
    clean=clean,
    clean_tables=(CLEAN_PAYMENTS,),
    facts=(FACT_PAYMENTS,),
    # an order's write_date moves when it is paid, refunded or invoiced: its payments with it
    changes=ChangeSweep("pos.order", "date_order", "datetime", "payments", "order_id"),
    tables=(
        # pos_lines reads the same payments for its lines' payment method: one read a day
        replace(
            pos_lines.POS_PAYMENTS,
            name="payments",
            read_with=(pos_lines.DATASET.name, pos_lines.POS_PAYMENTS.name),
        ),
    ),
)
