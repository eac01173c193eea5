"""Targets vs actual: every target in one table and one chart."""

import streamlit as st

from tracker import data, goals, i18n, site, ui

# The reader's language, read once from the address (tracker/url_state.py) and passed on.
lang = ui.lang()
_ = i18n.words(lang)


TABLE_COLUMNS = [  # of the frame's columns, those shown
    "_indicator_name",
    "_status_shown",
    "_value_shown",
    "_percent",
    "_target_shown",
    "_page",
]


# Column widths (px) that sum to the table's width at 1280 px beside the sidebar (818 px): per
# language, as Chinese names are shorter and Chinese deadlines cannot break at a space (the grid
# then breaks inside a number: "12月3 / 1日").
WIDTHS = {
    "en": {"indicator": 195, "latest": 165, "percent": 125, "target": 125},
    "zh": {"indicator": 160, "latest": 172, "percent": 120, "target": 168},
}
areas = ui.require_areas(lang=lang)
targets = data.targets_frame(areas, ui.selected_horizons(), lang=lang)
ui.header(
    _("Targets vs actual"),
    _(
        "Every numeric target of the selected areas with the latest comparable value reported "
        "for it. *Proxy* marks a target whose indicator only approximates what the target "
        "counts; the note says how."
    ),
    data.latest_source_date(targets, lang=lang),
    lang=lang,
)
if twice := ui.stated_twice(areas, ui.selected_horizons(), lang=lang):
    st.caption(twice)
ui.status_legend(lang=lang)
if targets.empty:
    st.info(_("No target of the selected areas in the target horizon chosen in the sidebar."))
    st.stop()

# Built once per frame content: the same targets give the same table on every rerun.
table = data.per_frame(
    "targets_table",
    "",
    targets,
    lambda: ui.arrow(
        goals.targets_table(targets, lambda i: ui.page_address(site.INDICATOR_PAGE, id=i), lang)
    ),
    lang=lang,
)
# Column widths (WIDTHS) sum to the table's width at 1280 px beside the sidebar, so nothing
# scrolls sideways, and rows are tall enough (ui.WRAPPED_ROW_PX) for a cell to wrap instead of
# being cut ("Influential industrial inte…" twice); every header fits its column. On a phone
# the indicator is pinned, so it stays while the other columns scroll inside the table.
st.dataframe(
    table,
    key="targets_table",
    hide_index=True,
    width="stretch",
    row_height=ui.WRAPPED_ROW_PX,
    column_order=TABLE_COLUMNS,
    column_config={
        "_indicator_name": st.column_config.TextColumn(
            _("Indicator"), width=WIDTHS[lang]["indicator"], pinned=True
        ),
        "_page": st.column_config.LinkColumn(
            _("Page"),
            display_text=_("Open"),
            width=50,
            help=_("The indicator's own page: every figure, target, source and download."),
        ),
        "_value_shown": st.column_config.TextColumn(
            _("Latest value"),
            width=WIDTHS[lang]["latest"],
            help=_("The latest comparable figure and its date."),
        ),
        "_percent": st.column_config.ProgressColumn(
            _("Percent of target"),
            help=_("Latest value as a percentage of the target (100% = met). Empty: no value."),
            format="%.0f%%",
            min_value=0,
            max_value=100,
            width=WIDTHS[lang]["percent"],
        ),
        "_target_shown": st.column_config.TextColumn(
            _("Target"),
            width=WIDTHS[lang]["target"],
            help=_(
                "Target and deadline; proxy: the figures only approximate what the target "
                "counts (see the notes below the table)."
            ),
        ),
        "_status_shown": st.column_config.TextColumn(_("Status"), width=140),
    },
)
st.caption(
    _(
        "Bars in “Percent of target” stop at 100%; the chart below gives the percentage itself. "
        "“—”: no value has been reported."
    )
)
ui.match_notes(targets, lang=lang)

ui.percent_of_target_section(
    targets,
    key="targets_percent",
    caption=_(
        "Every target's latest comparable value as a percentage of the target, sorted, "
        "coloured and labelled by status. The download holds the same rows as the table and "
        "chart, with sources and quotes."
    ),
    lang=lang,
)
