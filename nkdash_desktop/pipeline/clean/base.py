"""What a dataset's cleaner gets and gives: the raw tables of one business day in, clean frames
out. Cleaners are pure frame functions; reading and writing files is the caller's job."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

import polars as pl


@dataclass(frozen=True)
class RawDay:
    day: date
    timezone: str
    tables: Mapping[str, pl.DataFrame]  # the dataset's raw tables for the day
    snapshots: Mapping[str, pl.DataFrame | None]  # raw dimension snapshots asked for; None: absent


@dataclass(frozen=True)
class DayCleaner:
    clean: Callable[[RawDay], dict[str, pl.DataFrame]]  # clean table name -> frame
    snapshots: tuple[str, ...] = ()  # raw dimension snapshots used as lookups, when present
