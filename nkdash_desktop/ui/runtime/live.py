"""Live today: the nightly sync covers up to yesterday, so today's cards come from Odoo's own
grouped totals, refreshed every few minutes in the Odoo worker while "today" is shown. When
Odoo cannot be reached the app says so and keeps showing the lake."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QTimer, Signal

from nkdash_desktop.errors import sentence
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.runtime.tasks import Pools, run_task
from nkdash_desktop.ui.runtime.translation import translate

if TYPE_CHECKING:  # the Odoo client is imported in the Odoo worker, off the window's start
    from nkdash_desktop.odoo.reader import OdooReader

log = logging.getLogger(__name__)
REFRESH_MS = 3 * 60 * 1000
UNREACHABLE = QT_TRANSLATE_NOOP("LiveToday", "Odoo unreachable: showing the lake")
NOT_CONFIGURED = QT_TRANSLATE_NOOP("LiveToday", "No Odoo connection set up: showing the lake")
# one quick retry: the next refresh is the real retry, and the banner should not wait for it
LIVE_RETRIES = {"max_retries": 1, "base_delay_s": 0.25}


class LiveToday(QObject):
    updated = Signal(object)  # the live_today frame
    offline = Signal(str)  # what the banner says

    def __init__(
        self,
        context: AppContext,
        pools: Pools,
        interval_ms: int = REFRESH_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.pools = context, pools
        self.company_id: int | None = None
        self.company_ids: list[int] = []  # the lake's companies: asked about when all are shown
        self.latest: pl.DataFrame | None = None
        self.problem: str | None = None  # the last failure's sentence
        self._client: OdooReader | None = None  # touched only by the Odoo worker thread
        self._busy = False
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.refresh)

    @property
    def active(self) -> bool:
        return self.timer.isActive()

    def start(self, company_id: int | None, company_ids: Sequence[int] = ()) -> None:
        """Show today live for this company (None: all of `company_ids`, each in its own
        currency): fetch now, then every few minutes."""
        if company_id != self.company_id:
            self.latest = None
        self.company_id = company_id
        self.company_ids = list(company_ids)
        self.timer.start()
        self.refresh()

    def stop(self) -> None:
        self.timer.stop()

    def refresh(self) -> None:
        if not self.context.configured:
            self.problem = translate("LiveToday", NOT_CONFIGURED)
            self.offline.emit(self.problem)
            return
        if self._busy:
            return
        self._busy = True
        company, everyone = self.company_id, list(self.company_ids)
        run_task(
            lambda: self._fetch(company, everyone),
            lambda frame: self._arrived(company, frame),
            self._failed,
            pool=self.pools.odoo,
            owner=self,
        )

    def _fetch(self, company_id: int | None, company_ids: list[int]) -> pl.DataFrame:
        """Odoo worker thread (which also imports the Odoo client, off the window's start)."""
        from nkdash_desktop.odoo.retry import RetryPolicy
        from nkdash_desktop.pipeline.live import live_today

        try:
            if self._client is None:
                self._client = self.context.open_client(retry_policy=RetryPolicy(**LIVE_RETRIES))
            day = today(self.context.timezone)
            return live_today(self._client, day, company_id, company_ids=company_ids)
        except BaseException:
            self._drop_client()  # reconnect next time: the server may have restarted
            raise

    def _drop_client(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                client.close()
            except Exception:  # closing a dead connection is best effort
                log.debug("closing the live client failed", exc_info=True)

    def _arrived(self, company_id: int | None, frame: pl.DataFrame) -> None:
        self._busy = False
        if company_id != self.company_id:
            self.refresh()  # the company changed while Odoo was answering
            return
        self.latest, self.problem = frame, None
        self.updated.emit(frame)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.problem = sentence(exc)
        log.warning("live figures unavailable: %s", self.problem)
        self.offline.emit(translate("LiveToday", UNREACHABLE))

    def close(self) -> None:
        self.stop()
        run_task(self._drop_client, lambda _: None, pool=self.pools.odoo)
