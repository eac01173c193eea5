"""One indicator at its own address, `/indicator?id=<indicator_id>`: what it counts, every figure
and every target over time, their sources and quotes, freshness, downloads (the same bytes as
the API's) and a citation. Without an id (or with an unknown one), the list of every indicator.
"""

from datetime import date

import pandas as pd
import streamlit as st

from tracker import (
    chart_context,
    charts,
    citation,
    data,
    documents,
    i18n,
    indicators,
    releases,
    search,
    site,
    ui,
    verdicts,
)
from tracker.text import code, md

# The reader's language, read once from the address (tracker/url_state.py) and passed on.
lang = ui.lang()
_ = i18n.words(lang)

SEARCH_PARAM = "q"
asked = st.query_params.get("id")
found = documents.known_indicator(asked) if asked is not None else None
ver = documents.version()


def indicator_address(indicator_id: str) -> str:
    return site.indicator_address(indicator_id, lang=lang)


def public_address(path: str) -> str:
    """The page's address as a reader would share it: the origin this page was served from."""
    return ui.page_url(path)


def catalogue_list() -> None:
    """Every indicator with a search over both languages' names."""
    rows = documents.catalogue()
    ui.header(
        _("Indicators"),
        _(
            "Every indicator the tracker follows, with its latest figure and the status of its "
            "targets. Each has its own page, and its data at `/api/v1/indicators/<id>.json` and "
            "`.csv` (see the API's index, `/api/v1/indicators.json`)."
        ),
        data.show_date(releases.build_info().get("latest_source_date", ""), lang=lang),
        lang=lang,
    )
    # The search's words live in the address (?q=), so a search can be shared as a link.
    state = st.session_state
    from_url = (st.query_params.get(SEARCH_PARAM) or "")[: search.MAX_QUERY]
    if from_url != state.get("_indicator_search_url"):  # a link opened, or the address edited
        state["indicator_search"] = from_url
    typed = st.text_input(
        _("Search indicators"),
        key="indicator_search",
        placeholder=_("Name in English or Chinese, e.g. platforms, cnc rate or 平台"),
        max_chars=search.MAX_QUERY,
    )
    if typed.strip():
        st.query_params[SEARCH_PARAM] = typed.strip()
    elif SEARCH_PARAM in st.query_params:
        del st.query_params[SEARCH_PARAM]
    state["_indicator_search_url"] = typed.strip()
    found_ids = search.find(rows, typed)
    if found_ids.read_as:
        st.caption(
            _("No indicator has every word as typed; read as: {words}.").format(
                words=_(", ").join(f"“{md(a)}” → “{md(b)}”" for a, b in found_ids.read_as)
            )
        )
    keep = set(found_ids.ids)
    rows = [r for r in rows if r["id"] in keep]
    table = indicators.indicator_catalogue_table(rows, lang)
    st.caption(_("{n} indicators").format(n=len(table)))
    # Widths that sum to the table's width at 1280 px beside the sidebar (818 px), rows that
    # wrap: every column in view, none cut (Latest figure, Date and Status were off to the right).
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key="indicator_catalogue",
        row_height=ui.WRAPPED_ROW_PX,
        column_config={
            "page": st.column_config.LinkColumn(
                _("Page"), display_text=_("Open"), width=48, pinned=True
            ),
            # An English name takes about half again the width of its Chinese one.
            "name": st.column_config.TextColumn(_("Indicator"), width=170 if lang == "en" else 120),
            "other": st.column_config.TextColumn(
                _("Chinese name") if lang == "en" else _("English name"),
                width=115 if lang == "en" else 165,
            ),
            "unit": st.column_config.TextColumn(_("Unit"), width=62),
            "areas": st.column_config.TextColumn(_("Areas"), width=100),
            "latest": st.column_config.TextColumn(_("Latest figure"), width=95),
            "as_of": st.column_config.TextColumn(_("Date"), width=80),
            "statuses": st.column_config.TextColumn(_("Status of its targets"), width=140),
        },
    )
    if typed.strip() and table.empty:
        st.info(_("No indicator matches this search."))


def tall_table(frame: pd.DataFrame, key: str, column_config: dict) -> None:
    """A table of the indicator, rows tall enough for a quote or a note to wrap (none is cut
    with an ellipsis); its first column pinned while the others scroll sideways inside it."""
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key=key,
        row_height=ui.TALL_ROW_PX,
        height=ui.table_height(len(frame)),
        column_config=column_config,
    )


def draw_chart() -> None:
    """The indicator's chart, with its caption, table and download."""
    ui.chart(
        lambda rows=series: charts.series_chart(rows, lang=lang),
        series,
        key=f"indicator_{found}",
        title=name,
        caption=_(
            "Every figure reported for this indicator (● exact, ▲ “more than” / “at least”, hollow "
            "grey: not comparable with its targets) and every target at its deadline (★ and dashed "
            "line). Hover a point for its source and date."
        ),
        file_name=f"indicator-{found}",
        alt=lambda: chart_context.describe_series(series, name, lang=lang),
        address=public_address(indicator_address(found)),
        lang=lang,
    )


if found is None:
    if asked is not None:
        st.warning(
            _("There is no indicator with the id {asked}. Every indicator is listed below.").format(
                asked=code(str(asked)[:120])
            ),
            icon=":material/search_off:",
        )
    catalogue_list()
    st.stop()

doc = documents.indicator_document(found)
meta = doc["indicator"]
name = meta["name_zh"] if lang == "zh" else meta["name_en"]
ui.tab_title(name, _("Indicators"), lang=lang)
obs = data.observations(data.all_area_ids(), [found], lang=lang)
targets = data.shown_targets(data.all_area_ids(), lang=lang)
targets = targets[targets["indicator_id"] == found]
also_stated = data.also_stated(data.all_area_ids(), lang)
freshness = meta["freshness"] or {}

series = indicators.indicator_series(found, lang=lang)
ui.header(name, "", data.latest_source_date(series, lang=lang), lang=lang)
st.caption(
    indicators.indicator_caption(meta, ver, lang),
    unsafe_allow_html=True,  # the other-language name's span; every text in it is md-escaped
)
# Embedded (`embed=true`), the chart comes first, under the name and unit: what a page that
# frames this one shows its readers; the definition, figures and sources follow.
if ui.embedded():
    draw_chart()
definition = meta["definition_zh"] if lang == "zh" else meta["definition"]
note = meta["note_zh"] if lang == "zh" else meta["note"]
st.markdown(_("**What it counts.** {definition}").format(definition=md(definition or "")))
if note:
    st.markdown(_("**Note.** {note}").format(note=md(note)))

# Freshness: the latest figure's date, the stale mark, and what is awaited.
st.markdown(indicators.latest_figure_line(meta, lang))
if freshness.get("awaited"):
    awaited = freshness.get("awaited_note_zh" if lang == "zh" else "awaited_note") or ""
    st.info(md(awaited), icon=":material/hourglass_empty:")
# What was searched for this indicator and its goals, and whether an official figure was found.
ui.searches_shown(
    data.searches("indicator", [found], lang)
    + data.searches("target", list(targets["target_id"]), lang),
    lang=lang,
)

if not ui.embedded():
    draw_chart()

st.subheader(_("Every figure"))
if obs.empty:
    st.markdown(_("No reported value."))
else:
    confidence = {o["id"]: o["confidence"] for o in doc["observations"]}
    tall_table(
        indicators.indicator_figures_table(obs, confidence, lang),
        f"indicator_{found}_observations",
        {
            "figure": st.column_config.TextColumn(_("Value as stated"), pinned=True, width=115),
            "date": st.column_config.TextColumn(_("Date"), width=130),
            "source": st.column_config.LinkColumn(
                _("Source address"), display_text=ui.ADDRESS_HOST, width=150
            ),
            "source_title": st.column_config.TextColumn(_("Source"), width=200),
            "quote": st.column_config.TextColumn(_("Quote"), width=320),
            "confidence": st.column_config.TextColumn(_("Confidence"), width=90),
            "comparable": st.column_config.TextColumn(_("Comparable with its targets"), width=190),
            "note": st.column_config.TextColumn(_("Note"), width=300),
        },
    )


# Two official figures of about one date that say different things: both kept, side by side,
# with the reason where one is known (docs/data.md, "Figures that disagree").
if doc["figures_that_disagree"] and not obs.empty:
    st.subheader(_("Figures that disagree"))
    for pair in indicators.disagreeing_figures(doc["figures_that_disagree"], obs, lang):
        left, right = st.columns(2)
        for column, side in zip((left, right), pair["sides"], strict=True):
            column.markdown(side)
        st.markdown(pair["why"])

st.subheader(_("Every target"))
if targets.empty:
    st.markdown(_("No target is set for this indicator."))
else:
    tall_table(
        verdicts.indicator_goals_table(targets, also_stated, lang),
        f"indicator_{found}_targets",
        {
            "target": st.column_config.TextColumn(_("Target"), pinned=True, width=90),
            "deadline": st.column_config.TextColumn(_("Deadline"), width=110),
            "scope": st.column_config.TextColumn(_("Scope"), width=90),
            "horizon": st.column_config.TextColumn(_("Horizon"), width=90),
            "match": st.column_config.TextColumn(_("Match"), width=330),
            "status": st.column_config.TextColumn(_("Status"), width=160),
            "verdict": st.column_config.TextColumn(_("2025 verdict"), width=180),
            "source": st.column_config.LinkColumn(
                _("Source address"), display_text=ui.ADDRESS_HOST, width=150
            ),
            "quote": st.column_config.TextColumn(_("Quote"), width=330),
            "also": st.column_config.TextColumn(_("Also stated by"), width=200),
        },
    )
    chain = data.chains(found, lang)
    st.markdown("**" + _("Goals that follow goals") + "**")
    if chain:
        st.markdown("\n".join(f"- {md(c)}" for c in chain))
    else:
        st.markdown(_("No later statement of these goals was found in the tracker's sources."))

st.subheader(_("Download and cite"))
# One CSV: the chart's download above is every figure and target, the API's CSV's bytes.
st.download_button(
    _("Download JSON"),
    data=documents.json_bytes(doc),
    file_name=f"indicator-{found}-{ver}.json",
    mime="application/json",
    key=f"indicator_{found}_json",
    on_click="ignore",
    icon=":material/data_object:",
    help=_("The same document as {address}.").format(address=meta["json"]),
)
st.caption(
    _(
        "Every figure and target as CSV: the chart's “Download CSV” above, the same file as "
        "{address}."
    ).format(address=code(meta["csv"]))
)
address = public_address(indicator_address(found))
st.markdown("**" + _("Cite this indicator") + "**")
st.code(
    citation.indicator_citation_text(name, ver, address, date.today(), lang),
    language=None,
    wrap_lines=True,
)
st.caption(citation.api_caption(meta, lang))
st.caption(
    citation.reference_files_caption(found, lang),
    unsafe_allow_html=True,  # the links' target; every text in them is md-escaped
)
with st.expander(_("Embed this indicator")):
    st.markdown(
        _(
            "Paste this into a web page to show this indicator's page (read-only) inside it. "
            "Embedding is allowed for addresses with `embed=true` only."
        )
    )
    st.code(
        citation.embed_html(public_address(indicator_address(found)), name, lang),
        language="html",
        wrap_lines=True,
    )
