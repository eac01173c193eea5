"""Work areas: each work area's indicators over time and its qualitative achievements."""

import streamlit as st

from tracker import charts, data, ui
from tracker.i18n import _, pick
from tracker.text import md

for area, frame in ui.area_tabs(
    "work_area",
    _("Work areas"),
    _(
        "The four work areas of the programme and what was reported in each: every figure over "
        "time (● exact figure, ▲ “more than” / “at least”, hollow grey markers: not comparable "
        "with the target's series, shown but not used for status; ★ target at its deadline), "
        "then the achievements stated without a figure, with their quotes."
    ),
    lambda a: data.series_frame(a, horizons=ui.selected_horizons()),
    key="work_tabs",
):
    indicators = data.indicators([area])
    fresh = data.freshness([area]).set_index("indicator_id")
    st.subheader(_("Indicators"))
    no_value = []
    shown = 0
    cols = st.columns(2)
    for ind in indicators.to_dict("records"):
        rows = frame[frame["_indicator_id"] == ind["indicator_id"]]
        if not (rows["record"] == "observation").any():
            no_value.append(ind)
            continue
        note = pick(ind, "note")
        latest = fresh.at[ind["indicator_id"], "latest_text"]
        with cols[shown % 2]:
            ui.chart(
                charts.series_chart(rows, title=pick(ind, "name_en")),
                rows,
                key=f"work_{area}_{ind['indicator_id']}",
                caption=f"{md(pick(ind, 'definition'))} "
                + (f"{md(note)} " if isinstance(note, str) and note else "")
                + _("Latest figure: {date}").format(date=latest)
                + (
                    _(" (**stale**: nothing newer than 12 months before the assessment date)")
                    if fresh.at[ind["indicator_id"], "stale"]
                    else ""
                )
                + _(". Hover a point for its source and date."),
            )
        shown += 1
    for ind in no_value:
        targets = frame[frame["_indicator_id"] == ind["indicator_id"]]
        goal = _("; ").join(
            f"{t} {d}"  # "> 60% by 31 Dec 2025": the date phrase says "by"
            for t, d in zip(targets["_figure"], targets["_date_text"], strict=True)
        )
        st.markdown(
            _("**{indicator}**: no reported value.").format(indicator=md(pick(ind, "name_en")))
            + (_(" Target {goal}.").format(goal=goal) if goal else "")
        )
    st.subheader(_("Achievements stated without a figure"))
    achievements = data.commitments([area], kind="achievement")
    if achievements.empty:
        st.markdown(_("None recorded for this work area."))
    for c in achievements.itertuples(index=False):
        ui.quote_block(c.text_shown, c.quote, c.source, c.source_url, c.source_date_text)
