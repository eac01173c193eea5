"""The observations: the figures the sources state. Their SQL (every observation of the areas,
the Data page's filtered pages, the figures a headline compares with), their rows with display
texts in the reader's language, and their rows of a chart frame. Reads through `tracker.store`,
kept by `tracker.cache`; no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from etl import figures as fmt
from etl.schema import TARGET_PROGRESS
from tracker import i18n, status_style, store
from tracker.areas import AreasOf, area_cells
from tracker.cache import built, key_of
from tracker.frames import (
    cell_text,
    date_texts,
    figure_texts,
    json_date,
    json_number,
    json_text,
    picked,
    precisions,
    source_object,
)
from tracker.queries import ALL_HORIZONS, IN_AREAS, Query, areas_param

# The display columns of an indicator's trajectory rows (`observation_rows`), read by the charts,
# their context and the pages; each made here, in the reader's language where it is a text.
OBSERVATION_FRAME_COLUMNS = {
    "_x": "the date the row is drawn at (a figure's as-of date, a goal's deadline)",
    "_figure": "the value as shown: number, unit and comparator ('> 340')",
    "_comparator": "the figure's comparator ('=', '>', '>=', '<', '<=', '~')",
    "_date_text": "the date as shown, with its basis and precision",
    "_comparable": "whether the figure can be compared with the indicator's target",
    "_status": "the status of the goal the row belongs to ('' for none)",
    "_indicator_id": "the indicator's id",
    "_indicator_name": "the indicator's name in the reader's language",
    "_target_id": "the goal's id ('' for a figure)",
    "_observation_id": "the figure's id ('' for a goal)",
    "_source_title": "the source's title in the reader's language",
    "_source_date": "the source's publication date (a timestamp)",
    "_source_date_text": "the source's publication date as shown, with its precision",
    "_period": "the period a count covers, as shown ('' for a level)",
    "_period_start": "the first day of that period (NaT for a level)",
}

_OBSERVATION_COLUMNS = (
    "o.observation_id, o.indicator_id, i.name_en AS indicator_name, "
    "i.name_zh AS indicator_name_zh, i.unit, i.direction, "
    "o.value, o.comparator, o.as_of, o.date_basis, o.period_start, o.comparable, o.quote, "
    "o.note, o.note_zh, o.source_id, "
    "s.title AS source_title, s.title_zh AS source_title_zh, s.url AS source_url, "
    "s.published_on AS source_date, "
    "s.date_precision AS source_precision, s.publisher AS source_publisher, "
    "s.publisher_zh AS source_publisher_zh"
)


def observations_query(
    area_ids: Sequence[str], indicator_ids: Sequence[str] | None = None
) -> Query:
    sql = (
        f"SELECT {_OBSERVATION_COLUMNS} FROM observations o "
        "JOIN indicators i USING (indicator_id) JOIN sources s USING (source_id) "
        f"WHERE o.{IN_AREAS}"
    )
    params: list[Any] = [areas_param(area_ids)]
    if indicator_ids is not None:
        sql += " AND list_contains(?::VARCHAR[], o.indicator_id)"
        params.append([str(i) for i in indicator_ids])
    return sql + " ORDER BY i.name_en, o.as_of, o.observation_id", params


# The Data page's observations table, paged and filtered in DuckDB (any size of dataset): the
# filter is a WHERE clause with `?` parameters, built here; the page never reads every row.
_OBSERVATIONS_FROM = (
    "FROM observations o JOIN indicators i USING (indicator_id) JOIN sources s USING (source_id) "
)
# what the search reads, in both languages: ids, names, the quote, the note, the source title
_OBSERVATION_SEARCHED = (
    "o.indicator_id",
    "i.name_en",
    "i.name_zh",
    "o.quote",
    "o.note",
    "o.note_zh",
    "o.source_id",
    "s.title",
    "s.title_zh",
)


def observation_filter(
    area_ids: Sequence[str],
    indicator_ids: Sequence[str] = (),
    comparable_only: bool = False,
    search: str = "",
) -> Query:
    """The WHERE clause (without the word) and its parameters choosing the observations of the
    areas, of `indicator_ids` when any, comparable ones only when asked, and containing
    `search` (case-insensitive, literal: no wildcard) in any searched column."""
    clauses = [f"o.{IN_AREAS}"]
    params: list[Any] = [areas_param(area_ids)]
    if indicator_ids:
        clauses.append("list_contains(?::VARCHAR[], o.indicator_id)")
        params.append([str(i) for i in indicator_ids])
    if comparable_only:
        clauses.append("o.comparable")
    needle = search.strip().lower()
    if needle:
        clauses.append(
            "("
            + " OR ".join(f"contains(lower(coalesce({c}, '')), ?)" for c in _OBSERVATION_SEARCHED)
            + ")"
        )
        params += [needle] * len(_OBSERVATION_SEARCHED)
    return " AND ".join(clauses), params


def observations_count_query(where: Query) -> Query:
    return f"SELECT count(*) AS n {_OBSERVATIONS_FROM}WHERE {where[0]}", list(where[1])


def observations_page_query(where: Query, limit: int, offset: int) -> Query:
    """One page of the filtered observations, in the order of `observations_query`."""
    return (
        f"SELECT {_OBSERVATION_COLUMNS} {_OBSERVATIONS_FROM}WHERE {where[0]} "
        "ORDER BY i.name_en, o.as_of, o.observation_id LIMIT ? OFFSET ?",
        [*where[1], int(limit), int(offset)],
    )


def headline_observations_query(
    area_ids: Sequence[str], horizons: Sequence[str] = ALL_HORIZONS
) -> Query:
    """The observations `frames.headlines` can use (columns of `observations_query`): for each
    target of the areas with a latest value, the comparable figures of its indicator dated
    before that value that share its kind: a level target's latest such level figures (ties
    kept), a period count's every counted figure. What was all the areas' observations."""
    return (
        "WITH heads AS (SELECT DISTINCT indicator_id, latest_as_of, "
        f"period_start IS NOT NULL AS counted FROM {TARGET_PROGRESS.name} WHERE {IN_AREAS} "
        "AND list_contains(?::VARCHAR[], horizon) AND latest_as_of IS NOT NULL), "
        "wanted AS ("
        "SELECT o.observation_id FROM heads h JOIN observations o "
        "ON o.indicator_id = h.indicator_id AND o.comparable AND o.period_start IS NOT NULL "
        "WHERE h.counted "
        "UNION SELECT observation_id FROM ("
        "SELECT o.observation_id, rank() OVER (PARTITION BY h.indicator_id, h.latest_as_of "
        "ORDER BY o.as_of DESC) AS place FROM heads h JOIN observations o "
        "ON o.indicator_id = h.indicator_id AND o.comparable AND o.period_start IS NULL "
        "AND o.as_of < h.latest_as_of WHERE NOT h.counted) WHERE place = 1) "
        f"SELECT {_OBSERVATION_COLUMNS} FROM observations o "
        "JOIN indicators i USING (indicator_id) JOIN sources s USING (source_id) "
        "WHERE o.observation_id IN (SELECT observation_id FROM wanted) "
        "ORDER BY i.name_en, o.as_of, o.observation_id",
        [areas_param(area_ids), [str(h) for h in horizons]],
    )


def observations(
    area_ids: Sequence[str], indicator_ids: Sequence[str] | None = None, *, lang: str
) -> pd.DataFrame:
    return built(
        key_of("observations", area_ids, indicator_ids),
        lambda: observation_texts(store.run(observations_query(area_ids, indicator_ids)), lang),
        lang=lang,
    )


def observation_count(where: Query) -> int:
    """How many observations the filter `where` (`observation_filter`) chooses."""
    return int(store.run(observations_count_query(where))["n"].iloc[0])


def observation_page(where: Query, limit: int, offset: int, lang: str) -> pd.DataFrame:
    """One page of the filtered observations with their display texts: only its rows are read."""
    return built(
        ("observation_page", where[0], store._params_key(where[1]), limit, offset),
        lambda: observation_texts(store.run(observations_page_query(where, limit, offset)), lang),
        lang=lang,
    )


def observation_texts(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Observations (observations_query) with their display texts in `lang`:
    figure, date with the right precision, indicator name, source title, note (`indicator`,
    `source`, `note_text`, `date_basis_text`); `period_text` and `date_iso` are for downloads
    (English), `period_shown` for display."""
    frame = frame.copy()
    precision = precisions(frame)
    frame["precision"] = precision
    frame["figure"] = figure_texts(frame, "value", "comparator", lang)
    frame["date_text"] = date_texts(frame["as_of"], precision, lang)
    frame["date_iso"] = [fmt.iso_date(d, p) for d, p in zip(frame["as_of"], precision, strict=True)]
    frame["period_text"] = [
        fmt.period_text(s, a) if not fmt.missing(s) else ""
        for s, a in zip(frame["period_start"], frame["as_of"], strict=True)
    ]
    frame["period_shown"] = [
        fmt.period_text(s, a, lang) if not fmt.missing(s) else ""
        for s, a in zip(frame["period_start"], frame["as_of"], strict=True)
    ]
    frame["indicator"] = picked(frame, "indicator_name", lang)
    frame["source"] = picked(frame, "source_title", lang)
    frame["note_text"] = picked(frame, "note", lang)
    frame["date_basis_text"] = [date_basis_text(b, lang) for b in frame["date_basis"]]
    return frame


def date_basis_text(basis: Any, lang: str) -> str:
    """What an observation's date is, in `lang`."""
    _ = i18n.words(lang)
    if basis == "stated":
        return _("date stated")
    if basis == "refers_to":
        return _("date it describes")
    return cell_text(basis)


def observation_rows(obs: pd.DataFrame, areas_of: AreasOf, tg: pd.DataFrame, lang: str):
    # The targets of each indicator, summed up once per (indicator, unit): filtering the whole
    # targets frame for every observation row made the frame quadratic in the data's size.
    groups = dict(tuple(tg.groupby("indicator_id", sort=False))) if len(tg) else {}
    summaries: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    texts: dict[tuple, str] = {}  # dates and phrases repeat across rows: written once each

    def summary(indicator_id: str, unit: str) -> tuple[str, str, str, str]:
        key = (indicator_id, unit)
        if key not in summaries:
            its = groups.get(indicator_id, tg.iloc[0:0])
            summaries[key] = (
                "; ".join(
                    fmt.figure_text(v, c, unit, words=True)
                    for v, c in zip(its["target_value"], its["target_comparator"], strict=True)
                ),
                "; ".join(fmt.iso_date(d) for d in its["deadline"]),
                "; ".join(dict.fromkeys(status_style.style(s).label_en for s in its["status"])),
                its["status"].iloc[0] if len(its) else "",
            )
        return summaries[key]

    def text(write, *args) -> str:
        key = (write, *args)
        if key not in texts:
            texts[key] = write(*args)
        return texts[key]

    rows = []
    for r in obs.itertuples(index=False):
        target, deadline, status, first_status = summary(r.indicator_id, r.unit)
        rows.append(
            {
                "indicator": r.indicator_name,
                "indicator_zh": r.indicator_name_zh,
                **area_cells(areas_of, r.indicator_id, lang),
                "date": r.date_iso,
                "value": float(r.value),
                "comparator": fmt.comparator_words(r.comparator),
                "_comparator": r.comparator,
                "unit": r.unit,
                "target": target,
                "deadline": deadline,
                "status": status,
                "source_title": r.source_title,
                "source_address": r.source_url,
                "quote": r.quote,
                "record": "observation",
                "comparable": "true" if r.comparable else "false",
                "date_basis": r.date_basis,
                "period": r.period_text,
                "note": "" if fmt.missing(r.note) else r.note,
                "_indicator_id": r.indicator_id,
                "_indicator_name": r.indicator,
                "_source_title": r.source,
                "_target_id": "",
                "_observation_id": r.observation_id,
                "_period": r.period_shown,
                "_period_start": pd.Timestamp(r.period_start) if r.period_text else pd.NaT,
                "_x": pd.Timestamp(r.as_of),
                "_status": first_status,
                "_figure": r.figure,
                "_date_text": text(fmt.date_phrase, r.as_of, r.date_basis, r.precision, lang),
                "_comparable": bool(r.comparable),
                "_source_date": pd.Timestamp(r.source_date),
                "_source_date_text": text(fmt.show_date, r.source_date, r.source_precision, lang),
            }
        )
    return rows


def observation_document(r: dict[str, Any]) -> dict[str, Any]:
    """An observation as the API's documents give it (a row of `indicator_observations`)."""
    return {
        "id": r["observation_id"],
        "value": json_number(r["value"]),
        "comparator": r["comparator"],
        "as_of": json_date(r["as_of"]),
        # How much of as_of the data records (a figure dated by a source known to the month
        # only is "month"): the pages write the date at this precision ("Sep 2025").
        "as_of_precision": fmt.observation_precision(
            r["as_of"], r["date_basis"], r.get("source_date"), r.get("source_precision")
        ),
        "date_basis": json_text(r["date_basis"]),
        "period_start": json_date(r["period_start"]),
        "comparable": bool(r["comparable"]),
        "quote": r["quote"],
        "note": json_text(r["note"]),
        "note_zh": json_text(r["note_zh"]),
        "confidence": r["confidence"],
        "source": source_object(r),
    }
