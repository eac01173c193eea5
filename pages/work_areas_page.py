"""Work areas: each work area's indicators over time and its qualitative achievements."""

import streamlit as st

from etl.schema import STALE_MONTHS
from tracker import chart_context, charts, data, i18n, indicators, ui
from tracker.commitments import commitments
from tracker.i18n import pick
from tracker.text import md

# The reader's language, read once from the address (tracker/url_state.py) and passed on.
lang = ui.lang()
_ = i18n.words(lang)

CHARTS_AT_ONCE = 8  # an area with more indicators pages through them

for area, overview in ui.area_tabs(
    "work_area",
    _("Work areas"),
    _(
        "The four work areas of the programme and what was reported in each: every figure over "
        "time (● exact figure, ▲ “more than” / “at least”, hollow grey markers: not comparable "
        "with the target's series, shown but not used for status; ★ target at its deadline), "
        "then the achievements stated without a figure, with their quotes."
    ),
    lambda a: indicators.indicator_overview(a, ui.selected_horizons(), lang=lang),
    key="work_tabs",
    lang=lang,
):
    st.subheader(_("Indicators"))
    with_value = overview[overview["observations"] > 0]
    shown = ui.bounded(
        with_value, CHARTS_AT_ONCE, key=f"work_{area}_shown", noun=_("indicators"), lang=lang
    )
    cols = st.columns(2)
    for i, ind in enumerate(data.records(shown)):
        rows = indicators.series_frame(
            [area], ind["indicator_id"], horizons=ui.selected_horizons(), lang=lang
        )
        note, name = pick(ind, "note", lang), pick(ind, "name_en", lang)
        with cols[i % 2]:
            ui.chart(
                lambda rows=rows: charts.series_chart(rows, lang=lang),
                rows,
                key=f"work_{area}_{ind['indicator_id']}",
                title=name,
                alt=lambda rows=rows, name=name: chart_context.describe_series(
                    rows, name, lang=lang
                ),
                caption=ui.indicator_link(ind["indicator_id"], name)
                + _(": ")
                + f"{md(pick(ind, 'definition', lang))} "
                + (f"{md(note)} " if isinstance(note, str) and note else "")
                + _("Latest figure: {date}").format(date=ind["latest_text"])
                + (
                    _(
                        " (**stale**: nothing newer than {months} months before the "
                        "assessment date)"
                    ).format(months=STALE_MONTHS)
                    if ind["stale"]
                    else ""
                )
                + _(". Hover a point for its source and date."),
                lang=lang,
            )
    for ind in overview[overview["observations"] == 0].to_dict("records"):
        st.markdown(
            _("**{indicator}**: no reported value.").format(
                indicator=ui.indicator_link(ind["indicator_id"], pick(ind, "name_en", lang))
            )
            + (_(" Target {goal}.").format(goal=ind["goals"]) if ind["goals"] else ""),
            unsafe_allow_html=True,  # the link to the indicator's page (ui.page_link)
        )
    st.subheader(_("Achievements stated without a figure"))
    achievements = commitments([area], kind="achievement", lang=lang)
    if achievements.empty:
        st.markdown(_("None recorded for this work area."))
    for c in achievements.itertuples(index=False):
        ui.quote_block(c.text_shown, c.quote, c.source, c.source_url, c.source_date_text, lang=lang)
