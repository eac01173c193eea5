"""Chart builders: pure functions from a chart frame (see `tracker.data`) to a plotly Figure.

Every trace that plots rows of the frame carries `meta="rows"` and the row's position in
`customdata[0]`, so a test can check that the chart plots exactly the rows offered for download.
Helper traces drawn through existing rows (a required path, a projection line) carry
`meta="derived"`; aggregate charts carry `meta="aggregate"`. Hover text gives each figure with
its comparator, date and source. Colours come from `tracker.status_style`, and every status is
also written in text beside its bar. Every word a chart shows (titles, axis titles, legends,
hover text) is in the reader's language (`tracker.i18n`); names and figures come translated in
the frame's "_" columns.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from etl import figures as fmt
from etl.schema import STATUSES
from tracker import i18n, status_style
from tracker.i18n import _, ngettext
from tracker.text import plot as esc

CHART_TEXT_COLOUR = "#31333F"  # labels and notes on a chart: 12.6:1 on white
FONT = {"size": 14, "color": CHART_TEXT_COLOUR}
COMPARABLE_COLOUR = "#0072B2"  # Okabe-Ito blue
NOT_COMPARABLE_COLOUR = "#7f7f7f"
TARGET_COLOUR = "#D55E00"  # Okabe-Ito vermillion
PROJECTION_COLOUR = "#E69F00"
# Text on a chart is text (WCAG 2.1 AA: 4.5:1 on the white plot). Streamlit's chart theme writes
# tick labels, axis titles and unstyled labels in #808495 (3.7:1): FONT sets the labels'
# colour, axes and legends are written in AXIS_TEXT_COLOUR (6.4:1), and a figure's label in its
# marker's colour, where that is under 4.5:1 as text, in a darker shade of it (TEXT_SHADE).
AXIS_TEXT_COLOUR = "#5C5F6B"
PERIOD_COLOUR = "#009E73"  # Okabe-Ito bluish green: counts over a period
TEXT_SHADE = {  # as text: 4.0:1 -> 7.0:1, 3.9:1 -> 6.2:1, 3.4:1 -> 5.5:1
    NOT_COMPARABLE_COLOUR: "#595959",
    TARGET_COLOUR: "#A04600",
    PERIOD_COLOUR: "#00785A",
}
# The marker says how the figure was stated: "more than" points up, "less than" down.
COMPARATOR_SYMBOLS = {
    "=": "circle",
    "~": "circle",
    ">": "triangle-up",
    ">=": "triangle-up",
    "<": "triangle-down",
    "<=": "triangle-down",
}


def wrap(text: str, width: int = 60) -> str:
    """Lines of at most `width` characters, joined by <br>, each line escaped for Plotly
    (`tracker.text.plot`): markup in the data is shown, never rendered. Chinese has no spaces to
    break at and each character is about two Latin ones wide: it is cut every width / 2
    characters."""
    if not text:
        return ""
    text = str(text)
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return "<br>".join(esc(line) for line in _cjk_lines(text, max(width // 2, 1)))
    return "<br>".join(esc(line) for line in textwrap.wrap(text, width))


def _cjk_lines(text: str, width: int) -> list[str]:
    """Lines of about `width` Chinese characters (a Latin character counts half), broken
    between characters, never inside a Latin word or number."""
    lines, line, size = [], "", 0.0
    for token in _tokens(text):
        cost = sum(1.0 if ord(ch) > 0x2E7F else 0.5 for ch in token)
        if line and size + cost > width:
            lines.append(line.strip())
            line, size = "", 0.0
        line += token
        size += cost
    if line.strip():
        lines.append(line.strip())
    return lines


def _tokens(text: str) -> list[str]:
    """Each wide (CJK) character alone; runs of narrow characters (a word, a number) whole."""
    tokens: list[str] = []
    for ch in text:
        if ord(ch) > 0x2E7F or not tokens or ord(tokens[-1][-1]) > 0x2E7F or ch == " ":
            tokens.append(ch)
        else:
            tokens[-1] += ch
    return tokens


def _layout(fig: go.Figure, height: int, **kwargs) -> go.Figure:
    margin = {"l": 10, "r": 30, "t": 40, "b": 10, **kwargs.pop("margin", {})}
    # The "plotly_white" template is validated once per process and then set without being
    # validated again, as plotly sets its own default template: naming it in update_layout made
    # plotly resolve, validate and copy the whole template for every figure (~25 ms a chart).
    template = getattr(_layout, "template", None)
    if template is None:
        import plotly.io as pio

        template = _layout.template = go.layout.Template(pio.templates["plotly_white"])
    fig.layout._validate = False
    try:
        fig.layout.template = template
    finally:
        fig.layout._validate = True
    fig.update_layout(
        font=FONT,
        height=height,
        margin=margin,
        hoverlabel={"align": "left"},
        legend_font_color=AXIS_TEXT_COLOUR,
        **kwargs,
    )
    for axis in [*fig.select_xaxes(), *fig.select_yaxes()]:
        axis.tickfont.color = axis.tickfont.color or AXIS_TEXT_COLOUR
        axis.title.font.color = axis.title.font.color or AXIS_TEXT_COLOUR
    return fig


def _name(row: pd.Series) -> str:
    """The row's indicator in the reader's language (`_indicator_name`), else its English."""
    name = row.get("_indicator_name", "")
    return name if isinstance(name, str) and name else str(row["indicator"])


def _hover(row: pd.Series, heading: str | None = None) -> str:
    lines = [f"<b>{wrap(heading or _name(row), 60)}</b>"]
    record = row.get("record", "observation")
    figure = row.get("_figure", "")
    date = row.get("_date_text", "")
    if record == "target":
        lines.append(_("Target: {figure} {date}").format(figure=esc(figure), date=esc(date)))
    elif record == "projection":
        lines.append(_("Projection: {figure}, {date}").format(figure=esc(figure), date=esc(date)))
    else:
        lines.append(_("{figure}, {date}").format(figure=esc(figure), date=esc(date)))
        if row.get("comparable") == "false":
            lines.append(
                "<i>" + _("Not comparable with the target's series: not used for status") + "</i>"
            )
    source = row.get("_source_title", "") or row.get("source_title", "")
    if isinstance(source, str) and source:
        when = row.get("_source_date_text", "")
        text = (
            _("Source: {source} ({date})").format(source=source, date=when)
            if when
            else _("Source: {source}").format(source=source)
        )
        lines.append(wrap(text, 70))
    return "<br>".join(lines)


def _empty(message: str, height: int = 220) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font=FONT
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, height)


# --- overview ---------------------------------------------------------------------------------


def status_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Targets per status, in the status method's order, statuses present only."""
    counts = frame["_status"].value_counts()
    rows = [
        {
            "status": s,
            "label": status_style.text(s),
            "count": int(counts[s]),
            "colour": status_style.colour(s),
        }
        for s in STATUSES
        if s in counts
    ]
    return pd.DataFrame(rows, columns=["status", "label", "count", "colour"])


def status_counts_chart(frame: pd.DataFrame) -> go.Figure:
    """Horizontal bars: number of targets in each status (one frame row per target)."""
    counts = status_counts(frame)
    if counts.empty:
        return _empty(_("No targets for the selected areas"))
    fig = go.Figure(
        go.Bar(
            x=counts["count"],
            y=counts["label"],
            orientation="h",
            marker={"color": counts["colour"], "line": {"color": "#333", "width": 1}},
            text=[ngettext("{n} target", "{n} targets", n).format(n=n) for n in counts["count"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x} " + _("targets") + "<extra></extra>",
            meta="aggregate",
            name=_("Targets"),
        )
    )
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title=_("Number of targets"), dtick=1, range=[0, counts["count"].max() * 1.25])
    return _layout(fig, 80 + 45 * len(counts), showlegend=False)


def _target_label(row: pd.Series, seen: set[str]) -> str:
    label = wrap(_name(row), 42)
    if label in seen:  # two targets for one indicator: tell them apart
        label = f"{label}<br>" + _("(target {target})").format(target=esc(row["_target_text"]))
    seen.add(label)
    return label


def percent_of_target_chart(frame: pd.DataFrame, bullet: bool = False) -> go.Figure:
    """One bar per target: the latest comparable value as a percentage of the target, sorted,
    coloured by status, each bar labelled with its status, value and target. Targets with no
    reported value get an empty bar labelled so. With `bullet`, a grey bar marks 100% (the
    target) behind each bar."""
    if frame.empty:
        return _empty(_("No targets for the selected areas"))
    f = frame.reset_index(drop=True).copy()
    f["_row"] = range(len(f))
    f["_sort"] = f["_percent"].astype(float).fillna(-1)
    f = f.sort_values(["_sort", "indicator"], ascending=[False, True], kind="stable")
    seen: set[str] = set()
    labels = [_target_label(r, seen) for _i, r in f.iterrows()]
    pct = f["_percent"].astype(float)
    texts = []
    for (_i, r), p in zip(f.iterrows(), pct, strict=True):
        if pd.isna(p):
            texts.append(
                f"{esc(r['_status_text'])}<br>"
                + _("target {target}").format(target=esc(r["_target_text"]))
            )
        else:
            texts.append(
                _("{percent} · {figure} of {target}").format(
                    percent=esc(r["_percent_text"]),
                    figure=esc(r["_figure"]),
                    target=esc(r["_target_text"]),
                )
                + f"<br>{esc(r['_status_text'])}"
            )
    hover = [
        _hover(r)
        + "<br>"
        + _("Target {target} by {deadline} ({match})").format(
            target=esc(r["_target_text"]),
            deadline=esc(r["_deadline_text"]),
            match=_("proxy match") if r["_match"] == "proxy" else _("exact match"),
        )
        + "<br>"
        + _("Status: {status}").format(status=esc(r["_status_text"]))
        for _i, r in f.iterrows()
    ]
    fig = go.Figure()
    if bullet:
        fig.add_trace(
            go.Bar(
                x=[100] * len(f),
                y=labels,
                orientation="h",
                marker={"color": "#e8e8e8"},
                width=0.8,
                hoverinfo="skip",
                name=_("Target (100%)"),
                meta="derived",
            )
        )
    fig.add_trace(
        go.Bar(
            x=pct.fillna(0),
            y=labels,
            orientation="h",
            width=0.45 if bullet else 0.7,
            marker={
                "color": [status_style.colour(s) for s in f["_status"]],
                "line": {"color": "#333", "width": 1},
            },
            customdata=list(zip(f["_row"], hover, strict=True)),
            hovertemplate="%{customdata[1]}<extra></extra>",
            name=_("Latest value, percent of target"),
            meta="rows",
        )
    )
    top = max(100.0, float(pct.max()) if pct.notna().any() else 100.0)
    # The labels sit in a column right of every bar, so no bar or line crosses them.
    fig.add_trace(
        go.Scatter(
            x=[top * 1.06] * len(f),
            y=labels,
            mode="text",
            text=texts,
            textposition="middle right",
            textfont={"size": 13},
            hoverinfo="skip",
            showlegend=False,
            meta="derived",
            cliponaxis=False,
        )
    )
    fig.add_vline(x=100, line={"color": "#333", "dash": "dash", "width": 2})
    fig.add_annotation(
        x=100, y=1.0, yref="paper", yanchor="bottom", text=_("target (100%)"), showarrow=False
    )
    ticks = [v for v in (0, 50, 100, 150, 200, 250, 300) if v <= top * 1.05]
    fig.update_xaxes(
        title=_("Latest reported value, percent of target"),
        range=[0, top * 2.2],
        tickvals=ticks,
        ticktext=[f"{v}%" for v in ticks],
    )
    fig.update_yaxes(
        autorange="reversed",
        title=None,
        categoryorder="array",
        categoryarray=labels,
        tickfont={"size": 13, "color": CHART_TEXT_COLOUR},
    )
    return _layout(
        fig, 120 + 62 * len(f), showlegend=False, barmode="overlay", margin={"t": 50, "r": 10}
    )


# --- time series ------------------------------------------------------------------------------


def _points_trace(f: pd.DataFrame, name: str, colour: str, filled: bool, text: bool) -> go.Scatter:
    symbols = [COMPARATOR_SYMBOLS.get(c or "=", "circle") for c in f["_comparator"]]
    if not filled:
        symbols = [f"{s}-open" for s in symbols]
    return _rows_scatter(
        f,
        mode="markers+text" if text else "markers",
        name=name,
        marker={"color": colour, "size": 13, "symbol": symbols, "line": {"width": 2}},
        text=[esc(x) for x in f["_figure"]] if text else None,
        textposition="top center",
        textfont={"size": 13, "color": TEXT_SHADE.get(colour, colour)},
        cliponaxis=False,
    )


def _rows_scatter(f: pd.DataFrame, **style) -> go.Scatter:
    """A trace plotting frame rows: each point at (`_x`, value), its hover text, and its row
    position in `customdata` (meta "rows": see `plotted_rows`)."""
    return go.Scatter(
        x=f["_x"],
        y=f["value"].astype(float),
        customdata=list(zip(f["_row"], [_hover(r) for _i, r in f.iterrows()], strict=True)),
        hovertemplate="%{customdata[1]}<extra></extra>",
        meta="rows",
        **style,
    )


def _label_rows(f: pd.DataFrame) -> pd.Series:
    """Which observation points get a text label: one per distinct (date, figure) run, and no
    two labels within ~100 days of each other (the later one is kept) so labels do not overlap."""
    keep = pd.Series(False, index=f.index)
    last_x = None
    for i in reversed(f.index):
        x = f.at[i, "_x"]
        if last_x is None or (last_x - x).days > 100:
            keep[i] = True
            last_x = x
    return keep


def series_chart(frame: pd.DataFrame, title: str | None = None) -> go.Figure:
    """One indicator over time: comparable figures (filled markers joined by a line), figures not
    comparable with the target's series (open grey markers), and each target as a marker at its
    deadline with a dashed line at its level. Marker shape gives the comparator: triangles for
    "more than"/"at least", circles for exact figures."""
    if frame.empty:
        return _empty(_("No reported value"))
    f = frame.reset_index(drop=True).copy()
    f["_row"] = range(len(f))
    unit = f["unit"].iloc[0]
    obs = f[f["record"] == "observation"].sort_values("_x")
    # A count of what was done in a period is not a point of the level series: its own trace.
    counted = obs[obs["_period"] != ""] if "_period" in obs else obs.iloc[0:0]
    obs = obs.drop(counted.index)
    comparable = obs[obs["comparable"] == "true"]
    other = obs[obs["comparable"] != "true"]
    targets = f[f["record"] == "target"]
    fig = go.Figure()
    if not comparable.empty:
        labelled = _label_rows(comparable)
        fig.add_trace(
            go.Scatter(
                x=comparable["_x"],
                y=comparable["value"].astype(float),
                mode="lines",
                line={"color": COMPARABLE_COLOUR, "width": 2},
                hoverinfo="skip",
                showlegend=False,
                meta="derived",
            )
        )
        trace = _points_trace(comparable, _("Reported figure"), COMPARABLE_COLOUR, True, True)
        trace.text = [
            esc(t) if k else "" for t, k in zip(comparable["_figure"], labelled, strict=True)
        ]
        fig.add_trace(trace)
    if not other.empty:
        fig.add_trace(
            _points_trace(
                other,
                _("Not comparable (not used for status)"),
                NOT_COMPARABLE_COLOUR,
                False,
                True,
            )
        )
    if not counted.empty:
        trace = _points_trace(
            counted,
            _("Counted over a period ({periods})").format(
                periods=_(", ").join(esc(p) for p in dict.fromkeys(counted["_period"]))
            ),
            PERIOD_COLOUR,
            True,
            True,
        )
        trace.marker.symbol = ["diamond"] * len(counted)
        trace.text = [
            f"{esc(x)} ({esc(p)})"
            for x, p in zip(counted["_figure"], counted["_period"], strict=True)
        ]
        fig.add_trace(trace)
    for _i, t in targets.iterrows():
        start = obs["_x"].min() if not obs.empty else t["_x"] - pd.Timedelta(days=365)
        if t.get("_period"):  # a period count's line runs over its period
            start = t["_period_start"]
        fig.add_trace(
            go.Scatter(
                x=[start, t["_x"]],
                y=[t["value"], t["value"]],
                mode="lines",
                line={"color": TARGET_COLOUR, "dash": "dash", "width": 2},
                hoverinfo="skip",
                showlegend=False,
                meta="derived",
            )
        )
    if not targets.empty:
        fig.add_trace(
            _rows_scatter(
                targets,
                mode="markers+text",
                name=_("Target at its deadline"),
                marker={"color": TARGET_COLOUR, "size": 16, "symbol": "star"},
                text=[_("target {target}").format(target=esc(x)) for x in targets["_figure"]],
                textposition="bottom center",
                textfont={"color": TEXT_SHADE[TARGET_COLOUR], "size": 13},
                cliponaxis=False,
            )
        )
    values = f["value"].astype(float)
    top = float(values.max()) if values.notna().any() else 1.0
    fig.update_yaxes(title=fmt.unit_title(unit, i18n.current()), range=[0, top * 1.25])
    # An explicit padded range and a month-year format: plotly's autorange gives a chart with one
    # date an axis of times of day ("23:59:59.999 Apr 17, 2024").
    xs = pd.to_datetime(f["_x"].dropna())
    if not xs.empty:
        pad = max((xs.max() - xs.min()) * 0.06, pd.Timedelta(days=120))
        fig.update_xaxes(range=[xs.min() - pad, xs.max() + pad])
    # Chinese dates on the axis: "2025年9月" (plotly writes the year and month numbers).
    fig.update_xaxes(title=None, tickformat="%Y年%-m月" if i18n.current() == "zh" else "%b %Y")
    layout = {
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.16, "x": 0},
        "showlegend": True,
    }
    if title:
        layout["title"] = {"text": wrap(title, 55), "font": {"size": 15}}
    return _layout(fig, 400, **layout, margin={"t": 60 if title else 30, "b": 10})


def _segment(a: pd.Series, b: pd.Series, **style) -> go.Scatter:
    """A line from one row's point to another's, drawn from them (meta "derived": no row)."""
    return go.Scatter(
        x=[a["_x"], b["_x"]],
        y=[a["value"], b["value"]],
        mode="lines",
        hoverinfo="skip",
        meta="derived",
        **style,
    )


def trajectory_chart(frame: pd.DataFrame) -> go.Figure:
    """A target's trajectory: the observations, the path required from the baseline (earliest
    comparable figure) to the target at its deadline, and the observed rate projected to the
    deadline from the latest comparable figure."""
    if frame.empty:
        return _empty(_("No target"))
    f = frame.reset_index(drop=True).copy()
    f["_row"] = range(len(f))
    roles = f.get("_role", pd.Series("", index=f.index)).fillna("")
    target = f[roles == "target"]
    baseline = f[roles == "baseline"]
    latest = f[roles == "latest"]
    projection = f[roles == "projection"]
    fig = series_chart(f[roles != "projection"].drop(columns=["_row"]))
    # series_chart numbered its own rows; renumber its row traces to this frame's positions.
    positions = list(f.index[roles != "projection"])
    for trace in fig.data:
        if trace.meta == "rows" and trace.customdata is not None:
            trace.customdata = [(positions[int(c[0])], c[1]) for c in trace.customdata]
    if not baseline.empty and not target.empty:
        b, t = baseline.iloc[0], target.iloc[0]
        fig.add_trace(
            _segment(
                b,
                t,
                name=_("Path required from the baseline"),
                line={"color": "#333333", "dash": "dot", "width": 2},
            )
        )
    if not projection.empty and not latest.empty:
        p, lt = projection.iloc[0], latest.iloc[0]
        fig.add_trace(
            _segment(
                lt,
                p,
                line={"color": PROJECTION_COLOUR, "dash": "dashdot", "width": 2},
                showlegend=False,
            )
        )
        fig.add_trace(
            _rows_scatter(
                projection,
                mode="markers",
                name=_("Projection at the observed rate"),
                marker={"color": PROJECTION_COLOUR, "size": 13, "symbol": "diamond"},
            )
        )
        top = float(f["value"].astype(float).max())
        fig.update_yaxes(range=[0, top * 1.25])
    if baseline.empty and not target.empty:
        fig.add_annotation(
            text=_("No reported value"),
            showarrow=False,
            x=0.5,
            y=0.5,
            xref="paper",
            yref="paper",
            font={"size": 16},
        )
    return fig


def plotted_rows(fig: go.Figure) -> list[int]:
    """Positions of the frame rows a figure plots (traces with meta "rows"), sorted."""
    rows: list[int] = []
    for trace in fig.data:
        if trace.meta == "rows" and trace.customdata is not None:
            rows += [int(c[0]) for c in trace.customdata]
    return sorted(rows)
