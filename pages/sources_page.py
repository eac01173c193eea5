"""Sources & method: every source, the transcript with its figures, the status method, the
data dictionary and how to cite."""

import html
from datetime import date

import streamlit as st

from etl import figures as fmt
from tracker import data, export, i18n, releases, site, ui
from tracker import sources as source_rows
from tracker.i18n import pick
from tracker.text import link, md

# The reader's language, read once from the address (tracker/url_state.py) and passed on.
lang = ui.lang()
_ = i18n.words(lang)

PRIMARY_SOURCE = "scio-2024-04-18"

# Built once per database version and language, like the source texts and tables below: none
# of them changes between reruns.
sources = data.cached(("sources_shown",), lambda: source_rows.sources_shown(lang), lang=lang)
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
    data.cached(("sources_list",), lambda: source_rows.source_list(sources, lang), lang=lang),
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
        ("source_text_html", chosen),
        lambda: source_rows.source_text_html(chosen, row["text_file"], lang),
        lang=lang,
    )
    + "</div>",
    width="stretch",
)

st.header(_("How progress status is decided"), divider="gray")
st.markdown(data.cached(("status_method",), lambda: source_rows.status_method(lang), lang=lang))
st.table(data.cached(("status_table",), lambda: source_rows.status_table(lang), lang=lang))

st.header(_("Data dictionary"), divider="gray")
st.caption(
    _(
        "Column names are the same in every language: they are the data's. A column ending in "
        "`_zh` holds the Chinese of the column before it."
    )
)
# Each table's columns kept as the Arrow table st.dataframe sends (ui.arrow), made once.
dictionary = data.cached(
    ("data_dictionary",),
    lambda: [
        {**table, "columns": ui.arrow(table["columns"])}
        for table in source_rows.data_dictionary(lang)
    ],
    lang=lang,
)
for table in dictionary:
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
