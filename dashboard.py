"""The app's frame: page config, database check, the sidebar area filter (kept in the URL as
`?area=...`), and the router. Run with `streamlit run dashboard.py`."""

from __future__ import annotations

import streamlit as st

from tracker import data, db, filters, routing
from tracker.text import code, md

st.set_page_config(
    page_title="China intelligent manufacturing progress tracker",
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
            + f"\n\nRebuild it from the curated datasets with `{db.FIX_COMMAND}` "
            "(or `python -m etl build`), then reload this page."
        )
        st.stop()


def area_filter() -> None:
    """The sidebar's area filter (a checkbox per area, grouped into work areas and priorities),
    synced both ways with `?area=...` in the URL and re-applied after every page switch."""
    areas = data.areas()
    known = list(areas["area_id"])
    names = dict(zip(areas["area_id"], areas["name_en"], strict=True))
    state = st.session_state
    url = tuple(st.query_params.get_all("area"))
    first_run = any(AREA_KEY.format(a) not in state for a in known)
    if first_run or (url and url != state.get("_area_url")):
        parsed = filters.parse_areas(url, known)
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
            "**Areas shown**",
            help="Every page shows only the indicators, targets and commitments of the areas "
            "ticked here. The choice is kept in the page address (`?area=...`), so a link "
            "opens with the same filter.",
        )
        for kind, heading in (("work_area", "Work areas"), ("priority", "Forward priorities")):
            st.caption(heading)
            for a in areas.loc[areas["kind"] == kind, "area_id"]:
                st.checkbox(md(names[a]), key=AREA_KEY.format(a), on_change=changed)
        st.button("Select all areas", key="sidebar_all", on_click=select_all, width="stretch")
    selected = [a for a in known if state[AREA_KEY.format(a)]]
    state[filters.SESSION_KEY] = selected
    want = filters.url_values(selected, known)
    if list(st.query_params.get_all("area")) != want:
        if want:
            st.query_params["area"] = want
        elif "area" in st.query_params:
            del st.query_params["area"]
    state["_area_url"] = tuple(want)
    if state.get("_area_unknown"):
        unknown = ", ".join(f"“{md(u)}”" for u in state["_area_unknown"])
        st.warning(
            f"Unknown area in the address: {unknown}. Known areas: "
            + ", ".join(f"{md(names[a])} ({code(a)})" for a in known)
            + ". Showing "
            + ("all areas." if set(selected) == set(known) else "the known areas asked for."),
            icon=":material/warning:",
        )


HORIZON_KEY = "sidebar_horizon"


def horizon_filter() -> None:
    """The sidebar's target-horizon choice (2025 goals, targets set for after 2025, or all),
    synced both ways with `?horizon=...` and kept across page switches."""
    state = st.session_state
    url = st.query_params.get(filters.HORIZON_PARAM)
    if HORIZON_KEY not in state or (url or "") != state.get("_horizon_url", ""):
        choice = filters.parse_horizon(url)
        state[HORIZON_KEY] = choice.horizon
        state["_horizon_unknown"] = choice.unknown
    with st.sidebar:
        st.radio(
            "Targets shown",
            options=list(filters.HORIZONS),
            format_func=filters.HORIZON_LABELS.__getitem__,
            key=HORIZON_KEY,
            help="The 2025 goals of the press conference and the 14th Five-Year Plans, the "
            "targets set since for 2026-2030, or both. Kept in the page address "
            "(`?horizon=...`).",
            on_change=lambda: state.__setitem__("_horizon_unknown", None),
        )
    horizon = state[HORIZON_KEY]
    state[filters.HORIZON_SESSION_KEY] = horizon
    want = filters.horizon_url_value(horizon)
    if st.query_params.get(filters.HORIZON_PARAM) != want:
        if want:
            st.query_params[filters.HORIZON_PARAM] = want
        elif filters.HORIZON_PARAM in st.query_params:
            del st.query_params[filters.HORIZON_PARAM]
    state["_horizon_url"] = want or ""
    if state.get("_horizon_unknown"):
        st.warning(
            f"Unknown target horizon in the address: “{md(state['_horizon_unknown'])}”. Known: "
            + ", ".join(f"`{h}`" for h in filters.HORIZONS)
            + ". Showing all targets.",
            icon=":material/warning:",
        )


# Emoji, not Material icons: a page icon becomes the favicon, and Streamlit fetches a Material
# favicon from Google's font host (an error offline); an emoji favicon is an inline SVG.
PAGES = [
    st.Page(
        "pages/overview_page.py",
        title="Overview",
        icon="📊",
        url_path="overview",
        default=True,
    ),
    st.Page(
        "pages/work_areas_page.py",
        title="Work areas",
        icon="🏭",
        url_path="work-areas",
    ),
    st.Page(
        "pages/priorities_page.py",
        title="Forward priorities",
        icon="🚩",
        url_path="priorities",
    ),
    st.Page(
        "pages/targets_page.py",
        title="Targets vs actual",
        icon="🎯",
        url_path="targets",
    ),
    st.Page("pages/data_page.py", title="Data", icon="🧾", url_path="data"),
    st.Page(
        "pages/sources_page.py",
        title="Sources & method",
        icon="📖",
        url_path="sources",
    ),
]

database_or_stop()
page = st.navigation(PAGES)
if asked := st.query_params.get(routing.NOT_FOUND_PARAM):  # set by tracker.serve
    del st.query_params[routing.NOT_FOUND_PARAM]
    st.warning(routing.not_found_message(asked, page.title), icon=":material/link_off:")
area_filter()
horizon_filter()
with st.sidebar:
    st.caption(
        "Figures as stated by their sources: “more than 340” stays “> 340”. "
        "Every chart has its rows, sources and quotes as a CSV download."
    )
page.run()
