"""Odoo's product cost (standard_price) as a fallback for the sales lines without a known
purchase cost: Settings > Profit, off by default (a standard price is the operator's estimate in
Odoo, not what the goods cost, so a margin made of it is a guess, shown as a share wherever a
margin is).

Rules:
- a line is costed at its company's standard_price (dim_product_company_costs: per company, in
  the company's currency) only when no vendor bill of the company gives a cost on or before its
  day; its cost_source is 'standard' (a bill's cost: 'purchase');
- a standard_price of 0 is no cost: Odoo reads 0 where the company never costed the product;
- tax basis: standard_price is tax excluded, while profit compares costs with taxes with the
  revenue with taxes. The line's own tax ratio (revenue_tax_in / revenue_tax_ex) puts the
  standard price on that basis, so its margin is exactly (revenue without tax - quantity x
  standard_price) / revenue without tax: the tax-excluded margin, never a margin made of a
  taxed revenue and an untaxed cost. A line without revenue (free goods) takes the price as it is;
- the price is today's (as last read from Odoo) for every day: Odoo keeps no history of it.

What the stored profit was computed with (the basis: fallback on or off, and a fingerprint of
the standard prices when on) is recorded in metadata/profit_basis.json at the end of every
profit run; a run asked for another basis (the setting changed, or a dimensions load changed a
standard price while the fallback is on) rebuilds profit, so lines of two bases never mix.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

import polars as pl

from nkdash_desktop.i18n import translate
from nkdash_desktop.lake.files import atomic_path
from nkdash_desktop.lake.layout import STAR, LakeLayout

BASIS_FILE = "profit_basis.json"
PURCHASE, STANDARD = "purchase", "standard"
STANDARD_COSTS = "dim_product_company_costs"


@dataclass(frozen=True)
class CostBasis:
    """What profit's costs come from: bills only, or bills then standard prices (these)."""

    standard_cost: bool
    standard_prices: str = ""  # fingerprint of the standard prices used; "" when off

    def describe(self) -> str:
        if self.standard_cost:
            return translate("ProfitPlan", "bills, then Odoo's standard cost")
        return translate("ProfitPlan", "bills only")


def read_standard_costs(layout: LakeLayout) -> pl.DataFrame:
    """company_id, product_id, standard_price of the lake's dimension, the zeros (no cost)
    left out; sorted; empty before the first dimensions load."""
    path = layout.single_file(STAR, STANDARD_COSTS)
    schema = {"company_id": pl.Int64, "product_id": pl.Int64, "standard_price": pl.Float64}
    if not path.exists():
        return pl.DataFrame(schema=schema)
    frame = pl.read_parquet(path, columns=list(schema)).cast(schema)  # type: ignore[arg-type]
    return frame.filter(pl.col("standard_price") > 0).sort("company_id", "product_id")


def basis_now(layout: LakeLayout, standard_cost: bool) -> tuple[CostBasis, pl.DataFrame | None]:
    """The basis a run with the setting `standard_cost` computes on, and the standard costs
    it applies (None when off)."""
    if not standard_cost:
        return CostBasis(False), None
    costs = read_standard_costs(layout)
    digest = hashlib.sha256(costs.write_csv().encode()).hexdigest()[:16]
    return CostBasis(True, digest), costs


def stored_basis(layout: LakeLayout) -> CostBasis | None:
    """The basis the lake's profit was computed with; None when not recorded (a lake built
    before the fallback existed) or unreadable."""
    path = layout.metadata / BASIS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return CostBasis(bool(data["standard_cost"]), str(data.get("standard_prices", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record_basis(layout: LakeLayout, basis: CostBasis) -> None:
    """Record, atomically, the basis the profit tables now hold."""
    layout.metadata.mkdir(parents=True, exist_ok=True)
    with atomic_path(layout.metadata / BASIS_FILE) as tmp:
        tmp.write_text(json.dumps(asdict(basis)), encoding="utf-8")


def with_standard_cost(costed: pl.DataFrame, standard: pl.DataFrame | None) -> pl.DataFrame:
    """Sales lines with their purchase cost looked up (unit_cost_tax_in null when none) plus
    cost_source; with `standard` (read_standard_costs), the lines without a purchase cost take
    their company's standard price on their own tax basis (see the module's rules)."""
    bought = pl.col("unit_cost_tax_in").is_not_null()
    if standard is None:
        return costed.with_columns(
            cost_source=pl.when(bought).then(pl.lit(PURCHASE)).otherwise(pl.lit(None, pl.String))
        )
    joined = costed.join(
        standard.select("company_id", "product_id", "standard_price"),
        on=["company_id", "product_id"],
        how="left",
        maintain_order="left",
    )
    ex, inc = pl.col("revenue_tax_ex"), pl.col("revenue_tax_in")
    ratio = pl.when(ex != 0).then(inc / ex).otherwise(1.0)
    fallback = ~bought & pl.col("standard_price").is_not_null()
    return joined.with_columns(
        unit_cost_tax_in=pl.when(fallback)
        .then(pl.col("standard_price") * ratio)
        .otherwise(pl.col("unit_cost_tax_in")),
        cost_source=pl.when(bought)
        .then(pl.lit(PURCHASE))
        .when(fallback)
        .then(pl.lit(STANDARD))
        .otherwise(pl.lit(None, pl.String)),
    ).drop("standard_price")
