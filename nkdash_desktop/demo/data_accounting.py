"""Accounting: customer invoices (B2B and invoiced POS orders), credit notes, vendor bills with
several taxes and bonus lines, vendor refunds. Bills are the cost source of the profit pipeline,
so they start on the first day and ~20% of them are entered days after their invoice date.

Like a real group: the Bali company buys some of the same products with bills of its own, in
its own currency, and ~15% of NK Mart's restocking bills are in US dollars (price_unit and
amount_currency in dollars, balance in the company currency at the rate of the day: see
currency.py); so are a few of its customer invoices (an export customer billed in dollars)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from nkdash_desktop.demo import catalogue as cat
from nkdash_desktop.demo import currency as fx
from nkdash_desktop.demo.data_common import (
    DAY,
    HOUR,
    NAT,
    SECOND,
    Calendar,
    Sampler,
    Streams,
    TableWriter,
    codes,
    codes_by,
    group_arange,
    pick,
    round2,
    running_number,
    stream,
)
from nkdash_desktop.demo.data_dims import Dims
from nkdash_desktop.demo.data_pos import PosResult, bad_day, price_table, unsold_lately

OUT_INVOICE, OUT_REFUND, IN_INVOICE, IN_REFUND = 0, 1, 2, 3
MOVE_TYPES = ("out_invoice", "out_refund", "in_invoice", "in_refund")
POSTED, DRAFT, CANCELLED = 0, 1, 2
STATES = ("posted", "draft", "cancel")
# sign of a product line's balance per move type (credit on sales, debit on purchases)
PRODUCT_SIGN = np.array([-1.0, 1.0, 1.0, -1.0])
TAX_NAMES = [t[0] for t in cat.TAXES]
IMPORTER = 1  # the supplier (index) whose bills to NK Mart are in US dollars
# the cost jump of the morning list ("Needs attention"): the last restocking bill of the past
# week (before today) came with prices a fifth higher, posted, to NK Mart
PRICE_RISE = 1.2


@dataclass
class Batch:
    """Moves and their product lines from one source, before ids are assigned."""

    kind: np.ndarray
    day: np.ndarray
    create: np.ndarray
    partner: np.ndarray
    state: np.ndarray
    user: np.ndarray
    reversed: np.ndarray  # index of the reversed move among all batches so far, -1 = none
    pos_order: np.ndarray  # pos.order index, -1 = none
    late: np.ndarray  # bill entered days after its date
    received: np.ndarray  # receipt time of a bill's goods (NaT for others)
    line_move: np.ndarray  # index within this batch
    product: np.ndarray
    qty: np.ndarray
    price: np.ndarray
    discount: np.ndarray
    tax: np.ndarray
    bonus: np.ndarray
    company: np.ndarray  # res.company per move
    currency: np.ndarray  # document currency per move


@dataclass
class StockFeed:
    """Documents whose goods move: receipts, vendor returns, deliveries, customer returns."""

    kind: np.ndarray  # same codes as MOVE_TYPES: in_invoice = receipt, out_invoice = delivery
    ts: np.ndarray
    partner: np.ndarray
    name: list[str]
    line_doc: np.ndarray
    product: np.ndarray
    qty: np.ndarray
    unit_cost: np.ndarray


def _batch(n_moves: int, lines: int, **kw) -> Batch:
    defaults = {
        "kind": np.zeros(n_moves, dtype=np.int64),
        "day": np.zeros(n_moves, dtype=np.int64),
        "create": np.full(n_moves, NAT),
        "partner": np.zeros(n_moves, dtype=np.int64),
        "state": np.zeros(n_moves, dtype=np.int64),
        "user": np.full(n_moves, cat.UID_ADMIN, dtype=np.int64),
        "reversed": np.full(n_moves, -1, dtype=np.int64),
        "pos_order": np.full(n_moves, -1, dtype=np.int64),
        "late": np.zeros(n_moves, bool),
        "received": np.full(n_moves, NAT),
        "line_move": np.zeros(lines, dtype=np.int64),
        "product": np.zeros(lines, dtype=np.int64),
        "qty": np.zeros(lines),
        "price": np.zeros(lines),
        "discount": np.zeros(lines),
        "tax": np.zeros(lines, dtype=np.int64),
        "bonus": np.zeros(lines, dtype=bool),
        "company": np.full(n_moves, cat.COMPANY_MAIN, dtype=np.int64),
        "currency": np.full(n_moves, cat.COMPANY_CURRENCY[cat.COMPANY_MAIN], dtype=np.int64),
    }
    defaults.update(kw)
    return Batch(**defaults)


def _states(draw: Streams, day: np.ndarray, days: int, recent: int) -> np.ndarray:
    """Mostly posted; ~2% cancelled; some of the last `recent` days' still draft. At least one
    of each when there are a few moves, so that every history shows them (picked by day, not
    by position: today's moves, which grow with the clock, must not move them)."""
    m = len(day)
    state = np.where(draw("cancelled").random(m) < 0.02, CANCELLED, POSTED)
    state[(day >= days - recent) & (draw("draft").random(m) < 0.35)] = DRAFT
    if m >= 4:
        recent_moves = np.flatnonzero(day >= days - recent)
        if not (state == DRAFT).any() and len(recent_moves):
            state[recent_moves[0]] = DRAFT
        middle = np.flatnonzero(day >= days // 2)
        if not (state == CANCELLED).any() and len(middle):
            state[middle[0]] = CANCELLED
    return state


def _local_time(
    cal: Calendar, rng: np.random.Generator, day: np.ndarray, lo: float, hi: float
) -> np.ndarray:
    """A random time between local hours lo and hi on each business day."""
    return cal.at(day, rng.integers(int(lo * 3600), int(hi * 3600), len(day)))


def _in_day_order(day: np.ndarray) -> np.ndarray:
    """Positions by day (stable): draws made in this order give a day's moves the same values
    however many moves today, drawn last, has."""
    return np.argsort(day, kind="stable")


# --- sources ----------------------------------------------------------------------------------


def pos_invoices(cal: Calendar, draw: Streams, pos: PosResult) -> Batch:
    inv = pos.invoiced
    orders = np.unique(inv["order"])
    o = pos.orders
    create = cal.cap(o.create[orders] + draw("create").integers(20, 120, len(orders)) * SECOND)
    return _batch(
        len(orders),
        len(inv["order"]),
        kind=np.full(len(orders), OUT_INVOICE),
        day=o.day[orders],
        create=create,
        partner=o.partner[orders],
        user=o.user[orders],
        pos_order=orders,
        line_move=np.searchsorted(orders, inv["order"]),
        product=inv["product"],
        qty=inv["qty"],
        price=inv["price"],
        discount=inv["discount"],
        tax=inv["tax"],
    )


def _invoice_lines(
    cal: Calendar, draw: Streams, prod: cat.Products, n: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """`n[d]` invoices on each day d (none created after now) and their 1-4 lines: each move's
    day and creation time, each line's move and product (an archived product's replacement)."""
    day = np.repeat(np.arange(cal.days), n)
    create = _local_time(cal, draw("create"), day, 9, 17)
    keep = create <= cal.now
    day, create = day[keep], create[keep]
    goods = np.flatnonzero(prod.kind != cat.SERVICE)
    line_move = np.repeat(np.arange(len(day)), draw("lines").integers(1, 5, len(day)))
    product = goods[Sampler(prod.popularity[goods]).sample(draw("product"), len(line_move))]
    gone = day[line_move] >= prod.archive_day[product]
    product[gone] = prod.replacement[product[gone]]
    return day, create, line_move, product


def customer_invoices(cal: Calendar, draw: Streams, dims: Dims, pos: PosResult) -> Batch:
    days = cal.days
    sunday = cal.weekday == 6
    # trade customers restock often and in modest amounts (a few invoices a day of a few dozen
    # units), so that a day's invoices do not swing its revenue more than its till sales do
    n = draw("count").poisson(
        0.08 * np.maximum(pos.orders_per_day, 10) * np.where(sunday, 0.4, 1.0)
    )
    bad = bad_day(days)
    if bad is not None:
        n[bad] = 0  # the shop was closed: no trade customer was invoiced
    prod = dims.products
    day, create, line_move, product = _invoice_lines(cal, draw, prod, n)
    m, k = len(day), len(line_move)
    unsold_lately(prod, days, product, day[line_move])
    quantities = np.array([1, 2, 3, 4, 5, 6, 8, 10, 12, 24], dtype=float)
    qty = quantities[draw("quantity").integers(0, len(quantities), k)]
    prices = price_table(prod, days)
    price = prices[product, (days - 1 - day[line_move]) // 365]
    discount = np.where(
        draw("discounted").random(k) < 0.25,
        np.array([2.0, 5.0, 7.5, 10.0])[draw("discount").integers(0, 4, k)],
        0.0,
    )
    state = _states(draw, day, days, recent=5)
    # an export customer is invoiced in US dollars: the rupiah list price at the day's rate to
    # a cent; Odoo keeps the lines' price_subtotal/price_total in dollars, balance in rupiah
    dollars = draw("dollars").random(m) < 0.08
    if m >= 4 and not dollars.any():
        dollars[m // 2] = True  # every history shows one
    currency = np.where(dollars, cat.CURRENCY_USD, cat.COMPANY_CURRENCY[cat.COMPANY_MAIN])
    in_dollars = dollars[line_move]
    in_usd = fx.list_price_in(price, np.full(k, cat.CURRENCY_USD), cal.dates[day[line_move]])
    price = np.where(in_dollars, np.maximum(round2(in_usd), 0.05), price)
    return _batch(
        m,
        k,
        kind=np.full(m, OUT_INVOICE),
        day=day,
        create=create,
        partner=dims.customers[Sampler(dims.customer_weight).sample(draw("customer"), m)],
        state=state,
        line_move=line_move,
        product=product,
        qty=qty,
        price=price,
        discount=discount,
        tax=prod.sale_tax[product],
        currency=currency,
    )


def bali_invoices(cal: Calendar, draw: Streams, dims: Dims) -> Batch:
    """NK Mart Bali's few customer invoices (hotels and cafés buying on account), in its own
    currency: US dollars with cents, the rupiah list price at the demo's rate to a cent, as its
    tills price. A couple a week, none on Sundays."""
    days = cal.days
    n = draw("count").poisson(np.where(cal.weekday == 6, 0.0, 0.35))
    prod = dims.products
    day, create, line_move, product = _invoice_lines(cal, draw, prod, n)
    m, k = len(day), len(line_move)
    qty = np.array([6, 12, 12, 24, 36, 48], dtype=float)[draw("quantity").integers(0, 6, k)]
    rupiah = price_table(prod, days)[product, (days - 1 - day[line_move]) // 365]
    price = np.maximum(round2(rupiah / cat.IDR_PER_USD), 0.05)
    discount = np.where(draw("discounted").random(k) < 0.2, 5.0, 0.0)
    return _batch(
        m,
        k,
        kind=np.full(m, OUT_INVOICE),
        day=day,
        create=create,
        partner=dims.customers[Sampler(dims.customer_weight).sample(draw("customer"), m)],
        state=_states(draw, day, days, recent=5),
        line_move=line_move,
        product=product,
        qty=qty,
        price=price,
        discount=discount,
        tax=prod.sale_tax[product],
        company=np.full(m, cat.COMPANY_BALI, dtype=np.int64),
        currency=np.full(m, cat.COMPANY_CURRENCY[cat.COMPANY_BALI], dtype=np.int64),
    )


def reversals(
    cal: Calendar,
    draw: Streams,
    source: Batch,
    offset: int,
    share: float,
    kind: int,
    max_lines: int,
    qty_share: tuple[float, float],
) -> Batch:
    """Credit notes / vendor refunds of some posted moves of `source`, days later, for part of
    the first lines' quantities (positive: the move type carries the sign). Every draw is made
    in the source's day order before the cut at `now`, so that a refund keyed in later today
    does not change the earlier ones."""
    days = cal.days
    by_day = _in_day_order(source.day)
    posted = source.state[by_day] == POSTED
    picked = (draw("chosen").random(len(by_day)) < share) & posted
    if not picked.any():
        # every history shows one: the first posted move of the second half (by day, so that
        # today's moves, drawn last, never move it)
        later = np.flatnonzero(posted & (source.day[by_day] >= days // 2))
        picked[later[:1]] = True
    chosen = by_day[picked]
    day = source.day[chosen] + draw("day").integers(1, 21, len(chosen))
    ok = day < days
    chosen, day = chosen[ok], day[ok]
    # never before the original was keyed in (bills may be entered late)
    create = np.maximum(_local_time(cal, draw("create"), day, 10, 16), source.create[chosen] + HOUR)
    # the first (non-bonus) lines of each chosen move
    available = np.bincount(source.line_move[~source.bonus], minlength=len(source.kind))[chosen]
    count = np.minimum(draw("lines").integers(1, max_lines + 1, len(chosen)), available)
    share_of = draw("quantity").uniform(*qty_share, int(count.sum()))
    ok = create <= cal.now
    chosen, day, create, share_of = (
        chosen[ok],
        day[ok],
        create[ok],
        share_of[np.repeat(ok, count)],
    )
    count = count[ok]
    m = len(chosen)
    first = np.searchsorted(source.line_move, chosen)
    src = np.repeat(first, count) + group_arange(count)
    qty = np.maximum(1.0, np.floor(source.qty[src] * share_of))
    return _batch(
        m,
        len(src),
        kind=np.full(m, kind),
        day=day,
        create=create,
        partner=source.partner[chosen],
        company=source.company[chosen],
        currency=source.currency[chosen],
        reversed=chosen + offset,
        line_move=np.repeat(np.arange(m), count),
        product=source.product[src],
        qty=qty,
        price=source.price[src],
        discount=source.discount[src],
        tax=source.tax[src],
    )


def vendor_bills(
    cal: Calendar, rng: np.random.Generator, dims: Dims, sold_before: np.ndarray, seed: int
) -> Batch:
    """Bills for the goods the warehouse sells: an opening purchase of every billed product on
    the first day, then restocking bills. Each line brings what the product will sell until
    its next delivery, plus a margin (`sold_before[d, p]`: units of p sold before day d)."""
    days = cal.days
    prod = dims.products
    billed = np.flatnonzero(prod.supplier >= 0)
    pop = prod.popularity
    # what a buyer plans with: sales up to yesterday, and the usual day's sales for today
    # (today's real sales grow with the clock and must not change bills already written)
    daily = sold_before[days - 1] / max(days - 1, 1)
    sold_before = sold_before.copy()
    sold_before[days] = sold_before[days - 1] + daily
    rate = max(0.5, prod.count / 110.0)  # bills per day

    # opening purchases on the first day: every billed product, ten days of stock, in bills
    # of at most 12 lines per supplier
    open_prod = billed[np.argsort(prod.supplier[billed], kind="stable")]
    open_sup = prod.supplier[open_prod]
    present, per_sup = np.unique(open_sup, return_counts=True)
    chunk = group_arange(per_sup) // 12
    open_bill = np.unique(open_sup * 100000 + chunk, return_inverse=True)[1].ravel()
    n_open = int(open_bill.max()) + 1 if len(open_bill) else 0
    open_bill_sup = np.zeros(n_open, dtype=np.int64)
    open_bill_sup[open_bill] = open_sup
    open_pack = prod.pack[open_prod]

    # restocking through the period: suppliers weighted by what they sell
    sup_pop = np.bincount(prod.supplier[billed], weights=pop[billed], minlength=len(dims.suppliers))
    factor = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.0])[cal.weekday]
    per_day = rng.poisson(rate * factor)
    per_day[0] = 0
    b_day = np.repeat(np.arange(days), per_day)
    b_sup = Sampler(sup_pop).sample(rng, len(b_day))
    want = rng.integers(3, 16, len(b_day))
    l_bill = np.repeat(np.arange(len(b_day)), want)
    # a product of the bill's supplier, by popularity, through one monotonic key over all
    # suppliers: supplier s's products cover (s, s + 1]
    by_sup = billed[np.lexsort((billed, prod.supplier[billed]))]
    sup_of = prod.supplier[by_sup]
    frac = np.cumsum(pop[by_sup] / sup_pop[sup_of])
    counts = np.bincount(sup_of)[present]
    before = np.concatenate([[0.0], frac[np.cumsum(counts)[:-1] - 1]])
    key = sup_of + frac - np.repeat(before, counts)
    key[np.cumsum(counts) - 1] = present + 1.0
    draw = b_sup[l_bill] + rng.random(len(l_bill))
    l_prod = by_sup[np.minimum(np.searchsorted(key, draw), len(by_sup) - 1)]
    gone = b_day[l_bill] >= prod.archive_day[l_prod]
    l_prod[gone] = prod.replacement[l_prod[gone]]
    _, first = np.unique(l_bill * prod.count + l_prod, return_index=True)
    first.sort()
    l_bill, l_prod = l_bill[first], l_prod[first]
    # each delivery covers the sales until the product's next delivery
    l_day = b_day[l_bill]
    by_time = np.lexsort((l_day, l_prod))
    p_sorted, d_sorted = l_prod[by_time], l_day[by_time]
    next_day = np.full(len(by_time), days)
    same = p_sorted[1:] == p_sorted[:-1]
    next_day[:-1] = np.where(same, d_sorted[1:], days)
    need = np.empty(len(by_time))
    need[by_time] = sold_before[next_day, p_sorted] - sold_before[d_sorted, p_sorted]
    pack = prod.pack[l_prod]
    l_qty = np.maximum(np.ceil(need * rng.uniform(1.05, 1.2, len(need)) / pack), 1) * pack
    first_delivery = np.full(prod.count, days)
    np.minimum.at(first_delivery, l_prod, l_day)
    open_need = sold_before[first_delivery[open_prod], open_prod] + 10 * daily[open_prod]
    open_qty = np.maximum(np.ceil(open_need / open_pack), 1) * open_pack

    # all bills: opening ones first, then the restocking ones
    n_bills = n_open + len(b_day)
    day = np.concatenate([np.zeros(n_open, dtype=np.int64), b_day])
    supplier = np.concatenate([open_bill_sup, b_sup]).astype(np.int64)
    line_bill = np.concatenate([open_bill, l_bill + n_open])
    product = np.concatenate([open_prod, l_prod])
    qty = np.concatenate([open_qty, l_qty]).astype(float)
    # the Bali company's own opening purchase: the products of every other opening bill, in
    # its small shop's quantities (it restocks with some of the later bills, see below)
    bali_open = np.arange(0, n_open, 2)
    copied = np.flatnonzero(np.isin(line_bill, bali_open))
    bali_pack = prod.pack[product[copied]]
    day = np.concatenate([day, np.zeros(len(bali_open), dtype=np.int64)])
    supplier = np.concatenate([supplier, supplier[bali_open]])
    line_bill = np.concatenate([line_bill, n_bills + np.searchsorted(bali_open, line_bill[copied])])
    product = np.concatenate([product, product[copied]])
    qty = np.concatenate([qty, np.maximum(np.ceil(qty[copied] * 0.05 / bali_pack), 1) * bali_pack])
    bali_bill = np.arange(n_bills + len(bali_open)) >= n_bills
    n_bills += len(bali_open)
    order = np.argsort(line_bill, kind="stable")
    line_bill, product, qty = line_bill[order], product[order], qty[order]
    k = len(product)

    # taxes: the supplier's usual one, but mixed within a bill
    tax = dims.supplier_tax[supplier[line_bill]]
    other = rng.random(k) < 0.25
    tax[other] = np.array(cat.PURCHASE_TAXES)[rng.integers(0, 4, int(other.sum()))]
    drift = 1.04 ** ((day[line_bill] - (days - 1)) / 365.0) * rng.uniform(0.97, 1.03, k)
    past_week = np.flatnonzero((day > 0) & (day >= days - 7) & (day <= days - 2))
    riser = past_week[-1] if len(past_week) else -1
    drift *= np.where(line_bill == riser, PRICE_RISE, 1.0)
    price = np.round(
        prod.standard_price[product] * drift * np.where(tax == cat.TAX_IN_PPN11_INCL, 1.11, 1.0)
    )
    discount = np.where(
        rng.random(k) < 0.12, np.array([2.0, 5.0, 10.0])[rng.integers(0, 3, k)], 0.0
    )

    # bonus lines: the first product again, free
    with_bonus = np.flatnonzero(rng.random(n_bills) < 0.15)
    first_line = np.searchsorted(line_bill, with_bonus)
    bonus_qty = np.maximum(1.0, np.round(qty[first_line] * 0.1))
    line_bill = np.concatenate([line_bill, with_bonus])
    product = np.concatenate([product, product[first_line]])
    qty = np.concatenate([qty, bonus_qty])
    price = np.concatenate([price, np.zeros(len(with_bonus))])
    discount = np.concatenate([discount, np.zeros(len(with_bonus))])
    tax = np.concatenate([tax, tax[first_line]])
    bonus = np.concatenate([np.zeros(k, bool), np.ones(len(with_bonus), bool)])
    order = np.argsort(line_bill, kind="stable")

    # goods arrive in the morning; the bill is keyed in the same day, or 1-10 days later
    received = np.where(
        day == 0, _local_time(cal, rng, day, 6, 7.5), _local_time(cal, rng, day, 9, 15)
    )
    late = rng.random(n_bills) < 0.2
    create = received + np.where(
        late,
        rng.integers(1, 11, n_bills) * DAY + rng.integers(0, 8 * 3600, n_bills) * SECOND,
        rng.integers(1800, 4 * 3600, n_bills) * SECOND,
    )
    create = cal.cap(create)
    state = _states(Streams(seed, "bill states"), day, days, recent=7)
    if riser >= 0:
        state[riser] = POSTED
    # a quarter of the restocking bills are the Bali company's own, in its currency; one
    # supplier, an importer, bills NK Mart in dollars (drawn last: the draws above stay)
    restock = day > 0
    company = np.where(
        bali_bill | (restock & (rng.random(n_bills) < 0.25)), cat.COMPANY_BALI, cat.COMPANY_MAIN
    )
    if riser >= 0:
        company[riser] = cat.COMPANY_MAIN
    own = np.array([cat.COMPANY_CURRENCY[int(c)] for c in company], dtype=np.int64)
    dollars = (company == cat.COMPANY_MAIN) & (supplier == IMPORTER)
    currency = np.where(dollars, cat.CURRENCY_USD, own)
    bill_price = fx.list_price_in(price, currency[line_bill], cal.dates[day[line_bill]])
    # prices in rupiah are whole; in dollars they have cents
    price = np.where(
        currency[line_bill] == cat.CURRENCY_IDR, np.round(bill_price), round2(bill_price)
    )
    batch = _batch(
        n_bills,
        len(order),
        kind=np.full(n_bills, IN_INVOICE),
        company=company,
        currency=currency,
        day=day,
        create=create,
        partner=dims.suppliers[supplier],
        state=state,
        late=late & (create > received + DAY),
        received=received,
        line_move=line_bill[order],
        product=product[order],
        qty=qty[order],
        price=price[order],
        discount=discount[order],
        tax=tax[order],
        bonus=bonus[order],
    )
    return _select(batch, received <= cal.now)


def _warehouse_sales(cal: Calendar, pos: PosResult, sales: Batch, dims: Dims) -> np.ndarray:
    """Units of each product that left the warehouse before each day (days + 1 rows): till
    sales of company 1 and B2B deliveries."""
    n, days = dims.products.count, cal.days
    main = np.flatnonzero(pos.session_config[pos.stock_session] != cat.POS_BALI)
    day = pos.session_day[pos.stock_session[main]]
    units = np.bincount(
        day * n + pos.stock_product[main],
        weights=(pos.stock_out - pos.stock_in)[main],
        minlength=days * n,
    )
    delivered = np.flatnonzero(sales.state[sales.line_move] != CANCELLED)
    units += np.bincount(
        sales.day[sales.line_move[delivered]] * n + sales.product[delivered],
        weights=sales.qty[delivered],
        minlength=days * n,
    )
    before = np.zeros((days + 1, n))
    np.cumsum(np.maximum(units, 0.0).reshape(days, n), axis=0, out=before[1:])
    return before


def _select(b: Batch, keep: np.ndarray) -> Batch:
    """The moves of a batch where `keep`, with their lines."""
    new_index = np.cumsum(keep) - 1
    lk = keep[b.line_move]
    return Batch(
        kind=b.kind[keep],
        day=b.day[keep],
        create=b.create[keep],
        partner=b.partner[keep],
        state=b.state[keep],
        user=b.user[keep],
        reversed=b.reversed[keep],
        pos_order=b.pos_order[keep],
        late=b.late[keep],
        received=b.received[keep],
        company=b.company[keep],
        currency=b.currency[keep],
        line_move=new_index[b.line_move[lk]],
        product=b.product[lk],
        qty=b.qty[lk],
        price=b.price[lk],
        discount=b.discount[lk],
        tax=b.tax[lk],
        bonus=b.bonus[lk],
    )


# --- amounts ----------------------------------------------------------------------------------


@dataclass
class Amounts:
    """Per line: price_subtotal and price_total; per tax component: line, tax_line_id, amount."""

    sub: np.ndarray
    total: np.ndarray
    comp_line: np.ndarray
    comp_tax: np.ndarray
    comp_amount: np.ndarray


def line_amounts(
    qty: np.ndarray, price: np.ndarray, discount: np.ndarray, tax: np.ndarray, globally: bool
) -> Amounts:
    """Odoo's compute_all per line; the group tax 7 splits into its children 6 (11%) and 8
    (0.5%). Under round_per_line each tax is rounded on its line; under round_globally the
    line's taxes stay unrounded (the move's tax lines round their sum once) and only the
    line's total is rounded."""
    gross = round2(qty * price * (1.0 - discount / 100.0))
    included = (tax == cat.TAX_IN_PPN11_INCL) | (tax == cat.TAX_PPN11_INCL)
    sub = np.where(included, round2(gross / 1.11), gross)
    keep = round2 if not globally else np.asarray
    vat = np.where(included, keep(gross - gross / 1.11), keep(sub * 0.11))
    if not globally:
        vat = np.where(included, round2(gross - sub), vat)
    vat = np.where(np.isin(tax, [cat.TAX_EXEMPT, cat.TAX_IN_EXEMPT]), 0.0, vat)
    retribusi = np.where(tax == cat.TAX_IN_GROUP, keep(sub * 0.005), 0.0)
    vat_tax = np.where(tax == cat.TAX_IN_GROUP, cat.TAX_IN_PPN11, tax)
    lines = np.arange(len(qty))
    has_vat, has_ret = vat != 0, retribusi != 0
    return Amounts(
        sub=sub,
        total=round2(sub + vat + retribusi),
        comp_line=np.concatenate([lines[has_vat], lines[has_ret]]),
        comp_tax=np.concatenate(
            [vat_tax[has_vat], np.full(int(has_ret.sum()), cat.TAX_IN_RETRIBUSI)]
        ),
        comp_amount=np.concatenate([vat[has_vat], retribusi[has_ret]]),
    )


# --- the whole ledger -------------------------------------------------------------------------


def _concat(batches: list[Batch]) -> Batch:
    """All batches as one (reversed already points into the concatenation)."""
    starts = np.cumsum([0] + [len(b.kind) for b in batches])[:-1]
    cols = {f: np.concatenate([getattr(b, f) for b in batches]) for f in Batch.__dataclass_fields__}
    cols["line_move"] = np.concatenate(
        [b.line_move + s for b, s in zip(batches, starts, strict=True)]
    )
    return Batch(**cols)


def _in_id_order(b: Batch) -> Batch:
    """Moves sorted by creation time (their ids), lines grouped by move; `reversed` becomes
    the reversed move's index in the new order."""
    n = len(b.kind)
    order = np.lexsort((np.arange(n), b.kind, b.create))
    new_index = np.empty(n, dtype=np.int64)
    new_index[order] = np.arange(n)
    line_move = new_index[b.line_move]
    lorder = np.lexsort((np.arange(len(line_move)), line_move))
    moved = {
        f: getattr(b, f)[order]
        for f in (
            "kind",
            "day",
            "create",
            "partner",
            "state",
            "user",
            "pos_order",
            "late",
            "received",
            "company",
            "currency",
        )
    }
    lines = {
        f: getattr(b, f)[lorder] for f in ("product", "qty", "price", "discount", "tax", "bonus")
    }
    rev = b.reversed[order]
    return Batch(
        **moved,
        **lines,
        line_move=line_move[lorder],
        reversed=np.where(rev >= 0, new_index[np.maximum(rev, 0)], -1),
    )


def build_accounting(
    w: TableWriter, cal: Calendar, dims: Dims, pos: PosResult, seed: int, tax_rounding: str
) -> tuple[np.ndarray, StockFeed]:
    """Write account.move and account.move.line. Returns the account.move id of each POS order
    (0 = not invoiced) and the documents whose goods move."""
    draw = Streams(seed, "accounting")
    batches: list[Batch] = []
    offset = 0

    def add(b: Batch) -> int:
        nonlocal offset
        batches.append(b)
        start = offset
        offset += len(b.kind)
        return start

    add(pos_invoices(cal, Streams(seed, "pos invoices"), pos))
    sales = customer_invoices(cal, Streams(seed, "customer invoices"), dims, pos)
    sales_at = add(sales)
    add(reversals(cal, Streams(seed, "credit notes"), sales, sales_at, 0.04, OUT_REFUND, 1,
                  (0.1, 0.6)))  # fmt: skip
    # the Bali company's invoices and credit notes draw from streams of their own: NK Mart's
    # documents stay as they were
    bali = bali_invoices(cal, Streams(seed, "bali invoices"), dims)
    bali_at = add(bali)
    add(reversals(cal, Streams(seed, "bali credit notes"), bali, bali_at, 0.15, OUT_REFUND, 1,
                  (0.1, 0.6)))  # fmt: skip
    sold = _warehouse_sales(cal, pos, sales, dims)
    bills = vendor_bills(cal, stream(seed, "bills"), dims, sold, seed)
    bills_at = add(bills)
    add(reversals(cal, Streams(seed, "vendor refunds"), bills, bills_at, 0.03, IN_REFUND, 2,
                  (0.05, 0.3)))  # fmt: skip

    led = _in_id_order(_concat(batches))
    kind, day, create, state, pos_order = led.kind, led.day, led.create, led.state, led.pos_order
    n = len(kind)

    # later writes: payments registered on posted moves, cancellations
    write = create.copy()
    paid_later = (state == POSTED) & (pos_order < 0) & (draw("paid").random(n) < 0.5)
    paid_after = draw("paid after").integers(1, 31, int(paid_later.sum()))
    write[paid_later] = create[paid_later] + paid_after * DAY
    cancelled = state == CANCELLED
    write[cancelled] = (
        create[cancelled]
        + draw("cancelled after").integers(3600, 3 * 86400, int(cancelled.sum())) * SECOND
    )
    write = cal.cap(write)

    names = _sequence_names(cal, kind, state, day, led.company)
    refs = np.full(n, None, dtype=object)
    origins = np.full(n, None, dtype=object)
    year = (np.datetime64(cal.start, "D") + day).astype("datetime64[Y]").astype(np.int64) + 1970
    orders_by_move = np.flatnonzero(pos_order >= 0)
    origins[orders_by_move] = pos.orders.names.take(pa.array(pos_order[orders_by_move])).to_pylist()
    bills = np.flatnonzero(kind == IN_INVOICE)
    years = np.unique(year[bills])
    refs[bills] = codes_by(
        [f"SI/{y}/" for y in years], np.searchsorted(years, year[bills]), bills + 1, 5
    ).to_pylist()  # the vendor's own invoice number
    origins[bills] = codes("P", bills + 1, 5).to_pylist()  # purchase order
    b2b = np.flatnonzero((kind == OUT_INVOICE) & (pos_order < 0))
    origins[b2b] = codes("S", b2b + 1, 5).to_pylist()  # sale order
    for i in np.flatnonzero(led.reversed >= 0):
        refs[i] = f"Reversal of: {names[led.reversed[i]]}"

    amounts = line_amounts(
        led.qty, led.price, led.discount, led.tax, tax_rounding == cat.ROUND_GLOBALLY
    )
    untaxed = round2(np.bincount(led.line_move, weights=amounts.sub, minlength=n))
    # each move's rate: the company's res.currency.rate row of its date (stored on the move
    # from Odoo 17 on as invoice_currency_rate)
    rate = fx.rate_on(cal.dates[day], led.currency, led.company)
    # the *_signed amounts are in company currency: sums of the lines' balances
    journal = _write_lines(w, led, write, amounts, rate, dims)
    amount_tax = round2(PRODUCT_SIGN[kind] * journal.tax_currency)
    amount_total = round2(untaxed + amount_tax)
    w.insert(
        "account.move",
        {
            "id": np.arange(1, n + 1),
            "create_date": create,
            "write_date": write,
            "name": names,
            "ref": refs,
            "move_type": pick(list(MOVE_TYPES), kind),
            "state": pick(list(STATES), state),
            "date": np.datetime64(cal.start, "D") + day,
            "invoice_date": np.datetime64(cal.start, "D") + day,
            "partner_id": led.partner,
            "invoice_user_id": led.user,
            "company_id": led.company,
            "currency_id": led.currency,
            "journal_id": np.where(
                kind < 2,
                np.where(led.company == cat.COMPANY_BALI, cat.J_SALES_BALI, cat.J_SALES),
                np.where(led.company == cat.COMPANY_BALI, cat.J_PURCHASE_BALI, cat.J_PURCHASE),
            ),
            "amount_untaxed": untaxed,
            "amount_tax": amount_tax,
            "amount_total": amount_total,
            "amount_untaxed_signed": journal.untaxed_signed,
            "amount_tax_signed": journal.tax_signed,
            "amount_total_signed": round2(journal.untaxed_signed + journal.tax_signed),
            "invoice_currency_rate": rate,
            "reversed_entry_id": led.reversed + 1,
            "invoice_origin": origins,
            "narration": np.where(led.late, "Faktur diterima terlambat dari pemasok", None),
        },
    )

    account_move = np.zeros(len(pos.orders.kind), dtype=np.int64)
    account_move[pos_order[orders_by_move]] = orders_by_move + 1
    feed = _stock_feed(cal, led, names, np.abs(journal.product_balance))
    return account_move, feed


def _sequence_names(
    cal: Calendar, kind: np.ndarray, state: np.ndarray, day: np.ndarray, company: np.ndarray
) -> np.ndarray:
    """Odoo's move names: one sequence per journal and year (per month for bills), in date
    order; drafts have none yet ("/"). The Bali company's invoices and bills have journals of
    their own."""
    n = len(kind)
    d = np.datetime64(cal.start, "D") + day
    year = d.astype("datetime64[Y]").astype(np.int64) + 1970
    month = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    names = np.full(n, "/", dtype=object)
    for kinds, width in (((OUT_INVOICE, OUT_REFUND), 5), ((IN_INVOICE, IN_REFUND), 4)):
        rows = np.flatnonzero(np.isin(kind, kinds) & (state != DRAFT))
        rows = rows[np.lexsort((rows, day[rows]))]  # date order, then id
        bali = company[rows] == cat.COMPANY_BALI
        k = kind[rows] + 4 * bali
        period = year[rows] * 100 + (month[rows] if width == 4 else 0)
        groups, group = np.unique(k * 1_000_000 + period, return_inverse=True)
        prefixes = []
        for g in groups:
            gk, p = int(g // 1_000_000), int(g % 1_000_000)
            journal = ("INV", "RINV", "BILL", "RBILL", "INVB", "RINVB", "BILLB", "RBILLB")[gk]
            prefixes.append(f"{journal}/{p // 100}/" + (f"{p % 100:02d}/" if width == 4 else ""))
        seq = running_number(group, len(groups))
        names[rows] = codes_by(prefixes, group, seq, width).to_pylist()
    return names


@dataclass
class Journal:
    """Per move: the tax lines' signed amount_currency summed, and the *_signed amounts (company
    currency); per product line its balance."""

    tax_currency: np.ndarray
    untaxed_signed: np.ndarray
    tax_signed: np.ndarray
    product_balance: np.ndarray


def _write_lines(
    w: TableWriter,
    led: Batch,
    write: np.ndarray,
    amounts: Amounts,
    rate: np.ndarray,
    dims: Dims,
) -> Journal:
    """account.move.line: per move its product lines, one tax line per tax, one payment term
    line; balances signed by move type so that each move balances to zero, posted in company
    currency at the move's `rate` as Odoo of this version posts them (currency.py)."""
    n, kind, line_move, product = len(led.kind), led.kind, led.line_move, led.product
    sub, total = amounts.sub, amounts.total
    sign = PRODUCT_SIGN[kind]
    posted = fx.post(
        n,
        line_move,
        round2(sign[line_move] * sub),
        amounts.comp_line,
        amounts.comp_tax,
        sign[line_move[amounts.comp_line]] * amounts.comp_amount,
        rate,
        w.flavour.version,
    )
    t_move, t_tax = posted.tax_move, posted.tax_id
    # layout per move: product lines, tax lines, the payment term line
    n_prod = np.bincount(line_move, minlength=n)
    n_tax = np.bincount(t_move, minlength=n)
    per = n_prod + n_tax + 1
    start = np.cumsum(per) - per
    total_rows = int(per.sum())
    p_pos = start[line_move] + group_arange(n_prod)
    t_pos = start[t_move] + n_prod[t_move] + group_arange(n_tax)
    pt_pos = start + per - 1

    def col(dtype: type, prod_v, tax_v, term_v) -> np.ndarray:
        out = np.zeros(total_rows, dtype=dtype)
        out[p_pos], out[t_pos], out[pt_pos] = prod_v, tax_v, term_v
        return out

    move = col(np.int64, line_move, t_move, np.arange(n))
    tax_currency = np.bincount(t_move, weights=posted.tax_amount_currency, minlength=n)
    untaxed_currency = np.bincount(line_move, weights=round2(sign[line_move] * sub), minlength=n)
    amount_currency = round2(
        col(
            float,
            sign[line_move] * sub,
            posted.tax_amount_currency,
            -(untaxed_currency + tax_currency),
        )
    )
    # the payment term line takes what balances the move, as Odoo does
    balance = col(float, posted.product_balance, posted.tax_balance, 0.0)
    lines_only = np.ones(total_rows, dtype=bool)
    lines_only[pt_pos] = False
    balance[pt_pos] = round2(
        -np.bincount(move[lines_only], weights=balance[lines_only], minlength=n)
    )
    # *_signed are the negated balances: positive on invoices and vendor refunds (credits)
    untaxed_signed = round2(-np.bincount(move[p_pos], weights=balance[p_pos], minlength=n))
    tax_signed = round2(-np.bincount(move[t_pos], weights=balance[t_pos], minlength=n))
    is_sale = kind[move] < 2
    display = col(np.int64, 0, 1, 2)
    account = np.select(
        [display == 0, display == 1],
        [
            np.where(is_sale, cat.ACC_SALES, cat.ACC_STOCK),
            np.where(is_sale, cat.ACC_VAT_OUT, cat.ACC_VAT_IN),
        ],
        np.where(is_sale, cat.ACC_RECEIVABLE, cat.ACC_PAYABLE),
    )
    name_idx = col(np.int64, product, len(dims.product_names) + t_tax - 1, -1)
    has_tax = display == 0
    tax_offsets = np.concatenate([[0], np.cumsum(has_tax)]).astype(np.int32)
    w.insert(
        "account.move.line",
        {
            "id": np.arange(1, total_rows + 1),
            "create_date": led.create[move],
            "write_date": write[move],
            "name": pick(dims.product_names + TAX_NAMES, name_idx),
            "move_id": move + 1,
            "company_id": led.company[move],
            "display_type": pick(["product", "tax", "payment_term"], display),
            "product_id": col(np.int64, product + 1, 0, 0),
            "quantity": col(float, led.qty, 0.0, 0.0),
            "price_unit": col(float, led.price, 0.0, 0.0),
            "discount": col(float, led.discount, 0.0, 0.0),
            "price_subtotal": col(float, sub, 0.0, 0.0),
            "price_total": col(float, total, 0.0, 0.0),
            "balance": balance,
            "debit": np.maximum(balance, 0.0),
            "credit": np.maximum(-balance, 0.0),
            "amount_currency": amount_currency,
            "currency_id": led.currency[move],
            "tax_ids": pa.ListArray.from_arrays(pa.array(tax_offsets), pa.array(led.tax)),
            "tax_line_id": col(np.int64, 0, t_tax, 0),
            "product_uom_id": col(np.int64, dims.products.uom_id[product], 0, 0),
            "account_id": account,
            "partner_id": led.partner[move],
        },
    )
    return Journal(round2(tax_currency), untaxed_signed, tax_signed, posted.product_balance)


def _stock_feed(cal: Calendar, led: Batch, names: np.ndarray, sub: np.ndarray) -> StockFeed:
    """Goods movements behind the documents: bills' receipts (at reception, bonus included),
    vendor refunds' returns, B2B deliveries shortly before invoicing, credit notes' returns;
    valued in the company's currency (`sub`: each line's amount in it)."""
    kind, state, line_move, product = led.kind, led.state, led.line_move, led.product
    moving = np.where(
        kind == IN_INVOICE,
        state != CANCELLED,
        np.where(kind == OUT_INVOICE, (state != CANCELLED) & (led.pos_order < 0), state == POSTED),
    )
    # the Bali company's bills price its own purchases; its goods reach it by transfer
    docs = np.flatnonzero(moving & (led.company == cat.COMPANY_MAIN))
    ts = led.create[docs].copy()
    bill = kind[docs] == IN_INVOICE
    ts[bill] = led.received[docs[bill]]
    delivery = kind[docs] == OUT_INVOICE
    day_start = cal.midnight[cal.day_of(ts[delivery])]
    ts[delivery] = np.maximum(ts[delivery] - 30 * 60 * SECOND, day_start + HOUR * 7)
    doc_index = np.full(len(kind), -1)
    doc_index[docs] = np.arange(len(docs))
    lines = doc_index[line_move] >= 0
    goods = np.flatnonzero(lines)
    # one move per product per document: bonus quantities join the paid ones
    width = int(product.max()) + 1 if len(product) else 1
    keys, inverse = np.unique(
        doc_index[line_move[goods]] * width + product[goods], return_inverse=True
    )
    q = np.bincount(inverse, weights=led.qty[goods])
    value = np.bincount(inverse, weights=sub[goods])
    return StockFeed(
        kind=kind[docs],
        ts=ts,
        partner=led.partner[docs],
        name=names[docs].tolist(),
        line_doc=keys // width,
        product=keys % width,
        qty=q,
        unit_cost=round2(value / np.maximum(q, 1e-9)),
    )
