"""Shared machinery of the demo data generator: random streams, the business calendar,
vectorised helpers and the DuckDB table writer."""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import numpy as np
import pyarrow as pa

from nkdash_desktop.demo.schema import MODELS, Field, Flavour

SECOND = np.timedelta64(1, "s")
MINUTE = np.timedelta64(60, "s")
HOUR = np.timedelta64(3600, "s")
DAY = np.timedelta64(86400, "s")
NAT = np.datetime64("NaT", "s")


def stream(seed: int, name: str) -> np.random.Generator:
    """An independent random stream per concern, so that e.g. switching an option on does not
    reshuffle the POS orders."""
    key = zlib.crc32(name.encode())
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(key,))))


class Streams:
    """A random stream per draw, named: a draw never shifts another. With draws made in id
    order, records that exist at an earlier `now` get the same values whatever is drawn after
    them (today's later orders), so the history does not depend on the clock."""

    def __init__(self, seed: int, concern: str) -> None:
        self.seed, self.concern = seed, concern

    def __call__(self, name: str) -> np.random.Generator:
        return stream(self.seed, f"{self.concern}/{name}")


@dataclass(frozen=True)
class Calendar:
    """Business days (local calendar days) and their UTC boundaries."""

    start: date
    days: int
    now: np.datetime64  # naive UTC, seconds
    midnight: np.ndarray  # UTC of local midnight for day 0..days (one extra: end of last day)

    @classmethod
    def build(cls, start: date, days: int, tz: str, now: datetime) -> Calendar:
        zone = ZoneInfo(tz)
        mids = [
            datetime.combine(start + timedelta(days=d), datetime.min.time(), zone)
            .astimezone(UTC)
            .replace(tzinfo=None)
            for d in range(days + 2)
        ]
        return cls(start, days, np.datetime64(now, "s"), np.array(mids, dtype="datetime64[s]"))

    @property
    def dates(self) -> np.ndarray:
        return np.datetime64(self.start, "D") + np.arange(self.days)

    @property
    def weekday(self) -> np.ndarray:  # Monday = 0
        return (np.arange(self.days) + self.start.weekday()) % 7

    def at(self, day: np.ndarray, seconds: np.ndarray) -> np.ndarray:
        """UTC timestamps of local `seconds` after midnight of business `day` (may exceed 24 h)."""
        return self.midnight[day] + np.asarray(seconds).astype("timedelta64[s]")

    def day_of(self, ts: np.ndarray) -> np.ndarray:
        """Business day index of UTC timestamps."""
        return np.searchsorted(self.midnight, ts, side="right") - 1

    def cap(self, ts: np.ndarray) -> np.ndarray:
        return np.minimum(ts, self.now)


class Sampler:
    """Draws indices with fixed probabilities through a lookup table (fast for millions)."""

    def __init__(self, weights) -> None:
        weights = np.asarray(weights, dtype=np.float64)
        # a fine table for long lists (products), a small one for a handful of choices
        self.bits = 20 if len(weights) > 256 else 12
        cdf = np.cumsum(weights)
        cdf /= cdf[-1]
        grid = (np.arange(1 << self.bits) + 0.5) / (1 << self.bits)
        self.table = np.minimum(np.searchsorted(cdf, grid), len(cdf) - 1).astype(np.int32)

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.take(self.table, rng.integers(0, 1 << self.bits, n, dtype=np.uint32))


def group_arange(counts: np.ndarray) -> np.ndarray:
    """0..count-1 for each group, concatenated."""
    counts = np.asarray(counts, dtype=np.int64)
    starts = np.cumsum(counts) - counts
    return np.arange(counts.sum(), dtype=np.int64) - np.repeat(starts, counts)


def running_number(groups: np.ndarray, n_groups: int) -> np.ndarray:
    """1, 2, 3, ... within each group, in array order (for per-sequence names)."""
    order = np.argsort(groups, kind="stable")
    counts = np.bincount(groups, minlength=n_groups)
    out = np.empty(len(groups), dtype=np.int64)
    out[order] = group_arange(counts) + 1
    return out


def round2(x: np.ndarray) -> np.ndarray:
    """To the cent, halves away from zero as Odoo's float_round does (numpy's round goes to the
    even cent: 0.505 would become 0.50 where Odoo writes 0.51). The nudge of a few ulps makes
    a product like 0.5 x 1.01, stored as 0.50499999..., a half as Odoo counts it."""
    scaled = np.abs(np.asarray(x, dtype=np.float64)) * 100.0
    nudged = scaled + np.maximum(scaled, 1.0) * 2.0**-50
    return np.copysign(np.floor(nudged + 0.5), x) / 100.0


# --- strings ----------------------------------------------------------------------------------

_DIGITS4 = np.frombuffer(b"".join(f"{i:04d}".encode() for i in range(10000)), dtype=np.uint32)


def codes(prefix: str, nums: np.ndarray, width: int) -> pa.Array:
    """prefix + zero-padded number for every row (e.g. "WH/IN/00042"), built without Python
    loops; numbers wider than `width` keep their extra digits."""
    nums = np.asarray(nums)
    if len(nums) == 0:
        return pa.array([], type=pa.string())
    width = max(width, len(str(int(nums.max()))))
    pre = prefix.encode()
    nw = (width + 3) // 4
    x = nums.astype(np.int32 if nums.max() < 2**31 else np.int64)
    if len(pre) % 4 == 0 and width % 4 == 0:
        # word-aligned: write whole uint32 words, no byte shuffling
        pw = len(pre) // 4
        words = np.empty((len(nums), pw + nw), dtype=np.uint32)
        words[:, :pw] = np.frombuffer(pre, dtype=np.uint32)
        for k in range(pw + nw - 1, pw - 1, -1):
            x, r = np.divmod(x, 10000)
            words[:, k] = _DIGITS4[r]
        buf = words.view(np.uint8)
    else:
        words = np.empty((len(nums), nw), dtype=np.uint32)
        for k in range(nw - 1, -1, -1):
            x, r = np.divmod(x, 10000)
            words[:, k] = _DIGITS4[r]
        buf = np.empty((len(nums), len(pre) + width), dtype=np.uint8)
        buf[:, : len(pre)] = np.frombuffer(pre, dtype=np.uint8)
        buf[:, len(pre) :] = words.view(np.uint8).reshape(len(nums), 4 * nw)[:, 4 * nw - width :]
    row = buf.shape[1]
    offsets = np.arange(0, len(nums) * row + 1, row, dtype=np.int32)
    return pa.StringArray.from_buffers(
        len(nums), pa.py_buffer(offsets), pa.py_buffer(buf.reshape(-1))
    )


def codes_by(prefixes: list[str], which: np.ndarray, nums: np.ndarray, width: int) -> pa.Array:
    """Like `codes` with a per-row prefix chosen from a short list."""
    if len(which) == 0:
        return pa.array([], type=pa.string())
    parts, index = [], []
    for k, prefix in enumerate(prefixes):
        rows = np.flatnonzero(which == k)
        parts.append(codes(prefix, nums[rows], width))
        index.append(rows)
    order = np.argsort(np.concatenate(index), kind="stable")
    return pa.concat_arrays(parts).take(pa.array(order))


def pick(strings: list[str | None], idx: np.ndarray) -> pa.Array:
    """strings[idx] for every row as a dictionary array (no per-row string copies); idx < 0
    gives NULL."""
    idx = np.asarray(idx)
    indices = pa.array(idx.astype(np.int32), mask=idx < 0)
    return pa.DictionaryArray.from_arrays(indices, pa.array(strings, type=pa.string()))


def single_lists(values: np.ndarray) -> pa.Array:
    """A many2many column with exactly one id per row."""
    n = len(values)
    return pa.ListArray.from_arrays(
        pa.array(np.arange(n + 1, dtype=np.int32)), pa.array(np.asarray(values, dtype=np.int64))
    )


# --- the table writer -------------------------------------------------------------------------

_DUCK = {
    "char": "VARCHAR",
    "text": "VARCHAR",
    "html": "VARCHAR",
    "selection": "VARCHAR",
    "integer": "BIGINT",
    "float": "DOUBLE",
    "monetary": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "many2one": "BIGINT",
    "many2many": "BIGINT[]",
}
_ARROW = {
    "VARCHAR": pa.string(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("s"),
    "BIGINT[]": pa.list_(pa.int64()),
}


def stored_columns(flavour: Flavour, model: str) -> dict[str, tuple[str, Field]]:
    """column name -> (field name, field) for every field with storage in this flavour."""
    return {
        (f.column or name): (name, f)
        for name, f in flavour.fields(model).items()
        if f.related is None and f.inverse is None
    }


class TableWriter:
    """Creates one table per model and loads typed columns into it.

    Column values may be numpy arrays (many2one: 0 = NULL; datetimes: NaT = NULL), Python
    lists, pyarrow arrays (e.g. dictionary-encoded strings) or a scalar broadcast to every row.
    Columns of fields this flavour lacks are dropped, unknown columns are an error.

    Loading runs on one background thread with its own cursor, so that DuckDB ingests a table
    while numpy builds the next one; `close()` waits for it and re-raises its errors. Each
    model is loaded at most once, so the order of loads does not change the data.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, flavour: Flavour) -> None:
        self.con = con
        self.flavour = flavour
        self.models = flavour.models()
        self.columns = {m: stored_columns(flavour, m) for m in self.models}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-loader")
        self._cursor = con.cursor()
        self._jobs: list[Future] = []

    def create_all(self) -> None:
        for name, model in self.models.items():
            cols = []
            for col, (fname, f) in self.columns[name].items():
                ddl = f'"{col}" {"VARCHAR" if f.company_dependent else _DUCK[f.type]}'
                if f.type == "boolean":  # Odoo booleans are never NULL
                    ddl += " NOT NULL DEFAULT " + ("true" if fname == "active" else "false")
                if col == "id":
                    ddl += " NOT NULL"
                cols.append(ddl)
            self.con.execute(f'CREATE OR REPLACE TABLE "{model.table}" ({", ".join(cols)})')

    def insert(self, model: str, values: Mapping[str, Any], rows: int | None = None) -> int:
        """Queue the rows for loading; returns their number. A value may be a callable that
        builds the column on the loader thread (then pass `rows`). The caller must not modify
        the arrays afterwards."""
        if model not in self.models:
            return 0
        table_cols = self.columns[model]
        every = {(f.column or n) for n, f in MODELS[model].fields.items()}
        sized = [v for v in values.values() if not _is_scalar(v) and not callable(v)]
        n = rows if rows is not None else (len(sized[0]) if sized else 1)
        kept = {}
        for col, value in values.items():
            if col in table_cols:
                if not (_is_scalar(value) or callable(value)) and len(value) != n:
                    raise ValueError(f"{model}.{col}: {len(value)} values for {n} rows")
                kept[col] = value
            elif col not in every:
                raise KeyError(f"{model} has no column {col!r}")
            # else: a field of another flavour or option
        if n:
            self._jobs.append(self._pool.submit(self._load, model, kept, n))
        return n

    def _load(self, model: str, values: dict[str, Any], n: int) -> None:
        table_cols = self.columns[model]
        arrays = {}
        for col in list(values):
            value = values.pop(col)
            arrays[col] = _to_arrow(value() if callable(value) else value, table_cols[col][1], n)
            del value
            if len(arrays[col]) != n:
                raise ValueError(f"{model}.{col}: {len(arrays[col])} values for {n} rows")
        src = pa.table(arrays)
        del arrays
        select = ", ".join(f'"{c}"' for c in src.column_names)
        cur = self._cursor
        cur.register("_demo_src", src)
        try:
            cur.execute(
                f'INSERT INTO "{self.models[model].table}" BY NAME SELECT {select} FROM _demo_src'
            )
        finally:
            cur.unregister("_demo_src")

    def wait(self) -> None:
        """Block until every queued load is done (bounds memory: their arrays are freed)."""
        for job in self._jobs:
            job.result()

    def close(self) -> None:
        """Wait for every queued load; raise the first error."""
        try:
            for job in self._jobs:
                job.result()
        finally:
            self._jobs.clear()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._cursor.close()


def _is_scalar(v: Any) -> bool:
    return v is None or isinstance(v, str | int | float | bool | np.generic)


def _to_arrow(value: Any, f: Field, n: int) -> pa.Array:
    typ = _ARROW[_DUCK[f.type]]
    if isinstance(value, pa.Array | pa.ChunkedArray):
        return value
    if _is_scalar(value):
        if value is None:
            return pa.nulls(n, type=typ)
        if isinstance(value, str):
            return pa.DictionaryArray.from_arrays(
                pa.array(np.zeros(n, dtype=np.int8)), pa.array([value])
            )
        value = np.full(n, value)
    if isinstance(value, np.ndarray):
        if f.type == "many2one":
            v = value.astype(np.int64, copy=False)
            return pa.array(v, mask=v <= 0) if len(v) and v.min() <= 0 else pa.array(v)
        if f.type in ("datetime", "date"):
            v = value.astype(
                "datetime64[s]" if f.type == "datetime" else "datetime64[D]", copy=False
            )
            nat = np.isnat(v)
            return pa.array(v, type=typ, mask=nat) if nat.any() else pa.array(v, type=typ)
        if f.type in ("char", "text", "html", "selection") and value.dtype.kind in "OU":
            return pa.array(value.tolist(), type=typ)
        return pa.array(value, type=typ)
    return pa.array(list(value), type=typ)
