"""Odoo search domains -> DuckDB SQL, with Odoo's semantics.

A domain is prefix notation ('&', '|', '!') over leaves `(path, operator, value)`. The rules
follow Odoo's expression module:
- `('x', '=', False)` is `x IS NULL` (for booleans: NULL or false); `!=`, `not in`, `not like`
  and `not ilike` also match NULL; `in` lists may contain False to match NULL.
- a dotted path through a many2one is a sub-query (`x IN (SELECT id ... WHERE rest)`), so a NULL
  many2one never matches; one2many/many2many paths test "any linked record matches".
- `related` fields are searched through their path; `display_name` through the rec name.
- '!' is pushed into the leaves (`!('a','<',5)` becomes `('a','>=',5)`), as Odoo does.
- archived records are hidden unless `active_test` is False or the domain mentions `active`.

Values go to DuckDB as parameters; identifiers only ever come from the schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from nkdash_desktop.demo.errors import InvalidValue
from nkdash_desktop.demo.registry import Registry, quote
from nkdash_desktop.demo.schema import Field

TRUE_LEAF = (1, "=", 1)
FALSE_LEAF = (0, "=", 1)
OPERATORS = frozenset(
    {
        "=", "!=", "<", "<=", ">", ">=", "=?", "like", "not like", "ilike", "not ilike",
        "=like", "=ilike", "in", "not in", "child_of", "parent_of", "any", "not any",
    }
)  # fmt: skip
NEGATIVE = frozenset({"!=", "not like", "not ilike", "not in", "not any"})
NEGATION = {
    "<": ">=", ">": "<=", "<=": ">", ">=": "<", "=": "!=", "!=": "=", "in": "not in",
    "not in": "in", "like": "not like", "not like": "like", "ilike": "not ilike",
    "not ilike": "ilike", "any": "not any", "not any": "any",
}  # fmt: skip
ARITY = {"!": 1, "&": 2, "|": 2}
SQL_TYPES = {
    "char": "VARCHAR", "text": "VARCHAR", "html": "VARCHAR", "selection": "VARCHAR",
    "integer": "BIGINT", "many2one": "BIGINT", "float": "DOUBLE", "monetary": "DOUBLE",
    "date": "DATE", "datetime": "TIMESTAMP", "boolean": "BOOLEAN",
}  # fmt: skip


def normalize(domain: Sequence[Any]) -> list[Any]:
    """Make the implicit '&' between consecutive terms explicit (Odoo's normalize_domain)."""
    if not domain:
        return [TRUE_LEAF]
    result: list[Any] = []
    expected = 1
    for token in domain:
        if expected == 0:
            result.insert(0, "&")
            expected = 1
        if isinstance(token, list | tuple):
            expected -= 1
        elif token in ARITY:
            expected += ARITY[token] - 1
        else:
            raise InvalidValue(f"Invalid domain term {token!r}")
        result.append(token)
    if expected != 0:
        raise InvalidValue(f"Domain {list(domain)!r} is syntactically not correct.")
    return result


def AND(*domains: Sequence[Any]) -> list[Any]:
    """Odoo's expression.AND: drop empty domains, join the rest with '&'."""
    parts = [normalize(d) for d in domains if d]
    result: list[Any] = ["&"] * (len(parts) - 1)
    for part in parts:
        result += part
    return result


def mentions_active(domain: Sequence[Any]) -> bool:
    return any(
        isinstance(t, list | tuple)
        and len(t) == 3
        and isinstance(t[0], str)
        and t[0].split(".")[0] == "active"
        for t in domain
    )


def _is_id_list(value: Any) -> bool:
    values = value if isinstance(value, list | tuple) else [value]
    return all(isinstance(v, int) and not isinstance(v, bool) for v in values)


def _parse_datetime(value: Any, op: str) -> Any:
    if isinstance(value, datetime) or value is False or value is None:
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10:
            # Odoo widens a bare date on a datetime field to the start or end of that day
            text += " 23:59:59" if op in (">", "<=") else " 00:00:00"
        try:
            return datetime.fromisoformat(text.replace("T", " ").replace("Z", ""))
        except ValueError:
            raise InvalidValue(f"Invalid datetime value {value!r}") from None
    raise InvalidValue(f"Invalid datetime value {value!r}")


def _parse_date(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date) or value is False or value is None:
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise InvalidValue(f"Invalid date value {value!r}") from None
    raise InvalidValue(f"Invalid date value {value!r}")


def convert(field: Field, value: Any, op: str = "=") -> Any:
    """A domain value as the column's Python type (date strings -> date/datetime)."""
    if isinstance(value, list | tuple):
        return [convert(field, v, op) for v in value]
    if field.type == "datetime":
        return _parse_datetime(value, op)
    if field.type == "date":
        return _parse_date(value)
    return value


def rec_name_domain(registry: Registry, model: str, op: str, value: Any) -> list[Any]:
    """The domain `display_name op value` stands for (name_search's rules)."""
    rec = registry.model(model).rec_name
    if rec == "display_name":  # product.product: "[code] name" matches on either part
        terms = [("default_code", op, value), ("name", op, value)]
        return ["&" if op in NEGATIVE else "|", *terms]
    return [(rec, op, value)]


class DomainCompiler:
    """Compiles domains of one flavour; collects the parameters of one SQL statement."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.params: list[Any] = []
        self._aliases = 0

    def alias(self) -> str:
        self._aliases += 1
        return f"s{self._aliases}"

    def where(
        self, model: str, domain: Sequence[Any] | None, alias: str = "t0", active_test: bool = True
    ) -> str:
        """SQL condition selecting the records of `model` (aliased `alias`) matching `domain`."""
        if domain is not None and not isinstance(domain, list | tuple):
            raise InvalidValue(f"Invalid domain {domain!r}")
        domain = list(domain or [])
        if active_test and self.registry.model(model).has_active and not mentions_active(domain):
            domain = [("active", "=", True), *domain]
        return self._tree(model, alias, normalize(domain), active_test)

    def _tree(self, model: str, alias: str, tokens: list[Any], active_test: bool) -> str:
        sql, end = self._expr(model, alias, tokens, 0, False, active_test)
        assert end == len(tokens)
        return sql

    def _expr(
        self, model: str, alias: str, tokens: list[Any], i: int, negate: bool, active_test: bool
    ) -> tuple[str, int]:
        token = tokens[i]
        if token == "!":
            return self._expr(model, alias, tokens, i + 1, not negate, active_test)
        if token in ("&", "|"):
            left, i = self._expr(model, alias, tokens, i + 1, negate, active_test)
            right, i = self._expr(model, alias, tokens, i, negate, active_test)
            joiner = "AND" if (token == "&") != negate else "OR"
            return f"({left} {joiner} {right})", i
        return self.leaf(model, alias, token, negate, active_test), i + 1

    def leaf(
        self, model: str, alias: str, leaf: Any, negate: bool = False, active_test: bool = True
    ) -> str:
        if not isinstance(leaf, list | tuple) or len(leaf) != 3:
            raise InvalidValue(f"Invalid leaf {leaf!r}")
        left, op, right = leaf
        if (left, op, right) in (TRUE_LEAF, FALSE_LEAF):
            return "TRUE" if ((left, op, right) == TRUE_LEAF) != negate else "FALSE"
        if not isinstance(left, str) or not isinstance(op, str):
            raise InvalidValue(f"Invalid leaf {tuple(leaf)!r}")
        op = "!=" if op == "<>" else op.lower()
        if op not in OPERATORS:
            raise InvalidValue(f"Invalid operator {op!r} in domain term {tuple(leaf)!r}")
        if negate:
            if op in NEGATION:
                op, negate = NEGATION[op], False
            else:
                # like Odoo, a '!' it cannot push into the operator becomes SQL NOT
                inner = self.leaf(model, alias, (left, op, right), False, active_test)
                return f"(NOT {inner})"
        if op == "=?":
            if right is None or right is False:
                return "TRUE"
            op = "="
        name, _, rest = left.partition(".")
        field = self.registry.field(model, name)
        if field is None:
            raise InvalidValue(
                f"Invalid field {model}.{name} in condition {(left, op, _freeze(right))!r}"
            )
        if name == "display_name":
            if rest:
                raise InvalidValue(f"Invalid path {left!r} on model {model!r}")
            sub = rec_name_domain(self.registry, model, op, right)
            return self._tree(model, alias, normalize(sub), active_test)
        if field.related:
            path = field.related + ("." + rest if rest else "")
            return self.leaf(model, alias, (path, op, right), False, active_test)
        if rest:
            return self._path(model, alias, name, field, rest, op, right, active_test)
        if op in ("any", "not any"):
            return self._any(model, alias, name, field, op, right, active_test)
        if op in ("child_of", "parent_of"):
            return self._hierarchy(model, alias, name, field, op, right)
        if field.type == "one2many":
            return self._one2many(model, alias, field, op, right, active_test)
        if field.type == "many2many":
            return self._many2many(model, alias, name, field, op, right, active_test)
        if field.type == "many2one" and _is_name_value(op, right):
            return self._many2one_by_name(model, alias, name, field, op, right)
        return self._scalar(model, alias, name, field, op, right)

    # -- relational ------------------------------------------------------------------------

    def _subquery(
        self, comodel: str, column: str, cond: str, sa: str, not_null: bool = False
    ) -> str:
        guard = f"{sa}.{column} IS NOT NULL AND " if not_null else ""
        return (
            f"(SELECT {sa}.{column} FROM {self.registry.table(comodel)} {sa} WHERE {guard}{cond})"
        )

    def _active(self, comodel: str, sa: str, sub_domain: Sequence[Any], active_test: bool) -> str:
        model = self.registry.model(comodel)
        if active_test and model.has_active and not mentions_active(sub_domain):
            return f" AND {sa}.{quote('active')} = TRUE"
        return ""

    def _path(
        self,
        model: str,
        alias: str,
        name: str,
        field: Field,
        rest: str,
        op: str,
        right: Any,
        active_test: bool,
    ) -> str:
        if field.relation is None:
            raise InvalidValue(f"Invalid path {name}.{rest} on model {model!r}: not relational")
        comodel, sa = field.relation, self.alias()
        if field.type == "many2one":
            # Odoo searches the comodel with active_test=False for a many2one path
            cond = self.leaf(comodel, sa, (rest, op, right), False, False)
            col = f"{alias}.{self.registry.column(name, field)}"
            return f"{col} IN {self._subquery(comodel, 'id', cond, sa)}"
        cond = self.leaf(comodel, sa, (rest, op, right), False, active_test)
        cond += self._active(comodel, sa, [(rest, op, right)], active_test)
        return self._linked(model, alias, name, field, cond, sa, negative=False)

    def _linked(
        self, model: str, alias: str, name: str, field: Field, cond: str, sa: str, negative: bool
    ) -> str:
        """Records of `model` linked through an x2many to a comodel row matching `cond`."""
        assert field.relation is not None
        comodel = field.relation
        if field.type == "one2many":
            assert field.inverse is not None
            inv = self.registry.column(field.inverse, self.registry.fields(comodel)[field.inverse])
            sql = f"{alias}.id IN {self._subquery(comodel, inv, cond, sa, not_null=True)}"
        else:
            ids = f"(SELECT coalesce(list({sa}.id), []) FROM {self.registry.table(comodel)} {sa} WHERE {cond})"
            sql = (
                f"coalesce(list_has_any({alias}.{self.registry.column(name, field)}, {ids}), FALSE)"
            )
        return f"(NOT {sql})" if negative else sql

    def _any(
        self,
        model: str,
        alias: str,
        name: str,
        field: Field,
        op: str,
        right: Any,
        active_test: bool,
    ) -> str:
        if field.relation is None:
            raise InvalidValue(f"Operator {op!r} needs a relational field, not {model}.{name}")
        comodel, sa = field.relation, self.alias()
        sub_domain = list(right) if isinstance(right, list | tuple) else []
        if field.type == "many2one":
            cond = self.where(comodel, sub_domain, sa, active_test=False)
            col = f"{alias}.{self.registry.column(name, field)}"
            sql = f"{col} IN {self._subquery(comodel, 'id', cond, sa)}"
            return f"({col} IS NULL OR NOT {sql})" if op == "not any" else sql
        cond = self.where(comodel, sub_domain, sa, active_test)
        return self._linked(model, alias, name, field, cond, sa, negative=op == "not any")

    def _comodel_condition(
        self, comodel: str, sa: str, op: str, right: Any, name_op: str = "="
    ) -> str:
        """Condition on comodel rows named by ids or by (parts of) their display name."""
        positive = NEGATION[op] if op in NEGATIVE else op
        if _is_id_list(right):
            ids = list(right) if isinstance(right, list | tuple) else [right]
            self.params.append(ids)
            return f"{sa}.id IN (SELECT unnest(CAST(? AS BIGINT[])))"
        if positive == "in" and isinstance(right, list | tuple):
            names = [v for v in right if isinstance(v, str)]
            parts = [rec_name_domain(self.registry, comodel, name_op, v) for v in names]
            if not parts:
                return "FALSE"
            domain: list[Any] = ["|"] * (len(parts) - 1)
            for part in parts:
                domain += normalize(part)
            return self._tree(comodel, sa, domain, False)
        positive = "=" if positive == "in" else positive
        sub = rec_name_domain(self.registry, comodel, positive, right)
        return self._tree(comodel, sa, normalize(sub), False)

    def _one2many(
        self, model: str, alias: str, field: Field, op: str, right: Any, active_test: bool
    ) -> str:
        assert field.relation is not None and field.inverse is not None
        comodel, sa = field.relation, self.alias()
        if _is_empty(op, right):
            negative = op in ("=", "in")  # "has no records"
            return self._linked(model, alias, "", field, "TRUE", sa, negative=negative)
        if op not in (
            "=",
            "!=",
            "in",
            "not in",
            "like",
            "ilike",
            "not like",
            "not ilike",
            "=like",
            "=ilike",
        ):
            raise InvalidValue(f"Invalid operator {op!r} on one2many field {model}")
        cond = self._comodel_condition(comodel, sa, op, right)
        return self._linked(model, alias, "", field, cond, sa, negative=op in NEGATIVE)

    def _many2many(
        self,
        model: str,
        alias: str,
        name: str,
        field: Field,
        op: str,
        right: Any,
        active_test: bool,
    ) -> str:
        assert field.relation is not None
        col = f"{alias}.{self.registry.column(name, field)}"
        if _is_empty(op, right):
            empty = f"({col} IS NULL OR len({col}) = 0)"
            is_empty = op in ("=", "in")
            return empty if is_empty else f"(NOT {empty})"
        if _is_id_list(right):
            ids = list(right) if isinstance(right, list | tuple) else [right]
            self.params.append(ids)
            sql = f"coalesce(list_has_any({col}, CAST(? AS BIGINT[])), FALSE)"
            return f"(NOT {sql})" if op in NEGATIVE else sql
        comodel, sa = field.relation, self.alias()
        cond = self._comodel_condition(comodel, sa, op, right)
        return self._linked(model, alias, name, field, cond, sa, negative=op in NEGATIVE)

    def _many2one_by_name(
        self, model: str, alias: str, name: str, field: Field, op: str, right: Any
    ) -> str:
        assert field.relation is not None
        comodel, sa = field.relation, self.alias()
        col = f"{alias}.{self.registry.column(name, field)}"
        cond = self._comodel_condition(comodel, sa, op, right)
        sql = f"{col} IN {self._subquery(comodel, 'id', cond, sa)}"
        return f"({col} IS NULL OR NOT {sql})" if op in NEGATIVE else sql

    def _hierarchy(
        self, model: str, alias: str, name: str, field: Field, op: str, right: Any
    ) -> str:
        target = field.relation if field.type == "many2one" else model
        if name != "id" and field.type != "many2one":
            raise InvalidValue(f"Operator {op!r} needs a many2one or id, not {model}.{name}")
        assert target is not None
        col = f"{alias}.{self.registry.column(name, field)}" if name != "id" else f"{alias}.id"
        sa, sr = self.alias(), self.alias()
        # names are looked up with ilike, as Odoo's child_of does
        roots = self._comodel_condition(target, sr, "in", _listify(right), name_op="ilike")
        table = self.registry.table(target)
        if target in self.registry.hierarchical:
            path = quote("parent_path")
            if op == "child_of":
                cond = (
                    f"EXISTS (SELECT 1 FROM {table} {sr} WHERE {roots} "
                    f"AND starts_with({sa}.{path}, {sr}.{path}))"
                )
            else:
                cond = (
                    f"{sa}.id IN (SELECT unnest(CAST(string_split(trim({sr}.{path}, '/'), '/') "
                    f"AS BIGINT[])) FROM {table} {sr} WHERE {roots})"
                )
            return f"{col} IN (SELECT {sa}.id FROM {table} {sa} WHERE {cond})"
        parent = self.registry.models[target].parent_field or "parent_id"
        if parent not in self.registry.fields(target):
            return f"{col} IN (SELECT {sr}.id FROM {table} {sr} WHERE {roots})"
        pcol = quote(parent)
        if op == "child_of":
            step = f"SELECT {sa}.id FROM {table} {sa} JOIN tree ON {sa}.{pcol} = tree.id"
        else:
            step = f"SELECT {sa}.{pcol} FROM {table} {sa} JOIN tree ON {sa}.id = tree.id"
        cte = (
            f"(WITH RECURSIVE tree(id) AS (SELECT {sr}.id FROM {table} {sr} WHERE {roots} "
            f"UNION {step}) SELECT id FROM tree WHERE id IS NOT NULL)"
        )
        return f"{col} IN {cte}"

    # -- plain columns ---------------------------------------------------------------------

    def _scalar(self, model: str, alias: str, name: str, field: Field, op: str, right: Any) -> str:
        col = f"{alias}.{self.registry.column(name, field)}"
        if field.type == "boolean":
            return self._boolean(col, op, right)
        if op in ("in", "not in"):
            return self._in(col, field, op, right)
        if right is False or right is None:
            if op == "=":
                return f"{col} IS NULL"
            if op == "!=":
                return f"{col} IS NOT NULL"
        if op in ("like", "ilike", "not like", "not ilike", "=like", "=ilike"):
            return self._like(col, field, op, right)
        if isinstance(right, list | tuple):
            raise InvalidValue(f"Invalid value {right!r} for operator {op!r} on {model}.{name}")
        self.params.append(convert(field, right, op))
        sql = f"{col} {op} ?"
        if op == "!=" and right:
            sql = f"({sql} OR {col} IS NULL)"
        return sql

    def _boolean(self, col: str, op: str, right: Any) -> str:
        if op in ("in", "not in"):
            values = _listify(right)
            has_true = any(bool(v) for v in values)
            has_false = any(not v for v in values)
            if op == "not in":
                has_true, has_false = not has_true, not has_false
            if has_true and has_false:
                return "TRUE"
            if has_true:
                return f"{col} = TRUE"
            if has_false:
                return f"({col} IS NULL OR {col} = FALSE)"
            return "FALSE"
        if op in ("=", "!="):
            truthy = bool(right) if op == "=" else not bool(right)
            return f"{col} = TRUE" if truthy else f"({col} IS NULL OR {col} = FALSE)"
        self.params.append(bool(right))
        return f"{col} {op} ?"

    def _in(self, col: str, field: Field, op: str, right: Any) -> str:
        values = _listify(right)
        check_null = any(v is False or v is None for v in values)
        values = [v for v in values if v is not False and v is not None]
        if values:
            sql_type = SQL_TYPES.get(field.type, "VARCHAR")
            if op == "in" and sql_type == "BIGINT" and _is_id_list(values):
                # the bounds let DuckDB skip row groups (ids and foreign keys are clustered)
                self.params += [min(values), max(values)]
                bounds = f"{col} BETWEEN ? AND ? AND "
            else:
                bounds = ""
            self.params.append(convert(field, values))
            sql = f"({bounds}{col} {op.upper()} (SELECT unnest(CAST(? AS {sql_type}[]))))"
        else:
            sql = "FALSE" if op == "in" else "TRUE"
        if (op == "in" and check_null) or (op == "not in" and not check_null):
            return f"({sql} OR {col} IS NULL)"
        if op == "not in" and check_null:
            return f"({sql} AND {col} IS NOT NULL)"
        return sql

    def _like(self, col: str, field: Field, op: str, right: Any) -> str:
        text = "" if right is None or right is False else str(right)
        if field.type not in ("char", "text", "html", "selection"):
            col = f"CAST({col} AS VARCHAR)"
        wildcard = not op.startswith("=")
        sql_op = {"=like": "LIKE", "=ilike": "ILIKE"}.get(op, op.upper())
        self.params.append(f"%{text}%" if wildcard else text)
        sql = f"({col} {sql_op} ?)"
        if (wildcard and not text) or (text and op in NEGATIVE):
            sql = f"({sql} OR {col} IS NULL)"
        return sql


def _listify(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _is_empty(op: str, right: Any) -> bool:
    """x2many compared with False / []: "has no records" or "has records"."""
    if op in ("=", "!=") and (right is False or right is None or right == []):
        return True
    return op in ("in", "not in") and (right is False or right == [False])


def _is_name_value(op: str, right: Any) -> bool:
    """A many2one compared with text is a name search on the comodel, as in Odoo."""
    if op in ("like", "ilike", "not like", "not ilike", "=like", "=ilike"):
        return True
    if isinstance(right, str):
        return op in ("=", "!=", "in", "not in")
    if isinstance(right, list | tuple) and op in ("in", "not in"):
        return any(isinstance(v, str) for v in right)
    return False
