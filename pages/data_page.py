"""Data: the observations, targets and commitments as filterable tables, and full downloads."""

import streamlit as st

from tracker import data, ui

areas = ui.require_areas()
obs = data.observations(areas)
tg = data.targets(areas)
com = data.commitments(areas)
ui.header(
    "Data",
    "The records behind every page, for the areas selected in the sidebar. Filter them here; "
    "download the whole dataset (all areas) below.",
    data.records_as_of(areas),
)
ROWS_AT_ONCE = 5000  # a table sends its rows to the browser on every rerun: at most these


def first_rows(view, total, noun):
    """The rows a table sends, and the caption saying how many there are."""
    st.caption(
        f"{len(view)} of {total} {noun}."
        + (
            f" The first {ROWS_AT_ONCE:,} are shown: search or filter to narrow them, or "
            "download the whole dataset below."
            if len(view) > ROWS_AT_ONCE
            else ""
        )
    )
    return view.head(ROWS_AT_ONCE)


search = st.text_input(
    "Search quotes, indicators and notes",
    key="data_search",
    placeholder="e.g. standards, 智能工厂, 340",
)


def matches(frame, columns):
    if not search:
        return frame
    mask = False
    for c in columns:
        mask = mask | frame[c].fillna("").astype(str).str.contains(search, case=False, regex=False)
    return frame[mask]


tab_obs, tab_tg, tab_com = st.tabs(
    [f"Observations ({len(obs)})", f"Targets ({len(tg)})", f"Commitments ({len(com)})"],
    key="data_tabs",
)
with tab_obs:
    chosen = st.multiselect(
        "Indicators", sorted(obs["indicator_name"].unique()), key="data_obs_indicators"
    )
    comparable_only = st.checkbox("Comparable figures only", key="data_obs_comparable")
    view = obs if not chosen else obs[obs["indicator_name"].isin(chosen)]
    if comparable_only:
        view = view[view["comparable"]]
    view = matches(view, ["indicator_name", "quote", "note", "source_title"])
    st.dataframe(
        first_rows(view, len(obs), "observations"),
        key="data_obs_table",
        hide_index=True,
        column_order=[
            "indicator_name",
            "figure",
            "date_text",
            "date_basis",
            "comparable",
            "source_title",
            "source_url",
            "quote",
            "note",
        ],
        column_config={
            "indicator_name": st.column_config.TextColumn("Indicator", width="medium"),
            "figure": st.column_config.TextColumn("Value"),
            "date_text": st.column_config.TextColumn("Date"),
            "date_basis": st.column_config.TextColumn(
                "Date basis",
                help="stated: the date it was stated; refers_to: the date it describes",
            ),
            "comparable": st.column_config.CheckboxColumn(
                "Comparable", help="Unticked: shown, but not used for progress status."
            ),
            "source_title": st.column_config.TextColumn("Source", width="medium"),
            "source_url": st.column_config.LinkColumn("Address"),
            "quote": st.column_config.TextColumn("Quote", width="large"),
            "note": st.column_config.TextColumn("Note", width="medium"),
        },
    )
with tab_tg:
    view = matches(tg, ["indicator_name", "target_quote", "target_note", "match_note"])
    view = view.fillna({"match_note": "", "target_note": ""})  # an empty note, not "None"
    st.dataframe(
        first_rows(view, len(tg), "targets"),
        key="data_tg_table",
        hide_index=True,
        column_order=[
            "indicator_name",
            "target_text",
            "deadline_text",
            "match",
            "match_note",
            "status_text",
            "latest_text",
            "latest_date_text",
            "target_source_title",
            "target_source_url",
            "target_quote",
            "status_note",
        ],
        column_config={
            "indicator_name": st.column_config.TextColumn("Indicator", width="medium"),
            "target_text": st.column_config.TextColumn("Target"),
            "deadline_text": st.column_config.TextColumn("Deadline"),
            "match": st.column_config.TextColumn("Match"),
            "match_note": st.column_config.TextColumn("Match note", width="medium"),
            "status_text": st.column_config.TextColumn("Status"),
            "latest_text": st.column_config.TextColumn("Latest value"),
            "latest_date_text": st.column_config.TextColumn("Date of value"),
            "target_source_title": st.column_config.TextColumn("Source", width="medium"),
            "target_source_url": st.column_config.LinkColumn("Address"),
            "target_quote": st.column_config.TextColumn("Quote", width="large"),
            "status_note": st.column_config.TextColumn("How the status was reached"),
        },
    )
with tab_com:
    kind = st.segmented_control(
        "Kind",
        ["achievement", "commitment"],
        selection_mode="multi",
        default=["achievement", "commitment"],
        key="data_com_kind",
        format_func=lambda k: {"achievement": "Achievements", "commitment": "Commitments"}[k],
    )
    view = matches(com[com["kind"].isin(kind or [])], ["text", "quote", "area_name"])
    st.dataframe(
        first_rows(view, len(com), "commitments and achievements"),
        key="data_com_table",
        hide_index=True,
        column_order=[
            "area_name",
            "kind",
            "text",
            "deadline_text",
            "source_title",
            "source_url",
            "quote",
        ],
        column_config={
            "area_name": st.column_config.TextColumn("Area"),
            "kind": st.column_config.TextColumn("Kind"),
            "text": st.column_config.TextColumn("In short", width="large"),
            "deadline_text": st.column_config.TextColumn("Deadline"),
            "source_title": st.column_config.TextColumn("Source", width="medium"),
            "source_url": st.column_config.LinkColumn("Address"),
            "quote": st.column_config.TextColumn("Quote", width="large"),
        },
    )

st.header("Download the whole dataset", divider="gray")
st.caption(
    "All areas, every table, with sources and verbatim quotes. Cite the original source of a "
    "figure together with this dataset and its build date (see Sources & method)."
)
files = data.dataset_files()
DOWNLOADS = [  # (files key, label, help, file extension, MIME type)
    (
        "csv",
        "CSV (one file)",
        "Every figure, target and commitment in one flat CSV, each with its source and quote.",
        "csv",
        "text/csv",
    ),
    (
        "xlsx",
        "Excel workbook",
        "An .xlsx with a README sheet and one sheet per table.",
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "zip",
        "Data package (zip)",
        "A Frictionless data package: one CSV per table and datapackage.json.",
        "zip",
        "application/zip",
    ),
]
for column, (key, label, help_text, ext, mime) in zip(
    st.columns(len(DOWNLOADS)), DOWNLOADS, strict=True
):
    column.download_button(
        label,
        help=help_text,
        data=files[key],
        file_name=f"china-intelligent-manufacturing-progress.{ext}",
        mime=mime,
        key=f"data_download_{key}",
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )
