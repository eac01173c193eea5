"""Work areas: each work area's indicators over time and its qualitative achievements."""

import streamlit as st

from tracker import charts, data, ui
from tracker.text import md

for area, frame in ui.area_tabs(
    "work_area",
    "Work areas",
    "The four work areas of the programme and what was reported in each: every figure over time "
    "(● exact figure, ▲ “more than” / “at least”, hollow grey markers: not comparable with the "
    "target's series, shown but not used for status; ★ target at its deadline), then the "
    "achievements stated without a figure, with their quotes.",
    lambda a: data.series_frame(a, horizons=ui.selected_horizons()),
    key="work_tabs",
):
    indicators = data.indicators([area])
    fresh = data.freshness([area]).set_index("indicator_id")
    st.subheader("Indicators")
    no_value = []
    shown = 0
    cols = st.columns(2)
    for ind in indicators.itertuples(index=False):
        rows = frame[frame["_indicator_id"] == ind.indicator_id]
        if not (rows["record"] == "observation").any():
            no_value.append(ind)
            continue
        with cols[shown % 2]:
            ui.chart(
                charts.series_chart(rows, title=ind.name_en),
                rows,
                key=f"work_{area}_{ind.indicator_id}",
                caption=f"{md(ind.definition)} "
                + (f"{md(ind.note)} " if isinstance(ind.note, str) and ind.note else "")
                + f"Latest figure: {fresh.at[ind.indicator_id, 'latest_text']}"
                + (
                    " (**stale**: nothing newer than 12 months before the assessment date)"
                    if fresh.at[ind.indicator_id, "stale"]
                    else ""
                )
                + ". Hover a point for its source and date.",
            )
        shown += 1
    for ind in no_value:
        targets = frame[frame["_indicator_id"] == ind.indicator_id]
        goal = "; ".join(
            f"{t} by {d}"
            for t, d in zip(
                targets["_figure"], targets["_date_text"].str.removeprefix("by "), strict=True
            )
        )
        st.markdown(
            f"**{md(ind.name_en)}**: no reported value." + (f" Target {goal}." if goal else "")
        )
    st.subheader("Achievements stated without a figure")
    achievements = data.commitments([area], kind="achievement")
    if achievements.empty:
        st.markdown("None recorded for this work area.")
    for c in achievements.itertuples(index=False):
        ui.quote_block(c.text, c.quote, c.source_title, c.source_url, c.source_date_text)
