"""Every read of the database, as a pure (sql, params) builder: no DuckDB here, nothing runs.

User choices (areas, ids) are always `?` parameters; table names cannot be, so `table_query`
accepts only declared names. `tracker.store` runs what these build.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from etl.schema import ALL_TABLES, HORIZONS, TARGET_PROGRESS

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


def indicators_query(area_ids: Sequence[str]) -> Query:
    return (
        "SELECT i.indicator_id, i.name_en, i.name_zh, i.unit, i.direction, i.definition, "
        "i.definition_zh, i.note, i.note_zh "
        f"FROM indicators i WHERE i.{IN_AREAS} ORDER BY i.name_en",
        [areas_param(area_ids)],
    )


def indicator_summary_query(area_ids: Sequence[str]) -> Query:
    """Per indicator of the areas (the columns of `indicators_query`, in its order): how many
    figures it has, and the latest publication date of their sources with its precision (of
    two sources of that date, the one dated to the day)."""
    return (
        "SELECT i.indicator_id, i.name_en, i.name_zh, i.unit, i.direction, i.definition, "
        "i.definition_zh, i.note, i.note_zh, count(o.observation_id) AS observations, "
        "max(s.published_on) AS source_date, "
        "arg_max(s.date_precision, (s.published_on, s.date_precision = 'day')) "
        "AS source_precision "
        "FROM indicators i LEFT JOIN observations o USING (indicator_id) "
        "LEFT JOIN sources s ON s.source_id = o.source_id "
        f"WHERE i.{IN_AREAS} GROUP BY ALL ORDER BY i.name_en",
        [areas_param(area_ids)],
    )


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


def freshness_query(area_ids: Sequence[str]) -> Query:
    """Per indicator of the areas: its latest figure's date, whether it is stale, and what is
    awaited."""
    return (
        "SELECT f.indicator_id, i.name_en AS indicator_name, i.name_zh AS indicator_name_zh, "
        "f.latest_as_of, f.stale, f.awaited, f.awaited_note, f.awaited_note_zh "
        "FROM indicator_freshness f JOIN indicators i USING (indicator_id) "
        f"WHERE f.{IN_AREAS} ORDER BY i.name_en",
        [areas_param(area_ids)],
    )


def indicator_ids_query() -> Query:
    """Every indicator id: the only ids an address may name (the text asked for is looked up
    among these, never put into a query)."""
    return "SELECT indicator_id FROM indicators ORDER BY indicator_id", []


def indicator_catalogue_query() -> Query:
    """Every indicator with its areas (ids, in the areas' order) and its latest figure (by date,
    then id): what `/api/v1/indicators.json` and the indicator list show."""
    return (
        "WITH latest AS (SELECT o.indicator_id, "
        "arg_max(o.value, (o.as_of, o.observation_id)) AS latest_value, "
        "arg_max(o.comparator, (o.as_of, o.observation_id)) AS latest_comparator, "
        "arg_max(o.comparable, (o.as_of, o.observation_id)) AS latest_comparable, "
        "arg_max(o.date_basis, (o.as_of, o.observation_id)) AS latest_date_basis, "
        "arg_max(s.published_on, (o.as_of, o.observation_id)) AS latest_source_date, "
        "arg_max(s.date_precision, (o.as_of, o.observation_id)) AS latest_source_precision, "
        "max(o.as_of) AS latest_as_of, count(*) AS observations "
        "FROM observations o JOIN sources s USING (source_id) GROUP BY o.indicator_id), "
        "areas_of AS (SELECT ia.indicator_id, list(ia.area_id ORDER BY "
        "CASE a.kind WHEN 'work_area' THEN 0 ELSE 1 END, a.position) AS area_ids "
        "FROM indicator_areas ia JOIN areas a USING (area_id) GROUP BY ia.indicator_id), "
        "statuses AS (SELECT indicator_id, list(status ORDER BY deadline, target_id) AS statuses "
        f"FROM {TARGET_PROGRESS.name} GROUP BY indicator_id) "
        "SELECT i.indicator_id, i.name_en, i.name_zh, i.unit, i.direction, "
        "coalesce(ao.area_ids, []::VARCHAR[]) AS area_ids, l.latest_value, l.latest_comparator, "
        "l.latest_comparable, l.latest_as_of, l.latest_date_basis, l.latest_source_date, "
        "l.latest_source_precision, coalesce(l.observations, 0) AS observations, "
        "coalesce(st.statuses, []::VARCHAR[]) AS statuses "
        "FROM indicators i LEFT JOIN latest l USING (indicator_id) "
        "LEFT JOIN areas_of ao USING (indicator_id) LEFT JOIN statuses st USING (indicator_id) "
        "ORDER BY i.name_en, i.indicator_id",
        [],
    )


def indicator_query(indicator_id: str) -> Query:
    return (
        "SELECT indicator_id, name_en, name_zh, unit, direction, definition, definition_zh, "
        "note, note_zh FROM indicators WHERE indicator_id = ?",
        [indicator_id],
    )


def indicator_observations_query(indicator_id: str) -> Query:
    """One indicator's observations with their sources (confidence included)."""
    return (
        "SELECT o.observation_id, o.value, o.comparator, o.as_of, o.date_basis, o.period_start, "
        "o.comparable, o.quote, o.note, o.note_zh, s.source_id, s.title AS source_title, "
        "s.title_zh AS source_title_zh, s.publisher AS source_publisher, "
        "s.published_on AS source_date, s.date_precision AS source_precision, "
        "s.url AS source_url, s.confidence "
        "FROM observations o JOIN sources s USING (source_id) WHERE o.indicator_id = ? "
        "ORDER BY o.as_of, o.observation_id",
        [indicator_id],
    )


def disagreements_query(indicator_id: str) -> Query:
    """One indicator's figures that disagree (`figure_disagreements`): the two observations'
    ids, the reason and the note."""
    return (
        "SELECT d.disagreement_id, d.observation_id, d.other_id, d.reason, d.note, d.note_zh "
        "FROM figure_disagreements d JOIN observations o ON o.observation_id = d.observation_id "
        "WHERE o.indicator_id = ? ORDER BY d.disagreement_id",
        [indicator_id],
    )


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
