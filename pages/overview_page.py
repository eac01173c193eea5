"""Overview: targets by status, headline indicators, progress towards every target."""

import streamlit as st

from tracker import charts, data, status_style, ui
from tracker.text import md

areas = ui.require_areas()
targets = data.targets_frame(areas)
heads = data.headlines(areas)
ui.header(
    "Overview",
    "How China's intelligent manufacturing programme stands against its numeric goals, "
    "for the areas selected in the sidebar. Each figure is the latest one a source reported, "
    "with the source's own qualifier (“more than 340” is shown as “> 340”).",
    data.latest_source_date(targets, heads),
)

st.header("Targets by status", divider="gray")
counts = charts.status_counts(targets)
st.markdown(
    " · ".join(f"**{r.label}**: {r.count}" for r in counts.itertuples(index=False))
    + f" (of {len(targets)} targets)"
)
ui.chart(
    charts.status_counts_chart(targets),
    targets,
    key="overview_status",
    caption="Number of targets in each progress status. The download lists the targets "
    "counted, one row each, with the latest value, its source and quote.",
)
ui.status_legend()

st.header("Headline indicators", divider="gray")
st.caption(
    "The latest comparable figure of each indicator that has a target, with the change since "
    "the figure before it, and the target with its deadline."
)
cards = heads.to_dict("records")
for start in range(0, len(cards), 3):
    for col, r in zip(st.columns(3), cards[start : start + 3], strict=False):
        with col.container(border=True):
            has_value = bool(r["_has_value"])
            st.markdown(f"**{md(r['indicator'])}**")
            unchanged = r["_delta"] == "no change"
            st.metric(
                label=md(r["indicator"]),
                label_visibility="collapsed",
                value=r["_figure"] if has_value else "—",
                delta=r["_delta"] or None,
                delta_description=r["_since"] or None,
                delta_color="off" if unchanged else "normal",
                delta_arrow="off" if unchanged else "auto",
                help=(f"“{md(r['quote'])}”" if has_value else "No figure has been reported."),
            )
            lines = []
            if has_value:
                lines.append(f"{ui.capital(r['_date_text'])} · {md(r['source_title'])}")
                if r["_previous"]:
                    lines.append(f"Previous: {r['_previous']}")
            else:
                lines.append("**No reported value.**")
            lines.append(
                f"Target {r['_target_text']} by {r['_deadline_text']} · "
                f"{status_style.text(r['_status'])}"
                + (" · proxy" if r["_match"] == "proxy" else "")
            )
            st.caption("  \n".join(lines))

st.header("Progress towards every target", divider="gray")
ui.chart(
    charts.percent_of_target_chart(targets),
    targets,
    key="overview_percent",
    caption="The latest comparable value of each target's indicator as a percentage of the "
    "target (100% = target met), sorted, coloured and labelled by status. Figures stated "
    "as “more than” enter at their stated value. Hover a bar for its date and source.",
)
