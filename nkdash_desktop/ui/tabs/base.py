"""What the tabs share: the dashboard state (lake, range, company, theme) and reloading.

A tab's data comes from jobs: a fetch run in a worker thread and a render run on the UI thread.
A reload starts all of a tab's first jobs at once and draws each as it comes in (the cards and
chart need not wait for a slower table); its later jobs (what the first figures do not need)
start only once every first job is drawn, so they never share the two query threads and the
cores with them. Results of an older reload are dropped and its later jobs never start, so a
quick succession of range changes only ever draws the latest range. A tab is reloaded when it is
shown and stale, so a range change costs only the visible tab's queries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb
import polars as pl
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QTableView, QVBoxLayout, QWidget

from nkdash_desktop.kpi.companies import (
    CurrencyGroup,
    chosen_group,
    company_currency,
    currency_groups,
    currency_symbol,
)
from nkdash_desktop.kpi.format import Currency
from nkdash_desktop.kpi.periods import Period
from nkdash_desktop.ui.runtime.context import AppContext
from nkdash_desktop.ui.runtime.tasks import Pools, run_task
from nkdash_desktop.ui.runtime.theme import Theme
from nkdash_desktop.ui.runtime.translation import translate
from nkdash_desktop.ui.widgets.empty import LOADING, EmptyState
from nkdash_desktop.ui.widgets.export_actions import ExportButton, install_export, table_heading
from nkdash_desktop.ui.widgets.history_banner import NotLoaded, export_refusal

if TYPE_CHECKING:
    from nkdash_desktop.kpi.source import KpiSource

log = logging.getLogger(__name__)
# what an empty table or chart of a range still loading says (not "nothing in this range")
NOT_LOADED = QT_TRANSLATE_NOOP(
    "Tab", "History still loading: the days of this range are not in the lake yet."
)


@dataclass(frozen=True)
class Query:
    period: Period
    company_id: int | None = None
    currency: str | None = None  # the charts' currency (code) when the companies have several


class Dashboard(QObject):
    """The state every tab reads; `message` reaches the status bar. While a history loads
    (the window's banner shows), `loading_history` is true and `not_loaded` tells the days it
    has not brought in yet."""

    message = Signal(str)

    def __init__(self, context: AppContext, pools: Pools, theme: Theme, query: Query) -> None:
        super().__init__()
        self.context, self.pools, self.theme, self.query = context, pools, theme, query
        self.source: KpiSource | None = None
        self.not_loaded: Callable[[], NotLoaded | None] = lambda: None
        self.loading_history: Callable[[], bool] = lambda: False
        self.companies = pl.DataFrame(
            schema={"company_id": pl.Int64, "name": pl.String, "currency_code": pl.String,
                    "currency_symbol": pl.String}
        )  # fmt: skip

    @property
    def symbol(self) -> str:
        return currency_symbol(self.companies, self.query.company_id)

    @property
    def currency(self) -> Currency:
        """The shown companies' currency (its symbol and decimals); Currency() when mixed."""
        return company_currency(self.companies, self.query.company_id)

    @property
    def chart_group(self) -> CurrencyGroup:
        """The companies a chart shows: the selection, or, when it has several currencies, the
        companies of the currency chosen in the range bar (a chart never adds two)."""
        return chosen_group(currency_groups(self.companies, self.query.company_id),
                            self.query.currency)  # fmt: skip

    @property
    def chart_note(self) -> str:
        """What a chart's title adds when the selection has several currencies: the currency
        whose companies it shows ("USD"; the switch's tooltip names them); '' otherwise."""
        if len(currency_groups(self.companies, self.query.company_id)) < 2:
            return ""
        return self.chart_group.currency.code or translate("Tab", "unknown currency")


Job = tuple[Callable[[], Any], Callable[[Any], None]]


class Tab(QWidget):
    title = ""  # its name in the code (QT_TRANSLATE_NOOP("Tabs", ...)); `label` shows it
    follows_currency = False  # its charts show one currency's companies (the range bar's switch)
    rendered = Signal()  # every job of the latest reload has been drawn

    def __init__(self, board: Dashboard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board = board
        self.stale = True
        self.loading = False
        self._generation = 0
        self.export_buttons: dict[str, ExportButton] = {}

    @property
    def label(self) -> str:
        """The tab's name in the operator's language."""
        return translate("Tabs", self.title)

    def exportable(
        self,
        table: QTableView,
        name: str,
        content: QWidget,
        *,
        ranged: bool = True,
        of_chart_group: bool = False,
        of_days: bool = True,
    ) -> QWidget:
        """`content` (the table or its empty-state stack) with "Export to Excel…" under it; the
        table's context menu gets the same action. `name` is marked
        QT_TRANSLATE_NOOP("Tables", ...) and keys `export_buttons`. The file holds what the table shows, headed
        by the company and period when the table is `ranged` (the run history is not), and by
        the currency's companies when it shows `of_chart_group` (the range bar's currency).
        A `ranged` table `of_days` (its figures add up the range's days; not a dated snapshot)
        is not exported while its range reaches days a history load has not brought in yet:
        `export_refusal` says why."""
        board = self.board

        def heading() -> str | list[str]:
            note = board.chart_note if of_chart_group else ""
            title = translate("Tab", "{tab}: {table}").format(
                tab=self.label, table=translate("Tables", name)
            ) + (f" ({note})" if note else "")
            return table_heading(title, board.companies, board.query) if ranged else title

        button = install_export(
            table,
            heading,
            currency_fn=lambda: board.chart_group.currency if of_chart_group else board.currency,
            timezone=lambda: board.context.timezone,
            refusal=self.export_refusal if ranged and of_days else None,
        )
        self.export_buttons[name] = button
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(content, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button)
        layout.addLayout(row)
        return box

    def export_refusal(self) -> str:
        """Why a table of the range shown cannot be exported now ('' when it can)."""
        return export_refusal(self.board.not_loaded(), self.board.query.period)

    def jobs(self) -> list[Job]:
        """The (fetch, render) pairs of a reload; none when the tab cannot load yet."""
        return []

    def later_jobs(self) -> list[Job]:
        """The (fetch, render) pairs fetched once every one of `jobs` is drawn (asked when the
        reload starts, so they read the same query)."""
        return []

    def empty_message(self, message: str) -> str:
        """`message` for an empty table or chart of the range shown, unless the range reaches
        days a history load has not brought in yet: then that. Asked when the reload starts
        (what the fetch reads holds at least the days loaded by then)."""
        missing, period = self.board.not_loaded(), self.board.query.period
        if missing is not None and missing.touches(period.start, period.end):
            return translate("Tab", NOT_LOADED)
        return message

    def reload(self) -> None:
        """Fetch every job's data in the workers and draw each as it arrives; `rendered` once
        the last is drawn."""
        jobs = self.jobs()
        if not jobs:
            return
        later = self.later_jobs()
        self.stale = False
        self.loading = True
        self._generation += 1
        generation = self._generation
        pending = [len(jobs)]

        def arrived() -> None:
            pending[0] -= 1
            if pending[0] > 0:
                return
            if later:  # the first figures are drawn: now what they did not need
                stage = later.copy()
                later.clear()
                start(stage)
                return
            self.loading = False
            self.rendered.emit()

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return  # an older range: a newer reload is on its way
            log.error("%s: loading failed: %s", self.title, exc, exc_info=exc)
            self.board.message.emit(
                translate("Tab", "{tab}: could not load ({reason})").format(
                    tab=self.label, reason=exc
                )
            )
            arrived()

        def start(stage: list[Job]) -> None:
            pending[0] = len(stage)
            for fetch, render in stage:

                def done(data: Any, render: Callable[[Any], None] = render) -> None:
                    if generation != self._generation:
                        return
                    try:
                        render(data)
                    finally:
                        arrived()

                run_task(fetch, done, failed, pool=self.board.pools.queries, owner=self)

        start(jobs)

    def show_loading(self) -> None:
        """Put "Loading…" over the tab's charts and tables: drawing the old range first would
        cost a redraw of each, just to be replaced."""
        for stack in self.findChildren(EmptyState):
            stack.show_message(LOADING)

    def set_theme(self, theme: Theme) -> None:
        """Restyle; the tab's data is drawn again on its next reload."""
        self.stale = True


class KpiTab(Tab):
    """A tab over the lake: its fetches get a cursor of the shared catalog and the query."""

    def kpi_jobs(self) -> list[tuple[Callable[[duckdb.DuckDBPyConnection, Query], Any],
                                     Callable[[Any, Query], None]]]:  # fmt: skip
        """The (fetch(con, query), render(data, query)) pairs of the tab."""
        return []

    def kpi_later_jobs(self) -> list[tuple[Callable[[duckdb.DuckDBPyConnection, Query], Any],
                                           Callable[[Any, Query], None]]]:  # fmt: skip
        """The (fetch(con, query), render(data, query)) pairs fetched once `kpi_jobs` are drawn."""
        return []

    def jobs(self) -> list[Job]:
        return self._bound(self.kpi_jobs)

    def later_jobs(self) -> list[Job]:
        return self._bound(self.kpi_later_jobs)

    def _bound(self, kpi_jobs: Callable[[], list]) -> list[Job]:
        """`kpi_jobs`' pairs bound to a cursor of the lake and the query of now."""
        source, query = self.board.source, self.board.query
        if source is None:
            return []
        out: list[Job] = []
        for fetch, render in kpi_jobs():

            def run(fetch: Callable[..., Any] = fetch) -> Any:
                with source.cursor() as con:
                    return fetch(con, query)

            out.append((run, lambda data, render=render: render(data, query)))
        return out
