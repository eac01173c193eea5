"""What the pages read beyond one subject: the build's facts, the records' "as of" date, the
recorded searches, the whole-dataset downloads, a chart with its CSV kept per frame, and a
page's latest source date. Each subject's reads live with it (`tracker.areas`, `observations`,
`targets`, `verdicts`, `commitments`, `sources`, `indicators`); the names pages still call here
are re-exported from those modules (`__all__`) until the pages import them directly.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from etl import figures
from tracker import frames, i18n, store
from tracker import queries as q
from tracker.areas import (
    all_area_ids,
    area_descriptions,
    area_names,
    areas,
)
from tracker.cache import (
    begin_run,
    built,
    cached,
    frame_fingerprint,
    key_of,
    per_frame,
    records,
    rows,
)
from tracker.frames import (
    DOWNLOAD_COLUMNS,
    chart_csv_bytes,
    latest_date,
)
from tracker.i18n import pick
from tracker.observations import (
    observation_count,
    observation_page,
    observations,
)
from tracker.targets import (
    also_stated,
    chains,
    match_text,
    shown_targets,
    targets,
    targets_frame,
    trajectory_frame,
)
from tracker.text import http_url

show_date = figures.show_date

__all__ = [  # re-exported for the pages: the caching, areas, observations, targets, shaping
    "DOWNLOAD_COLUMNS",
    "all_area_ids",
    "also_stated",
    "area_descriptions",
    "area_names",
    "areas",
    "begin_run",
    "cached",
    "chains",
    "chart_csv_bytes",
    "frame_fingerprint",
    "latest_date",
    "latest_source_date",
    "observation_count",
    "observation_page",
    "observations",
    "per_frame",
    "records",
    "rows",
    "show_date",
    "shown_targets",
    "targets",
    "targets_frame",
    "trajectory_frame",
]


def records_as_of(area_ids: Sequence[str], lang: str) -> str:
    """The latest source date of the areas' observations, targets and commitments, shown with
    its precision (`latest_date`): the Data page's "as of" line. Found by DuckDB."""

    def make() -> str:
        found = store.run(q.records_as_of_query(area_ids))
        return latest_date(zip(found["source_date"], found["source_precision"], strict=True), lang)

    return built(key_of("records_as_of", area_ids), make, lang=lang)


def searches(subject_kind: str, subject_ids: Sequence[str], lang: str) -> list[dict]:
    """The recorded searches for these indicators, commitments or targets, newest first: each
    with its date shown in `lang`, the corpora and queries, what it found
    (`found_nothing` when no official figure was found) and its note in `lang`.
    Found once per (subjects, language, database identity): the Overview asks for each goal
    and commitment on every rerun. The same list each time: do not change it."""

    def make() -> list[dict]:
        every = built(("searches",), lambda: store.run(q.searches_query()), lang=None)
        wanted = set(subject_ids)
        rows = every[(every["subject_kind"] == subject_kind) & every["subject_id"].isin(wanted)]
        return [
            {
                **r,
                "date_text": show_date(r["searched_on"], lang=lang),
                "found_nothing": r["found"].strip() == "none",
                "note_shown": pick(r, "note", lang) or "",
            }
            for r in rows.to_dict("records")
        ]

    return built(key_of("searches_of", subject_kind, subject_ids), make, lang=lang)


def tables(path: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the dataset, for the full-dataset downloads."""
    return {name: store.run(q.table_query(name), path) for name in q.TABLE_NAMES}


DATASET_FORMATS = ("csv", "xlsx", "zip", "parquet")


# Up to this many observations the Data page builds its whole-dataset files with the page (from
# the version it shows); above, when a reader clicks (pages/data_page.py says why).
DOWNLOADS_WITH_PAGE_ROWS = 50_000


def dataset_file(kind: str, path: Path | None = None) -> bytes:
    """One full-dataset download ("csv", "xlsx", "zip": the data package, "parquet": a zip of
    one Parquet file per table, written by DuckDB), built when first asked for and then kept
    once per database file (`store.per_database`): the page builds none of them until a reader
    clicks its button."""
    if kind not in DATASET_FORMATS:
        raise ValueError(f"no dataset download {kind!r}")
    if kind == "parquet":
        return store.per_database(("dataset_file", kind), store.parquet_zip, path)
    if kind == "zip" and (recorded := release_package_served(path)) is not None:
        return recorded
    return store.per_database(
        ("dataset_file", kind), lambda p: frames.dataset_file_bytes(kind, tables(p)), path
    )


def release_package_served(path: Path | None = None) -> bytes | None:
    """The recorded data package of the release the database is, when its data is that
    release's unchanged: a file named after a release is that release's bytes (the API's
    `/releases/{version}/datapackage.zip`), not a package made today with today's
    `assessed_on`. None for unreleased data or a release without a recorded package."""
    info = store.run(q.build_info_query(), path)
    values = dict(zip(info["key"], info["value"], strict=True))
    if not values.get("version") or values.get("unreleased", "true") != "false":
        return None
    found = store.run(q.release_package_query(values["version"]), path)
    return None if found.empty else bytes(found["datapackage_zip"].iloc[0])


def dataset_files() -> dict[str, bytes]:
    """Every full-dataset download but the Parquet one ("csv", "xlsx", "zip"), for the API."""
    return {kind: dataset_file(kind) for kind in ("csv", "xlsx", "zip")}


def chart_parts(key: str, frame: pd.DataFrame, figure: Any, *, lang: str) -> tuple[Any, bytes]:
    """A chart's figure (its texts in `lang`) and its CSV download (`chart_csv_bytes` of `frame`).
    When `figure` is a function that builds the figure, both are built once per (chart key,
    frame content, language, database identity) and the same ones are returned on every rerun
    (not copied: do not change them); a figure already built is used as given, with its CSV
    cached the same way."""
    fingerprint = frame_fingerprint(frame)
    if callable(figure):
        return store.per_database(
            ("chart", key, fingerprint, lang),
            lambda _path: (figure(), chart_csv_bytes(frame)),
        )
    return figure, store.per_database(
        ("csv", fingerprint, lang), lambda _path: chart_csv_bytes(frame)
    )


def latest_source_date(*shown: pd.DataFrame | None, lang: str) -> str:
    """The latest source date among the rows of the frames shown (`frames.latest_source_date_of`,
    a page's "as of" line), found once per frame content and database identity: a loop over
    every row of thousands of targets on every rerun otherwise."""
    key = tuple(None if f is None else frame_fingerprint(f) for f in shown)
    return store.per_database(
        ("latest_source_date", key, lang),
        lambda _path: frames.latest_source_date_of(*shown),
    )


# --- the Data page's tables and their texts, in the language passed --------------------------


def http_links(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """`frame` with `column`'s addresses kept only where they are http(s) ("" otherwise): a
    table's address column is a link, to no other scheme (validation allows no other)."""
    return frame.assign(**{column: [http_url(u) or "" for u in frame[column]]})


def rows_matching(frame: pd.DataFrame, columns: Sequence[str], words: str) -> pd.DataFrame:
    """The rows of `frame` holding `words` (as typed, any case) in one of `columns`; every row
    when nothing is typed."""
    if not words:
        return frame
    mask = False
    for c in columns:
        mask = mask | frame[c].fillna("").astype(str).str.contains(words, case=False, regex=False)
    return frame[mask]


def targets_found(tg: pd.DataFrame, words: str, lang: str) -> pd.DataFrame:
    """The targets (`targets` rows in `lang`) holding `words` in their indicator, quote, notes
    or match note, an empty note as "" (not "None"), each match in words (`match_text`)."""
    view = rows_matching(
        tg,
        [
            "indicator",
            "indicator_name",
            "target_quote",
            "target_note",
            "match_note",
            "match_note_text",
        ],
        words,
    )
    view = view.fillna({"match_note": "", "target_note": ""})
    return view.assign(match_text=[match_text(m, lang=lang) for m in view["match"]])


def commitments_found(com: pd.DataFrame, kinds: Sequence[str], words: str) -> pd.DataFrame:
    """The commitments of `kinds` ("achievement", "commitment") holding `words` in their text,
    quote or area."""
    return rows_matching(
        com[com["kind"].isin(kinds)], ["text", "text_shown", "quote", "area_name", "area"], words
    )


def record_tab_labels(observations: int, targets: int, commitments: int, lang: str) -> list[str]:
    """The Data page's tabs, each with how many rows its table has."""
    _ = i18n.words(lang)
    return [
        _("Observations ({n})").format(n=figures.number_text(observations, lang=lang)),
        _("Targets ({n})").format(n=figures.number_text(targets, lang=lang)),
        _("Commitments ({n})").format(n=figures.number_text(commitments, lang=lang)),
    ]


def observation_rows_caption(
    shown: int, total: int, first: int, rows_sent: int, pages: int, page_rows: int, lang: str
) -> str:
    """How many observations the filter keeps of all, and which rows this page of them holds
    (from `first`, 0-based, `rows_sent` of them) when there is more than one page."""
    _ = i18n.words(lang)
    count = functools.partial(figures.number_text, lang=lang)
    return _("{shown} of {total} observations.").format(shown=count(shown), total=count(total)) + (
        _(" Rows {first} to {last} are shown, {n} a page.").format(
            first=count(first + 1), last=count(first + rows_sent), n=count(page_rows)
        )
        if pages > 1
        else ""
    )


def target_rows_caption(shown: int, total: int, stated_twice: str, lang: str) -> str:
    """How many targets the search keeps of all, and why fewer goals than rows are counted
    elsewhere (`stated_twice`, "" for none)."""
    _ = i18n.words(lang)
    return _("{shown} of {total} targets.").format(
        shown=figures.number_text(shown, lang=lang), total=figures.number_text(total, lang=lang)
    ) + (" " + stated_twice if stated_twice else "")


def commitment_rows_caption(shown: int, total: int, lang: str) -> str:
    _ = i18n.words(lang)
    return _("{shown} of {total} commitments and achievements.").format(
        shown=figures.number_text(shown, lang=lang), total=figures.number_text(total, lang=lang)
    )


def first_rows_caption(counted: str, rows: int, at_once: int, lang: str) -> str:
    """`counted` (how many rows a table has), and when it has more than it sends (`at_once`),
    that only the first are shown."""
    _ = i18n.words(lang)
    return counted + (
        _(
            " The first {n} are shown: search or filter to narrow them, or download the "
            "whole dataset below."
        ).format(n=figures.number_text(at_once, lang=lang))
        if rows > at_once
        else ""
    )


def dataset_downloads(lang: str) -> list[tuple[str, str, str, str, str]]:
    """The whole dataset's downloads as the Data page offers them: (`dataset_file` kind, label,
    help, file extension, MIME type), in `lang`."""
    _ = i18n.words(lang)
    return [
        (
            "csv",
            _("CSV (one file)"),
            _(
                "Every figure, target and commitment in one flat CSV, each with its source and "
                "quote."
            ),
            "csv",
            "text/csv",
        ),
        (
            "xlsx",
            _("Excel workbook"),
            _(
                "An .xlsx with a README sheet and one sheet per table. A table over Excel's limit "
                "of 1,048,576 rows a sheet goes on in further sheets: for data that large, the CSV "
                "or Parquet downloads are easier to use."
            ),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "zip",
            _("Data package (zip)"),
            _("A Frictionless data package: one CSV per table and datapackage.json."),
            "zip",
            "application/zip",
        ),
        (
            "parquet",
            _("Parquet (zip)"),
            _(
                "Every table as a Parquet file, in one zip: for data tools (pandas, R, DuckDB, "
                "Spark), at any size."
            ),
            "parquet.zip",
            "application/zip",
        ),
    ]


def not_found_text(searches: list[dict], *, lang: str) -> str:
    """ "No official figure found as of <date>." for the latest search that found nothing, or ""."""
    _ = i18n.words(lang)
    empty = [r for r in searches if r["found_nothing"]]
    if not empty:
        return ""
    return _("No official figure found as of {date}.").format(date=empty[0]["date_text"])
