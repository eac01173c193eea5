"""The one CSV writer of every download: cells a spreadsheet would run are neutralised.

OWASP's CSV-injection guidance: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula (`=HYPERLINK(...)`,
`@SUM(...)`, `-2+3`); such a text cell is written with a single quote in front (`'=1+1`), which
the spreadsheet shows as the text and does not evaluate. Numbers stay numbers: a cell of a
numeric column that is a plain number (`-2.5`, `1e-3`) is written as it is; anything else in a
numeric column is treated as text. Comparators are written in words ("more than", never ">"
or "=") by the callers (`etl.figures.comparator_words`).

Used by the per-chart CSVs (`tracker.frames.csv_bytes`), the dataset CSV and the data
package's CSVs (`tracker.export`). Pure functions: no Streamlit, no DuckDB.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Sequence
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def _text(value: Any) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def cell(value: Any, numeric: bool = False) -> str:
    """One cell's text: a number of a numeric column as it is; any other text that starts
    like a formula with a single quote in front."""
    text = _text(value)
    if numeric and NUMBER.match(text):
        return text
    return QUOTE + text if text.startswith(FORMULA_STARTS) else text


def is_neutral(text: str, numeric: bool = False) -> bool:
    """Whether a written cell is safe to open: not formula-like (or a number of a numeric
    column)."""
    return (numeric and bool(NUMBER.match(text))) or not text.startswith(FORMULA_STARTS)


def write(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    numeric: Collection[str] = (),
    lineterminator: str = "\r\n",
) -> str:
    """A CSV (header, then the rows in `columns`' order) with every cell made safe by `cell`;
    the columns named in `numeric` keep their plain numbers."""
    flags = [c in numeric for c in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow([cell(c) for c in columns])
    for row in rows:
        writer.writerow([cell(v, n) for v, n in zip(row, flags, strict=True)])
    return out.getvalue()


def frame_csv(frame: pd.DataFrame, numeric: Collection[str] = (), lineterminator="\n") -> str:
    """A DataFrame's columns and rows as a safe CSV (no index)."""
    return write(
        [str(c) for c in frame.columns],
        frame.itertuples(index=False, name=None),
        numeric=numeric,
        lineterminator=lineterminator,
    )
