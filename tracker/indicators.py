"""The indicators: what is measured. Their SQL (the areas' indicators, the catalogue, one
indicator, its figures and disagreements, freshness), the per-indicator overview the pages read
before drawing, the headline changes, and an indicator's chart frame (its observations, then its
targets) with its CSV. Reads through `tracker.store`, kept by `tracker.cache`; no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from etl import figures as fmt
from etl.schema import STALE_MONTHS, TARGET_PROGRESS
from tracker import frames, i18n, status_style, store
from tracker.areas import AreasOf, all_area_ids, area_names, indicator_area_names
from tracker.cache import built, key_of
from tracker.frames import chart_csv_bytes, date_texts, picked
from tracker.i18n import N_
from tracker.observations import (
    headline_observations_query,
    observation_rows,
    observation_texts,
    observations,
)
from tracker.queries import ALL_HORIZONS, IN_AREAS, Query, areas_param
from tracker.site import indicator_address
from tracker.sources import SOURCE_CONFIDENCES
from tracker.targets import shown_targets, target_row, targets_frame
from tracker.text import code, md, same_tab_link

# Why two official figures of about one date differ (figure_disagreements.reason), in words.
DISAGREEMENT_REASONS = {
    "tier": N_("a different tier"),
    "population": N_("a different population"),
    "date_basis": N_("a different date basis"),
    "definition": N_("a different definition"),
    "unexplained": N_("unexplained: no source gives a reason"),
}

# The display columns of the indicators' frames (`shape_headlines`, `shape_overview`), read by
# the Overview and the charts: each made here.
INDICATOR_FRAME_COLUMNS = {
    "_x": "the goal's deadline the change is shown against",
    "_period": "the period a count covers",
    "_previous": "the figure before the latest, as shown",
    "_change": "the change since that figure, in words",
    "_delta": "the change as a number (None when not comparable)",
    "_since": "the date of the figure before, as shown",
    "_has_value": "whether the goal's indicator has a comparable figure",
    "_source_date": "the latest source date of the indicator's figures",
    "_source_date_text": "that date as shown",
}


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
        "s.publisher_zh AS source_publisher_zh, "
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


def freshness_texts(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Freshness (freshness_query) with the latest figure's date, the indicator's name and the
    awaited note in `lang`."""
    frame = frame.copy()
    frame["latest_text"] = date_texts(frame["latest_as_of"], lang=lang)
    frame["indicator"] = picked(frame, "indicator_name", lang)
    frame["awaited_text"] = picked(frame, "awaited_note", lang)
    return frame


def shape_overview(
    summary: pd.DataFrame, fresh: pd.DataFrame, tg: pd.DataFrame, lang: str
) -> pd.DataFrame:
    """One row per indicator (`indicator_summary_query`, in its order) with its freshness
    (`latest_text`, `stale`: `freshness_texts` indexed by indicator), its targets as goals
    (`goals`: "> 60% by Dec 31, 2025; ..."; `tg`: `target_texts`), and the latest source date
    of its figures and targets (`_source_date`, `_source_date_text`, as in a chart frame)."""
    _ = i18n.words(lang)
    out = summary.copy()
    goals: dict[str, list[str]] = {}
    dated: dict[str, list[tuple[Any, str]]] = {}
    for t in tg.itertuples(index=False):
        goals.setdefault(t.indicator_id, []).append(
            _("{target} by {deadline}").format(target=t.goal_text, deadline=t.deadline_text)
        )
        dated.setdefault(t.indicator_id, []).append(
            (t.target_source_date, t.target_source_precision)
        )
    latest, latest_text = [], []
    for r in out.itertuples(index=False):
        pairs = [p for p in dated.get(r.indicator_id, []) if not fmt.missing(p[0])]
        if not fmt.missing(r.source_date):
            pairs.insert(0, (r.source_date, r.source_precision))
        if pairs:
            d, p = max(pairs, key=lambda x: pd.Timestamp(x[0]))
            latest.append(pd.Timestamp(d))
            latest_text.append(fmt.show_date(d, p, lang))
        else:
            latest.append(pd.NaT)
            latest_text.append("")
    out["goals"] = [_("; ").join(goals.get(i, [])) for i in out["indicator_id"]]
    out["latest_text"] = [fresh.at[i, "latest_text"] for i in out["indicator_id"]]
    out["stale"] = [bool(fresh.at[i, "stale"]) for i in out["indicator_id"]]
    out["_source_date"] = latest
    out["_source_date_text"] = latest_text
    return out


# --- chart frames -----------------------------------------------------------------------------


# --- headline figures -------------------------------------------------------------------------


def shape_headlines(targets: pd.DataFrame, obs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per indicator with a target (`targets` is a `targets_frame`): latest comparable
    figure, the one before it (`obs`: `observation_texts`), the change between them, the target
    and its deadline. Indicators without a value come last."""
    if targets.empty:
        return targets
    _ = i18n.words(lang)
    tg = targets.drop_duplicates("_indicator_id", keep="first").copy()
    obs = obs[obs["comparable"] & obs["indicator_id"].isin(tg["_indicator_id"])]
    # Each indicator's figure before its latest: the latest comparable one dated before it, of
    # the same period (a count over a period changes only against a count over the same
    # period); of figures of one date, the last listed. One merge and a stable sort for all
    # indicators (filtering and sorting each indicator's figures took 22 s at 10^6).
    wanted = pd.DataFrame(
        {
            "indicator_id": tg["_indicator_id"].to_numpy(),
            "_x": tg["_x"].to_numpy(),
            "_period": tg["period"].to_numpy() if "period" in tg else "",
        }
    )
    candidates = obs.merge(wanted, on="indicator_id", how="inner")
    candidates = candidates[
        (candidates["as_of"] < candidates["_x"])
        & (candidates["period_text"] == candidates["_period"])
    ]
    before = {
        r["indicator_id"]: r
        for r in candidates.sort_values("as_of", kind="stable")
        .drop_duplicates("indicator_id", keep="last")[
            ["indicator_id", "value", "comparator", "figure", "date_text"]
        ]
        .to_dict("records")
    }
    previous_text, change_text, delta, since = [], [], [], []
    for r in tg[["_indicator_id", "value", "_comparator", "unit"]].to_dict("records"):
        prev = before.get(r["_indicator_id"])
        if fmt.missing(r["value"]) or prev is None:
            previous_text.append("")
            change_text.append("")
            delta.append("")
            since.append("")
            continue
        previous_text.append(
            _("{figure} ({date})").format(figure=prev["figure"], date=prev["date_text"])
        )
        change = float(r["value"]) - float(prev["value"])
        # "> 140" to "> 150" is not a change of 10: say the change is between stated bounds.
        bounds = bool({prev["comparator"], r["_comparator"]} - {"="})
        qualifier = _(" (between stated bounds)") if bounds else ""
        since.append(_("since {date}").format(date=prev["date_text"]))
        previous_text[-1] += _("; the change is between stated bounds") if bounds else ""
        delta.append(fmt.change_text(change, r["unit"], lang))
        change_text.append(f"{delta[-1]} {since[-1]}{qualifier}")
    tg["_previous"] = previous_text
    tg["_change"] = change_text
    tg["_delta"] = delta
    tg["_since"] = since
    tg["_has_value"] = ~tg["value"].isna()
    return tg.sort_values("_has_value", ascending=False, kind="stable").reset_index(drop=True)


def indicators(area_ids: Sequence[str]) -> pd.DataFrame:
    return store.run(indicators_query(area_ids))


def indicator_labels(area_ids: Sequence[str], lang: str) -> dict[str, str]:
    """indicator_id -> its name in `lang` (English where it has no Chinese), for
    the areas' indicators in name order: the Data page's indicator filter."""

    def make() -> dict[str, str]:
        ind = indicators(area_ids)
        names = ind["name_en"].astype(str)
        if lang == "zh":
            zh = ind["name_zh"].fillna("").astype(str)
            names = zh.where(zh != "", names)
        return dict(sorted(zip(ind["indicator_id"], names, strict=True), key=lambda kv: kv[1]))

    return built(key_of("indicator_labels", area_ids), make, lang=lang)


def indicator_overview(
    area_ids: Sequence[str], horizons: Sequence[str] = ALL_HORIZONS, *, lang: str
) -> pd.DataFrame:
    """Per indicator of the areas: how many figures, freshness, goals and latest source date
    (`frames.indicator_overview`), counted in the database: what a page reads before drawing
    the few charts it shows, without building every indicator's chart frame."""
    return built(
        key_of("indicator_overview", area_ids, horizons),
        lambda: shape_overview(
            store.run(indicator_summary_query(area_ids)),
            freshness(area_ids, lang).set_index("indicator_id"),
            shown_targets(area_ids, horizons, lang=lang),
            lang,
        ),
        lang=lang,
    )


def shape_series(
    obs: pd.DataFrame,
    tg: pd.DataFrame,
    areas_of: AreasOf,
    indicator_id: str | None = None,
    *,
    lang: str,
) -> pd.DataFrame:
    """Every observation (`observation_texts`), then a row per target (`target_texts`), of the
    areas' indicators or of one indicator: what an indicator's time-series chart plots (points,
    and the target line at its deadline). `areas_of`: `areas.indicator_area_names` of the areas."""
    if indicator_id is not None:
        obs = obs[obs["indicator_id"] == indicator_id]
        tg = tg[tg["indicator_id"] == indicator_id]
    rows = observation_rows(obs, areas_of, tg, lang)
    rows += [target_row(t, areas_of, lang) for t in tg.itertuples(index=False)]
    return frames.chart_frame(rows)


def series_frame(
    area_ids: Sequence[str],
    indicator_id: str | None = None,
    horizons: Sequence[str] = ALL_HORIZONS,
    *,
    lang: str,
) -> pd.DataFrame:
    ids = None if indicator_id is None else [indicator_id]
    return built(
        key_of("series_frame", area_ids, indicator_id, horizons),
        lambda: shape_series(
            observations(area_ids, ids, lang=lang),
            shown_targets(area_ids, horizons, lang=lang),
            indicator_area_names(area_ids),
            indicator_id,
            lang=lang,
        ),
        lang=lang,
    )


def headlines(
    area_ids: Sequence[str], horizons: Sequence[str] = ALL_HORIZONS, *, lang: str
) -> pd.DataFrame:
    return built(
        key_of("headlines", area_ids, horizons),
        lambda: shape_headlines(
            targets_frame(area_ids, horizons, lang=lang),
            observation_texts(store.run(headline_observations_query(area_ids, horizons)), lang),
            lang,
        ),
        lang=lang,
    )


def indicator_ids() -> tuple[str, ...]:
    return built(
        key_of("indicator_ids"),
        lambda: tuple(str(i) for i in store.run(indicator_ids_query())["indicator_id"]),
        lang=None,
    )


def indicator_id_set() -> dict[str, str]:
    """Each indicator id mapped to itself: a lookup that hands back the database's string."""
    return built(key_of("indicator_id_set"), lambda: {i: i for i in indicator_ids()}, lang=None)


def indicator_catalogue() -> pd.DataFrame:
    return built(
        key_of("indicator_catalogue"), lambda: store.run(indicator_catalogue_query()), lang=None
    )


def indicator(indicator_id: str) -> dict[str, Any]:
    """One indicator's row (the id must be one of `indicator_ids`)."""
    return built(
        key_of("indicator", indicator_id),
        lambda: store.run(indicator_query(indicator_id)).to_dict("records")[0],
        lang=None,
    )


def indicator_observations(indicator_id: str) -> pd.DataFrame:
    return built(
        key_of("indicator_observations", indicator_id),
        lambda: store.run(indicator_observations_query(indicator_id)),
        lang=None,
    )


def indicator_disagreements(indicator_id: str) -> pd.DataFrame:
    return built(
        key_of("indicator_disagreements", indicator_id),
        lambda: store.run(disagreements_query(indicator_id)),
        lang=None,
    )


def indicator_freshness(indicator_id: str) -> dict[str, Any] | None:
    """The indicator's latest date, stale mark and what is awaited, as JSON types."""

    def make() -> dict[str, Any] | None:
        # only its language-neutral columns are read: English is as good as any
        f = freshness(all_area_ids(), i18n.DEFAULT)
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

    return built(key_of("indicator_freshness", indicator_id), make, lang=None)


def indicator_series(indicator_id: str, lang: str) -> pd.DataFrame:
    """The indicator page's chart frame: every observation and every target of the indicator,
    whatever the areas and horizons chosen (the page is the indicator's whole record)."""
    return series_frame(all_area_ids(), indicator_id, lang=lang)


def indicator_chart_csv(indicator_id: str) -> bytes:
    """The indicator chart's download, the same bytes as /api/v1/indicators/{id}.csv: its public
    columns are language-neutral, so it is built from the English frame."""
    return store.per_database(
        ("indicator_chart_csv", indicator_id),
        lambda _path: chart_csv_bytes(indicator_series(indicator_id, i18n.DEFAULT)),
    )


def freshness(area_ids: Sequence[str], lang: str) -> pd.DataFrame:
    """Per indicator of the areas: its latest figure's date, stale or not, what is awaited."""
    return built(
        key_of("freshness", area_ids),
        lambda: freshness_texts(store.run(freshness_query(area_ids)), lang),
        lang=lang,
    )


def no_change(lang: str) -> str:
    """What a headline's change says when the figure did not move, in `lang`."""
    return fmt.change_text(0, None, lang)


# --- the indicator page's texts and tables, in the reader's language --------------------------


def indicator_catalogue_table(rows: list[dict[str, Any]], lang: str) -> pd.DataFrame:
    """The catalogue's rows (`documents.catalogue`) as the indicator list shows them: the page's
    address, the name in `lang` and in the other language, unit, areas, latest figure with its
    date, and the statuses of its targets, each once."""
    _ = i18n.words(lang)
    names = area_names(lang)
    return pd.DataFrame(
        [
            {
                "page": indicator_address(r["id"], lang=lang),
                "name": r["name_zh"] if lang == "zh" else r["name_en"],
                "other": r["name_en"] if lang == "zh" else r["name_zh"],
                "unit": r["unit"],
                "areas": _(", ").join(names.get(a, a) for a in r["areas"]),
                "latest": (
                    fmt.figure_text(
                        r["latest"]["value"], r["latest"]["comparator"], r["unit"], lang=lang
                    )
                    if r["latest"]
                    else _("no reported value")
                ),
                "as_of": (
                    fmt.show_date(r["latest"]["as_of"], r["latest"]["as_of_precision"], lang)
                    if r["latest"]
                    else ""
                ),
                "statuses": _(", ").join(
                    dict.fromkeys(status_style.label(s, lang) for s in r["target_statuses"])
                ),
            }
            for r in rows
        ],
        columns=["page", "name", "other", "unit", "areas", "latest", "as_of", "statuses"],
    )


def indicator_caption(meta: dict[str, Any], version: str, lang: str) -> str:
    """The line under an indicator's name (Markdown with one HTML span, every text escaped): its
    name in the other language, marked as such (a reader's tools read it in its language), unit,
    areas, the dataset's version and a link to the baked page to share and cite."""
    _ = i18n.words(lang)
    names = area_names(lang)
    other_lang, other_name = ("en", meta["name_en"]) if lang == "zh" else ("zh", meta["name_zh"])
    return (
        f'<span lang="{other_lang}">{md(other_name)}</span>'
        + " · "
        + _("Unit: {unit}").format(unit=md(fmt.unit_title(meta["unit"], lang)))
        + " · "
        + _("Areas: {areas}").format(
            areas=_(", ").join(md(names.get(a["id"], a["id"])) for a in meta["areas"])
        )
        + " · "
        + _("Dataset version {version}").format(version=code(version))
        + " · "
        # The baked page: plain HTML to share, cite and read without JavaScript (docs/site.md).
        + same_tab_link(
            md(_("Page to share and cite")), indicator_address(meta["id"], "page", lang=lang)
        )
    )


def latest_figure_line(meta: dict[str, Any], lang: str) -> str:
    """An indicator's freshness in Markdown: its latest figure with its date, and the stale mark
    when nothing is newer than the staleness window; or that it has no reported value."""
    _ = i18n.words(lang)
    freshness = meta["freshness"] or {}
    if not freshness.get("latest_as_of"):
        return _("**No reported value** for this indicator yet.")
    latest = meta["latest"]
    return _("**Latest figure:** {figure}, {date}.").format(
        figure=md(fmt.figure_text(latest["value"], latest["comparator"], meta["unit"], lang=lang)),
        date=md(fmt.show_date(latest["as_of"], latest["as_of_precision"], lang)),
    ) + (
        " "
        + _("**Stale**: nothing newer than {months} months before the assessment date.").format(
            months=STALE_MONTHS
        )
        if freshness.get("stale")
        else ""
    )


def indicator_figures_table(
    obs: pd.DataFrame, confidences: dict[str, str], lang: str
) -> pd.DataFrame:
    """ "Every figure" of an indicator (`observations` rows in `lang`): figure, date with its
    basis, source address and title, quote, the source's confidence in words (`confidences`:
    observation id -> confidence id), comparable with its targets or why not, note."""
    _ = i18n.words(lang)
    return pd.DataFrame(
        {
            "figure": obs["figure"],
            "date": [
                f"{t} ({b})" if b else t
                for t, b in zip(obs["date_text"], obs["date_basis_text"], strict=True)
            ],
            "source": obs["source_url"],
            "source_title": obs["source"],
            "quote": obs["quote"],
            "confidence": [
                _(SOURCE_CONFIDENCES[c]) if c in SOURCE_CONFIDENCES else ""
                for c in (confidences.get(i, "") for i in obs["observation_id"])
            ],
            "comparable": [
                _("yes") if c else _("no: {reason}").format(reason=n or _("see the note"))
                for c, n in zip(obs["comparable"], obs["note_text"], strict=True)
            ],
            "note": obs["note_text"],
        }
    )


def disagreeing_figures(
    pairs: list[dict[str, Any]], obs: pd.DataFrame, lang: str
) -> list[dict[str, Any]]:
    """Each pair of an indicator's figures that disagree (the document's
    `figures_that_disagree`), both of whose figures are in `obs`: its two sides (figure, date,
    source) and why they differ, in Markdown in `lang`."""
    _ = i18n.words(lang)
    by_id = obs.set_index("observation_id")
    shown = []
    for pair in pairs:
        if not all(oid in by_id.index for oid in pair["observation_ids"]):
            continue  # both figures are of this indicator (etl validate); never a half pair
        sides = [
            _("**{figure}**, {date}: {source}").format(
                figure=md(o["figure"]), date=md(o["date_text"]), source=md(o["source"])
            )
            for o in (by_id.loc[oid] for oid in pair["observation_ids"])
        ]
        reason = pair["reason"]
        why = _("**Why they differ:** {reason}. {note}").format(
            reason=_(DISAGREEMENT_REASONS[reason])
            if reason in DISAGREEMENT_REASONS
            else md(reason),
            note=md(pair["note_zh"] if lang == "zh" else pair["note"]),
        )
        shown.append({"sides": sides, "why": why})
    return shown
