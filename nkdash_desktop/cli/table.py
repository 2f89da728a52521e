"""A KPI table as lines of text: the columns kpi.columns declares, with their titles, and each
cell as the app's table shows it."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from nkdash_desktop.kpi.columns import NUMERIC_KINDS, Column, cell_text, column_title

NOTE_CHARS = 60  # a note (an error) is cut here, as the app's table cuts it to a width
GAP = "  "


def text_table(columns: Sequence[Column], frame: pl.DataFrame, symbol: str = "") -> list[str]:
    """The header, a rule and one line per row; figures right-aligned."""
    titles = [column_title(c) for c in columns]
    texts = [[cell_text(c.kind, v, symbol) for v in frame[c.key]] for c in columns]
    for c, cells in zip(columns, texts, strict=True):
        if c.kind == "note":
            cells[:] = [t if len(t) <= NOTE_CHARS else t[: NOTE_CHARS - 1] + "…" for t in cells]
    widths = [max([len(t), *map(len, cells)]) for t, cells in zip(titles, texts, strict=True)]

    def line(values: Sequence[str]) -> str:
        placed = [
            v.rjust(w) if c.kind in NUMERIC_KINDS else v.ljust(w)
            for c, v, w in zip(columns, values, widths, strict=True)
        ]
        return GAP.join(placed).rstrip()

    rows = [line([cells[r] for cells in texts]) for r in range(frame.height)]
    return [line(titles), GAP.join("-" * w for w in widths), *rows]
