"""Every read of the database, and the frames the pages chart and offer for download.

The only module that imports DuckDB. Query builders are pure functions returning (sql, params),
with user choices (areas, ids) always passed as `?` parameters. Results are cached with
`st.cache_data` keyed on the database file's path and modification time, so a rebuilt database
is picked up without a restart.

A *chart frame* holds exactly the rows a chart plots: its public columns (DOWNLOAD_COLUMNS) are
the CSV offered beside the chart; columns starting with "_" are for the chart only. The chart and
its download are built from the same frame so they cannot diverge.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from etl.schema import ALL_TABLES
from tracker import db, export, status_style
from tracker import formatting as fmt

Query = tuple[str, list[Any]]

DOWNLOAD_COLUMNS = [
    "indicator",
    "area",
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
    "note",
]
PROJECTION_SOURCE = "Projection by this tracker: the observed growth rate carried to the deadline"
TABLE_NAMES = tuple(t.name for t in ALL_TABLES)


# --- query builders (pure) --------------------------------------------------------------------


def _areas_param(area_ids: Sequence[str]) -> list[str]:
    return [str(a) for a in area_ids]


def areas_query() -> Query:
    return (
        "SELECT area_id, kind, position, name_en, name_zh, description FROM areas "
        "ORDER BY CASE kind WHEN 'work_area' THEN 0 ELSE 1 END, position",
        [],
    )


def indicator_areas_query(area_ids: Sequence[str]) -> Query:
    return (
        "SELECT ia.indicator_id, ia.area_id, a.name_en AS area_name, a.kind AS area_kind, "
        "a.position AS area_position FROM indicator_areas ia JOIN areas a USING (area_id) "
        "WHERE list_contains(?::VARCHAR[], ia.area_id) "
        "ORDER BY a.kind DESC, a.position, ia.indicator_id",
        [_areas_param(area_ids)],
    )


def indicators_query(area_ids: Sequence[str]) -> Query:
    return (
        "SELECT i.indicator_id, i.name_en, i.name_zh, i.unit, i.direction, i.definition, i.note "
        "FROM indicators i WHERE i.indicator_id IN (SELECT indicator_id FROM indicator_areas "
        "WHERE list_contains(?::VARCHAR[], area_id)) ORDER BY i.name_en",
        [_areas_param(area_ids)],
    )


_OBSERVATION_COLUMNS = (
    "o.observation_id, o.indicator_id, i.name_en AS indicator_name, i.unit, i.direction, "
    "o.value, o.comparator, o.as_of, o.date_basis, o.comparable, o.quote, o.note, o.source_id, "
    "s.title AS source_title, s.url AS source_url, s.published_on AS source_date, "
    "s.date_precision AS source_precision, s.publisher AS source_publisher"
)


def observations_query(
    area_ids: Sequence[str], indicator_ids: Sequence[str] | None = None
) -> Query:
    sql = (
        f"SELECT {_OBSERVATION_COLUMNS} FROM observations o "
        "JOIN indicators i USING (indicator_id) JOIN sources s USING (source_id) "
        "WHERE o.indicator_id IN (SELECT indicator_id FROM indicator_areas "
        "WHERE list_contains(?::VARCHAR[], area_id))"
    )
    params: list[Any] = [_areas_param(area_ids)]
    if indicator_ids is not None:
        sql += " AND list_contains(?::VARCHAR[], o.indicator_id)"
        params.append([str(i) for i in indicator_ids])
    return sql + " ORDER BY i.name_en, o.as_of, o.observation_id", params


def targets_query(area_ids: Sequence[str]) -> Query:
    """One row per target: the target, its progress and its latest comparable observation."""
    return (
        "SELECT t.target_id, t.indicator_id, i.name_en AS indicator_name, i.unit, i.direction, "
        "t.value AS target_value, t.comparator AS target_comparator, t.deadline, t.match, "
        "t.match_note, t.quote AS target_quote, t.note AS target_note, "
        "ts.title AS target_source_title, ts.url AS target_source_url, "
        "ts.published_on AS target_source_date, ts.date_precision AS target_source_precision, "
        "p.status, p.trend_status, p.deadline_passed, p.comparable_observations, "
        "p.latest_observation_id, p.latest_value, p.latest_comparator, p.latest_as_of, "
        "p.baseline_observation_id, p.baseline_value, p.baseline_as_of, p.percent_of_target, "
        "p.observed_rate, p.required_rate, p.rate_method, p.ratio, p.projected_value, "
        "p.status_note, p.assessed_on, "
        "lo.date_basis AS latest_date_basis, lo.quote AS latest_quote, lo.note AS latest_note, "
        "ls.title AS latest_source_title, ls.url AS latest_source_url, "
        "ls.published_on AS latest_source_date, ls.date_precision AS latest_source_precision "
        "FROM targets t JOIN progress p USING (target_id) JOIN indicators i ON i.indicator_id = "
        "t.indicator_id JOIN sources ts ON ts.source_id = t.source_id "
        "LEFT JOIN observations lo ON lo.observation_id = p.latest_observation_id "
        "LEFT JOIN sources ls ON ls.source_id = lo.source_id "
        "WHERE t.indicator_id IN (SELECT indicator_id FROM indicator_areas "
        "WHERE list_contains(?::VARCHAR[], area_id)) ORDER BY i.name_en, t.target_id",
        [_areas_param(area_ids)],
    )


def commitments_query(area_ids: Sequence[str], kind: str | None = None) -> Query:
    sql = (
        "SELECT c.commitment_id, c.area_id, a.name_en AS area_name, a.kind AS area_kind, c.kind, "
        "c.text, c.deadline, c.quote, c.note, s.title AS source_title, s.url AS source_url, "
        "s.published_on AS source_date, s.date_precision AS source_precision "
        "FROM commitments c JOIN areas a USING (area_id) JOIN sources s USING (source_id) "
        "WHERE list_contains(?::VARCHAR[], c.area_id)"
    )
    params: list[Any] = [_areas_param(area_ids)]
    if kind is not None:
        sql += " AND c.kind = ?"
        params.append(kind)
    return sql + " ORDER BY a.kind DESC, a.position, c.commitment_id", params


def sources_query() -> Query:
    return (
        "SELECT source_id, title, publisher, published_on, date_precision, url, language, kind, "
        "confidence, text_file, sha256 FROM sources ORDER BY published_on, source_id",
        [],
    )


def build_info_query() -> Query:
    return "SELECT key, value FROM build_info ORDER BY key", []


def table_query(name: str) -> Query:
    """A whole table. Table names cannot be parameters: only declared names are accepted."""
    if name not in TABLE_NAMES:
        raise ValueError(f"unknown table {name!r}")
    return f"SELECT * FROM {name}", []


# --- execution --------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=4)
def _connection(path: str, mtime_ns: int) -> duckdb.DuckDBPyConnection:
    del mtime_ns  # part of the cache key only
    return duckdb.connect(path, read_only=True)


@st.cache_data(show_spinner=False, max_entries=256)
def _cached(path: str, mtime_ns: int, sql: str, params: tuple) -> pd.DataFrame:
    cursor = _connection(path, mtime_ns).cursor()  # one cursor per query: thread-safe
    try:
        return cursor.execute(sql, list(params)).df()
    finally:
        cursor.close()


def run(query: Query, path: Path | None = None) -> pd.DataFrame:
    """Run a (sql, params) query against the current database; a fresh copy of the result."""
    path = path or db.ensure_database()
    try:
        key = db.cache_key(path)
        params = tuple(tuple(p) if isinstance(p, list) else p for p in query[1])
        return _cached(*key, query[0], params).copy()
    except (duckdb.Error, OSError) as exc:
        raise db.DatabaseUnavailable(f"The database {path} cannot be read: {exc}") from exc


def check_database() -> dict[str, str]:
    """Build the database if missing and read build_info; raises DatabaseUnavailable."""
    info = run(build_info_query())
    if info.empty:
        raise db.DatabaseUnavailable("The database has no build_info: it is incomplete.")
    return dict(zip(info["key"], info["value"], strict=True))


# --- tables -----------------------------------------------------------------------------------


def areas() -> pd.DataFrame:
    return run(areas_query())


def area_names() -> dict[str, str]:
    a = areas()
    return dict(zip(a["area_id"], a["name_en"], strict=True))


def sources() -> pd.DataFrame:
    return run(sources_query())


def build_info() -> dict[str, str]:
    return check_database()


def tables() -> dict[str, pd.DataFrame]:
    """Every table of the database, for the full-dataset downloads."""
    return {name: run(table_query(name)) for name in TABLE_NAMES}


def dataset_files() -> dict[str, bytes]:
    """The full-dataset downloads ("csv", "xlsx", "zip"), built once per database file: the
    workbook alone takes a noticeable fraction of a second."""
    path = db.ensure_database()
    return _dataset_files(*db.cache_key(path))


@st.cache_data(show_spinner=False, max_entries=2)
def _dataset_files(path: str, mtime_ns: int) -> dict[str, bytes]:
    everything = {name: run(table_query(name), Path(path)) for name in TABLE_NAMES}
    info = dict(
        zip(everything["build_info"]["key"], everything["build_info"]["value"], strict=True)
    )
    assessed = info.get("assessed_on")
    return {
        "csv": export.dataset_csv(everything),
        "xlsx": export.excel_workbook(everything),
        "zip": export.datapackage_zip(
            everything,
            ALL_TABLES,
            everything["sources"],
            created=date.fromisoformat(assessed) if assessed else None,
        ),
    }


def indicators(area_ids: Sequence[str]) -> pd.DataFrame:
    return run(indicators_query(area_ids))


def commitments(area_ids: Sequence[str], kind: str | None = None) -> pd.DataFrame:
    frame = run(commitments_query(area_ids, kind))
    frame["source_date_text"] = [
        fmt.show_date(d, p)
        for d, p in zip(frame["source_date"], frame["source_precision"], strict=True)
    ]
    frame["deadline_text"] = [fmt.show_date(d) for d in frame["deadline"]]
    return frame


def _area_labels(area_ids: Sequence[str]) -> dict[str, str]:
    """indicator_id -> names of its areas among `area_ids`, joined with "; "."""
    ia = run(indicator_areas_query(area_ids))
    return {
        ind: "; ".join(group["area_name"]) for ind, group in ia.groupby("indicator_id", sort=False)
    }


def _figure_texts(frame: pd.DataFrame, value: str, comparator: str) -> list[str]:
    """Each row's figure as stated ("> 340"), from a value and a comparator column."""
    return [
        fmt.figure(v, c, u)
        for v, c, u in zip(frame[value], frame[comparator], frame["unit"], strict=True)
    ]


def observations(area_ids: Sequence[str], indicator_ids: Sequence[str] | None = None):
    """Observations with their display texts (figure, date with the right precision)."""
    frame = run(observations_query(area_ids, indicator_ids))
    precision = [
        fmt.observation_precision(a, b, d, p)
        for a, b, d, p in zip(
            frame["as_of"],
            frame["date_basis"],
            frame["source_date"],
            frame["source_precision"],
            strict=True,
        )
    ]
    frame["precision"] = precision
    frame["figure"] = _figure_texts(frame, "value", "comparator")
    frame["date_text"] = [
        fmt.show_date(d, p) for d, p in zip(frame["as_of"], precision, strict=True)
    ]
    frame["date_iso"] = [fmt.iso_date(d, p) for d, p in zip(frame["as_of"], precision, strict=True)]
    return frame


def targets(area_ids: Sequence[str]) -> pd.DataFrame:
    """One row per target with display texts: figures, dates, status with icon."""
    frame = run(targets_query(area_ids))
    frame["target_text"] = _figure_texts(frame, "target_value", "target_comparator")
    frame["latest_text"] = _figure_texts(frame, "latest_value", "latest_comparator")
    precision = [
        fmt.observation_precision(a, b, d, p) if not fmt.missing(a) else "day"
        for a, b, d, p in zip(
            frame["latest_as_of"],
            frame["latest_date_basis"],
            frame["latest_source_date"],
            frame["latest_source_precision"],
            strict=True,
        )
    ]
    frame["latest_precision"] = precision
    frame["latest_date_text"] = [
        fmt.show_date(d, p) for d, p in zip(frame["latest_as_of"], precision, strict=True)
    ]
    frame["deadline_text"] = [fmt.show_date(d) for d in frame["deadline"]]
    frame["status_text"] = [status_style.text(s) for s in frame["status"]]
    frame["trend_text"] = [
        status_style.text(s) if isinstance(s, str) else "" for s in frame["trend_status"]
    ]
    return frame


# --- chart frames -----------------------------------------------------------------------------


def _empty_chart_frame() -> pd.DataFrame:
    internal = ["_indicator_id", "_target_id", "_x", "_status", "_figure", "_date_text"]
    return pd.DataFrame(columns=[*DOWNLOAD_COLUMNS, *internal])


def _observation_rows(obs: pd.DataFrame, areas_of: dict[str, str], tg: pd.DataFrame):
    rows = []
    for r in obs.itertuples(index=False):
        its = tg[tg["indicator_id"] == r.indicator_id]
        rows.append(
            {
                "indicator": r.indicator_name,
                "area": areas_of.get(r.indicator_id, ""),
                "date": r.date_iso,
                "value": float(r.value),
                "comparator": fmt.comparator_words(r.comparator),
                "unit": r.unit,
                "target": "; ".join(
                    fmt.figure(v, c, r.unit, "words")
                    for v, c in zip(its["target_value"], its["target_comparator"], strict=True)
                ),
                "deadline": "; ".join(fmt.iso_date(d) for d in its["deadline"]),
                "status": "; ".join(dict.fromkeys(status_style.label(s) for s in its["status"])),
                "source_title": r.source_title,
                "source_address": r.source_url,
                "quote": r.quote,
                "record": "observation",
                "comparable": "true" if r.comparable else "false",
                "date_basis": r.date_basis,
                "note": "" if fmt.missing(r.note) else r.note,
                "_indicator_id": r.indicator_id,
                "_target_id": "",
                "_observation_id": r.observation_id,
                "_x": pd.Timestamp(r.as_of),
                "_status": its["status"].iloc[0] if len(its) else "",
                "_figure": r.figure,
                "_date_text": fmt.date_phrase(r.as_of, r.date_basis, r.precision),
                "_comparable": bool(r.comparable),
                "_source_date": pd.Timestamp(r.source_date),
                "_source_date_text": fmt.show_date(r.source_date, r.source_precision),
            }
        )
    return rows


def _target_row(t: Any, areas_of: dict[str, str]) -> dict[str, Any]:
    return {
        "indicator": t.indicator_name,
        "area": areas_of.get(t.indicator_id, ""),
        "date": fmt.iso_date(t.deadline),
        "value": float(t.target_value),
        "comparator": fmt.comparator_words(t.target_comparator),
        "unit": t.unit,
        "target": fmt.figure(t.target_value, t.target_comparator, t.unit, "words"),
        "deadline": fmt.iso_date(t.deadline),
        "status": status_style.label(t.status),
        "source_title": t.target_source_title,
        "source_address": t.target_source_url,
        "quote": t.target_quote,
        "record": "target",
        "comparable": "",
        "date_basis": "",
        "note": " ".join(
            x for x in (t.match_note if t.match == "proxy" else "", t.status_note) if x
        ),
        "_indicator_id": t.indicator_id,
        "_target_id": t.target_id,
        "_observation_id": "",
        "_x": pd.Timestamp(t.deadline),
        "_status": t.status,
        "_figure": t.target_text,
        "_date_text": f"by {t.deadline_text}",
        "_comparable": True,
        "_source_date": pd.Timestamp(t.target_source_date),
        "_source_date_text": fmt.show_date(t.target_source_date, t.target_source_precision),
        "_match": t.match,
    }


def _finish(rows: list[dict[str, Any]]) -> pd.DataFrame:
    if not rows:
        return _empty_chart_frame()
    return pd.DataFrame(rows).reset_index(drop=True)


def series_frame(area_ids: Sequence[str], indicator_id: str | None = None) -> pd.DataFrame:
    """Every observation of the areas' indicators (or of one indicator), then a row per target:
    what an indicator's time-series chart plots (points, and the target line at its deadline)."""
    ids = None if indicator_id is None else [indicator_id]
    obs = observations(area_ids, ids)
    tg = targets(area_ids)
    if indicator_id is not None:
        tg = tg[tg["indicator_id"] == indicator_id]
    areas_of = _area_labels(area_ids)
    rows = _observation_rows(obs, areas_of, tg)
    rows += [_target_row(t, areas_of) for t in tg.itertuples(index=False)]
    return _finish(rows)


def targets_frame(area_ids: Sequence[str]) -> pd.DataFrame:
    """One row per target: its latest comparable value against the target (date = the value's
    date; source and quote = the value's source; the target's own source is in `note`)."""
    tg = targets(area_ids)
    areas_of = _area_labels(area_ids)
    rows = []
    for t in tg.itertuples(index=False):
        has_value = not fmt.missing(t.latest_value)
        target_source = f"Target: {t.target_source_title} ({t.target_source_url})"
        rows.append(
            {
                "indicator": t.indicator_name,
                "area": areas_of.get(t.indicator_id, ""),
                "date": fmt.iso_date(t.latest_as_of, t.latest_precision) if has_value else "",
                "value": float(t.latest_value) if has_value else None,
                "comparator": fmt.comparator_words(t.latest_comparator) if has_value else "",
                "unit": t.unit,
                "target": fmt.figure(t.target_value, t.target_comparator, t.unit, "words"),
                "deadline": fmt.iso_date(t.deadline),
                "status": status_style.label(t.status),
                "source_title": t.latest_source_title if has_value else "",
                "source_address": t.latest_source_url if has_value else "",
                "quote": t.latest_quote if has_value else "",
                "record": "target",
                "comparable": "true" if has_value else "",
                "date_basis": t.latest_date_basis if has_value else "",
                "note": " ".join(
                    x
                    for x in (
                        t.status_note,
                        f"Proxy: {t.match_note}" if t.match == "proxy" else "",
                        target_source,
                    )
                    if x
                ),
                "_indicator_id": t.indicator_id,
                "_target_id": t.target_id,
                "_observation_id": t.latest_observation_id if has_value else "",
                "_x": pd.Timestamp(t.latest_as_of) if has_value else pd.NaT,
                "_status": t.status,
                "_status_text": t.status_text,
                "_figure": t.latest_text,
                "_target_text": t.target_text,
                "_date_text": (
                    fmt.date_phrase(t.latest_as_of, t.latest_date_basis, t.latest_precision)
                    if has_value
                    else ""
                ),
                "_deadline_text": t.deadline_text,
                "_percent": None if fmt.missing(t.percent_of_target) else t.percent_of_target,
                "_percent_text": fmt.percent_of_target(
                    t.percent_of_target, t.latest_comparator, t.direction
                ),
                "_match": t.match,
                "_match_note": "" if fmt.missing(t.match_note) else t.match_note,
                "_target_source": t.target_source_title,
                "_target_quote": t.target_quote,
                "_status_note": t.status_note,
                "_trend_text": t.trend_text,
                "_comparable": True,
                "_source_date": (
                    pd.Timestamp(t.latest_source_date)
                    if has_value
                    else pd.Timestamp(t.target_source_date)
                ),
                "_source_date_text": (
                    fmt.show_date(t.latest_source_date, t.latest_source_precision)
                    if has_value
                    else ""
                ),
                "_unit": t.unit,
            }
        )
    return _finish(rows)


def trajectory_frame(target_id: str, area_ids: Sequence[str]) -> pd.DataFrame:
    """What a target's trajectory chart plots: the indicator's observations (the baseline and
    latest comparable ones marked in `_role`), the target at its deadline and, where the status
    method computed one, the projection of the observed rate to the deadline."""
    tg = targets(area_ids)
    tg = tg[tg["target_id"] == target_id]
    if tg.empty:
        return _empty_chart_frame()
    t = next(tg.itertuples(index=False))
    areas_of = _area_labels(area_ids)
    obs = observations(area_ids, [t.indicator_id])
    rows = _observation_rows(obs, areas_of, tg)
    for row in rows:
        oid = row["_observation_id"]
        row["_role"] = (
            "baseline"
            if oid == t.baseline_observation_id
            else "latest"
            if oid == t.latest_observation_id
            else ""
        )
        row["_target_id"] = t.target_id
    target = _target_row(t, areas_of)
    target["_role"] = "target"
    rows.append(target)
    if not fmt.missing(t.projected_value) and not fmt.missing(t.latest_value):
        projection = dict(target)
        projection.update(
            {
                "value": float(t.projected_value),
                "comparator": "",
                "source_title": PROJECTION_SOURCE,
                "source_address": "",
                "quote": "",
                "record": "projection",
                "note": (
                    f"Observed growth from {fmt.show_date(t.baseline_as_of)} to "
                    f"{fmt.show_date(t.latest_as_of)} ({t.rate_method} rate) continued to the "
                    "deadline."
                ),
                "_figure": fmt.figure(t.projected_value, "=", t.unit),
                "_role": "projection",
                "_date_text": f"projected for {t.deadline_text}",
            }
        )
        rows.append(projection)
    return _finish(rows)


def download_frame(chart_frame: pd.DataFrame) -> pd.DataFrame:
    """The public columns of a chart frame: the rows of the chart, nothing else. Whole numbers
    are written without a trailing ".0" (340, not 340.0)."""
    out = chart_frame[DOWNLOAD_COLUMNS].reset_index(drop=True).copy()
    out["value"] = [
        v if fmt.missing(v) or not float(v).is_integer() else int(v) for v in out["value"]
    ]
    return out


def csv_bytes(chart_frame: pd.DataFrame) -> bytes:
    return download_frame(chart_frame).to_csv(index=False).encode("utf-8")


# --- headline figures -------------------------------------------------------------------------


def headlines(area_ids: Sequence[str]) -> pd.DataFrame:
    """One row per indicator with a target: latest comparable figure, the one before it, the
    change between them, the target and its deadline. Indicators without a value come last."""
    tg = targets_frame(area_ids)
    if tg.empty:
        return tg
    tg = tg.drop_duplicates("_indicator_id", keep="first").copy()
    obs = observations(area_ids, list(tg["_indicator_id"]))
    obs = obs[obs["comparable"]]
    previous_text, change_text, delta, since = [], [], [], []
    for r in tg.to_dict("records"):
        earlier = obs[(obs["indicator_id"] == r["_indicator_id"]) & (obs["as_of"] < r["_x"])]
        if fmt.missing(r["value"]) or earlier.empty:
            previous_text.append("")
            change_text.append("")
            delta.append("")
            since.append("")
            continue
        prev = earlier.sort_values("as_of").iloc[-1]
        previous_text.append(f"{prev['figure']} ({prev['date_text']})")
        change = float(r["value"]) - float(prev["value"])
        # "> 140" to "> 150" is not a change of 10: say the change is between stated bounds.
        bounds = bool({prev["comparator"], r["comparator"]} - {"=", "exactly"})
        qualifier = " (between stated bounds)" if bounds else ""
        since.append(f"since {prev['date_text']}")
        previous_text[-1] += "; the change is between stated bounds" if bounds else ""
        if change == 0:
            delta.append("no change")
        else:
            sign = "+" if change > 0 else "-"
            amount = fmt.with_unit(abs(change), r["unit"])
            if r["unit"] == "percent":
                amount = f"{fmt.number(abs(change))} points"
            delta.append(f"{sign}{amount}")
        change_text.append(f"{delta[-1]} {since[-1]}{qualifier}")
    tg["_previous"] = previous_text
    tg["_change"] = change_text
    tg["_delta"] = delta
    tg["_since"] = since
    tg["_has_value"] = ~tg["value"].isna()
    return tg.sort_values("_has_value", ascending=False, kind="stable").reset_index(drop=True)


def latest_source_date(*frames: pd.DataFrame) -> str:
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


# --- sources page -----------------------------------------------------------------------------


def quoted_records_query(source_id: str) -> Query:
    """Every observation, target and commitment quoting one source."""
    return (
        "SELECT 'observation' AS kind, o.observation_id AS record_id, o.indicator_id, "
        "i.name_en AS indicator_name, i.unit, o.value, o.comparator, o.as_of AS date, o.quote "
        "FROM observations o JOIN indicators i USING (indicator_id) WHERE o.source_id = ? "
        "UNION ALL "
        "SELECT 'target', t.target_id, t.indicator_id, i.name_en, i.unit, t.value, t.comparator, "
        "t.deadline, t.quote FROM targets t JOIN indicators i USING (indicator_id) "
        "WHERE t.source_id = ? "
        "UNION ALL "
        "SELECT 'commitment', c.commitment_id, NULL, a.name_en, NULL, NULL, NULL, c.deadline, "
        "c.quote FROM commitments c JOIN areas a USING (area_id) WHERE c.source_id = ? "
        "ORDER BY 1, 2",
        [source_id, source_id, source_id],
    )


def quoted_records(source_id: str) -> pd.DataFrame:
    return run(quoted_records_query(source_id))


def source_text(text_file: str) -> str:
    """A source's stored text (`text_file` is relative to the datasets directory)."""
    from etl.build import DEFAULT_DATASETS

    path = (DEFAULT_DATASETS / text_file).resolve()
    if DEFAULT_DATASETS.resolve() not in path.parents:
        raise ValueError(f"not a dataset file: {text_file}")
    return path.read_text(encoding="utf-8")


def latest_date(dates_and_precisions) -> str:
    """The latest of (date, precision) pairs, shown with its precision; "" if none."""
    pairs = [(fmt.to_date(d), p) for d, p in dates_and_precisions if not fmt.missing(d)]
    if not pairs:
        return ""
    d, p = max(pairs, key=lambda x: x[0])
    return fmt.show_date(d, p)
