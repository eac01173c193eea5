"""The sources: the documents every figure, target and commitment is quoted from. Their SQL,
their rows, the records that quote one source, and a source's stored text; and what the
Sources & method page says of them in the reader's language: the list of sources, a source's
text with its figures marked, the status method and the data dictionary. Reads through
`tracker.store`; no Streamlit.
"""

from __future__ import annotations

import html

import pandas as pd

from etl import figures as fmt
from etl.schema import ALL_TABLES, SOURCE_TEXTS, Column
from etl.status import METHOD
from tracker import i18n, status_style, store, transcript
from tracker.i18n import N_, pick
from tracker.queries import Query
from tracker.text import code, link, md, slug

# The words of a source's confidence, kind and language, for readers.
SOURCE_CONFIDENCES = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
SOURCE_KINDS = {
    "transcript": N_("transcript"),
    "statement": N_("statement"),
    "summary": N_("summary"),
    "plan": N_("plan"),
}
SOURCE_LANGUAGES = {
    "en": N_("English"),
    "zh": N_("Chinese"),
    "zh-Hant": N_("Chinese (traditional characters)"),
}


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


def _word(words: dict[str, str], value: str, lang: str) -> str:
    """`value` in words of `lang` when it is one of `words`' ids, else as it is."""
    return i18n.words(lang)(words[value]) if value in words else value


def sources_shown(lang: str) -> pd.DataFrame:
    """Every source with its date (`date_text`) and title (`title_shown`) as shown in `lang`."""
    sources = all_sources()
    sources["date_text"] = [
        fmt.show_date(d, p, lang)
        for d, p in zip(sources["published_on"], sources["date_precision"], strict=True)
    ]
    sources["title_shown"] = [str(pick(r, "title", lang)) for r in sources.to_dict("records")]
    return sources


def source_list(sources: pd.DataFrame, lang: str) -> str:
    """Every source of `sources_shown` as a Markdown list item: title, publisher, date,
    confidence, kind, language and address."""
    _ = i18n.words(lang)
    return "\n".join(
        f"- **{md(r['title_shown'])}** · {md(pick(r, 'publisher', lang))} · {r['date_text']} · "
        + _("{confidence} confidence").format(
            confidence=_word(SOURCE_CONFIDENCES, r["confidence"], lang)
        )
        + f" · {md(_word(SOURCE_KINDS, r['kind'], lang))}"
        + _(", ")
        + f"{md(_word(SOURCE_LANGUAGES, r['language'], lang))} · {link(r['url'], r['url'])}"
        for r in sources.to_dict("records")
    )


def source_text_html(source_id: str, text_file: str, lang: str) -> str:
    """The source's stored text with each quoted figure marked (yellow a reported figure, blue
    a target, linked to its entry in the list of figures that follows it), as HTML."""
    _ = i18n.words(lang)
    records = quoted_records(source_id)
    spans, quoted = [], []
    for r in records.to_dict("records"):
        name = pick(r, "indicator_name", lang)
        if r["kind"] == "commitment":
            spans.append(
                {
                    "quote": r["quote"],
                    "figure": None,
                    "label": _("{name}: qualitative").format(name=name),
                    "anchor": "",
                    "kind": "commitment",
                }
            )
            continue
        shown = fmt.figure_text(r["value"], r["comparator"], r["unit"], lang=lang)
        kind = _("target") if r["kind"] == "target" else _("observation")
        label = _("{name}: {figure} ({kind})").format(name=name, figure=shown, kind=kind)
        anchor = f"figure-{r['kind']}-{slug(r['record_id'])}"
        spans.append(
            {
                "quote": r["quote"],
                "figure": transcript.figure_text(
                    r["quote"], r["value"], r["comparator"], r["unit"]
                ),
                "label": label,
                "anchor": anchor,
                "kind": r["kind"],
            }
        )
        quoted.append((anchor, r, name, shown))
    try:
        body = transcript.highlight_html(source_text(text_file), spans)
    except (OSError, ValueError) as exc:
        body = "<p>{}</p>".format(
            html.escape(_("The stored text could not be shown: {error}").format(error=exc))
        )
    items = "".join(
        f'<li id="{a}"><b>{html.escape(name)}</b>: {html.escape(shown)} ('
        + html.escape(
            _("target, by {date}").format(date=fmt.show_date(r["date"], lang=lang))
            if r["kind"] == "target"
            else _("reported")
        )
        + ")</li>"
        for a, r, name, shown in quoted
    )
    return (
        f"<style>{transcript.TRANSCRIPT_CSS} .figure-list li {{margin-bottom: .3em}}</style>"
        f"<div>{body}</div>"
        + (
            "<h4>" + html.escape(_("Figures quoted from this source")) + "</h4>"
            f'<ul class="figure-list">{items}</ul>'
            if items
            else ""
        )
    )


def status_method(lang: str) -> str:
    """The method's paragraphs (etl.status.METHOD) in `lang`, status and verdict ids written
    as their names, the numbered steps as one list."""
    _ = i18n.words(lang)
    looks = {**status_style.STYLES, **status_style.VERDICT_STYLES}
    blocks: list[str] = []
    for message in METHOD:
        text = _(message)
        for status, look in looks.items():
            text = text.replace(f"`{status}`", f"**{look.text(lang)}**")
        if blocks and text[:1].isdigit() and blocks[-1][:1].isdigit():
            blocks[-1] += "\n" + text  # the numbered steps are one list
        else:
            blocks.append(text)
    return "\n\n".join(blocks)


def status_table(lang: str) -> pd.DataFrame:
    """Each progress status with its meaning, indexed by the status's name."""
    _ = i18n.words(lang)
    return pd.DataFrame(
        [
            {_("Status"): s.text(lang), _("Meaning"): s.meaning(lang)}
            for s in status_style.STYLES.values()
        ]
    ).set_index(_("Status"))


def _column_meaning(c: Column, lang: str) -> str:
    _ = i18n.words(lang)
    if c.description:
        return _(c.description)
    return _("The Chinese of {column}.").format(column=c.translates) if c.translates else ""


def data_dictionary(lang: str) -> list[dict]:
    """Each table of the dataset: its title with what it holds, its columns as a frame (name,
    type, required, accepted values, what it refers to, meaning), a widget key, its key."""
    _ = i18n.words(lang)
    tables = []
    for table in ALL_TABLES:
        about = table.description
        columns = pd.DataFrame(
            [
                {
                    _("column"): c.name,
                    _("type"): c.type,
                    _("required"): c.required,
                    _("accepted values"): ", ".join(c.accepted or ()),
                    _("refers to"): ".".join(c.references) if c.references else "",
                    _("meaning"): _column_meaning(c, lang),
                }
                for c in table.columns
            ]
        )
        tables.append(
            {
                # the table's name as the id it is (a code span), its meaning in words
                "title": code(table.name) + _(": ") + (md(_(about)) if about else ""),
                "columns": columns,
                "widget_key": f"sources_dict_{table.name}",
                "key": _("Key: {columns}").format(columns=", ".join(table.key)),
            }
        )
    return tables
