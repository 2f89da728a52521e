"""Small shops built for the attention rules: a few sales, bills, stock snapshots and receipts
per test, written through the lake's own writers, with profit computed by the real build."""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).parents[1] / "profit"))  # profit_lake

from profit_lake import _invoice_frame, _pos_frame, purchase, sale, write_taxes

from nkdash_desktop.lake.layout import STAR, LakeLayout
from nkdash_desktop.lake.months import replace_days
from nkdash_desktop.lake.schema import DIMS, FACTS, conform, empty_frame
from nkdash_desktop.lake.versions import publish_frame
from nkdash_desktop.pipeline.profit import rebuild_profit

COMPANIES = {1: ("NK Mart", "IDR", "Rp"), 2: ("NK Mart Bali", "USD", "$")}
STOCK, SUPPLIER, CUSTOMER = 10, 11, 12  # locations
FREE_TAX = 9  # a 0% purchase tax: the unit cost is the bill's price


@dataclass
class Shop:
    """Rows of a tiny lake; `build(root)` writes them and computes profit."""

    products: dict[int, str] = field(default_factory=dict)
    sales: list[dict[str, Any]] = field(default_factory=list)
    invoices: list[dict[str, Any]] = field(default_factory=list)
    bills: list[dict[str, Any]] = field(default_factory=list)
    quants: list[dict[str, Any]] = field(default_factory=list)
    moves: list[dict[str, Any]] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    def product(self, product_id: int, name: str = "") -> None:
        self.products[product_id] = name or f"Item {product_id}"

    def sell(
        self,
        day: date,
        product_id: int,
        quantity: float,
        revenue: float,
        *,
        company: int = 1,
        discount: float = 0.0,
        order: int | None = None,
        invoice: bool = False,
    ) -> None:
        self.product(product_id, self.products.get(product_id, ""))
        row = sale(next(self._ids), day, product_id, quantity, revenue, company_id=company)
        if order is not None:
            row["order_id"] = order
        (self.invoices if invoice else self.sales).append({**row, "discount": discount})

    def bill(
        self,
        day: date,
        product_id: int,
        unit_cost: float,
        quantity: float = 10.0,
        *,
        company: int = 1,
        move: int | None = None,
    ) -> int:
        line = next(self._ids)
        self.product(product_id, self.products.get(product_id, ""))
        self.bills.append(
            purchase(
                line,
                day,
                product_id,
                unit_cost,
                quantity,
                taxes=[FREE_TAX],
                move_id=move if move is not None else line,
                company_id=company,
            )
        )
        return line

    def stock(self, day: date, product_id: int, quantity: float, *, company: int = 1) -> None:
        self.product(product_id, self.products.get(product_id, ""))
        self.quants.append(
            {
                "day": day,
                "company_id": company,
                "quant_id": next(self._ids),
                "product_id": product_id,
                "location_id": STOCK,
                "lot_id": None,
                "quantity": quantity,
                "reserved_quantity": 0.0,
                "available_quantity": quantity,
                "in_date": None,
            }
        )

    def receive(self, day: date, product_id: int, quantity: float, *, company: int = 1) -> None:
        line = next(self._ids)
        self.moves.append(
            {
                "day": day,
                "company_id": company,
                "move_line_id": line,
                "move_id": line,
                "date": None,
                "picking_id": line,
                "picking_code": "incoming",
                "reference": f"WH/IN/{line}",
                "product_id": product_id,
                "lot_id": None,
                "uom_id": 1,
                "location_id": SUPPLIER,
                "location_usage": "supplier",
                "location_dest_id": STOCK,
                "location_dest_usage": "internal",
                "direction": "in",
                "quantity": quantity,
                "quantity_signed": quantity,
            }
        )

    def build(self, root: Path) -> LakeLayout:
        layout = LakeLayout(root)
        write_taxes(layout)
        self._dims(layout)
        discounts = [r["discount"] for r in self.sales]
        pos = _pos_frame(self.sales) if self.sales else empty_frame(FACTS["fact_sales"])
        if self.sales:
            pos = pos.with_columns(discount_percent=pl.Series(discounts, dtype=pl.Float64))
        self._write(layout, "fact_sales", pos)
        inv = _invoice_frame(self.invoices) if self.invoices else None
        self._write(layout, "fact_invoice_sales", inv)
        bills = conform(FACTS["fact_purchases"], pl.DataFrame(self.bills)) if self.bills else None
        self._write(layout, "fact_purchases", bills)
        quants = pl.DataFrame(self.quants) if self.quants else None
        self._write(layout, "fact_stock_quants", quants)
        moves = pl.DataFrame(self.moves) if self.moves else None
        self._write(layout, "fact_inventory_moves", moves)
        rebuild_profit(layout, {})
        return layout

    @staticmethod
    def _write(layout: LakeLayout, fact: str, rows: pl.DataFrame | None) -> None:
        if rows is None or rows.is_empty():
            return
        rows = conform(FACTS[fact], rows)
        replace_days(layout, FACTS[fact], set(rows["day"].to_list()), rows)

    def _dims(self, layout: LakeLayout) -> None:
        def publish(name: str, rows: list[dict[str, Any]]) -> None:
            frame = pl.DataFrame(rows, infer_schema_length=None)
            for column in DIMS[name].names:
                if column not in frame.columns:
                    frame = frame.with_columns(pl.lit(None).alias(column))
            publish_frame(conform(DIMS[name], frame), layout.single_file(STAR, name))

        publish(
            "dim_companies",
            [
                {"company_id": c, "name": n, "currency_code": code, "currency_symbol": sym}
                for c, (n, code, sym) in COMPANIES.items()
            ],
        )
        publish(
            "dim_products",
            [
                {"product_id": p, "name": n, "is_storable": True, "archived": False}
                for p, n in sorted(self.products.items())
            ],
        )
        publish(
            "dim_locations",
            [
                {"location_id": STOCK, "name": "Stock", "full_path": "WH/Stock",
                 "usage": "internal", "is_internal": True},
                {"location_id": SUPPLIER, "name": "Vendors", "full_path": "Partners/Vendors",
                 "usage": "supplier", "is_internal": False},
                {"location_id": CUSTOMER, "name": "Customers",
                 "full_path": "Partners/Customers", "usage": "customer", "is_internal": False},
            ],
        )  # fmt: skip
        publish("dim_partners", [{"partner_id": 20, "name": "PT Supplier", "is_vendor": True}])
