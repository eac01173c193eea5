"""Overview: were the 2025 goals met, what is awaited, targets by status, headline indicators,
progress towards every target."""

import streamlit as st

from tracker import charts, data, status_style, ui

areas = ui.require_areas()
horizons = ui.selected_horizons()
targets = data.targets_frame(areas, horizons)
heads = data.headlines(areas, horizons)
verdicts = data.verdicts(areas)
ui.header(
    "Overview",
    "How China's intelligent manufacturing programme stands against its numeric goals, "
    "for the areas selected in the sidebar. Each figure is the latest one a source reported, "
    "with the source's own qualifier (“more than 340” is shown as “> 340”).",
    data.latest_source_date(targets, heads),
)

st.header("Were the 2025 goals met?", divider="gray")
if verdicts.empty:
    st.info("No goal of the selected areas was due by the end of 2025.")
else:
    counts = verdicts["_verdict_text"].value_counts()
    st.markdown(
        " · ".join(
            f"**{s.text}**: {counts[s.text]}"
            for s in status_style.VERDICT_STYLES.values()
            if s.text in counts
        )
        + f" (of {len(verdicts)} goals due by the end of 2025)"
    )
    st.caption(
        "Each goal is decided by the first figure dated on or after its deadline, or by an "
        "earlier figure that already met it. “On a proxy only”: the figure does not measure "
        "exactly what the goal counts. “No verdict”: nothing reported decides it; the latest "
        "figure and its trend are shown instead. A goal counted over a period is judged on what "
        "was done in that period, never on a total that includes earlier years."
    )
    shown = ui.bounded(verdicts, 12, key="overview_verdicts_shown", noun="goals")
    for r in ui.card_grid(shown.to_dict("records"), per_row=2):
        st.markdown(f"**{r['indicator']}**  \nGoal: {r['goal']} by {r['_deadline_text']}")
        verdict = f"**{r['_verdict_text']}**"
        if r["shortfall"]:
            verdict += f", short by {r['shortfall']}"
        st.markdown(verdict)
        if r["deciding_figure"]:
            st.markdown(
                f"Decided by **{r['deciding_figure']}** ({r['_deciding_date_text']}), "
                f"[{r['source_title']}]({r['source_address']})"
            )
            st.markdown(f"> “{r['quote']}”")
        elif r["latest_figure"] != "no reported value":
            st.markdown(
                f"Latest figure: **{r['latest_figure']}** ({r['_latest_date_text']})"
                + (f" · trend: {r['_trend_text']}" if r["_trend_text"] else "")
            )
        else:
            st.markdown("**No reported value.**")
        if r["note"]:
            st.caption(r["note"])
    st.download_button(
        "Download the verdicts (CSV)",
        data=data.verdict_csv(verdicts),
        file_name="verdicts-2025.csv",
        mime="text/csv",
        key="overview_verdicts_download",
        on_click="ignore",
        help="One row per goal due by 2025: verdict, deciding figure, its date, source and "
        "quote, or the latest figure and its trend.",
        icon=":material/download:",
    )

commitments = data.commitment_assessments(areas)
if not commitments.empty:
    st.subheader("Commitments stated without a figure")
    st.caption(
        "What was found, in sources published after the commitment, on whether it was kept: "
        "the evidence quoted, or “no evidence found”. Evidence is not a verdict: read the "
        "quotes and their notes."
    )
    for c in commitments.to_dict("records"):
        due = f" (by {c['deadline_text']})" if c["deadline_text"] else " (no deadline stated)"
        with st.expander(
            f"{'✔ Evidence found' if c['_evidence'] else '∅ No evidence found'}: {c['text']}{due}"
        ):
            if not c["_evidence"]:
                st.markdown("No evidence found in the sources searched.")
            for e in c["_evidence"]:
                st.markdown(f"> “{e['quote']}”")
                st.caption(
                    f"{e['date_text']} · [{e['source_title']}]({e['source_url']})"
                    + (f" · {e['note']}" if e["note"] else "")
                )

fresh = data.freshness(areas)
awaited = fresh[fresh["awaited"]]
if not awaited.empty:
    st.subheader("Awaited figures")
    st.caption(
        "Indicators whose target deadline has passed with no figure reported for it yet, with "
        "the date of their latest figure."
    )
    shown = ui.bounded(awaited, 20, key="overview_awaited_shown", noun="indicators")
    st.markdown(
        "\n".join(
            f"- **{r['indicator_name']}**: latest figure "
            + (r["latest_text"] if r["latest_text"] else "none")
            + (" (stale: nothing newer than 12 months)" if r["stale"] else "")
            + f". {r['awaited_note']}"
            for r in shown.to_dict("records")
        )
    )

st.header("Targets by status", divider="gray")
if targets.empty:
    st.info("No target of the selected areas in the target horizon chosen in the sidebar.")
    st.stop()
counts = charts.status_counts(targets)
st.markdown(
    " · ".join(f"**{r.label}**: {r.count}" for r in counts.itertuples(index=False))
    + f" (of {len(targets)} targets)"
)
ui.chart(
    lambda: charts.status_counts_chart(targets),
    targets,
    key="overview_status",
    caption="Number of targets in each progress status, for the target horizon chosen in the "
    "sidebar. The download lists the targets counted, one row each, with the latest value, its "
    "source and quote.",
)
ui.status_legend()

st.header("Headline indicators", divider="gray")
st.caption(
    "The latest comparable figure of each indicator that has a target, with the change since "
    "the figure before it, and the target with its deadline. “Stale”: nothing newer than 12 "
    "months before the assessment date."
)
shown = ui.bounded(heads, 12, key="overview_heads_shown", noun="indicators")
for r in ui.card_grid(shown.to_dict("records"), per_row=3):
    has_value = bool(r["_has_value"])
    st.markdown(f"**{r['indicator']}**")
    unchanged = r["_delta"] == "no change"
    st.metric(
        label=r["indicator"],
        label_visibility="collapsed",
        value=r["_figure"] if has_value else "—",
        delta=r["_delta"] or None,
        delta_description=r["_since"] or None,
        delta_color="off" if unchanged else "normal",
        delta_arrow="off" if unchanged else "auto",
        help=(f"“{r['quote']}”" if has_value else "No figure has been reported."),
    )
    lines = []
    if has_value:
        stale = " · **stale**" if r["_stale"] else ""
        lines.append(f"{ui.capital(r['_date_text'])}{stale} · {r['source_title']}")
        if r["_previous"]:
            lines.append(f"Previous: {r['_previous']}")
    else:
        lines.append("**No reported value.**")
    lines.append(
        f"Target {r['_target_text']} by {r['_deadline_text']} · "
        f"{status_style.text(r['_status'])}" + (" · proxy" if r["_match"] == "proxy" else "")
    )
    st.caption("  \n".join(lines))

st.header("Progress towards every target", divider="gray")
shown = ui.bounded(targets, 40, key="overview_percent_shown", noun="targets")
ui.chart(
    lambda: charts.percent_of_target_chart(shown),
    shown,
    key="overview_percent",
    caption="The latest comparable value of each target's indicator as a percentage of the "
    "target (100% = target met), sorted, coloured and labelled by status. Figures stated "
    "as “more than” enter at their stated value. Hover a bar for its date and source.",
)
