"""Per-cell work done once per distinct value, for the whole-dataset downloads.

A column of a million rows holds far fewer distinct dates, units, comparators or indicators than
rows, and a Python call per cell was most of a large download's time (issue 18). These helpers
call the same per-value function as before (so a file's bytes do not change) once per distinct
value, or distinct combination of values, and spread the results back over the rows as an
Arrow array of texts (taken by index, no Python object per row). Pure functions of pandas,
numpy and pyarrow: no Streamlit, no DuckDB.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa


def _series(values: Sequence[Any] | pd.Series) -> pd.Series:
    return values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)


def _mixed(series: pd.Series) -> bool:
    """Objects of several types, where 1, 1.0 and True would count as one value."""
    return pd.api.types.is_object_dtype(series.dtype) and pd.api.types.infer_dtype(
        series, skipna=True
    ) not in ("string", "empty")


def _per_distinct(series: pd.Series, func: Callable[[Any], Any]) -> tuple[list[Any], np.ndarray]:
    """(`func` of each distinct value, then of the missing values; each row's index into it)."""
    codes, uniques = pd.factorize(series)
    # as Python objects in one conversion (iterating Arrow-backed strings one by one is slow)
    listed = (
        uniques.tolist()
        if isinstance(uniques, np.ndarray)
        else list(np.asarray(uniques, dtype=object))
    )
    results = [func(u) for u in listed]
    missing = codes < 0
    # the last slot holds the missing values' result (the first one's: None, NaN and NaT are one)
    results.append(func(series[missing].iloc[0]) if missing.any() else None)
    return results, np.where(missing, len(results) - 1, codes)


def distinct_texts(values: Sequence[Any] | pd.Series, func: Callable[[Any], str]) -> pa.Array:
    """`func` of every value, as an Arrow array of large strings, computed once per distinct
    value; missing values (None, NaN, NaT) count as one, the first one's. A column of mixed
    types is mapped value by value."""
    series = _series(values)
    if len(series) == 0:
        return pa.array([], type=pa.large_string())
    if _mixed(series):
        return pa.array([func(v) for v in series], type=pa.large_string())
    results, index = _per_distinct(series, func)
    return pa.array(results, type=pa.large_string()).take(pa.array(index))


def distinct_rows(frame: pd.DataFrame, func: Callable[..., str]) -> pa.Array:
    """`func(*row)` of every row of `frame`, computed once per distinct row (missing values
    count as equal), as an Arrow array of large strings."""
    if len(frame) == 0:
        return pa.array([], type=pa.large_string())
    codes = frame.groupby(list(frame.columns), dropna=False, sort=False).ngroup().to_numpy()
    _, first = np.unique(codes, return_index=True)
    results = [func(*row) for row in frame.iloc[first].itertuples(index=False, name=None)]
    return pa.array(results, type=pa.large_string()).take(pa.array(codes))


def texts(values: pd.Series, func: Callable[[Any], str]) -> pa.Array:
    """`func` of every value as an Arrow array of large strings, where `func` gives a text's
    own text and "" for a missing value: a column of texts is taken as it is (no Python object
    per row), any other column goes through `distinct_texts`."""
    if pd.api.types.is_string_dtype(values.dtype) and not _mixed(values):
        return pa.array(values, from_pandas=True, type=pa.large_string()).fill_null("")
    return distinct_texts(values, func)


def texts_bytes(texts: pa.Array | pa.ChunkedArray) -> list[memoryview]:
    """The UTF-8 bytes of an Arrow array of large strings, its texts one after the other, as
    views of its data buffers (one a chunk): nothing copied."""
    chunks = texts.chunks if isinstance(texts, pa.ChunkedArray) else [texts]
    views = []
    for chunk in chunks:
        if len(chunk) == 0:
            continue
        _validity, offsets, data = chunk.buffers()
        bounds = np.frombuffer(offsets, dtype=np.int64)[
            chunk.offset : chunk.offset + len(chunk) + 1
        ]
        views.append(memoryview(data)[bounds[0] : bounds[-1]])
    return views
