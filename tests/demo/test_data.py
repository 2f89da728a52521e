"""The demo Odoo's synthetic business: consistency of what the server will serve."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import duckdb
import pytest

from nkdash_desktop.demo import catalogue as cat
from nkdash_desktop.demo.access import ACCESS_RIGHTS, POS_USER, REPORTING_USER, USER
from nkdash_desktop.demo.data import DemoConfig, DemoData, generate
from nkdash_desktop.demo.schema import OPTION_BRAND, OPTION_POS_HR

END = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 8, 0, 0)  # 15:00 in Jakarta: today's sessions are still open
JAKARTA = ZoneInfo("Asia/Jakarta")


def make(**kw) -> tuple[duckdb.DuckDBPyConnection, DemoData]:
    con = duckdb.connect()
    config = DemoConfig(**{"days": 60, "end_date": END, "now": NOW, **kw})
    return con, generate(con, config)


@pytest.fixture(scope="module")
def v19():
    con, data = make(flavour=19)
    yield con, data
    con.close()


@pytest.fixture(scope="module")
def v16():
    con, data = make(flavour=16, options=frozenset({OPTION_BRAND}))
    yield con, data
    con.close()


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def one(con, sql: str):
    return con.execute(sql).fetchall()[0][0]


def table_hashes(con, data: DemoData) -> dict[str, str]:
    return {
        name: one(
            con,
            f"SELECT md5(coalesce(string_agg(t::VARCHAR, '|' ORDER BY id), '')) "
            f'FROM "{name.replace(".", "_")}" t',
        )
        for name in data.counts
    }


# --- shape ------------------------------------------------------------------------------------


def test_one_table_per_model_with_stored_columns(v19):
    con, data = v19
    assert set(data.counts) == set(data.flavour.models())
    for name, model in data.flavour.models().items():
        cols = [r[0] for r in rows(con, f'DESCRIBE "{model.table}"')]
        expected = [
            f.column or n
            for n, f in data.flavour.fields(name).items()
            if f.related is None and f.inverse is None
        ]
        assert cols == expected, name
        assert {"id", "create_date", "write_date"} <= set(cols)


def test_ids_dense_and_follow_creation_time(v19):
    con, data = v19
    for name, n in data.counts.items():
        table = name.replace(".", "_")
        assert n > 0, f"{name} is empty"
        assert rows(con, f"SELECT min(id), max(id), count(DISTINCT id) FROM {table}") == [(1, n, n)]
        backwards = one(
            con,
            f"""
            SELECT count(*) FROM (
                SELECT create_date < lag(create_date) OVER (ORDER BY id) AS back FROM {table}
            ) WHERE back""",
        )
        assert backwards == 0, name


def test_nothing_after_now_and_no_null_booleans(v19):
    con, data = v19
    for name in data.counts:
        table = name.replace(".", "_")
        described = rows(con, f'DESCRIBE "{table}"')
        for col, typ, *_ in described:
            if typ == "TIMESTAMP":
                assert (
                    one(
                        con,
                        f'SELECT count(*) FROM {table} WHERE "{col}" > ?'.replace(
                            "?", f"TIMESTAMP '{NOW}'"
                        ),
                    )
                    == 0
                ), (name, col)
            if typ == "BOOLEAN":
                assert one(con, f'SELECT count(*) FROM {table} WHERE "{col}" IS NULL') == 0


def test_every_column_is_filled_somewhere(v19):
    con, data = v19
    # columns the business legitimately leaves empty (products are shared by both companies)
    allowed = {
        ("res.company", "parent_id"),
        ("stock.lot", "ref"),
        ("pos.payment", "name"),
        ("product.template", "company_id"),
    }
    for name in data.counts:
        table = name.replace(".", "_")
        for col, *_ in rows(con, f'DESCRIBE "{table}"'):
            if (name, col) in allowed:
                continue
            assert one(con, f'SELECT count("{col}") FROM {table}') > 0, (name, col)


def test_trees_have_parent_paths_and_full_names(v19):
    con, _ = v19
    assert rows(con, "SELECT complete_name, parent_path FROM product_category WHERE id = 3") == [
        ("All / Saleable / Food", "1/2/3/")
    ]
    assert rows(
        con, "SELECT parent_path FROM stock_location WHERE complete_name = 'WH/Stock/Shelf 1'"
    ) == [("1/7/8/9/",)]
    # child_of through LIKE: everything below Food
    below_food = one(con, "SELECT count(*) FROM product_category WHERE parent_path LIKE '1/2/3/%'")
    assert below_food > 5
    bad = one(
        con,
        """
        SELECT count(*) FROM product_category c JOIN product_category p ON c.parent_id = p.id
        WHERE c.parent_path <> p.parent_path || c.id || '/'
           OR c.complete_name <> p.complete_name || ' / ' || c.name""",
    )
    assert bad == 0


def test_fixed_master_data(v19):
    con, data = v19
    assert rows(
        con,
        "SELECT id, name, amount, amount_type, type_tax_use, price_include "
        "FROM account_tax WHERE id IN (1, 2, 5, 7, 9) ORDER BY id",
    ) == [
        (1, "PPN 11%", 11.0, "percent", "sale", False),
        (2, "PPN 11% Termasuk", 11.0, "percent", "sale", True),
        (5, "PPN Masukan Termasuk 11%", 11.0, "percent", "purchase", True),
        (7, "PPN Masukan + Retribusi", 0.0, "group", "purchase", False),
        (9, "Pembelian Bebas 0%", 0.0, "percent", "purchase", False),
    ]
    assert one(con, "SELECT children_tax_ids FROM account_tax WHERE id = 7") == [6, 8]
    assert rows(con, "SELECT id, name, currency_id FROM res_company ORDER BY id") == [
        (1, "NK Mart", 1),
        (2, "NK Mart Bali", 2),
    ]
    assert one(con, "SELECT symbol FROM res_currency WHERE id = 1") == "Rp"
    assert (
        one(
            con,
            "SELECT p.tz FROM res_company c JOIN res_partner p ON p.id = c.partner_id "
            "WHERE c.id = 1",
        )
        == "Asia/Jakarta"
    )
    assert rows(con, "SELECT id, login, active FROM res_users WHERE id <= 3 ORDER BY id") == [
        (1, "__system__", False),
        (2, "admin", True),
        (3, "viewer", True),
    ]
    by_login = {u.login: u for u in data.users}
    assert by_login["admin"].api_key == "nkdash-demo-admin-key"
    assert ACCESS_RIGHTS in by_login["admin"].groups
    # the viewer is a reporting user: exactly the README's groups (and what they imply)
    assert by_login["viewer"].groups == REPORTING_USER
    assert by_login["cashier1"].groups == {USER, POS_USER}
    assert by_login["cashier1"].password == "cashier1"
    assert data.company_ids == [1, 2]
    assert data.start_date == END - timedelta(days=59) and data.end_date == END
    assert rows(
        con,
        "SELECT name, state FROM ir_module_module "
        "WHERE name IN ('pos_hr', 'product_brand') ORDER BY name",
    ) == [("pos_hr", "installed"), ("product_brand", "uninstalled")]
    assert one(con, "SELECT latest_version FROM ir_module_module WHERE name = 'account'") == (
        "19.0.1.0"
    )
    names = [r[0] for r in rows(con, "SELECT name FROM product_template")]
    assert "Kopi Susu Gula Aren ☕" in names and "Teh Botol Sosro — 350ml" in names
    assert one(con, "SELECT count(*) FROM res_partner WHERE name = 'Ñandú Café'") == 1
    assert one(con, "SELECT max(length(internal_note)) FROM pos_order") > 1000


# --- point of sale ----------------------------------------------------------------------------


# Odoo's HALF-UP to the cent (DuckDB's round() of a DOUBLE is half-even on its binary value)
HALF_UP = "(sign({x}) * floor(abs({x}) * 100 + 0.5 + 1e-7) / 100)"


def order_gaps(con) -> tuple[int, int, int]:
    """(orders, orders whose amount_total is not the sum of their lines' price_subtotal_incl,
    orders whose amount_tax/amount_total are not Odoo's round_globally totals)."""
    line_tax = "price_subtotal * CASE WHEN tax_ids = [1] THEN 0.11 ELSE 0 END"
    return con.execute(
        f"""
        SELECT count(*), count(*) FILTER (abs(o.amount_total - l.incl) > 0.005),
               count(*) FILTER (abs(o.amount_tax - {HALF_UP.format(x="l.tax")}) > 0.005
                                OR abs(o.amount_total - o.amount_tax - l.sub) > 0.005)
        FROM pos_order o JOIN (
            SELECT order_id, sum(price_subtotal_incl) AS incl, sum(price_subtotal) AS sub,
                   sum({line_tax}) AS tax
            FROM pos_order_line GROUP BY order_id) l ON l.order_id = o.id"""
    ).fetchone()


def test_order_totals_round_tax_once_per_order_like_odoo(v19):
    """Odoo's default tax_calculation_rounding_method is round_globally: an order's tax is
    its lines' unrounded taxes summed and rounded once, so a realistic share of the orders
    differ from the sum of their lines (rounded one by one) by a cent."""
    con, _ = v19
    assert rows(con, "SELECT DISTINCT tax_calculation_rounding_method FROM res_company") == [
        ("round_globally",)
    ]
    line_tax = "price_subtotal * CASE WHEN tax_ids = [1] THEN 0.11 ELSE 0 END"
    wrong_lines = one(
        con,
        f"""
        SELECT count(*) FROM pos_order_line
        WHERE abs(price_subtotal - {HALF_UP.format(x="(qty * price_unit * (1 - discount / 100))")})
              > 0.005
           OR abs(price_subtotal_incl - {HALF_UP.format(x=f"(price_subtotal + {line_tax})")})
              > 0.005""",
    )
    assert wrong_lines == 0
    _orders, off_lines, not_odoo = order_gaps(con)
    assert not_odoo == 0
    # the USD company's orders carry cents: about a third of them differ from their lines
    usd_orders, usd_off = con.execute(
        """
        SELECT count(*), count(*) FILTER (abs(o.amount_total - l.incl) > 0.005)
        FROM pos_order o JOIN (SELECT order_id, sum(price_subtotal_incl) AS incl
                               FROM pos_order_line GROUP BY order_id) l ON l.order_id = o.id
        WHERE o.currency_id = 2"""
    ).fetchone()
    assert usd_orders > 100
    assert 0.15 < usd_off / usd_orders < 0.6
    assert off_lines >= usd_off
    cents = one(con, "SELECT count(*) FROM pos_order WHERE currency_id = 2 "
                     "AND round(amount_total) <> amount_total")  # fmt: skip
    assert cents > 0.9 * usd_orders


def test_round_per_line_orders_are_the_sum_of_their_lines():
    con, _ = make(flavour=16, days=20, tax_rounding=cat.ROUND_PER_LINE)
    orders, off_lines, _ = order_gaps(con)
    assert orders > 500 and off_lines == 0
    con.close()


def test_order_lines_and_counts(v19):
    con, _ = v19
    assert (
        one(
            con,
            "SELECT count(*) FROM pos_order WHERE id NOT IN (SELECT order_id FROM pos_order_line)",
        )
        == 0
    )
    mean_lines = one(con, "SELECT count(*) / count(DISTINCT order_id) FROM pos_order_line")
    assert 3.3 < mean_lines < 4.5


def test_the_bali_company_sells_in_dollars_with_cents(v19):
    con, _ = v19
    (orders, currencies, with_cents, largest) = rows(
        con,
        "SELECT count(*), list(DISTINCT currency_id), "
        "count(*) FILTER (WHERE amount_total <> round(amount_total)), max(amount_total) "
        "FROM pos_order WHERE company_id = 2",
    )[0]
    assert currencies == [cat.CURRENCY_USD]
    assert orders > 0 and with_cents > orders / 2
    assert largest < 1000  # dollars, not rupiah
    assert one(con, "SELECT list(DISTINCT currency_id) FROM pos_order WHERE company_id = 1") == [
        cat.CURRENCY_IDR
    ]


def test_the_bali_company_invoices_customers_in_dollars_with_cents(v19):
    """NK Mart Bali has customer invoices and credit notes of its own, in US dollars with
    cents, in its own sales journal (credit notes in its R-sequence, as Odoo numbers them);
    NK Mart's are in rupiah, but for an export customer's few in dollars."""
    con, _ = v19
    assert cat.CURRENCY_USD == 2
    by_type = {
        r[0]: r[1:]
        for r in rows(
            con,
            """
            SELECT m.move_type, count(*), list(DISTINCT m.currency_id), list(DISTINCT j.code),
                   count(*) FILTER (WHERE m.amount_total <> round(m.amount_total)),
                   max(m.amount_total),
                   bool_and(m.name = '/' OR m.name LIKE CASE m.move_type WHEN 'out_invoice'
                            THEN '' ELSE 'R' END || j.code || '/%'),
                   bool_and(m.amount_total_signed = m.amount_total
                            * CASE m.move_type WHEN 'out_invoice' THEN 1 ELSE -1 END)
            FROM account_move m JOIN account_journal j ON j.id = m.journal_id
            WHERE m.company_id = 2 AND m.move_type IN ('out_invoice', 'out_refund')
            GROUP BY 1""",
        )
    }
    assert set(by_type) == {"out_invoice", "out_refund"}
    invoices, currencies, journals, with_cents, largest, named, signed = by_type["out_invoice"]
    assert 3 <= invoices <= 60  # a few: hotels and cafés on account
    assert currencies == [cat.CURRENCY_USD] and journals == ["INVB"]
    assert with_cents > invoices / 2 and largest < 5_000  # dollars, not rupiah
    assert named and signed  # in its own currency: the signed amount is the amount
    assert by_type["out_refund"][1:3] == ([cat.CURRENCY_USD], ["INVB"])  # "RINVB/2026/00001"
    assert by_type["out_refund"][5]
    # NK Mart's stay in rupiah but for an export customer's few, in dollars: Odoo keeps their
    # lines' prices in dollars (amount_currency too) and their balance in rupiah at the rate
    currencies = dict(
        con.execute(
            "SELECT currency_id, count(*) FROM account_move "
            "WHERE company_id = 1 AND move_type IN ('out_invoice', 'out_refund') GROUP BY 1"
        ).fetchall()
    )
    assert set(currencies) == {cat.CURRENCY_IDR, cat.CURRENCY_USD}
    assert 0 < currencies[cat.CURRENCY_USD] < currencies[cat.CURRENCY_IDR] / 5
    # at the company's res.currency.rate of the invoice's date (the last row on or before it)
    off_rate = one(
        con,
        """
        SELECT count(*) FILTER (WHERE abs(l.balance - round(l.amount_currency / r.rate, 2)) > 0.005
                                   OR abs(abs(l.amount_currency) - l.price_subtotal) > 0.005
                                   OR r.rate IS NULL OR abs(m.invoice_currency_rate - r.rate) > 0)
        FROM account_move_line l JOIN account_move m ON m.id = l.move_id
        LEFT JOIN LATERAL (SELECT rate FROM res_currency_rate r WHERE r.company_id = 1
                           AND r.currency_id = 2 AND r.name <= m.invoice_date
                           ORDER BY r.name DESC LIMIT 1) r ON true
        WHERE m.company_id = 1 AND m.currency_id = 2 AND l.display_type = 'product'
        """,
    )
    assert off_rate == 0


def test_payments_add_up_to_order_totals(v19):
    con, _ = v19
    mismatched = one(
        con,
        """
        SELECT count(*) FROM pos_order o LEFT JOIN (
            SELECT pos_order_id, sum(amount) AS paid,
                   sum(amount) FILTER (WHERE NOT is_change) AS tendered
            FROM pos_payment GROUP BY pos_order_id) p ON p.pos_order_id = o.id
        WHERE CASE WHEN o.state = 'cancel' THEN p.paid IS NOT NULL OR o.amount_paid <> 0
                   ELSE abs(p.paid - o.amount_total) > 0.005
                     OR abs(p.tendered - o.amount_return - o.amount_total) > 0.005
                     OR abs(o.amount_paid - o.amount_total) > 0.005 END""",
    )
    assert mismatched == 0
    change = rows(
        con,
        """
        SELECT count(*), max(p.amount), bool_and(m.is_cash_count) FROM pos_payment p
        JOIN pos_payment_method m ON m.id = p.payment_method_id WHERE p.is_change""",
    )
    assert change[0][0] > 0 and change[0][1] < 0 and change[0][2]
    assert (
        one(
            con,
            "SELECT count(*) FROM (SELECT pos_order_id FROM pos_payment "
            "WHERE NOT is_change GROUP BY 1 HAVING count(*) = 2)",
        )
        > 0
    )


def test_refunds_point_at_earlier_lines_of_the_same_product(v19):
    con, _ = v19
    refunds = rows(
        con,
        """
        SELECT r.id, r.order_id, r.product_id, r.qty, r.price_subtotal_incl,
               o.id, o.order_id, o.product_id, o.qty, o.price_subtotal_incl, ro.is_refund,
               oo.state
        FROM pos_order_line r
        JOIN pos_order_line o ON o.id = r.refunded_orderline_id
        JOIN pos_order ro ON ro.id = r.order_id
        JOIN pos_order oo ON oo.id = o.order_id""",
    )
    assert len(refunds) > 10
    for (
        rid,
        rorder,
        rprod,
        rqty,
        rincl,
        oid,
        oorder,
        oprod,
        oqty,
        oincl,
        is_refund,
        ostate,
    ) in refunds:
        assert oid < rid and oorder < rorder
        assert rprod == oprod
        assert rqty < 0 and rqty == -oqty and rincl == -oincl
        assert is_refund
        assert ostate in ("done", "paid")
    # every negative line is a refund line, and refund orders hold nothing else
    assert (
        one(
            con,
            "SELECT count(*) FROM pos_order_line WHERE qty < 0 AND refunded_orderline_id IS NULL",
        )
        == 0
    )
    assert (
        one(
            con,
            "SELECT count(*) FROM pos_order o JOIN pos_order_line l ON l.order_id = o.id "
            "WHERE o.is_refund AND l.qty > 0",
        )
        == 0
    )


def test_late_evening_utc_orders_belong_to_the_next_jakarta_day(v19):
    con, data = v19
    orders = rows(con, "SELECT date_order FROM pos_order")
    late = [d for (d,) in orders if d.hour >= 17]
    assert len(late) >= 5  # customers after local midnight
    for d in late:
        local = d.replace(tzinfo=UTC).astimezone(JAKARTA)
        assert local.date() == d.date() + timedelta(days=1)
    local_days = {d.replace(tzinfo=UTC).astimezone(JAKARTA).date() for (d,) in orders}
    assert min(local_days) == data.start_date and max(local_days) == data.end_date
    # local business hours only: 08:00 to 01:00
    hours = {d.replace(tzinfo=UTC).astimezone(JAKARTA).hour for (d,) in orders}
    assert hours <= set(range(8, 24)) | {0}


def test_states_sessions_and_cashiers(v19):
    con, _ = v19
    states = dict(rows(con, "SELECT state, count(*) FROM pos_order GROUP BY 1"))
    assert set(states) == {"done", "paid", "cancel"}
    assert rows(
        con,
        "SELECT DISTINCT s.state FROM pos_order o JOIN pos_session s "
        "ON s.id = o.session_id WHERE o.state = 'paid'",
    ) == [("opened",)]
    assert one(con, "SELECT count(*) FROM pos_session WHERE state = 'opened'") == 3
    assert one(
        con,
        "SELECT bool_and(NOT is_total_cost_computed) FROM pos_order_line l "
        "JOIN pos_order o ON o.id = l.order_id WHERE o.state = 'paid'",
    )
    assert one(con, "SELECT count(*) FROM pos_order_line WHERE abs(total_cost) = 0") == 0
    bali = one(con, "SELECT count(*) FROM pos_order WHERE company_id = 2")
    main = one(con, "SELECT count(*) FROM pos_order WHERE company_id = 1")
    assert main * 0.05 < bali < main * 0.15
    assert one(con, "SELECT count(DISTINCT employee_id) FROM pos_order") == 6


def test_invoiced_orders_point_at_their_invoice(v19):
    con, _ = v19
    invoiced = rows(
        con,
        """
        SELECT o.state, o.amount_total, m.move_type, m.amount_total, m.invoice_origin = o.name
        FROM pos_order o JOIN account_move m ON m.id = o.account_move""",
    )
    assert invoiced
    for state, order_total, move_type, move_total, origin in invoiced:
        assert state in ("done", "paid")  # Odoo 19 has no "invoiced" state
        assert move_type == "out_invoice" and origin
        assert abs(order_total - move_total) < 0.005


# --- accounting -------------------------------------------------------------------------------


def test_invoice_amounts_equal_their_lines_and_balance(v19):
    con, _ = v19
    wrong = one(
        con,
        """
        SELECT count(*) FROM account_move m JOIN (
            SELECT move_id,
                   sum(price_subtotal) FILTER (WHERE display_type = 'product') AS untaxed,
                   sum(amount_currency) FILTER (WHERE display_type = 'tax') AS tax,
                   sum(balance) AS balance,
                   sum(balance) FILTER (WHERE display_type = 'product') AS product_balance,
                   sum(balance) FILTER (WHERE display_type = 'tax') AS tax_balance,
                   count(*) FILTER (WHERE display_type = 'payment_term') AS terms
            FROM account_move_line GROUP BY move_id) l ON l.move_id = m.id
        WHERE abs(m.amount_untaxed - l.untaxed) > 0.005
           OR abs(m.amount_tax - abs(coalesce(l.tax, 0))) > 0.005
           OR abs(m.amount_total - m.amount_untaxed - m.amount_tax) > 0.005
           OR abs(l.balance) > 0.005 OR l.terms <> 1
           OR abs(m.amount_untaxed_signed + l.product_balance) > 0.005
           OR abs(m.amount_tax_signed + coalesce(l.tax_balance, 0)) > 0.005""",
    )
    assert wrong == 0
    # the tax is rounded once per tax and move (round_globally): a move's total is not always
    # the sum of its lines' totals
    assert (
        one(
            con,
            """
        SELECT count(*) FROM account_move m JOIN (
            SELECT move_id, sum(price_total) AS total FROM account_move_line
            WHERE display_type = 'product' GROUP BY move_id) l ON l.move_id = m.id
        WHERE abs(m.amount_total - l.total) > 0.005""",
        )
        > 0
    )
    assert (
        one(
            con,
            "SELECT count(*) FROM account_move_line "
            "WHERE abs(debit - credit - balance) > 0.001 OR least(debit, credit) <> 0",
        )
        == 0
    )
    signs = dict(
        rows(
            con,
            """
        SELECT m.move_type, max(sign(l.balance)) FROM account_move m
        JOIN account_move_line l ON l.move_id = m.id AND l.display_type = 'product'
        WHERE l.price_subtotal > 0 GROUP BY 1""",
        )
    )
    assert signs == {"out_invoice": -1, "out_refund": 1, "in_invoice": 1, "in_refund": -1}
    signed = dict(
        rows(con, "SELECT move_type, max(sign(amount_total_signed)) FROM account_move GROUP BY 1")
    )
    assert signed == {"out_invoice": 1, "out_refund": -1, "in_invoice": -1, "in_refund": 1}
    assert one(con, "SELECT count(*) FROM account_move WHERE date <> invoice_date") == 0
    assert (
        one(con, "SELECT min(quantity) FROM account_move_line WHERE display_type = 'product'") > 0
    )
    states = {r[0] for r in rows(con, "SELECT DISTINCT state FROM account_move")}
    assert states == {"posted", "draft", "cancel"}
    reversed_ok = one(
        con,
        """
        SELECT bool_and(o.move_type = CASE r.move_type WHEN 'out_refund' THEN 'out_invoice'
                                                       ELSE 'in_invoice' END
                        AND o.id < r.id AND r.ref = 'Reversal of: ' || o.name)
        FROM account_move r JOIN account_move o ON o.id = r.reversed_entry_id""",
    )
    assert reversed_ok


def test_vendor_bills_mix_taxes_have_bonus_lines_and_come_late(v19):
    con, _ = v19
    taxes = {
        tuple(r[0])
        for r in rows(
            con,
            """
        SELECT DISTINCT l.tax_ids FROM account_move_line l JOIN account_move m ON m.id = l.move_id
        WHERE m.move_type = 'in_invoice' AND l.display_type = 'product'""",
        )
    }
    assert taxes == {(5,), (6,), (7,), (9,)}
    assert (
        one(
            con,
            """
        SELECT count(*) FROM (SELECT l.move_id FROM account_move_line l
            JOIN account_move m ON m.id = l.move_id
            WHERE m.move_type = 'in_invoice' AND l.display_type = 'product'
            GROUP BY 1 HAVING count(DISTINCT l.tax_ids) > 1)""",
        )
        > 0
    )
    # tax lines of the group tax: its children 6 and 8
    assert {
        r[0]
        for r in rows(
            con, "SELECT DISTINCT tax_line_id FROM account_move_line WHERE display_type = 'tax'"
        )
    } == {1, 5, 6, 8}
    bonus = one(
        con,
        """
        SELECT count(*) FROM account_move_line b JOIN account_move m ON m.id = b.move_id
        WHERE m.move_type = 'in_invoice' AND b.display_type = 'product' AND b.price_unit = 0
          AND EXISTS (SELECT 1 FROM account_move_line p WHERE p.move_id = b.move_id
                      AND p.product_id = b.product_id AND p.price_unit > 0)""",
    )
    assert bonus > 0
    late, bills = rows(
        con,
        """
        SELECT count(*) FILTER (WHERE write_date::DATE > invoice_date
                                  AND create_date::DATE > invoice_date), count(*)
        FROM account_move WHERE move_type = 'in_invoice'""",
    )[0]
    assert 0.1 * bills <= late <= 0.4 * bills
    assert one(
        con,
        "SELECT count(*) FROM account_move_line WHERE discount > 0 "
        "AND move_id IN (SELECT id FROM account_move WHERE move_type = 'in_invoice')",
    )
    # bills are the cost source: most products sold have a bill on or before their first sale
    covered = rows(
        con,
        """
        WITH first_sale AS (
            SELECT product_id, min(date_order)::DATE AS day FROM pos_order_line l
            JOIN pos_order o ON o.id = l.order_id GROUP BY 1),
        first_bill AS (
            SELECT l.product_id, min(m.invoice_date) AS day FROM account_move_line l
            JOIN account_move m ON m.id = l.move_id
            WHERE m.move_type = 'in_invoice' AND l.price_unit > 0 GROUP BY 1)
        SELECT count(*) FILTER (WHERE b.day <= s.day), count(*) FILTER (WHERE b.day IS NULL),
               count(*)
        FROM first_sale s LEFT JOIN first_bill b USING (product_id)""",
    )[0]
    with_bill_first, never_billed, sold = covered
    assert with_bill_first > 0.8 * sold and never_billed > 0


# --- stock ------------------------------------------------------------------------------------


def test_quants_equal_done_move_lines(v19):
    con, _ = v19
    storable = "SELECT id FROM product_template WHERE is_storable"
    internal = "SELECT id FROM stock_location WHERE usage = 'internal'"
    mismatches = one(
        con,
        f"""
        WITH flows AS (
            SELECT product_id, location_dest_id AS location_id, lot_id, quantity AS q
            FROM stock_move_line WHERE state = 'done'
            UNION ALL
            SELECT product_id, location_id, lot_id, -quantity FROM stock_move_line
            WHERE state = 'done'),
        expected AS (
            SELECT product_id, location_id, lot_id, sum(q) AS q FROM flows
            WHERE location_id IN ({internal}) AND product_id IN ({storable})
            GROUP BY ALL HAVING sum(q) <> 0)
        SELECT count(*) FROM expected e FULL JOIN stock_quant s
            ON s.product_id = e.product_id AND s.location_id = e.location_id
           AND s.lot_id IS NOT DISTINCT FROM e.lot_id
        WHERE e.q IS NULL OR s.quantity IS NULL OR s.quantity <> e.q""",
    )
    assert mismatches == 0
    assert one(con, "SELECT count(*) FROM stock_quant WHERE lot_id IS NOT NULL") > 0
    assert one(con, "SELECT sum(reserved_quantity) FROM stock_quant") == 0
    assert one(con, "SELECT count(*) FROM stock_quant WHERE quantity > 0") > one(
        con, "SELECT count(*) FROM stock_quant WHERE quantity < 0"
    )


def test_stock_moves_follow_documents(v19):
    con, _ = v19
    # one PoS picking per closed session (plus a return picking when something came back)
    per_session = rows(
        con,
        """
        SELECT count(*) FILTER (WHERE p.location_dest_id = 4), max(n)
        FROM stock_picking p JOIN (
            SELECT picking_id, count(*) AS n, count(DISTINCT product_id) AS products
            FROM stock_move GROUP BY 1 HAVING n = products) m ON m.picking_id = p.id
        WHERE p.picking_type_id IN (3, 5)""",
    )[0]
    closed = one(
        con,
        "SELECT count(*) FROM pos_session WHERE state = 'closed' "
        "AND id IN (SELECT session_id FROM pos_order WHERE state <> 'cancel')",
    )
    assert per_session[0] == closed
    # sold units leave the shelves exactly once
    sold = one(
        con,
        """
        SELECT sum(l.qty) FROM pos_order_line l JOIN pos_order o ON o.id = l.order_id
        JOIN pos_session s ON s.id = o.session_id JOIN product_template t ON t.id = l.product_id
        WHERE s.state = 'closed' AND o.state <> 'cancel' AND t.type <> 'service'""",
    )
    moved = one(
        con,
        """
        SELECT sum(CASE WHEN m.location_dest_id = 4 THEN m.quantity ELSE -m.quantity END)
        FROM stock_move m WHERE m.picking_type_id IN (3, 5)""",
    )
    assert sold == moved
    # NK Mart's receipts carry its billed quantities, bonus included (the Bali company's own
    # bills price its purchases; its goods reach it by transfer)
    billed, received = rows(
        con,
        """
        SELECT (SELECT sum(l.quantity) FROM account_move_line l JOIN account_move m
                ON m.id = l.move_id WHERE m.move_type = 'in_invoice' AND m.state <> 'cancel'
                AND l.display_type = 'product' AND m.company_id = 1),
               (SELECT sum(quantity) FROM stock_move WHERE picking_type_id = 1
                AND location_id = 3)""",
    )[0]
    assert billed == received
    kinds = dict(rows(con, "SELECT is_inventory, count(*) FROM stock_move GROUP BY 1"))
    assert kinds[True] > 0 and kinds[False] > 0
    assert one(con, "SELECT count(*) FROM stock_move WHERE picking_type_id = 4") > 0
    assert (
        one(
            con,
            "SELECT count(*) FROM stock_move m JOIN stock_move_line l ON l.move_id = m.id "
            "WHERE l.id <> m.id OR l.quantity <> m.quantity OR l.date <> m.date",
        )
        == 0
    )


# --- versions, options, determinism -----------------------------------------------------------


def test_flavour_16_names_and_states(v16):
    con, data = v16
    tmpl = {r[0] for r in rows(con, "DESCRIBE product_template")}
    assert "detailed_type" in tmpl and "is_storable" not in tmpl
    assert {r[0] for r in rows(con, "SELECT DISTINCT type FROM product_template")} == {
        "product",
        "consu",
        "service",
    }
    assert one(con, "SELECT count(*) FROM product_template WHERE type <> detailed_type") == 0
    invoiced = rows(
        con,
        "SELECT DISTINCT o.state, m.move_type FROM pos_order o "
        "JOIN account_move m ON m.id = o.account_move",
    )
    assert invoiced == [("invoiced", "out_invoice")]
    assert "is_refund" not in {r[0] for r in rows(con, "DESCRIBE pos_order")}
    assert "price_include_override" not in {r[0] for r in rows(con, "DESCRIBE account_tax")}
    assert one(con, "SELECT sum(quantity) FROM stock_move_line") > 0  # qty_done's column
    assert data.flavour.version == 16


@pytest.mark.parametrize("flavour", [17, 18])
def test_middle_flavours(flavour):
    con, _ = make(flavour=flavour, days=3)
    assert "quantity" in {r[0] for r in rows(con, "DESCRIBE stock_move_line")}
    tmpl = {r[0] for r in rows(con, "DESCRIBE product_template")}
    assert ("is_storable" in tmpl) == (flavour >= 18)
    assert ("detailed_type" in tmpl) == (flavour <= 17)
    if flavour == 18:
        assert one(con, "SELECT price_include_override FROM account_tax WHERE id = 2") == (
            "tax_included"
        )
    states = {r[0] for r in rows(con, "SELECT DISTINCT state FROM pos_order")}
    assert states <= {"done", "paid", "cancel", "invoiced"}


def test_options_add_and_remove_their_tables(v19, v16):
    con19, data19 = v19
    con16, data16 = v16
    assert "hr.employee" in data19.counts and "product.brand" not in data19.counts
    assert "employee_id" in {r[0] for r in rows(con19, "DESCRIBE pos_order")}
    assert "product.brand" in data16.counts and "hr.employee" not in data16.counts
    assert "employee_id" not in {r[0] for r in rows(con16, "DESCRIBE pos_order")}
    assert data16.counts["product.brand"] == 15
    assert one(con16, "SELECT count(product_brand_id) FROM product_template") > 0
    assert rows(con16, "SELECT state FROM ir_module_module WHERE name = 'pos_hr'") == [
        ("uninstalled",)
    ]
    tables = {r[0] for r in rows(con16, "SHOW TABLES")}
    assert "hr_employee" not in tables and "product_brand" in tables


def test_same_seed_same_data_other_seed_other_data(v19):
    con, data = v19
    again_con, again = make(flavour=19)
    other_con, other = make(flavour=19, seed=8)
    first = table_hashes(con, data)
    assert table_hashes(again_con, again) == first
    changed = table_hashes(other_con, other)
    assert changed["pos.order.line"] != first["pos.order.line"]
    assert changed["account.move"] != first["account.move"]
    assert changed["account.tax"] == first["account.tax"]  # fixed master data


def test_options_do_not_reshuffle_the_business(v19):
    con, data = v19
    other_con, other = make(flavour=19, options=frozenset({OPTION_POS_HR, OPTION_BRAND}))
    a, b = table_hashes(con, data), table_hashes(other_con, other)
    for model in ("pos.order.line", "account.move", "stock.quant"):
        assert a[model] == b[model]


def test_default_end_date_is_today_in_jakarta():
    con, data = make(days=2, end_date=None, now=datetime(2026, 11, 25, 18, 30))
    assert data.end_date == date(2026, 11, 26)  # 01:30 the next morning in Jakarta
    latest = one(con, "SELECT max(date_order) FROM pos_order")
    assert latest <= datetime(2026, 11, 25, 18, 30)


@pytest.mark.parametrize("scale", ["small", "medium"])
def test_scales_grow(scale):
    con, data = make(scale=scale, days=7)
    products, _, _, per_day = cat.SCALES[scale]
    assert data.counts["product.product"] == products
    orders = data.counts["pos.order"] / 7
    assert 0.6 * per_day < orders < 1.4 * per_day
    assert one(con, "SELECT count(*) FROM product_template WHERE NOT active") > 0


def test_tracked_products_move_with_lots(v19):
    con, _ = v19
    tracked = "SELECT DISTINCT product_id FROM stock_lot"
    assert one(con, f"SELECT count(*) FROM ({tracked})") > 0
    assert (
        one(
            con,
            f"SELECT count(*) FROM stock_move_line WHERE product_id IN ({tracked}) "
            "AND lot_id IS NULL",
        )
        == 0
    )
    assert (
        one(
            con,
            f"SELECT count(*) FROM stock_move_line WHERE product_id NOT IN ({tracked}) "
            "AND lot_id IS NOT NULL",
        )
        == 0
    )
    wrong_company = one(
        con,
        """
        SELECT count(*) FROM stock_move_line l JOIN stock_lot t ON t.id = l.lot_id
        WHERE t.company_id <> l.company_id OR t.product_id <> l.product_id""",
    )
    assert wrong_company == 0
