"""What the pages read: each function runs the queries it needs (`tracker.queries`, run by
`tracker.store`) and shapes the results (`tracker.frames`). No SQL and no shaping here, only
the wiring, so a page calls one function and then a chart builder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from etl import figures
from tracker import frames, i18n, store
from tracker import queries as q
from tracker.areas import (
    AreasOf,
    all_area_ids,
    area_descriptions,
    area_names,
    areas,
    indicator_area_names,
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
from tracker.db import DatabaseUnavailable
from tracker.frames import (
    DOWNLOAD_COLUMNS,
    csv_bytes,
    latest_date,
)
from tracker.i18n import N_, _, pick
from tracker.observations import (
    headline_observations_query,
    observation_count,
    observation_page,
    observation_rows,
    observation_texts,
    observations,
)

show_date = figures.show_date

__all__ = [  # re-exported for the pages: the caching, the areas, the observations, shaping
    "DOWNLOAD_COLUMNS",
    "all_area_ids",
    "area_descriptions",
    "area_names",
    "areas",
    "begin_run",
    "cached",
    "csv_bytes",
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
    "verdict_csv",
]


def check_database() -> dict[str, str]:
    """Build the database if missing and read build_info; raises DatabaseUnavailable."""
    info = store.run(q.build_info_query())
    if info.empty:
        raise DatabaseUnavailable("The database has no build_info: it is incomplete.")
    return dict(zip(info["key"], info["value"], strict=True))


build_info = check_database


def sources() -> pd.DataFrame:
    return store.run(q.sources_query())


def indicators(area_ids: Sequence[str]) -> pd.DataFrame:
    return store.run(q.indicators_query(area_ids))


def targets(area_ids: Sequence[str], horizons: Sequence[str] = q.ALL_HORIZONS) -> pd.DataFrame:
    return built(
        key_of("targets", area_ids, horizons),
        lambda: frames.target_texts(store.run(q.targets_query(area_ids, horizons))),
    )


def commitments(area_ids: Sequence[str], kind: str | None = None) -> pd.DataFrame:
    return built(
        key_of("commitments", area_ids, kind),
        lambda: frames.commitment_texts(store.run(q.commitments_query(area_ids, kind))),
    )


def records_as_of(area_ids: Sequence[str]) -> str:
    """The latest source date of the areas' observations, targets and commitments, shown with
    its precision (`latest_date`): the Data page's "as of" line. Found by DuckDB."""

    def make() -> str:
        found = store.run(q.records_as_of_query(area_ids))
        return latest_date(zip(found["source_date"], found["source_precision"], strict=True))

    return built(key_of("records_as_of", area_ids), make)


def indicator_labels(area_ids: Sequence[str]) -> dict[str, str]:
    """indicator_id -> its name in the reader's language (English where it has no Chinese), for
    the areas' indicators in name order: the Data page's indicator filter."""

    def make() -> dict[str, str]:
        ind = indicators(area_ids)
        names = ind["name_en"].astype(str)
        if i18n.current() == "zh":
            zh = ind["name_zh"].fillna("").astype(str)
            names = zh.where(zh != "", names)
        return dict(sorted(zip(ind["indicator_id"], names, strict=True), key=lambda kv: kv[1]))

    return built(key_of("indicator_labels", area_ids), make)


def indicator_overview(
    area_ids: Sequence[str], horizons: Sequence[str] = q.ALL_HORIZONS
) -> pd.DataFrame:
    """Per indicator of the areas: how many figures, freshness, goals and latest source date
    (`frames.indicator_overview`), counted in the database: what a page reads before drawing
    the few charts it shows, without building every indicator's chart frame."""
    return built(
        key_of("indicator_overview", area_ids, horizons),
        lambda: frames.indicator_overview(
            store.run(q.indicator_summary_query(area_ids)),
            freshness(area_ids).set_index("indicator_id"),
            shown_targets(area_ids, horizons),
        ),
    )


def shape_series(
    obs: pd.DataFrame, tg: pd.DataFrame, areas_of: AreasOf, indicator_id: str | None = None
) -> pd.DataFrame:
    """Every observation (`observation_texts`), then a row per target (`target_texts`), of the
    areas' indicators or of one indicator: what an indicator's time-series chart plots (points,
    and the target line at its deadline). `areas_of`: `areas.indicator_area_names` of the areas."""
    if indicator_id is not None:
        obs = obs[obs["indicator_id"] == indicator_id]
        tg = tg[tg["indicator_id"] == indicator_id]
    rows = observation_rows(obs, areas_of, tg)
    rows += [frames.target_row(t, areas_of) for t in tg.itertuples(index=False)]
    return frames.chart_frame(rows)


def shape_trajectory(
    target_id: str, tg: pd.DataFrame, obs: pd.DataFrame, areas_of: AreasOf
) -> pd.DataFrame:
    """What a target's trajectory chart plots: the indicator's observations (the baseline and
    latest comparable ones marked in `_role`), the target at its deadline and, where the status
    method computed one, the projection of the observed rate to the deadline. `tg` and `obs`
    as for `shape_series`."""
    tg = tg[tg["target_id"] == target_id]
    if tg.empty:
        return frames.empty_chart_frame()
    t = next(tg.itertuples(index=False))
    obs = obs[obs["indicator_id"] == t.indicator_id]
    rows = observation_rows(obs, areas_of, tg)
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
    target = frames.target_row(t, areas_of)
    target["_role"] = "target"
    rows.append(target)
    if not figures.missing(t.projected_value) and not figures.missing(t.latest_value):
        projection = dict(target)
        projection.update(
            {
                "value": float(t.projected_value),
                "comparator": "",
                "_comparator": "=",
                "source_title": frames.PROJECTION_SOURCE,
                "source_address": "",
                "quote": "",
                "record": "projection",
                "note": (
                    f"Observed growth from {figures.show_date(t.baseline_as_of)} to "
                    f"{figures.show_date(t.latest_as_of)} ({t.rate_method} rate) continued to the "
                    "deadline."
                ),
                "_figure": figures.projection_text(t.projected_value, t.unit, lang=i18n.current()),
                "_source_title": _(frames.PROJECTION_SOURCE),
                "_role": "projection",
                "_date_text": _("projected for {date}").format(date=t.deadline_text),
            }
        )
        rows.append(projection)
    return frames.chart_frame(rows)


def series_frame(
    area_ids: Sequence[str],
    indicator_id: str | None = None,
    horizons: Sequence[str] = q.ALL_HORIZONS,
) -> pd.DataFrame:
    ids = None if indicator_id is None else [indicator_id]
    return built(
        key_of("series_frame", area_ids, indicator_id, horizons),
        lambda: shape_series(
            observations(area_ids, ids),
            shown_targets(area_ids, horizons),
            indicator_area_names(area_ids),
            indicator_id,
        ),
    )


def shown_targets(
    area_ids: Sequence[str], horizons: Sequence[str] = q.ALL_HORIZONS
) -> pd.DataFrame:
    """The targets as the pages show them: a goal stated twice once, under the statement that
    decides it (`restated_targets`)."""
    tg = targets(area_ids, horizons)
    return tg[~tg["target_id"].isin(list(restated_targets()))]


def also_stated(area_ids: Sequence[str]) -> dict[str, list[str]]:
    """Each deciding statement of a goal stated twice -> the titles (in the reader's language)
    of the sources of its other statements (`restated_targets`)."""

    def make() -> dict[str, list[str]]:
        restated = restated_targets()
        also: dict[str, list[str]] = {}
        shown = targets(area_ids)
        for target_id, source in zip(shown["target_id"], shown["source"], strict=True):
            if target_id in restated:
                also.setdefault(restated[target_id], []).append(source)
        return also

    return built(key_of("also_stated", area_ids), make)


def targets_frame(
    area_ids: Sequence[str], horizons: Sequence[str] = q.ALL_HORIZONS
) -> pd.DataFrame:
    return built(
        key_of("targets_frame", area_ids, horizons),
        lambda: frames.targets_frame(
            shown_targets(area_ids, horizons), indicator_area_names(area_ids)
        ),
    )


def trajectory_frame(target_id: str, area_ids: Sequence[str]) -> pd.DataFrame:
    def make() -> pd.DataFrame:
        tg = targets(area_ids)
        found = tg[tg["target_id"] == target_id]
        # Only the target's indicator's observations are read: not every one of the areas.
        ids = list(dict.fromkeys(found["indicator_id"]))
        return shape_trajectory(
            target_id, tg, observations(area_ids, ids), indicator_area_names(area_ids)
        )

    return built(key_of("trajectory_frame", target_id, area_ids), make)


def headlines(area_ids: Sequence[str], horizons: Sequence[str] = q.ALL_HORIZONS) -> pd.DataFrame:
    return built(
        key_of("headlines", area_ids, horizons),
        lambda: frames.headlines(
            targets_frame(area_ids, horizons),
            observation_texts(store.run(headline_observations_query(area_ids, horizons))),
        ),
    )


def indicator_ids() -> tuple[str, ...]:
    return built(
        key_of("indicator_ids"),
        lambda: tuple(str(i) for i in store.run(q.indicator_ids_query())["indicator_id"]),
    )


def indicator_id_set() -> dict[str, str]:
    """Each indicator id mapped to itself: a lookup that hands back the database's string."""
    return built(key_of("indicator_id_set"), lambda: {i: i for i in indicator_ids()})


def indicator_catalogue() -> pd.DataFrame:
    return built(key_of("indicator_catalogue"), lambda: store.run(q.indicator_catalogue_query()))


def indicator(indicator_id: str) -> dict[str, Any]:
    """One indicator's row (the id must be one of `indicator_ids`)."""
    return built(
        key_of("indicator", indicator_id),
        lambda: store.run(q.indicator_query(indicator_id)).to_dict("records")[0],
    )


def indicator_observations(indicator_id: str) -> pd.DataFrame:
    return built(
        key_of("indicator_observations", indicator_id),
        lambda: store.run(q.indicator_observations_query(indicator_id)),
    )


def indicator_disagreements(indicator_id: str) -> pd.DataFrame:
    return built(
        key_of("indicator_disagreements", indicator_id),
        lambda: store.run(q.disagreements_query(indicator_id)),
    )


def target_documents(indicator_id: str | None) -> pd.DataFrame:
    return built(
        key_of("target_documents", indicator_id),
        lambda: store.run(q.target_documents_query(indicator_id)),
    )


def indicator_freshness(indicator_id: str) -> dict[str, Any] | None:
    """The indicator's latest date, stale mark and what is awaited, as JSON types."""

    def make() -> dict[str, Any] | None:
        f = freshness(all_area_ids())
        row = f[f["indicator_id"] == indicator_id]
        if row.empty:
            return None
        r = row.iloc[0]
        latest = r["latest_as_of"]
        return {
            "latest_as_of": None if pd.isna(latest) else pd.Timestamp(latest).date().isoformat(),
            "stale": bool(r["stale"]),
            "awaited": bool(r["awaited"]),
            "awaited_note": None if pd.isna(r["awaited_note"]) else str(r["awaited_note"]),
            "awaited_note_zh": (
                None if pd.isna(r["awaited_note_zh"]) else str(r["awaited_note_zh"])
            ),
        }

    return built(key_of("indicator_freshness", indicator_id), make)


def indicator_series(indicator_id: str) -> pd.DataFrame:
    """The indicator page's chart frame: every observation and every target of the indicator,
    whatever the areas and horizons chosen (the page is the indicator's whole record)."""
    return series_frame(all_area_ids(), indicator_id)


def indicator_chart_csv(indicator_id: str) -> bytes:
    """The indicator chart's download, the same bytes as /api/v1/indicators/{id}.csv."""
    return store.per_database(
        ("indicator_chart_csv", indicator_id),
        lambda _path: csv_bytes(indicator_series(indicator_id)),
    )


def lineage() -> pd.DataFrame:
    """Every goal-lineage link (`target_lineage`), with both targets' figures."""
    return built(key_of("lineage"), lambda: store.run(q.lineage_query()))


def target_lineage(target_id: str) -> list[dict[str, Any]]:
    """The targets a target follows ("before") and that follow it ("after"), each with the
    relation and the later document's source and quote, as JSON types."""
    return _lineage_by_target().get(target_id, [])


def _lineage_by_target() -> dict[str, list[dict[str, Any]]]:
    """`target_lineage` of every target with a link, read from the links once (asked target by
    target, thousands of targets at 10^6 took 12 s)."""

    def link(r: dict[str, Any], before: bool) -> dict[str, Any]:
        return {
            "target_id": r["follows_id"] if before else r["target_id"],
            "direction": "before" if before else "after",
            "relation": r["relation"],
            "value": _json_number(r["follows_value"] if before else r["target_value"]),
            "unit": r["unit"],
            "comparator": r["follows_comparator"] if before else r["target_comparator"],
            "deadline": pd.Timestamp(r["follows_deadline"] if before else r["target_deadline"])
            .date()
            .isoformat(),
            "quote": r["quote"],
            "note": None if pd.isna(r["note"]) else r["note"],
            "note_zh": None if pd.isna(r["note_zh"]) else r["note_zh"],
            "source": {
                "id": r["source_id"],
                "title": r["source_title"],
                "title_zh": r["source_title_zh"],
                "publisher": r["source_publisher"],
                "published": pd.Timestamp(r["source_date"]).date().isoformat(),
                "date_precision": r["source_precision"],
                "url": r["source_url"],
            },
        }

    def make() -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for r in lineage().to_dict("records"):  # in the links' order, as before
            out.setdefault(r["target_id"], []).append(link(r, before=True))
            if r["follows_id"] != r["target_id"]:
                out.setdefault(r["follows_id"], []).append(link(r, before=False))
        return out

    return built(key_of("lineage_by_target"), make)


def _json_number(value: Any) -> int | float:
    v = float(value)
    return int(v) if v.is_integer() else v


def restated_targets() -> dict[str, str]:
    """Each later statement of a goal (`same_goal`) -> the statement that decides its verdict:
    a goal stated twice is shown once, under the deciding statement."""

    def make() -> dict[str, str]:
        links = lineage()
        same = links[links["relation"] == "same_goal"]
        return dict(zip(same["target_id"], same["follows_id"], strict=True))

    return built(key_of("restated_targets"), make)


def chains(indicator_id: str) -> list[str]:
    """The indicator's goal chains in words, in the reader's language: "≥ 85% by 2025 → > 90%
    by 2027 (raised)"; a same-goal restatement is not a step. The same list on every call:
    do not change it."""

    def make() -> list[str]:
        links = lineage()
        links = links[(links["indicator_id"] == indicator_id) & (links["relation"] != "same_goal")]
        lang = i18n.current()
        out = []
        for r in links.to_dict("records"):
            before = figures.figure_text(
                r["follows_value"], r["follows_comparator"], r["unit"], lang=lang
            )
            after = figures.figure_text(
                r["target_value"], r["target_comparator"], r["unit"], lang=lang
            )
            out.append(
                _(
                    "{before} by {before_deadline} → {after} by {after_deadline} ({relation})"
                ).format(
                    before=before,
                    before_deadline=figures.show_date(r["follows_deadline"], "year", lang),
                    after=after,
                    after_deadline=figures.show_date(r["target_deadline"], "year", lang),
                    relation=relation_word(r["relation"]),
                )
            )
        return out

    return built(key_of("chains", indicator_id), make)


def relation_word(relation: str) -> str:
    """A lineage relation in words, in the reader's language."""
    word = RELATION_WORDS.get(relation, relation)
    return _(word)


RELATION_WORDS = {
    "same_goal": N_("the same goal"),
    "restates": N_("restated"),
    "raises": N_("raised"),
    "lowers": N_("lowered"),
    "extends": N_("extended"),
    "drops": N_("dropped"),
}


def verdicts(area_ids: Sequence[str]) -> pd.DataFrame:
    """The goals due by the end of 2025 whose deadline has passed, with their verdicts: one row
    a goal (a goal stated twice is decided once, on its deciding statement; `_also_stated` names
    the other statements' sources), and whether a later plan carried it forward."""

    def make() -> pd.DataFrame:
        frame = frames.verdicts_frame(shown_targets(area_ids, ("2025",)))
        also = also_stated(area_ids)
        frame["_also_stated"] = [also.get(t, []) for t in frame["_target_id"]]
        frame["_carried_forward"] = [carried_forward(t) for t in frame["_target_id"]]
        return frame

    return built(key_of("verdicts", area_ids), make)


def carried_forward(target_id: str) -> str:
    """What later documents did with a goal, in words ("" for none found)."""
    later = [x for x in target_lineage(target_id) if x["direction"] == "after"]
    later = [x for x in later if x["relation"] != "same_goal"]
    lang = i18n.current()
    return "; ".join(
        _("{relation} to {figure} by {deadline}").format(
            relation=relation_word(x["relation"]),
            figure=figures.figure_text(x["value"], x["comparator"], x["unit"], lang=lang),
            deadline=figures.show_date(x["deadline"], "year", lang),
        )
        for x in later
    )


def commitment_assessments(area_ids: Sequence[str]) -> pd.DataFrame:
    return built(
        key_of("commitment_assessments", area_ids),
        lambda: frames.commitment_assessment_frame(
            store.run(q.commitment_assessments_query(area_ids)),
            store.run(q.commitment_evidence_query(area_ids)),
        ),
    )


def searches(subject_kind: str, subject_ids: Sequence[str]) -> list[dict]:
    """The recorded searches for these indicators, commitments or targets, newest first: each
    with its date shown in the reader's language, the corpora and queries, what it found
    (`found_nothing` when no official figure was found) and its note in the reader's language.
    Found once per (subjects, language, database identity): the Overview asks for each goal
    and commitment on every rerun. The same list each time: do not change it."""

    def make() -> list[dict]:
        every = built(("searches",), lambda: store.run(q.searches_query()))
        wanted = set(subject_ids)
        rows = every[(every["subject_kind"] == subject_kind) & every["subject_id"].isin(wanted)]
        return [
            {
                **r,
                "date_text": show_date(r["searched_on"], lang=i18n.current()),
                "found_nothing": r["found"].strip() == "none",
                "note_shown": pick(r, "note") or "",
            }
            for r in rows.to_dict("records")
        ]

    return built(key_of("searches_of", subject_kind, subject_ids), make)


def freshness(area_ids: Sequence[str]) -> pd.DataFrame:
    """Per indicator of the areas: its latest figure's date, stale or not, what is awaited."""
    return built(
        key_of("freshness", area_ids),
        lambda: frames.freshness_texts(store.run(q.freshness_query(area_ids))),
    )


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
        ("dataset_file", kind), lambda p: frames.dataset_file(kind, tables(p)), path
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


def chart_parts(key: str, frame: pd.DataFrame, figure: Any) -> tuple[Any, bytes]:
    """A chart's figure and its CSV download (`csv_bytes` of `frame`). When `figure` is a
    function that builds the figure, both are built once per (chart key, frame content,
    database identity) and the same ones are returned on every rerun (not copied: do not
    change them); a figure already built is used as given, with its CSV cached the same way."""
    fingerprint = frame_fingerprint(frame)
    if callable(figure):
        return store.per_database(
            ("chart", key, fingerprint, i18n.current()),
            lambda _path: (figure(), csv_bytes(frame)),
        )
    return figure, store.per_database(
        ("csv", fingerprint, i18n.current()), lambda _path: csv_bytes(frame)
    )


def verdict_csv(frame: pd.DataFrame) -> bytes:
    """The verdicts' CSV download (`frames.verdict_csv`), written once per frame content and
    database identity."""
    return store.per_database(
        ("verdict_csv", frame_fingerprint(frame), i18n.current()),
        lambda _path: frames.verdict_csv(frame),
    )


def latest_source_date(*shown: pd.DataFrame | None) -> str:
    """The latest source date among the rows of the frames shown (`frames.latest_source_date`,
    a page's "as of" line), found once per frame content and database identity: a loop over
    every row of thousands of targets on every rerun otherwise."""
    key = tuple(None if f is None else frame_fingerprint(f) for f in shown)
    return store.per_database(
        ("latest_source_date", key, i18n.current()),
        lambda _path: frames.latest_source_date(*shown),
    )


def no_change() -> str:
    """What a headline's change says when the figure did not move, in the reader's language."""
    return figures.change_text(0, None, i18n.current())
