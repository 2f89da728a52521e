"""The registry of datasets, in the order a sync runs them (and the lake's docs list them).

A dataset is one module of this package (see `base.py`); registering it is one line below."""

from __future__ import annotations

from nkdash_desktop.datasets import (
    dimensions,
    inventory_moves,
    invoice_sales,
    payments,
    pos_lines,
    purchases,
    stock_quants,
)
from nkdash_desktop.datasets.base import Dataset, RawDay, RawTable, Scope

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        dimensions.DATASET,
        pos_lines.DATASET,
        payments.DATASET,
        invoice_sales.DATASET,
        purchases.DATASET,
        inventory_moves.DATASET,
        stock_quants.DATASET,
    )
}


class UnknownDatasetError(ValueError):
    pass


def get_dataset(name: str) -> Dataset:
    """A dataset by its name or by the web version's target name (`pos`, `invoice-sales`...)."""
    key = name.strip().lower()
    for dataset in DATASETS.values():
        if key == dataset.name or key in dataset.aliases or key.replace("-", "_") == dataset.name:
            return dataset
    known = ", ".join(DATASETS)
    raise UnknownDatasetError(f"unknown dataset {name!r}; the datasets are: {known}")


__all__ = [
    "DATASETS",
    "Dataset",
    "RawDay",
    "RawTable",
    "Scope",
    "UnknownDatasetError",
    "get_dataset",
]
