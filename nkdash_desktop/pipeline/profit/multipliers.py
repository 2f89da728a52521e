"""Tax multipliers: the factor that turns a vendor bill's unit price into a cost with taxes.

Rules, per tax (account.tax, from dim_taxes):
- a percent tax not included in the price: 1 + amount / 100 (PPN Masukan 11% -> 1.11);
- a percent tax included in the price, or a 0% tax: 1.0 (the written price already holds it);
- a division tax not included in the price: 1 / (1 - amount / 100), Odoo's definition;
- a group tax: its children combined (the rule below), each child with its own override;
- a fixed tax (an amount per unit, not a rate), any other kind, or an unknown tax id: 1.0;
- an override from Settings (`profit.tax_multipliers`, per tax id) wins over all of these,
  for a group too (its children are then not looked at).

Several taxes on one line combine additively, m = 1 + sum(m_i - 1), because Odoo computes each
tax on the same untaxed base unless a tax says otherwise: PPN 11% + Retribusi 0.5% -> 1.115.
A line without taxes has multiplier 1.0 (Odoo's tax_ids is a set: no tax comes twice).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from nkdash_desktop.errors import OperatorError
from nkdash_desktop.i18n import translate
from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.lake.schema import DIMS, conform, empty_frame

MAX_GROUP_DEPTH = 8  # a group nested deeper than this (or a cycle) counts as 1.0


def combine(multipliers: Iterable[float]) -> float:
    """Several taxes on one base: 1 + the sum of their rates."""
    return 1.0 + sum(m - 1.0 for m in multipliers)


def _natural(
    tax: Mapping, taxes: Mapping[int, Mapping], overrides: Mapping[int, float], depth: int
) -> tuple[float, str]:
    """(multiplier, rule) of one tax from its own fields."""
    kind, amount = tax["amount_type"], float(tax["amount"] or 0.0)
    if kind == "group":
        if depth >= MAX_GROUP_DEPTH:
            return 1.0, "group too deep"
        children = [
            _effective(child, taxes, overrides, depth + 1)[0]
            for child in dict.fromkeys(tax["children_tax_ids"] or [])
        ]
        return combine(children), "group: children combined"
    if kind not in ("percent", "division"):
        return 1.0, f"{kind} tax: not a rate"
    if tax["price_include"]:
        return 1.0, "included in the price"
    if amount == 0.0:
        return 1.0, "0%"
    if kind == "division":
        if amount >= 100.0:
            return 1.0, "division of 100% or more: not a rate"
        return 1.0 / (1.0 - amount / 100.0), "division, excluded from the price"
    return 1.0 + amount / 100.0, "percent, excluded from the price"


def _effective(
    tax_id: int, taxes: Mapping[int, Mapping], overrides: Mapping[int, float], depth: int = 0
) -> tuple[float, str]:
    if tax_id in overrides:
        return float(overrides[tax_id]), "override in Settings"
    if tax_id not in taxes:
        return 1.0, "unknown tax"
    return _natural(taxes[tax_id], taxes, overrides, depth)


def multiplier_table(taxes: pl.DataFrame, overrides: Mapping[int, float]) -> pl.DataFrame:
    """One row per tax of dim_taxes and per overridden tax id: the tax's fields, its
    multiplier from those fields (`natural`), the override if any, the `multiplier` used and
    the rule that gave it."""
    by_id = {row["tax_id"]: row for row in taxes.iter_rows(named=True)}
    rows = []
    for tax_id in sorted(set(by_id) | set(overrides)):
        tax = by_id.get(tax_id)
        natural = _natural(tax, by_id, {}, 0)[0] if tax else None
        multiplier, rule = _effective(tax_id, by_id, overrides)
        rows.append(
            {
                "tax_id": tax_id,
                "name": tax["name"] if tax else None,
                "amount_type": tax["amount_type"] if tax else None,
                "amount": tax["amount"] if tax else None,
                "price_include": tax["price_include"] if tax else None,
                "children_tax_ids": list(tax["children_tax_ids"] or []) if tax else [],
                "natural_multiplier": natural,
                "override": overrides.get(tax_id),
                "multiplier": multiplier,
                "rule": rule,
            }
        )
    schema = {
        "tax_id": pl.Int64,
        "name": pl.String,
        "amount_type": pl.String,
        "amount": pl.Float64,
        "price_include": pl.Boolean,
        "children_tax_ids": pl.List(pl.Int64),
        "natural_multiplier": pl.Float64,
        "override": pl.Float64,
        "multiplier": pl.Float64,
        "rule": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def tax_multipliers(taxes: pl.DataFrame, overrides: Mapping[int, float]) -> dict[int, float]:
    """tax id -> multiplier, for every tax in dim_taxes and every overridden id."""
    table = multiplier_table(taxes, overrides)
    return dict(zip(table["tax_id"].to_list(), table["multiplier"].to_list(), strict=True))


def read_taxes(layout: LakeLayout) -> pl.DataFrame:
    """dim_taxes of the lake (empty before the first dimension load)."""
    dim = DIMS["dim_taxes"]
    path = layout.single_file(STAR, dim.name)
    return conform(dim, pl.read_parquet(path)) if path.exists() else empty_frame(dim)


def lake_multipliers(layout: LakeLayout, overrides: Mapping[int, float]) -> dict[int, float]:
    """The multipliers of the lake's taxes with the operator's overrides."""
    return tax_multipliers(read_taxes(layout), overrides)


class MissingTaxesError(OperatorError, ValueError):
    """Vendor bill lines carry taxes whose multiplier is unknown: profit is not computed."""


def unknown_taxes(tax_ids: Iterable[int], multipliers: Mapping[int, float]) -> list[int]:
    """The tax ids, of those vendor bill lines use, that have no multiplier: neither in the
    lake's taxes nor overridden in Settings."""
    return sorted(set(tax_ids) - set(multipliers))


def refuse_unknown_taxes(
    taxes: pl.DataFrame, used: pl.DataFrame, multipliers: Mapping[int, float]
) -> None:
    """Raise MissingTaxesError when a vendor bill line of `used` (a `tax_ids` list column)
    has a tax without a multiplier: a guessed 1.0 would understate every such cost. `taxes`:
    dim_taxes as read (empty when the taxes could not be read)."""
    ids = used["tax_ids"].explode().drop_nulls().unique().to_list() if used.height else []
    missing = unknown_taxes(ids, multipliers)
    if not missing:
        return
    lines = used.filter(pl.col("tax_ids").list.eval(pl.element().is_in(missing)).list.any()).height
    listed = ", ".join(map(str, missing[:8])) + (" …" if len(missing) > 8 else "")
    if taxes.height == 0:
        sentence = translate(
            "Errors",
            "Profit not computed: the taxes (account.tax) were never read from Odoo, so the "
            "cost of {lines} vendor bill line(s) is unknown; sync the dimensions with a user who "
            "may read taxes, or set a multiplier for taxes {taxes} in Settings > Profit.",
        )
    else:
        sentence = translate(
            "Errors",
            "Profit not computed: taxes {taxes} are not among the taxes read from Odoo, so the "
            "cost of {lines} vendor bill line(s) is unknown; sync the dimensions with a user who "
            "may read taxes, or set a multiplier for taxes {taxes} in Settings > Profit.",
        )
    raise MissingTaxesError(sentence.format(lines=lines, taxes=listed))


def line_multiplier(tax_ids: Iterable[int], multipliers: Mapping[int, float]) -> float:
    """The multiplier of a line with these taxes (unknown taxes count as 1.0)."""
    return combine(multipliers.get(t, 1.0) for t in tax_ids)


def with_line_multiplier(lines: pl.DataFrame, multipliers: Mapping[int, float]) -> pl.DataFrame:
    """`lines` (with a `tax_ids` list column) plus `tax_multiplier`, vectorised: each line's
    taxes looked up (unknown: rate 0) and combined."""
    rate = pl.element().replace_strict(
        list(multipliers),
        [m - 1.0 for m in multipliers.values()],
        default=0.0,
        return_dtype=pl.Float64,
    )
    combined = pl.col("tax_ids").list.eval(rate).list.sum().fill_null(0.0)
    return lines.with_columns(tax_multiplier=1.0 + combined)
