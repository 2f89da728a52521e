"""Where each partition lives in the lake: plain hive-style Parquet any tool can read.

<root>/raw/<table>/day=YYYY-MM-DD/data.parquet      as extracted, one file per table and day
<root>/raw/<table>/snapshot.parquet                  dimensions (latest full snapshot)
<root>/clean/<table>/day=YYYY-MM-DD/data.parquet    typed, normalised, deduplicated, per day
<root>/clean/<table>/snapshot.parquet                dimensions, typed and joined
<root>/star-schema/<fact>/month=YYYY-MM/data.parquet facts: one file per month, sorted by day
<root>/star-schema/<fact>/month=YYYY-MM/company=N/data.parquet  large profit facts: per company
<root>/star-schema/<dim>/data.parquet                dimensions: one file each
                  .../.v-<stamp>.parquet             star-schema: recent versions (versions.py)
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

    def month_partition(self, layer: str, table: str, month: date) -> Path:
        return self.root / layer / table / f"month={month:%Y-%m}" / DATA_FILE

    def company_partition(self, layer: str, table: str, month: date, company: int) -> Path:
        """One company's file of a month, for facts stored per company (profit)."""
        return self.root / layer / table / f"month={month:%Y-%m}" / f"company={company}" / DATA_FILE

    def single_file(self, layer: str, table: str) -> Path:
        """A table kept whole in one file (star-schema dimensions)."""
        return self.root / layer / table / DATA_FILE

    # The glob names the data file: DuckDB's `*` also matches dotfiles such as the writers'
    # `.tmp-*` files, so a pattern like `*.parquet` could read a half-written file.
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
