"""Sources & method: every source, the transcript with its figures, the status method, the
data dictionary and how to cite."""

import html
from datetime import date

import pandas as pd
import streamlit as st

from etl import figures as fmt
from etl.schema import ALL_TABLES
from etl.status import METHOD
from tracker import data, export, i18n, releases, site, status_style, transcript, ui
from tracker import sources as source_rows
from tracker.i18n import N_, pick
from tracker.text import code, link, md

# The reader's language, read once from the address (tracker/url_state.py) and passed on.
lang = ui.lang()
_ = i18n.words(lang)

PRIMARY_SOURCE = "scio-2024-04-18"
# The words of a source's confidence, kind and language, for readers.
CONFIDENCES = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
KINDS = {
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


def word(words: dict[str, str], value: str) -> str:
    return _(words[value]) if value in words else value


def sources_shown() -> pd.DataFrame:
    """Every source with its date and title as shown in the reader's language."""
    sources = source_rows.all_sources()
    sources["date_text"] = [
        fmt.show_date(d, p, lang)
        for d, p in zip(sources["published_on"], sources["date_precision"], strict=True)
    ]
    sources["title_shown"] = [str(pick(r, "title", lang)) for r in sources.to_dict("records")]
    return sources


def source_list(sources: pd.DataFrame) -> str:
    """Every source as a Markdown list item: title, publisher, date, confidence, kind, language
    and address."""
    return "\n".join(
        f"- **{md(r['title_shown'])}** · {md(pick(r, 'publisher', lang))} · {r['date_text']} · "
        + _("{confidence} confidence").format(confidence=word(CONFIDENCES, r["confidence"]))
        + f" · {md(word(KINDS, r['kind']))}"
        + _(", ")
        + f"{md(word(SOURCE_LANGUAGES, r['language']))} · {link(r['url'], r['url'])}"
        for r in sources.to_dict("records")
    )


def source_text_html(source_id: str, text_file: str) -> str:
    """The source's stored text with each quoted figure marked (yellow a reported figure, blue
    a target, linked to its entry in the list of figures that follows it), as HTML."""
    records = source_rows.quoted_records(source_id)
    spans, figures = [], []
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
        anchor = f"figure-{r['kind']}-{ui.slug(r['record_id'])}"
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
        figures.append((anchor, r, name, shown))
    try:
        body = transcript.highlight_html(source_rows.source_text(text_file), spans)
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
        for a, r, name, shown in figures
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


def status_method() -> str:
    """The method's paragraphs (etl.status.METHOD), status and verdict ids written as their
    names, the numbered steps as one list."""
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


def status_table() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {_("Status"): s.text(lang), _("Meaning"): s.meaning(lang)}
            for s in status_style.STYLES.values()
        ]
    ).set_index(_("Status"))


def column_meaning(c) -> str:
    if c.description:
        return _(c.description)
    return _("The Chinese of {column}.").format(column=c.translates) if c.translates else ""


def data_dictionary() -> list[dict]:
    """Each table of the dataset: its title with what it holds, its columns as a frame (name,
    type, required, accepted values, what it refers to, meaning), its key."""
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
                    _("meaning"): column_meaning(c),
                }
                for c in table.columns
            ]
        )
        tables.append(
            {
                # the table's name as the id it is (a code span), its meaning in words
                "title": code(table.name) + _(": ") + (md(_(about)) if about else ""),
                "columns": ui.arrow(columns),
                "widget_key": f"sources_dict_{table.name}",
                "key": _("Key: {columns}").format(columns=", ".join(table.key)),
            }
        )
    return tables


# Built once per database version and language, like the source texts and tables below: none
# of them changes between reruns.
sources = data.cached(("sources_shown",), sources_shown, lang=lang)
ui.header(
    _("Sources & method"),
    _(
        "Where every figure comes from, how progress status is decided, what each table holds, "
        "and how to cite the dataset."
    ),
    data.cached(
        ("sources_as_of",),
        lambda: data.latest_date(
            zip(sources["published_on"], sources["date_precision"], strict=True), lang
        ),
        lang=lang,
    ),
    lang=lang,
)

st.header(_("Sources"), divider="gray")
st.caption(
    _(
        "Confidence: high, an official or state-media page read directly; medium, a reprint or "
        "mirror. Dates are shown to the precision the source gives (a month-only date: “{month}”)."
    ).format(month=fmt.show_date("2023-11-01", "month", lang))
)
st.info(
    _(
        "The press conference of 18 April 2024 was held in Chinese, but its official Chinese "
        "transcript (published by the State Council Information Office) was not found: only "
        "mirrors with the opening statement. Its figures are quoted from the official English "
        "transcript, in English; the Chinese names and texts of this tracker are its own "
        "translations, in the programme's official terms. Quotes are never translated."
    ),
    icon=":material/search_off:",
)
# A list, not a table: titles are long and are what a reader needs whole.
st.markdown(
    data.cached(("sources_list",), lambda: source_list(sources), lang=lang),
)

st.header(_("Source texts with their quoted figures"), divider="gray")
titles = dict(zip(sources["source_id"], sources["title_shown"], strict=True))
ids = list(sources["source_id"])
ui.keep_valid("sources_text_choice", ids)
chosen = st.selectbox(
    _("Source"),
    ids,
    index=ids.index(PRIMARY_SOURCE) if PRIMARY_SOURCE in ids else 0,
    format_func=lambda s: titles[s],
    key="sources_text_choice",
)
row = sources[sources["source_id"] == chosen].iloc[0]
st.caption(
    f"{md(row['title_shown'])} · {md(pick(row, 'publisher', lang))} · {row['date_text']} · "
    f"{link(row['url'], row['url'])}"
    + _(". ")
    + _(
        "Yellow: a reported figure; blue: a target. Each is linked to its entry in the list "
        "below the text; hover a quote for what it records."
    ),
)
st.html(
    # in the source's own language (en, zh, zh-Hant), said to the browser and screen readers
    f'<div lang="{html.escape(str(row["language"]), quote=True)}">'
    + data.cached(
        ("source_text_html", chosen), lambda: source_text_html(chosen, row["text_file"]), lang=lang
    )
    + "</div>",
    width="stretch",
)

st.header(_("How progress status is decided"), divider="gray")
st.markdown(data.cached(("status_method",), status_method, lang=lang))
st.table(data.cached(("status_table",), status_table, lang=lang))

st.header(_("Data dictionary"), divider="gray")
st.caption(
    _(
        "Column names are the same in every language: they are the data's. A column ending in "
        "`_zh` holds the Chinese of the column before it."
    )
)
for table in data.cached(("data_dictionary",), data_dictionary, lang=lang):
    with st.expander(table["title"]):
        st.dataframe(table["columns"], hide_index=True, key=table["widget_key"])
        st.caption(table["key"])

st.header(_("How to cite"), divider="gray")
info = releases.build_info()
st.markdown(_(export.CITATION_TEMPLATE).format(title=_(site.TITLE)))
version = releases.current_version()
st.code(
    _(
        "{title}, release {version} (dataset), {address}, accessed {accessed}. Built {date} "
        "from datasets sha256 {sha}. Figures as stated by the sources listed in its sources "
        "table."
    ).format(
        title=_(site.TITLE),
        version=version,
        # A release resolves to exactly its data; unreleased data only to the list of releases.
        # Absolute, under the address the reader reached: a citation must resolve alone.
        address=ui.page_url(
            "/api/v1/releases.json"
            if releases.is_unreleased()
            else f"/api/v1/releases/{version}.json"
        ),
        accessed=fmt.show_date(date.today(), lang=ui.lang()),
        date=fmt.show_date(info.get("assessed_on", ""), lang=ui.lang()),
        sha=info.get("datasets_sha256", "")[:12],
    ),
    language=None,
    wrap_lines=True,
)
