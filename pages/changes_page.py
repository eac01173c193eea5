"""What's new: the releases of the dataset, newest first, each with its summary and its changes
in words (statuses and verdicts that moved, goals added, changed or removed, rows changed)."""

import streamlit as st

from tracker import changes, data, i18n, ui
from tracker.text import md

# The reader's language, read once from the address (tracker/url_state.py) and passed on.
lang = ui.lang()
_ = i18n.words(lang)


# Built once per database version and language: the releases and their changes do not move
# between reruns, and reading them (every release's changes, every indicator) took most of one.
texts = data.cached(
    ("changes_page", ui.view_query()),  # the links keep the reader's view
    lambda: changes.releases_in_words(lang, ui.indicator_link),
    lang=lang,
)
st.title(_("What's new"))
st.markdown(
    _(
        "Every release of the dataset, newest first: what it changed since the release before. "
        "A citation of a release points at exactly the data of that release."
    )
)
if texts["as_of"]:
    st.caption(_("**As of {date}**: the date of the latest release.").format(date=texts["as_of"]))
if texts["unreleased"]:
    st.info(
        _("This build's data ({version}) has unreleased changes since the latest release.").format(
            version=md(texts["version"])
        ),
        icon=":material/pending:",
    )
for s in texts["releases"]:
    st.subheader(s["title"], anchor=s["anchor"])
    st.markdown(s["summary"])
    st.caption(s["counts"])
    if s["package"]:
        st.markdown(s["package"])
    if s["moves"]:
        st.markdown(s["moves"], unsafe_allow_html=True)  # links to indicator pages
    for goals in s["goals"]:
        st.markdown(goals, unsafe_allow_html=True)
    if s["changed"]:
        with st.expander(s["changed_title"]):
            st.markdown(s["changed"])
