"""The flavour's models and fields as the engine needs them: lookups, storage columns, labels."""

from __future__ import annotations

from functools import cached_property

from nkdash_desktop.demo.errors import UserError
from nkdash_desktop.demo.schema import Field, Flavour, Model

# display_name exists on every Odoo model (computed, not stored); it has no column here.
DISPLAY_NAME = Field("char", stored=False, string="Display Name")


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


class Registry:
    """Read-only view of one flavour's schema with the per-version selection values."""

    def __init__(self, flavour: Flavour) -> None:
        self.flavour = flavour
        self.models: dict[str, Model] = flavour.models()
        self._fields = {name: flavour.fields(name) for name in self.models}

    def model(self, name: str) -> Model:
        try:
            return self.models[name]
        except KeyError:
            raise UserError(f"Object {name} doesn't exist") from None

    def fields(self, model: str) -> dict[str, Field]:
        return self._fields[model]

    def field(self, model: str, name: str) -> Field | None:
        if name == "display_name":
            return DISPLAY_NAME
        return self._fields[model].get(name)

    @staticmethod
    def has_column(field: Field) -> bool:
        return field.related is None and field.inverse is None and field is not DISPLAY_NAME

    @staticmethod
    def column(name: str, field: Field) -> str:
        return quote(field.column or name)

    def table(self, model: str) -> str:
        return quote(self.models[model].table)

    def selection(self, model: str, name: str, field: Field) -> tuple[str, ...]:
        if field.selection:
            return field.selection
        if (model, name) == ("pos.order", "state"):
            return self.flavour.pos_states
        if name == "type" and model in ("product.template", "product.product"):
            last = "product" if self.flavour.version <= 17 else "combo"
            return ("consu", "service", last)
        if field.related:
            target_model, target = self.follow(model, field.related)
            return self.selection(target_model, target, self._fields[target_model][target])
        return ()

    def follow(self, model: str, path: str) -> tuple[str, str]:
        """The model and field name a dotted path of many2one hops ends on."""
        *hops, last = path.split(".")
        for hop in hops:
            hop_field = self._fields[model][hop]
            assert hop_field.relation is not None, f"{model}.{hop} is not relational"
            model = hop_field.relation
        return model, last

    @cached_property
    def hierarchical(self) -> dict[str, str]:
        """Models searchable with child_of through `parent_path`, with their parent field."""
        return {
            name: m.parent_field
            for name, m in self.models.items()
            if m.parent_field and "parent_path" in self._fields[name]
        }


def label(name: str, field: Field) -> str:
    """Odoo's default field label: the name without _id/_ids, words capitalised."""
    if field.string:
        return field.string
    base = name
    for suffix in ("_ids", "_id"):
        if base.endswith(suffix) and base != suffix:
            base = base[: -len(suffix)]
            break
    return base.replace("_", " ").title()
