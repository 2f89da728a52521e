"""Cost coverage: the share of revenue whose cost is known, the trust to put in a profit
figure. Read from agg_profit_daily through the lake's DuckDB catalog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb


@dataclass(frozen=True)
class CostCoverage:
    revenue_tax_in: float
    revenue_cost_missing: float
    lines: int
    cost_missing_lines: int

    @property
    def share(self) -> float | None:
        """Share of revenue with a known cost (None without revenue)."""
        if not self.revenue_tax_in:
            return None
        return 1.0 - self.revenue_cost_missing / self.revenue_tax_in


def cost_coverage(
    con: duckdb.DuckDBPyConnection, start: date, end: date, company_id: int | None = None
) -> CostCoverage:
    """Coverage over the days start..end (inclusive), for one company or all; `con` is a
    catalog connection (nkdash_desktop.lake.catalog.open_catalog)."""
    row = con.execute(
        """
        SELECT coalesce(sum(revenue_tax_in), 0), coalesce(sum(revenue_cost_missing), 0),
               coalesce(sum(lines), 0), coalesce(sum(cost_missing_lines), 0)
        FROM agg_profit_daily
        WHERE day BETWEEN ? AND ? AND (? IS NULL OR company_id = ?)
        """,
        [start, end, company_id, company_id],
    ).fetchone()
    assert row is not None
    return CostCoverage(float(row[0]), float(row[1]), int(row[2]), int(row[3]))
