"""Data: the observations, targets and commitments as filterable tables, and full downloads."""

import functools

import streamlit as st

from tracker import data, i18n, indicators, releases, ui
from tracker.commitments import commitments
from tracker.observations import observation_filter

# The reader's language, read once from the address (tracker/url_state.py) and passed on.
lang = ui.lang()
_ = i18n.words(lang)

areas = ui.require_areas(lang=lang)
# The address columns are links: only to http(s) addresses (validation allows no other). What
# the page derives from a frame is built once per frame, search and filter (data.per_frame), not
# on every rerun: the tables' conversion for display was most of the page's rerun.
tg = data.targets(areas, lang=lang)  # one row per target: as many as the indicators' goals
tg = data.per_frame(
    "data_targets",
    "",
    tg,
    lambda: data.http_links(tg, "target_source_url"),
    lang=lang,
)
com = commitments(areas, lang=lang)
com = data.per_frame(
    "data_commitments",
    "",
    com,
    lambda: data.http_links(com, "source_url"),
    lang=lang,
)
# The observations grow with the data: counted, filtered and paged by DuckDB, never read whole.
every_observation = observation_filter(areas)
observations_total = data.observation_count(every_observation)
ui.header(
    _("Data"),
    _(
        "The records behind every page, for the areas selected in the sidebar. Filter them "
        "here; download the whole dataset (all areas) below."
    ),
    data.records_as_of(areas, lang),
    lang=lang,
)
ROWS_AT_ONCE = 5000  # a table sends its rows to the browser on every rerun: at most these
PAGE_ROWS = 1000  # observations read and sent a page at a time


def first_rows(view) -> tuple[int, object]:
    """How many rows `view` has, and the rows a table sends (as the Arrow table it sends)."""
    return len(view), ui.arrow(view.head(ROWS_AT_ONCE))


search = st.text_input(
    _("Search quotes, indicators and notes"),
    key="data_search",
    placeholder=_("e.g. standards, 智能工厂, 340"),
)


tab_obs, tab_tg, tab_com = st.tabs(
    data.record_tab_labels(observations_total, len(tg), len(com), lang),
    key="data_tabs",
)
# Each table shows its indicator (or area) first and pinned, and its status or value next, so
# both stay in view on a phone while the other columns scroll inside the table.
with tab_obs:
    indicator_names = indicators.indicator_labels(areas, lang)  # in name order
    ui.keep_valid("data_obs_indicators", list(indicator_names))
    chosen = st.multiselect(
        _("Indicators"),
        list(indicator_names),
        key="data_obs_indicators",
        format_func=indicator_names.__getitem__,
        placeholder=_("All indicators: choose some to narrow the table"),
    )
    comparable_only = st.checkbox(_("Comparable figures only"), key="data_obs_comparable")
    where = observation_filter(areas, chosen, comparable_only, search)
    shown = data.observation_count(where)
    pages = max(1, -(-shown // PAGE_ROWS))
    if st.session_state.get("data_obs_page", 1) > pages:  # the filter left fewer pages
        st.session_state["data_obs_page"] = 1
    page_number = (
        st.number_input(
            _("Page number"), min_value=1, max_value=pages, step=1, key="data_obs_page", width=160
        )
        if pages > 1
        else 1
    )
    first = (int(page_number) - 1) * PAGE_ROWS
    view = data.observation_page(where, PAGE_ROWS, first, lang=lang)
    table = data.per_frame(
        "data_obs_table",
        "",
        view,
        lambda: ui.arrow(data.http_links(view, "source_url")),
        lang=lang,
    )
    st.caption(
        data.observation_rows_caption(
            shown, observations_total, first, len(view), pages, PAGE_ROWS, lang
        )
    )
    st.dataframe(
        table,
        key="data_obs_table",
        hide_index=True,
        column_order=[
            "indicator",
            "figure",
            "date_text",
            "date_basis_text",
            "comparable",
            "source",
            "source_url",
            "quote",
            "note_text",
        ],
        column_config={
            "indicator": st.column_config.TextColumn(_("Indicator"), width="medium", pinned=True),
            "figure": st.column_config.TextColumn(_("Value")),
            "date_text": st.column_config.TextColumn(_("Date")),
            "date_basis_text": st.column_config.TextColumn(
                _("Date basis"),
                help=_(
                    "date stated: the date the figure was stated; date it describes: the date "
                    "the figure refers to"
                ),
            ),
            "comparable": st.column_config.CheckboxColumn(
                _("Comparable"), help=_("Unticked: shown, but not used for progress status.")
            ),
            "source": st.column_config.TextColumn(_("Source"), width="medium"),
            "source_url": st.column_config.LinkColumn(_("Address")),
            "quote": st.column_config.TextColumn(_("Quote"), width="large"),
            "note_text": st.column_config.TextColumn(_("Note"), width="medium"),
        },
    )
with tab_tg:
    shown, table = data.per_frame(
        "data_tg_table",
        search,
        tg,
        lambda: first_rows(data.targets_found(tg, search, lang)),
        lang=lang,
    )
    counted = data.target_rows_caption(shown, len(tg), ui.stated_twice(areas, lang=lang), lang)
    st.caption(data.first_rows_caption(counted, shown, ROWS_AT_ONCE, lang))
    st.dataframe(
        table,
        key="data_tg_table",
        hide_index=True,
        column_order=[
            "indicator",
            "status_text",
            "target_text",
            "deadline_text",
            "match_text",
            "match_note_text",
            "latest_text",
            "latest_date_text",
            "source",
            "target_source_url",
            "target_quote",
            "status_note_text",
        ],
        column_config={
            "indicator": st.column_config.TextColumn(_("Indicator"), width="medium", pinned=True),
            "target_text": st.column_config.TextColumn(_("Target")),
            "deadline_text": st.column_config.TextColumn(_("Deadline")),
            "match_text": st.column_config.TextColumn(_("Match")),
            "match_note_text": st.column_config.TextColumn(_("Match note"), width="medium"),
            "status_text": st.column_config.TextColumn(_("Status")),
            "latest_text": st.column_config.TextColumn(_("Latest value")),
            "latest_date_text": st.column_config.TextColumn(_("Date of value")),
            "source": st.column_config.TextColumn(_("Source"), width="medium"),
            "target_source_url": st.column_config.LinkColumn(_("Address")),
            "target_quote": st.column_config.TextColumn(_("Quote"), width="large"),
            "status_note_text": st.column_config.TextColumn(_("How the status was reached")),
        },
    )
with tab_com:
    ui.keep_valid("data_com_kind", ["achievement", "commitment"])
    kind = st.segmented_control(
        _("Kind"),
        ["achievement", "commitment"],
        selection_mode="multi",
        default=["achievement", "commitment"],
        key="data_com_kind",
        format_func={"achievement": _("Achievements"), "commitment": _("Commitments")}.__getitem__,
    )
    shown, table = data.per_frame(
        "data_com_table",
        f"{sorted(kind or [])}|{search}",
        com,
        lambda: first_rows(data.commitments_found(com, kind or [], search)),
        lang=lang,
    )
    counted = data.commitment_rows_caption(shown, len(com), lang)
    st.caption(data.first_rows_caption(counted, shown, ROWS_AT_ONCE, lang))
    st.dataframe(
        table,
        key="data_com_table",
        hide_index=True,
        column_order=[
            "area",
            "kind_text",
            "text_shown",
            "deadline_text",
            "source",
            "source_url",
            "quote",
        ],
        column_config={
            "area": st.column_config.TextColumn(_("Area"), pinned=True),
            "kind_text": st.column_config.TextColumn(_("Kind")),
            "text_shown": st.column_config.TextColumn(_("In short"), width="large"),
            "deadline_text": st.column_config.TextColumn(_("Deadline")),
            "source": st.column_config.TextColumn(_("Source"), width="medium"),
            "source_url": st.column_config.LinkColumn(_("Address")),
            "quote": st.column_config.TextColumn(_("Quote"), width="large"),
        },
    )

st.header(_("Download the whole dataset"), divider="gray")
st.caption(
    _(
        "All areas, every table, with sources and verbatim quotes, in English with the Chinese "
        "of every text beside it (the `_zh` columns). Cite the original source of a figure "
        "together with this dataset and its build date (see Sources & method)."
    )
)
DOWNLOADS = data.dataset_downloads(lang)  # (data.dataset_file kind, label, help, ext, MIME)
# A small dataset's files are built with the page, from the database version the page shows
# (kept per version), so a rebuild between drawing and clicking cannot hand a reader a file of
# another version. A large dataset's are built when clicked, on Streamlit's own thread, from the
# database as it is then: building them with the page would take minutes.
built_with_page = observations_total <= data.DOWNLOADS_WITH_PAGE_ROWS
if not built_with_page:
    st.caption(_("Each file is prepared when you click its button: a large dataset takes a while."))
for column, (kind, label, help_text, ext, mime) in zip(
    st.columns(len(DOWNLOADS)), DOWNLOADS, strict=True
):
    column.download_button(
        label,
        help=help_text,
        data=(
            data.dataset_file(kind)
            if built_with_page
            else functools.partial(data.dataset_file, kind)
        ),
        file_name=f"china-intelligent-manufacturing-progress-{releases.current_version()}.{ext}",
        mime=mime,
        key=f"data_download_{kind}",
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )
