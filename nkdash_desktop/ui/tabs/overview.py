"""Overview: what needs attention (yesterday's morning list), the KPI cards against the
previous period, revenue and profit per day, and the top products. When the range is today, the
cards show Odoo's live figures.

Companies in several currencies are never added: the cards show a line per currency, the top
products are ranked within each currency (with its code), and the chart draws the companies of
the currency chosen in the range bar, its title and series named with the currency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

import duckdb
import polars as pl
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from nkdash_desktop import clock
from nkdash_desktop.kpi.attention import Finding, attention, morning_day
from nkdash_desktop.kpi.columns import TOP_PRODUCTS
from nkdash_desktop.kpi.companies import (
    CurrencyGroup,
    chosen_group,
    companies,
    currency_groups,
    per_currency,
)
from nkdash_desktop.kpi.excel.report import company_label
from nkdash_desktop.kpi.format import Currency
from nkdash_desktop.kpi.live import live_summary
from nkdash_desktop.kpi.periods import Period, compared_with
from nkdash_desktop.kpi.sales import top_products
from nkdash_desktop.kpi.summary import Comparison, across_currencies, group_summary, totals_of
from nkdash_desktop.pipeline.days import today
from nkdash_desktop.ui.runtime.theme import Theme, style
from nkdash_desktop.ui.runtime.translation import translate
from nkdash_desktop.ui.tabs import OVERVIEW
from nkdash_desktop.ui.tabs.base import NOT_LOADED, Dashboard, KpiTab, Query
from nkdash_desktop.ui.widgets.attention_panel import AttentionPanel
from nkdash_desktop.ui.widgets.cards import CardRow
from nkdash_desktop.ui.widgets.charts import DayChart, Series
from nkdash_desktop.ui.widgets.empty import EmptyState
from nkdash_desktop.ui.widgets.history_banner import NotLoaded
from nkdash_desktop.ui.widgets.table import FrameTable

CHART_TITLE = QT_TRANSLATE_NOOP("Overview", "Revenue and gross profit per day")
NO_SALES = QT_TRANSLATE_NOOP("Overview", "No sales in the lake for this range.")
NO_SALES_TODAY = QT_TRANSLATE_NOOP(
    "Overview", "No sales in the lake for today yet: the nightly sync covers up to yesterday."
)


@dataclass(frozen=True)
class DailyView:
    """The range's days and cards from the lake, computed in the worker."""

    period: Period
    current: pl.DataFrame  # daily_totals of the range, of the chart's currency
    chart_currency: Currency  # the currency of the chart's companies
    mixed: bool  # the companies shown have several currencies
    comparison: Comparison  # the period compared with (of the chart's currency)
    has_previous: bool  # the lake has data for the period compared with, in some currency
    previous: list[tuple[CurrencyGroup, dict[str, float | None]]]  # each currency's totals
    summary: pl.DataFrame  # the cards: the range against the period compared with


def daily_view(con: duckdb.DuckDBPyConnection, q: Query, timezone: str) -> DailyView:
    """The range's days for the chart and the cards, against the period it compares with (a
    running today against yesterday up to the same time of day); once per currency."""
    now = clock.now().astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    groups = currency_groups(companies(con), q.company_id)
    cards, previous, comparisons, charts = [], [], [], []
    for group in groups:
        summary, other, current = group_summary(con, q.period, group, now)
        cards.append(summary)
        previous.append((group, totals_of(other.daily)))
        comparisons.append(other)
        charts.append(current)
    shown = groups.index(chosen_group(groups, q.currency))  # the chart's currency
    return DailyView(
        q.period, charts[shown], groups[shown].currency, len(groups) > 1, comparisons[shown],
        any(c.has_data for c in comparisons), previous, across_currencies(cards),
    )  # fmt: skip


def top_by_currency(con: duckdb.DuckDBPyConnection, q: Query) -> pl.DataFrame:
    """The best sellers of each currency's companies, ranked within that currency."""
    groups = currency_groups(companies(con), q.company_id)
    return per_currency(top_products, con, q.period.start, q.period.end, groups)


class OverviewTab(KpiTab):
    title = OVERVIEW
    follows_currency = True  # its chart (the cards show every currency)

    def __init__(self, board: Dashboard, parent: QWidget | None = None) -> None:
        super().__init__(board, parent)
        self.attention = AttentionPanel(timezone=lambda: board.context.timezone)
        self.cards = CardRow()
        self.chart = DayChart(board.theme, translate("Overview", CHART_TITLE))
        self.top = FrameTable(TOP_PRODUCTS.on_screen())
        self.top_stack = EmptyState(self.top)
        top_box = QWidget()
        top_layout = QVBoxLayout(top_box)
        top_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("Top products by revenue"))
        style(heading, "muted")
        top_layout.addWidget(heading)
        top_layout.addWidget(
            self.exportable(self.top, QT_TRANSLATE_NOOP("Tables", "Top products"), self.top_stack)
        )
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        split.addWidget(top_box)
        split.setSizes([3000, 2000])
        layout = QVBoxLayout(self)
        layout.addWidget(self.attention)
        layout.addWidget(self.cards)
        layout.addWidget(split, 1)
        self.live: pl.DataFrame | None = None  # today's live row, when today is shown
        self.view: DailyView | None = None  # the lake's figures of the range shown
        self.missing: NotLoaded | None = None  # the days a history load had not brought in

    def kpi_jobs(self):
        """The cards and the chart alone: a click's figures do not share the cores."""
        # what a history load has not brought in when the reload starts: the lake read holds
        # at least the days loaded by then
        missing = self.board.not_loaded()
        return [
            (lambda con, q, tz=self.board.context.timezone: daily_view(con, q, tz),
             lambda view, q: self._show_daily(view, q, missing)),
        ]  # fmt: skip

    def kpi_later_jobs(self):
        """Once the cards and chart are drawn: the top products (a year of them costs several
        times the cards' queries) and the morning list (yesterday's, whatever the range)."""
        missing = self.board.not_loaded()  # asked in the same reload as kpi_jobs: the same
        if self.board.loading_history():  # the morning list waits for the run: _show_attention
            attention = (lambda con, q: None, self._show_attention)
        else:
            attention = (self._attention, self._show_attention)
        return [
            (top_by_currency, lambda top, q: self._show_top(top, q, missing)),
            attention,
        ]

    def _attention(self, con: duckdb.DuckDBPyConnection, q: Query) -> tuple[date, list[Finding]]:
        """Yesterday's morning list, whatever the range (runs in a worker)."""
        context, source = self.board.context, self.board.source
        day = morning_day(today(context.timezone))
        root = source.lake_root if source is not None else None
        return day, attention(con, root, day, q.company_id, context.settings.attention)

    def _show_attention(self, result: tuple[date, list[Finding]] | None, query: Query) -> None:
        """None: a history is loading. Its rules look back weeks (medians, last sales, costs)
        and at what the run books when it ends (last sync, profit), so until then they would
        report the load itself: the panel says it waits instead."""
        if result is None:
            self.attention.show_history_loading()
            return
        day, findings = result
        self.attention.show_findings(
            findings, day, company_label(self.board.companies, query.company_id)
        )

    def _show_daily(self, view: DailyView, query: Query, missing: NotLoaded | None) -> None:
        self.view, self.missing = view, missing
        self.show_cards()
        t = self.board.theme
        current = view.current
        ends_today = query.period.end >= today(self.board.context.timezone)
        empty = translate("Overview", NO_SALES_TODAY if ends_today else NO_SALES)
        if missing is not None:  # a day not loaded is no day without sales: not drawn
            current = current.filter(~pl.col("day").is_between(missing.first, missing.until))
            if missing.touches(query.period.start, query.period.end):
                empty = translate("Tab", NOT_LOADED)
        of = f" ({view.chart_currency.code})" if view.mixed else ""
        note = self.board.chart_note
        self.chart.title = translate("Overview", CHART_TITLE) + (f" ({note})" if note else "")
        self.chart.set_data(
            current["day"].to_list(),
            [
                Series(self.tr("Revenue") + of, current["revenue"].to_list(), t.revenue, "bar"),
                Series(
                    self.tr("Gross profit") + of,
                    current["gross_profit"].to_list(),
                    t.profit,
                    "line",
                ),
            ],
            view.chart_currency,
            empty=empty,
        )

    def set_live(self, live: pl.DataFrame | None) -> None:
        """Today's live figures (None: back to the lake's); redraws the cards."""
        if live is None and self.live is None:
            return
        self.live = live
        if self.view is not None:
            self.show_cards()

    def show_cards(self) -> None:
        assert self.view is not None
        period, summary, live = self.view.period, self.view.summary, False
        if self.live is not None:
            day = self.live["day"][0]
            live = period == Period(day, day)
        if live:  # today from Odoo, against the lake's yesterday
            summary = live_summary(self.live, self.view.previous)
        other = self.view.comparison
        missing = self.missing
        # a range wholly in the days still to load has no figure yet; one partly in them shows
        # its loaded days' figures under the banner's note; a change against a period not (all)
        # loaded would be against a figure too small
        known = missing is None or not missing.covers(period.start, period.end)
        change_known = missing is None or not missing.touches(other.period.start,
                                                              other.period.end)  # fmt: skip
        self.cards.show_summary(
            summary,
            self.board.theme,
            live=live,
            compared=compared_with(period, other.until.time() if other.until else None),
            previous=other.period if self.view.has_previous or not change_known else None,
            known=known,
            change_known=change_known,
        )

    def _show_top(self, top: pl.DataFrame, query: Query, missing: NotLoaded | None) -> None:
        self.top.set_frame(top, self.board.currency)  # several currencies: no symbol, a code
        start, end = query.period.start, query.period.end
        if missing is not None and missing.covers(start, end):  # what a dataset loaded early
            self.top_stack.show_message(translate("Tab", NOT_LOADED))  # has is no ranking
        elif top.height:
            self.top_stack.show_content()
        elif missing is not None and missing.touches(start, end):
            self.top_stack.show_message(translate("Tab", NOT_LOADED))
        else:
            self.top_stack.show_message(translate("Overview", NO_SALES))

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.chart.set_theme(theme)
