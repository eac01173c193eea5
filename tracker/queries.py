"""Every read of the database, as a pure (sql, params) builder: no DuckDB here, nothing runs.

User choices (areas, ids) are always `?` parameters; table names cannot be, so `table_query`
accepts only declared names. `tracker.store` runs what these build.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from etl.schema import ALL_TABLES, HORIZONS

Query = tuple[str, list[Any]]

TABLE_NAMES = tuple(t.name for t in ALL_TABLES)  # the dataset: what the downloads hold

# the indicators of the chosen areas (one `?`: `areas_param`)
IN_AREAS = (
    "indicator_id IN (SELECT indicator_id FROM indicator_areas "
    "WHERE list_contains(?::VARCHAR[], area_id))"
)


def areas_param(area_ids: Sequence[str]) -> list[str]:
    """The chosen areas as one `?` parameter (a list of ids)."""
    return [str(a) for a in area_ids]


def records_as_of_query(area_ids: Sequence[str]) -> Query:
    """The latest source date of the areas' observations, targets and commitments, with its
    precision (of two sources of that date, the one dated to the day)."""
    return (
        "WITH used AS ("
        f"SELECT source_id FROM observations WHERE {IN_AREAS} "
        f"UNION SELECT source_id FROM targets WHERE {IN_AREAS} "
        "UNION SELECT source_id FROM commitments WHERE list_contains(?::VARCHAR[], area_id)) "
        "SELECT max(s.published_on) AS source_date, "
        "arg_max(s.date_precision, (s.published_on, s.date_precision = 'day')) "
        "AS source_precision FROM sources s JOIN used USING (source_id)",
        [areas_param(area_ids)] * 3,
    )


ALL_HORIZONS = HORIZONS


def build_info_query() -> Query:
    return "SELECT key, value FROM build_info ORDER BY key", []


def table_query(name: str) -> Query:
    """A whole table of the dataset. Table names cannot be parameters: only declared names."""
    if name not in TABLE_NAMES:
        raise ValueError(f"unknown table {name!r}")
    return f"SELECT * FROM {name}", []


def releases_query() -> Query:
    """Every recorded release with the counts of its changes, newest first."""
    return (
        "SELECT r.version, r.released_on, r.summary_en, r.summary_zh, r.datasets_sha256, "
        "r.rows_added, r.rows_changed, r.rows_removed, r.moves, "
        "p.sha256 AS datapackage_sha256, octet_length(p.datapackage_zip) AS datapackage_bytes "
        "FROM releases r LEFT JOIN release_packages p USING (version) "
        "ORDER BY r.released_on DESC, length(r.version) DESC, r.version DESC",
        [],
    )


def release_changes_query(version: str) -> Query:
    """One release's changes.json as recorded (no row for an unknown version)."""
    return "SELECT changes_json FROM release_changes WHERE version = ?", [version]


def release_package_query(version: str) -> Query:
    """One release's recorded data package (no row for an unknown version or none recorded)."""
    return "SELECT datapackage_zip FROM release_packages WHERE version = ?", [version]


def searches_query() -> Query:
    """Every recorded search (what was searched for an indicator, commitment or target, and
    whether it found an official figure), newest first."""
    return (
        "SELECT search_id, subject_kind, subject_id, searched_on, corpus, terms, found, note, "
        "note_zh FROM searches ORDER BY searched_on DESC, search_id",
        [],
    )


def release_documents_query(version: str) -> Query:
    """One release's kept API documents, a zip (no row for an unknown version or none kept)."""
    return "SELECT documents_zip FROM release_documents WHERE version = ?", [version]


def releases_with_documents_query() -> Query:
    """The versions of the releases that kept their API documents."""
    return "SELECT version FROM release_documents ORDER BY version", []
