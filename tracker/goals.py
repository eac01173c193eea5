"""The goals as the Overview, Targets and Priorities pages write them: the 2025 verdicts as one
table and their counts, the targets by status in a line, the Targets page's table columns and
the Priorities page's choice of a goal's trajectory. Plain functions of the frames the subjects
make (`verdicts`, `targets`), in the reader's language; no Streamlit: a link to an indicator's
page is made by the function the page passes (it knows the reader's view).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from etl import figures
from tracker import charts, data, i18n, status_style
from tracker.frames import sentences
from tracker.text import md

# The display columns the Targets page's table adds to the targets' frame (`targets_table`).
GOAL_FRAME_COLUMNS = {
    "_value_shown": "the latest value with its date ('—' when none was reported)",
    "_target_shown": "the goal with its deadline, and 'proxy' for a proxy match",
    "_status_shown": "the status's short text with its icon",
    "_page": "the indicator's page, with the reader's view",
}


def verdict_table(records: list[dict], link: Callable[[str, str], str], lang: str) -> str:
    """The verdicts as one Markdown table: goal (linked to its indicator's page by `link(id,
    name)`), verdict by icon and word, the deciding figure with its date and source (or the
    latest figure, which decides nothing). Three columns, so that it fits a phone's width."""
    _ = i18n.words(lang)
    rows = [
        "| " + " | ".join((_("Goal"), _("Verdict"), _("Deciding figure and source"))) + " |",
        "| --- | --- | --- |",
    ]
    for r in records:
        goal = link(r["_indicator_id"], r["_indicator_name"]) + _(": ")
        goal += _("{goal} by {deadline}").format(goal=r["_goal"], deadline=r["_deadline_text"])
        verdict = f"**{r['_verdict_text']}**"
        if r["_shortfall"]:
            verdict += _(", short by {shortfall}").format(shortfall=r["_shortfall"])
        if r["_deciding_figure"]:
            figure = f"**{r['_deciding_figure']}** ({r['_deciding_date_text']}), "
            figure += f"[{md(r['_source_title'])}]({r['source_address']})"
        elif r["_has_latest"]:
            figure = _("latest: {figure} ({date}), decides nothing").format(
                figure=r["_latest_figure"], date=r["_latest_date_text"]
            )
        else:
            figure = _("No reported value.")
        if not r["_deciding_figure"]:
            searched = data.not_found_text(
                data.searches("target", [r["_target_id"]], lang), lang=lang
            )
            figure = sentences(figure, searched, lang=lang)
        rows.append(f"| {goal} | {verdict} | {figure} |")
    return "\n".join(rows)


def verdict_counts(verdicts: pd.DataFrame, lang: str) -> str:
    """How many goals have each verdict, of how many due by the end of 2025."""
    _ = i18n.words(lang)
    ngettext = i18n.plural_words(lang)
    counts = verdicts["_verdict_text"].value_counts()
    return " · ".join(
        f"**{s.text(lang)}**" + _(": ") + figures.number_text(counts[s.text(lang)], lang=lang)
        for s in status_style.VERDICT_STYLES.values()
        if s.text(lang) in counts
    ) + ngettext(
        " (of {n} goal due by the end of 2025)",
        " (of {n} goals due by the end of 2025)",
        len(verdicts),
    ).format(n=figures.number_text(len(verdicts), lang=lang))


def status_count_line(targets: pd.DataFrame, lang: str) -> str:
    """How many targets are in each progress status, of how many."""
    _ = i18n.words(lang)
    ngettext = i18n.plural_words(lang)
    counts = charts.status_counts(targets, lang=lang)
    return " · ".join(
        f"**{r.label}**" + _(": ") + figures.number_text(r.count, lang=lang)
        for r in counts.itertuples(index=False)
    ) + ngettext(" (of {n} target)", " (of {n} targets)", len(targets)).format(
        n=figures.number_text(len(targets), lang=lang)
    )


def targets_table(targets: pd.DataFrame, page_of: Callable[[str], str], lang: str) -> pd.DataFrame:
    """The targets with the Targets page table's own columns (`GOAL_FRAME_COLUMNS`): each
    target's latest value with its date, target with deadline, status and indicator page (made
    by `page_of(indicator_id)`), as shown."""
    _ = i18n.words(lang)
    return targets.assign(
        _value_shown=[
            "—" if not has else f"{f} ({d})"
            for f, d, has in zip(
                targets["_figure"], targets["_date_text"], targets["value"].notna(), strict=True
            )
        ],
        _target_shown=[
            _("{target} by {deadline}").format(target=t, deadline=d)
            + (" · " + _("proxy") if m == "proxy" else "")
            for t, d, m in zip(
                targets["_target_text"], targets["_deadline_text"], targets["_match"], strict=True
            )
        ],
        _status_shown=[status_style.style(s).short_text(lang) for s in targets["_status"]],
        _page=[page_of(str(i)) for i in targets["_indicator_id"]],
    )


def trajectory_choices(targets: pd.DataFrame, lang: str) -> tuple[list[dict], list[str]]:
    """The goals to choose a trajectory from, those with a reported value first (the first
    shown draws a trajectory), and their labels."""
    _ = i18n.words(lang)
    choices = sorted(targets.to_dict("records"), key=lambda c: c["value"] != c["value"])
    labels = [
        _("{indicator}: {target} by {deadline}").format(
            indicator=c["_indicator_name"],
            target=c["_target_text"],
            deadline=c["_deadline_text"],
        )
        for c in choices
    ]
    return choices, labels
