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
profit run, with the standard prices themselves (metadata/profit_standard_prices-<fingerprint>
.parquet); a run asked for another basis (the setting changed) rebuilds profit, so lines of two
bases never mix. When only some standard prices changed (a dimensions load), the update
recomputes the lines those company-products' prices cost or could cost, nothing else.
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
PRICES_FILE = "profit_standard_prices-{}.parquet"  # the prices of a basis, by fingerprint
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
    return CostBasis(True, fingerprint(costs)), costs


def fingerprint(costs: pl.DataFrame) -> str:
    return hashlib.sha256(costs.write_csv().encode()).hexdigest()[:16]


def stored_basis(layout: LakeLayout) -> CostBasis | None:
    """The basis the lake's profit was computed with; None when not recorded (a lake built
    before the fallback existed) or unreadable."""
    path = layout.metadata / BASIS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return CostBasis(bool(data["standard_cost"]), str(data.get("standard_prices", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record_basis(
    layout: LakeLayout, basis: CostBasis, standard: pl.DataFrame | None = None
) -> None:
    """Record, atomically, the basis the profit tables now hold, and its standard prices
    (`standard`, when on) first: a run stopped between the two leaves the old basis with its
    own prices file."""
    layout.metadata.mkdir(parents=True, exist_ok=True)
    keep = PRICES_FILE.format(basis.standard_prices) if standard is not None else None
    if keep is not None and not (layout.metadata / keep).exists():  # named by its content
        with atomic_path(layout.metadata / keep) as tmp:
            standard.write_parquet(tmp)
    with atomic_path(layout.metadata / BASIS_FILE) as tmp:
        tmp.write_text(json.dumps(asdict(basis)), encoding="utf-8")
    for old in layout.metadata.glob(PRICES_FILE.format("*")):
        if old.name != keep:
            old.unlink(missing_ok=True)


def repriced(
    layout: LakeLayout, stored: CostBasis | None, basis: CostBasis, standard: pl.DataFrame | None
) -> pl.DataFrame | None:
    """(company_id, product_id) whose standard price is new, gone or changed since the stored
    profit was computed, when both bases use standard prices; None when that cannot be told
    (the setting changed, or the stored prices were not recorded): then profit is rebuilt."""
    if not (stored and stored.standard_cost and basis.standard_cost and standard is not None):
        return None
    try:
        before = pl.read_parquet(layout.metadata / PRICES_FILE.format(stored.standard_prices))
    except (OSError, pl.exceptions.PolarsError):
        return None
    if fingerprint(before) != stored.standard_prices:
        return None
    pair = ["company_id", "product_id"]
    both = before.join(standard, on=pair, how="full", coalesce=True, suffix="_now")
    differ = pl.col("standard_price").ne_missing(pl.col("standard_price_now"))
    return both.filter(differ).select(pair).sort(pair)


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
