"""Work areas: each work area's indicators over time and its qualitative achievements."""

import streamlit as st

from tracker import charts, data, ui

CHARTS_AT_ONCE = 8  # an area with more indicators pages through them

for area, indicators in ui.area_tabs(
    "work_area",
    "Work areas",
    "The four work areas of the programme and what was reported in each: every figure over time "
    "(● exact figure, ▲ “more than” / “at least”, hollow grey markers: not comparable with the "
    "target's series, shown but not used for status; ★ target at its deadline), then the "
    "achievements stated without a figure, with their quotes.",
    lambda a: data.indicator_overview(a, ui.selected_horizons()),
    key="work_tabs",
):
    st.subheader("Indicators")
    with_value = indicators[indicators["observations"] > 0]
    shown = ui.bounded(with_value, CHARTS_AT_ONCE, key=f"work_{area}_shown", noun="indicators")
    cols = st.columns(2)
    for i, ind in enumerate(shown.itertuples(index=False)):
        rows = data.series_frame([area], ind.indicator_id, horizons=ui.selected_horizons())
        with cols[i % 2]:
            ui.chart(
                lambda rows=rows, title=ind.name_en: charts.series_chart(rows, title=title),
                rows,
                key=f"work_{area}_{ind.indicator_id}",
                caption=f"{ind.definition} "
                + (f"{ind.note} " if isinstance(ind.note, str) and ind.note else "")
                + f"Latest figure: {ind.latest_text}"
                + (
                    " (**stale**: nothing newer than 12 months before the assessment date)"
                    if ind.stale
                    else ""
                )
                + ". Hover a point for its source and date.",
            )
    for ind in indicators[indicators["observations"] == 0].itertuples(index=False):
        st.markdown(
            f"**{ind.name_en}**: no reported value."
            + (f" Target {ind.goals}." if ind.goals else "")
        )
    st.subheader("Achievements stated without a figure")
    achievements = data.commitments([area], kind="achievement")
    if achievements.empty:
        st.markdown("None recorded for this work area.")
    for c in achievements.itertuples(index=False):
        ui.quote_block(c.text, c.quote, c.source_title, c.source_url, c.source_date_text)
