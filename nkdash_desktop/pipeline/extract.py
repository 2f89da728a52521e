"""Extract: Odoo -> raw layer, one (dataset, day) partition at a time.

Pages stream from Odoo straight into the partition's Parquet file (memory stays flat however big
the day), and the file replaces the previous version only when every page has arrived. A cancel
between batches, a network failure or a crash leaves the previous partition untouched.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import pyarrow.parquet as pq

from nkdash_desktop import clock
from nkdash_desktop.datasets.base import Dataset, RawTable, Scope
from nkdash_desktop.lake.files import StreamingWriter
from nkdash_desktop.lake.layout import RAW, LakeLayout
from nkdash_desktop.odoo.errors import MissingGroup
from nkdash_desktop.odoo.reader import OdooReader
from nkdash_desktop.odoo.rights import group_name
from nkdash_desktop.pipeline.control import CancelToken
from nkdash_desktop.pipeline.raw import raw_schema, records_to_table
from nkdash_desktop.pipeline.shared_reads import SharedReads

log = logging.getLogger(__name__)
T = TypeVar("T")
_DONE = object()


def prefetch(pages: Iterator[T]) -> Iterator[T]:
    """Fetch the next page in a helper thread while the caller converts and writes this one:
    the network wait (which releases the GIL) overlaps the CPU work. Errors surface in the
    caller; a caller that stops early (cancel) stops the fetching."""
    slot: queue.Queue[Any] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def produce() -> None:
        try:
            for page in pages:
                while not stop.is_set():
                    try:
                        slot.put(page, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            item: Any = _DONE
        except BaseException as exc:  # handed to the consumer, raised there
            item = exc
        while not stop.is_set():
            try:
                slot.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    thread = threading.Thread(target=produce, name="nkdash-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            item = slot.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


@dataclass
class TableResult:
    table: str
    rows: int
    path: Path | None  # None: the model does not exist on this server


@dataclass
class ExtractResult:
    dataset: str
    day: date | None
    tables: list[TableResult] = field(default_factory=list)
    requests: int = 0
    bytes: int = 0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


class Extractor:
    """Extracts partitions through one connected client; remembers per-run server facts
    (which models and fields exist) so they cost one request per model per run."""

    def __init__(
        self,
        client: OdooReader,
        layout: LakeLayout,
        *,
        timezone: str,
        company_id: int | None = None,
        cancel: CancelToken | None = None,
        shared: SharedReads | None = None,
    ) -> None:
        """`shared`: the run's reads that serve two datasets (one Odoo read for both); the
        runner tells it when a partition ends."""
        self.client = client
        self.shared = shared
        self.layout = layout
        self.timezone = timezone
        self.company_id = company_id
        self.cancel = cancel or CancelToken()
        self._fields: dict[str, set[str]] = {}
        self._models: dict[str, bool] = {}
        self._groups: dict[str, bool] = {}  # dataset -> the user has one of its groups
        self._companies: list[int] | None = None  # the companies a per-company table reads
        self.fact_requests = 0  # the server facts' requests so far (see _server_facts)

    @property
    def source(self) -> dict[str, str]:
        c = self.client
        return {
            "url": c.connection.url,
            "database": c.connection.database,
            "server_version": str(c.odoo_version),
        }

    def _check_groups(self, dataset: Dataset) -> None:
        """Refuse, up front, a dataset whose records Odoo would hide from this user."""
        if not dataset.needs_group:
            return
        if dataset.name not in self._groups:
            with self._server_facts():
                self._groups[dataset.name] = self.client.has_any_group(dataset.needs_group)
        if not self._groups[dataset.name]:
            group = group_name(dataset.needs_group[0], self.client.version)
            raise MissingGroup(self.client.connection.login, group, dataset.description)

    def _has_model(self, model: str) -> bool:
        if model not in self._models:
            with self._server_facts():
                self._models[model] = self.client.model_exists(model)
        return self._models[model]

    def _usable_companies(self) -> list[int]:
        """The configured company, else every company the user may use."""
        if self._companies is None:
            if self.company_id:
                self._companies = [self.company_id]
            else:
                with self._server_facts():
                    self._companies = [int(c["id"]) for c in self.client.companies()]
        return self._companies

    def _available(self, model: str) -> set[str]:
        if model not in self._fields:
            with self._server_facts():
                fields = self.client.fields_get(model, site=f"fields_get.{model}")
            self._fields[model] = set(fields)
        return self._fields[model]

    @contextlib.contextmanager
    def _server_facts(self) -> Iterator[None]:
        """Requests for server facts are the worker's set-up, paid once per run and model:
        counted apart, so a partition's request count (the plan's estimate) is its data's."""
        before = self.client.stats.totals()["requests"]
        try:
            yield
        finally:
            self.fact_requests += int(self.client.stats.totals()["requests"] - before)

    def _odoo_fields(self, table: RawTable) -> dict[str, str]:
        """column -> the server's field name, leaving out optional columns it does not have."""
        version = self.client.odoo_version
        names = {col: version.field(table.model, col) for col in table.fields}
        if table.optional:
            available = self._available(table.model)
            names = {c: n for c, n in names.items() if c not in table.optional or n in available}
        return names

    def target(self, table: RawTable, dataset: Dataset, day: date | None) -> Path:
        if dataset.kind == "dimension":
            return self.layout.snapshot(RAW, table.name)
        assert day is not None
        return self.layout.day_partition(RAW, table.name, day)

    def extract(self, dataset: Dataset, day: date | None) -> ExtractResult:
        result = ExtractResult(dataset.name, day)
        before, facts_before = self.client.stats.totals(), self.fact_requests
        started = time.perf_counter()
        scope = Scope(day, self.timezone, self.client.odoo_version, self.company_id)
        extracted_at = clock.now()
        writers: list[StreamingWriter] = []
        try:
            self._check_groups(dataset)
            for table in dataset.tables:
                self.cancel.raise_if_cancelled()
                if table.requires_model and not self._has_model(table.model):
                    result.tables.append(TableResult(table.name, 0, None))
                    continue
                writer = self._taken(dataset, table, day) or self._extract_table(
                    dataset, table, scope, extracted_at
                )
                writers.append(writer)
                result.tables.append(TableResult(table.name, writer.rows, writer.dest))
            # every page is in: publish the partition's files together, their fsyncs overlapping
            with ThreadPoolExecutor(max(1, len(writers))) as pool:
                list(pool.map(StreamingWriter.commit, writers))
        except BaseException:
            for writer in writers:
                writer.abort()
            raise
        after = self.client.stats.totals()
        facts = self.fact_requests - facts_before
        result.requests = int(after["requests"] - before["requests"]) - facts
        result.bytes = int(after["bytes"] - before["bytes"])
        result.seconds = time.perf_counter() - started
        log.info(
            "extracted %s %s: %d rows, %d requests",
            dataset.name,
            day or "snapshot",
            result.rows,
            result.requests,
        )
        return result

    def _taken(self, dataset: Dataset, table: RawTable, day: date | None) -> StreamingWriter | None:
        """The table's rows from the file another dataset read for the day in this run (the
        same question to Odoo), copied into this table's partition; None: read it from Odoo."""
        if not (self.shared and table.read_with):
            return None
        reader, read_table = table.read_with
        source = self.shared.take(reader, read_table, day, self.cancel)
        if source is None:
            return None
        schema = raw_schema(table.columns)
        writer = StreamingWriter(self.target(table, dataset, day), schema)
        try:
            writer.write(pq.read_table(source).select(schema.names))
        except BaseException:
            writer.abort()
            raise
        log.info("%s %s: %s taken from %s's read", dataset.name, day, table.name, reader)
        return writer

    def _extract_table(
        self, dataset: Dataset, table: RawTable, scope: Scope, extracted_at: datetime
    ) -> StreamingWriter:
        names = self._odoo_fields(table)
        fields = table.columns  # the schema keeps every column
        schema = raw_schema(fields)
        context = {**table.context, "tz": self.timezone}
        # a per-company table asks once per company, that company first in the context
        readings: list[tuple[int | None, dict]] = [(None, context)]
        if table.per_company:
            readings = [
                (c, {**context, "allowed_company_ids": [c]}) for c in self._usable_companies()
            ]
        writer = StreamingWriter(self.target(table, dataset, scope.day), schema)
        try:
            for company, ctx in readings:
                pages = self.client.search_read_pages(
                    table.model,
                    table.domain(scope),
                    sorted(set(names.values())),
                    context=ctx,
                    site=f"{dataset.name}.{table.name}",
                )
                for page in prefetch(pages):
                    self.cancel.raise_if_cancelled()
                    if company is not None:
                        page = [{**r, "company_id": company} for r in page]
                    writer.write(
                        records_to_table(page, fields, self.source, schema, names, extracted_at)
                    )
        except BaseException:
            writer.abort()
            raise
        return writer  # committed by the caller with the partition's other files
