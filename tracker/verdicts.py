"""The verdicts on the goals whose deadline has passed: achieved or missed, the figure that decided
it with its date, source and sentence (or, without one, the latest figure and its trend), what
later plans did with the goal, and the CSV offered beside them. Read from the targets
(`tracker.targets`); no SQL of their own, no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from etl import figures as fmt
from tracker import i18n, status_style, store
from tracker.cache import built, frame_fingerprint, key_of
from tracker.frames import table_csv_bytes
from tracker.i18n import N_
from tracker.targets import also_stated, carried_forward, match_text, shown_targets

# A target's scope (targets.scope), in words.
TARGET_SCOPES = {
    "national": N_("national"),
    "light_industry": N_("light industry"),
    "machinery": N_("machinery"),
}

# The display columns of the verdicts' frames (`verdicts_frame`, `verdicts_of_areas`), read by
# the Overview: each made here, in the reader's language where it is a text.
VERDICT_FRAME_COLUMNS = {
    "_indicator_id": "the indicator's id",
    "_indicator_name": "the indicator's name",
    "_target_id": "the goal's id",
    "_goal": "the goal as shown",
    "_deadline_text": "the deadline as shown",
    "_verdict": "the verdict (met, missed, ...; '' for none)",
    "_verdict_text": "the verdict in words",
    "_deciding_figure": "the figure that decides the verdict",
    "_deciding_date_text": "that figure's date as shown",
    "_shortfall": "how far the deciding figure falls short, with its unit",
    "_source_title": "the deciding figure's source title",
    "_latest_figure": "the latest figure as shown",
    "_latest_date_text": "the latest figure's date as shown",
    "_has_latest": "whether there is a latest figure",
    "_note": "the notes shown with the verdict",
    "_trend_text": "what the trend says of the deadline",
    "_match": "how the figure matches the goal",
    "_also_stated": "the titles of the other sources that state the same goal",
    "_carried_forward": "what later documents did with the goal, in words",
}

VERDICT_COLUMNS = [
    "indicator",
    "indicator_zh",
    "goal",
    "deadline",
    "verdict",
    "deciding_figure",
    "deciding_date",
    "shortfall",
    "source_title",
    "source_address",
    "quote",
    "latest_figure",
    "latest_date",
    "trend",
    "note",
]


def verdicts_frame(tg: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per target whose deadline has passed (`target_texts` rows): the verdict, the
    figure that decided it with its date, source and sentence, or, without one, the latest
    figure and its trend. Its public columns (VERDICT_COLUMNS) are the CSV offered beside it;
    the "_" columns are in `lang`."""
    _ = i18n.words(lang)
    rows = []
    for t in tg[tg["verdict"].notna()].itertuples(index=False):
        decided = not fmt.missing(t.verdict_value)
        has_latest = not fmt.missing(t.latest_value)
        notes = [
            t.verdict_note,
            f"Proxy: {t.match_note}"
            if t.match == "proxy" and not fmt.missing(t.match_note)
            else "",
            "" if fmt.missing(t.period_note) else t.period_note,
            "" if fmt.missing(t.conflict_note) else t.conflict_note,
        ]
        shortfall = "" if fmt.missing(t.shortfall) else fmt.with_unit(t.shortfall, t.unit)
        notes_shown = [
            t.verdict_note_text,
            _("Proxy: {note}").format(note=t.match_note_text)
            if t.match == "proxy" and t.match_note_text
            else "",
            t.period_note_text,
            t.conflict_note_text,
        ]
        latest_en = fmt.figure_text(t.latest_value, t.latest_comparator, t.unit)
        rows.append(
            {
                "indicator": t.indicator_name,
                "indicator_zh": t.indicator_name_zh,
                "goal": t.goal_en,
                "deadline": fmt.iso_date(t.deadline),
                "verdict": status_style.verdict_style(t.verdict).label_en,
                "deciding_figure": t.verdict_figure_en if decided else "",
                "deciding_date": fmt.iso_date(t.verdict_as_of, t.verdict_precision)
                if decided
                else "",
                "shortfall": shortfall,
                "source_title": t.verdict_source_title if decided else "",
                "source_address": t.verdict_source_url if decided else "",
                "quote": t.verdict_quote if decided else "",
                "latest_figure": latest_en,
                "latest_date": fmt.iso_date(t.latest_as_of, t.latest_precision)
                if has_latest
                else "",
                "trend": status_style.style(t.trend_status).label_en
                if isinstance(t.trend_status, str)
                else "",
                "note": " ".join(n for n in notes if n),
                "_indicator_name": t.indicator,
                "_indicator_id": t.indicator_id,
                "_goal": t.goal_text,
                "_deciding_figure": t.verdict_figure if decided else "",
                "_shortfall": ""
                if fmt.missing(t.shortfall)
                else fmt.with_unit(t.shortfall, t.unit, lang=lang),
                "_source_title": t.verdict_source_title_text if decided else "",
                "_latest_figure": t.latest_text,
                "_has_latest": has_latest,
                "_note": ("" if lang == "zh" else " ").join(n for n in notes_shown if n),
                "_target_id": t.target_id,
                "_verdict": t.verdict,
                "_verdict_text": t.verdict_text,
                "_deadline_text": t.deadline_text,
                "_deciding_date_text": t.verdict_date_text if decided else "",
                "_latest_date_text": t.latest_date_text if has_latest else "",
                "_trend_text": t.trend_text,
                "_match": t.match,
            }
        )
    if not rows:
        return pd.DataFrame(
            columns=[*VERDICT_COLUMNS, "_target_id", "_indicator_id", "_verdict", "_goal"]
        )
    frame = pd.DataFrame(rows)
    order = {v: i for i, v in enumerate(status_style.VERDICT_STYLES)}
    return frame.sort_values("_verdict", key=lambda v: v.map(order), kind="stable").reset_index(
        drop=True
    )


def verdict_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The verdicts' public columns as CSV."""
    return table_csv_bytes(frame.reindex(columns=VERDICT_COLUMNS))


def verdicts_of_areas(area_ids: Sequence[str], lang: str) -> pd.DataFrame:
    """The goals due by the end of 2025 whose deadline has passed, with their verdicts: one row
    a goal (a goal stated twice is decided once, on its deciding statement; `_also_stated` names
    the other statements' sources), and whether a later plan carried it forward."""

    def make() -> pd.DataFrame:
        frame = verdicts_frame(shown_targets(area_ids, ("2025",), lang=lang), lang)
        also = also_stated(area_ids, lang)
        frame["_also_stated"] = [also.get(t, []) for t in frame["_target_id"]]
        frame["_carried_forward"] = [carried_forward(t, lang) for t in frame["_target_id"]]
        return frame

    return built(key_of("verdicts", area_ids), make, lang=lang)


def verdict_csv(frame: pd.DataFrame) -> bytes:
    """The verdicts' CSV download (`verdict_csv_bytes`), written once per frame content and
    database identity: its columns are the English public ones, whatever the frame's language
    (and a frame in another language is another frame)."""
    return store.per_database(
        ("verdict_csv", frame_fingerprint(frame)),
        lambda _path: verdict_csv_bytes(frame),
    )


def goal_verdict_text(t: dict, lang: str) -> str:
    """A goal's verdict in words (`target_texts` row): with the figure and date that decided it,
    the verdict alone when no figure did, "—" before its deadline."""
    _ = i18n.words(lang)
    if isinstance(t.get("verdict"), str) and not pd.isna(t.get("verdict_value")):
        return _("{verdict}, by {figure} ({date})").format(
            verdict=t["verdict_text"], figure=t["verdict_figure"], date=t["verdict_date_text"]
        )
    if isinstance(t.get("verdict"), str):
        return t["verdict_text"]
    return "—"


def indicator_goals_table(
    goals: pd.DataFrame, stated_also: dict[str, list[str]], lang: str
) -> pd.DataFrame:
    """ "Every target" of an indicator (`shown_targets` rows in `lang`): goal, deadline, scope,
    horizon, match with its note, status, verdict (`goal_verdict_text`), source address, quote,
    and the other sources stating the same goal (`stated_also`: target id -> their titles)."""
    _ = i18n.words(lang)
    return pd.DataFrame(
        {
            "target": goals["goal_text"],
            "deadline": goals["deadline_text"],
            "scope": [_(TARGET_SCOPES[x]) if x in TARGET_SCOPES else x for x in goals["scope"]],
            "horizon": [
                _("due by 2025") if h == "2025" else _("after 2025") for h in goals["horizon"]
            ],
            "match": [
                match_text(m, lang=lang) + (f": {n}" if n else "")
                for m, n in zip(goals["match"], goals["match_note_text"], strict=True)
            ],
            "status": [status_style.text(s, lang) for s in goals["status"]],
            "verdict": [goal_verdict_text(t, lang) for t in goals.to_dict("records")],
            "source": goals["target_source_url"],
            "quote": goals["target_quote"],
            "also": [_("; ").join(stated_also.get(t, [])) for t in goals["target_id"]],
        }
    )
