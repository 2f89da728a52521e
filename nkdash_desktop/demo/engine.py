"""The demo Odoo's ORM: model methods answered from DuckDB, values formatted as Odoo sends them.

One `Engine` serves one generated database. Request threads call `Engine.call` concurrently;
each thread queries through its own DuckDB cursor. A page of `search_read` costs one query for
the rows plus one query per related model (display names, one2many ids, related fields), never
one per row. Display names are cached until the next mutation: whole for small models, by
blocks of consecutive ids for big ones (a keyset page of lines refers to a narrow band of orders).
"""

from __future__ import annotations

import inspect
import json
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

try:
    import orjson
except ImportError:  # optional speed-up
    orjson = None  # type: ignore[assignment]

from nkdash_desktop.demo import access
from nkdash_desktop.demo.catalogue import MODEL_NAMES
from nkdash_desktop.demo.domain import AND, DomainCompiler
from nkdash_desktop.demo.errors import (
    AccessError,
    BadArguments,
    InvalidValue,
    NoSuchMethod,
    invalid_field,
)
from nkdash_desktop.demo.odoo_fields import reference_fields
from nkdash_desktop.demo.registry import DISPLAY_NAME, Registry, label, quote
from nkdash_desktop.demo.schema import ALL, MODELS, Field

# models with at most this many rows get their display names cached whole
SMALL_MODEL_ROWS = 50_000
# display names of bigger models are cached by blocks of consecutive ids, least recently used out
NAME_BLOCK = 2048
NAME_BLOCKS_KEPT = 64
ORDER_TERM = re.compile(
    r"\s*([a-z_][a-z0-9_.]*)(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?\s*", re.IGNORECASE
)
READ_ONLY_FIELDS = frozenset({"id", "create_date", "write_date", "display_name"})


@dataclass
class Call:
    """One method call: who, on which model, with which context, on which records."""

    user: Any  # DemoUser
    model: str
    context: dict[str, Any] = field(default_factory=dict)
    ids: list[int] | None = None

    @property
    def active_test(self) -> bool:
        return self.context.get("active_test", True) is not False

    @property
    def tz(self) -> str | None:
        """The context timezone, or None (UTC) when missing or unknown, as Odoo does."""
        tz = self.context.get("tz")
        if not isinstance(tz, str) or not tz:
            return None
        try:
            ZoneInfo(tz)
        except (ValueError, KeyError, OSError):
            return None
        return tz


REQUIRED = object()  # a parameter without default


@dataclass(frozen=True)
class Method:
    name: str
    params: tuple[tuple[str, Any], ...]  # (name, default); REQUIRED for none
    record: bool = False  # takes record ids (read, write...) rather than being model-level
    flavours: frozenset[int] = ALL
    models: frozenset[str] | None = None  # only on these models

    @cached_property
    def signature(self) -> inspect.Signature:
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        params = [inspect.Parameter("self", kind)]
        for name, default in self.params:
            params.append(
                inspect.Parameter(
                    name, kind, default=inspect.Parameter.empty if default is REQUIRED else default
                )
            )
        return inspect.Signature(params)

    def bind(self, args: Sequence[Any], kwargs: dict[str, Any]) -> dict[str, Any]:
        try:
            bound = self.signature.bind(None, *args, **kwargs)
        except TypeError as exc:
            raise BadArguments(f"{self.name}() {exc.args[0]}") from None
        bound.apply_defaults()
        values = dict(bound.arguments)
        values.pop("self")
        return values


READ_PARAMS = (("fields", None), ("load", "_classic_read"))
SEARCH_PARAMS = (("offset", 0), ("limit", None), ("order", None))


def _methods(version: int) -> dict[str, Method]:
    methods = [
        Method(
            "search_read",
            (("domain", None), ("fields", None), *SEARCH_PARAMS, ("load", "_classic_read")),
        ),
        Method(
            "search",
            (("domain", REQUIRED), *SEARCH_PARAMS) + ((("count", False),) if version <= 16 else ()),
        ),
        Method("search_count", (("domain", REQUIRED), ("limit", None))),
        Method("read", READ_PARAMS, record=True),
        Method("fields_get", (("allfields", None), ("attributes", None))),
        Method("name_get", (), record=True, flavours=frozenset({16})),
        Method(
            "name_search",
            (
                ("name", ""),
                ("args" if version <= 17 else "domain", None),
                ("operator", "ilike"),
                ("limit", 100),
            ),
        ),
        Method(
            "read_group",
            (
                ("domain", REQUIRED),
                ("fields", REQUIRED),
                ("groupby", REQUIRED),
                ("offset", 0),
                ("limit", None),
                ("orderby", False),
                ("lazy", True),
            ),
        ),
        Method(
            "formatted_read_group",
            (
                ("domain", REQUIRED),
                ("groupby", ()),
                ("aggregates", ()),
                ("having", ()),
                ("offset", 0),
                ("limit", None),
                ("order", None),
            ),
            flavours=frozenset({19}),
        ),
        Method("context_get", (), models=frozenset({"res.users"})),
        # a model method on 16, a record method (the user) from 17 on
        Method(
            "has_group",
            (("group_ext_id", REQUIRED),),
            record=version >= 17,
            models=frozenset({"res.users"}),
        ),
        Method(
            "check_access_rights",
            (("operation", REQUIRED), ("raise_exception", True)),
            flavours=frozenset({16, 17, 18}),
        ),
        Method("has_access", (("operation", REQUIRED),), record=True, flavours=frozenset({18, 19})),
        Method("create", (("vals_list", REQUIRED),)),
        Method("write", (("vals", REQUIRED),), record=True),
        Method("unlink", (), record=True),
    ]
    return {m.name: m for m in methods if version in m.flavours}


@dataclass
class _Column:
    """How one requested field is fetched and turned into its wire value."""

    name: str
    field: Field
    kind: str  # id scalar many2one many2many one2many related display
    select: str | None = None  # SQL expression in the page query, if any


class Engine:
    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        registry: Registry,
        default_tz: str,
        grouper: Callable[..., Any] | None = None,
    ) -> None:
        self.con = con
        self.registry = registry
        self.version = registry.flavour.version
        self.default_tz = default_tz
        self.methods = _methods(self.version)
        self.generation = 0  # bumped by every mutation: invalidates the caches below
        self._local = threading.local()
        self._display_cache: dict[str, tuple[int, dict[int, str]]] = {}
        self._count_cache: dict[str, tuple[int, int]] = {}
        self._blocks: OrderedDict[tuple[str, int], tuple[int, dict[int, str]]] = OrderedDict()
        self._blocks_lock = threading.Lock()
        self._grouper = grouper
        # calls answered per "model/method" (any transport), as a server's access log would
        # count them: tests check what a sync asks, e.g. that a day's payments are read once
        self.calls: Counter[str] = Counter()
        self._calls_lock = threading.Lock()

    # -- plumbing --------------------------------------------------------------------------

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor (DuckDB connections are not shared between threads)."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._local.cursor = self.con.cursor()
        return cur

    def call_counts(self) -> dict[str, int]:
        with self._calls_lock:
            return dict(self.calls)

    def invalidate(self) -> None:
        self.generation += 1

    def method(self, model: str, name: str) -> Method:
        spec = self.methods.get(name)
        if name.startswith("_"):
            raise AccessError(
                f"Private methods (such as '{model}.{name}') cannot be called remotely."
            )
        if spec is None or (spec.models is not None and model not in spec.models):
            if self.version >= 17:
                raise NoSuchMethod(f"The method '{model}.{name}' does not exist")
            raise NoSuchMethod(f"The method '{name}' does not exist on the model '{model}'")
        return spec

    def call(
        self,
        user: Any,
        model: str,
        method: str,
        args: Sequence[Any],
        kwargs: dict[str, Any],
        ids: Sequence[Any] | None = None,
        context: dict[str, Any] | None = None,
    ) -> Any:
        """Run `model.method(*args, **kwargs)` as `user`, JSON-RPC style (ids = first arg of
        record methods) unless `ids` is given (JSON-2)."""
        self.registry.model(model)
        spec = self.method(model, method)
        with self._calls_lock:
            self.calls[f"{model}/{method}"] += 1
        kwargs = dict(kwargs)
        ctx = kwargs.pop("context", None) if context is None else context
        if not isinstance(ctx, dict):
            ctx = {}
        args = list(args)
        record_ids: list[int] | None = None
        if spec.record:
            if ids is None:
                if not args:
                    raise BadArguments(f"{method}() missing 1 required positional argument: 'ids'")
                ids, args = args[0], args[1:]
            record_ids = _ids(ids)
        values = spec.bind(args, kwargs)
        handler = getattr(self, f"_m_{method}")
        return handler(Call(user, model, ctx, record_ids), **values)

    def check_read(self, call: Call, model: str | None = None) -> None:
        model = model or call.model
        access.check_read(call.user.groups, model, self._description(model), self.version)

    def _description(self, model: str) -> str:
        return MODEL_NAMES.get(model, model)

    def _refused(self, call: Call, operation: str) -> AccessError:
        return access.read_refused(
            call.model, self._description(call.model), self.version, operation
        )

    # -- methods ---------------------------------------------------------------------------

    def _m_search_read(
        self, call: Call, domain: Any, fields: Any, offset: Any, limit: Any, order: Any, load: Any
    ) -> list[dict[str, Any]]:
        self.check_read(call)
        columns = self.plan(call.model, fields, self.current_company(call))
        cur = self.cursor()
        where, params, joins, order_sql = self._query(call, domain, order)
        return self.fetch(
            cur,
            call.model,
            columns,
            where,
            params,
            joins,
            order_sql,
            limit=_int(limit),
            offset=_int(offset),
            load=load,
        )

    def _m_search(
        self, call: Call, domain: Any, offset: Any, limit: Any, order: Any, count: Any = False
    ) -> list[int] | int:
        self.check_read(call)
        if count:
            return self._m_search_count(call, domain, None)
        where, params, joins, order_sql = self._query(call, domain, order)
        sql = (
            f"SELECT t0.id FROM {self.registry.table(call.model)} t0{joins} WHERE {where}"
            f" ORDER BY {order_sql}{_limit(_int(limit), _int(offset))}"
        )
        return [r[0] for r in self.cursor().execute(sql, params).fetchall()]

    def _m_search_count(self, call: Call, domain: Any, limit: Any) -> int:
        self.check_read(call)
        compiler = DomainCompiler(self.registry)
        where = compiler.where(call.model, self.rules(call, domain), "t0", call.active_test)
        sql = f"SELECT count(*) FROM {self.registry.table(call.model)} t0 WHERE {where}"
        count = self.cursor().execute(sql, compiler.params).fetchall()[0][0]
        limit = _int(limit)
        return min(count, limit) if limit else count

    def _m_read(self, call: Call, fields: Any, load: Any) -> list[dict[str, Any]]:
        self.check_read(call)
        columns = self.plan(call.model, fields, self.current_company(call))
        assert call.ids is not None
        return self.read_ids(self.cursor(), call.model, call.ids, columns, load)

    def _m_name_get(self, call: Call) -> list[list[Any]]:
        self.check_read(call)
        assert call.ids is not None
        names = self.display_names(self.cursor(), call.model, call.ids)
        return [[i, names[i]] for i in dict.fromkeys(call.ids) if i in names]

    def _m_name_search(
        self, call: Call, name: Any, operator: Any, limit: Any, **domain: Any
    ) -> list[list[Any]]:
        # the extra domain is `args` up to 17 and `domain` from 18 on
        self.check_read(call)
        extra = next(iter(domain.values())) or []
        search = AND([("display_name", operator, name)] if name else [], list(extra))
        ids = self._m_search(call, search, 0, limit, None)
        assert isinstance(ids, list)
        names = self.display_names(self.cursor(), call.model, ids)
        return [[i, names.get(i, "")] for i in ids]

    def _m_fields_get(self, call: Call, allfields: Any, attributes: Any) -> dict[str, Any]:
        # every field real Odoo lists, then the demo's own (add-on fields, its types)
        fields = {**self._reference_only(call.model), **self.registry.fields(call.model)}
        fields["display_name"] = DISPLAY_NAME
        wanted = set(allfields) if allfields else None
        result = {}
        for name, f in fields.items():
            if wanted is not None and name not in wanted:
                continue
            desc = self.describe(call.model, name, f)
            if attributes:
                desc = {k: v for k, v in desc.items() if k in attributes}
            result[name] = desc
        return result

    def _reference_only(self, model: str) -> dict[str, Field]:
        """Fields real Odoo has on `model` that the demo does not fill (described, not read);
        those pointing at an add-on model this server has not installed are left out."""
        listed = reference_fields(self.version).get(model, {})
        missing_addons = set(MODELS) - set(self.registry.models)
        return {
            name: Field(kind, relation=relation, stored=stored)
            for name, (kind, stored, relation) in listed.items()
            if relation not in missing_addons
        }

    def _m_context_get(self, call: Call) -> dict[str, Any]:
        return {"lang": "en_US", "tz": self.user_tz(call.user.uid), "uid": call.user.uid}

    def _m_check_access_rights(self, call: Call, operation: Any, raise_exception: Any) -> bool:
        allowed = self._may(call, operation)
        if not allowed and raise_exception:
            raise self._refused(call, operation if operation in _OPERATIONS else "read")
        return allowed

    def _m_has_access(self, call: Call, operation: Any) -> bool:
        return self._may(call, operation)

    def _may(self, call: Call, operation: Any) -> bool:
        if operation not in _OPERATIONS:
            raise InvalidValue(f"Invalid access mode {operation!r}")
        # the demo's API users are read-only: the ETL never writes
        return operation == "read" and access.may_read(call.user.groups, call.model)

    def _m_has_group(self, call: Call, group_ext_id: Any) -> bool:
        """Whether the user (the record on 17+, the caller on 16) has a group by xml id."""
        if not isinstance(group_ext_id, str) or "." not in group_ext_id:
            raise InvalidValue(
                f"External ID must be fully qualified (module.name), got {group_ext_id!r}"
            )
        uid = call.ids[0] if call.ids else call.user.uid
        if uid != call.user.uid:  # another user's groups: the demo only knows the caller's
            return False
        return group_ext_id in call.user.groups

    def _m_create(self, call: Call, vals_list: Any) -> Any:
        raise self._refused(call, "create")

    def _m_write(self, call: Call, vals: Any) -> Any:
        raise self._refused(call, "write")

    def _m_unlink(self, call: Call) -> Any:
        raise self._refused(call, "unlink")

    def _m_read_group(self, call: Call, **kwargs: Any) -> Any:
        self.check_read(call)
        assert self._grouper is not None
        return self._grouper(self, call, "read_group", **kwargs)

    def _m_formatted_read_group(self, call: Call, **kwargs: Any) -> Any:
        self.check_read(call)
        assert self._grouper is not None
        return self._grouper(self, call, "formatted_read_group", **kwargs)

    # -- describing ------------------------------------------------------------------------

    def describe(self, model: str, name: str, f: Field) -> dict[str, Any]:
        relational = f.type in ("many2one", "one2many", "many2many")
        desc: dict[str, Any] = {
            "type": f.type,
            "string": label(name, f),
            "help": "",
            "store": f.stored and f is not DISPLAY_NAME,
            "readonly": name in READ_ONLY_FIELDS or (f.related is not None and not f.stored),
            "required": self._required(model, name, f),
            "searchable": True,
            "sortable": f.stored and f.type not in ("one2many", "many2many"),
            "groupable": f.stored and f.type not in ("one2many", "text", "html"),
            "manual": False,
            "company_dependent": f.company_dependent,
            "depends": [f.related] if f.related else [],
            "exportable": True,
        }
        if f.related:
            desc["related"] = f.related
        if relational:
            desc.update(relation=f.relation, context={}, domain=[])
        if f.type == "one2many":
            desc["relation_field"] = f.inverse
        if f.type == "selection":
            values = self.registry.selection(model, name, f)
            desc["selection"] = [[v, v.replace("_", " ").title()] for v in values]
        return desc

    def _required(self, model: str, name: str, f: Field) -> bool:
        if f.type != "many2one" or f.related:
            return False
        # a many2one that owns a one2many (order_id of an order line) is required in Odoo
        return any(
            o.inverse == name and o.relation == model
            for m in self.registry.models
            for o in self.registry.fields(m).values()
            if o.type == "one2many"
        )

    # -- queries ---------------------------------------------------------------------------

    def rules(self, call: Call, domain: Any) -> list[Any]:
        """The caller's domain plus the multi-company record rule of the context."""
        if domain is not None and not isinstance(domain, list | tuple):
            raise InvalidValue(f"Invalid domain {domain!r}")
        domain = AND(access.move_rule(call.user.groups, call.model), list(domain or []))
        if call.model == "res.company":  # Odoo's rule: the companies the user may use
            domain = AND([("id", "in", sorted(self.user_companies(call.user.uid)))], domain)
        if "company_id" not in self.registry.fields(call.model):
            return list(domain)
        allowed = call.context.get("allowed_company_ids")
        mine = self.user_companies(call.user.uid)
        if not allowed:  # Odoo 13+: env.companies is then every company the user may use
            allowed = sorted(mine)
        elif not isinstance(allowed, list | tuple) or not set(allowed) <= mine:
            raise AccessError("Access to unauthorized or invalid companies.")
        return AND([("company_id", "in", [*allowed, False])], list(domain))

    def _query(self, call: Call, domain: Any, order: Any) -> tuple[str, list[Any], str, str]:
        compiler = DomainCompiler(self.registry)
        where = compiler.where(call.model, self.rules(call, domain), "t0", call.active_test)
        joins: dict[tuple[str, str], str] = {}
        order_sql = self.order_by(call.model, order, "t0", joins)
        join_sql = "".join(
            f" LEFT JOIN {self.registry.table(model)} {alias} ON {alias}.id = {fk}"
            for (fk, model), alias in joins.items()
        )
        return where, compiler.params, join_sql, order_sql

    def order_by(
        self, model: str, order: Any, alias: str, joins: dict[tuple[str, str], str]
    ) -> str:
        spec = order or self.registry.model(model).order
        if not isinstance(spec, str):
            raise InvalidValue(f"Invalid order {order!r}")
        terms: list[str] = []
        self._order_terms(model, spec, alias, joins, terms, reverse=False, depth=0)
        if not any(t.startswith(f"{alias}.id ") for t in terms):
            terms.append(f"{alias}.id ASC")  # a stable order for ties, as paging needs
        return ", ".join(dict.fromkeys(terms))

    def _order_terms(
        self,
        model: str,
        spec: str,
        alias: str,
        joins: dict[tuple[str, str], str],
        terms: list[str],
        reverse: bool,
        depth: int,
    ) -> None:
        for part in spec.split(","):
            match = ORDER_TERM.fullmatch(part)
            if not match:
                raise InvalidValue(
                    f'Invalid "order" specified ({spec}). A valid "order" specification is a '
                    "comma-separated list of valid field names (optionally followed by "
                    "asc/desc for the direction)"
                )
            path, direction, nulls = match.groups()
            desc = (direction or "asc").lower() == "desc"
            desc = desc != reverse
            name, _, rest = path.partition(".")
            f = self.registry.field(model, name)
            if f is None or (rest and f.type != "many2one"):
                raise InvalidValue(
                    f'Invalid "order" specified ({spec}). A valid "order" specification is a '
                    "comma-separated list of valid field names (optionally followed by "
                    "asc/desc for the direction)"
                )
            if f.related and not rest:
                rest_path = f.related
                name, _, rest = rest_path.partition(".")
                f = self.registry.fields(model)[name]
            if rest:  # through a many2one
                assert f.relation is not None
                sub = self._join(alias, self.registry.column(name, f), f.relation, joins)
                sub_spec = f"{rest} {'desc' if desc else 'asc'}"
                self._order_terms(f.relation, sub_spec, sub, joins, terms, False, depth)
                continue
            if f.type in ("one2many", "many2many") or f is DISPLAY_NAME:
                continue  # not sortable in SQL: Odoo ignores them too
            col = f"{alias}.{self.registry.column(name, f)}" if name != "id" else f"{alias}.id"
            if f.type == "many2one" and depth == 0:
                assert f.relation is not None
                sub = self._join(alias, self.registry.column(name, f), f.relation, joins)
                comodel_order = self.registry.model(f.relation).order
                self._order_terms(f.relation, comodel_order, sub, joins, terms, desc, depth + 1)
                continue
            null_order = (nulls or ("first" if desc else "last")).upper()
            terms.append(f"{col} {'DESC' if desc else 'ASC'} NULLS {null_order}")

    def _join(
        self, alias: str, column: str, comodel: str, joins: dict[tuple[str, str], str]
    ) -> str:
        key = (f"{alias}.{column}", comodel)
        if key not in joins:
            joins[key] = f"o{len(joins) + 1}"
        return joins[key]

    # -- reading ---------------------------------------------------------------------------

    def plan(self, model: str, fields: Any, company: int | None = None) -> list[_Column]:
        """The columns of a read: 'id' first, then the requested fields in their order;
        company-dependent fields give `company`'s value."""
        all_fields = self.registry.fields(model)
        if fields is None or fields == [] or fields is False:
            names = [n for n in all_fields if n != "id"] + ["display_name"]
        elif isinstance(fields, list | tuple) and all(isinstance(n, str) for n in fields):
            names = list(dict.fromkeys(n for n in fields if n != "id"))
        elif isinstance(fields, str):
            names = [fields] if fields != "id" else []
        else:
            raise InvalidValue(f"Invalid fields {fields!r}")
        columns = [_Column("id", all_fields["id"], "id", "t0.id")]
        for name in names:
            f = self.registry.field(model, name)
            if f is None:
                raise invalid_field(model, name, self.version)
            columns.append(self._column(model, name, f, company))
        return columns

    def _column(self, model: str, name: str, f: Field, company: int | None = None) -> _Column:
        if f is DISPLAY_NAME:
            return _Column(name, f, "display")
        if f.related:
            hop = f.related.split(".")[0]
            hop_field = self.registry.fields(model)[hop]
            return _Column(name, f, "related", f"t0.{self.registry.column(hop, hop_field)}")
        if f.type == "one2many":
            return _Column(name, f, "one2many")
        col = f"t0.{self.registry.column(name, f)}"
        if f.company_dependent:  # an unset value reads as 0.0, as Odoo's float fields do
            key = f'$."{int(company or 0)}"'
            return _Column(
                name,
                f,
                "scalar",
                f"coalesce(TRY_CAST(json_extract_string({col}, '{key}') AS DOUBLE), 0.0)",
            )
        if f.type == "datetime":
            return _Column(name, f, "scalar", f"strftime({col}, '%Y-%m-%d %H:%M:%S')")
        if f.type == "date":
            return _Column(name, f, "scalar", f"strftime({col}, '%Y-%m-%d')")
        if f.type == "many2many":
            # as text ('[1, 2]'): DuckDB converts LIST values to Python slowly (half the time
            # of a 2,000-line page); parsing the text back is ~10x cheaper
            return _Column(name, f, f.type, f"CAST({col} AS VARCHAR)")
        if f.type == "many2one":
            return _Column(name, f, f.type, col)
        return _Column(name, f, "scalar", col)

    def fetch(
        self,
        cur: duckdb.DuckDBPyConnection,
        model: str,
        columns: list[_Column],
        where: str,
        params: list[Any],
        joins: str = "",
        order_sql: str = "t0.id ASC",
        limit: int | None = None,
        offset: int | None = None,
        load: Any = "_classic_read",
    ) -> list[dict[str, Any]]:
        selected = [c for c in columns if c.select is not None]
        select = ", ".join(c.select for c in selected if c.select is not None)
        order = f" ORDER BY {order_sql}" if order_sql else ""
        sql = (
            f"SELECT {select} FROM {self.registry.table(model)} t0{joins} WHERE {where}"
            f"{order}{_limit(limit, offset)}"
        )
        rows = cur.execute(sql, params).fetchall()
        if not rows:
            return []
        classic = load == "_classic_read"
        position = {c.name: i for i, c in enumerate(selected)}
        inputs: list[Any] = []  # display-name dicts and precomputed columns, in builder order
        for c in columns:
            if c.kind == "many2one" and classic:
                assert c.field.relation is not None
                i = position[c.name]
                inputs.append(self.display_names(cur, c.field.relation, {r[i] for r in rows}))
            elif c.kind in ("one2many", "display", "related"):
                raw = [r[position[c.name]] for r in rows] if c.name in position else None
                inputs.append(self._wire(cur, model, c, raw, [r[0] for r in rows], load))
        return _builder(columns, position, classic)(rows, *inputs)

    def read_ids(
        self,
        cur: duckdb.DuckDBPyConnection,
        model: str,
        ids: Iterable[int],
        columns: list[_Column],
        load: Any = "_classic_read",
    ) -> list[dict[str, Any]]:
        """Rows of the given ids in the given order; missing ids are skipped (as Odoo does)."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return []
        where, params = _where(wanted)
        rows = self.fetch(cur, model, columns, where, params, order_sql="", load=load)
        by_id = {r["id"]: r for r in rows}
        return [by_id[i] for i in wanted if i in by_id]

    def _wire(
        self,
        cur: duckdb.DuckDBPyConnection,
        model: str,
        col: _Column,
        raw: Sequence[Any] | None,
        ids: Sequence[int],
        load: Any,
    ) -> Sequence[Any]:
        """Wire values of a column that needs other tables: one2many, display_name, related."""
        if col.kind == "one2many":
            return self._one2many(cur, col.field, ids)
        if col.kind == "display":
            names = self.display_names(cur, model, ids)
            return [names.get(i, "") for i in ids]
        assert raw is not None and col.field.related is not None
        return self._related(cur, model, col, raw, load)

    def _one2many(
        self, cur: duckdb.DuckDBPyConnection, f: Field, ids: Sequence[int]
    ) -> list[list[int]]:
        assert f.relation is not None and f.inverse is not None
        inv = self.registry.column(f.inverse, self.registry.fields(f.relation)[f.inverse])
        sql = (
            f"SELECT {inv}, list(id ORDER BY id) FROM {self.registry.table(f.relation)} "
            f"WHERE {inv} BETWEEN ? AND ? AND {inv} IN (SELECT unnest(CAST(? AS BIGINT[]))) "
            f"GROUP BY {inv}"
        )
        children = dict(cur.execute(sql, [min(ids), max(ids), list(ids)]).fetchall())
        return [list(children.get(i, ())) for i in ids]

    def _related(
        self,
        cur: duckdb.DuckDBPyConnection,
        model: str,
        col: _Column,
        hops: Sequence[Any],
        load: Any,
    ) -> list[Any]:
        assert col.field.related is not None
        first, _, rest = col.field.related.partition(".")
        comodel = self.registry.fields(model)[first].relation
        assert comodel is not None
        values = self.values(cur, comodel, {h for h in hops if h is not None}, rest, load)
        empty: Any = [] if col.field.type in ("one2many", "many2many") else False
        return [values.get(h, empty) if h is not None else empty for h in hops]

    def values(
        self,
        cur: duckdb.DuckDBPyConnection,
        model: str,
        records: Records,
        path: str,
        load: Any = "_classic_read",
    ) -> dict[int, Any]:
        """Wire values of a (dotted) field path for some records (ids, an id range, or all)."""
        name, _, rest = path.partition(".")
        f = self.registry.field(model, name)
        assert f is not None, f"{model}.{name}"
        if rest:
            assert f.relation is not None
            hop = self.values(cur, model, records, name, load=None)
            targets = self.values(cur, f.relation, {v for v in hop.values() if v}, rest, load)
            return {i: targets.get(v, False) for i, v in hop.items() if v}
        columns = [_Column("id", self.registry.fields(model)["id"], "id", "t0.id")]
        if name != "id":
            columns.append(self._column(model, name, f))
        if records is not None and not isinstance(records, range) and not records:
            return {}
        where, params = _where(records)
        rows = self.fetch(cur, model, columns, where, params, order_sql="", load=load)
        return {r["id"]: r[name] for r in rows}

    def display_names(
        self, cur: duckdb.DuckDBPyConnection, model: str, ids: Iterable[Any]
    ) -> dict[int, str]:
        """id -> display name (as superuser and including archived records, like Odoo).

        Small models are cached whole; big ones (orders, lines) by blocks of consecutive ids,
        since a keyset page of lines refers to a narrow band of orders."""
        generation = self.generation
        if self._row_count(cur, model) <= SMALL_MODEL_ROWS:
            cached = self._display_cache.get(model)
            if cached is None or cached[0] != generation:
                cached = (generation, self._compute_names(cur, model, None))
                self._display_cache[model] = cached
            return cached[1]
        wanted = {i for i in ids if i is not None}
        blocks = sorted({i // NAME_BLOCK for i in wanted})
        if len(blocks) > 4:  # scattered ids: one query for exactly those
            return self._compute_names(cur, model, wanted)
        result: dict[int, str] = {}
        for block in blocks:
            result.update(self._name_block(cur, model, block, generation))
        return result

    def _name_block(
        self, cur: duckdb.DuckDBPyConnection, model: str, block: int, generation: int
    ) -> dict[int, str]:
        key = (model, block)
        with self._blocks_lock:
            cached = self._blocks.get(key)
            if cached is not None and cached[0] == generation:
                self._blocks.move_to_end(key)
                return cached[1]
        start = block * NAME_BLOCK
        names = self._compute_names(cur, model, range(start, start + NAME_BLOCK))
        with self._blocks_lock:
            self._blocks[key] = (generation, names)
            while len(self._blocks) > NAME_BLOCKS_KEPT:
                self._blocks.popitem(last=False)
        return names

    def _compute_names(
        self, cur: duckdb.DuckDBPyConnection, model: str, records: Records
    ) -> dict[int, str]:
        rec = self.registry.model(model).rec_name
        if rec == "display_name":  # product.product: "[code] name"
            names = self.values(cur, model, records, "name")
            codes = self.values(cur, model, records, "default_code")
            return {
                i: f"[{codes[i]}] {n or ''}" if codes.get(i) else (n or "")
                for i, n in names.items()
            }
        if rec == "id":
            found = self.values(cur, model, records, "id")
            return {i: f"{model},{i}" for i in found}
        return {i: v or "" for i, v in self.values(cur, model, records, rec).items()}

    def _row_count(self, cur: duckdb.DuckDBPyConnection, model: str) -> int:
        cached = self._count_cache.get(model)
        if cached is None or cached[0] != self.generation:
            generation = self.generation
            count = cur.execute(f"SELECT count(*) FROM {self.registry.table(model)}").fetchall()[0][
                0
            ]
            cached = self._count_cache[model] = (generation, count)
        return cached[1]

    def user_tz(self, uid: int) -> str:
        # fetchall, not fetchone: DuckDB keeps a half-read result open and blocks the cursor
        sql = f"SELECT {quote('tz')} FROM res_users WHERE id = ?"
        rows = self.cursor().execute(sql, [uid]).fetchall()
        return rows[0][0] if rows and rows[0][0] else self.default_tz

    def current_company(self, call: Call) -> int | None:
        """Odoo's env.company: the first allowed company of the context, else the user's."""
        allowed = call.context.get("allowed_company_ids")
        if isinstance(allowed, list | tuple) and allowed:
            if not set(allowed) <= self.user_companies(call.user.uid):
                raise AccessError("Access to unauthorized or invalid companies.")
            return int(allowed[0])
        sql = "SELECT company_id FROM res_users WHERE id = ?"
        rows = self.cursor().execute(sql, [call.user.uid]).fetchall()
        return rows[0][0] if rows else None

    def user_companies(self, uid: int) -> set[int]:
        sql = "SELECT company_id, company_ids FROM res_users WHERE id = ?"
        rows = self.cursor().execute(sql, [uid]).fetchall()
        if not rows:
            return set()
        return {c for c in [rows[0][0], *(rows[0][1] or [])] if c is not None}


# records to read: ids, a range of ids, or None for all
Records = Iterable[int] | range | None


def _where(records: Records) -> tuple[str, list[Any]]:
    """SQL selecting records; id bounds let DuckDB skip row groups by their min/max."""
    if records is None:
        return "TRUE", []
    if isinstance(records, range):
        return "t0.id BETWEEN ? AND ?", [records.start, records.stop - 1]
    ids = list(records)
    return (
        "t0.id BETWEEN ? AND ? AND t0.id IN (SELECT unnest(CAST(? AS BIGINT[])))",
        [min(ids), max(ids), ids],
    )


_OPERATIONS = ("read", "write", "create", "unlink")


_BUILDERS: dict[tuple[Any, ...], Callable[..., list[dict[str, Any]]]] = {}
_loads = json.loads if orjson is None else orjson.loads


def _builder(
    columns: list[_Column], position: dict[str, int], classic: bool
) -> Callable[..., list[dict[str, Any]]]:
    """A function turning fetched rows into Odoo's row dicts in one pass.

    Generated per column layout: one dict display per row with the None -> False and
    many2one -> [id, name] conversions inline is ~3x faster than converting column by column
    and zipping into dicts, which matters for 2,000-row pages. Names are from the schema."""
    key = (tuple((c.name, c.kind, position.get(c.name)) for c in columns), classic)
    builder = _BUILDERS.get(key)
    if builder is not None:
        return builder
    params: list[str] = []
    extras: list[str] = []
    items: list[str] = []
    for c in columns:
        i = position.get(c.name)
        if c.kind == "id":
            expr = f"r[{i}]"
        elif c.kind == "many2one" and classic:
            params.append(f"n{len(params)}")
            expr = f'(F if (v := r[{i}]) is None else [v, {params[-1]}.get(v, "")])'
        elif c.kind == "many2many":
            expr = f"([] if (v := r[{i}]) is None else loads(v))"
        elif c.kind in ("one2many", "display", "related"):
            params.append(f"c{len(params)}")
            extras.append(params[-1])
            expr = f"x{len(extras) - 1}"
        else:
            expr = f"(F if (v := r[{i}]) is None else v)"
        items.append(f"{c.name!r}: {expr}")
    loop = "r in rows"
    if extras:
        names = ", ".join(f"x{k}" for k in range(len(extras)))
        loop = f"(r, {names}) in zip(rows, {', '.join(extras)})"
    source = (
        f"def build(rows, {', '.join(params)}):\n"
        "    F = False\n"
        f"    return [{{{', '.join(items)}}} for {loop}]\n"
    )
    namespace: dict[str, Any] = {"loads": _loads}
    exec(source, namespace)  # generated from schema field names only
    builder = namespace["build"]
    if len(_BUILDERS) < 512:
        _BUILDERS[key] = builder
    return builder


def _ids(value: Any) -> list[int]:
    values = value if isinstance(value, list | tuple) else [value]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise InvalidValue(f"Invalid record ids {value!r}")
    return list(values)


def _int(value: Any) -> int | None:
    if value is None or value is False:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(f"Invalid integer {value!r}")
    return value


def _limit(limit: int | None, offset: int | None) -> str:
    sql = f" LIMIT {int(limit)}" if limit else ""
    return sql + (f" OFFSET {int(offset)}" if offset else "")
