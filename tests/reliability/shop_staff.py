"""The shop's staff at work on the demo Odoo: each change made the way Odoo makes it (its own
transactions, stamped by the demo's clock), for the random histories of test_stateful_sync.py.

- POS: an order is created paid (an offline till syncs orders dated hours or days back), or
  left in draft to be paid later or cancelled (only a draft order can be cancelled, only a
  draft or cancelled one deleted); a paid order is refunded by a new order of negated lines;
  a paid order's line is edited (its payments settled by the demo, as Odoo's staff must).
- Invoices and bills: created posted or in draft (posted late, dated in the past); edited as
  Odoo allows, reset to draft, changed (prices, quantities, date, company), posted again;
  cancelled through draft; refunded by a credit note; deleted only when draft or cancelled.
- Stock: done move lines created (validated today or back-dated), their done quantity edited.

Records are chosen by an index into the candidates in id order (index modulo their count), so
hypothesis shrinks a choice towards the oldest candidate. A change with no candidate does
nothing and says so.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from nkdash_desktop.demo.server import DemoOdoo

TZ = "Asia/Jakarta"
SKIP = frozenset({"id", "create_date", "write_date"})
SIDES = {"out": ("out_invoice", "out_refund"), "in": ("in_invoice", "in_refund")}


class ShopStaff:
    def __init__(self, srv: DemoOdoo, first_day: date) -> None:
        self.srv = srv
        self.first_day = first_day  # the demo's first day of history: nothing is dated before
        self._cur = srv.con.cursor()
        self._serial = 0

    # -- reading the demo's tables -----------------------------------------------------------

    def rows(self, sql: str, params: list[Any] | None = None) -> list[tuple]:
        return self._cur.execute(sql, params or []).fetchall()

    def pick(self, sql: str, params: list[Any], index: int) -> int | None:
        """The index-th candidate id (modulo their count) of a query of ids, in id order."""
        ids = [r[0] for r in self.rows(f"SELECT id FROM ({sql}) ORDER BY id", params)]
        return ids[index % len(ids)] if ids else None

    def values(self, model: str, rid: int, drop: frozenset[str] = frozenset()) -> dict[str, Any]:
        """A record's stored values by field name, as vals for `create` (a copy)."""
        reg = self.srv.engine.registry
        names = {
            reg.column(n, f).strip('"'): n
            for n, f in reg.fields(model).items()
            if reg.has_column(f) and n not in SKIP | drop
        }
        cur = self._cur.execute(f"SELECT * FROM {reg.table(model)} WHERE id = ?", [rid])
        row = dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))
        out = {}
        for column, name in names.items():
            value = row[column]
            if isinstance(value, datetime):
                value = value.strftime("%Y-%m-%d %H:%M:%S")
            elif isinstance(value, date):
                value = value.isoformat()
            out[name] = value if value is not None else False
        return out

    def now(self) -> datetime:
        return self.srv.clock()

    def today(self) -> date:
        return self.now().replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(TZ)).date()

    def day_back(self, days_back: int) -> date:
        """The local day `days_back` before today, not before the demo's history."""
        return max(self.today() - timedelta(days=days_back), self.first_day)

    def moment_on(self, day: date, minute: int) -> str:
        """A UTC moment (Odoo text) on a local day, never after now."""
        local = datetime.combine(day, time.min, ZoneInfo(TZ)) + timedelta(minutes=minute % 1440)
        moment = min(local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None), self.now())
        return moment.strftime("%Y-%m-%d %H:%M:%S")

    def name(self, prefix: str) -> str:
        self._serial += 1
        return f"{prefix}/H{self._serial:05d}"

    # -- POS -------------------------------------------------------------------------------

    def create_pos_order(self, company: int, days_back: int, minute: int, factor: int,
                         paid: bool) -> str:  # fmt: skip
        template = self.pick("SELECT id FROM pos_order WHERE company_id = ? AND state IN "
                             "('paid', 'done') AND NOT coalesce(is_refund, false)", [company], 0)  # fmt: skip
        if template is None:
            return "no POS order to copy"
        vals = self.values("pos.order", template, frozenset({"account_move", "amount_total",
                                                             "amount_tax", "amount_paid"}))  # fmt: skip
        lines = [self.values("pos.order.line", lid, frozenset({"order_id"}))
                 for (lid,) in self.rows("SELECT id FROM pos_order_line WHERE order_id = ? "
                                         "ORDER BY id", [template])]  # fmt: skip
        for line in lines:
            line["qty"] = line["qty"] * factor
        day = self.day_back(days_back)
        vals |= {"name": self.name("POS"), "pos_reference": self.name("Order"),
                 "state": "paid" if paid else "draft", "date_order": self.moment_on(day, minute),
                 "lines": [(0, 0, line) for line in lines]}  # fmt: skip
        order = self.srv.create("pos.order", vals)
        if paid:
            self._pay(order)
        return f"POS order {order} of company {company} dated {day} ({vals['state']})"

    def _pay(self, order: int) -> None:
        """Paid as Odoo pays an order: a payment of its total (a refund's is negative: paid
        back), then amount_paid and the state."""
        total, company, session = self.rows(
            "SELECT amount_total, company_id, session_id FROM pos_order WHERE id = ?", [order]
        )[0]
        method = self.pick("SELECT id FROM pos_payment_method WHERE company_id = ?", [company], 0)
        self.srv.create("pos.payment", {
            "pos_order_id": order, "amount": total, "payment_method_id": method,
            "payment_date": self.now().strftime("%Y-%m-%d %H:%M:%S"), "session_id": session,
            "company_id": company,
        })  # fmt: skip
        self.srv.write("pos.order", [order], {"amount_paid": total, "state": "paid"})

    def pay_pos_order(self, index: int) -> str:
        order = self.pick("SELECT id FROM pos_order WHERE state = 'draft'", [], index)
        if order is None:
            return "no draft POS order"
        self._pay(order)
        return f"POS order {order} paid"

    def cancel_pos_order(self, index: int) -> str:
        order = self.pick("SELECT id FROM pos_order WHERE state = 'draft'", [], index)
        if order is None:
            return "no draft POS order"
        self.srv.write("pos.order", [order], {"state": "cancel"})
        return f"POS order {order} cancelled"

    def delete_pos_order(self, index: int) -> str:
        order = self.pick("SELECT id FROM pos_order WHERE state IN ('draft', 'cancel')", [], index)
        if order is None:
            return "no draft or cancelled POS order"
        self.srv.unlink("pos.order", [order])
        return f"POS order {order} deleted"

    def edit_pos_order_line(self, index: int, qty: int) -> str:
        """A paid order's line gets another quantity (written through the API, as an add-on
        or a script does): the demo settles the order's payments as Odoo's staff must."""
        line = self.pick("SELECT l.id FROM pos_order_line l JOIN pos_order o ON o.id = "
                         "l.order_id WHERE o.state IN ('paid', 'done') AND l.qty > 0 AND NOT "
                         "coalesce(o.is_refund, false)", [], index)  # fmt: skip
        if line is None:
            return "no line of a paid POS order"
        self.srv.write("pos.order.line", [line], {"qty": qty})
        return f"POS order line {line} now of quantity {qty}"

    def refund_pos_order(self, index: int) -> str:
        order = self.pick("SELECT id FROM pos_order WHERE state IN ('paid', 'done') AND NOT "
                          "coalesce(is_refund, false)", [], index)  # fmt: skip
        if order is None:
            return "no paid POS order"
        vals = self.values("pos.order", order, frozenset({"account_move", "amount_total",
                                                          "amount_tax", "amount_paid"}))  # fmt: skip
        lines = []
        for (lid,) in self.rows("SELECT id FROM pos_order_line WHERE order_id = ? ORDER BY id",
                                [order]):  # fmt: skip
            line = self.values("pos.order.line", lid, frozenset({"order_id"}))
            lines.append((0, 0, line | {"qty": -line["qty"], "refunded_orderline_id": lid}))
        now = self.now().strftime("%Y-%m-%d %H:%M:%S")
        vals |= {"name": self.name("REFUND"), "pos_reference": self.name("Order"),
                 "state": "paid", "date_order": now, "lines": lines}  # fmt: skip
        if "is_refund" in self.srv.engine.registry.fields("pos.order"):
            vals["is_refund"] = True
        refund = self.srv.create("pos.order", vals)
        self._pay(refund)
        return f"POS order {order} refunded by {refund}"

    # -- invoices and bills ----------------------------------------------------------------

    def _product_lines(self, move: int) -> list[int]:
        return [r[0] for r in self.rows("SELECT id FROM account_move_line WHERE move_id = ? AND "
                                        "display_type = 'product' ORDER BY id", [move])]  # fmt: skip

    def _copy_move(self, move: int, move_type: str, day: date, state: str, factor: float,
                   **extra: Any) -> int:  # fmt: skip
        vals = self.values("account.move", move)
        lines = []
        for lid in self._product_lines(move):
            line = self.values("account.move.line", lid, frozenset({"move_id"}))
            line["quantity"] = line["quantity"] * factor
            lines.append((0, 0, line))
        vals |= {"name": self.name(move_type.upper()), "move_type": move_type, "state": state,
                 "date": day.isoformat(), "invoice_date": day.isoformat(),
                 "line_ids": lines, **extra}  # fmt: skip
        return self.srv.create("account.move", vals)

    def create_move(self, side: str, company: int, days_back: int, factor: int,
                    posted: bool) -> str:  # fmt: skip
        kind = SIDES[side][0]
        template = self.pick("SELECT id FROM account_move WHERE move_type = ? AND company_id = ?",
                             [kind, company], 0)  # fmt: skip
        if template is None:
            return f"no {kind} of company {company} to copy"
        day = self.day_back(days_back)
        move = self._copy_move(template, kind, day, "posted" if posted else "draft", factor)
        return f"{kind} {move} of company {company} dated {day} ({'posted' if posted else 'draft'})"

    def _moves(self, states: tuple[str, ...], index: int, types: tuple[str, ...] | None = None
               ) -> int | None:  # fmt: skip
        types = types or (*SIDES["out"], *SIDES["in"])
        return self.pick(
            "SELECT m.id FROM account_move m WHERE m.state IN (SELECT unnest(?)) AND m.move_type "
            "IN (SELECT unnest(?)) AND NOT EXISTS (SELECT 1 FROM pos_order o WHERE "
            "o.account_move = m.id)", [list(states), list(types)], index,
        )  # fmt: skip

    def edit_move(self, index: int, what: str, factor: float, days_back: int) -> str:
        """Reset to draft, change, post again (a draft move is changed and stays draft)."""
        move = self._moves(("posted", "draft"), index)
        if move is None:
            return "no invoice or bill to edit"
        (state, company) = self.rows("SELECT state, company_id FROM account_move WHERE id = ?",
                                     [move])[0]  # fmt: skip
        if state == "posted":
            self.srv.write("account.move", [move], {"state": "draft"})
        lines = self._product_lines(move)
        if what == "price" and lines:
            (price,) = self.rows("SELECT price_unit FROM account_move_line WHERE id = ?",
                                 [lines[0]])[0]  # fmt: skip
            self.srv.write(
                "account.move.line", [lines[0]], {"price_unit": round(price * factor, 2)}
            )
        elif what == "quantity" and lines:
            (qty,) = self.rows("SELECT quantity FROM account_move_line WHERE id = ?", [lines[-1]])[
                0
            ]
            self.srv.write("account.move.line", [lines[-1]], {"quantity": qty * factor})
        elif what == "date":
            day = self.day_back(days_back)
            self.srv.write("account.move", [move], {"date": day.isoformat(),
                                                    "invoice_date": day.isoformat()})  # fmt: skip
        elif what == "company":
            self._move_company(move, 3 - company)
        if state == "posted":
            self.srv.write("account.move", [move], {"state": "posted"})
        return f"move {move} ({state}): {what} changed"

    def _move_company(self, move: int, company: int) -> None:
        """A draft move moved to the other company: its journal is that company's journal of
        the same type (the lines follow the move's company, as in Odoo)."""
        (kind,) = self.rows("SELECT j.type FROM account_move m JOIN account_journal j ON "
                            "j.id = m.journal_id WHERE m.id = ?", [move])[0]  # fmt: skip
        journal = self.rows("SELECT min(id) FROM account_journal WHERE type = ? AND "
                            "company_id = ?", [kind, company])[0][0]  # fmt: skip
        self.srv.write("account.move", [move], {"company_id": company, "journal_id": journal})

    def cancel_move(self, index: int) -> str:
        move = self._moves(("posted", "draft"), index)
        if move is None:
            return "no invoice or bill to cancel"
        self.srv.write("account.move", [move], {"state": "draft"})
        self.srv.write("account.move", [move], {"state": "cancel"})
        return f"move {move} cancelled"

    def post_move(self, index: int) -> str:
        move = self._moves(("draft",), index)
        if move is None:
            return "no draft invoice or bill"
        self.srv.write("account.move", [move], {"state": "posted"})
        return f"move {move} posted"

    def refund_move(self, index: int, same_day: bool) -> str:
        move = self._moves(("posted",), index, (SIDES["out"][0], SIDES["in"][0]))
        if move is None:
            return "no posted invoice or bill to refund"
        (kind, day) = self.rows("SELECT move_type, date FROM account_move WHERE id = ?", [move])[0]
        refund_type = kind.replace("invoice", "refund")
        refund = self._copy_move(move, refund_type, day if same_day else self.today(), "posted",
                                 1, reversed_entry_id=move)  # fmt: skip
        return f"move {move} refunded by {refund_type} {refund}"

    def delete_move(self, index: int) -> str:
        move = self._moves(("draft", "cancel"), index)
        if move is None:
            return "no draft or cancelled invoice or bill"
        self.srv.unlink("account.move", [move])
        return f"move {move} deleted"

    # -- stock -----------------------------------------------------------------------------

    def create_move_line(self, company: int, days_back: int, minute: int, quantity: int) -> str:
        template = self.pick("SELECT id FROM stock_move_line WHERE company_id = ? AND "
                             "state = 'done'", [company], 0)  # fmt: skip
        if template is None:
            return f"no done stock move line of company {company}"
        day = self.day_back(days_back)
        vals = self.values("stock.move.line", template)
        vals |= {"date": self.moment_on(day, minute), "quantity": float(quantity)}
        line = self.srv.create("stock.move.line", vals)
        return f"stock move line {line} of company {company} done on {day}"

    def edit_move_line(self, index: int, quantity: int) -> str:
        line = self.pick("SELECT id FROM stock_move_line WHERE state = 'done'", [], index)
        if line is None:
            return "no done stock move line"
        self.srv.write("stock.move.line", [line], {"quantity": float(quantity)})
        return f"stock move line {line}: quantity {quantity}"
