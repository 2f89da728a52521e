"""Inventory: transfers, done stock moves (one move line each), lots and the quants they add up to.

POS sales leave the warehouse in one picking per session (plus one return picking), which keeps
the row count proportional to sessions x products sold rather than to order lines."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nkdash_desktop.demo import catalogue as cat
from nkdash_desktop.demo.data_accounting import (
    IN_INVOICE,
    IN_REFUND,
    OUT_INVOICE,
    OUT_REFUND,
    StockFeed,
)
from nkdash_desktop.demo.data_common import (
    Calendar,
    Streams,
    TableWriter,
    codes,
    codes_by,
    pick,
    running_number,
)
from nkdash_desktop.demo.data_dims import Dims
from nkdash_desktop.demo.data_pos import PosResult

INVENTORY_REFERENCE = "Product Quantity Updated"
# document kind -> picking type, source, destination
FEED_ROUTES = {
    IN_INVOICE: (cat.PT_RECEIPTS, cat.LOC_VENDORS, cat.LOC_WH_STOCK),
    IN_REFUND: (cat.PT_DELIVERY, cat.LOC_WH_STOCK, cat.LOC_VENDORS),
    OUT_INVOICE: (cat.PT_DELIVERY, cat.LOC_WH_STOCK, cat.LOC_CUSTOMERS),
    OUT_REFUND: (cat.PT_RECEIPTS, cat.LOC_CUSTOMERS, cat.LOC_WH_STOCK),
}


@dataclass
class Movements:
    """Pickings and moves collected from every source, before ids are given."""

    p_ts: list[np.ndarray] = field(default_factory=list)
    p_type: list[np.ndarray] = field(default_factory=list)
    p_src: list[np.ndarray] = field(default_factory=list)
    p_dst: list[np.ndarray] = field(default_factory=list)
    p_partner: list[np.ndarray] = field(default_factory=list)
    p_origin: list[str | None] = field(default_factory=list)
    m: dict[str, list[np.ndarray]] = field(default_factory=dict)
    n_pickings: int = 0

    def pickings(
        self, ts: np.ndarray, ptype, src, dst, partner, origin: list[str | None]
    ) -> np.ndarray:
        """Add pickings (type, locations, partner: arrays or scalars); returns their indices."""
        n = len(ts)
        for lst, v in (
            (self.p_ts, ts),
            (self.p_type, ptype),
            (self.p_src, src),
            (self.p_dst, dst),
            (self.p_partner, partner),
        ):
            lst.append(np.broadcast_to(np.asarray(v), (n,)).copy())
        self.p_origin.extend(origin)
        first = self.n_pickings
        self.n_pickings += n
        return np.arange(first, first + n)

    def moves(self, **cols) -> None:
        """Add moves: columns as arrays or scalars; `picking` indexes `pickings()`."""
        n = len(cols["product"])
        defaults = {
            "picking": -1,
            "price_unit": 0.0,
            "inventory": False,
            "company": cat.COMPANY_MAIN,
            "new_lot": False,
        }
        for k, v in {**defaults, **cols}.items():
            self.m.setdefault(k, []).append(np.broadcast_to(np.asarray(v), (n,)).copy())

    def column(self, name: str) -> np.ndarray:
        return np.concatenate(self.m[name])


def build_stock(
    w: TableWriter,
    cal: Calendar,
    dims: Dims,
    pos: PosResult,
    feed: StockFeed,
    seed: int,
) -> None:
    draw = Streams(seed, "stock")
    prod = dims.products
    storable = prod.kind == cat.STORABLE
    mv = Movements()
    days = cal.days
    now = cal.now

    # documents: receipts, vendor returns, deliveries, customer returns
    for kind, (ptype, src, dst) in FEED_ROUTES.items():
        docs = np.flatnonzero(feed.kind == kind)
        if not len(docs):
            continue
        picks = mv.pickings(
            feed.ts[docs], ptype, src, dst, feed.partner[docs], [feed.name[i] for i in docs]
        )
        where = np.full(len(feed.kind), -1)
        where[docs] = picks
        lines = np.flatnonzero(where[feed.line_doc] >= 0)
        mv.moves(
            ts=feed.ts[feed.line_doc[lines]],
            picking=where[feed.line_doc[lines]],
            product=feed.product[lines],
            qty=feed.qty[lines],
            src=src,
            dst=dst,
            price_unit=feed.unit_cost[lines],
            new_lot=(kind == IN_INVOICE) & prod.lot_tracked[feed.product[lines]],
        )

    # POS sessions: one picking for what was sold, one for what came back
    session_names = codes("POS/", pos.session_ids, 5).to_pylist()
    bali = pos.session_config == cat.POS_BALI
    for qty_of, back in ((pos.stock_out, False), (pos.stock_in, True)):
        rows = np.flatnonzero(qty_of > 0)
        sessions = np.unique(pos.stock_session[rows])
        ptype = np.where(bali[sessions], cat.PT_POS_BALI, cat.PT_POS)
        stock_loc = np.where(bali[sessions], cat.LOC_BL_STOCK, cat.LOC_WH_STOCK)
        src = np.full(len(sessions), cat.LOC_CUSTOMERS) if back else stock_loc
        dst = stock_loc if back else np.full(len(sessions), cat.LOC_CUSTOMERS)
        picks = mv.pickings(
            pos.session_stop[sessions], ptype, src, dst, 0, [session_names[s] for s in sessions]
        )
        at = np.searchsorted(sessions, pos.stock_session[rows])
        mv.moves(
            ts=pos.session_stop[pos.stock_session[rows]],
            picking=picks[at],
            product=pos.stock_product[rows],
            qty=qty_of[rows],
            src=src[at],
            dst=dst[at],
            company=np.where(bali[sessions], cat.COMPANY_BALI, cat.COMPANY_MAIN)[at],
        )

    # Goods that no vendor bill brings in (Bali buys nothing; some warehouse goods come on
    # consignment) arrive through a count at the start of each month that covers its sales
    unbilled = storable & (prod.supplier < 0)
    counted = bali[pos.stock_session] | unbilled[pos.stock_product]
    rows = np.flatnonzero(counted & (pos.stock_out > 0))
    delivered = np.flatnonzero((feed.kind[feed.line_doc] == OUT_INVOICE) & unbilled[feed.product])
    day = np.concatenate(
        [
            pos.session_day[pos.stock_session[rows]],
            cal.day_of(feed.ts[feed.line_doc[delivered]]),
        ]
    )
    to_bali = np.concatenate([bali[pos.stock_session[rows]], np.zeros(len(delivered), bool)])
    product = np.concatenate([pos.stock_product[rows], feed.product[delivered]])
    units = np.concatenate([pos.stock_out[rows], feed.qty[delivered]])
    # the count is planned: today's sales, which grow with the clock, are taken to be
    # yesterday's, so that the month's count does not change as the day goes on
    today = days - 1
    past, like_today = day < today, day == today - 1
    day = np.concatenate([day[past], np.full(int(like_today.sum()), today)])
    to_bali = np.concatenate([to_bali[past], to_bali[like_today]])
    product = np.concatenate([product[past], product[like_today]])
    units = np.concatenate([units[past], units[like_today]])
    month_of_day = cal.dates.astype("datetime64[M]")
    month_start = np.searchsorted(month_of_day, month_of_day)  # first day in range of its month
    key = (month_start[day] * 2 + to_bali) * prod.count + product
    keys, inverse = np.unique(key, return_inverse=True)
    sold = np.bincount(inverse, weights=units)
    product = keys % prod.count
    to_bali = (keys // prod.count) % 2 == 1
    mv.moves(
        ts=cal.at(keys // prod.count // 2, np.full(len(keys), 6 * 3600)),
        product=product,
        qty=np.ceil(sold * 1.15),
        src=cat.LOC_INVENTORY,
        dst=np.where(to_bali, cat.LOC_BL_STOCK, cat.LOC_WH_STOCK),
        inventory=True,
        company=np.where(to_bali, cat.COMPANY_BALI, cat.COMPANY_MAIN),
        new_lot=prod.lot_tracked[product],
    )

    # weekly shelf filling on Mondays and a monthly count with shrinkage in the warehouse
    goods = np.flatnonzero(storable & prod.active)
    mondays = np.flatnonzero(cal.weekday == 0)
    t = cal.at(mondays, np.full(len(mondays), int(8.5 * 3600)))
    mondays, t = mondays[t <= now], t[t <= now]
    route = draw("route").choice(3, size=len(mondays), p=[0.6, 0.25, 0.15])
    src = np.array([cat.LOC_WH_STOCK, cat.LOC_WH_STOCK, cat.LOC_BACKROOM])[route]
    dst = np.array([cat.LOC_SHELF1, cat.LOC_BACKROOM, cat.LOC_WH_STOCK])[route]
    picks = mv.pickings(t, cat.PT_INTERNAL, src, dst, 0, [None] * len(mondays))
    count = draw("filled").integers(3, 9, len(mondays))
    which = np.repeat(np.arange(len(mondays)), count)
    items = goods[np.argsort(-prod.popularity[goods])][
        draw("filled product").integers(0, min(40, len(goods)), len(which))
    ]
    mv.moves(
        ts=t[which],
        picking=picks[which],
        product=items,
        qty=prod.pack[items] * 1.0,
        src=src[which],
        dst=dst[which],
    )
    counts_day = np.flatnonzero(np.arange(days) % 30 == 15)
    t = cal.at(counts_day, np.full(len(counts_day), 21 * 3600))
    counts_day, t = counts_day[t <= now], t[t <= now]
    count = draw("counted").integers(2, 7, len(counts_day))
    which = np.repeat(np.arange(len(counts_day)), count)
    items = goods[draw("counted product").integers(0, len(goods), len(which))]
    loss = draw("loss").random(len(which)) < 0.7
    mv.moves(
        ts=t[which],
        product=items,
        qty=draw("counted quantity").integers(1, 5, len(which)) * 1.0,
        src=np.where(loss, cat.LOC_WH_STOCK, cat.LOC_INVENTORY),
        dst=np.where(loss, cat.LOC_INVENTORY, cat.LOC_WH_STOCK),
        inventory=True,
    )

    _write(w, prod, mv)


def _write(w: TableWriter, prod: cat.Products, mv: Movements) -> None:
    # pickings: ids by time, names per picking type sequence
    p_ts = np.concatenate(mv.p_ts)
    p_type = np.concatenate(mv.p_type)
    p_order = np.lexsort((np.arange(len(p_ts)), p_type, p_ts))
    p_id = np.empty(len(p_ts), dtype=np.int64)
    p_id[p_order] = np.arange(1, len(p_ts) + 1)
    p_ts, p_type = p_ts[p_order], p_type[p_order]
    p_origin = [mv.p_origin[i] for i in p_order]
    prefixes = [t[6] for t in cat.PICKING_TYPES]
    p_names = codes_by(prefixes, p_type - 1, running_number(p_type - 1, len(prefixes)), 5)
    w.insert(
        "stock.picking",
        {
            "id": np.arange(1, len(p_ts) + 1),
            "create_date": p_ts,
            "write_date": p_ts,
            "name": p_names,
            "picking_type_id": p_type,
            "location_id": np.concatenate(mv.p_src)[p_order],
            "location_dest_id": np.concatenate(mv.p_dst)[p_order],
            "state": "done",
            "date_done": p_ts,
            "scheduled_date": p_ts,
            "origin": p_origin,
            "partner_id": np.concatenate(mv.p_partner)[p_order],
            "company_id": np.where(p_type == cat.PT_POS_BALI, cat.COMPANY_BALI, cat.COMPANY_MAIN),
        },
    )

    # moves: ids by time, then picking, then product
    ts = mv.column("ts")
    pid = mv.column("picking")
    pid = np.where(pid >= 0, p_id[np.maximum(pid, 0)], 0)
    product = mv.column("product").astype(np.int32)
    order = np.lexsort((product, pid, ts))
    ts, pid, product = ts[order], pid[order], product[order]
    qty = mv.column("qty")[order]
    src = mv.column("src")[order].astype(np.int16)
    dst = mv.column("dst")[order].astype(np.int16)
    price_unit = mv.column("price_unit")[order]
    inventory = mv.column("inventory")[order]
    company = mv.column("company")[order].astype(np.int8)
    new_lot = mv.column("new_lot")[order]
    del order
    mv.m.clear()
    n = len(ts)

    # lots: one per lot-creating move (receipts and the opening count), in creation order
    lot_moves = np.flatnonzero(new_lot)
    lot_product = product[lot_moves]
    lot_ts = ts[lot_moves]
    lot = np.full(n, -1, dtype=np.int64)
    lot[lot_moves] = np.arange(len(lot_moves))
    secs = (ts - np.datetime64(0, "s")).astype(np.int64)
    tracked = np.flatnonzero(prod.lot_tracked[product] & ~new_lot)
    # each company has its own lots: match them per (product, company)
    owner = product.astype(np.int64) + prod.count * (company == cat.COMPANY_BALI)
    lot[tracked] = _fifo_lots(owner, secs, qty, src, lot_moves, tracked)
    del owner
    del new_lot, tracked
    dates = lot_ts.astype("datetime64[D]").astype(object)
    default_codes = prod.default_codes()
    w.insert(
        "stock.lot",
        {
            "id": np.arange(1, len(lot_moves) + 1),
            "create_date": lot_ts,
            "write_date": lot_ts,
            "name": [
                f"{default_codes[p]}-{d:%y%m%d}-{i + 1:05d}"
                for i, (p, d) in enumerate(zip(lot_product, dates, strict=True))
            ],
            "product_id": lot_product + np.int64(1),
            "ref": None,
            "company_id": company[lot_moves],
        },
    )
    _write_quants(w, prod, secs, product, qty, src, dst, lot)
    del secs

    pick_index = np.where(pid > 0, pid - 1, len(p_ts))
    references = pick([*p_names.to_pylist(), INVENTORY_REFERENCE], pick_index)
    origins = pick([*p_origin, None], pick_index)
    del pick_index
    ptype = np.where(pid > 0, p_type[np.maximum(pid - 1, 0)], 0)
    uom = prod.uom_id[product]
    w.insert(
        "stock.move",
        {
            "id": lambda: np.arange(1, n + 1),
            "create_date": ts,
            "write_date": ts,
            "reference": references,
            "origin": origins,
            "product_id": lambda: product + np.int64(1),
            "product_uom_qty": qty,
            "quantity": qty,
            "product_uom": uom,
            "location_id": src,
            "location_dest_id": dst,
            "state": "done",
            "date": ts,
            "picking_id": pid,
            "picking_type_id": ptype,
            "price_unit": price_unit,
            "is_inventory": inventory,
            "company_id": company,
        },
        rows=n,
    )
    w.insert(
        "stock.move.line",
        {
            "id": lambda: np.arange(1, n + 1),
            "create_date": ts,
            "write_date": ts,
            "date": ts,
            "state": "done",
            "product_id": lambda: product + np.int64(1),
            "quantity": qty,
            "product_uom_id": uom,
            "location_id": src,
            "location_dest_id": dst,
            "picking_id": pid,
            "move_id": lambda: np.arange(1, n + 1),
            "lot_id": lambda: lot + 1,
            "company_id": company,
        },
        rows=n,
    )


def _fifo_lots(
    owner: np.ndarray,
    secs: np.ndarray,
    qty: np.ndarray,
    src: np.ndarray,
    lot_moves: np.ndarray,
    tracked: np.ndarray,
) -> np.ndarray:
    """The lot each move of a tracked product takes: first in, first out by quantity, but
    never a lot received after the move. `owner` is the product per company (lots are not
    shared). Moves out of the stock consume; moves into it (returns) take the lot current at
    their time. -1 = no lot received yet."""
    out = np.full(len(tracked), -1, dtype=np.int64)
    if not len(lot_moves) or not len(tracked):
        return out
    # quantities are multiples of 0.25: count in quarters to stay in integers
    lot_order = np.lexsort((lot_moves, owner[lot_moves]))  # by product, then time (= id)
    lm = lot_moves[lot_order]
    lot_prod = owner[lm].astype(np.int64)
    lot_ids = lot_order  # lot index = position among lot-creating moves (already time order)
    received = np.round(qty[lm] * 4).astype(np.int64)
    first_of = np.flatnonzero(np.diff(lot_prod, prepend=-1) != 0)
    cum_end = np.cumsum(received)
    cum_end -= np.repeat(cum_end[first_of] - received[first_of], np.diff(first_of, append=len(lm)))
    m_order = np.lexsort((tracked, owner[tracked]))
    moves = tracked[m_order]
    m_prod = owner[moves].astype(np.int64)
    used = np.where(
        np.isin(src[moves], cat.INTERNAL_LOCATIONS), np.round(qty[moves] * 4).astype(np.int64), 0
    )
    starts = np.flatnonzero(np.diff(m_prod, prepend=-1) != 0)
    before = np.cumsum(used) - used
    before -= np.repeat(before[starts], np.diff(starts, append=len(moves)))
    shift = np.int64(1) << 40
    fifo = np.searchsorted(lot_prod * shift + cum_end, m_prod * shift + before, side="right")
    latest = (
        np.searchsorted(lot_prod * shift + secs[lm], m_prod * shift + secs[moves], side="right") - 1
    )
    pick_at = np.minimum(fifo, latest)
    valid = (latest >= 0) & (lot_prod[np.maximum(latest, 0)] == m_prod)
    out[m_order[valid]] = lot_ids[pick_at[valid]]
    return out


def _write_quants(
    w: TableWriter,
    prod: cat.Products,
    secs: np.ndarray,
    product: np.ndarray,
    qty: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    lot: np.ndarray,
) -> None:
    """One quant per (storable product, internal location, lot): exactly the done quantities
    in minus out. Quants that net to zero are gone, as after Odoo's quant clean-up."""
    internal = np.array(cat.INTERNAL_LOCATIONS)
    width = len(internal)
    loc_index = np.full(max(cat.LOC_BL_STOCK, *internal) + 1, -1)
    loc_index[internal] = np.arange(width)
    storable = prod.kind[product] == cat.STORABLE
    n_lots = int(lot.max()) + 1 if len(lot) else 0
    # dense keys: (product, location) without a lot, (lot, location) with one (a lot has one
    # product); lot keys come after all product keys
    lot_base = prod.count * width
    bins = lot_base + n_lots * width
    total = np.zeros(bins)
    first = np.full(bins, np.iinfo(np.int64).max)
    last = np.zeros(bins, dtype=np.int64)
    in_date = np.full(bins, np.iinfo(np.int64).max)
    for loc, sign in ((dst, 1.0), (src, -1.0)):
        li = loc_index[loc]
        rows = np.flatnonzero(storable & (li >= 0))
        lt = lot[rows]
        key = np.where(lt >= 0, lot_base + lt * width, product[rows].astype(np.int64) * width)
        key += li[rows]
        total += np.bincount(key, weights=qty[rows] * sign, minlength=bins)
        t = secs[rows]
        np.minimum.at(first, key, t)
        np.maximum.at(last, key, t)
        if sign > 0:
            np.minimum.at(in_date, key, t)
    keep = np.flatnonzero(total != 0)
    keep = keep[np.lexsort((keep, first[keep]))]
    is_lot = keep >= lot_base
    lot_id = np.where(is_lot, (keep - lot_base) // width, -1)
    loc = internal[keep % width]
    lot_product = np.zeros(n_lots, dtype=np.int64)
    lot_product[lot[lot >= 0]] = product[lot >= 0]
    product_id = np.where(is_lot, lot_product[np.maximum(lot_id, 0)], keep // width) + 1
    epoch = np.datetime64(0, "s")
    in_date = np.where(in_date[keep] == np.iinfo(np.int64).max, first[keep], in_date[keep])
    w.insert(
        "stock.quant",
        {
            "id": np.arange(1, len(keep) + 1),
            "create_date": epoch + first[keep].astype("timedelta64[s]"),
            "write_date": epoch + last[keep].astype("timedelta64[s]"),
            "product_id": product_id,
            "location_id": loc,
            "lot_id": lot_id + 1,
            "quantity": total[keep],
            "reserved_quantity": 0.0,
            "inventory_quantity": 0.0,
            "in_date": epoch + in_date.astype("timedelta64[s]"),
            "company_id": np.where(loc == cat.LOC_BL_STOCK, cat.COMPANY_BALI, cat.COMPANY_MAIN),
        },
    )
