"""What a chart carries wherever it goes (issue 19): a text alternative that says what it shows
in one or two sentences, for readers who cannot see it, and a footer with its sources, the
dataset's release and the tracker's address, drawn inside the figure so that the image its
toolbar exports carries them too (Our World in Data's grapher is the model).

Pure functions of a chart frame (`tracker.frames`) and a figure; every word in the reader's
language (`tracker.i18n`), names and figures from the frame's "_" columns.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from etl.figures import text_of
from tracker import chart_style, i18n, site, status_style
from tracker.licence import SHORT_NAME
from tracker.text import md
from tracker.text import plot as esc

FOOTER_FONT = {"size": 11, "color": "#4a4a4a"}
FOOTER_LINE_PX = 15
FOOTER_WIDTH = 50  # characters a footer line holds (Latin; CJK counts double): 11 px text, 280 px
SOURCES_SHOWN = 3
NO_BREAK = "\u00a0"


def _name(frame: pd.DataFrame) -> str:
    for column in ("_indicator_name", "indicator"):
        if column in frame and len(frame):
            name = text_of(frame[column].iloc[0])
            if name:
                return name
    return ""


def _joined(parts: list[str], lang: str) -> str:
    _ = i18n.words(lang)
    return _("; ").join(parts)


# --- text alternatives --------------------------------------------------------------------------


def describe_series(frame: pd.DataFrame, title: str | None = None, *, lang: str) -> str:
    """One indicator over time (`charts.series_chart`, `charts.trajectory_chart`): how many
    figures, the latest with its date, and each target with its deadline and status."""
    _ = i18n.words(lang)
    ngettext = i18n.plural_words(lang)
    name = title or _name(frame)
    if frame.empty:
        return _("{name}: no reported value.").format(name=name)
    records = frame.get("record", pd.Series("observation", index=frame.index))
    roles = frame.get("_role", pd.Series("", index=frame.index)).fillna("")
    obs = frame[(records == "observation") & (roles != "projection")].sort_values("_x")
    targets = frame[records == "target"].sort_values("_x")
    parts = []
    if obs.empty:
        parts.append(_("no reported value"))
    else:
        latest = obs.iloc[-1]
        text = _("latest {figure}, {date}").format(
            figure=text_of(latest["_figure"]), date=text_of(latest["_date_text"])
        )
        if text_of(latest.get("comparable")) == "false":
            text += _(" (not comparable with its targets)")
        parts.append(
            ngettext("{n} figure reported", "{n} figures reported", len(obs)).format(n=len(obs))
            + _(", ")
            + text
        )
    for t in targets.to_dict("records"):
        goal = _("goal {figure} {date}").format(
            figure=text_of(t.get("_figure")), date=text_of(t.get("_date_text"))
        )
        status = status_style.text(t["_status"], lang) if text_of(t.get("_status")) else ""
        parts.append(f"{goal} ({status})" if status else goal)
    projection = frame[roles == "projection"]
    if not projection.empty:
        p = projection.iloc[0]
        parts.append(
            _("at the observed rate, {figure} {date}").format(
                figure=text_of(p["_figure"]), date=text_of(p["_date_text"])
            )
        )
    return _("{name}: {details}.").format(name=name, details=_joined(parts, lang))


def describe_percent(frame: pd.DataFrame, *, lang: str) -> str:
    """Targets as a percentage of their target (`charts.percent_of_target_chart`): how many,
    the highest and the lowest, and how many have no reported value."""
    _ = i18n.words(lang)
    ngettext = i18n.plural_words(lang)
    if frame.empty:
        return _("No targets for the selected areas.")
    pct = frame["_percent"].astype(float)
    valued = frame[pct.notna()].assign(_p=pct[pct.notna()]).sort_values("_p", kind="stable")
    missing = int(pct.isna().sum())
    n = len(frame)
    first = ngettext(
        "Latest value as a percentage of the target, for {n} target",
        "Latest value as a percentage of the target, for {n} targets",
        n,
    ).format(n=n)
    parts = []
    if not valued.empty:
        top, low = valued.iloc[-1], valued.iloc[0]

        def entry(row) -> str:
            return _("{name} (target {target}): {percent}, {status}").format(
                name=_name(pd.DataFrame([row])),
                target=text_of(row["_target_text"]),
                percent=text_of(row["_percent_text"]),
                status=status_style.text(row["_status"], lang),
            )

        parts.append(_("highest: {entry}").format(entry=entry(top)))
        if len(valued) > 1:
            parts.append(_("lowest: {entry}").format(entry=entry(low)))
    if missing:
        parts.append(
            ngettext(
                "{n} target has no reported value", "{n} targets have no reported value", missing
            ).format(n=missing)
        )
    return first + (_(": ") + _joined(parts, lang) if parts else "") + _(".")


def describe_status_counts(frame: pd.DataFrame, *, lang: str) -> str:
    """Targets per progress status (`charts.status_counts_chart`)."""
    _ = i18n.words(lang)
    ngettext = i18n.plural_words(lang)
    if frame.empty:
        return _("No targets for the selected areas.")
    counts = frame["_status"].value_counts()
    listed = [
        _("{status}: {n}").format(status=status_style.text(s, lang), n=int(counts[s]))
        for s in status_style.STYLES
        if s in counts
    ]
    n = len(frame)
    return (
        ngettext("{n} target by progress status", "{n} targets by progress status", n).format(n=n)
        + _(": ")
        + _joined(listed, lang)
        + _(".")
    )


# --- the footer -----------------------------------------------------------------------------


def _address_lines(address: str, width: int) -> list[str]:
    """The address on as few lines as fit `width`, broken only before its query's "?" and "&"
    (never inside a name or an id), so that each line can be typed as it stands."""
    parts = [p for p in re.split(r"(?=[?&])", address) if p]
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + len(part) <= width:
            lines[-1] += part
        else:
            lines.append(part)
    return lines


def footer_lines(frame: pd.DataFrame, version: str, address: str, *, lang: str) -> list[str]:
    """The footer's lines, each short enough for a phone (FOOTER_WIDTH): the frame's sources
    (the first few, then how many more), then the tracker, the dataset's release and licence,
    and the chart's address."""
    _ = i18n.words(lang)
    ngettext = i18n.plural_words(lang)
    sources: list[str] = []
    for column in ("_source_title", "source_title"):
        if column in frame:
            for s in frame[column]:
                s = text_of(s)
                if s and s not in sources:
                    sources.append(s)
            break
    lines = []
    if sources:
        shown = _("; ").join(sources[:SOURCES_SHOWN])
        more = len(sources) - SOURCES_SHOWN
        if more > 0:
            shown += ngettext(" and {n} more source", " and {n} more sources", more).format(n=more)
        lines += chart_style.lines_of(_("Source: {sources}").format(sources=shown), FOOTER_WIDTH)
    tracker = _("{title}, release {version}").format(title=_(site.TITLE), version=version)
    licence = SHORT_NAME.replace(" ", NO_BREAK)  # one token: never "CC BY" then "4.0"
    lines += [
        line.replace(NO_BREAK, " ")
        for line in chart_style.lines_of(f"{tracker} · {licence}", FOOTER_WIDTH)
    ]
    lines += _address_lines(address, FOOTER_WIDTH)
    return lines


def with_footer(fig: go.Figure, lines: list[str]) -> go.Figure:
    """`fig` with `lines` drawn under everything else (axes, legend) from the figure's left
    edge, the figure made taller by as much, so the plot keeps its size. A legend placed in px
    from the figure's bottom (`charts.series_chart`) is moved up above the footer. The figure
    is changed in place and returned."""
    layout = fig.layout
    height = layout.height or 450
    below = layout.margin.b if layout.margin.b is not None else 80
    left = layout.margin.l if layout.margin.l is not None else 80
    footer_h = FOOTER_LINE_PX * len(lines) + 8
    fig.update_layout(height=height + footer_h, margin={"b": below + footer_h})
    if layout.legend.yref == "container":
        fig.update_layout(legend_y=footer_h / (height + footer_h))
    fig.add_annotation(
        text="<br>".join(esc(line) for line in lines),
        align="left",
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        xshift=-max(left - 6, 0),  # the plot's left margin: the footer starts at the edge
        yshift=-below,
        font=FOOTER_FONT,
        name="footer",
    )
    return fig


# --- the data as a table ----------------------------------------------------------------------


def table(frame: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    """The chart's rows as a table in the reader's language: for a series (figures and goals
    over time) each row's kind, figure, date and source; for targets, each target with its
    latest figure, percentage of the target and status."""
    _ = i18n.words(lang)
    kinds = {"observation": _("Figure"), "target": _("Goal"), "projection": _("Projection")}
    records = frame.get("record", pd.Series("", index=frame.index))
    out = pd.DataFrame(index=frame.index)
    if (records == "observation").any():
        out[_("Row")] = [kinds.get(r, r) for r in records]
    else:
        out[_("Indicator")] = [text_of(v) for v in frame.get("_indicator_name", frame["indicator"])]
        if "_target_text" in frame:
            out[_("Goal")] = [text_of(v) for v in frame["_target_text"]]
    out[_("Value")] = [text_of(v) for v in frame.get("_figure", frame.get("value"))]
    out[_("Date")] = [text_of(v) for v in frame.get("_date_text", frame.get("date"))]
    if "_percent_text" in frame:
        out[_("Percent of target")] = [text_of(v) for v in frame["_percent_text"]]
    if not (records == "observation").any() and "_status" in frame:
        out[_("Status")] = [
            status_style.text(s, lang) if text_of(s) else "" for s in frame["_status"]
        ]
    source = frame.get("_source_title", frame.get("source_title"))
    if source is not None:
        out[_("Source")] = [text_of(v) for v in source]
    # st.table renders its cells as Markdown: each shown as exactly its characters ("> 75%").
    return out.reset_index(drop=True).map(md)
