"""What the pages read: each function runs the queries it needs (`tracker.queries`, run by
`tracker.store`) and shapes the results (`tracker.frames`). No SQL and no shaping here, only
the wiring, so a page calls one function and then a chart builder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from etl import figures
from tracker import frames, i18n, store
from tracker import queries as q
from tracker.db import DatabaseUnavailable
from tracker.frames import (
    DOWNLOAD_COLUMNS,
    csv_bytes,
    latest_date,
    latest_source_date,
    verdict_csv,
)

show_date = figures.show_date

__all__ = [  # re-exported for the pages: shaping that needs no query
    "DOWNLOAD_COLUMNS",
    "csv_bytes",
    "latest_date",
    "latest_source_date",
    "show_date",
    "verdict_csv",
]


def begin_run() -> None:
    """At the start of a script run: every query of this run reads the database file as it is
    now (`store.pin`), so a rebuild while a page runs never mixes two versions on it."""
    store.pin()


def check_database() -> dict[str, str]:
    """Build the database if missing and read build_info; raises DatabaseUnavailable."""
    info = store.run(q.build_info_query())
    if info.empty:
        raise DatabaseUnavailable("The database has no build_info: it is incomplete.")
    return dict(zip(info["key"], info["value"], strict=True))


build_info = check_database


def areas() -> pd.DataFrame:
    return store.run(q.areas_query())


def area_names(lang: str | None = None) -> dict[str, str]:
    """area_id -> its name in the reader's language."""
    a = areas()
    column = "name_zh" if (lang or i18n.current()) == "zh" else "name_en"
    return dict(zip(a["area_id"], a[column], strict=True))


def area_descriptions(lang: str | None = None) -> dict[str, str]:
    """area_id -> its description in the reader's language ("" where there is none)."""
    a = areas()
    return {
        r["area_id"]: "" if figures.missing(d := i18n.pick(r, "description", lang)) else str(d)
        for r in a.to_dict("records")
    }


def sources() -> pd.DataFrame:
    return store.run(q.sources_query())


def indicators(area_ids: Sequence[str]) -> pd.DataFrame:
    return store.run(q.indicators_query(area_ids))


def observations(
    area_ids: Sequence[str], indicator_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    return frames.observation_texts(store.run(q.observations_query(area_ids, indicator_ids)))


def targets(area_ids: Sequence[str], horizons: Sequence[str] = q.ALL_HORIZONS) -> pd.DataFrame:
    return frames.target_texts(store.run(q.targets_query(area_ids, horizons)))


def commitments(area_ids: Sequence[str], kind: str | None = None) -> pd.DataFrame:
    return frames.commitment_texts(store.run(q.commitments_query(area_ids, kind)))


def _area_labels(area_ids: Sequence[str]) -> dict[str, str]:
    return frames.area_labels(store.run(q.indicator_areas_query(area_ids)))


def series_frame(
    area_ids: Sequence[str],
    indicator_id: str | None = None,
    horizons: Sequence[str] = q.ALL_HORIZONS,
) -> pd.DataFrame:
    ids = None if indicator_id is None else [indicator_id]
    return frames.series_frame(
        observations(area_ids, ids),
        targets(area_ids, horizons),
        _area_labels(area_ids),
        indicator_id,
    )


def targets_frame(
    area_ids: Sequence[str], horizons: Sequence[str] = q.ALL_HORIZONS
) -> pd.DataFrame:
    return frames.targets_frame(targets(area_ids, horizons), _area_labels(area_ids))


def trajectory_frame(target_id: str, area_ids: Sequence[str]) -> pd.DataFrame:
    return frames.trajectory_frame(
        target_id, targets(area_ids), observations(area_ids), _area_labels(area_ids)
    )


def headlines(area_ids: Sequence[str], horizons: Sequence[str] = q.ALL_HORIZONS) -> pd.DataFrame:
    return frames.headlines(targets_frame(area_ids, horizons), observations(area_ids))


def verdicts(area_ids: Sequence[str]) -> pd.DataFrame:
    """The targets due by the end of 2025 whose deadline has passed, with their verdicts."""
    return frames.verdicts_frame(targets(area_ids, ("2025",)))


def commitment_assessments(area_ids: Sequence[str]) -> pd.DataFrame:
    return frames.commitment_assessment_frame(
        store.run(q.commitment_assessments_query(area_ids)),
        store.run(q.commitment_evidence_query(area_ids)),
    )


def freshness(area_ids: Sequence[str]) -> pd.DataFrame:
    """Per indicator of the areas: its latest figure's date, stale or not, what is awaited."""
    return frames.freshness_texts(store.run(q.freshness_query(area_ids)))


def quoted_records(source_id: str) -> pd.DataFrame:
    return store.run(q.quoted_records_query(source_id))


def source_text(text_file: str) -> str:
    """A source's text as stored in the database (`text_file` as named in sources.csv)."""
    found = store.run(q.source_text_query(text_file))
    if found.empty:
        raise ValueError(f"no stored source text {text_file!r}")
    return str(found["text"].iloc[0])


def tables(path: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the dataset, for the full-dataset downloads."""
    return {name: store.run(q.table_query(name), path) for name in q.TABLE_NAMES}


def dataset_files() -> dict[str, bytes]:
    """The full-dataset downloads ("csv", "xlsx", "zip"), built once per database file: the
    workbook alone takes a noticeable fraction of a second."""
    return store.per_database("dataset_files", lambda path: frames.dataset_files(tables(path)))


def no_change() -> str:
    """What a headline's change says when the figure did not move, in the reader's language."""
    return figures.change_text(0, None, i18n.current())
