"""read_group (16-19) and formatted_read_group (19): SQL aggregation, Odoo's result shapes.

Date buckets honour `context['tz']` as Odoo does: a datetime is grouped by the local calendar
bucket, and the bucket's bounds are reported back as naive UTC (Jakarta's 26 Sep 2026 is
["2026-09-25 17:00:00", "2026-09-26 17:00:00")). Without a valid tz the buckets are UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from nkdash_desktop.demo.domain import AND, DomainCompiler, normalize
from nkdash_desktop.demo.engine import Call, Engine
from nkdash_desktop.demo.errors import InvalidValue
from nkdash_desktop.demo.schema import Field

GRANULARITIES = ("day", "week", "month", "quarter", "year")
NUMERIC = ("integer", "float", "monetary")
AGGREGATES = {
    "sum": "sum({})",
    "avg": "avg({})",
    "min": "min({})",
    "max": "max({})",
    "count": "count({})",
    "count_distinct": "count(DISTINCT {})",
    "bool_and": "bool_and({})",
    "bool_or": "bool_or({})",
    "array_agg": "list({})",
}


@dataclass
class GroupBy:
    spec: str  # as the caller wrote it: "date_order:day"
    name: str  # the field: "date_order"
    field: Field
    granularity: str | None
    sql: str = ""


@dataclass
class Aggregate:
    key: str  # result key: "amount_total" (read_group) or "amount_total:sum" (19)
    name: str
    function: str
    sql: str = ""


def group(engine: Engine, call: Call, kind: str, **kwargs: Any) -> list[dict[str, Any]]:
    if kind == "read_group":
        return _read_group(engine, call, **kwargs)
    return _formatted_read_group(engine, call, **kwargs)


def _read_group(
    engine: Engine,
    call: Call,
    domain: Any,
    fields: Any,
    groupby: Any,
    offset: Any,
    limit: Any,
    orderby: Any,
    lazy: Any,
) -> list[dict[str, Any]]:
    specs = [groupby] if isinstance(groupby, str) else list(dict.fromkeys(groupby or []))
    used = specs[:1] if lazy else specs
    groupbys = [_groupby(engine, call.model, s) for s in used]
    aggregates = _read_group_fields(engine, call.model, fields or [], {g.name for g in groupbys})
    count_key = f"{groupbys[0].name}_count" if lazy and groupbys else "__count"
    rows = _aggregate(engine, call, domain, groupbys, aggregates)
    rows = _sort(engine, rows, groupbys, aggregates, orderby, count_key)
    rows = _page(rows, offset, limit)
    tz = call.tz
    names = _group_names(engine, rows, groupbys)
    result = []
    for values, count, aggs in rows:
        group_row: dict[str, Any] = {}
        ranges: dict[str, Any] = {}
        sections: list[list[Any]] = []
        for gb, value in zip(groupbys, values, strict=True):
            wire, section, bounds = _describe(gb, value, tz, names[gb.spec])
            if gb.granularity:
                group_row[gb.spec] = wire[1] if wire else False
                ranges[gb.spec] = {"from": bounds[0], "to": bounds[1]} if bounds else False
            else:
                group_row[gb.spec] = wire
            sections.append(section)
        group_row[count_key] = count
        for agg, value in zip(aggregates, aggs, strict=True):
            group_row[agg.key] = _agg_value(agg, value)
        group_row["__domain"] = AND(*sections, list(domain or []))
        if ranges:
            group_row["__range"] = ranges
        if lazy and len(specs) > 1:
            group_row["__context"] = {"group_by": specs[1:]}
        result.append(group_row)
    return result


def _formatted_read_group(
    engine: Engine,
    call: Call,
    domain: Any,
    groupby: Any,
    aggregates: Any,
    having: Any,
    offset: Any,
    limit: Any,
    order: Any,
) -> list[dict[str, Any]]:
    specs = [groupby] if isinstance(groupby, str) else list(dict.fromkeys(groupby or []))
    groupbys = [_groupby(engine, call.model, s) for s in specs]
    wanted = [aggregates] if isinstance(aggregates, str) else list(aggregates or [])
    aggs = [_aggregate_spec(engine, call.model, a) for a in wanted if a != "__count"]
    rows = _aggregate(engine, call, domain, groupbys, aggs)
    if having:
        rows = [r for r in rows if _having(having, _agg_map(r, aggs))]
    rows = _sort(engine, rows, groupbys, aggs, order, "__count")
    rows = _page(rows, offset, limit)
    tz = call.tz
    names = _group_names(engine, rows, groupbys)
    result = []
    for values, count, agg_values in rows:
        group_row: dict[str, Any] = {}
        sections = []
        for gb, value in zip(groupbys, values, strict=True):
            wire, section, _bounds = _describe(gb, value, tz, names[gb.spec])
            group_row[gb.spec] = wire
            sections.append(section)
        group_row["__extra_domain"] = AND(*sections)
        by_key = {a.key: _agg_value(a, v) for a, v in zip(aggs, agg_values, strict=True)}
        for spec in wanted:
            group_row[spec] = count if spec == "__count" else by_key[spec]
        result.append(group_row)
    return result


# -- parsing ---------------------------------------------------------------------------------


def _groupby(engine: Engine, model: str, spec: Any) -> GroupBy:
    if not isinstance(spec, str):
        raise InvalidValue(f"Invalid groupby {spec!r}")
    name, _, granularity = spec.partition(":")
    field = engine.registry.field(model, name.strip())
    if field is None:
        raise InvalidValue(f"Invalid field {name!r} on model {model!r}")
    if not field.stored or field.type in ("one2many", "many2many", "text", "html"):
        raise InvalidValue(f"Field {model}.{name} is not groupable (not stored)")
    if field.type in ("date", "datetime"):
        granularity = granularity or "month"
        if granularity not in GRANULARITIES:
            raise InvalidValue(f"Invalid granularity {granularity!r} in groupby {spec!r}")
    elif granularity:
        raise InvalidValue(f"Granularity {granularity!r} needs a date field, not {spec!r}")
    return GroupBy(spec, name.strip(), field, granularity or None)


def _read_group_fields(
    engine: Engine, model: str, fields: Any, grouped: set[str]
) -> list[Aggregate]:
    result = []
    for spec in [fields] if isinstance(fields, str) else fields:
        if not isinstance(spec, str):
            raise InvalidValue(f"Invalid field specification {spec!r}")
        if spec == "__count":
            continue
        key, _, func = spec.partition(":")
        name = key
        if func and "(" in func:  # "alias:agg(field)"
            func, _, rest = func.partition("(")
            name = rest.rstrip(")")
        field = engine.registry.field(model, name)
        if field is None:
            raise InvalidValue(f"Invalid field {name!r} on model {model!r}")
        if not func:
            if name in grouped or field.type not in NUMERIC or not field.stored:
                continue  # Odoo only sums numeric fields by default
            func = "sum"
        if func not in AGGREGATES:
            raise InvalidValue(f"Invalid aggregation function {func!r}.")
        result.append(Aggregate(key, name, func))
    return result


def _aggregate_spec(engine: Engine, model: str, spec: Any) -> Aggregate:
    if not isinstance(spec, str) or ":" not in spec:
        raise InvalidValue(f"Invalid aggregate specification {spec!r}")
    name, _, func = spec.partition(":")
    if engine.registry.field(model, name) is None:
        raise InvalidValue(f"Invalid field {name!r} on model {model!r}")
    if func not in AGGREGATES:
        raise InvalidValue(f"Invalid aggregation function {func!r}.")
    return Aggregate(spec, name, func)


# -- SQL -------------------------------------------------------------------------------------

Row = tuple[tuple[Any, ...], int, tuple[Any, ...]]


def _aggregate(
    engine: Engine, call: Call, domain: Any, groupbys: list[GroupBy], aggs: list[Aggregate]
) -> list[Row]:
    compiler = DomainCompiler(engine.registry)
    where = compiler.where(call.model, engine.rules(call, domain), "t0", call.active_test)
    joins: dict[tuple[str, str], str] = {}
    tz = call.tz
    for gb in groupbys:
        col = _column(engine, call.model, gb.name, joins)
        if gb.field.type == "datetime":
            assert gb.granularity is not None
            local = f"timezone('{tz}', timezone('UTC', {col}))" if tz else col
            gb.sql = f"date_trunc('{gb.granularity}', {local})"
        elif gb.field.type == "date":
            gb.sql = f"CAST(date_trunc('{gb.granularity}', {col}) AS DATE)"
        else:
            gb.sql = col
    for agg in aggs:
        f = engine.registry.field(call.model, agg.name)
        if f is None or not f.stored or f.type in ("one2many", "many2many"):
            raise InvalidValue(f"Cannot aggregate field {agg.name!r} of model {call.model!r}")
        agg.sql = AGGREGATES[agg.function].format(_column(engine, call.model, agg.name, joins))
    join_sql = "".join(
        f" LEFT JOIN {engine.registry.table(model)} {alias} ON {alias}.id = {fk}"
        for (fk, model), alias in joins.items()
    )
    select = [gb.sql for gb in groupbys] + ["count(*)"] + [a.sql for a in aggs]
    group = f" GROUP BY {', '.join(str(i + 1) for i in range(len(groupbys)))}" if groupbys else ""
    sql = (
        f"SELECT {', '.join(select)} FROM {engine.registry.table(call.model)} t0{join_sql}"
        f" WHERE {where}{group}"
    )
    rows = engine.cursor().execute(sql, compiler.params).fetchall()
    n = len(groupbys)
    return [(tuple(r[:n]), r[n], tuple(r[n + 1 :])) for r in rows]


def _column(engine: Engine, model: str, name: str, joins: dict[tuple[str, str], str]) -> str:
    """SQL for a stored field, following a related field's many2one hops with joins."""
    f = engine.registry.field(model, name)
    assert f is not None
    alias = "t0"
    if f.related:
        *hops, last = f.related.split(".")
        for hop in hops:
            hop_field = engine.registry.fields(model)[hop]
            assert hop_field.relation is not None
            alias = engine._join(
                alias, engine.registry.column(hop, hop_field), hop_field.relation, joins
            )
            model = hop_field.relation
        return _column_at(engine, model, last, alias)
    return _column_at(engine, model, name, alias)


def _column_at(engine: Engine, model: str, name: str, alias: str) -> str:
    f = engine.registry.fields(model)[name]
    return f"{alias}.{engine.registry.column(name, f)}" if name != "id" else f"{alias}.id"


# -- ordering and paging -------------------------------------------------------------------


def _sort(
    engine: Engine,
    rows: list[Row],
    groupbys: list[GroupBy],
    aggs: list[Aggregate],
    order: Any,
    count_key: str,
) -> list[Row]:
    ranks = _many2one_ranks(engine, rows, groupbys)
    terms: list[tuple[Any, bool]] = []  # (key function, descending)
    spec = order or ",".join(g.spec for g in groupbys)
    if not isinstance(spec, str):
        raise InvalidValue(f"Invalid order {order!r}")
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, *rest = part.split()
        desc = bool(rest) and rest[0].lower() == "desc"
        terms.append((_sort_key(name, groupbys, aggs, count_key, ranks), desc))
    for key, desc in reversed(terms):  # stable sorts, last key first
        rows.sort(key=lambda r, k=key: _nulls(k(r)), reverse=desc)
    return rows


def _sort_key(
    name: str,
    groupbys: list[GroupBy],
    aggs: list[Aggregate],
    count_key: str,
    ranks: dict[int, dict[Any, int]],
) -> Any:
    if name in ("__count", count_key):
        return lambda r: r[1]
    for i, gb in enumerate(groupbys):
        if name in (gb.spec, gb.name):
            if i in ranks:
                return lambda r, i=i: ranks[i].get(r[0][i])
            return lambda r, i=i: r[0][i]
    for j, agg in enumerate(aggs):
        if name in (agg.key, agg.name):
            return lambda r, j=j: r[2][j]
    raise InvalidValue(f"Invalid order {name!r}: not a groupby or an aggregate")


def _nulls(value: Any) -> tuple[int, Any]:
    # PostgreSQL puts NULL last ascending and first descending: a (flag, value) pair does that
    if value is None:
        return (1, 0)
    return (0, value)


def _many2one_ranks(
    engine: Engine, rows: list[Row], groupbys: list[GroupBy]
) -> dict[int, dict[Any, int]]:
    """Many2one groups sort by the comodel's own order, as in Odoo."""
    ranks: dict[int, dict[Any, int]] = {}
    for i, gb in enumerate(groupbys):
        if gb.field.type != "many2one":
            continue
        assert gb.field.relation is not None
        ids = sorted({r[0][i] for r in rows if r[0][i] is not None})
        joins: dict[tuple[str, str], str] = {}
        order_sql = engine.order_by(gb.field.relation, None, "t0", joins)
        join_sql = "".join(
            f" LEFT JOIN {engine.registry.table(model)} {alias} ON {alias}.id = {fk}"
            for (fk, model), alias in joins.items()
        )
        sql = (
            f"SELECT t0.id FROM {engine.registry.table(gb.field.relation)} t0{join_sql}"
            f" WHERE t0.id IN (SELECT unnest(CAST(? AS BIGINT[]))) ORDER BY {order_sql}"
        )
        ordered = [r[0] for r in engine.cursor().execute(sql, [ids]).fetchall()]
        ranks[i] = {gid: n for n, gid in enumerate(ordered)}
    return ranks


def _page(rows: list[Row], offset: Any, limit: Any) -> list[Row]:
    start = offset if isinstance(offset, int) and offset > 0 else 0
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        return rows[start : start + limit]
    return rows[start:]


# -- formatting ------------------------------------------------------------------------------


def _describe(
    gb: GroupBy, value: Any, tz: str | None, names: dict[int, str]
) -> tuple[Any, list[Any], tuple[str, str] | None]:
    """(wire value, domain section, UTC bounds) of one group's key."""
    if value is None:
        return False, [(gb.name, "=", False)], None
    if gb.granularity:
        assert gb.granularity is not None
        start, end = _bounds(value, gb.granularity, gb.field.type, tz)
        section = ["&", (gb.name, ">=", start), (gb.name, "<", end)]
        return [start, _label(value, gb.granularity)], section, (start, end)
    if gb.field.type == "many2one":
        return [value, names.get(value, "")], [(gb.name, "=", value)], None
    return value, [(gb.name, "=", value)], None


def _group_names(
    engine: Engine, rows: list[Row], groupbys: list[GroupBy]
) -> dict[str, dict[int, str]]:
    """Display names of the many2one group keys: one lookup per groupby, not per group."""
    names: dict[str, dict[int, str]] = {}
    for i, gb in enumerate(groupbys):
        names[gb.spec] = {}
        if gb.field.type == "many2one":
            assert gb.field.relation is not None
            keys = {r[0][i] for r in rows if r[0][i] is not None}
            names[gb.spec] = engine.display_names(engine.cursor(), gb.field.relation, keys)
    return names


def _bounds(value: Any, granularity: str, ftype: str, tz: str | None) -> tuple[str, str]:
    if ftype == "date":
        start_day = value if isinstance(value, date) else value.date()
        return start_day.isoformat(), _add(start_day, granularity).isoformat()
    start = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    end = _add(start, granularity)
    if tz:
        zone = ZoneInfo(tz)
        start = start.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)
        end = end.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)
    return start.strftime("%Y-%m-%d %H:%M:%S"), end.strftime("%Y-%m-%d %H:%M:%S")


def _add(start: Any, granularity: str) -> Any:
    if granularity == "day":
        return start + timedelta(days=1)
    if granularity == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[granularity]
    month = start.month - 1 + months
    return start.replace(year=start.year + month // 12, month=month % 12 + 1, day=1)


def _label(value: Any, granularity: str) -> str:
    if granularity == "day":
        return value.strftime("%d %b %Y")
    if granularity == "week":
        year, week, _ = value.isocalendar()
        return f"W{week} {year}"
    if granularity == "month":
        return value.strftime("%B %Y")
    if granularity == "quarter":
        return f"Q{(value.month - 1) // 3 + 1} {value.year}"
    return str(value.year)


def _agg_value(agg: Aggregate, value: Any) -> Any:
    if value is None:
        return 0 if agg.function in ("sum", "count", "count_distinct") else False
    if isinstance(value, list):
        return [False if v is None else v for v in value]
    return value


def _agg_map(row: Row, aggs: list[Aggregate]) -> dict[str, Any]:
    values = {a.key: _agg_value(a, v) for a, v in zip(aggs, row[2], strict=True)}
    values["__count"] = row[1]
    return values


def _having(having: Any, values: dict[str, Any]) -> bool:
    tokens = normalize(list(having))

    def evaluate(i: int) -> tuple[bool, int]:
        token = tokens[i]
        if token == "!":
            result, nxt = evaluate(i + 1)
            return not result, nxt
        if token in ("&", "|"):
            left, nxt = evaluate(i + 1)
            right, nxt = evaluate(nxt)
            return (left and right) if token == "&" else (left or right), nxt
        key, op, right = token
        if key not in values:
            raise InvalidValue(f"Invalid having term {tuple(token)!r}: not an aggregate")
        return _compare(values[key], op, right), i + 1

    return evaluate(0)[0]


def _compare(left: Any, op: str, right: Any) -> bool:
    if op in ("in", "not in"):
        return (left in right) == (op == "in")
    comparisons = {
        "=": lambda: left == right,
        "!=": lambda: left != right,
        "<": lambda: left < right,
        "<=": lambda: left <= right,
        ">": lambda: left > right,
        ">=": lambda: left >= right,
    }
    if op not in comparisons:
        raise InvalidValue(f"Invalid operator {op!r} in having")
    return bool(comparisons[op]())
