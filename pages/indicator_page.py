"""One indicator at its own address, `/indicator?id=<indicator_id>`: what it counts, every figure
and every target over time, their sources and quotes, freshness, downloads (the same bytes as
the API's) and a citation. Without an id (or with an unknown one), the list of every indicator.
"""

import html
from datetime import date

import pandas as pd
import streamlit as st

from etl import figures
from etl.schema import STALE_MONTHS
from tracker import (
    chart_context,
    charts,
    data,
    documents,
    i18n,
    indicators,
    releases,
    search,
    site,
    status_style,
    ui,
)
from tracker.text import code, md, same_tab_link

# The reader's language, read once from the address (tracker/url_state.py) and passed on.
lang = ui.lang()
_ = i18n.words(lang)

FEEDS = (*site.CITATION_FORMATS, "atom")  # the citation files and the feed (issue 27)

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
    names = data.area_names(lang)
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
    table = pd.DataFrame(
        [
            {
                "page": indicator_address(r["id"]),
                "name": r["name_zh"] if lang == "zh" else r["name_en"],
                "other": r["name_en"] if lang == "zh" else r["name_zh"],
                "unit": r["unit"],
                "areas": _(", ").join(names.get(a, a) for a in r["areas"]),
                "latest": (
                    documents_figure(r["latest"]["value"], r["latest"]["comparator"], r["unit"])
                    if r["latest"]
                    else _("no reported value")
                ),
                "as_of": (
                    data.show_date(r["latest"]["as_of"], r["latest"]["as_of_precision"], lang)
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


def documents_figure(value, comparator, unit) -> str:
    return figures.figure_text(value, comparator, unit, lang=lang)


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


SCOPES = {
    "national": _("national"),
    "light_industry": _("light industry"),
    "machinery": _("machinery"),
}

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
other_name = meta["name_en"] if lang == "zh" else meta["name_zh"]
ui.tab_title(name, _("Indicators"), lang=lang)
names = data.area_names(lang)
obs = data.observations(data.all_area_ids(), [found], lang=lang)
targets = data.shown_targets(data.all_area_ids(), lang=lang)
targets = targets[targets["indicator_id"] == found]
also_stated = data.also_stated(data.all_area_ids(), lang)
freshness = meta["freshness"] or {}

series = indicators.indicator_series(found, lang=lang)
ui.header(name, "", data.latest_source_date(series, lang=lang), lang=lang)
# The name in the other language, marked as such (lang): a reader's tools read it in its
# language, and the test of English left on a Chinese page knows it is meant.
other_lang = "en" if lang == "zh" else "zh"
st.caption(
    f'<span lang="{other_lang}">{md(other_name)}</span>'
    + " · "
    + _("Unit: {unit}").format(unit=md(figures.unit_title(meta["unit"], lang)))
    + " · "
    + _("Areas: {areas}").format(
        areas=_(", ").join(md(names.get(a["id"], a["id"])) for a in meta["areas"])
    )
    + " · "
    + _("Dataset version {version}").format(version=code(ver))
    + " · "
    # The baked page: plain HTML to share, cite and read without JavaScript (docs/site.md).
    + same_tab_link(
        md(_("Page to share and cite")), site.indicator_address(found, "page", lang=lang)
    ),
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
if freshness.get("latest_as_of"):
    latest = meta["latest"]
    st.markdown(
        _("**Latest figure:** {figure}, {date}.").format(
            figure=md(documents_figure(latest["value"], latest["comparator"], meta["unit"])),
            date=md(data.show_date(latest["as_of"], latest["as_of_precision"], lang)),
        )
        + (
            " "
            + _("**Stale**: nothing newer than {months} months before the assessment date.").format(
                months=STALE_MONTHS
            )
            if freshness.get("stale")
            else ""
        )
    )
else:
    st.markdown(_("**No reported value** for this indicator yet."))
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
    shown = pd.DataFrame(
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
                {"high": _("high"), "medium": _("medium"), "low": _("low")}.get(
                    confidence.get(i, ""), ""
                )
                for i in obs["observation_id"]
            ],
            "comparable": [
                _("yes") if c else _("no: {reason}").format(reason=n or _("see the note"))
                for c, n in zip(obs["comparable"], obs["note_text"], strict=True)
            ],
            "note": obs["note_text"],
        }
    )
    # Rows tall enough for a quote or a note to wrap (none is cut with an ellipsis); the
    # figure stays pinned while the columns scroll sideways inside the table.
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key=f"indicator_{found}_observations",
        row_height=ui.TALL_ROW_PX,
        height=ui.table_height(len(shown)),
        column_config={
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
REASONS = {
    "tier": _("a different tier"),
    "population": _("a different population"),
    "date_basis": _("a different date basis"),
    "definition": _("a different definition"),
    "unexplained": _("unexplained: no source gives a reason"),
}
if doc["figures_that_disagree"] and not obs.empty:
    st.subheader(_("Figures that disagree"))
    by_id = obs.set_index("observation_id")
    for pair in doc["figures_that_disagree"]:
        if not all(oid in by_id.index for oid in pair["observation_ids"]):
            continue  # both figures are of this indicator (etl validate); never a half pair
        sides = []
        for oid in pair["observation_ids"]:
            o = by_id.loc[oid]
            sides.append(
                _("**{figure}**, {date}: {source}").format(
                    figure=md(o["figure"]), date=md(o["date_text"]), source=md(o["source"])
                )
            )
        left, right = st.columns(2)
        for column, side in zip((left, right), sides, strict=True):
            column.markdown(side)
        st.markdown(
            _("**Why they differ:** {reason}. {note}").format(
                reason=REASONS.get(pair["reason"], md(pair["reason"])),
                note=md(pair["note_zh"] if lang == "zh" else pair["note"]),
            )
        )

st.subheader(_("Every target"))
if targets.empty:
    st.markdown(_("No target is set for this indicator."))
else:
    verdicts = []
    for t in targets.to_dict("records"):
        if isinstance(t.get("verdict"), str) and not pd.isna(t.get("verdict_value")):
            verdicts.append(
                _("{verdict}, by {figure} ({date})").format(
                    verdict=t["verdict_text"],
                    figure=t["verdict_figure"],
                    date=t["verdict_date_text"],
                )
            )
        elif isinstance(t.get("verdict"), str):
            verdicts.append(t["verdict_text"])
        else:
            verdicts.append("—")
    shown_targets = pd.DataFrame(
        {
            "target": targets["goal_text"],
            "deadline": targets["deadline_text"],
            "scope": [SCOPES.get(x, x) for x in targets["scope"]],
            "horizon": [
                _("due by 2025") if h == "2025" else _("after 2025") for h in targets["horizon"]
            ],
            "match": [
                ui.match_text(m, lang=lang) + (f": {n}" if n else "")
                for m, n in zip(targets["match"], targets["match_note_text"], strict=True)
            ],
            "status": [status_style.text(s, lang) for s in targets["status"]],
            "verdict": verdicts,
            "source": targets["target_source_url"],
            "quote": targets["target_quote"],
            "also": [_("; ").join(also_stated.get(t, [])) for t in targets["target_id"]],
        }
    )
    st.dataframe(
        shown_targets,
        hide_index=True,
        width="stretch",
        key=f"indicator_{found}_targets",
        row_height=ui.TALL_ROW_PX,
        height=ui.table_height(len(shown_targets)),
        column_config={
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
    _("{title}, release {version}, indicator “{indicator}”, {address}, accessed {date}.").format(
        title=_(site.TITLE),
        version=ver,
        indicator=name,
        address=address,
        date=figures.show_date(date.today(), lang=lang),
    ),
    language=None,
    wrap_lines=True,
)
st.caption(_("API: {json} · {csv}").format(json=code(meta["json"]), csv=code(meta["csv"])))
# Same-tab links (text.same_tab_link): files of this site, not pages of another.
files = {ext: site.indicator_address(found, ext) for ext in FEEDS}
st.caption(
    _(
        "Cite in a reference manager: {bib} · {ris} · {csl}. This indicator's changes: {atom}."
    ).format(
        bib=same_tab_link("BibTeX", files["bib"]),
        ris=same_tab_link("RIS", files["ris"]),
        csl=same_tab_link("CSL-JSON", files["csl.json"]),
        atom=same_tab_link(md(_("Atom feed")), files["atom"]),
    ),
    unsafe_allow_html=True,  # the links' target; every text in them is md-escaped
)
with st.expander(_("Embed this indicator")):
    st.markdown(
        _(
            "Paste this into a web page to show this indicator's page (read-only) inside it. "
            "Embedding is allowed for addresses with `embed=true` only."
        )
    )
    embed = public_address(indicator_address(found)) + "&embed=true"
    title = html.escape(_(site.TITLE) + _(": ") + name)
    st.code(
        f'<iframe src="{html.escape(embed)}" title="{title}" width="100%" height="720" '
        'style="border:0" loading="lazy"></iframe>',
        language="html",
        wrap_lines=True,
    )
