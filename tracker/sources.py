"""The sources: the documents every figure, target and commitment is quoted from. Their SQL,
their rows, the records that quote one source, and a source's stored text. Reads through
`tracker.store`; no Streamlit.
"""

from __future__ import annotations

import pandas as pd

from etl.schema import SOURCE_TEXTS
from tracker import store
from tracker.queries import Query


def sources_query() -> Query:
    return (
        "SELECT source_id, title, title_zh, publisher, publisher_zh, "
        "published_on, date_precision, url, language, kind, "
        "confidence, text_file, sha256 FROM sources ORDER BY published_on, source_id",
        [],
    )


def quoted_records_query(source_id: str) -> Query:
    """Every observation, target and commitment quoting one source."""
    return (
        "SELECT 'observation' AS kind, o.observation_id AS record_id, o.indicator_id, "
        "i.name_en AS indicator_name, i.name_zh AS indicator_name_zh, i.unit, o.value, "
        "o.comparator, o.as_of AS date, o.quote "
        "FROM observations o JOIN indicators i USING (indicator_id) WHERE o.source_id = ? "
        "UNION ALL "
        "SELECT 'target', t.target_id, t.indicator_id, i.name_en, i.name_zh, i.unit, t.value, "
        "t.comparator, t.deadline, t.quote FROM targets t JOIN indicators i USING (indicator_id) "
        "WHERE t.source_id = ? "
        "UNION ALL "
        "SELECT 'commitment', c.commitment_id, NULL, a.name_en, a.name_zh, NULL, NULL, NULL, "
        "c.deadline, c.quote FROM commitments c JOIN areas a USING (area_id) WHERE c.source_id = ? "
        "ORDER BY 1, 2",
        [source_id, source_id, source_id],
    )


def source_text_query(text_file: str) -> Query:
    """A source's stored text, by its `text_file` as named in sources.csv."""
    return f"SELECT text FROM {SOURCE_TEXTS.name} WHERE text_file = ?", [text_file]


def all_sources() -> pd.DataFrame:
    return store.run(sources_query())


def quoted_records(source_id: str) -> pd.DataFrame:
    return store.run(quoted_records_query(source_id))


def source_text(text_file: str) -> str:
    """A source's text as stored in the database (`text_file` as named in sources.csv)."""
    found = store.run(source_text_query(text_file))
    if found.empty:
        raise ValueError(f"no stored source text {text_file!r}")
    return str(found["text"].iloc[0])
