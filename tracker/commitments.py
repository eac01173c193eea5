"""The commitments (what a plan says will be done, and achievements it reports): their SQL, their
rows with display texts in the reader's language, and each commitment with the evidence quoted
on whether it was kept. Reads through `tracker.store`, kept by `tracker.cache`; no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from etl import figures as fmt
from tracker import i18n, store
from tracker.cache import built, key_of
from tracker.frames import cell_text, date_texts, picked
from tracker.i18n import pick
from tracker.queries import Query, areas_param

# The display columns of the commitments' frame (`commitment_assessment_frame`), read by the
# Overview: made here.
COMMITMENT_FRAME_COLUMNS = {
    "_evidence": "the figures recorded as evidence of the commitment",
}


def commitments_query(area_ids: Sequence[str], kind: str | None = None) -> Query:
    sql = (
        "SELECT c.commitment_id, c.area_id, a.name_en AS area_name, a.name_zh AS area_name_zh, "
        "a.kind AS area_kind, c.kind, c.text, c.text_zh, c.deadline, c.quote, c.note, c.note_zh, "
        "s.title AS source_title, s.title_zh AS source_title_zh, s.url AS source_url, "
        "s.published_on AS source_date, s.date_precision AS source_precision "
        "FROM commitments c JOIN areas a USING (area_id) JOIN sources s USING (source_id) "
        "WHERE list_contains(?::VARCHAR[], c.area_id)"
    )
    params: list[Any] = [areas_param(area_ids)]
    if kind is not None:
        sql += " AND c.kind = ?"
        params.append(kind)
    return sql + " ORDER BY a.kind DESC, a.position, c.commitment_id", params


def commitment_assessments_query(area_ids: Sequence[str]) -> Query:
    """Each commitment of the areas with what was found on whether it was kept."""
    return (
        "SELECT c.commitment_id, c.area_id, a.name_en AS area_name, a.name_zh AS area_name_zh, "
        "c.text, c.text_zh, c.deadline, c.quote, "
        "ca.deadline_passed, ca.evidence_count, ca.assessment, ca.latest_evidence_as_of "
        "FROM commitments c JOIN commitment_assessments ca USING (commitment_id) "
        "JOIN areas a USING (area_id) WHERE list_contains(?::VARCHAR[], c.area_id) "
        "ORDER BY c.deadline NULLS LAST, a.position, c.commitment_id",
        [areas_param(area_ids)],
    )


def commitment_evidence_query(area_ids: Sequence[str]) -> Query:
    """The evidence quoted on the areas' commitments, with its source."""
    return (
        "SELECT e.evidence_id, e.commitment_id, e.as_of, e.quote, e.note, e.note_zh, "
        "s.title AS source_title, s.title_zh AS source_title_zh, "
        "s.url AS source_url, s.published_on AS source_date, s.date_precision AS source_precision "
        "FROM commitment_evidence e JOIN commitments c USING (commitment_id) "
        "JOIN sources s ON s.source_id = e.source_id "
        "WHERE list_contains(?::VARCHAR[], c.area_id) ORDER BY e.commitment_id, e.as_of",
        [areas_param(area_ids)],
    )


def commitment_texts(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Commitments (commitments_query) with their source's date and deadline as texts, and
    their text, area and source title in `lang` (`text_shown`, `area`, `source`,
    `kind_text`)."""
    _ = i18n.words(lang)
    frame = frame.copy()
    frame["source_date_text"] = date_texts(frame["source_date"], frame["source_precision"], lang)
    frame["deadline_text"] = date_texts(frame["deadline"], lang=lang)
    frame["text_shown"] = picked(frame, "text", lang)
    frame["area"] = picked(frame, "area_name", lang)
    frame["source"] = picked(frame, "source_title", lang)
    frame["kind_text"] = [
        _("achievement") if k == "achievement" else _("commitment") for k in frame["kind"]
    ]
    return frame


def commitment_assessment_frame(
    assessed: pd.DataFrame, evidence: pd.DataFrame, lang: str
) -> pd.DataFrame:
    """One row per commitment (commitment_assessments_query) with its evidence
    (commitment_evidence_query) as a list of dicts in `_evidence`, its texts in `lang`."""
    frame = assessed.copy()
    frame["deadline_text"] = date_texts(frame["deadline"], lang=lang)
    frame["text_shown"] = picked(frame, "text", lang)
    by_commitment: dict[str, list[dict[str, Any]]] = {}
    for e in evidence.to_dict("records"):
        by_commitment.setdefault(e["commitment_id"], []).append(
            {
                "quote": e["quote"],
                "note": cell_text(pick(e, "note", lang)),
                "source_title": cell_text(pick(e, "source_title", lang)),
                "source_url": e["source_url"],
                "date_text": fmt.show_date(e["as_of"], lang=lang),
                "source_date_text": fmt.show_date(e["source_date"], e["source_precision"], lang),
            }
        )
    frame["_evidence"] = [by_commitment.get(c, []) for c in frame["commitment_id"]]
    return frame


def commitments(area_ids: Sequence[str], kind: str | None = None, *, lang: str) -> pd.DataFrame:
    return built(
        key_of("commitments", area_ids, kind),
        lambda: commitment_texts(store.run(commitments_query(area_ids, kind)), lang),
        lang=lang,
    )


def commitment_assessments(area_ids: Sequence[str], lang: str) -> pd.DataFrame:
    return built(
        key_of("commitment_assessments", area_ids),
        lambda: commitment_assessment_frame(
            store.run(commitment_assessments_query(area_ids)),
            store.run(commitment_evidence_query(area_ids)),
            lang,
        ),
        lang=lang,
    )
