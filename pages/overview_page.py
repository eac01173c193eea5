"""Overview: were the 2025 goals met, what is awaited, targets by status, headline indicators,
progress towards every target."""

import streamlit as st

from etl.schema import STALE_MONTHS
from tracker import chart_context, charts, data, goals, i18n, indicators, status_style, ui
from tracker.commitments import commitment_assessments
from tracker.text import link, md
from tracker.verdicts import verdict_csv, verdicts_of_areas

# The reader's language, read once from the address (tracker/url_state.py) and passed on.
lang = ui.lang()
_ = i18n.words(lang)
ngettext = i18n.plural_words(lang)


def verdict_details(r: dict) -> None:
    st.markdown(
        f"**{ui.indicator_link(r['_indicator_id'], r['_indicator_name'])}**  \n"
        + _("Goal: {goal} by {deadline}").format(goal=r["_goal"], deadline=r["_deadline_text"]),
        unsafe_allow_html=True,  # the link to the indicator's page (ui.page_link)
    )
    verdict = f"**{r['_verdict_text']}**"
    if r["_shortfall"]:
        verdict += _(", short by {shortfall}").format(shortfall=r["_shortfall"])
    st.markdown(verdict)
    later = (
        _("Later plans: {what}.").format(what=md(r["_carried_forward"]))
        if r["_carried_forward"]
        else _("No later statement of this goal found in the tracker's sources.")
    )
    also = (
        " " + _("Also stated by: {sources}.").format(sources=md(_("; ").join(r["_also_stated"])))
        if r["_also_stated"]
        else ""
    )
    st.caption(later + also)
    if r["_deciding_figure"]:
        st.markdown(
            _("Decided by **{figure}** ({date}), [{source}]({url})").format(
                figure=r["_deciding_figure"],
                date=r["_deciding_date_text"],
                source=md(r["_source_title"]),
                url=r["source_address"],
            )
        )
        st.markdown(f"> “{md(r['quote'])}”")
    elif r["_has_latest"]:
        st.markdown(
            _("Latest figure: **{figure}** ({date})").format(
                figure=r["_latest_figure"], date=r["_latest_date_text"]
            )
            + (_(" · trend: {trend}").format(trend=r["_trend_text"]) if r["_trend_text"] else "")
        )
    else:
        st.markdown("**" + _("No reported value.") + "**")
    if r["_note"]:
        st.caption(md(r["_note"]))


areas = ui.require_areas(lang=lang)
horizons = ui.selected_horizons()
targets = data.targets_frame(areas, horizons, lang=lang)
heads = indicators.headlines(areas, horizons, lang=lang)
verdicts = verdicts_of_areas(areas, lang)
ui.header(
    _("Overview"),
    _(
        "How China's intelligent manufacturing programme stands against its numeric goals, "
        "for the areas selected in the sidebar. Each figure is the latest one a source reported, "
        "with the source's own qualifier (“more than 340” is shown as “> 340”)."
    ),
    data.latest_source_date(targets, heads, lang=lang),
    lang=lang,
)

st.header(_("Were the 2025 goals met?"), divider="gray")
if verdicts.empty:
    st.info(_("No goal of the selected areas was due by the end of 2025."))
else:
    st.markdown(
        data.per_frame(
            "verdict_counts", "", verdicts, lambda: goals.verdict_counts(verdicts, lang), lang=lang
        )
    )
    shown = ui.bounded(verdicts, 20, key="overview_verdicts_shown", noun=_("goals"), lang=lang)
    records = data.records(shown)
    # Every verdict in one table first (a row a goal; a goal stated twice is one row); the
    # details of each, and each indicator's page, a click away.
    # per view: the links carry the reader's filters
    st.markdown(
        data.per_frame(
            "verdict_table",
            ui.view_query(),
            shown,
            lambda: goals.verdict_table(records, ui.indicator_link, lang),
            lang=lang,
        ),
        unsafe_allow_html=True,  # the links to indicator pages (ui.page_link)
    )
    st.caption(
        _(
            "Each goal is decided by the first figure dated on or after its deadline, or by an "
            "earlier figure that already met it. “On a proxy only”: the figure does not measure "
            "exactly what the goal counts. “No verdict”: nothing reported decides it; the latest "
            "figure and its trend are shown instead. A goal counted over a period is judged on "
            "what was done in that period, never on a total that includes earlier years."
        )
    )
    with st.expander(_("Each verdict in detail: later plans, other statements, quotes")):
        for r in records:
            with st.container(border=True):
                verdict_details(r)
    st.download_button(
        _("Download the verdicts (CSV)"),
        data=verdict_csv(verdicts),
        file_name="verdicts-2025.csv",
        mime="text/csv",
        key="overview_verdicts_download",
        on_click="ignore",
        help=_(
            "One row per goal due by 2025: verdict, deciding figure, its date, source and "
            "quote, or the latest figure and its trend."
        ),
        icon=":material/download:",
    )

commitments = commitment_assessments(areas, lang)
if not commitments.empty:
    st.subheader(_("Commitments stated without a figure"))
    st.caption(
        _(
            "What was found, in sources published after the commitment, on whether it was "
            "kept: the evidence quoted, or “no evidence found”. Evidence is not a verdict: read "
            "the quotes and their notes."
        )
    )
    for c in data.records(commitments):
        due = (
            _(" (by {date})").format(date=c["deadline_text"])
            if c["deadline_text"]
            else _(" (no deadline stated)")
        )
        found = "✔ " + _("Evidence found") if c["_evidence"] else "∅ " + _("No evidence found")
        with st.expander(found + _(": ") + md(c["text_shown"]) + due):
            if not c["_evidence"]:
                st.markdown(_("No evidence found in the sources searched."))
            ui.searches_shown(data.searches("commitment", [c["commitment_id"]], lang), lang=lang)
            for e in c["_evidence"]:
                st.markdown(f"> “{md(e['quote'])}”")
                st.caption(
                    f"{e['date_text']} · {link(e['source_title'], e['source_url'])}"
                    + (f" · {md(e['note'])}" if e["note"] else "")
                )

fresh = indicators.freshness(areas, lang)
awaited = data.per_frame("awaited", "", fresh, lambda: fresh[fresh["awaited"]], lang=lang)
if not awaited.empty:
    st.subheader(_("Awaited figures"))
    st.caption(
        _(
            "Indicators whose target deadline has passed with no figure reported for it yet, "
            "with the date of their latest figure."
        )
    )
    shown = ui.bounded(awaited, 20, key="overview_awaited_shown", noun=_("indicators"), lang=lang)
    st.markdown(
        "\n".join(
            "- "
            + _("**{indicator}**: latest figure {date}").format(
                indicator=ui.indicator_link(r["indicator_id"], r["indicator"]),
                date=r["latest_text"] or _("none"),
            )
            + (
                _(" (stale: nothing newer than {months} months)").format(months=STALE_MONTHS)
                if r["stale"]
                else ""
            )
            + _(". ")
            + md(r["awaited_text"])
            for r in data.records(shown)
        ),
        unsafe_allow_html=True,  # the links to indicator pages (ui.page_link)
    )

st.header(_("Targets by status"), divider="gray")
if targets.empty:
    st.info(_("No target of the selected areas in the target horizon chosen in the sidebar."))
    st.stop()
st.markdown(
    data.per_frame(
        "status_counts", "", targets, lambda: goals.status_count_line(targets, lang), lang=lang
    )
)
if twice := ui.stated_twice(areas, horizons, lang=lang):  # why the API and Data page list more rows
    st.caption(twice)
ui.chart(
    lambda: charts.status_counts_chart(targets, lang=lang),
    targets,
    key="overview_status",
    title=_("Targets by progress status"),
    alt=lambda: chart_context.describe_status_counts(targets, lang=lang),
    caption=_(
        "Number of targets in each progress status, for the target horizon chosen in the "
        "sidebar. The download lists the targets counted, one row each, with the latest value, "
        "its source and quote."
    ),
    lang=lang,
)
ui.status_legend(lang=lang)

st.header(_("Headline indicators"), divider="gray")
st.caption(
    _(
        "The latest comparable figure of each indicator that has a target, with the change "
        "since the figure before it, and the target with its deadline. “Stale”: nothing newer "
        "than {months} months before the assessment date."
    ).format(months=STALE_MONTHS)
)
shown = ui.bounded(heads, 12, key="overview_heads_shown", noun=_("indicators"), lang=lang)
for r in ui.card_grid(data.records(shown), per_row=3):
    has_value = bool(r["_has_value"])
    st.markdown(
        f"**{ui.indicator_link(r['_indicator_id'], r['_indicator_name'])}**",
        unsafe_allow_html=True,  # the link to the indicator's page (ui.page_link)
    )
    unchanged = r["_delta"] == indicators.no_change(lang)
    st.metric(
        label=md(r["_indicator_name"]),
        label_visibility="collapsed",
        value=r["_figure"] if has_value else "—",
        delta=r["_delta"] or None,
        delta_description=r["_since"] or None,
        delta_color="off" if unchanged else "normal",
        delta_arrow="off" if unchanged else "auto",
        help=(f"“{md(r['quote'])}”" if has_value else _("No figure has been reported.")),
    )
    lines = []
    if has_value:
        stale = " · **" + _("stale") + "**" if r["_stale"] else ""
        lines.append(f"{ui.capital(r['_date_text'])}{stale} · {md(r['_source_title'])}")
        if r["_previous"]:
            lines.append(_("Previous: {figure}").format(figure=r["_previous"]))
    else:
        lines.append("**" + _("No reported value.") + "**")
    lines.append(
        _("Target {target} by {deadline}").format(
            target=r["_target_text"], deadline=r["_deadline_text"]
        )
        + f" · {status_style.text(r['_status'], lang)}"
        + (" · " + _("proxy") if r["_match"] == "proxy" else "")
    )
    st.caption("  \n".join(lines))

st.header(_("Progress towards every target"), divider="gray")
ui.percent_of_target_section(
    targets,
    key="overview_percent",
    caption=_(
        "The latest comparable value of each target's indicator as a percentage of the "
        "target (100% = target met), sorted, coloured and labelled by status. Figures stated "
        "as “more than” enter at their stated value. Hover a bar for its date and source."
    ),
    lang=lang,
)
