"""The app's frame: the language (`?lang=zh`), page config, database check, the sidebar's settings
(language, areas, target horizon: kept in the page address by tracker/url_state.py), and the
router. Run with `streamlit run dashboard.py`."""

from __future__ import annotations

import streamlit as st

from tracker import data, db, i18n, releases, routing, ui, url_state
from tracker.i18n import N_
from tracker.text import code, md

# Read first, so that every text of the run (page titles included) is in the reader's language;
# the pages read it again with ui.lang() and pass it on (docs/architecture.md, "The language").
lang = url_state.from_address(url_state.LANGUAGE)
_ = i18n.words(lang)
st.set_page_config(
    page_title=_("China intelligent manufacturing progress tracker"),
    layout="wide",
)


def database_or_stop() -> None:
    try:
        data.begin_run()
        releases.build_info()
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


# The pages: script, title (a msgid), icon, address; the first is the default. Emoji, not
# Material icons: a page icon becomes the favicon, and Streamlit fetches a Material favicon from
# Google's font host (an error offline); an emoji favicon is an inline SVG.
PAGES = (
    ("pages/overview_page.py", N_("Overview"), "📊", "overview"),
    ("pages/work_areas_page.py", N_("Work areas"), "🏭", "work-areas"),
    ("pages/priorities_page.py", N_("Forward priorities"), "🚩", "priorities"),
    ("pages/targets_page.py", N_("Targets vs actual"), "🎯", "targets"),
    ("pages/indicator_page.py", N_("Indicators"), "📈", "indicator"),
    ("pages/data_page.py", N_("Data"), "🧾", "data"),
    ("pages/sources_page.py", N_("Sources & method"), "📖", "sources"),
    ("pages/changes_page.py", N_("What's new"), "🆕", "changes"),
)


def pages() -> list:
    """The pages, titled in the reader's language."""
    return [
        st.Page(script, title=_(title), icon=icon, url_path=path, default=n == 0)
        for n, (script, title, icon, path) in enumerate(PAGES)
    ]


database_or_stop()
page = st.navigation(pages())
# each page's own browser-tab title (the indicator page names its own)
ui.tab_title(page.title, lang=lang)
if asked := st.query_params.get(routing.NOT_FOUND_PARAM):  # set by tracker.serve
    del st.query_params[routing.NOT_FOUND_PARAM]
    st.warning(
        _("There is no page at `{address}`. Showing {page} instead.").format(
            address=routing.shown_address(asked), page=page.title
        ),
        icon=":material/link_off:",
    )
ui.page_styles()
url_state.show(url_state.LANGUAGE, lang)
areas = data.areas()
url_state.sync(
    url_state.area_filter(
        dict(zip(areas["area_id"], areas["kind"], strict=True)), data.area_names(lang)
    ),
    lang,
)
url_state.sync(url_state.HORIZON, lang)
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
