"""The one CSV writer of every download: cells a spreadsheet would run are neutralised.

OWASP's CSV-injection guidance: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula (`=HYPERLINK(...)`,
`@SUM(...)`, `-2+3`); such a text cell is written with a single quote in front (`'=1+1`), which
the spreadsheet shows as the text and does not evaluate. Numbers stay numbers: a cell of a
numeric column that is a plain number (`-2.5`, `1e-3`) is written as it is; anything else in a
numeric column is treated as text. Comparators are written in words ("more than", never ">"
or "=") by the callers (`etl.figures.comparator_words`).

Used by the per-chart CSVs (`tracker.frames.chart_csv_bytes`), the dataset CSV and the data
package's CSVs (`tracker.export`). Pure functions: no Streamlit, no DuckDB.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.figures import text_of
from tracker.columns import distinct_texts, texts_bytes

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
NUMBER_PATTERN = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
NUMBER = re.compile(NUMBER_PATTERN + r"\Z")
# The same two tests for Arrow's (RE2) regular expressions, whose $ is the end of the text.
ARROW_NUMBER = NUMBER_PATTERN + "$"
ARROW_FORMULA_START = "^[" + re.escape("".join(FORMULA_STARTS)) + "]"


def cell(value: Any, numeric: bool = False) -> str:
    """One cell's text: a number of a numeric column as it is; any other text that starts
    like a formula with a single quote in front."""
    text = text_of(value)
    if numeric and NUMBER.match(text):
        return text
    return QUOTE + text if text.startswith(FORMULA_STARTS) else text


def is_neutral(text: str, numeric: bool = False) -> bool:
    """Whether a written cell is safe to open: not formula-like (or a number of a numeric
    column)."""
    return (numeric and bool(NUMBER.match(text))) or not text.startswith(FORMULA_STARTS)


Texts = pa.Array | pa.ChunkedArray


def _texts(values: Sequence[str] | Texts) -> Texts:
    """Texts as Arrow large strings (a column of the dataset CSV passes 2 GB at 10^7 rows)."""
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return values.cast(pa.large_string())
    return pa.array(np.asarray(values, dtype=object), type=pa.large_string())


def _text_scalar(text: str) -> pa.Scalar:
    return pa.scalar(text, type=pa.large_string())


def _prefixed(prefix: str, texts: Texts, suffix: str = "") -> Texts:
    return pc.binary_join_element_wise(
        _text_scalar(prefix), texts, _text_scalar(suffix), _text_scalar("")
    )


def neutralised(texts: Sequence[str] | Texts, numeric: bool = False) -> Texts:
    """`cell` of every text of a column of texts, by Arrow's vectorised string functions: the
    texts that start like a formula (and, in a numeric column, are not plain numbers) get the
    quote in front."""
    texts = _texts(texts)
    risky = pc.match_substring_regex(texts, ARROW_FORMULA_START)
    if numeric:
        risky = pc.and_(risky, pc.invert(pc.match_substring_regex(texts, ARROW_NUMBER)))
    if not pc.any(risky).as_py():  # most columns: nothing to change, nothing copied
        return texts
    return pc.if_else(risky, _prefixed(QUOTE, texts), texts)


def safe_column(
    values: Sequence[Any] | pd.Series,
    numeric: bool = False,
    text: Callable[[Any], str] | None = text_of,
) -> Texts:
    """Every cell of one column as `cell` writes it, after `text` (a value's text, computed
    once per distinct value) formats it; `text=None`: the values are texts already."""
    return neutralised(values if text is None else distinct_texts(values, text), numeric)


def quoted(texts: Sequence[str] | Texts, lineterminator: str) -> Texts:
    """Each text as the csv module's writer (QUOTE_MINIMAL) writes a field: in double quotes,
    its quotes doubled, when it holds the delimiter, a quote or a character of the line
    terminator (Python 3.11's rule; `tests/app/test_safe_downloads.py` holds the two to the same
    text)."""
    texts = _texts(texts)
    specials = "".join(sorted({",", '"', *lineterminator}))
    needs = pc.match_substring_regex(texts, "[" + re.escape(specials) + "]")
    if not pc.any(needs).as_py():
        return texts
    escaped = _prefixed('"', pc.replace_substring(texts, '"', '""'), '"')
    return pc.if_else(needs, escaped, texts)


def csv_bytes(
    columns: Sequence[str],
    cells: Sequence[Sequence[str] | Texts],
    lineterminator: str = "\r\n",
    prefix: bytes = b"",
) -> bytes:
    """A CSV, as UTF-8 after `prefix` (a byte-order mark, say), of a header and columns of
    cells already made safe (`safe_column`), one sequence per column: the same text as the csv
    module's writer, quoted and joined column by column with Arrow, whose joined lines are the
    file's bytes, copied once (the csv module took 13 s a million rows of the dataset CSV)."""
    header = io.StringIO()
    csv.writer(header, lineterminator=lineterminator).writerow([cell(c) for c in columns])
    head = prefix + header.getvalue().encode("utf-8")
    fields = [quoted(column, lineterminator) for column in cells]
    if not fields or len(fields[0]) == 0:
        return head
    if len(fields) == 1:  # the csv module writes a row of one empty field as ""
        fields = [pc.if_else(pc.equal(fields[0], ""), _text_scalar('""'), fields[0])]
    # the line terminator after the last field: only that column is copied again
    fields[-1] = _prefixed("", fields[-1], lineterminator)
    lines = pc.binary_join_element_wise(*fields, _text_scalar(","))
    del fields
    return b"".join([head, *texts_bytes(lines)])


def write_columns(
    columns: Sequence[str],
    cells: Sequence[Sequence[str] | Texts],
    lineterminator: str = "\r\n",
) -> str:
    """`csv_bytes` as text."""
    return csv_bytes(columns, cells, lineterminator).decode("utf-8")


def write(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    numeric: Collection[str] = (),
    lineterminator: str = "\r\n",
) -> str:
    """A CSV (header, then the rows in `columns`' order) with every cell made safe by `cell`;
    the columns named in `numeric` keep their plain numbers."""
    by_column = list(zip(*rows, strict=True)) or [() for _ in columns]
    cells = [
        safe_column(values, name in numeric)
        for name, values in zip(columns, by_column, strict=True)
    ]
    return write_columns(columns, cells, lineterminator)


def frame_csv(frame: pd.DataFrame, numeric: Collection[str] = (), lineterminator="\n") -> str:
    """A DataFrame's columns and rows as a safe CSV (no index)."""
    columns = [str(c) for c in frame.columns]
    cells = [safe_column(frame.iloc[:, i], name in numeric) for i, name in enumerate(columns)]
    return write_columns(columns, cells, lineterminator)
