"""Small helpers shared by the page scripts: headers, chart + caption + download, notices."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from etl import figures
from tracker import (
    chart_context,
    chart_style,
    charts,
    data,
    documents,
    filters,
    i18n,
    releases,
    site,
    status_style,
    targets,
    text,
)
from tracker.data import not_found_text
from tracker.targets import match_text
from tracker.text import code, md, slug

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
# A table row this tall (over Streamlit's 4rem) lets a text cell wrap onto three lines instead
# of cutting it with an ellipsis (Streamlit 1.67's st.dataframe wraps only then).
WRAPPED_ROW_PX = 66
# Six lines: for tables of quotes and notes (a quote runs to 400 characters).
TALL_ROW_PX = 124
# A source address shown as its host ("www.gov.cn"), the whole address its link: the column
# stays narrow and nothing in it is cut.
ADDRESS_HOST = r"^https?://([^/?#]+)"

# The project's own styles for every page (docs/accessibility.md). Streamlit shows a table's
# toolbar (column chooser, search, full screen) and Plotly a chart's (download, zoom, pan) on
# mouse hover only, and neither marks its focused button: a keyboard reader tabbed onto
# invisible buttons. Focus inside a toolbar shows it, and its focused button gets a ring in the
# theme's primary colour; so does a table whose cells have the focus (its canvas shows none).
# The page scrolls inside stMain under Streamlit's fixed header (3.75rem): without a scroll
# padding, a control Tab scrolls to the top edge is focused under the header.
# A caption is its text at 60% opacity, which leaves a link in it at 3:1 on white whatever its
# colour (under WCAG AA's 4.5:1): a caption with a link is drawn opaque in the grey the opacity
# made (#707070, 4.9:1), its links in #0054a3 (7:1).
ACCESSIBILITY_CSS = """
[data-testid="stMain"] { scroll-padding-top: 4.5rem; }
[data-testid="stCaptionContainer"]:has(a) { opacity: 1; color: #707070; }
[data-testid="stCaptionContainer"] a { color: #0054a3; }
[data-testid="stElementToolbar"]:focus-within { opacity: 1; }
.js-plotly-plot .plotly .modebar--hover:focus-within > :not(.watermark) { opacity: 1; }
[data-testid="stDataFrame"]:has(canvas:focus-visible) {
  outline: 2px solid {primary}; outline-offset: 1px;
}
[data-testid="stElementToolbar"] button:focus-visible,
.js-plotly-plot .plotly .modebar .modebar-btn:focus-visible {
  outline: 2px solid {primary}; outline-offset: 1px;
}
"""


# An embedded page (`embed=true`, framed by another site) shows the page alone: no sidebar
# and no button to open it (Streamlit's embed mode hides the header only), less space on top.
EMBED_CSS = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"] { display: none; }
[data-testid="stMainBlockContainer"] { padding-top: 1rem; }
"""


def table_height(rows: int, row_px: int = TALL_ROW_PX, most: int = 6) -> int:
    """The height (px) of a table of tall rows showing every row, up to `most` (then it
    scrolls): Streamlit's automatic height shows about ten rows of its own height, three of
    these."""
    return 36 + row_px * min(max(rows, 1), most) + 2


def embedded() -> bool:
    """Whether the page is shown embedded (its address has `embed=true`)."""
    return bool(st.context.is_embedded)


def page_styles() -> None:
    """The project's styles (ACCESSIBILITY_CSS, and EMBED_CSS when embedded), once a run,
    before the page draws."""
    primary = st.get_option("theme.primaryColor") or "#A82A38"
    css = ACCESSIBILITY_CSS.replace("{primary}", primary) + (EMBED_CSS if embedded() else "")
    st.html("<style>" + css + "</style>")


def lang() -> str:
    """The reader's language, as tracker/url_state.py read it from the address (`?lang=`) at
    the top of this run (dashboard.py): pages read it here once and pass it on."""
    return i18n.known(st.session_state.get(i18n.SESSION_KEY))


def keep_valid(key: str, options) -> None:
    """Forget a choice widget's state that is no longer one of its options, before the widget is
    drawn (it then starts from its default). After the language changes, Streamlit 1.67 can hand
    back a radio's, selectbox's or segmented control's value as the label it had in the other
    language ("Due by 2025" for "2025")."""
    state = st.session_state
    if key not in state:
        return
    value = state[key]
    values = value if isinstance(value, list | tuple) else [value]
    if value is not None and not all(v in options for v in values):
        del state[key]


def selected_areas() -> list[str]:
    """The areas chosen in the sidebar (set by dashboard.py on every run)."""
    return list(st.session_state.get(filters.AREAS_SESSION_KEY, []))


def selected_horizons() -> tuple[str, ...]:
    """The target horizons chosen in the sidebar: ("2025",), ("after_2025",) or both."""
    choice = st.session_state.get(filters.HORIZON_SESSION_KEY, filters.DEFAULT_HORIZON)
    return filters.HORIZONS.get(choice, filters.HORIZONS[filters.DEFAULT_HORIZON])


def require_areas(kinds: tuple[str, ...] = ("work_area", "priority"), *, lang: str) -> list[str]:
    """The selected areas of the given kinds; a notice and stop when there are none."""
    _ = i18n.words(lang)
    a = data.areas()
    wanted = set(a.loc[a["kind"].isin(kinds), "area_id"])
    chosen = [x for x in selected_areas() if x in wanted]
    if not chosen:
        names = data.area_names(lang)
        listed = _(", ").join(md(names[x]) for x in a.loc[a["kind"].isin(kinds), "area_id"])
        st.info(
            _(
                "No area of this page is selected. Select one in the sidebar filter: {areas}."
            ).format(areas=listed)
        )
        st.stop()
    return chosen


def header(title: str, intro: str, as_of: str, *, lang: str) -> None:
    _ = i18n.words(lang)
    st.title(title)
    if intro:
        st.markdown(intro)
    assessed = releases.build_info().get("assessed_on", "")
    line = _("**As of {date}**: the latest source date of the figures on this page.").format(
        date=as_of
    )
    if assessed:
        line += _(" Progress assessed on {date}.").format(date=data.show_date(assessed, lang=lang))
    st.caption(line)


def area_tabs(
    kind: str,
    title: str,
    intro: str,
    frame_of: Callable[[Sequence[str]], pd.DataFrame],
    key: str,
    legend: bool = False,
    *,
    lang: str,
) -> Iterator[tuple[str, pd.DataFrame]]:
    """A page of one kind of area (work areas or priorities): its header, the status legend if
    asked, then a choice of one selected area, with its name and description. Only the area
    chosen is read and drawn (a page with every area's charts at once does not stay fast as
    the data grows). Yields (area, its frame) once."""
    areas = require_areas(kinds=(kind,), lang=lang)
    names = data.area_names(lang)
    state = st.session_state
    if state.get(key) not in areas:  # first visit, or the area filter left it out
        state[key] = areas[0]
    header_slot = st.container()
    chosen = st.segmented_control(
        "Area", areas, format_func=lambda a: md(names[a]), key=key, label_visibility="collapsed"
    )
    area = chosen or areas[0]
    frame = frame_of([area])
    with header_slot:
        header(title, intro, data.latest_source_date(frame, lang=lang), lang=lang)
        if legend:
            status_legend(lang=lang)
    described = data.area_descriptions(lang)
    st.header(md(names[area]))
    st.caption(md(described.get(area, "")))
    yield area, frame


def card_grid(records: list[dict], per_row: int) -> Iterator[dict]:
    """Lay records out as bordered cards, `per_row` to a row; yields each record inside its
    card."""
    for start in range(0, len(records), per_row):
        for col, record in zip(st.columns(per_row), records[start : start + per_row], strict=False):
            with col.container(border=True):
                yield record


def arrow(frame: pd.DataFrame) -> pa.Table:
    """`frame` as the Arrow table Streamlit makes of it (`pa.Table.from_pandas`, the index as
    pyarrow keeps it): for a table drawn on every rerun, made once with what else is kept of
    its frame, so that st.dataframe and st.table send it as it is instead of converting the
    frame again (a few milliseconds for a few dozen rows of many columns)."""
    return pa.Table.from_pandas(frame)


class DrawnFigure(go.Figure):
    """A finished figure, never changed again (a cached chart): its `to_dict`, which
    `st.plotly_chart` asks for on every rerun (a deep copy and a walk of every array, about
    1 ms a chart, the most of drawing a cached one), is made once and then handed back."""

    def to_dict(self) -> dict:
        kept = self.__dict__.get("_kept_dict")
        if kept is None:
            kept = self.__dict__["_kept_dict"] = super().to_dict()
        return kept


def drawn(fig: go.Figure) -> DrawnFigure:
    """`fig` itself made a DrawnFigure: no copy, no second validation (go.Figure(fig) would
    validate it again, ~10 ms). Do not change it afterwards."""
    fig.__class__ = DrawnFigure
    return fig


def chart(
    fig: go.Figure | Callable[[], go.Figure],
    frame: pd.DataFrame,
    key: str,
    caption: str,
    file_name: str | None = None,
    *,
    title: str,
    alt: str | Callable[[], str],
    address: str | None = None,
    lang: str,
) -> None:
    """A chart and what it carries (`tracker.chart_context`): its `title` and its footer
    (sources, release, address) drawn inside the figure, so the toolbar's image keeps them;
    `alt`, the text alternative that says what it shows (or a function that writes it: then
    written once per frame content, like the figure); the caption; its rows as a table one
    click away; and the CSV of exactly the rows it plots. `fig` may be a function that builds
    the figure: it is then built once per (key, frame content, address, title, database
    identity) and reused on every rerun (see `data.chart_parts`), with its CSV. `address` is
    the chart's page (default: the page the reader is on); `file_name`, the download's name
    without the version."""
    _ = i18n.words(lang)
    ngettext = i18n.plural_words(lang)
    version = releases.current_version()
    address = address or page_url()
    build = fig if callable(fig) else (lambda built=fig: go.Figure(built))

    def with_footer() -> go.Figure:
        lines = chart_context.footer_lines(frame, version, address, lang=lang)
        return drawn(chart_context.with_footer(chart_style.titled(build(), title), lines))

    fig, csv = data.chart_parts(f"{key}|{address}|{title}", frame, with_footer, lang=lang)
    described, table = data.per_frame(
        "chart_text",
        key,
        frame,
        lambda: (alt() if callable(alt) else alt, arrow(chart_context.table(frame, lang=lang))),
        lang=lang,
    )
    name = f"{file_name or slug(key)}-{version}"
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": {"filename": name, "scale": 2}}
    st.plotly_chart(fig, key=f"{key}_chart", config=config)
    st.markdown(_("**Chart:** {description}").format(description=md(described)))
    st.caption(caption, unsafe_allow_html=True)  # it may hold links to pages (page_link)
    with st.expander(_("The chart's data as a table")):
        st.table(table, hide_index=True)  # as Streamlit hides a frame's range index
    rows = len(frame)
    st.download_button(
        _("Download CSV"),
        data=csv,
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"{key}_download",
        on_click="ignore",
        help=ngettext(
            "The {n} row this chart plots, with source and quote.",
            "The {n} rows this chart plots, with source and quote.",
            rows,
        ).format(n=rows),
        icon=":material/download:",
    )


def page_url(path: str | None = None) -> str:
    """An address on the tracker as the reader reaches it: the origin this page was served from
    (`documents.public_url()` where the browser's is not known), then `path`, by default the
    page's own."""
    url = st.context.url or ""
    if not url.startswith(("http://", "https://")):
        url = documents.public_url()
    origin = "/".join(url.split("/")[:3])
    if path is None:
        rest = url.split("/", 3)[3] if url.count("/") >= 3 else ""
        path = "/" + rest.split("?")[0].split("#")[0]
    return origin + path


def searches_shown(searches: list[dict], *, lang: str) -> None:
    """What was searched, and when: a line saying no official figure was found (with the
    latest such search's note), and every search's corpora and exact queries a click away."""
    _ = i18n.words(lang)
    ngettext = i18n.plural_words(lang)
    if not searches:
        return
    headline = not_found_text(searches, lang=lang)
    if headline:
        first = next(r for r in searches if r["found_nothing"])
        st.markdown(f"**{headline}** {md(first['note_shown'])}")
    with st.expander(
        ngettext(
            "What was searched ({n} search)", "What was searched ({n} searches)", len(searches)
        ).format(n=len(searches))
    ):
        for r in searches:
            found = (
                _("nothing official found")
                if r["found_nothing"]
                else _("found: {ids}").format(
                    ids=", ".join(code(i) for i in r["found"].split(" | "))
                )
            )
            queries = f"“{md(r['terms'])}”"  # the exact queries, separated by " | "
            st.markdown(
                _("**{date}**, in {corpus}: {found}. Queries: {queries}").format(
                    date=r["date_text"], corpus=md(r["corpus"]), found=found, queries=queries
                )
            )
            if not r["found_nothing"] and r["note_shown"]:
                st.caption(md(r["note_shown"]))


VIEW_PARAMS = ("area", filters.HORIZON_PARAM, "lang")  # what a link to another page keeps


def view_query() -> str:
    """The reader's view as the address holds it (area filter, target horizon, language; the
    frame keeps them there), to carry into every link to another page of the app."""
    return urlencode(
        [(name, value) for name in VIEW_PARAMS for value in st.query_params.get_all(name)]
    )


def page_address(path: str, **params: str) -> str:
    """The one rule for an address of another page of the app: `path` with `params`, then the
    reader's view (`view_query`), so a link keeps the filters and the language."""
    query = "&".join(q for q in (urlencode(params), view_query()) if q)
    return path + (f"?{query}" if query else "")


def page_link(label: str, path: str, **params: str) -> str:
    """A link to another page of the app, opening in the same tab with the reader's view (shown
    with `unsafe_allow_html=True`; `label` is shown literally)."""
    return text.same_tab_link(md(label), page_address(path, **params))


def indicator_link(indicator_id: str, name: str) -> str:
    """The indicator's name as a link to its page, in the same tab (the name shown literally;
    shown with `unsafe_allow_html=True`)."""
    return page_link(name, site.INDICATOR_PAGE, id=str(indicator_id))


def stated_twice(areas: Sequence[str], horizons: Sequence[str] | None = None, *, lang: str) -> str:
    """Why this page counts fewer targets than the data's target rows (the API, the Data page):
    a goal stated by two documents (a `same_goal` lineage) is one goal, counted once. "" when
    none of the areas' targets is such a second statement."""
    ngettext = i18n.plural_words(lang)
    within = () if horizons is None else (horizons,)  # None: every horizon
    rows = len(targets.targets(areas, *within, lang=lang))
    goals = len(targets.shown_targets(areas, *within, lang=lang))
    twice = rows - goals
    if not twice:
        return ""
    return ngettext(
        "{goals} goals: {n} goal is stated twice, by two documents, and counted once (the data, "
        "its downloads and the API list {rows} target rows, one a statement).",
        "{goals} goals: {n} goals are stated twice, by two documents, and counted once each (the "
        "data, its downloads and the API list {rows} target rows, one a statement).",
        twice,
    ).format(goals=count(goals, lang=lang), n=count(twice, lang=lang), rows=count(rows, lang=lang))


def tab_title(*parts: str, lang: str) -> None:
    """The browser tab's title: what the tab shows (a page, an indicator and its page), then
    the tracker, in the reader's language; one per page, so tabs and history tell pages apart."""
    _ = i18n.words(lang)
    st.set_page_config(page_title=" · ".join([*parts, _(site.TITLE)]))


def capital(text: str) -> str:
    """First letter upper case, the rest untouched ("stated Jan 2026" -> "Stated Jan 2026")."""
    return text[:1].upper() + text[1:]


def status_legend(*, lang: str) -> None:
    _ = i18n.words(lang)
    with st.expander(_("What the statuses mean")):
        for s in status_style.STYLES.values():
            st.markdown(
                _("**{status}**: {meaning}").format(status=s.text(lang), meaning=s.meaning(lang))
            )


def quote_block(
    text: str, quote: str, source: str, url: str, date: str, extra: str = "", *, lang: str
) -> None:
    """A qualitative item: our short text, then the verbatim quote and its source (every text
    from the data shown literally, `tracker.text`; `extra` is the page's own Markdown)."""
    _ = i18n.words(lang)
    st.markdown(f"**{md(text)}**" + (f" {extra}" if extra else ""))
    st.markdown(f"> “{md(quote)}”")
    st.caption(
        _("Source: [{source}]({url}), {date}").format(source=md(source), url=url, date=md(date))
    )


def match_notes(targets: pd.DataFrame, *, lang: str) -> None:
    """Why each target's figures only approximate it (proxy) or how they match (exact, noted)."""
    # Written once per frame content (data.per_frame): the same targets on every rerun.
    notes = data.per_frame(
        "match_notes", "", targets, lambda: match_notes_text(targets, lang=lang), lang=lang
    )
    if notes:
        st.markdown(notes)


def match_notes_text(targets: pd.DataFrame, *, lang: str) -> str:
    """The match notes as Markdown, one item a target with a note ("" for none)."""
    _ = i18n.words(lang)
    notes = targets[targets["_match_note"] != ""].drop_duplicates("_target_id")
    if notes.empty:
        return ""
    lines = [
        "- "
        + _("**{indicator}** (target {target}, {match}): {note}").format(
            indicator=md(r["_indicator_name"]),
            target=md(r["_target_text"]),
            match=match_text(r["_match"], lang=lang),
            note=md(r["_match_note"]),
        )
        for r in notes.to_dict("records")
    ]
    return "**" + _("How the figures match the targets") + "**\n\n" + "\n".join(lines)


def percent_of_target_section(targets: pd.DataFrame, *, key: str, caption: str, lang: str) -> None:
    """Every target's latest value as a percentage of it (`charts.percent_of_target_chart`), at
    most 40 bars with the rest behind a button, titled, described and with its download: the
    Overview's and the Targets page's one chart of it."""
    _ = i18n.words(lang)
    shown = bounded(targets, 40, key=f"{key}_shown", noun=_("targets"), lang=lang)
    chart(
        lambda: charts.percent_of_target_chart(shown, lang=lang),
        shown,
        key=key,
        title=_("Latest value as a percentage of each target"),
        alt=lambda: chart_context.describe_percent(shown, lang=lang),
        caption=caption,
        lang=lang,
    )


def bounded(frame: pd.DataFrame, at_once: int, key: str, noun: str, *, lang: str) -> pd.DataFrame:
    """At most `at_once` rows of `frame`, so a page draws a bounded number of charts however
    large the data: every row when there are no more, else the reader's choice of which
    `at_once` ("1–8 of 120")."""
    _ = i18n.words(lang)
    if len(frame) <= at_once:
        return frame
    total = len(frame)
    slice_label = _("{first}–{last} of {total}")

    def number(n: int) -> str:
        return figures.number_text(n, lang=lang)

    start = st.selectbox(
        _("{total} {noun}, {at_once} at a time").format(
            total=number(total), noun=noun, at_once=number(at_once)
        ),
        range(0, total, at_once),
        format_func=lambda s: slice_label.format(
            first=number(s + 1), last=number(min(s + at_once, total)), total=number(total)
        ),
        key=key,
    )
    start = start or 0
    return data.rows(frame, start, start + at_once)


def count(n: int, *, lang: str) -> str:
    """A count as the reader's language writes it: "1,000,000"; in Chinese "100万"."""
    return figures.number_text(n, lang=lang)
