"""Point of sale: one session per till per day, orders through the day (and past local midnight),
their lines and payments. Vectorised with numpy: the large scale makes millions of lines."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from nkdash_desktop.demo import catalogue as cat
from nkdash_desktop.demo.data_common import (
    MINUTE,
    NAT,
    Calendar,
    Sampler,
    Streams,
    TableWriter,
    codes,
    codes_by,
    group_arange,
    pick,
    round2,
    single_lists,
)
from nkdash_desktop.demo.data_dims import Dims

NORMAL, CANCEL, REFUND, INVOICED = 0, 1, 2, 3

# Tills open 07:30 local and close 01:30 the next morning; customers come 08:00 to 01:00.
OPEN_AT, CLOSE_AT = 7.5 * 3600, 25.5 * 3600
FIRST_ORDER, LAST_ORDER = 8 * 3600, 25 * 3600
WEEKDAY_FACTOR = np.array([0.92, 0.9, 0.93, 0.96, 1.05, 1.2, 1.14])  # Monday first
LINES_PER_ORDER = (np.arange(1, 9), [0.14, 0.16, 0.17, 0.15, 0.13, 0.11, 0.08, 0.06])
UNIT_QTY = (np.array([1, 2, 3, 4, 6, 12]), [0.64, 0.2, 0.08, 0.04, 0.03, 0.01])
BULK_QTY = (
    np.array([0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0]),
    [0.1, 0.2, 0.15, 0.25, 0.1, 0.1, 0.05, 0.05],
)  # kg / L, exact binary fractions
DISCOUNTS = (np.array([5.0, 10.0, 15.0, 20.0, 25.0, 50.0]), [0.25, 0.3, 0.15, 0.15, 0.1, 0.05])
CASH_STEPS = (
    np.array([1000, 2000, 5000, 10000, 20000, 50000, 100000]),
    [0.08, 0.07, 0.15, 0.2, 0.15, 0.2, 0.15],
)
# what the morning list ("Needs attention") shows on the demo's first start: yesterday sold far
# below its usual level (a power cut closed the shop for most of the day: few till sales and no
# trade invoices), the best seller was on a promotion below its cost, and a slow product has sat
# unsold on the shelf. The cut is deep because a small shop's same weekdays vary by a quarter
# (about 40 orders a day): the unusual-day rule's band (median ± 3 × 1.4826 × MAD) is that wide
BAD_DAY_SALES = 0.1
BAD_DAY_FIRST_CUSTOMERS = 2  # the main till's orders before the cut, at least
PROMOTION_DISCOUNT = 60.0
SLOW_DAYS = 75  # the slow product's last sale is longer ago than the 60 days of dead stock
# Bali's tills price in US dollars with cents: the rupiah price at the demo's rate, to a cent
CASH_STEPS_USD = (np.array([1, 5, 10, 20, 50, 100]), [0.2, 0.25, 0.25, 0.2, 0.07, 0.03])
SHORT_NOTES = [
    "Pelanggan minta kantong tambahan",
    "Struk dicetak ulang",
    "Bayar pas, tanpa kembalian",
    "Pesanan diambil nanti sore",
    "Minta dibungkus terpisah",
]
LONG_NOTE = (
    "Catatan kasir — pesanan besar untuk acara arisan RT 05.\n"
    + "Pelanggan minta: semua minuman dingin, es batu dipisah, struk atas nama “Ibu Sri”.\n"
    + "Detail: "
    + "; ".join(f"item {i}: cek tanggal kedaluwarsa ✓" for i in range(1, 40))
    + "\nCatatan tambahan: pembayaran sebagian QRIS, sisanya tunai. Terima kasih! 🙏"
)


@dataclass
class PosOrders:
    """Order-level arrays in id order (index = id - 1)."""

    create: np.ndarray
    date_order: np.ndarray
    day: np.ndarray  # business day of date_order
    config: np.ndarray
    company: np.ndarray
    session: np.ndarray  # pos.session id
    kind: np.ndarray
    partner: np.ndarray
    user: np.ndarray
    employee: np.ndarray
    total: np.ndarray
    tax: np.ndarray
    change: np.ndarray
    closed: np.ndarray  # its session is closed
    names: pa.Array
    references: pa.Array
    note: np.ndarray  # index into notes, -1 = none
    write: np.ndarray


@dataclass
class PosResult:
    orders: PosOrders
    notes: list[str]
    # lines of invoiced orders (they become customer invoices)
    invoiced: dict[str, np.ndarray]
    # closed sessions' stock: one row per (session, product) with units sold and returned
    session_ids: np.ndarray  # pos.session id per session index
    session_config: np.ndarray
    session_stop: np.ndarray
    session_day: np.ndarray
    stock_session: np.ndarray  # session index
    stock_product: np.ndarray  # product index
    stock_out: np.ndarray
    stock_in: np.ndarray
    orders_per_day: np.ndarray  # company 1, per business day


def hour_profile() -> tuple[np.ndarray, np.ndarray]:
    """15-minute bins (local seconds) and weights: lunch and evening peaks, a late-night tail."""
    starts = np.arange(FIRST_ORDER, LAST_ORDER, 900)
    h = (starts + 450) / 3600
    w = (
        0.35
        + 1.0 * np.exp(-0.5 * ((h - 12.5) / 1.2) ** 2)
        + 1.3 * np.exp(-0.5 * ((h - 19.0) / 1.6) ** 2)
    )
    w = np.where(h >= 22, w * 0.5, w)
    w = np.where(h >= 24, w * 0.7, w)
    return starts, w / w.sum()


def bad_day(days: int) -> int | None:
    """Index of the demo's deliberately bad day: yesterday, when four weeks show what is usual
    (tiny demos stay plain)."""
    return days - 2 if days >= 30 else None


def unsold_lately(prod: cat.Products, days: int, product: np.ndarray, day: np.ndarray) -> None:
    """The slow product of the morning list's dead stock (demos of 90 days or more): a bought,
    stocked product whose sales of the last SLOW_DAYS days (`product` sold on day index `day`)
    go to the best seller instead. In place."""
    if days < 90:
        return
    stocked = (prod.supplier >= 0) & (prod.kind == cat.STORABLE) & (prod.archive_day >= days)
    ranked = np.flatnonzero(stocked)[np.argsort(prod.popularity[stocked], kind="stable")]
    slow = int(ranked[len(ranked) // 4])
    product[(product == slow) & (day >= days - SLOW_DAYS)] = int(np.argmax(prod.popularity))


def price_table(products: cat.Products, days: int) -> np.ndarray:
    """List price per product and 'years before the last day' (prices rise ~4% a year)."""
    years = days // 365 + 1
    lp = products.list_price[:, None] / 1.04 ** np.arange(years)[None, :]
    table = np.maximum(np.round(lp / 500.0) * 500.0, 1000.0)
    table[:, 0] = products.list_price
    return table


def build_pos(
    w: TableWriter, cal: Calendar, dims: Dims, scale: str, seed: int, tax_rounding: str
) -> PosResult:
    """Write pos.session, pos.order.line and pos.payment; return the orders (written later,
    once their invoices have ids) and what the accounting and stock passes need.
    `tax_rounding`: the companies' tax_calculation_rounding_method."""
    draw = Streams(seed, "pos")
    prod = dims.products
    n_prod = prod.count
    days = cal.days
    base = cat.SCALES[scale][3]
    configs = len(cat.POS_CONFIGS)
    share = np.array([c[4] for c in cat.POS_CONFIGS])
    cfg_company = np.array([c[1] for c in cat.POS_CONFIGS])

    # --- sessions: one per till per day, if it had opened by `now` -------------------------
    d_idx = np.arange(days)
    start = (
        cal.midnight[:days, None]
        + np.timedelta64(int(OPEN_AT), "s")
        + (np.arange(configs)[None, :] * 2 * MINUTE)
    )
    stop = start + np.timedelta64(int(CLOSE_AT - OPEN_AT), "s")
    exists = start <= cal.now
    sess_index = (np.cumsum(exists.ravel()) - 1).reshape(days, configs)
    s_day, s_cfg = np.nonzero(exists)  # row-major = by start time
    n_sess = len(s_day)
    s_start = start[s_day, s_cfg]
    s_stop = stop[s_day, s_cfg]
    s_closed = s_stop <= cal.now
    shift = np.array([[0, 1], [2, 3], [4, 4]])  # cashier index by config and day parity
    s_cashier = shift[s_cfg, s_day % 2]

    # --- orders per till and day ------------------------------------------------------------
    dates = cal.dates
    dom = (dates - dates.astype("datetime64[M]")).astype(int) + 1
    payday = np.where((dom >= 25) | (dom <= 2), 1.08, 1.0)
    trend = 1.05 ** ((d_idx - (days - 1)) / 365.0)
    # no extra day-level noise: the orders' own counts and baskets already make a small shop's
    # same weekdays differ by about a fifth, and more would hide the bad day from the morning list
    lam = base * (WEEKDAY_FACTOR[cal.weekday] * payday * trend)[:, None] * share[None, :]
    bad = bad_day(days)
    if bad is not None:
        lam[bad] *= BAD_DAY_SALES
    count = draw("count").poisson(lam) * exists
    if bad is not None and exists[bad, 0]:
        # the cut came after the morning's first customers: the main till always sold a few,
        # so the bad day is a day of sales far below its usual level (the unusual-day rule
        # leaves a day without any sale to the data rule: it may be a lake behind)
        count[bad, 0] = max(count[bad, 0], BAD_DAY_FIRST_CUSTOMERS)
    count = count.ravel()
    o_sess = np.repeat(sess_index.ravel(), count)
    n = len(o_sess)
    bins, bin_w = hour_profile()
    secs = bins[Sampler(bin_w).sample(draw("minute bin"), n)] + draw("second").integers(0, 900, n)
    date_order = cal.midnight[s_day[o_sess]] + secs.astype("timedelta64[s]")
    create = date_order + draw("create").integers(2, 25, n).astype("timedelta64[s]")
    keep = np.flatnonzero((create <= cal.now) & (date_order < cal.midnight[days]))
    # ids follow creation (ties: by till)
    order = keep[np.argsort(create[keep].astype(np.int64) * 4 + s_cfg[o_sess[keep]], kind="stable")]
    o_sess, date_order, create = o_sess[order], date_order[order], create[order]
    del order, keep, secs
    n = len(o_sess)
    o_cfg = s_cfg[o_sess]
    o_company = cfg_company[o_cfg]
    o_closed = s_closed[o_sess]
    b_day = cal.day_of(date_order)

    # --- what happens to each order ---------------------------------------------------------
    u = draw("kind").random(n)
    kind = np.zeros(n, dtype=np.int8)
    kind[u < 0.01] = CANCEL
    candidate = (u >= 0.01) & (u < 0.03)
    kind[(u >= 0.03) & (u < 0.04) & (o_company == cat.COMPANY_MAIN)] = INVOICED
    original = np.full(n, -1, dtype=np.int64)
    for company in (cat.COMPANY_MAIN, cat.COMPANY_BALI):
        members = np.flatnonzero(o_company == company)
        ranks = np.flatnonzero(candidate[members])
        # a refund looks back about three days of the company's orders: from the expected
        # orders, not the ones drawn (today's grow with the clock and must not move the past)
        window = max(1, int(3 * lam[:, cfg_company == company].sum() / max(days, 1)))
        j = ranks - draw(f"refund target {company}").integers(1, window + 1, len(ranks))
        ok = j >= 0
        target = members[np.maximum(j, 0)]
        ok &= (kind[target] == NORMAL) & ~candidate[target]
        refunds, targets = members[ranks[ok]], target[ok]
        _, first = np.unique(targets, return_index=True)  # refund each order at most once
        original[refunds[first]] = targets[first]
    kind[original >= 0] = REFUND
    refunds = np.flatnonzero(kind == REFUND)
    orig = original[refunds]
    del u, candidate, original

    # --- how many lines: 1-8 per sale; a refund takes back one line or all of them ----------
    per_order = LINES_PER_ORDER[0][Sampler(LINES_PER_ORDER[1]).sample(draw("lines"), n)]
    r_count = np.where(draw("refund lines").random(len(refunds)) < 0.4, per_order[orig], 1)
    per_order[refunds] = r_count
    offset = np.cumsum(per_order) - per_order
    total_lines = int(offset[-1] + per_order[-1]) if n else 0

    # --- every line in id order (grouped by order): draw all, then overwrite refund lines ----
    l_prod = Sampler(prod.popularity).sample(draw("product"), total_lines)
    l_day = np.repeat(b_day.astype(np.int32), per_order)
    gone = np.flatnonzero(l_day >= prod.archive_day[l_prod])
    l_prod[gone] = prod.replacement[l_prod[gone]]
    unsold_lately(prod, days, l_prod, l_day)
    # the promoted best seller (below): every order of the promotion's day took one, so that
    # the few customers of the bad day still made the loss the morning list shows
    best_seller = int(np.argmax(prod.popularity))
    l_prod[offset[np.flatnonzero(b_day == days - 2)]] = best_seller
    l_qty = UNIT_QTY[0][Sampler(UNIT_QTY[1]).sample(draw("quantity"), total_lines)].astype(
        np.float64
    )
    qty_class = prod.qty_class[l_prod]
    bulk = np.flatnonzero(qty_class == cat.QTY_BULK)
    l_qty[bulk] = BULK_QTY[0][Sampler(BULK_QTY[1]).sample(draw("bulk quantity"), len(bulk))]
    l_qty[qty_class == cat.QTY_SINGLE] = 1.0
    dozens = np.flatnonzero(qty_class == cat.QTY_AT_MOST_TWO)
    l_qty[dozens] = np.minimum(l_qty[dozens], 2.0)
    del qty_class, bulk, dozens, gone
    prices = price_table(prod, days)
    l_day = (days - 1 - l_day) // 365  # years before the last day
    l_day += l_prod * prices.shape[1]
    l_price = prices.ravel()[l_day]
    del l_day
    l_dollars = np.repeat(o_company == cat.COMPANY_BALI, per_order)
    l_price[l_dollars] = np.maximum(round2(l_price[l_dollars] / cat.IDR_PER_USD), 0.05)
    l_disc = np.zeros(total_lines)
    discounted = np.flatnonzero(draw("discounted").random(total_lines) < 0.06)
    l_disc[discounted] = DISCOUNTS[0][
        Sampler(DISCOUNTS[1]).sample(draw("discount"), len(discounted))
    ]
    promoted = np.repeat(b_day == days - 2, per_order) & (l_prod == best_seller)
    l_disc[promoted] = PROMOTION_DISCOUNT
    l_tax = prod.sale_tax[l_prod]
    l_sub, l_incl, l_tax_amount = _line_amounts(l_qty, l_price, l_disc, l_tax, tax_rounding)
    r_pos = np.repeat(offset[refunds], r_count) + group_arange(r_count)
    r_src = np.repeat(offset[orig], r_count) + group_arange(r_count)
    for col in (l_prod, l_price, l_disc, l_tax):
        col[r_pos] = col[r_src]
    for col in (l_qty, l_sub, l_incl, l_tax_amount):
        col[r_pos] = -col[r_src]
    l_refunded = np.zeros(total_lines, dtype=np.int64)
    l_refunded[r_pos] = r_src + 1
    del r_pos, r_src

    l_order = np.repeat(np.arange(n, dtype=np.int32), per_order)
    # Odoo's order totals: the tax of the lines (unrounded under round_globally) summed and
    # rounded once, plus the lines' untaxed amounts; so under round_globally an order's total
    # may differ from the sum of its lines' price_subtotal_incl by a cent or more
    untaxed = round2(np.bincount(l_order, weights=l_sub, minlength=n))
    tax = round2(np.bincount(l_order, weights=l_tax_amount, minlength=n))
    total = round2(untaxed + tax)
    del untaxed

    # closing a session writes its orders; a cancelled order was written minutes later
    write = create.copy()
    done = o_closed & (kind != CANCEL)
    write[done] = s_stop[o_sess[done]]
    cancelled = kind == CANCEL
    write[cancelled] = cal.cap(
        create[cancelled]
        + draw("cancel").integers(60, 600, int(cancelled.sum())).astype("timedelta64[s]")
    )

    # the lines go to the loader now (columns built lazily on its thread)
    w.insert(
        "pos.order.line",
        {
            "id": lambda: np.arange(1, total_lines + 1),
            "create_date": lambda: np.repeat(create, per_order),
            "write_date": lambda: np.repeat(write, per_order),
            "name": lambda: codes("OL/0", np.arange(1, total_lines + 1), 8),
            "full_product_name": lambda: pick(prod.name, l_prod),
            "order_id": lambda: l_order + np.int64(1),
            "product_id": lambda: l_prod + np.int64(1),
            "qty": l_qty,
            "price_unit": l_price,
            "discount": l_disc,
            "price_subtotal": l_sub,
            "price_subtotal_incl": l_incl,
            "tax_ids": lambda: single_lists(l_tax),
            "total_cost": lambda: round2(
                l_qty * prod.standard_price[l_prod] / np.where(l_dollars, cat.IDR_PER_USD, 1.0)
            ),
            "is_total_cost_computed": lambda: np.repeat(o_closed, per_order),
            "refunded_orderline_id": l_refunded,
            "company_id": lambda: np.repeat(o_company, per_order),
        },
        rows=total_lines,
    )
    w.insert(
        "pos.session",
        {
            "id": np.arange(1, n_sess + 1),
            "create_date": s_start,
            "write_date": np.where(s_closed, s_stop, s_start),
            "name": codes("POS/", np.arange(1, n_sess + 1), 5),
            "config_id": s_cfg + 1,
            "user_id": dims.cashier_uids[s_cashier],
            "state": np.where(s_closed, "closed", "opened"),
            "start_at": s_start,
            "stop_at": np.where(s_closed, s_stop, NAT),
            "company_id": cfg_company[s_cfg],
        },
    )

    # --- who ---------------------------------------------------------------------------------
    partner = np.zeros(n, dtype=np.int64)
    named = (kind == INVOICED) | (
        (kind == NORMAL) & (o_company == cat.COMPANY_MAIN) & (draw("named").random(n) < 0.08)
    )
    partner[named] = dims.customers[
        Sampler(dims.customer_weight).sample(draw("customer"), int(named.sum()))
    ]
    partner[refunds] = partner[orig]
    cashier = s_cashier[o_sess]
    user = dims.cashier_uids[cashier]
    employee = dims.cashier_employees[cashier]
    employee[(o_company == cat.COMPANY_MAIN) & (draw("supervisor").random(n) < 0.08)] = (
        dims.supervisor_employee
    )
    del cashier, named

    # --- payments ------------------------------------------------------------------------------
    pay = _payments(draw, kind, o_company, total)
    p_order = pay["order"]
    w.insert(
        "pos.payment",
        {
            "id": np.arange(1, len(p_order) + 1),
            "create_date": lambda: create[p_order],
            "write_date": lambda: create[p_order],
            "pos_order_id": lambda: p_order + 1,
            "amount": pay["amount"],
            "payment_method_id": pay["method"],
            "payment_date": lambda: date_order[p_order],
            "is_change": pay["is_change"],
            "session_id": lambda: o_sess[p_order] + 1,
            "company_id": lambda: o_company[p_order],
        },
        rows=len(p_order),
    )

    # --- names: per-till order numbers, per-session receipt numbers --------------------------
    seq = np.empty(n, dtype=np.int64)
    in_session = np.empty(n, dtype=np.int64)
    for c in range(configs):
        rows = np.flatnonzero(o_cfg == c)
        seq[rows] = np.arange(1, len(rows) + 1)
        sess = o_sess[rows]  # a till's sessions follow each other
        new = np.flatnonzero(np.diff(sess, prepend=-1) != 0)
        in_session[rows] = np.arange(len(rows)) - np.repeat(new, np.diff(new, append=len(rows)))
    in_session += 1
    names = codes_by([f"{c[3]}/" for c in cat.POS_CONFIGS], o_cfg, seq, 5)
    references = pc.binary_join_element_wise(
        codes("Order ", o_sess + 1, 5), codes("-001-", in_session, 4), ""
    )
    del seq, in_session
    notes = [*SHORT_NOTES, LONG_NOTE]
    note = np.full(n, -1, dtype=np.int64)
    noted = np.flatnonzero((kind != CANCEL) & (draw("noted").random(n) < 0.003))
    note[noted] = draw("note").integers(0, len(SHORT_NOTES), len(noted))
    # the long note: the first ordinary order of the middle day (not of the middle order,
    # which moves as today's orders come in)
    ordinary = np.flatnonzero((kind == NORMAL) & (b_day >= days // 2))
    if len(ordinary):
        note[ordinary[0]] = len(notes) - 1

    orders = PosOrders(
        create=create,
        date_order=date_order,
        day=b_day,
        config=o_cfg + 1,
        company=o_company,
        session=o_sess + 1,
        kind=kind,
        partner=partner,
        user=user,
        employee=employee,
        total=total,
        tax=tax,
        change=pay["change_by_order"],
        closed=o_closed,
        names=names,
        references=references,
        note=note,
        write=write,
    )

    # --- what later generators need ------------------------------------------------------------
    inv = np.flatnonzero(np.repeat(kind == INVOICED, per_order))
    invoiced = {
        "order": l_order[inv],
        "product": l_prod[inv],
        "qty": l_qty[inv],
        "price": l_price[inv],
        "discount": l_disc[inv],
        "tax": l_tax[inv],
    }
    # closed sessions' goods per (session, product): net units, and what refunds brought back
    counted = o_closed & (kind != CANCEL)
    moved = np.repeat(counted, per_order)
    moved &= prod.kind[l_prod] != cat.SERVICE
    key = np.repeat(o_sess.astype(np.int64) * n_prod, per_order)
    key += l_prod
    bins_ = n_sess * n_prod
    net = np.bincount(key, weights=np.where(moved, l_qty, 0.0), minlength=bins_)
    r_lines = np.flatnonzero(l_refunded > 0)
    r_lines = r_lines[moved[r_lines]]
    back = np.bincount(key[r_lines], weights=-l_qty[r_lines], minlength=bins_)
    touched = np.zeros(bins_, dtype=bool)
    touched[key[moved]] = True
    del key, moved
    stock_keys = np.flatnonzero(touched)
    back = back[stock_keys]
    out = net[stock_keys] + back
    del net, touched
    return PosResult(
        orders=orders,
        notes=notes,
        invoiced=invoiced,
        session_ids=np.arange(1, n_sess + 1),
        session_config=s_cfg + 1,
        session_stop=s_stop,
        session_day=s_day,
        stock_session=stock_keys // n_prod,
        stock_product=stock_keys % n_prod,
        stock_out=out,
        stock_in=back,
        orders_per_day=np.bincount(b_day[o_company == cat.COMPANY_MAIN], minlength=days),
    )


def _line_amounts(
    qty: np.ndarray, price: np.ndarray, discount: np.ndarray, tax: np.ndarray, rounding: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(price_subtotal, price_subtotal_incl, the line's tax as its order sums it), as Odoo's
    compute_all gives them: round_per_line rounds each line's tax; round_globally keeps it
    unrounded (the order rounds the sum) and rounds only the line's total with tax."""
    subtotal = round2(qty * price * (1.0 - discount / 100.0))
    rate = np.zeros(len(tax))
    for tax_id, tax_rate in cat.SALE_TAX_RATE.items():
        rate[tax == tax_id] = tax_rate
    line_tax = subtotal * rate
    if rounding == cat.ROUND_PER_LINE:
        line_tax = round2(line_tax)
    return subtotal, round2(subtotal + line_tax), line_tax


def _payments(
    draw: Streams, kind: np.ndarray, company: np.ndarray, total: np.ndarray
) -> dict[str, np.ndarray]:
    """One or two payments per paid order; cash paid with notes gets a change line."""
    n = len(kind)
    main = company == cat.COMPANY_MAIN
    paid = kind != CANCEL
    refund = kind == REFUND
    method = np.where(
        main,
        np.array([cat.PM_CASH, cat.PM_QRIS, cat.PM_DEBIT, cat.PM_CREDIT])[
            Sampler([0.42, 0.33, 0.15, 0.10]).sample(draw("method"), n)
        ],
        np.array([cat.PM_CASH_BALI, cat.PM_QRIS_BALI])[
            Sampler([0.6, 0.4]).sample(draw("method bali"), n)
        ],
    )
    cash_method = np.where(main, cat.PM_CASH, cat.PM_CASH_BALI)
    method[refund] = cash_method[refund]
    split = (
        main & paid & ~refund & (total > 50000) & (draw("split").random(n, dtype=np.float32) < 0.07)
    )
    # a split payment: part by card or QRIS, the rest in cash
    s_idx = np.flatnonzero(split)
    first_split = np.zeros(n, dtype=np.int64)
    first_split[s_idx] = np.array([cat.PM_QRIS, cat.PM_DEBIT, cat.PM_CREDIT])[
        draw("split method").integers(0, 3, len(s_idx))
    ]
    first_amount = np.zeros(n)
    first_amount[s_idx] = (
        np.round(total[s_idx] * draw("split amount").uniform(0.3, 0.7, len(s_idx)) / 1000.0)
        * 1000.0
    )
    cash_due = total.copy()
    cash_due[s_idx] = round2(total[s_idx] - first_amount[s_idx])
    is_cash = paid & ~refund & (split | (method == cash_method))
    step = np.where(
        main,
        CASH_STEPS[0][Sampler(CASH_STEPS[1]).sample(draw("cash step"), n)],
        CASH_STEPS_USD[0][Sampler(CASH_STEPS_USD[1]).sample(draw("cash step usd"), n)],
    )
    tendered = np.ceil(cash_due / step) * step
    change = np.where(
        is_cash & (draw("change").random(n, dtype=np.float32) < 0.6),
        round2(tendered - cash_due),
        0.0,
    )
    change[change < 0.005] = 0.0
    rows = np.where(paid, 1 + split + (change > 0), 0)
    offset = np.cumsum(rows) - rows
    total_rows = int(rows.sum())
    p_order = np.repeat(np.arange(n), rows)
    amount = np.empty(total_rows)
    p_method = np.empty(total_rows, dtype=np.int64)
    # first payment
    o = np.flatnonzero(paid)
    first = offset[o]
    amount[first] = np.where(split[o], first_amount[o], total[o] + change[o])
    p_method[first] = np.where(split[o], first_split[o], method[o])
    # cash part of a split payment
    o = np.flatnonzero(split)
    amount[offset[o] + 1] = cash_due[o] + change[o]
    p_method[offset[o] + 1] = cash_method[o]
    # change given back
    o = np.flatnonzero(change > 0)
    last = offset[o] + rows[o] - 1
    amount[last] = -change[o]
    p_method[last] = cash_method[o]
    is_change = np.zeros(total_rows, dtype=bool)
    is_change[last] = True
    return {
        "order": p_order,
        "amount": round2(amount),
        "method": p_method,
        "is_change": is_change,
        "change_by_order": change,
    }


def order_columns(
    orders: PosOrders, notes: list[str], account_move: np.ndarray, version: int
) -> dict:
    kind = orders.kind
    state = np.where(orders.closed, 0, 1)  # done / paid
    if version <= 18:  # Odoo 19 dropped the "invoiced" state: invoiced orders stay done
        state[kind == INVOICED] = 2
    state[kind == CANCEL] = 3
    n = len(kind)
    paid = np.where(kind == CANCEL, 0.0, orders.total)
    return {
        "id": np.arange(1, n + 1),
        "create_date": orders.create,
        "write_date": orders.write,
        "name": orders.names,
        "pos_reference": orders.references,
        "date_order": orders.date_order,
        "state": pick(["done", "paid", "invoiced", "cancel"], state),
        "partner_id": orders.partner,
        "user_id": orders.user,
        "employee_id": orders.employee,
        "session_id": orders.session,
        "company_id": orders.company,
        "currency_id": np.where(
            orders.company == cat.COMPANY_BALI,
            cat.COMPANY_CURRENCY[cat.COMPANY_BALI],
            cat.COMPANY_CURRENCY[cat.COMPANY_MAIN],
        ),
        "amount_total": orders.total,
        "amount_tax": orders.tax,
        "amount_paid": paid,
        "amount_return": orders.change,
        "account_move": account_move,
        "is_refund": kind == REFUND,
        "internal_note": pick(notes, orders.note),
    }
