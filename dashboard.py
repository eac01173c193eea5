"""The app's frame: the language (kept in the URL as `?lang=zh`), page config, database check,
the sidebar filters (areas as `?area=...`, target horizon as `?horizon=...`), and the router.
Run with `streamlit run dashboard.py`."""

from __future__ import annotations

import streamlit as st

from tracker import data, db, filters, i18n, releases, routing, ui
from tracker.i18n import N_, _
from tracker.text import code, md

LANG_KEY = "sidebar_lang"


def set_url_param(name: str, value: str | list[str] | None) -> str:
    """Put a filter's value in the page address (a list repeats the parameter), or take the
    parameter out when the value is the default (None or empty); returns what the address holds
    now ("" for nothing), for the next run to compare with."""
    current = st.query_params.get_all(name)
    wanted = [] if not value else [value] if isinstance(value, str) else list(value)
    if current != wanted:
        if wanted:
            st.query_params[name] = wanted if len(wanted) > 1 else wanted[0]
        elif name in st.query_params:
            del st.query_params[name]
    return wanted[0] if len(wanted) == 1 and isinstance(value, str) else ""


def language() -> str:
    """The reader's language, from `?lang=` (English by default and for anything unknown, with
    a notice), kept in the session and across page switches like the filters. Set first, so
    every text of the run (page titles included) is in it."""
    state = st.session_state
    url = st.query_params.get(i18n.PARAM)
    # A page switch drops the query; the session keeps the choice. Only a language the address
    # asks for (a shared link, an edit) replaces it, as for the area filter.
    ui.keep_valid(LANG_KEY, i18n.LANGUAGES)
    if url and url != state.get("_lang_url", ""):
        choice = filters.parse_lang(url)
        state[LANG_KEY] = choice.lang
        state["_lang_unknown"] = choice.unknown
    elif LANG_KEY not in state:
        # First run, or Streamlit dropped the widget's state (its label changed language):
        # the session's choice, else the address's.
        choice = filters.parse_lang(url)
        state[LANG_KEY] = state.get(i18n.SESSION_KEY, choice.lang)
        state["_lang_unknown"] = None if i18n.SESSION_KEY in state else choice.unknown
    lang = i18n.use(state[LANG_KEY])
    state[i18n.SESSION_KEY] = lang
    return lang


def language_switch() -> None:
    """The switch in the sidebar (each language in its own name), synced back to `?lang=`."""
    state = st.session_state
    with st.sidebar:
        st.radio(
            _("Language"),
            options=list(i18n.LANGUAGES),
            format_func=i18n.LANGUAGES.__getitem__,
            key=LANG_KEY,
            horizontal=True,
            help=_("Kept in the page address (`?lang=zh`), so a link opens in the same language."),
            on_change=lambda: state.__setitem__("_lang_unknown", None),
        )
    state["_lang_url"] = set_url_param(i18n.PARAM, filters.lang_url_value(state[LANG_KEY]))
    if state.get("_lang_unknown"):
        asked = md(routing.shown_address(state["_lang_unknown"]))
        message = N_(
            "Unknown language in the address: “{asked}”. Known: `en` (English), `zh` "
            "(简体中文). Showing English."
        )
        # The notice in both languages: the reader asked for one we cannot tell.
        st.warning(
            "  \n".join(
                i18n.catalogue.gettext(lang, message).format(asked=asked) for lang in i18n.LANGUAGES
            ),
            icon=":material/translate:",
        )


language()
st.set_page_config(
    page_title=_("China intelligent manufacturing progress tracker"),
    layout="wide",
)

AREA_KEY = "sidebar_area_{}"  # one checkbox per area


def database_or_stop() -> None:
    try:
        data.begin_run()
        data.check_database()
    except db.DatabaseUnavailable as exc:
        st.error(
            "  \n".join(md(line) for line in str(exc).splitlines())
            + "\n\n"
            + _(
                "Rebuild it from the curated datasets with `{command}` (or `python -m etl "
                "build`), then reload this page."
            ).format(command=db.FIX_COMMAND)
        )
        st.stop()


def area_filter() -> None:
    """The sidebar's area filter (a checkbox per area, grouped into work areas and priorities),
    synced both ways with `?area=...` in the URL and re-applied after every page switch."""
    areas = data.areas()
    known = list(areas["area_id"])
    names = data.area_names()
    state = st.session_state
    url = tuple(st.query_params.get_all("area"))
    first_run = any(AREA_KEY.format(a) not in state for a in known)
    if first_run or (url and url != state.get("_area_url")):
        parsed = filters.parse_areas(url, known)
        if not url and filters.SESSION_KEY in state:  # widget state dropped: the session's
            parsed = filters.AreaSelection(tuple(state[filters.SESSION_KEY]), ())
        for a in known:
            state[AREA_KEY.format(a)] = a in parsed.selected
        state["_area_unknown"] = list(parsed.unknown)

    def changed() -> None:
        state["_area_unknown"] = []

    def select_all() -> None:
        for a in known:
            state[AREA_KEY.format(a)] = True
        changed()

    with st.sidebar:
        st.markdown(
            "**" + _("Areas shown") + "**",
            help=_(
                "Every page shows only the indicators, targets and commitments of the areas "
                "ticked here. The choice is kept in the page address (`?area=...`), so a link "
                "opens with the same filter."
            ),
        )
        for kind, heading in (
            ("work_area", _("Work areas")),
            ("priority", _("Forward priorities")),
        ):
            st.caption(heading)
            for a in areas.loc[areas["kind"] == kind, "area_id"]:
                st.checkbox(md(names[a]), key=AREA_KEY.format(a), on_change=changed)
        st.button(_("Select all areas"), key="sidebar_all", on_click=select_all, width="stretch")
    selected = [a for a in known if state[AREA_KEY.format(a)]]
    state[filters.SESSION_KEY] = selected
    want = filters.url_values(selected, known)
    set_url_param("area", want)
    state["_area_url"] = tuple(want)
    if state.get("_area_unknown"):
        comma = _(", ")
        unknown = comma.join(f"“{md(u)}”" for u in state["_area_unknown"])
        message = (
            _("Unknown area in the address: {unknown}. Known areas: {known}. Showing all areas.")
            if set(selected) == set(known)
            else _(
                "Unknown area in the address: {unknown}. Known areas: {known}. Showing the "
                "known areas asked for."
            )
        )
        st.warning(
            message.format(
                unknown=unknown, known=comma.join(f"{md(names[a])} ({code(a)})" for a in known)
            ),
            icon=":material/warning:",
        )


HORIZON_KEY = "sidebar_horizon"


def horizon_filter() -> None:
    """The sidebar's target-horizon choice (2025 goals, targets set for after 2025, or all),
    synced both ways with `?horizon=...` and kept across page switches."""
    state = st.session_state
    url = st.query_params.get(filters.HORIZON_PARAM)
    # As for the areas: an address without the parameter (after a page switch) keeps the choice.
    ui.keep_valid(HORIZON_KEY, filters.HORIZONS)
    if HORIZON_KEY not in state or (url and url != state.get("_horizon_url", "")):
        choice = filters.parse_horizon(url)
        if not url and filters.HORIZON_SESSION_KEY in state:
            # The widget's state was dropped (its label changed language): the session's choice.
            choice = filters.HorizonChoice(state[filters.HORIZON_SESSION_KEY], None)
        state[HORIZON_KEY] = choice.horizon
        state["_horizon_unknown"] = choice.unknown
    with st.sidebar:
        st.radio(
            _("Targets shown"),
            options=list(filters.HORIZONS),
            # Labels translated now: a format_func may be called outside this run's thread.
            format_func={h: _(label) for h, label in filters.HORIZON_LABELS.items()}.__getitem__,
            key=HORIZON_KEY,
            help=_(
                "The 2025 goals of the press conference and the 14th Five-Year Plans, the "
                "targets set since for 2026-2030, or both. Kept in the page address "
                "(`?horizon=...`)."
            ),
            on_change=lambda: state.__setitem__("_horizon_unknown", None),
        )
    horizon = state[HORIZON_KEY]
    state[filters.HORIZON_SESSION_KEY] = horizon
    state["_horizon_url"] = set_url_param(filters.HORIZON_PARAM, filters.horizon_url_value(horizon))
    if state.get("_horizon_unknown"):
        st.warning(
            _(
                "Unknown target horizon in the address: “{asked}”. Known: {known}. Showing "
                "all targets."
            ).format(
                asked=md(state["_horizon_unknown"]),
                known=_(", ").join(f"`{h}`" for h in filters.HORIZONS),
            ),
            icon=":material/warning:",
        )


# Emoji, not Material icons: a page icon becomes the favicon, and Streamlit fetches a Material
# favicon from Google's font host (an error offline); an emoji favicon is an inline SVG.
def pages() -> list:
    """The pages, titled in the reader's language."""
    return [
        st.Page(
            "pages/overview_page.py",
            title=_("Overview"),
            icon="📊",
            url_path="overview",
            default=True,
        ),
        st.Page(
            "pages/work_areas_page.py",
            title=_("Work areas"),
            icon="🏭",
            url_path="work-areas",
        ),
        st.Page(
            "pages/priorities_page.py",
            title=_("Forward priorities"),
            icon="🚩",
            url_path="priorities",
        ),
        st.Page(
            "pages/targets_page.py",
            title=_("Targets vs actual"),
            icon="🎯",
            url_path="targets",
        ),
        st.Page(
            "pages/indicator_page.py",
            title=_("Indicators"),
            icon="📈",
            url_path="indicator",
        ),
        st.Page("pages/data_page.py", title=_("Data"), icon="🧾", url_path="data"),
        st.Page(
            "pages/sources_page.py",
            title=_("Sources & method"),
            icon="📖",
            url_path="sources",
        ),
        st.Page("pages/changes_page.py", title=_("What's new"), icon="🆕", url_path="changes"),
    ]


database_or_stop()
page = st.navigation(pages())
ui.tab_title(page.title)  # each page's own browser-tab title (the indicator page names its own)
if asked := st.query_params.get(routing.NOT_FOUND_PARAM):  # set by tracker.serve
    del st.query_params[routing.NOT_FOUND_PARAM]
    st.warning(
        _("There is no page at `{address}`. Showing {page} instead.").format(
            address=routing.shown_address(asked), page=page.title
        ),
        icon=":material/link_off:",
    )
ui.page_styles()
language_switch()
area_filter()
horizon_filter()
with st.sidebar:
    st.caption(
        _(
            "Figures as stated by their sources: “more than 340” stays “> 340”. "
            "Every chart has its rows, sources and quotes as a CSV download."
        )
    )
    # The version of the data shown (docs/releases.md), with what changed in it.
    released = _("Data release {version}").format(version=code(releases.current_version()))
    if releases.is_unreleased():
        released += " · " + _("unreleased changes")
    whats_new = ui.page_link(_("What's new"), "/changes")
    st.caption(f"{released} · {whats_new}", unsafe_allow_html=True)
page.run()
