"""The targets: what the documents promise, with their progress, verdict fields and lineage (how a
later document restated, raised or dropped a goal). Their SQL (the `target_progress` mart, the
lineage links), their rows with display texts in the reader's language, their rows of a chart
frame, the targets chart's frame and a target's trajectory. Reads through `tracker.store`, kept
by `tracker.cache`; no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from etl import figures as fmt
from etl.schema import TARGET_PROGRESS
from tracker import frames, i18n, status_style, store
from tracker.areas import AreasOf, area_cells, indicator_area_names
from tracker.cache import built, key_of
from tracker.frames import chart_frame, date_texts, figure_texts, picked, precisions
from tracker.i18n import N_
from tracker.observations import OBSERVATION_FRAME_COLUMNS, observation_rows, observations
from tracker.queries import ALL_HORIZONS, IN_AREAS, Query, areas_param

# The display columns of the targets' frames (`targets_frame`, `trajectory_frame`), read by the
# charts, their context and the pages; the trajectory's figure rows are
# `observations.OBSERVATION_FRAME_COLUMNS`, which its goal and projection rows share.
TARGET_FRAME_COLUMNS = {
    **OBSERVATION_FRAME_COLUMNS,
    "_target_text": "the goal as shown: comparator, value, unit",
    "_status_text": "the status in words",
    "_status_note": "why the status is what it is, in the reader's language",
    "_deadline_text": "the deadline as shown",
    "_percent": "the latest figure as a percentage of the goal (None when not comparable)",
    "_percent_text": "that percentage as shown",
    "_horizon": "the goal's horizon ('2025' or 'after_2025')",
    "_scope": "national, provincial or sector goal",
    "_match": "how the figure matches the goal (exact, proxy, ...)",
    "_match_note": "why a proxy figure is used, in the reader's language",
    "_verdict": "the verdict on a passed deadline ('' for none)",
    "_verdict_text": "the verdict in words",
    "_trend_text": "what the trend says of the deadline",
    "_stale": "whether nothing is newer than the staleness window before the assessment",
    "_target_source": "the goal's source title",
    "_target_quote": "the goal's verbatim quote",
    "_unit": "the goal's unit",
    "_role": "a trajectory row's role: 'figure', 'target' or 'projection'",
}

PROJECTION_SOURCE = i18n.N_(
    "Projection by this tracker: the observed growth rate carried to the deadline"
)


def targets_query(area_ids: Sequence[str], horizons: Sequence[str] = ALL_HORIZONS) -> Query:
    """One row per target due in the horizons asked for ("2025", "after_2025"): the target,
    its progress and its latest comparable observation (the `target_progress` mart, built with
    the database)."""
    return (
        f"SELECT * FROM {TARGET_PROGRESS.name} WHERE {IN_AREAS} "
        "AND list_contains(?::VARCHAR[], horizon) ORDER BY indicator_name, deadline, target_id",
        [areas_param(area_ids), [str(h) for h in horizons]],
    )


def target_documents_query(indicator_id: str | None = None) -> Query:
    """Targets with their progress and source (the `target_progress` mart and `targets`), all
    or one indicator's."""
    sql = (
        "SELECT p.*, t.source_id AS target_source_id, s.publisher AS target_source_publisher, "
        "s.publisher_zh AS target_source_publisher_zh, "
        "s.confidence AS target_confidence "
        f"FROM {TARGET_PROGRESS.name} p JOIN targets t USING (target_id) "
        "JOIN sources s ON s.source_id = t.source_id"
    )
    params: list[Any] = []
    if indicator_id is not None:
        sql += " WHERE p.indicator_id = ?"
        params.append(indicator_id)
    return sql + " ORDER BY p.indicator_name, p.deadline, p.target_id", params


def lineage_query() -> Query:
    """Every lineage link (later target, the one it follows, relation) with both targets'
    figures and deadlines and the later document's source and quote."""
    return (
        "SELECT l.lineage_id, l.target_id, l.follows_id, l.relation, l.quote, l.note, l.note_zh, "
        "s.source_id, s.title AS source_title, s.title_zh AS source_title_zh, "
        "s.publisher AS source_publisher, s.publisher_zh AS source_publisher_zh, "
        "s.published_on AS source_date, "
        "s.date_precision AS source_precision, s.url AS source_url, "
        "a.value AS target_value, a.comparator AS target_comparator, "
        "a.deadline AS target_deadline, "
        "b.value AS follows_value, b.comparator AS follows_comparator, "
        "b.deadline AS follows_deadline, a.indicator_id, i.unit "
        "FROM target_lineage l JOIN sources s USING (source_id) "
        "JOIN targets a ON a.target_id = l.target_id JOIN targets b ON b.target_id = l.follows_id "
        "JOIN indicators i ON i.indicator_id = a.indicator_id "
        "ORDER BY a.indicator_id, b.deadline, a.deadline, l.lineage_id",
        [],
    )


def target_texts(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Targets (targets_query) with display texts in `lang`: figures, dates,
    status with icon, names and notes (`indicator`, `source`, `match_note_text`,
    `status_note_text`); `period_text` is English (downloads), `period_shown` for display."""
    _ = i18n.words(lang)
    frame = frame.copy()
    frame["target_text"] = figure_texts(frame, "target_value", "target_comparator", lang)
    frame["latest_text"] = figure_texts(frame, "latest_value", "latest_comparator", lang)
    frame["latest_precision"] = precisions(frame, "latest_")
    frame["latest_date_text"] = date_texts(frame["latest_as_of"], frame["latest_precision"], lang)
    frame["deadline_text"] = date_texts(frame["deadline"], lang=lang)
    frame["status_text"] = [status_style.text(s, lang) for s in frame["status"]]
    frame["trend_text"] = [
        status_style.text(s, lang) if isinstance(s, str) else "" for s in frame["trend_status"]
    ]
    frame["period_text"] = [
        fmt.period_text(s, d) if k == "period_count" else ""
        for k, s, d in zip(frame["kind"], frame["period_start"], frame["deadline"], strict=True)
    ]
    frame["period_shown"] = [
        fmt.period_text(s, d, lang) if k == "period_count" else ""
        for k, s, d in zip(frame["kind"], frame["period_start"], frame["deadline"], strict=True)
    ]
    # The target as a reader needs it: a period count says it counts what is done in a period.
    frame["goal_text"] = [
        _("{target} made during {period}").format(target=t, period=p) if p else t
        for t, p in zip(frame["target_text"], frame["period_shown"], strict=True)
    ]
    # The same in English, for downloads.
    frame["goal_en"] = [
        f"{fmt.figure_text(v, c, u)} made during {p}" if p else fmt.figure_text(v, c, u)
        for v, c, u, p in zip(
            frame["target_value"],
            frame["target_comparator"],
            frame["unit"],
            frame["period_text"],
            strict=True,
        )
    ]
    frame["indicator"] = picked(frame, "indicator_name", lang)
    frame["source"] = picked(frame, "target_source_title", lang)
    for column in (
        "match_note",
        "status_note",
        "period_note",
        "conflict_note",
        "verdict_note",
        "latest_source_title",
        "verdict_source_title",
    ):
        if column in frame:
            frame[f"{column}_text"] = picked(frame, column, lang)
    frame["verdict_text"] = [
        status_style.verdict_style(v).text(lang) if isinstance(v, str) else ""
        for v in frame["verdict"]
    ]
    frame["verdict_figure"] = figure_texts(frame, "verdict_value", "verdict_comparator", lang)
    frame["verdict_figure_en"] = figure_texts(frame, "verdict_value", "verdict_comparator")
    frame["verdict_precision"] = [
        fmt.observation_precision(a, "refers_to", d, p) if not fmt.missing(a) else "day"
        for a, d, p in zip(
            frame["verdict_as_of"],
            frame["verdict_source_date"],
            frame["verdict_source_precision"],
            strict=True,
        )
    ]
    frame["verdict_date_text"] = date_texts(
        frame["verdict_as_of"], frame["verdict_precision"], lang
    )
    return frame


def target_row(t: Any, areas_of: AreasOf, lang: str) -> dict[str, Any]:
    _ = i18n.words(lang)
    return {
        "indicator": t.indicator_name,
        "indicator_zh": t.indicator_name_zh,
        **area_cells(areas_of, t.indicator_id, lang),
        "date": fmt.iso_date(t.deadline),
        "value": float(t.target_value),
        "comparator": fmt.comparator_words(t.target_comparator),
        "_comparator": t.target_comparator,
        "unit": t.unit,
        "target": fmt.figure_text(t.target_value, t.target_comparator, t.unit, words=True),
        "deadline": fmt.iso_date(t.deadline),
        "status": status_style.style(t.status).label_en,
        "source_title": t.target_source_title,
        "source_address": t.target_source_url,
        "quote": t.target_quote,
        "record": "target",
        "comparable": "",
        "date_basis": "",
        "period": t.period_text,
        "note": " ".join(
            x
            for x in (
                f"Counts what is done during {t.period_text}." if t.period_text else "",
                t.match_note if t.match == "proxy" else "",
                t.status_note,
            )
            if x
        ),
        "_indicator_id": t.indicator_id,
        "_indicator_name": t.indicator,
        "_source_title": t.source,
        "_target_id": t.target_id,
        "_observation_id": "",
        "_x": pd.Timestamp(t.deadline),
        "_status": t.status,
        "_figure": t.goal_text,
        "_period": t.period_shown,
        "_period_start": pd.Timestamp(t.period_start) if t.period_text else pd.NaT,
        "_date_text": _("by {date}").format(date=t.deadline_text),
        "_comparable": True,
        "_source_date": pd.Timestamp(t.target_source_date),
        "_source_date_text": fmt.show_date(t.target_source_date, t.target_source_precision, lang),
        "_match": t.match,
    }


def shape_targets_frame(tg: pd.DataFrame, areas_of: AreasOf, lang: str) -> pd.DataFrame:
    """One row per target (`target_texts`): its latest comparable value against the target
    (date = the value's date; source and quote = the value's source; the target's own source is
    in `note`)."""
    rows = []
    for t in tg.itertuples(index=False):
        has_value = not fmt.missing(t.latest_value)
        target_source = f"Target: {t.target_source_title} ({t.target_source_url})"
        rows.append(
            {
                "indicator": t.indicator_name,
                "indicator_zh": t.indicator_name_zh,
                **area_cells(areas_of, t.indicator_id, lang),
                "date": fmt.iso_date(t.latest_as_of, t.latest_precision) if has_value else "",
                "value": float(t.latest_value) if has_value else None,
                "comparator": fmt.comparator_words(t.latest_comparator) if has_value else "",
                "_comparator": t.latest_comparator if has_value else "",
                "unit": t.unit,
                "target": fmt.figure_text(t.target_value, t.target_comparator, t.unit, words=True),
                "deadline": fmt.iso_date(t.deadline),
                "status": status_style.style(t.status).label_en,
                "source_title": t.latest_source_title if has_value else "",
                "source_address": t.latest_source_url if has_value else "",
                "quote": t.latest_quote if has_value else "",
                "record": "target",
                "comparable": "true" if has_value else "",
                "date_basis": t.latest_date_basis if has_value else "",
                "period": t.period_text,
                "note": " ".join(
                    x
                    for x in (
                        f"Counted during {t.period_text}." if t.period_text else "",
                        t.status_note,
                        "" if fmt.missing(t.period_note) else t.period_note,
                        "" if fmt.missing(t.conflict_note) else t.conflict_note,
                        f"Proxy: {t.match_note}" if t.match == "proxy" else "",
                        target_source,
                    )
                    if x
                ),
                "_indicator_id": t.indicator_id,
                "_indicator_name": t.indicator,
                "_source_title": t.latest_source_title_text if has_value else "",
                "_target_id": t.target_id,
                "_observation_id": t.latest_observation_id if has_value else "",
                "_x": pd.Timestamp(t.latest_as_of) if has_value else pd.NaT,
                "_status": t.status,
                "_status_text": t.status_text,
                "_figure": t.latest_text,
                "_target_text": t.goal_text,
                "_period": t.period_shown,
                "_horizon": t.horizon,
                "_scope": t.scope,
                "_verdict": t.verdict if isinstance(t.verdict, str) else "",
                "_verdict_text": t.verdict_text,
                "_stale": bool(t.latest_stale) if not fmt.missing(t.latest_stale) else True,
                "_date_text": (
                    fmt.date_phrase(t.latest_as_of, t.latest_date_basis, t.latest_precision, lang)
                    if has_value
                    else ""
                ),
                "_deadline_text": t.deadline_text,
                "_percent": None if fmt.missing(t.percent_of_target) else t.percent_of_target,
                "_percent_text": fmt.percent_of_target(
                    t.percent_of_target, t.latest_comparator, t.direction, lang
                ),
                "_match": t.match,
                "_match_note": t.match_note_text,
                "_target_source": t.source,
                "_target_quote": t.target_quote,
                "_status_note": t.status_note_text,
                "_trend_text": t.trend_text,
                "_comparable": True,
                "_source_date": (
                    pd.Timestamp(t.latest_source_date)
                    if has_value
                    else pd.Timestamp(t.target_source_date)
                ),
                "_source_date_text": (
                    fmt.show_date(t.latest_source_date, t.latest_source_precision, lang)
                    if has_value
                    else ""
                ),
                "_unit": t.unit,
            }
        )
    return chart_frame(rows)


def targets(
    area_ids: Sequence[str], horizons: Sequence[str] = ALL_HORIZONS, *, lang: str
) -> pd.DataFrame:
    return built(
        key_of("targets", area_ids, horizons),
        lambda: target_texts(store.run(targets_query(area_ids, horizons)), lang),
        lang=lang,
    )


def shape_trajectory(
    target_id: str, tg: pd.DataFrame, obs: pd.DataFrame, areas_of: AreasOf, lang: str
) -> pd.DataFrame:
    """What a target's trajectory chart plots: the indicator's observations (the baseline and
    latest comparable ones marked in `_role`), the target at its deadline and, where the status
    method computed one, the projection of the observed rate to the deadline. `tg` and `obs`
    as for `shape_series`."""
    _ = i18n.words(lang)
    tg = tg[tg["target_id"] == target_id]
    if tg.empty:
        return frames.empty_chart_frame()
    t = next(tg.itertuples(index=False))
    obs = obs[obs["indicator_id"] == t.indicator_id]
    rows = observation_rows(obs, areas_of, tg, lang)
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
    target = target_row(t, areas_of, lang)
    target["_role"] = "target"
    rows.append(target)
    if not fmt.missing(t.projected_value) and not fmt.missing(t.latest_value):
        projection = dict(target)
        projection.update(
            {
                "value": float(t.projected_value),
                "comparator": "",
                "_comparator": "=",
                "source_title": PROJECTION_SOURCE,
                "source_address": "",
                "quote": "",
                "record": "projection",
                "note": (
                    f"Observed growth from {fmt.show_date(t.baseline_as_of)} to "
                    f"{fmt.show_date(t.latest_as_of)} ({t.rate_method} rate) continued to the "
                    "deadline."
                ),
                "_figure": fmt.projection_text(t.projected_value, t.unit, lang=lang),
                "_source_title": _(PROJECTION_SOURCE),
                "_role": "projection",
                "_date_text": _("projected for {date}").format(date=t.deadline_text),
            }
        )
        rows.append(projection)
    return frames.chart_frame(rows)


def shown_targets(
    area_ids: Sequence[str], horizons: Sequence[str] = ALL_HORIZONS, *, lang: str
) -> pd.DataFrame:
    """The targets as the pages show them: a goal stated twice once, under the statement that
    decides it (`restated_targets`)."""
    tg = targets(area_ids, horizons, lang=lang)
    return tg[~tg["target_id"].isin(list(restated_targets()))]


def also_stated(area_ids: Sequence[str], lang: str) -> dict[str, list[str]]:
    """Each deciding statement of a goal stated twice -> the titles (in `lang`)
    of the sources of its other statements (`restated_targets`)."""

    def make() -> dict[str, list[str]]:
        restated = restated_targets()
        also: dict[str, list[str]] = {}
        shown = targets(area_ids, lang=lang)
        for target_id, source in zip(shown["target_id"], shown["source"], strict=True):
            if target_id in restated:
                also.setdefault(restated[target_id], []).append(source)
        return also

    return built(key_of("also_stated", area_ids), make, lang=lang)


def targets_frame(
    area_ids: Sequence[str], horizons: Sequence[str] = ALL_HORIZONS, *, lang: str
) -> pd.DataFrame:
    return built(
        key_of("targets_frame", area_ids, horizons),
        lambda: shape_targets_frame(
            shown_targets(area_ids, horizons, lang=lang), indicator_area_names(area_ids), lang
        ),
        lang=lang,
    )


def trajectory_frame(target_id: str, area_ids: Sequence[str], lang: str) -> pd.DataFrame:
    def make() -> pd.DataFrame:
        tg = targets(area_ids, lang=lang)
        found = tg[tg["target_id"] == target_id]
        # Only the target's indicator's observations are read: not every one of the areas.
        ids = list(dict.fromkeys(found["indicator_id"]))
        return shape_trajectory(
            target_id,
            tg,
            observations(area_ids, ids, lang=lang),
            indicator_area_names(area_ids),
            lang,
        )

    return built(key_of("trajectory_frame", target_id, area_ids), make, lang=lang)


def target_documents(indicator_id: str | None) -> pd.DataFrame:
    return built(
        key_of("target_documents", indicator_id),
        lambda: store.run(target_documents_query(indicator_id)),
        lang=None,
    )


def lineage() -> pd.DataFrame:
    """Every goal-lineage link (`target_lineage`), with both targets' figures."""
    return built(key_of("lineage"), lambda: store.run(lineage_query()), lang=None)


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
            "value": frames.json_number(r["follows_value"] if before else r["target_value"]),
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
                "publisher_zh": r["source_publisher_zh"],
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

    return built(key_of("lineage_by_target"), make, lang=None)


def restated_targets() -> dict[str, str]:
    """Each later statement of a goal (`same_goal`) -> the statement that decides its verdict:
    a goal stated twice is shown once, under the deciding statement."""

    def make() -> dict[str, str]:
        links = lineage()
        same = links[links["relation"] == "same_goal"]
        return dict(zip(same["target_id"], same["follows_id"], strict=True))

    return built(key_of("restated_targets"), make, lang=None)


def chains(indicator_id: str, lang: str) -> list[str]:
    """The indicator's goal chains in words, in `lang`: "≥ 85% by 2025 → > 90%
    by 2027 (raised)"; a same-goal restatement is not a step. The same list on every call:
    do not change it."""

    _ = i18n.words(lang)

    def make() -> list[str]:
        links = lineage()
        links = links[(links["indicator_id"] == indicator_id) & (links["relation"] != "same_goal")]
        out = []
        for r in links.to_dict("records"):
            before = fmt.figure_text(
                r["follows_value"], r["follows_comparator"], r["unit"], lang=lang
            )
            after = fmt.figure_text(r["target_value"], r["target_comparator"], r["unit"], lang=lang)
            out.append(
                _(
                    "{before} by {before_deadline} → {after} by {after_deadline} ({relation})"
                ).format(
                    before=before,
                    before_deadline=fmt.show_date(r["follows_deadline"], "year", lang),
                    after=after,
                    after_deadline=fmt.show_date(r["target_deadline"], "year", lang),
                    relation=relation_word(r["relation"], lang),
                )
            )
        return out

    return built(key_of("chains", indicator_id), make, lang=lang)


def relation_word(relation: str, lang: str) -> str:
    """A lineage relation in words, in `lang`."""
    word = RELATION_WORDS.get(relation, relation)
    return i18n.words(lang)(word)


RELATION_WORDS = {
    "same_goal": N_("the same goal"),
    "restates": N_("restated"),
    "raises": N_("raised"),
    "lowers": N_("lowered"),
    "extends": N_("extended"),
    "drops": N_("dropped"),
}


def carried_forward(target_id: str, lang: str) -> str:
    """What later documents did with a goal, in words in `lang` ("" for none found)."""
    _ = i18n.words(lang)
    later = [x for x in target_lineage(target_id) if x["direction"] == "after"]
    later = [x for x in later if x["relation"] != "same_goal"]
    return "; ".join(
        _("{relation} to {figure} by {deadline}").format(
            relation=relation_word(x["relation"], lang),
            figure=fmt.figure_text(x["value"], x["comparator"], x["unit"], lang=lang),
            deadline=fmt.show_date(x["deadline"], "year", lang),
        )
        for x in later
    )


def target_document(r: dict[str, Any]) -> dict[str, Any]:
    """A target as the API's documents give it, with its verdict and lineage (a row of
    `target_documents`)."""
    verdict = None
    if not fmt.missing(r.get("verdict")):
        verdict = {
            "outcome": r["verdict"],
            "observation_id": frames.json_text(r.get("verdict_observation_id")),
            "value": frames.json_number(r.get("verdict_value")),
            "comparator": frames.json_text(r.get("verdict_comparator")),
            "as_of": frames.json_date(r.get("verdict_as_of")),
            "shortfall": frames.json_number(r.get("shortfall")),
            "note": frames.json_text(r.get("verdict_note")),
            "note_zh": frames.json_text(r.get("verdict_note_zh")),
        }
    return {
        "id": r["target_id"],
        "indicator_id": r["indicator_id"],
        "value": frames.json_number(r["target_value"]),
        "comparator": r["target_comparator"],
        "deadline": frames.json_date(r["deadline"]),
        "kind": r["kind"],
        "period_start": frames.json_date(r["period_start"]),
        "scope": r["scope"],
        "horizon": r["horizon"],
        "match": r["match"],
        "match_note": frames.json_text(r["match_note"]),
        "match_note_zh": frames.json_text(r["match_note_zh"]),
        "status": r["status"],
        "status_note": frames.json_text(r["status_note"]),
        "status_note_zh": frames.json_text(r["status_note_zh"]),
        "verdict": verdict,
        "deciding_observation_id": frames.json_text(r.get("verdict_observation_id")),
        "latest_observation_id": frames.json_text(r.get("latest_observation_id")),
        "quote": r["target_quote"],
        "confidence": r["target_confidence"],
        "source": frames.source_object(r, "target_source_"),
        "lineage": target_lineage(r["target_id"]),
    }


def match_text(match: str, *, lang: str) -> str:
    """ "exact match" / "proxy match" in the reader's language."""
    _ = i18n.words(lang)
    return _("proxy match") if match == "proxy" else _("exact match")
