"""Changing the demo database while it is served: create, write, unlink, as Odoo would.

Tests and demos use these to produce late edits, deletions and new records that the ETL's
write_date sweep must pick up. Each change runs in one DuckDB transaction under a lock, stamps
`create_date`/`write_date` with the server's clock, and keeps dependent values consistent the
way Odoo's ORM does: line subtotals from quantity/price/discount/taxes, order and invoice totals
from their lines (touching the parent's write_date when a total changes), `parent_path` and
`complete_name` of hierarchies, one2many and many2many commands, cascading deletes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import numpy as np

from nkdash_desktop.demo import currency as fx
from nkdash_desktop.demo.data_common import round2
from nkdash_desktop.demo.engine import Engine
from nkdash_desktop.demo.errors import InvalidValue, MissingError, invalid_field
from nkdash_desktop.demo.registry import quote
from nkdash_desktop.demo.schema import Field

# (model, many2one) pairs whose target's deletion deletes the row (ondelete='cascade')
CASCADE = frozenset(
    {
        ("pos.order.line", "order_id"),
        ("pos.payment", "pos_order_id"),
        ("account.move.line", "move_id"),
        ("stock.move.line", "move_id"),
        ("product.product", "product_tmpl_id"),
        ("product.category", "parent_id"),
    }
)
# line model -> (quantity field, subtotal field, total field, parent many2one)
LINES = {
    "pos.order.line": ("qty", "price_subtotal", "price_subtotal_incl", "order_id"),
    "account.move.line": ("quantity", "price_subtotal", "price_total", "move_id"),
}
LINE_INPUTS = ("price_unit", "discount", "tax_ids")
PAID_STATES = ("paid", "done", "invoiced")  # a POS order its payments settled
COMPLETE_NAME_SEPARATOR = {"product.category": " / ", "stock.location": "/"}
# sign of a product line's amount_currency/balance per move type (a credit on sales)
LINE_SIGN = {"out_invoice": -1.0, "out_refund": 1.0, "in_invoice": 1.0, "in_refund": -1.0}
# stored related fields kept as columns: (model, field) -> (child model, its many2one to the
# model, child field); Odoo recomputes them when the parent's field is written
STORED_RELATED = {
    ("account.move", "company_id"): ("account.move.line", "move_id", "company_id"),
}


class Mutator:
    def __init__(self, engine: Engine, clock: Callable[[], datetime]) -> None:
        self.engine = engine
        self.registry = engine.registry
        self.clock = clock
        self.lock = threading.RLock()
        self._cur = engine.con.cursor()  # used only under the lock
        self._now: datetime | None = None
        self._children: dict[int, list[int]] = {}  # group tax -> its children (_tax_rates)

    # -- public ----------------------------------------------------------------------------

    def create(self, model: str, vals: dict[str, Any]) -> int:
        with self._transaction():
            return self._create(model, vals)

    def write(self, model: str, ids: Iterable[int], vals: dict[str, Any]) -> None:
        with self._transaction():
            self._write(model, list(ids), vals)

    def unlink(self, model: str, ids: Iterable[int]) -> None:
        with self._transaction():
            self._unlink(model, list(ids))

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self.lock:
            now = self.clock()
            if now.tzinfo is not None:
                now = now.astimezone(UTC).replace(tzinfo=None)
            self._now = now
            self._cur.execute("BEGIN TRANSACTION")
            try:
                yield
            except BaseException:
                self._cur.execute("ROLLBACK")
                raise
            else:
                self._cur.execute("COMMIT")
            finally:
                self.engine.invalidate()

    # -- create / write / unlink -----------------------------------------------------------

    def _create(self, model: str, vals: dict[str, Any]) -> int:
        m = self.registry.model(model)
        fields = self.registry.fields(model)
        table = self.registry.table(model)
        new_id = self._cur.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchall()[0][0]
        row: dict[str, Any] = {"id": new_id, "create_date": self._now, "write_date": self._now}
        if m.has_active:
            row["active"] = True
        columns, deferred = self._split(model, vals)
        for name, value in columns.items():
            f = fields[name]
            row[name] = self._commands([], value) if f.type == "many2many" else value
        names = list(row)
        placeholders = ", ".join(self._placeholder(fields[n]) for n in names)
        cols = ", ".join(self.registry.column(n, fields[n]) for n in names)
        self._cur.execute(
            f"INSERT INTO {table} ({cols}) VALUES ({placeholders})", [row[n] for n in names]
        )
        self._after_write(model, [new_id], set(row), deferred, created=True)
        return new_id

    def _write(self, model: str, ids: list[int], vals: dict[str, Any]) -> None:
        fields = self.registry.fields(model)
        table = self.registry.table(model)
        self._require(model, ids)
        columns, deferred = self._split(model, vals)
        # an explicit write_date is kept: tests use it to mimic long transactions
        columns.setdefault("write_date", self._now)
        for name, value in columns.items():
            f = fields[name]
            col = self.registry.column(name, f)
            if f.type == "many2many":
                for rid, current in self._lists(table, col, ids).items():
                    self._update(table, {col: (self._commands(current, value), f)}, [rid])
            else:
                self._update(table, {col: (value, f)}, ids)
        self._after_write(model, ids, set(columns), deferred)

    def _unlink(self, model: str, ids: list[int]) -> None:
        if not ids:
            return
        self._require(model, ids)
        table = self.registry.table(model)
        parents = self._line_parents(model, ids)
        for child_model, child_fields in self._referencing(model):
            child_table = self.registry.table(child_model)
            for name, f in child_fields:
                col = self.registry.column(name, f)
                if f.type == "many2many":
                    self._cur.execute(
                        f"UPDATE {child_table} SET {col} = list_filter({col}, x -> NOT "
                        f"list_contains(CAST(? AS BIGINT[]), x)) WHERE "
                        f"list_has_any({col}, CAST(? AS BIGINT[]))",
                        [ids, ids],
                    )
                    continue
                hit = self._cur.execute(
                    f"SELECT id FROM {child_table} WHERE {col} IN "
                    f"(SELECT unnest(CAST(? AS BIGINT[])))",
                    [ids],
                ).fetchall()
                if not hit:
                    continue
                child_ids = [r[0] for r in hit]
                if (child_model, name) in CASCADE:
                    if child_model == model:
                        child_ids = [c for c in child_ids if c not in ids]
                    self._unlink(child_model, child_ids)
                else:  # ondelete='set null'
                    self._update(child_table, {col: (None, f)}, child_ids)
        self._cur.execute(
            f"DELETE FROM {table} WHERE id IN (SELECT unnest(CAST(? AS BIGINT[])))", [ids]
        )
        self._recompute_parents(model, parents)

    # -- helpers ---------------------------------------------------------------------------

    def _split(
        self, model: str, vals: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, tuple[Field, Any]]]:
        """Column values (converted) and the rest: one2many commands, related fields."""
        if not isinstance(vals, dict):
            raise InvalidValue(f"Invalid values {vals!r}: expecting a dict")
        fields = self.registry.fields(model)
        columns: dict[str, Any] = {}
        deferred: dict[str, tuple[Field, Any]] = {}
        for name, value in vals.items():
            f = fields.get(name)
            if f is None or name == "id":
                raise invalid_field(model, name, self.engine.version)
            if f.related or f.type == "one2many":
                deferred[name] = (f, value)
            else:
                columns[name] = self._convert(model, name, f, value)
        return columns, deferred

    def _convert(self, model: str, name: str, f: Field, value: Any) -> Any:
        if f.type == "many2many":
            return value
        if f.type == "boolean":
            return bool(value)
        if value is False or value is None:
            return None
        if f.type == "many2one":
            target = value[0] if isinstance(value, list | tuple) else value
            if not isinstance(target, int) or isinstance(target, bool):
                raise InvalidValue(f"Invalid value {value!r} for many2one {model}.{name}")
            return target
        if f.type == "datetime":
            if isinstance(value, datetime):
                return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
            return datetime.fromisoformat(str(value))
        if f.type == "date":
            return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        if f.type == "selection":
            allowed = self.registry.selection(model, name, f)
            if allowed and value not in allowed:
                raise InvalidValue(f"Wrong value for {model}.{name}: {value!r}")
        return value

    @staticmethod
    def _placeholder(f: Field) -> str:
        return "CAST(? AS BIGINT[])" if f.type == "many2many" else "?"

    @staticmethod
    def _commands(current: list[int], value: Any) -> list[int]:
        """Odoo's x2many commands on a many2many list ((6, 0, ids), (4, id), (3, id), (5,))."""
        if not isinstance(value, list | tuple):
            raise InvalidValue(f"Invalid many2many value {value!r}")
        if all(isinstance(v, int) for v in value):
            return list(value)
        result = list(current)
        for command in value:
            code = command[0]
            if code == 6:
                result = list(command[2])
            elif code == 5:
                result = []
            elif code == 4 and command[1] not in result:
                result.append(command[1])
            elif code == 3 and command[1] in result:
                result.remove(command[1])
            elif code not in (3, 4):
                raise InvalidValue(f"Unsupported many2many command {command!r}")
        return result

    def _update(self, table: str, values: dict[str, tuple[Any, Field]], ids: list[int]) -> None:
        sets = ", ".join(f"{col} = {self._placeholder(f)}" for col, (_v, f) in values.items())
        params = [v for v, _f in values.values()]
        self._cur.execute(
            f"UPDATE {table} SET {sets} WHERE id IN (SELECT unnest(CAST(? AS BIGINT[])))",
            [*params, ids],
        )

    def _lists(self, table: str, col: str, ids: list[int]) -> dict[int, list[int]]:
        rows = self._cur.execute(
            f"SELECT id, {col} FROM {table} WHERE id IN (SELECT unnest(CAST(? AS BIGINT[])))",
            [ids],
        ).fetchall()
        return {r[0]: list(r[1] or []) for r in rows}

    def _require(self, model: str, ids: list[int]) -> None:
        table = self.registry.table(model)
        found = {
            r[0]
            for r in self._cur.execute(
                f"SELECT id FROM {table} WHERE id IN (SELECT unnest(CAST(? AS BIGINT[])))", [ids]
            ).fetchall()
        }
        missing = [i for i in ids if i not in found]
        if missing:
            raise MissingError(
                "Record does not exist or has been deleted.\n"
                f"(Record: {model}({', '.join(map(str, missing))}), User: 1)"
            )

    def _referencing(self, model: str) -> list[tuple[str, list[tuple[str, Field]]]]:
        """Stored many2one/many2many columns of every model that point at `model`."""
        result = []
        for other in self.registry.models:
            found = [
                (n, f)
                for n, f in self.registry.fields(other).items()
                if f.relation == model
                and self.registry.has_column(f)
                and f.type in ("many2one", "many2many")
            ]
            if found:
                result.append((other, found))
        return result

    # -- consistency -----------------------------------------------------------------------

    def _after_write(
        self,
        model: str,
        ids: list[int],
        changed: set[str],
        deferred: dict[str, tuple[Field, Any]],
        created: bool = False,
    ) -> None:
        for f, value in deferred.values():
            if f.related:
                self._write_related(model, ids, f.related, value)
            else:
                for rid in ids:
                    self._one2many(model, rid, f, value)
        changed |= set(deferred)
        if model in LINES:
            qty, subtotal, total, _parent = LINES[model]
            if changed & {qty, *LINE_INPUTS} and not changed & {subtotal, total}:
                self._line_amounts(model, ids)
            self._recompute_parents(model, self._line_parents(model, ids))
        for (parent, name), (child, link, child_field) in STORED_RELATED.items():
            if parent == model and name in changed and not created:
                self._cur.execute(
                    f"UPDATE {self.registry.table(child)} SET {quote(child_field)} = p.{quote(name)}"
                    f" FROM {self.registry.table(model)} p WHERE p.id = {quote(link)} AND p.id IN "
                    "(SELECT unnest(CAST(? AS BIGINT[])))",
                    [ids],
                )
        parent_field = self.registry.models[model].parent_field
        if parent_field and (created or changed & {parent_field, "name"}):
            self._hierarchy(model, ids)

    def _write_related(self, model: str, ids: list[int], path: str, value: Any) -> None:
        """Writing a related field writes the record at the end of its path, as in Odoo."""
        first, _, rest = path.partition(".")
        f = self.registry.fields(model)[first]
        assert f.relation is not None
        col = self.registry.column(first, f)
        targets = sorted(
            {
                r[0]
                for r in self._cur.execute(
                    f"SELECT {col} FROM {self.registry.table(model)} WHERE {col} IS NOT NULL "
                    "AND id IN (SELECT unnest(CAST(? AS BIGINT[])))",
                    [ids],
                ).fetchall()
            }
        )
        if not targets:
            return
        if "." in rest:
            self._write_related(f.relation, targets, rest, value)
        else:
            self._write(f.relation, targets, {rest: value})

    def _one2many(self, model: str, rid: int, f: Field, value: Any) -> None:
        assert f.relation is not None and f.inverse is not None
        comodel, inverse = f.relation, f.inverse
        if not isinstance(value, list | tuple):
            raise InvalidValue(f"Invalid one2many value {value!r}")
        if all(isinstance(v, int) for v in value):
            value = [(6, 0, list(value))]
        for command in value:
            code = command[0]
            if code == 0:
                self._create(comodel, {**command[2], inverse: rid})
            elif code == 1:
                self._write(comodel, [command[1]], command[2])
            elif code == 2:
                self._unlink(comodel, [command[1]])
            elif code == 3:
                self._write(comodel, [command[1]], {inverse: False})
            elif code == 4:
                self._write(comodel, [command[1]], {inverse: rid})
            elif code in (5, 6):
                inv = self.registry.column(inverse, self.registry.fields(comodel)[inverse])
                current = [
                    r[0]
                    for r in self._cur.execute(
                        f"SELECT id FROM {self.registry.table(comodel)} WHERE {inv} = ?", [rid]
                    ).fetchall()
                ]
                keep = set(command[2]) if code == 6 else set()
                dropped = [c for c in current if c not in keep]
                if dropped:
                    self._write(comodel, dropped, {inverse: False})
                added = [c for c in keep if c not in current]
                if added:
                    self._write(comodel, added, {inverse: rid})
            else:
                raise InvalidValue(f"Unsupported one2many command {command!r}")

    def _tax_rates(self) -> dict[int, tuple[str, float, bool]]:
        """tax id -> (amount_type, amount, price_include); a group tax's children stand in for
        it (Odoo computes a group as its children)."""
        rows = self._cur.execute(
            "SELECT id, amount_type, amount, price_include, children_tax_ids FROM account_tax"
        ).fetchall()
        own = {r[0]: (r[1], r[2] or 0.0, bool(r[3])) for r in rows}
        self._children = {r[0]: list(r[4] or []) for r in rows if r[1] == "group"}
        return own

    def _components(
        self, taxes: dict[int, tuple[str, float, bool]], tax_ids: Any
    ) -> list[tuple[int, float]]:
        """(tax id, fraction of the untaxed amount) of each percent tax of a line."""
        out = []
        for tax_id in tax_ids or []:
            for leaf in self._children.get(tax_id, [tax_id]):
                kind, amount, _incl = taxes.get(leaf, ("percent", 0.0, False))
                if kind == "percent" and amount:
                    out.append((leaf, amount / 100.0))
        return out

    def _rounds_globally(self) -> dict[int, bool]:
        """company id -> its tax_calculation_rounding_method is round_globally."""
        rows = self._cur.execute(
            "SELECT id, tax_calculation_rounding_method FROM res_company"
        ).fetchall()
        return {cid: method == "round_globally" for cid, method in rows}

    def _rates(
        self, taxes: dict[int, tuple[str, float, bool]], tax_ids: Any
    ) -> tuple[float, float]:
        """(included, excluded) percent rates of a line's taxes, as fractions."""
        included = excluded = 0.0
        for tax_id, fraction in self._components(taxes, tax_ids):
            if taxes[tax_id][2]:
                included += fraction
            else:
                excluded += fraction
        return included, excluded

    def _line_amounts(self, model: str, ids: list[int]) -> None:
        """Subtotal (tax excluded) and total of lines as Odoo's compute_all gives them: the
        line's tax is rounded on its own under round_per_line, only the line's total is under
        round_globally."""
        qty, subtotal, total, _parent = LINES[model]
        fields = self.registry.fields(model)
        table = self.registry.table(model)
        rows = self._cur.execute(
            f"SELECT id, {quote(fields[qty].column or qty)}, price_unit, discount, tax_ids, "
            f"company_id FROM {table} WHERE id IN (SELECT unnest(CAST(? AS BIGINT[])))",
            [ids],
        ).fetchall()
        taxes, globally = self._tax_rates(), self._rounds_globally()
        for rid, quantity, price, discount, tax_ids, company in rows:
            base = (quantity or 0.0) * (price or 0.0) * (1.0 - (discount or 0.0) / 100.0)
            included, excluded = self._rates(taxes, tax_ids)
            untaxed = _money(base / (1.0 + included))
            tax = untaxed * (included + excluded)
            with_tax = _money(untaxed + (tax if globally.get(company) else _money(tax)))
            self._cur.execute(
                f"UPDATE {table} SET {quote(subtotal)} = ?, {quote(total)} = ? WHERE id = ?",
                [untaxed, with_tax, rid],
            )

    def _move_rate(self, move: dict[str, Any]) -> float:
        """Units of the move's currency per unit of its company's: 17+ keeps the rate on the
        move (invoice_currency_rate); 16 looks the company's rate of the invoice date up."""
        own = self._cur.execute(
            "SELECT currency_id FROM res_company WHERE id = ?", [move["company_id"]]
        ).fetchone()
        if own is None or own[0] == move["currency_id"]:
            return 1.0
        if self.engine.version >= 17 and move.get("invoice_currency_rate"):
            return float(move["invoice_currency_rate"])
        found = self._cur.execute(
            "SELECT rate FROM res_currency_rate WHERE currency_id = ? AND name <= ? AND "
            "(company_id = ? OR company_id IS NULL) ORDER BY company_id NULLS LAST, name DESC "
            "LIMIT 1",
            [move["currency_id"], move["invoice_date"] or move["date"], move["company_id"]],
        ).fetchone()
        return float(found[0]) if found else 1.0

    def _repost(self, moves: list[int]) -> None:
        """Post invoices again from their product lines, as Odoo does when a line changes: the
        product lines' amount_currency and balance, one tax line per tax, the payment term
        line, and the move's totals, unsigned (document currency) and *_signed (company
        currency), through currency.post; a changed move's write_date is touched."""
        taxes, globally = self._tax_rates(), self._rounds_globally()
        cols = [r[0] for r in self._cur.execute("DESCRIBE account_move").fetchall()]
        for mid in moves:
            row = self._cur.execute("SELECT * FROM account_move WHERE id = ?", [mid]).fetchone()
            move = dict(zip(cols, row, strict=True))
            sign = LINE_SIGN.get(move["move_type"])
            if sign is None:
                continue  # a journal entry: not posted from product lines
            lines = self._cur.execute(
                "SELECT id, display_type, price_subtotal, tax_ids, tax_line_id "
                "FROM account_move_line WHERE move_id = ? ORDER BY id",
                [mid],
            ).fetchall()
            products = [r for r in lines if r[1] == "product"]
            untaxed = [float(r[2] or 0.0) for r in products]
            comp_line, comp_tax, comp_amount = [], [], []
            for i, (_id, _kind, _sub, tax_ids, _tax) in enumerate(products):
                for tax_id, fraction in self._components(taxes, tax_ids):
                    raw = untaxed[i] * fraction
                    comp_line.append(i)
                    comp_tax.append(tax_id)
                    comp_amount.append(
                        sign * (raw if globally.get(move["company_id"]) else _money(raw))
                    )
            posted = fx.post(
                1,
                np.zeros(len(products), dtype=np.int64),
                round2(sign * np.array(untaxed)),
                np.array(comp_line, dtype=np.int64),
                np.array(comp_tax, dtype=np.int64),
                np.array(comp_amount, dtype=np.float64),
                np.array([self._move_rate(move)]),
                self.engine.version,
            )
            values: dict[int, tuple[float, float]] = {}
            for (lid, *_), amount, balance in zip(
                products, round2(sign * np.array(untaxed)), posted.product_balance, strict=True
            ):
                values[lid] = (float(amount), float(balance))
            old_tax = {r[4]: r[0] for r in lines if r[1] == "tax"}
            for tax_id, amount, balance in zip(
                posted.tax_id.tolist(), posted.tax_amount_currency, posted.tax_balance, strict=True
            ):
                lid = old_tax.pop(tax_id, None) or self._new_tax_line(move, tax_id)
                values[lid] = (float(amount), float(balance))
            for lid in old_tax.values():  # a tax no line carries any more
                self._cur.execute("DELETE FROM account_move_line WHERE id = ?", [lid])
            terms = [r[0] for r in lines if r[1] == "payment_term"]
            total_currency = sum(v[0] for v in values.values())
            total_balance = sum(v[1] for v in values.values())
            for lid in terms[:1]:
                values[lid] = (_money(-total_currency), _money(-total_balance))
            for lid, (amount, balance) in values.items():
                self._cur.execute(
                    "UPDATE account_move_line SET amount_currency = ?, balance = ?, debit = ?, "
                    "credit = ? WHERE id = ?",
                    [amount, balance, max(balance, 0.0), max(-balance, 0.0), lid],
                )
            product_balance = float(np.sum(posted.product_balance))
            tax_currency = float(np.sum(posted.tax_amount_currency))
            amount_untaxed = _money(sum(untaxed))
            amount_tax = _money(sign * tax_currency)
            totals = {
                "amount_untaxed": amount_untaxed,
                "amount_tax": amount_tax,
                "amount_total": _money(amount_untaxed + amount_tax),
                "amount_untaxed_signed": _money(-product_balance),
                "amount_tax_signed": _money(-float(np.sum(posted.tax_balance))),
            }
            totals["amount_total_signed"] = _money(
                totals["amount_untaxed_signed"] + totals["amount_tax_signed"]
            )
            if any(move[k] is None or abs(move[k] - v) > 1e-9 for k, v in totals.items()):
                sets = ", ".join(f"{k} = ?" for k in totals)
                self._cur.execute(
                    f"UPDATE account_move SET {sets}, write_date = ? WHERE id = ?",
                    [*totals.values(), self._now, mid],
                )

    def _new_tax_line(self, move: dict[str, Any], tax_id: int) -> int:
        """A tax line for a tax the move had none of (its amounts are set by the caller)."""
        lid = self._cur.execute(
            "SELECT coalesce(max(id), 0) + 1 FROM account_move_line"
        ).fetchone()[0]
        name = self._cur.execute("SELECT name FROM account_tax WHERE id = ?", [tax_id]).fetchone()
        self._cur.execute(
            "INSERT INTO account_move_line (id, create_date, write_date, name, move_id, "
            "company_id, display_type, currency_id, tax_line_id, partner_id, quantity, "
            "price_unit, discount, price_subtotal, price_total) "
            "VALUES (?, ?, ?, ?, ?, ?, 'tax', ?, ?, ?, 0, 0, 0, 0, 0)",
            [lid, self._now, self._now, name[0] if name else None, move["id"],
             move["company_id"], move["currency_id"], tax_id, move["partner_id"]],
        )  # fmt: skip
        return lid

    def _pos_order_totals(self, orders: list[int]) -> dict[int, tuple[float, float]]:
        """order id -> (amount_total, amount_tax) from its lines, as Odoo computes them: the
        lines' taxes summed (unrounded under round_globally) and rounded once, plus the
        lines' untaxed amounts."""
        rows = self._cur.execute(
            "SELECT o.id, o.company_id, l.price_subtotal, l.tax_ids FROM pos_order o LEFT JOIN "
            "pos_order_line l ON l.order_id = o.id WHERE o.id IN (SELECT unnest(CAST(? AS "
            "BIGINT[]))) ORDER BY o.id, l.id",
            [orders],
        ).fetchall()
        taxes, globally = self._tax_rates(), self._rounds_globally()
        sums: dict[int, list[float]] = {}
        for oid, company, untaxed, tax_ids in rows:
            acc = sums.setdefault(oid, [0.0, 0.0])
            if untaxed is None:  # an order without lines
                continue
            included, excluded = self._rates(taxes, tax_ids)
            tax = untaxed * (included + excluded)
            acc[0] += untaxed
            acc[1] += tax if globally.get(company) else _money(tax)
        out = {}
        for oid, (untaxed, tax) in sums.items():
            amount_tax = _money(tax)
            out[oid] = (_money(_money(untaxed) + amount_tax), amount_tax)
        return out

    def _line_parents(self, model: str, ids: list[int]) -> list[int]:
        if model not in LINES or not ids:
            return []
        parent = LINES[model][3]
        rows = self._cur.execute(
            f"SELECT DISTINCT {quote(parent)} FROM {self.registry.table(model)} "
            f"WHERE {quote(parent)} IS NOT NULL AND id IN (SELECT unnest(CAST(? AS BIGINT[])))",
            [ids],
        ).fetchall()
        return [r[0] for r in rows]

    def _recompute_parents(self, model: str, parents: list[int]) -> None:
        """Order/invoice totals from their lines; a changed total touches write_date."""
        if not parents:
            return
        if model == "pos.order.line":
            totals = self._pos_order_totals(parents)
            current = self._cur.execute(
                "SELECT id, amount_total, amount_tax FROM pos_order WHERE id IN (SELECT "
                "unnest(CAST(? AS BIGINT[])))",
                [parents],
            ).fetchall()
            for oid, old_total, old_tax in current:
                total, tax = totals[oid]
                if (total, tax) != (old_total, old_tax):
                    self._cur.execute(
                        "UPDATE pos_order SET amount_total = ?, amount_tax = ?, write_date = ? "
                        "WHERE id = ?",
                        [total, tax, self._now, oid],
                    )
                    self._settle_payments(oid, total)
        elif model == "account.move.line":
            self._repost(parents)

    def _settle_payments(self, order: int, total: float) -> None:
        """A paid order whose total an edit changed is paid the difference, or given it back,
        with its main payment method, as a cashier settles an edited order in Odoo (the
        payments change; Odoo never keeps a paid order whose payments miss its total): its
        payments add up to its amount_total again, and amount_paid follows them. An order
        without payments (a draft, a bare test order) has nothing to settle."""
        state, session, company = self._cur.execute(
            "SELECT state, session_id, company_id FROM pos_order WHERE id = ?", [order]
        ).fetchone()
        if state not in PAID_STATES:
            return
        payments = self._cur.execute(
            "SELECT id, amount, payment_method_id, coalesce(is_change, false) FROM pos_payment "
            "WHERE pos_order_id = ? ORDER BY id",
            [order],
        ).fetchall()
        if not payments:
            return
        difference = _money(total - sum(amount for _, amount, _, _ in payments))
        if difference:
            tendered = [p for p in payments if not p[3]] or payments
            method = max(tendered, key=lambda p: (abs(p[1]), -p[0]))[2]  # main: largest, first
            vals = {"pos_order_id": order, "amount": difference, "payment_method_id": method,
                    "payment_date": self._now,
                    "session_id": session, "company_id": company}  # fmt: skip
            if "is_change" in self.registry.fields("pos.payment"):
                vals["is_change"] = False
            self._create("pos.payment", vals)
        self._cur.execute("UPDATE pos_order SET amount_paid = ? WHERE id = ?", [total, order])

    def _hierarchy(self, model: str, ids: list[int]) -> None:
        """Refresh parent_path and complete_name of the records and all their descendants."""
        m = self.registry.models[model]
        assert m.parent_field is not None
        table = self.registry.table(model)
        parent = quote(m.parent_field)
        has_complete = "complete_name" in self.registry.fields(model)
        pending = list(ids)
        while pending:
            rows = self._cur.execute(
                f"SELECT c.id, c.name, p.parent_path, p.complete_name FROM {table} c LEFT JOIN "
                f"{table} p ON p.id = c.{parent} WHERE c.id IN (SELECT unnest(CAST(? AS "
                "BIGINT[])))",
                [pending],
            ).fetchall()
            for rid, name, parent_path, parent_complete in rows:
                path = f"{parent_path or ''}{rid}/"
                sets, params = ["parent_path = ?"], [path]
                if has_complete:
                    sep = COMPLETE_NAME_SEPARATOR.get(model, " / ")
                    sets.append("complete_name = ?")
                    params.append(f"{parent_complete}{sep}{name}" if parent_complete else name)
                self._cur.execute(
                    f"UPDATE {table} SET {', '.join(sets)} WHERE id = ?", [*params, rid]
                )
            pending = [
                r[0]
                for r in self._cur.execute(
                    f"SELECT id FROM {table} WHERE {parent} IN (SELECT unnest(CAST(? AS "
                    "BIGINT[])))",
                    [pending],
                ).fetchall()
            ]


def _money(amount: float) -> float:
    """An amount rounded to the cent the way Odoo rounds (half-up)."""
    return float(round2(amount))
