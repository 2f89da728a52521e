"""Where each partition lives in the lake: plain hive-style Parquet any tool can read.

<root>/raw/<table>/day=YYYY-MM-DD/data.parquet      as extracted, one file per table and day
<root>/raw/<table>/snapshot.parquet                  dimensions (latest full snapshot)
<root>/clean/...                                     typed, normalised, deduplicated
<root>/star-schema/...                               facts and dimensions
<root>/metadata/                                     state database and lock
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

RAW, CLEAN, STAR, METADATA = "raw", "clean", "star-schema", "metadata"
DATA_FILE = "data.parquet"


@dataclass(frozen=True)
class LakeLayout:
    root: Path

    def layer(self, layer: str) -> Path:
        return self.root / layer

    def day_partition(self, layer: str, table: str, day: date) -> Path:
        return self.root / layer / table / f"day={day.isoformat()}" / DATA_FILE

    def snapshot(self, layer: str, table: str) -> Path:
        return self.root / layer / table / "snapshot.parquet"

    def table_glob(self, layer: str, table: str) -> str:
        """A glob over every day partition of a table, for DuckDB/Polars readers."""
        return str(self.root / layer / table / "day=*" / DATA_FILE)

    def days(self, layer: str, table: str) -> list[date]:
        folder = self.root / layer / table
        if not folder.is_dir():
            return []
        return sorted(
            date.fromisoformat(p.name[4:]) for p in folder.glob("day=*") if (p / DATA_FILE).exists()
        )

    @property
    def metadata(self) -> Path:
        return self.root / METADATA
