"""Validation of one day's profit against two yardsticks:

- the lower layers, recomputed by an independent code path (DuckDB SQL, recompute_sql.py):
  the tax multipliers, the day's cost events, its latest costs, every sales line's profit,
  and the aggregates (which must equal the sums of their lines);
- Odoo's own totals for the day (odoo_totals.py): POS orders, invoice lines, vendor bill
  lines, and the bill lines that make cost events.

Rows compare within a tolerance of half a cent (plus a relative 1e-9 for float sums), and so
do the day's totals compared with Odoo: a day of 300 orders may not drift by a cent either.
Each check keeps a sample of the rows it compared and every mismatch, for CSV files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from nkdash_desktop.i18n import translate
from nkdash_desktop.kpi import format as fmt
from nkdash_desktop.lake.layout import LakeLayout
from nkdash_desktop.lake.months import scan_fact
from nkdash_desktop.lake.schema import FACTS
from nkdash_desktop.odoo.reader import OdooReader
from nkdash_desktop.pipeline.profit import recompute_sql
from nkdash_desktop.pipeline.profit.multipliers import multiplier_table, read_taxes
from nkdash_desktop.pipeline.profit.odoo_totals import OdooTotal, odoo_totals
from nkdash_desktop.pipeline.profit.standard_cost import stored_basis

CENT = 0.005  # half a cent: amounts are rounded to cents in Odoo
RELATIVE = 1e-9
# a day's sum of a few thousand amounts carries float noise far below this share of it; 1e-9 of
# a rupiah day (tens of millions) would already be more than a cent
FLOAT_NOISE = 1e-12
SAMPLE_ROWS = 200


@dataclass
class Check:
    name: str
    yardstick: str  # "lake (SQL)" or "Odoo"
    keys: tuple[str, ...]  # what identifies a compared row
    compared: int
    mismatches: pl.DataFrame
    sample: pl.DataFrame
    note: str = ""
    required: bool = False  # the lake holds rows this check must compare

    @property
    def compared_nothing(self) -> bool:
        """Nothing compared where something should have been: not a pass."""
        return self.required and self.compared == 0

    @property
    def ok(self) -> bool:
        return self.mismatches.height == 0 and not self.compared_nothing

    def line(self) -> str:
        passed, failed = translate("ProfitChecks", "ok"), translate("ProfitChecks", "FAIL")
        width = max(len(passed), len(failed))  # the check names line up under each other
        status = (passed if self.ok else failed).ljust(width)
        text = translate("ProfitChecks", "{check} vs {yardstick}: {count} compared").format(
            check=self.name, yardstick=self.yardstick, count=self.compared
        )
        if self.mismatches.height:
            text = translate("ProfitChecks", "{said}, {count} differ ({example})").format(
                said=text, count=self.mismatches.height, example=_first_problem(self)
            )
        elif self.compared_nothing:
            text = translate("ProfitChecks", "{said} where the lake holds rows to compare").format(
                said=text
            )
        return f"{status} {text}" + (f"; {self.note}" if self.note else "")


@dataclass
class ValidationReport:
    day: date
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def lines(self) -> list[str]:
        if self.ok:
            head = translate("Runs", "Validation of {day}: all checks pass ({count} checks)")
        else:
            head = translate("Runs", "Validation of {day}: MISMATCHES FOUND ({count} checks)")
        head = head.format(day=self.day, count=len(self.checks))
        return [head, *(c.line() for c in self.checks), *self.notes]

    def write_csv(self, folder: Path) -> list[Path]:
        """Per check a sample of the rows compared and, if any, its mismatches; a summary."""
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        summary = []
        for check in self.checks:
            slug = f"{self.day}_{_slug(check.name)}_{_slug(check.yardstick)}"
            written.append(_csv(check.sample, folder / f"{slug}.csv"))
            if not check.ok:
                written.append(_csv(check.mismatches, folder / f"{slug}_mismatches.csv"))
            summary.append(
                {
                    "day": self.day,
                    "check": check.name,
                    "yardstick": check.yardstick,
                    "compared": check.compared,
                    "mismatches": check.mismatches.height,
                    "ok": check.ok,
                    "note": check.note,
                }
            )
        written.append(_csv(pl.DataFrame(summary), folder / f"{self.day}_summary.csv"))
        return written


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _csv(frame: pl.DataFrame, path: Path) -> Path:
    nested = [n for n, t in frame.schema.items() if isinstance(t, pl.List)]
    flat = frame.with_columns(pl.col(n).cast(pl.List(pl.String)).list.join(" ") for n in nested)
    flat.write_csv(path)
    return path


def _first_problem(check: Check) -> str:
    row = check.mismatches.row(0, named=True)
    where = ", ".join(f"{k} {row[k]}" for k in check.keys)
    return translate("ProfitChecks", "e.g. {where}: {problem}").format(
        where=where, problem=row["problem"]
    )


def _said(sentence: str, **parts: pl.Expr) -> pl.Expr:
    """A translated sentence with columns in it (`{name}` placeholders), in the order the
    language puts them."""
    order = re.findall(r"\{(\w+)\}", sentence)
    return pl.format(re.sub(r"\{\w+\}", "{}", sentence), *(parts[name] for name in order))


def _differs(expected: pl.Expr, lake: pl.Expr, tolerance: float | None) -> pl.Expr:
    if tolerance is None:  # exact: ids, flags, days
        return ~expected.eq_missing(lake)
    gap = (expected - lake).abs()
    allowed = tolerance + RELATIVE * expected.abs()
    return (expected.is_null() != lake.is_null()) | (gap > allowed).fill_null(False)


def compare(
    expected: pl.DataFrame,
    lake: pl.DataFrame,
    keys: Sequence[str],
    values: Mapping[str, float | None],
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Expected rows against the lake's, matched on `keys`; `values`: column -> tolerance
    (None: exact). Returns (every compared row, the mismatches), with expected_<column> and
    lake_<column> side by side and a `problem` saying what is wrong."""
    cols = list(values)
    left = expected.select(*keys, *(pl.col(c).alias(f"expected_{c}") for c in cols))
    right = lake.select(*keys, *(pl.col(c).alias(f"lake_{c}") for c in cols)).with_columns(
        _in_lake=pl.lit(True)
    )
    left = left.with_columns(_expected=pl.lit(True))
    joined = left.join(right, on=list(keys), how="full", coalesce=True, nulls_equal=True)
    problem = (
        pl.when(pl.col("_in_lake").is_null())
        .then(pl.lit(translate("ProfitChecks", "missing in the lake")))
        .when(pl.col("_expected").is_null())
        .then(pl.lit(translate("ProfitChecks", "in the lake, not expected")))
    )
    for c in cols:
        differs = _differs(pl.col(f"expected_{c}"), pl.col(f"lake_{c}"), values[c])
        lake_c, expected_c = pl.col(f"lake_{c}"), pl.col(f"expected_{c}")
        if values[c] is not None:  # amounts: shown to 4 decimals, not float noise
            lake_c, expected_c = lake_c.round(4), expected_c.round(4)
        said = _said(
            translate("ProfitChecks", "{column} is {lake} in the lake, {expected} expected"),
            column=pl.lit(c), lake=lake_c, expected=expected_c,
        )  # fmt: skip
        problem = problem.when(differs).then(said)
    rows = joined.with_columns(problem=problem.otherwise(None)).drop("_in_lake", "_expected")
    rows = rows.sort(list(keys), nulls_last=True)
    return rows, rows.filter(pl.col("problem").is_not_null())


def _check(
    name: str,
    yardstick: str,
    expected: pl.DataFrame,
    lake: pl.DataFrame,
    keys: Sequence[str],
    values: Mapping[str, float | None],
    note: str = "",
    required: bool = False,
) -> Check:
    rows, bad = compare(expected, lake, keys, values)
    sample = rows.head(SAMPLE_ROWS)
    return Check(name, yardstick, tuple(keys), rows.height, bad, sample, note, required)


MONEY = CENT
EXACT = None
LINE_VALUES = {
    "company_id": EXACT,
    "product_id": EXACT,
    "quantity": 1e-9,
    "revenue_tax_in": MONEY,
    "unit_cost_tax_in": MONEY,
    "cogs_tax_in": MONEY,
    "gross_profit": MONEY,
    "cost_missing": EXACT,
    "cost_source": EXACT,
    "cost_line_id": EXACT,
}
AGG_VALUES = {
    "revenue_tax_in": MONEY,
    "cogs_tax_in": MONEY,
    "gross_profit": MONEY,
    "quantity": 1e-6,
    "transactions": EXACT,
    "lines": EXACT,
    "cost_missing_lines": EXACT,
    "revenue_cost_missing": MONEY,
    "cost_standard_lines": EXACT,
    "revenue_cost_standard": MONEY,
}


def _lake_day(layout: LakeLayout, name: str, day: date) -> pl.DataFrame:
    return scan_fact(layout, FACTS[name], [day]).filter(pl.col("day") == day).collect()


def lake_checks(
    layout: LakeLayout, con: duckdb.DuckDBPyConnection, day: date, overrides: Mapping[int, float]
) -> list[Check]:
    """The profit tables of `day` against their recomputation in SQL."""
    yardstick = translate("ProfitChecks", "lake (SQL)")
    table = multiplier_table(read_taxes(layout), overrides)
    # the taxes the bills up to the day use: each needs a multiplier to compare
    used = (
        scan_fact(layout, FACTS["fact_purchases"])
        .filter(pl.col("day") <= day)
        .select(pl.col("tax_ids").explode())
        .drop_nulls()
        .unique()
        .collect()["tax_ids"]
        .to_list()
    )
    unknown = sorted(set(used) - set(table["tax_id"].to_list()))
    checks = [
        _check(
            translate("ProfitChecks", "tax multipliers"),
            yardstick,
            recompute_sql.multipliers(con, overrides),
            table,
            ["tax_id"],
            {"multiplier": 1e-12},
            note=translate("ProfitChecks", "bills use taxes without a multiplier: {taxes}").format(
                taxes=unknown
            )
            if unknown
            else "",
            required=bool(used),
        )
    ]
    if unknown and checks[0].compared:  # some compared, but not every tax the bills use
        checks[0].mismatches = pl.DataFrame(
            {
                "tax_id": unknown,
                "problem": [translate("ProfitChecks", "used by bills, no multiplier")]
                * len(unknown),
            }
        )
    events = _lake_day(layout, "fact_product_cost_events", day)
    checks.append(
        _check(
            translate("ProfitChecks", "cost events"),
            yardstick,
            recompute_sql.cost_events(con, overrides, day),
            events,
            ["line_id"],
            {
                "product_id": EXACT,
                "quantity": 1e-9,
                "net_unit_price": 1e-6,
                "tax_multiplier": 1e-12,
                "unit_cost_tax_in": 1e-6,
            },
        )
    )
    grid = _lake_day(layout, "fact_product_cost_latest_daily", day)
    latest = recompute_sql.latest_costs(con, overrides, day)
    checks.append(
        _check(
            translate("ProfitChecks", "latest cost per company and product"),
            yardstick,
            latest,
            grid,
            ["company_id", "product_id"],
            {"unit_cost_tax_in": 1e-6, "cost_day": EXACT, "cost_line_id": EXACT},
            note=""
            if grid.height
            else translate("ProfitChecks", "no grid rows: is the day in the profit calendar?"),
        )
    )
    lines = _lake_day(layout, "fact_sales_lines_profit", day)
    # on the basis the stored profit was computed with (Settings > Profit's fallback)
    basis = stored_basis(layout)
    standard = basis is not None and basis.standard_cost
    expected_lines = recompute_sql.sales_profit(con, overrides, day, standard)
    checks.append(
        _check(
            translate("ProfitChecks", "sales line profit"),
            yardstick,
            expected_lines,
            lines,
            ["channel", "line_id"],
            LINE_VALUES,
            required=expected_lines.height > 0,
        )
    )
    for name, by_product in (("agg_profit_daily", False), ("agg_profit_daily_by_product", True)):
        keys = ["company_id", "product_id"] if by_product else ["company_id"]
        checks.append(
            _check(
                translate("ProfitChecks", "{table} = sum of its lines").format(table=name),
                yardstick,
                recompute_sql.aggregates(con, day, by_product),
                _lake_day(layout, name, day),
                keys,
                AGG_VALUES,
            )
        )
    return checks


def _totals_check(name: str, odoo: OdooTotal, pairs: Sequence[tuple[str, float, float]]) -> Check:
    """Odoo's day totals against the lake's: (measure, Odoo, lake) pairs; a count must be
    equal, an amount within half a cent for the whole day (plus float noise)."""
    rows = pl.DataFrame(
        {
            "measure": [m for m, _, _ in pairs],
            "odoo": [float(o) for _, o, _ in pairs],
            "lake": [float(v) for _, _, v in pairs],
            "tolerance": [
                0.0 if m == "count" else CENT + FLOAT_NOISE * abs(float(o)) for m, o, _ in pairs
            ],
        }
    )
    bad = rows.filter((pl.col("odoo") - pl.col("lake")).abs() > pl.col("tolerance"))
    said = _said(
        translate("ProfitChecks", "{lake} in the lake, {odoo} in Odoo"),
        lake=pl.col("lake").round(4), odoo=pl.col("odoo").round(4),
    )  # fmt: skip
    bad = bad.with_columns(problem=said)
    note = translate("ProfitChecks", "Odoo {model}: {count} counted").format(
        model=odoo.name, count=odoo.count
    )
    return Check(name, "Odoo", ("measure",), rows.height, bad, rows, note)


def _lake_day_frames(layout: LakeLayout, day: date) -> dict[str, pl.DataFrame]:
    names = (
        "fact_pos_orders",
        "fact_sales_lines_profit",
        "fact_purchases",
        "fact_product_cost_events",
        "agg_profit_daily",
    )
    return {name: _lake_day(layout, name, day) for name in names}


def lake_companies(layout: LakeLayout, frames: Mapping[str, pl.DataFrame]) -> list[int]:
    """The companies the lake knows (its company dimension), and any in the day's rows."""
    ids: set[int] = set()
    dimension = layout.single_file("star-schema", "dim_companies")
    if dimension.exists():
        ids |= set(pl.read_parquet(dimension, columns=["company_id"])["company_id"].to_list())
    for frame in frames.values():
        if "company_id" in frame.columns:
            ids |= set(frame["company_id"].drop_nulls().to_list())
    return sorted(ids)


def odoo_checks(
    layout: LakeLayout, client: OdooReader, day: date, timezone: str, company_id: int | None = None
) -> list[Check]:
    """The day's profit revenue, purchases and cost events against Odoo's own totals, company
    by company (each asked with that company in the context, in its own currency): all the
    lake's companies, or the one given."""
    frames = _lake_day_frames(layout, day)
    ids = [company_id] if company_id is not None else lake_companies(layout, frames)
    checks = []
    for cid in ids:
        of_company = {
            name: frame.filter(pl.col("company_id") == cid) if "company_id" in frame.columns
            else frame
            for name, frame in frames.items()
        }  # fmt: skip
        company_checks = _company_checks(client, day, timezone, cid, of_company)
        if len(ids) > 1:
            said = translate("ProfitChecks", "{check} (company {id})")
            company_checks = [replace(c, name=said.format(check=c.name, id=cid))
                              for c in company_checks]  # fmt: skip
        checks += company_checks
    return checks


def _company_checks(
    client: OdooReader, day: date, timezone: str, company_id: int, lake: Mapping[str, pl.DataFrame]
) -> list[Check]:
    """One company's day against Odoo's totals for that company."""
    odoo = odoo_totals(client, day, timezone, company_id)
    orders = lake["fact_pos_orders"]
    # Odoo rounds POS tax once per order: the lines add up to the order totals only with the
    # rounding differences the lake keeps per order
    rounding = float(orders["rounding_difference"].sum())
    lines = lake["fact_sales_lines_profit"]
    pos = lines.filter(pl.col("channel") == "pos")
    invoices = lines.filter(pl.col("channel") == "invoice")
    purchases, events = lake["fact_purchases"], lake["fact_product_cost_events"]
    daily = lake["agg_profit_daily"]
    o_pos, o_inv, o_rev, o_pur, o_cost = (
        odoo[k] for k in ("pos", "invoice_sales", "invoice_revenue", "purchases", "cost_lines")
    )
    return [
        _totals_check(
            translate("ProfitChecks", "POS orders"),
            o_pos,
            [
                ("count", o_pos.count, orders.height),
                ("amount_total", o_pos.sums["amount_total"], orders["amount_total"].sum()),
                ("amount_tax", o_pos.sums["amount_tax"], orders["amount_tax"].sum()),
            ],
        ),
        _totals_check(
            translate("ProfitChecks", "POS line profit revenue + order rounding"),
            o_pos,
            [
                ("count", o_pos.count, pos["order_id"].n_unique()),
                (
                    "revenue_tax_in",
                    o_pos.sums["amount_total"],
                    pos["revenue_tax_in"].sum() + rounding,
                ),
            ],
        ),
        _totals_check(
            translate("ProfitChecks", "invoice line profit revenue"),
            o_inv,
            [
                ("count", o_inv.count, invoices.height),
                # in the company currency, as the lake's revenue is
                ("revenue_tax_in", o_rev.sums["revenue_tax_in"], invoices["revenue_tax_in"].sum()),
                ("quantity", o_inv.sums["quantity"], invoices["quantity"].sum()),
            ],
        ),
        _totals_check(
            translate("ProfitChecks", "purchases"),
            o_pur,
            [
                ("count", o_pur.count, purchases.height),
                ("amount_tax_ex", o_pur.sums["price_subtotal"], purchases["amount_tax_ex"].sum()),
                ("amount_tax_in", o_pur.sums["price_total"], purchases["amount_tax_in"].sum()),
            ],
        ),
        _totals_check(
            translate("ProfitChecks", "cost events"),
            o_cost,
            [
                ("count", o_cost.count, events.height),
                ("quantity", o_cost.sums["quantity"], events["quantity"].sum()),
            ],
        ),
        _totals_check(
            translate("ProfitChecks", "agg_profit_daily revenue + order rounding"),
            OdooTotal("POS orders + invoice lines", o_pos.count + o_inv.count, {}),
            [
                (
                    "revenue_tax_in",
                    o_pos.sums["amount_total"] + o_rev.sums["revenue_tax_in"],
                    daily["revenue_tax_in"].sum() + rounding,
                )
            ],
        ),
    ]


def validate_profit(
    layout: LakeLayout,
    day: date,
    overrides: Mapping[int, float],
    client: OdooReader | None = None,
    *,
    timezone: str = "Asia/Jakarta",
    company_id: int | None = None,
) -> ValidationReport:
    """Check one day's profit against the lower layers (SQL) and, given a connected Odoo
    client, against Odoo's own totals."""
    from nkdash_desktop.lake.catalog import open_catalog
    from nkdash_desktop.pipeline.profit.coverage import cost_coverage

    report = ValidationReport(day)
    with open_catalog(layout.root) as con:
        report.checks += lake_checks(layout, con, day, overrides)
        coverage = cost_coverage(con, day, day)
    if client is not None:
        report.checks += odoo_checks(layout, client, day, timezone, company_id)
    else:
        report.notes.append(
            translate("ProfitChecks", "Odoo's totals were not checked (no connection).")
        )
    if coverage.share is not None:
        report.notes.append(
            translate(
                "ProfitChecks",
                "cost coverage: {share} of the day's revenue has a known cost ({missing} of "
                "{lines} lines without one)",
            ).format(
                share=fmt.percent(coverage.share), missing=coverage.cost_missing_lines,
                lines=coverage.lines,
            )
        )  # fmt: skip
    return report
