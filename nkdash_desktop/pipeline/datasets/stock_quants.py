"""Stock levels: a snapshot of quants in internal and transit locations, filed under the day
it was taken."""

from __future__ import annotations

from nkdash_desktop.pipeline.datasets.base import Dataset, RawTable

DATASET = Dataset(
    name="stock_quants",
    aliases=("stock-quants",),
    description="stock on hand per product, location and lot",
    kind="snapshot",
    tables=(
        RawTable(
            "stock_quants",
            "stock.quant",
            {
                "product_id": "many2one",
                "location_id": "many2one",
                "lot_id": "many2one",
                "quantity": "float",
                "reserved_quantity": "float",
                "in_date": "datetime",
                "company_id": "many2one",
                "write_date": "datetime",
            },
            lambda scope: [
                ("location_id.usage", "in", ["internal", "transit"]),
                *scope.company(),
            ],
        ),
    ),
)
