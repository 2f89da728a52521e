"""What differs between Odoo 16, 17, 18 and 19, in one data-driven table.

Callers ask by a logical name, the newest Odoo's spelling (`version.field("stock.move.line",
"quantity")` is `qty_done` on 16), and never spell a version test themselves; adding a
difference is one line here. Each entry maps the first major version where a spelling applies
to that spelling; later majors inherit it, and versions above 19 use the 19 spelling until
this table says otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SUPPORTED_MAJORS = (16, 17, 18, 19)

# (model, logical name) -> {first major: field name}
FIELDS: dict[tuple[str, str], dict[int, str]] = {
    ("stock.move.line", "quantity"): {16: "qty_done", 17: "quantity"},
    ("stock.move", "quantity"): {16: "quantity_done", 17: "quantity"},
    # 16-17: detailed_type == 'product' means storable; 18+: the is_storable boolean
    ("product.template", "storable"): {16: "detailed_type", 18: "is_storable"},
    ("product.product", "storable"): {16: "detailed_type", 18: "is_storable"},
}

# logical name -> {first major: value}
VALUES: dict[str, dict[int, Any]] = {
    # pos.order states that are real sales (19 dropped 'invoiced': invoicing keeps 'done')
    "pos.order.valid_states": {16: ("paid", "done", "invoiced"), 19: ("paid", "done")},
    # grouping call used to check totals against Odoo's own sums
    "grouping_method": {16: "read_group", 19: "formatted_read_group"},
}

# feature -> first major that has it
FEATURES: dict[str, int] = {
    "json2": 19,  # POST /json/2/<model>/<method> with a bearer API key
    "formatted_read_group": 19,
    "pos.order.is_refund": 19,
    "pos.order.config_id_stored": 17,
    "product.is_storable": 18,
}


def _pick(table: Mapping[int, Any], major: int) -> Any:
    eligible = [first for first in table if first <= major]
    if not eligible:
        raise KeyError(f"no entry for Odoo {major}")
    return table[max(eligible)]


@dataclass(frozen=True, order=True)
class OdooVersion:
    """A server's version as reported by `version_info` (`server_version_info`)."""

    major: int
    minor: int = 0
    label: str = ""  # e.g. "19.0", "saas~18.3+e", for messages

    def __str__(self) -> str:
        return self.label or f"{self.major}.{self.minor}"

    @property
    def supported(self) -> bool:
        return self.major >= SUPPORTED_MAJORS[0]

    def field(self, model: str, logical: str) -> str:
        """The field name this version uses for `logical` on `model`."""
        table = FIELDS.get((model, logical))
        if table is None:
            return logical  # not version-dependent
        return _pick(table, self.major)

    def value(self, name: str) -> Any:
        return _pick(VALUES[name], self.major)

    def has(self, feature: str) -> bool:
        return self.major >= FEATURES[feature]

    @property
    def pos_valid_states(self) -> tuple[str, ...]:
        return self.value("pos.order.valid_states")

    @property
    def grouping_method(self) -> str:
        return self.value("grouping_method")

    def storable_domain(self, model: str = "product.product") -> list[Any]:
        """Domain selecting storable (stock-tracked) products on this version."""
        name = self.field(model, "storable")
        if name == "is_storable":
            return [("is_storable", "=", True)]
        return [(name, "=", "product")]

    @classmethod
    def parse(cls, info: Mapping[str, Any]) -> OdooVersion:
        """From `common.version()` / `/web/webclient/version_info` / `GET /web/version`."""
        label = str(info.get("server_version") or info.get("version") or "")
        parts = info.get("server_version_info") or info.get("version_info") or []
        major = minor = None
        if parts:
            # saas builds report ('saas~18', 3, ...)
            m = re.search(r"(\d+)", str(parts[0]))
            major = int(m.group(1)) if m else None
            if major is not None and len(parts) > 1 and isinstance(parts[1], int):
                minor = parts[1]
        if major is None:
            m = re.search(r"(\d+)(?:\.(\d+))?", label)
            if not m:
                raise ValueError(f"unrecognised Odoo version {dict(info)!r}")
            major, minor = int(m.group(1)), int(m.group(2) or 0)
        return cls(major, minor or 0, label or f"{major}.{minor or 0}")
