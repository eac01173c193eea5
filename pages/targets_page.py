"""Targets vs actual: every target in one table and one chart."""

import streamlit as st

from tracker import charts, data, ui

areas = ui.require_areas()
targets = data.targets_frame(areas)
ui.header(
    "Targets vs actual",
    "Every numeric target of the selected areas with the latest comparable value reported for "
    "it. *Proxy* marks a target whose indicator only approximates what the target counts; the "
    "note says how.",
    data.latest_source_date(targets),
)
ui.status_legend()

table = targets.assign(
    _match_text=[
        "exact" if m == "exact" else f"proxy: {n}"
        for m, n in zip(targets["_match"], targets["_match_note"], strict=True)
    ],
    _value_text=[f if f != "no reported value" else "—" for f in targets["_figure"]],
    _date_shown=targets["_date_text"].replace("", "—"),
)
st.dataframe(
    table,
    key="targets_table",
    hide_index=True,
    width="stretch",
    column_order=[
        "indicator",
        "_value_text",
        "_date_shown",
        "_percent",
        "_target_text",
        "_deadline_text",
        "_status_text",
        "_match_text",
    ],
    column_config={
        "indicator": st.column_config.TextColumn("Indicator", width="medium", pinned=True),
        "_value_text": st.column_config.TextColumn("Latest value"),
        "_date_shown": st.column_config.TextColumn("Date of value"),
        "_percent": st.column_config.ProgressColumn(
            "% of target",
            help="Latest value as a percentage of the target (100% = met). Empty: no value.",
            format="%.0f%%",
            min_value=0,
            max_value=100,
        ),
        "_target_text": st.column_config.TextColumn("Target"),
        "_status_text": st.column_config.TextColumn("Status", width="medium"),
        "_deadline_text": st.column_config.TextColumn("Deadline", width="small"),
        "_trend_text": st.column_config.TextColumn(
            "Trend", help="The growth-rate class, where two comparable figures exist."
        ),
        "_match_text": st.column_config.TextColumn("Match", width="medium"),
        "area": st.column_config.TextColumn("Areas"),
        "source_title": st.column_config.TextColumn("Source of the latest value"),
    },
)
st.caption(
    "Bars in “% of target” stop at 100%: the percentage itself is written beside them. "
    "“—”: no value has been reported."
)

ui.chart(
    charts.percent_of_target_chart(targets),
    targets,
    key="targets_percent",
    caption="Every target's latest comparable value as a percentage of the target, sorted, "
    "coloured and labelled by status. The download holds the same rows as the table and chart, "
    "with sources and quotes.",
)
