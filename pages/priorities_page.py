"""Forward priorities: the three priorities' 2025 goals against the latest figures."""

import streamlit as st

from tracker import chart_context, charts, data, goals, i18n, status_style, ui
from tracker.commitments import commitments
from tracker.text import md

# The reader's language, read once from the address (tracker/url_state.py) and passed on.
lang = ui.lang()
_ = i18n.words(lang)


for area, targets in ui.area_tabs(
    "priority",
    _("Forward priorities"),
    _(
        "The three priorities for the years ahead and their goals (for 2025, and those set "
        "since for 2026-2030, as chosen in the sidebar): each goal's latest reported value "
        "against the target, the path the target required, and the observed rate projected to "
        "the deadline; then the commitments stated without a figure, with their quotes."
    ),
    lambda a: data.targets_frame(a, ui.selected_horizons(), lang=lang),
    key="prio_tabs",
    legend=True,
    lang=lang,
):
    st.subheader(_("Goals: target versus latest value"))
    if targets.empty:
        st.markdown(_("No numeric goal is recorded for this priority."))
    else:
        shown = ui.bounded(targets, 40, key=f"prio_{area}_shown", noun=_("goals"), lang=lang)
        ui.chart(
            lambda shown=shown: charts.percent_of_target_chart(shown, bullet=True, lang=lang),
            shown,
            key=f"prio_{area}_bullet",
            title=_("{area}: each goal's latest value as a percentage of its target").format(
                area=data.area_names(lang)[area]
            ),
            alt=lambda shown=shown: chart_context.describe_percent(shown, lang=lang),
            caption=_(
                "Each goal's latest comparable value as a percentage of its target "
                "(grey bar: the target, 100%). A goal with no reported value has no bar and says "
                "so. Hover a bar for the figure's date and source."
            ),
            lang=lang,
        )
        st.subheader(_("Trajectory"))
        choices, labels = data.per_frame(
            "goal_choices",
            "",
            targets,
            lambda targets=targets: goals.trajectory_choices(targets, lang),
            lang=lang,
        )
        ui.keep_valid(f"prio_{area}_goal", range(len(choices)))
        shown = st.selectbox(
            _("Goal"),
            range(len(choices)),
            format_func=labels.__getitem__,
            key=f"prio_{area}_goal",
            help=_("One goal's trajectory at a time; the chart above shows every goal."),
        )
        t = choices[shown or 0]
        traj = data.trajectory_frame(t["_target_id"], [area], lang)
        st.markdown(
            _("**{indicator}**: target {target} by {deadline}").format(
                indicator=ui.indicator_link(t["_indicator_id"], t["_indicator_name"]),
                target=t["_target_text"],
                deadline=t["_deadline_text"],
            )
            + f" · {status_style.text(t['_status'], lang)}"
            + (" · " + ui.match_text(t["_match"], lang=lang) if t["_match"] == "proxy" else ""),
            unsafe_allow_html=True,  # the link to the indicator's page (ui.page_link)
        )
        chain = data.chains(t["_indicator_id"], lang)
        if chain:
            st.caption(_("Goals that follow goals: {chain}").format(chain=md("; ".join(chain))))
        if (traj["record"] == "observation").any():
            ui.chart(
                lambda traj=traj: charts.trajectory_chart(traj, lang=lang),
                traj,
                key=f"prio_{area}_{t['_target_id']}",
                title=labels[shown or 0],
                alt=lambda traj=traj: chart_context.describe_series(traj, lang=lang),
                caption=md(t["_status_note"])
                + (
                    _(" Proxy: {note}").format(note=md(t["_match_note"]))
                    if t["_match"] == "proxy"
                    else ""
                )
                + _(
                    " Dotted line: the path required from the baseline (earliest "
                    "comparable figure) to the target; dash-dot: the observed rate "
                    "projected to the deadline."
                ),
                lang=lang,
            )
        else:
            st.markdown(
                _(
                    "No reported value: no figure has been found for this goal. "
                    "Stated in {source}: “{quote}”"
                ).format(source=md(t["_target_source"]), quote=md(t["_target_quote"]))
            )
    st.subheader(_("Commitments stated without a figure"))
    items = commitments([area], kind="commitment", lang=lang)
    if items.empty:
        st.markdown(_("None recorded for this priority."))
    for c in items.itertuples(index=False):
        ui.quote_block(
            c.text_shown,
            c.quote,
            c.source,
            c.source_url,
            c.source_date_text,
            extra=_("(by {date})").format(date=c.deadline_text) if c.deadline_text else "",
            lang=lang,
        )
