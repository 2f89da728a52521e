"""POS sales: orders in the valid states of the server's version, their lines and payments.
Day key: `date_order` in the company's timezone. Clean: orders with Odoo's totals, their lines
(each with its order's fields) and payments."""

from __future__ import annotations

import polars as pl

from nkdash_desktop.datasets.base import ChangeSweep, Dataset, Domain, RawDay, RawTable, Scope
from nkdash_desktop.datasets.frames import keep_day, latest_by_id, local_time, utc_instant, weekday
from nkdash_desktop.i18n import QT_TRANSLATE_NOOP
from nkdash_desktop.lake.columns import (
    BUSINESS_DAY,
    COMPANY,
    CURRENCY,
    FLAG,
    ID,
    LOCAL_TIME,
    MONEY,
    PRODUCT,
    PRODUCT_NAME,
    QTY,
    SMALL,
    TAXES,
    TEXT,
    UTC_TIME,
    WEEKDAY,
    TableContract,
    columns,
    fact,
)

# ---- contracts -----------------------------------------------------------------------------

CLEAN_POS_LINES = TableContract(
    "pos_lines",
    "clean",
    "POS order lines of valid orders (paid, done, invoiced), each with its order's fields. "
    "Refund lines keep Odoo's negative quantity and amounts.",
    columns(
        ("line_id", ID, "POS order line (pos.order.line)"),
        ("order_id", ID, "POS order (pos.order)"),
        ("order_name", TEXT, "order reference, e.g. 'Shop/0042'"),
        ("pos_reference", TEXT, "receipt number printed for the customer"),
        BUSINESS_DAY,
        ("date_order", LOCAL_TIME, "when the order was placed, local time (company timezone)"),
        ("date_order_utc", UTC_TIME, "when the order was placed, as a UTC instant"),
        ("hour", SMALL, "hour of day of `date_order`, local time (0–23)"),
        WEEKDAY,
        ("state", TEXT, "order state: paid, done or invoiced"),
        ("session_id", ID, "POS session (pos.session)"),
        ("config_id", ID, "point of sale (pos.config)"),
        ("config_name", TEXT, "point of sale name"),
        ("employee_id", ID, "cashier (hr.employee, with pos_hr); null without"),
        ("user_id", ID, "POS user who rang up the order (res.users)"),
        ("cashier_name", TEXT, "the cashier employee's name, else the user's"),
        ("partner_id", ID, "customer (res.partner); null for walk-in sales"),
        ("partner_name", TEXT, "customer name"),
        COMPANY,
        CURRENCY,
        PRODUCT,
        PRODUCT_NAME,
        ("quantity", QTY, "quantity sold; negative on refund lines"),
        ("price_unit", MONEY, "unit price before discount"),
        ("discount_percent", MONEY, "line discount in percent"),
        ("discount_amount", MONEY, "price_unit × quantity × discount % (signed like quantity)"),
        ("revenue_tax_ex", MONEY, "line total without taxes (price_subtotal)"),
        ("revenue_tax_in", MONEY, "line total with taxes (price_subtotal_incl)"),
        TAXES,
        ("total_cost", MONEY, "Odoo's own cost of the line; 0 until the session closes"),
        ("refunded_line_id", ID, "on a refund line: the order line it refunds"),
        ("is_refund", FLAG, "a refund: negative quantity or a line of a refund order"),
        ("payment_method_id", ID, "the order's main payment method: its largest payment"),
    ),
    "day",
    sort_by=("day", "product_id", "line_id"),
)

CLEAN_POS_ORDERS = TableContract(
    "pos_orders",
    "clean",
    "Valid POS orders (paid, done, invoiced) with Odoo's own totals. Odoo rounds an order's "
    "tax once per order when the company's tax_calculation_rounding_method is round_globally "
    "(its default): `amount_total` may then differ from the sum of the order's lines by a cent "
    "or more. The difference is kept here, per order, as `rounding_difference`; the lines "
    "(`pos_lines`, `fact_sales`) keep Odoo's own line amounts and are not adjusted. Revenue "
    "and tax per day and company come from these totals, product and category figures from "
    "the lines.",
    columns(
        ("order_id", ID, "POS order (pos.order)"),
        ("order_name", TEXT, "order reference, e.g. 'Shop/0042'"),
        BUSINESS_DAY,
        ("date_order", LOCAL_TIME, "when the order was placed, local time (company timezone)"),
        ("hour", SMALL, "hour of day of `date_order`, local time (0–23)"),
        WEEKDAY,
        ("state", TEXT, "order state: paid, done or invoiced"),
        ("session_id", ID, "POS session (pos.session)"),
        ("config_id", ID, "point of sale (pos.config)"),
        ("employee_id", ID, "cashier (hr.employee, with pos_hr); null without"),
        ("user_id", ID, "POS user who rang up the order (res.users)"),
        ("partner_id", ID, "customer (res.partner); null for walk-in sales"),
        COMPANY,
        CURRENCY,
        ("is_refund", FLAG, "a refund order"),
        ("amount_total", MONEY, "Odoo's order total with taxes (pos.order.amount_total)"),
        ("amount_tax", MONEY, "Odoo's order tax (pos.order.amount_tax)"),
        ("amount_untaxed", MONEY, "amount_total − amount_tax"),
        ("lines", pl.Int64, "order lines"),
        ("lines_revenue_tax_in", MONEY, "sum of the lines' price_subtotal_incl"),
        ("lines_revenue_tax_ex", MONEY, "sum of the lines' price_subtotal"),
        (
            "rounding_difference",
            MONEY,
            "amount_total − lines_revenue_tax_in: the tax rounded once per order against the "
            "lines' taxes rounded one by one (0 under round_per_line)",
        ),
    ),
    "day",
    sort_by=("day", "order_id"),
)

CLEAN_POS_PAYMENTS = TableContract(
    "pos_payments",
    "clean",
    "Payments of valid POS orders, filed under their order's business day.",
    columns(
        ("payment_id", ID, "POS payment (pos.payment)"),
        ("order_id", ID, "POS order (pos.order)"),
        ("order_name", TEXT, "order reference"),
        BUSINESS_DAY,
        ("payment_date", LOCAL_TIME, "when the payment was taken, local time"),
        ("payment_date_utc", UTC_TIME, "when the payment was taken, as a UTC instant"),
        ("amount", MONEY, "amount paid; negative for change given back and for refunds"),
        ("payment_method_id", ID, "payment method (pos.payment.method)"),
        ("payment_method_name", TEXT, "payment method name"),
        ("is_change", FLAG, "change given back to the customer"),
        ("session_id", ID, "POS session (pos.session)"),
        ("config_id", ID, "point of sale (pos.config)"),
        COMPANY,
    ),
    "day",
    sort_by=("day", "order_id", "payment_id"),
)

FACT_SALES = fact(
    "fact_sales",
    CLEAN_POS_LINES,
    (
        "day company_id order_id order_name line_id date_order hour weekday session_id "
        "config_id employee_id user_id partner_id currency_id product_id quantity price_unit "
        "discount_percent discount_amount revenue_tax_ex revenue_tax_in is_refund "
        "payment_method_id"
    ),
    "POS sales, one row per order line.",
)

FACT_POS_ORDERS = fact(
    "fact_pos_orders",
    CLEAN_POS_ORDERS,
    (
        "day company_id order_id order_name date_order hour weekday state session_id "
        "config_id employee_id user_id partner_id currency_id is_refund amount_total "
        "amount_tax amount_untaxed lines lines_revenue_tax_in lines_revenue_tax_ex "
        "rounding_difference"
    ),
    "POS orders, one row per order, with Odoo's totals: the source of POS revenue, tax and "
    "order counts per day (they equal Odoo's own reports). `rounding_difference` is what "
    "the order total differs from its lines in fact_sales (Odoo's per-order tax rounding).",
)

# ---- clean ---------------------------------------------------------------------------------

# A state valid on any supported version is a sale ('invoiced' exists only before 19); a
# cancelled or draft order that slipped into the raw day (edited after extraction) is not.
# (the union of odoo.versions VALUES["pos.order.valid_states"]; tests/datasets checks it)
VALID_STATES = ["done", "invoiced", "paid"]


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


# ---- extract -------------------------------------------------------------------------------


def orders_of_day(scope: Scope, prefix: str = "") -> Domain:
    return [
        *scope.datetime_in_day(f"{prefix}date_order"),
        (f"{prefix}state", "in", list(scope.version.pos_valid_states)),
        *scope.company(f"{prefix}company_id"),
    ]


# a day's POS payments, as this dataset and the payments dataset both read them: one read, the
# same fields (the payments dataset takes this file when both run for a day: shared_reads.py)
POS_PAYMENTS = RawTable(
    "pos_payments",
    "pos.payment",
    {
        "pos_order_id": "many2one",
        "amount": "monetary",
        "payment_method_id": "many2one",
        "payment_date": "datetime",
        "is_change": "boolean",
        "session_id": "many2one",
        "company_id": "many2one",
        "currency_id": "many2one",  # related to the order's currency, not stored
        "write_date": "datetime",
    },
    lambda scope: orders_of_day(scope, "pos_order_id."),
    optional=frozenset({"is_change", "currency_id"}),
)

DATASET = Dataset(
    name="pos_lines",
    aliases=("pos",),
    description=QT_TRANSLATE_NOOP("Datasets", "POS orders, order lines and payments"),
    # an order's write_date moves when it is paid, cancelled, refunded or invoiced
    changes=ChangeSweep("pos.order", "date_order", "datetime", "pos_lines", "order_id"),
    header="pos_orders",
    clean=clean,
    clean_tables=(CLEAN_POS_LINES, CLEAN_POS_ORDERS, CLEAN_POS_PAYMENTS),
    facts=(FACT_SALES, FACT_POS_ORDERS),
    tables=(
        RawTable(
            "pos_orders",
            "pos.order",
            {
                "name": "char",
                "pos_reference": "char",
                "date_order": "datetime",
                "state": "selection",
                "partner_id": "many2one",
                "user_id": "many2one",
                "employee_id": "many2one",
                "session_id": "many2one",
                "config_id": "many2one",
                "company_id": "many2one",
                "currency_id": "many2one",
                "amount_total": "monetary",
                "amount_tax": "monetary",
                "amount_paid": "monetary",
                "amount_return": "monetary",
                "account_move": "many2one",
                "is_refund": "boolean",
                "write_date": "datetime",
            },
            orders_of_day,
            optional=frozenset({"employee_id", "is_refund", "currency_id"}),
        ),
        RawTable(
            "pos_order_lines",
            "pos.order.line",
            {
                "order_id": "many2one",
                "product_id": "many2one",
                "full_product_name": "char",
                "qty": "float",
                "price_unit": "float",
                "discount": "float",
                "price_subtotal": "monetary",
                "price_subtotal_incl": "monetary",
                "tax_ids": "many2many",
                "total_cost": "float",
                "refunded_orderline_id": "many2one",
                "company_id": "many2one",
                "write_date": "datetime",
            },
            lambda scope: orders_of_day(scope, "order_id."),
        ),
        POS_PAYMENTS,
    ),
)
