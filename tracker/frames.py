"""What every subject's shaping shares: the display-text helpers (a column's texts in the reader's
language, figures, dates with their precision), the chart frame (its public columns, an empty
one, rows made a frame), and the CSV of a chart or table and the whole-dataset files. Each
subject's own shaping lives with it (`tracker.observations`, `targets`, `indicators`, ...); no
SQL, no Streamlit. Figures and dates are written by `etl.figures`.

A *chart frame* holds exactly the rows a chart plots: its public columns (DOWNLOAD_COLUMNS) are
the CSV offered beside the chart; columns starting with "_" are for the chart only. The chart and
its download are built from the same frame so they cannot diverge. Inside a frame a comparator
is its symbol (`_comparator`); the public `comparator` column holds it in words, for the CSV.

Two languages: the public columns are data and stay in English whatever the reader's language
(with `indicator_zh` and `area_zh` beside the English names); the "_" columns the pages and
charts show are in the reader's language, `lang`, an argument of every function that writes
them: names and notes from the `*_zh` columns, figures and dates by `etl.figures`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd

from etl import figures as fmt
from etl.schema import ALL_TABLES
from tracker import export, i18n, licence, safe_csv
from tracker.i18n import pick

DOWNLOAD_COLUMNS = [
    "indicator",
    "indicator_zh",
    "area",
    "area_zh",
    "date",
    "value",
    "comparator",
    "unit",
    "target",
    "deadline",
    "status",
    "source_title",
    "source_address",
    "quote",
    "record",  # observation, target or projection
    "comparable",  # observations: true/false (false: shown, not used for status)
    "date_basis",  # observations: stated (date it was stated) or refers_to (date it describes)
    "period",  # a count of what was done in a period ("2021–2025"); empty for a level
    "note",
]


def cell_text(value: Any) -> str:
    return "" if fmt.missing(value) else str(value)


def picked(frame: pd.DataFrame, column: str, lang: str) -> list[str]:
    """Each row's `column` in the reader's language (`<column>_zh` under Chinese)."""
    # only the two columns `pick` reads: the whole of a wide frame as dicts took 9 s for the
    # 4,185 targets at 10^6 observations
    read = [c for c in (column, f"{column.removesuffix('_en')}_zh") if c in frame.columns]
    return [cell_text(pick(r, column, lang)) for r in frame[read].to_dict("records")]


# --- display texts ----------------------------------------------------------------------------


def figure_texts(frame: pd.DataFrame, value: str, comparator: str, lang: str = "en") -> list[str]:
    """Each row's figure as stated ("> 340"), from a value and a comparator column."""
    return [
        fmt.figure_text(v, c, u, lang=lang)
        for v, c, u in zip(frame[value], frame[comparator], frame["unit"], strict=True)
    ]


def precisions(frame: pd.DataFrame, prefix: str = "") -> list[str]:
    """Each row's date precision: a figure dated by its source's publication inherits the
    source's precision (columns `{prefix}as_of`, `{prefix}date_basis`, `{prefix}source_date`,
    `{prefix}source_precision`)."""
    columns = ("as_of", "date_basis", "source_date", "source_precision")
    return [
        fmt.observation_precision(*row)
        for row in zip(*(frame[prefix + c] for c in columns), strict=True)
    ]


def date_texts(
    values: Iterable[Any], precisions: Iterable[str] | None = None, lang: str = "en"
) -> list[str]:
    if precisions is None:
        return [fmt.show_date(d, lang=lang) for d in values]
    return [fmt.show_date(d, p, lang) for d, p in zip(values, precisions, strict=True)]


def empty_chart_frame() -> pd.DataFrame:
    internal = [
        "_indicator_id",
        "_target_id",
        "_x",
        "_comparator",
        "_status",
        "_figure",
        "_date_text",
        "_period",
        "_period_start",
    ]
    return pd.DataFrame(columns=[*DOWNLOAD_COLUMNS, *internal])


def chart_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    if not rows:
        return empty_chart_frame()
    return pd.DataFrame(rows).reset_index(drop=True)


def download_frame(chart_frame: pd.DataFrame) -> pd.DataFrame:
    """The public columns of a chart frame: the rows of the chart, nothing else. Numbers are
    written as `etl.figures.plain_number` writes them (340, not 340.0)."""
    out = chart_frame[DOWNLOAD_COLUMNS].reset_index(drop=True).copy()
    out["value"] = [fmt.plain_number(v) for v in out["value"]]
    return out


def table_csv_bytes(frame: pd.DataFrame, numeric: Iterable[str] = ()) -> bytes:
    """A download's CSV: every per-chart and per-table CSV of the pages is written here, by
    `tracker.safe_csv` (a text cell that starts like a formula gets a quote in front; numbers,
    of numeric columns and of the columns named in `numeric`, stay numbers), the licence's
    column last."""
    numbers = {
        c
        for c in frame.columns
        if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
    }
    frame = frame.assign(**{licence.COLUMN: licence.CELL})  # every row carries the licence
    return safe_csv.frame_csv(frame, numeric=numbers | set(numeric)).encode("utf-8")


def chart_csv_bytes(chart_frame: pd.DataFrame) -> bytes:
    return table_csv_bytes(download_frame(chart_frame), numeric={"value"})


def dataset_file_bytes(kind: str, tables: Mapping[str, pd.DataFrame]) -> bytes:
    """One full-dataset download ("csv", "xlsx" or "zip") from every table of the dataset."""
    if kind == "csv":
        return export.dataset_csv(tables)
    if kind == "xlsx":
        return export.excel_workbook(tables)
    info = dict(zip(tables["build_info"]["key"], tables["build_info"]["value"], strict=True))
    assessed = info.get("assessed_on")
    return export.datapackage_zip(
        tables,
        ALL_TABLES,
        tables["sources"],
        created=date.fromisoformat(assessed) if assessed else None,
    )


def dataset_files_bytes(tables: Mapping[str, pd.DataFrame]) -> dict[str, bytes]:
    """The full-dataset downloads ("csv", "xlsx", "zip") from every table of the dataset."""
    return {kind: dataset_file_bytes(kind, tables) for kind in ("csv", "xlsx", "zip")}


def latest_source_date_of(*frames: pd.DataFrame) -> str:
    """The latest source date among the rows shown (for a page's "as of" line)."""
    best, text = None, ""
    for frame in frames:
        if frame is None or frame.empty or "_source_date" not in frame:
            continue
        for d, t in zip(frame["_source_date"], frame["_source_date_text"], strict=True):
            if fmt.missing(d) or not t:
                continue
            if best is None or d > best:
                best, text = d, t
    return text


def latest_date(dates_and_precisions, lang: str) -> str:
    """The latest of (date, precision) pairs, shown with its precision; "" if none."""
    pairs = [(fmt.to_date(d), p) for d, p in dates_and_precisions if not fmt.missing(d)]
    if not pairs:
        return ""
    d, p = max(pairs, key=lambda x: x[0])
    return fmt.show_date(d, p, lang)


# --- values in documents (JSON types) ---------------------------------------------------------


def json_number(value: Any) -> int | float | None:
    """A figure as a JSON number: 340, not 340.0; 66.2 as written; None for no value."""
    if fmt.missing(value):
        return None
    v = float(value)
    return int(v) if v.is_integer() and abs(v) < 2**53 else v


def json_date(value: Any) -> str | None:
    if fmt.missing(value):
        return None
    if isinstance(value, datetime | pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def json_text(value: Any) -> str | None:
    return None if fmt.missing(value) or value == "" else str(value)


def json_bool(value: Any) -> bool | None:
    return None if fmt.missing(value) else bool(value)


def source_object(row: Mapping[str, Any], prefix: str = "source_") -> dict[str, Any]:
    """A record's source as a document's object, from the row's `<prefix>…` columns."""
    return {
        "id": row.get(f"{prefix}id"),
        "title": json_text(row.get(f"{prefix}title")),
        "title_zh": json_text(row.get(f"{prefix}title_zh")),
        "publisher": json_text(row.get(f"{prefix}publisher")),
        "publisher_zh": json_text(row.get(f"{prefix}publisher_zh")),
        "published": json_date(row.get(f"{prefix}date")),
        "date_precision": json_text(row.get(f"{prefix}precision")),
        "url": json_text(row.get(f"{prefix}url")),
    }


def sentences(*parts: str, lang: str) -> str:
    """Sentences one after the other, each ended by the language's full stop when it has none
    ("decides nothing. No official figure…", "不足以判定。截至…"); empty parts left out."""
    _ = i18n.words(lang)
    stop = _(". ")  # ". " in English, "。" in Chinese
    shown = [p.strip() for p in parts if p and p.strip()]
    ended = [
        p if p.endswith((".", "。", "!", "?", "！", "？")) else p + stop.strip() for p in shown
    ]
    return (" " if stop.endswith(" ") else "").join(ended)
