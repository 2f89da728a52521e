"""The demo Odoo's models: every field it serves, per Odoo version ("flavour").

This registry is the contract between the data generator (which fills one DuckDB table per
model) and the query engine (which answers Odoo calls from those tables). Field names, types and
relations follow a real Odoo 19 `fields_get` (shared/reference/odoo19-fields.json); the few that
differ on 16-18 are marked with `flavours`.

Storage rules:
- a field with neither `related` nor `inverse` has a column in its model's table, named
  `column` or, by default, the field's own name;
- many2one columns hold the related id (BIGINT, NULL for False);
- many2many columns hold a LIST of BIGINT ids;
- one2many fields (`inverse`) have no column: they are the ids of `relation` rows whose
  `inverse` many2one points here;
- `related` fields have no column: they are read and searched through a dotted path.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

FLAVOURS: tuple[int, ...] = (16, 17, 18, 19)
ALL = frozenset(FLAVOURS)

# Server-level options that add models and fields, as Odoo add-ons do.
OPTION_POS_HR = "pos_hr"  # hr.employee and pos.order.employee_id (cashiers)
OPTION_BRAND = "product_brand"  # OCA product_brand: product.brand and product_brand_id


@dataclass(frozen=True)
class Field:
    type: str  # char text html integer float monetary boolean date datetime selection
    # many2one one2many many2many
    relation: str | None = None
    inverse: str | None = None  # one2many: the many2one on `relation` pointing back here
    related: str | None = None  # dotted path computed at query time (no column)
    column: str | None = None  # storage column when it differs from the field name
    stored: bool = True  # what fields_get reports (and whether order/group may use it)
    flavours: frozenset[int] = ALL
    option: str | None = None  # only present when this server option is on
    selection: tuple[str, ...] = ()
    string: str | None = None
    stored_from: int | None = None  # not stored before this version, stored from it on
    float_until: int | None = None  # a monetary field that was a float up to this version
    # a value per company (Odoo's company_dependent): stored as a JSON map company id -> value,
    # as Odoo 17+ stores it in jsonb; a read gives the current company's value (0 when unset)
    company_dependent: bool = False


@dataclass(frozen=True)
class Model:
    name: str
    fields: dict[str, Field]
    rec_name: str = "name"
    order: str = "id"
    option: str | None = None
    flavours: frozenset[int] = ALL
    # models whose `name` is computed from a parent chain keep `parent_path` for child_of
    parent_field: str | None = None

    @property
    def table(self) -> str:
        return self.name.replace(".", "_")

    @property
    def has_active(self) -> bool:
        return "active" in self.fields


def m2o(relation: str, **kw) -> Field:
    return Field("many2one", relation=relation, **kw)


def o2m(relation: str, inverse: str, **kw) -> Field:
    return Field("one2many", relation=relation, inverse=inverse, stored=True, **kw)


def m2m(relation: str, **kw) -> Field:
    return Field("many2many", relation=relation, **kw)


def sel(*values: str, **kw) -> Field:
    return Field("selection", selection=values, **kw)


CHAR, TEXT, INT, FLOAT, MONEY, BOOL, DATE, DT = (
    Field("char"),
    Field("text"),
    Field("integer"),
    Field("float"),
    Field("monetary"),
    Field("boolean"),
    Field("date"),
    Field("datetime"),
)
POS_MONEY = Field("monetary", float_until=16)  # POS amounts were floats on 16

AUDIT = {
    "id": INT,
    "create_date": DT,
    "write_date": DT,
}
FROM_17 = frozenset({17, 18, 19})
FROM_18 = frozenset({18, 19})
UPTO_17 = frozenset({16, 17})
ONLY_16 = frozenset({16})
ONLY_19 = frozenset({19})
UPTO_18 = frozenset({16, 17, 18})


def model(name: str, fields: dict[str, Field], **kw) -> Model:
    return Model(name, {**AUDIT, **fields}, **kw)


MODELS: dict[str, Model] = {
    m.name: m
    for m in [
        model(
            "res.currency",
            {
                "name": CHAR,
                "symbol": CHAR,
                "decimal_places": INT,
                "rounding": FLOAT,
                "active": BOOL,
            },
        ),
        model(
            # each company's rate of another currency from a date on (company_id set: the demo's
            # companies keep rates of their own, as a multi-currency group does)
            "res.currency.rate",
            {
                "name": DATE,
                "rate": FLOAT,
                "currency_id": m2o("res.currency"),
                "company_id": m2o("res.company"),
            },
            rec_name="name",
            order="name desc, id",
        ),
        model(
            "res.company",
            {
                "name": CHAR,
                "currency_id": m2o("res.currency"),
                "partner_id": m2o("res.partner"),
                "parent_id": m2o("res.company"),
                "active": BOOL,
                "tax_calculation_rounding_method": sel("round_per_line", "round_globally"),
            },
        ),
        model(
            "res.partner",
            {
                "name": CHAR,
                "is_company": BOOL,
                "parent_id": m2o("res.partner"),
                "supplier_rank": INT,
                "customer_rank": INT,
                "active": BOOL,
                "company_id": m2o("res.company"),
                "ref": CHAR,
                "email": CHAR,
                "phone": CHAR,
                "city": CHAR,
                "vat": CHAR,
                "tz": sel("Asia/Jakarta", "UTC", "Europe/Brussels"),
            },
        ),
        model(
            "res.users",
            {
                "name": CHAR,
                "login": CHAR,
                "partner_id": m2o("res.partner"),
                "company_id": m2o("res.company"),
                "company_ids": m2m("res.company"),
                "active": BOOL,
                "share": BOOL,
                "tz": sel("Asia/Jakarta", "UTC", "Europe/Brussels"),
            },
        ),
        model(
            "hr.employee",
            {
                "name": CHAR,
                "user_id": m2o("res.users"),
                "company_id": m2o("res.company"),
                "active": BOOL,
            },
            option=OPTION_POS_HR,
        ),
        model(
            "ir.module.module",
            {
                "name": CHAR,
                "state": sel("installed", "uninstalled", "to install"),
                "latest_version": CHAR,
            },
        ),
        model("ir.model", {"model": CHAR, "name": CHAR}, rec_name="name"),
        model(
            "product.category",
            {
                "name": CHAR,
                "complete_name": CHAR,
                "parent_id": m2o("product.category"),
                "parent_path": CHAR,
                "child_id": o2m("product.category", "parent_id"),
            },
            rec_name="complete_name",
            order="complete_name",
            parent_field="parent_id",
        ),
        model("uom.uom", {"name": CHAR, "factor": FLOAT, "rounding": FLOAT, "active": BOOL}),
        model("product.brand", {"name": CHAR, "active": BOOL}, option=OPTION_BRAND),
        model(
            "product.template",
            {
                "name": CHAR,
                "default_code": CHAR,
                "barcode": CHAR,
                "categ_id": m2o("product.category"),
                "list_price": FLOAT,
                "standard_price": FLOAT,
                "uom_id": m2o("uom.uom"),
                "active": BOOL,
                "type": Field(
                    "selection"
                ),  # 16-17: consu/service/product; 18+: consu/service/combo
                "detailed_type": sel("consu", "service", "product", flavours=UPTO_17),
                "is_storable": Field("boolean", flavours=FROM_18),
                "taxes_id": m2m("account.tax"),
                "supplier_taxes_id": m2m("account.tax"),
                "product_brand_id": m2o("product.brand", option=OPTION_BRAND),
                "product_variant_ids": o2m("product.product", "product_tmpl_id"),
                "available_in_pos": BOOL,
                "sale_ok": BOOL,
                "purchase_ok": BOOL,
                "company_id": m2o("res.company"),
            },
            order="name",
        ),
        model(
            "product.product",
            {
                "product_tmpl_id": m2o("product.template"),
                "default_code": CHAR,
                "barcode": CHAR,
                "name": Field("char", related="product_tmpl_id.name", stored=False),
                "categ_id": m2o(
                    "product.category", related="product_tmpl_id.categ_id", stored=False
                ),
                "list_price": Field("float", related="product_tmpl_id.list_price", stored=False),
                "lst_price": Field("float", related="product_tmpl_id.list_price", stored=False),
                "standard_price": Field("float", company_dependent=True),
                "uom_id": m2o("uom.uom", related="product_tmpl_id.uom_id", stored=False),
                "active": BOOL,
                "type": Field("selection", related="product_tmpl_id.type", stored=False),
                "detailed_type": Field(
                    "selection",
                    related="product_tmpl_id.detailed_type",
                    stored=False,
                    flavours=UPTO_17,
                ),
                "is_storable": Field(
                    "boolean", related="product_tmpl_id.is_storable", stored=False, flavours=FROM_18
                ),
                "taxes_id": m2m("account.tax", related="product_tmpl_id.taxes_id", stored=False),
                "supplier_taxes_id": m2m(
                    "account.tax", related="product_tmpl_id.supplier_taxes_id", stored=False
                ),
                "product_brand_id": m2o(
                    "product.brand",
                    related="product_tmpl_id.product_brand_id",
                    stored=False,
                    option=OPTION_BRAND,
                ),
                "company_id": m2o(
                    "res.company", related="product_tmpl_id.company_id", stored=False
                ),
            },
            rec_name="display_name",
            order="default_code, id",
        ),
        model(
            "account.tax",
            {
                "name": CHAR,
                "amount": FLOAT,
                "amount_type": sel("group", "fixed", "percent", "division"),
                "type_tax_use": sel("sale", "purchase", "none"),
                # stored boolean on 16-17; on 18+ computed from price_include_override
                "price_include": Field("boolean"),
                "price_include_override": sel("tax_included", "tax_excluded", flavours=FROM_18),
                "children_tax_ids": m2m("account.tax"),
                "include_base_amount": BOOL,
                "company_id": m2o("res.company"),
                "active": BOOL,
                "sequence": INT,
            },
            order="sequence, id",
        ),
        model(
            "account.journal",
            {
                "name": CHAR,
                "code": CHAR,
                "type": sel("sale", "purchase", "cash", "bank", "general"),
                "company_id": m2o("res.company"),
                "active": BOOL,
            },
        ),
        model(
            "account.account",
            {"name": CHAR, "code": CHAR, "account_type": CHAR, "active": BOOL},
            rec_name="code",
        ),
        model(
            "pos.payment.method",
            {"name": CHAR, "company_id": m2o("res.company"), "active": BOOL, "is_cash_count": BOOL},
        ),
        model(
            "pos.config",
            {
                "name": CHAR,
                "company_id": m2o("res.company"),
                "active": BOOL,
                "payment_method_ids": m2m("pos.payment.method"),
                "module_pos_hr": BOOL,
            },
        ),
        model(
            "pos.session",
            {
                "name": CHAR,
                "config_id": m2o("pos.config"),
                "user_id": m2o("res.users"),
                "state": sel("opening_control", "opened", "closing_control", "closed"),
                "start_at": DT,
                "stop_at": DT,
                "company_id": m2o("res.company"),
            },
            order="id desc",
        ),
        model(
            "pos.order",
            {
                "name": CHAR,
                "pos_reference": CHAR,
                "date_order": DT,
                # 16-18: draft cancel paid done invoiced; 19: draft cancel paid done
                "state": Field("selection"),
                "partner_id": m2o("res.partner"),
                "user_id": m2o("res.users"),
                "employee_id": m2o("hr.employee", option=OPTION_POS_HR),
                "session_id": m2o("pos.session"),
                # related on every version; stored (searchable, groupable) from Odoo 17 on
                "config_id": m2o("pos.config", related="session_id.config_id", stored_from=17),
                "company_id": m2o("res.company"),
                "currency_id": m2o("res.currency"),
                "amount_total": POS_MONEY,
                "amount_tax": POS_MONEY,
                "amount_paid": POS_MONEY,
                "amount_return": POS_MONEY,
                "lines": o2m("pos.order.line", "order_id"),
                "payment_ids": o2m("pos.payment", "pos_order_id"),
                "account_move": m2o("account.move"),
                "is_refund": Field("boolean", flavours=ONLY_19),
                "internal_note": TEXT,
            },
            order="date_order desc, name desc, id desc",
        ),
        model(
            "pos.order.line",
            {
                "name": CHAR,
                "full_product_name": CHAR,
                "order_id": m2o("pos.order"),
                "product_id": m2o("product.product"),
                "qty": FLOAT,
                "price_unit": FLOAT,
                "discount": FLOAT,
                "price_subtotal": POS_MONEY,
                "price_subtotal_incl": POS_MONEY,
                "tax_ids": m2m("account.tax"),
                "total_cost": FLOAT,
                "is_total_cost_computed": BOOL,
                "refunded_orderline_id": m2o("pos.order.line"),
                "company_id": m2o("res.company"),
            },
        ),
        model(
            "pos.payment",
            {
                "name": CHAR,
                "pos_order_id": m2o("pos.order"),
                "amount": MONEY,
                "payment_method_id": m2o("pos.payment.method"),
                "payment_date": DT,
                "is_change": BOOL,
                "session_id": m2o("pos.session"),
                "company_id": m2o("res.company"),
                # related to the order's currency on every version, not stored
                "currency_id": m2o(
                    "res.currency", related="pos_order_id.currency_id", stored=False
                ),
            },
            order="id desc",
        ),
        model(
            "account.move",
            {
                "name": CHAR,
                "ref": CHAR,
                "move_type": sel(
                    "entry",
                    "out_invoice",
                    "out_refund",
                    "in_invoice",
                    "in_refund",
                    "out_receipt",
                    "in_receipt",
                ),
                "state": sel("draft", "posted", "cancel"),
                "date": DATE,
                "invoice_date": DATE,
                "partner_id": m2o("res.partner"),
                "invoice_user_id": m2o("res.users"),
                "company_id": m2o("res.company"),
                "currency_id": m2o("res.currency"),
                "journal_id": m2o("account.journal"),
                "amount_untaxed": MONEY,
                "amount_tax": MONEY,
                "amount_total": MONEY,
                "amount_untaxed_signed": MONEY,
                "amount_tax_signed": MONEY,
                "amount_total_signed": MONEY,
                # the move's rate, stored from Odoo 17 on (16 looks it up by date each time)
                "invoice_currency_rate": Field("float", flavours=FROM_17),
                "reversed_entry_id": m2o("account.move"),
                "pos_order_ids": o2m("pos.order", "account_move"),
                "line_ids": o2m("account.move.line", "move_id"),
                "invoice_origin": CHAR,
                "narration": Field("html"),
            },
            order="date desc, name desc, id desc",
        ),
        model(
            "account.move.line",
            {
                "name": CHAR,
                "move_id": m2o("account.move"),
                "move_name": Field("char", related="move_id.name"),
                "date": Field("date", related="move_id.date"),
                "parent_state": Field("selection", related="move_id.state"),
                "move_type": Field("selection", related="move_id.move_type", stored=False),
                "company_id": m2o("res.company"),
                "journal_id": m2o("account.journal", related="move_id.journal_id"),
                "display_type": sel(
                    "product",
                    "cogs",
                    "tax",
                    "discount",
                    "rounding",
                    "payment_term",
                    "line_section",
                    "line_note",
                    "epd",
                ),
                "product_id": m2o("product.product"),
                "quantity": FLOAT,
                "price_unit": FLOAT,
                "discount": FLOAT,
                "price_subtotal": MONEY,
                "price_total": MONEY,
                "balance": MONEY,
                "debit": MONEY,
                "credit": MONEY,
                "amount_currency": MONEY,
                "currency_id": m2o("res.currency"),
                "tax_ids": m2m("account.tax"),
                "tax_line_id": m2o("account.tax"),
                "product_uom_id": m2o("uom.uom"),
                "account_id": m2o("account.account"),
                "partner_id": m2o("res.partner"),
            },
            order="date desc, move_name desc, id",
        ),
        model(
            "stock.location",
            {
                "name": CHAR,
                "complete_name": CHAR,
                "location_id": m2o("stock.location"),
                "usage": sel(
                    "supplier", "view", "internal", "customer", "inventory", "production", "transit"
                ),
                "active": BOOL,
                "company_id": m2o("res.company"),
                "parent_path": CHAR,
            },
            rec_name="complete_name",
            order="complete_name, id",
            parent_field="location_id",
        ),
        model(
            "stock.picking.type",
            {
                "name": CHAR,
                "code": sel("incoming", "outgoing", "internal"),
                "sequence_code": CHAR,
                "company_id": m2o("res.company"),
                "active": BOOL,
                "default_location_src_id": m2o("stock.location"),
                "default_location_dest_id": m2o("stock.location"),
            },
            order="sequence_code, id",
        ),
        model(
            "stock.picking",
            {
                "name": CHAR,
                "picking_type_id": m2o("stock.picking.type"),
                "location_id": m2o("stock.location"),
                "location_dest_id": m2o("stock.location"),
                "state": sel("draft", "waiting", "confirmed", "assigned", "done", "cancel"),
                "date_done": DT,
                "scheduled_date": DT,
                "origin": CHAR,
                "partner_id": m2o("res.partner"),
                "company_id": m2o("res.company"),
                "move_ids": o2m("stock.move", "picking_id"),
                "picking_type_code": Field(
                    "selection", related="picking_type_id.code", stored=False
                ),
            },
            order="id desc",
        ),
        model(
            "stock.lot",
            {
                "name": CHAR,
                "product_id": m2o("product.product"),
                "ref": CHAR,
                "company_id": m2o("res.company"),
            },
        ),
        model(
            "stock.move",
            {
                "reference": CHAR,
                "origin": CHAR,
                "product_id": m2o("product.product"),
                "product_uom_qty": FLOAT,
                "quantity_done": Field("float", column="quantity", flavours=ONLY_16),
                "quantity": Field("float", flavours=FROM_17),
                "product_uom": m2o("uom.uom"),
                "location_id": m2o("stock.location"),
                "location_dest_id": m2o("stock.location"),
                "state": sel(
                    "draft",
                    "waiting",
                    "confirmed",
                    "partially_available",
                    "assigned",
                    "done",
                    "cancel",
                ),
                "date": DT,
                "picking_id": m2o("stock.picking"),
                "picking_type_id": m2o("stock.picking.type"),
                "price_unit": FLOAT,
                "is_inventory": BOOL,
                "company_id": m2o("res.company"),
                "move_line_ids": o2m("stock.move.line", "move_id"),
            },
            rec_name="reference",
            order="id",
        ),
        model(
            "stock.move.line",
            {
                "date": DT,
                "state": sel(
                    "draft",
                    "waiting",
                    "confirmed",
                    "partially_available",
                    "assigned",
                    "done",
                    "cancel",
                ),
                "product_id": m2o("product.product"),
                "qty_done": Field("float", column="quantity", flavours=ONLY_16),
                "quantity": Field("float", flavours=FROM_17),
                "product_uom_id": m2o("uom.uom"),
                "location_id": m2o("stock.location"),
                "location_dest_id": m2o("stock.location"),
                "picking_id": m2o("stock.picking"),
                "move_id": m2o("stock.move"),
                "lot_id": m2o("stock.lot"),
                "reference": Field("char", related="move_id.reference"),
                "picking_code": Field(
                    "selection", related="picking_id.picking_type_id.code", stored=False
                ),
                "picking_type_id": m2o(
                    "stock.picking.type", related="move_id.picking_type_id", stored=False
                ),
                "location_usage": Field("selection", related="location_id.usage", stored=False),
                "location_dest_usage": Field(
                    "selection", related="location_dest_id.usage", stored=False
                ),
                "company_id": m2o("res.company"),
            },
            rec_name="reference",
            order="id",
        ),
        model(
            "stock.quant",
            {
                "product_id": m2o("product.product"),
                "location_id": m2o("stock.location"),
                "lot_id": m2o("stock.lot"),
                "quantity": FLOAT,
                "reserved_quantity": FLOAT,
                "inventory_quantity": FLOAT,
                "in_date": DT,
                "company_id": m2o("res.company"),
            },
            rec_name="id",
        ),
    ]
}


@dataclass(frozen=True)
class Flavour:
    """The demo server's view of one Odoo version with a set of add-ons."""

    version: int
    options: frozenset[str] = field(default_factory=lambda: frozenset({OPTION_POS_HR}))

    def models(self) -> dict[str, Model]:
        return {n: m for n, m in MODELS.items() if self.has_model(m)}

    def has_model(self, m: Model) -> bool:
        return self.version in m.flavours and (m.option is None or m.option in self.options)

    def fields(self, model_name: str) -> dict[str, Field]:
        m = MODELS[model_name]
        return {
            n: self._versioned(f)
            for n, f in m.fields.items()
            if self.version in f.flavours and (f.option is None or f.option in self.options)
        }

    def _versioned(self, f: Field) -> Field:
        if f.float_until is not None and self.version <= f.float_until:
            f = replace(f, type="float")
        if f.stored_from is None:
            return f
        return replace(f, stored=self.version >= f.stored_from)

    @property
    def pos_states(self) -> tuple[str, ...]:
        base = ("draft", "cancel", "paid", "done")
        return (*base, "invoiced") if self.version <= 18 else base

    @property
    def has_json2(self) -> bool:
        return self.version >= 19

    @property
    def server_version(self) -> str:
        return f"{self.version}.0"

    @property
    def error_code(self) -> int:
        # JSON-RPC error envelopes carry code 200 up to 18 and 0 on 19 (odoo-api.md)
        return 0 if self.version >= 19 else 200
