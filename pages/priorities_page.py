"""Forward priorities: the three priorities' 2025 goals against the latest figures."""

import streamlit as st

from tracker import charts, data, status_style, ui

for area, targets in ui.area_tabs(
    "priority",
    "Forward priorities",
    "The three priorities for the years ahead and their goals (for 2025, and those set since for "
    "2026-2030, as chosen in the sidebar): each goal's latest reported value against the target, "
    "the path the target required, and the observed rate projected to the deadline; then the "
    "commitments stated without a figure, with their quotes.",
    lambda a: data.targets_frame(a, ui.selected_horizons()),
    key="prio_tabs",
    legend=True,
):
    st.subheader("Goals: target versus latest value")
    if targets.empty:
        st.markdown("No numeric goal is recorded for this priority.")
    else:
        shown = ui.bounded(targets, 40, key=f"prio_{area}_shown", noun="goals")
        ui.chart(
            lambda shown=shown: charts.percent_of_target_chart(shown, bullet=True),
            shown,
            key=f"prio_{area}_bullet",
            caption="Each goal's latest comparable value as a percentage of its target "
            "(grey bar: the target, 100%). A goal with no reported value has no bar and says "
            "so. Hover a bar for the figure's date and source.",
        )
        st.subheader("Trajectory")
        # Goals with a reported value first: the first shown draws a trajectory.
        choices = sorted(targets.to_dict("records"), key=lambda c: c["value"] != c["value"])
        labels = [
            f"{c['indicator']}: {c['_target_text']} by {c['_deadline_text']}" for c in choices
        ]
        shown = st.selectbox(
            "Goal",
            range(len(choices)),
            format_func=labels.__getitem__,
            key=f"prio_{area}_goal",
            help="One goal's trajectory at a time; the chart above shows every goal.",
        )
        t = choices[shown or 0]
        traj = data.trajectory_frame(t["_target_id"], [area])
        st.markdown(
            f"**{t['indicator']}**: target {t['_target_text']} by "
            f"{t['_deadline_text']} · {status_style.text(t['_status'])}"
            + (f" · {t['_match']} match" if t["_match"] == "proxy" else "")
        )
        if (traj["record"] == "observation").any():
            ui.chart(
                lambda traj=traj: charts.trajectory_chart(traj),
                traj,
                key=f"prio_{area}_{t['_target_id']}",
                caption=f"{t['_status_note']}"
                + (f" Proxy: {t['_match_note']}" if t["_match"] == "proxy" else "")
                + " Dotted line: the path required from the baseline (earliest "
                "comparable figure) to the target; dash-dot: the observed rate "
                "projected to the deadline.",
            )
        else:
            st.markdown(
                f"No reported value: no figure has been found for this goal. "
                f"Stated in {t['_target_source']}: “{t['_target_quote']}”"
            )
    st.subheader("Commitments stated without a figure")
    items = data.commitments([area], kind="commitment")
    if items.empty:
        st.markdown("None recorded for this priority.")
    for c in items.itertuples(index=False):
        ui.quote_block(
            c.text,
            c.quote,
            c.source_title,
            c.source_url,
            c.source_date_text,
            extra=f"(by {c.deadline_text})" if c.deadline_text else "",
        )
