"""Per-cell work done once per distinct value, for the whole-dataset downloads.

A column of a million rows holds far fewer distinct dates, units, comparators or indicators than
rows, and a Python call per cell was most of a large download's time (issue 18). These helpers
call the same per-value function as before (so a file's bytes do not change) once per distinct
value, or distinct combination of values, and spread the results back over the rows. Pure
functions of pandas and numpy: no Streamlit, no DuckDB.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd


def distinct_mapped(values: Sequence[Any] | pd.Series, func: Callable[[Any], Any]) -> np.ndarray:
    """`func` of every value, as an object array, computed once per distinct value; missing
    values (None, NaN, NaT) count as one, the first one's. A column of mixed types (where 1,
    1.0 and True would count as one value) is mapped value by value."""
    series = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
    if len(series) == 0:
        return np.empty(0, dtype=object)
    if series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) not in (
        "string",
        "empty",
    ):
        return np.array([func(v) for v in series], dtype=object)
    codes, uniques = pd.factorize(series)
    # the last slot holds the missing values' result: factorize codes them -1
    out = np.empty(len(uniques) + 1, dtype=object)
    # as Python objects in one conversion (iterating Arrow-backed strings one by one is slow)
    listed = (
        uniques.tolist()
        if isinstance(uniques, np.ndarray)
        else list(np.asarray(uniques, dtype=object))
    )
    out[:-1] = [func(u) for u in listed]
    missing = codes < 0
    if missing.any():
        out[-1] = func(series[missing].iloc[0])
    return out[codes]


def distinct_rows(frame: pd.DataFrame, func: Callable[..., Any]) -> np.ndarray:
    """`func(*row)` of every row of `frame`, as an object array, computed once per distinct row
    (missing values count as equal)."""
    if len(frame) == 0:
        return np.empty(0, dtype=object)
    codes = frame.groupby(list(frame.columns), dropna=False, sort=False).ngroup().to_numpy()
    _, first = np.unique(codes, return_index=True)
    out = np.empty(len(first), dtype=object)
    out[:] = [func(*row) for row in frame.iloc[first].itertuples(index=False, name=None)]
    return out[codes]
