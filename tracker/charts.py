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

import math

import pandas as pd
import plotly.graph_objects as go

from etl import figures as fmt
from etl.schema import STATUSES
from tracker import i18n, status_style
from tracker.chart_style import (
    AXIS_BELOW_PX,
    BAR_GAP_PX,
    BAR_PX,
    CHART_TEXT_COLOUR,
    COMPARABLE_COLOUR,
    COMPARATOR_SYMBOLS,
    LABEL_LINE_PX,
    LABEL_WIDTH,
    LEGEND_ENTRY_PX,
    NOT_COMPARABLE_COLOUR,
    PERIOD_COLOUR,
    PROJECTION_COLOUR,
    TARGET_COLOUR,
    TEXT_SHADE,
    empty_figure,
    hover_text,
    layout,
    row_name,
    titled,
    wrap,
)
from tracker.text import plot as esc

# --- overview ---------------------------------------------------------------------------------


def status_counts(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Targets per status, in the status method's order, statuses present only; labels in
    `lang`."""
    counts = frame["_status"].value_counts()
    rows = [
        {
            "status": s,
            "label": status_style.text(s, lang),
            "count": int(counts[s]),
            "colour": status_style.colour(s),
        }
        for s in STATUSES
        if s in counts
    ]
    return pd.DataFrame(rows, columns=["status", "label", "count", "colour"])


def _label_rows(labels: list[str]) -> tuple[list[float], list[float], float]:
    """Where each labelled bar goes, in px from the plot's top (the y axis counts px): each
    label's bottom line, then its bar under it. Returns the labels' y, the bars' y and the
    plot's height."""
    text_y, bar_y, y = [], [], 4.0
    for label in labels:
        y += LABEL_LINE_PX * (label.count("<br>") + 1)
        text_y.append(y)
        bar_y.append(y + 3 + BAR_PX / 2)
        y += 3 + BAR_PX + BAR_GAP_PX
    return text_y, bar_y, y


def _labelled_bars(
    fig: go.Figure, labels: list[str], bar_y: list[float], text_y: list[float], height: float
) -> None:
    """Each bar's label written above it, from the plot's left edge (meta "derived"), and the y
    axis counting px downwards, without ticks: the bars get the chart's whole width, and no
    label is cut or crowded on a phone."""
    fig.add_trace(
        go.Scatter(
            x=[0] * len(labels),
            y=text_y,
            mode="text",
            text=labels,
            textposition="top right",
            textfont={"size": 13, "color": CHART_TEXT_COLOUR},
            hoverinfo="skip",
            showlegend=False,
            meta="derived",
            cliponaxis=False,
        )
    )
    fig.update_yaxes(
        range=[height, 0], visible=False, fixedrange=True, showgrid=False, zeroline=False
    )


def _nice_step(top: float, ticks: int = 4) -> float:
    """A step of 1, 2 or 5 times a power of ten giving about `ticks` ticks up to `top`: few
    enough for a phone's width."""
    raw = max(top / ticks, 1e-9)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def status_counts_chart(frame: pd.DataFrame, *, lang: str) -> go.Figure:
    """Horizontal bars: number of targets in each status (one frame row per target), each bar
    labelled above with its status and count."""
    _ = i18n.words(lang)
    ngettext = i18n.plural_words(lang)
    counts = status_counts(frame, lang)
    if counts.empty:
        return empty_figure(_("No targets for the selected areas"))
    labels = [
        wrap(
            _("{status}: {targets}").format(
                status=label, targets=ngettext("{n} target", "{n} targets", n).format(n=n)
            ),
            LABEL_WIDTH,
        )
        for label, n in zip(counts["label"], counts["count"], strict=True)
    ]
    text_y, bar_y, plot_h = _label_rows(labels)
    fig = go.Figure(
        go.Bar(
            x=counts["count"],
            y=bar_y,
            width=BAR_PX,
            orientation="h",
            marker={"color": counts["colour"], "line": {"color": "#333", "width": 1}},
            customdata=counts["label"],
            hovertemplate="%{customdata}: %{x} " + _("targets") + "<extra></extra>",
            meta="aggregate",
            name=_("Targets"),
        )
    )
    _labelled_bars(fig, labels, bar_y, text_y, plot_h)
    top = int(counts["count"].max())
    step = max(1, int(_nice_step(top)))
    fig.update_xaxes(
        title=_("Number of targets"),
        range=[0, top * 1.05],
        tickvals=list(range(0, top + 1, step)),
        fixedrange=True,
    )
    below = 60  # tick labels and the axis title
    return layout(fig, int(plot_h) + 10 + below, showlegend=False, margin={"t": 10, "b": below})


def _target_label(row: pd.Series, seen: set[str], lang: str) -> str:
    _ = i18n.words(lang)
    label = row_name(row)
    if label in seen:  # two targets for one indicator: tell them apart
        label += " " + _("(target {target})").format(target=row["_target_text"])
    seen.add(label)
    return label


def percent_of_target_chart(frame: pd.DataFrame, bullet: bool = False, *, lang: str) -> go.Figure:
    """One bar per target: the latest comparable value as a percentage of the target, sorted,
    coloured by status, each bar labelled above with its indicator, value, target and status.
    Targets with no reported value get an empty bar labelled so. With `bullet`, a grey bar
    marks 100% (the target) behind each bar."""
    _ = i18n.words(lang)
    if frame.empty:
        return empty_figure(_("No targets for the selected areas"))
    f = frame.reset_index(drop=True).copy()
    f["_row"] = range(len(f))
    f["_sort"] = f["_percent"].astype(float).fillna(-1)
    f = f.sort_values(["_sort", "indicator"], ascending=[False, True], kind="stable")
    seen: set[str] = set()
    names = [_target_label(r, seen, lang) for _i, r in f.iterrows()]
    pct = f["_percent"].astype(float)
    texts = []
    for (_i, r), p in zip(f.iterrows(), pct, strict=True):
        if pd.isna(p):
            value = _("{status} · target {target}").format(
                status=r["_status_text"], target=r["_target_text"]
            )
        else:
            value = (
                _("{percent} · {figure} of {target}").format(
                    percent=r["_percent_text"], figure=r["_figure"], target=r["_target_text"]
                )
                + f" · {r['_status_text']}"
            )
        texts.append(value)
    # The indicator's name in bold, then its figures: each line wrapped to a phone's width.
    labels = [
        f"<b>{wrap(n, LABEL_WIDTH)}</b><br>{wrap(t, LABEL_WIDTH)}"
        for n, t in zip(names, texts, strict=True)
    ]
    hover = [
        hover_text(r, lang)
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
    text_y, bar_y, plot_h = _label_rows(labels)
    fig = go.Figure()
    if bullet:
        fig.add_trace(
            go.Bar(
                x=[100] * len(f),
                y=bar_y,
                orientation="h",
                marker={"color": "#e8e8e8"},
                width=BAR_PX + 8,
                hoverinfo="skip",
                name=_("Target (100%)"),
                meta="derived",
            )
        )
    fig.add_trace(
        go.Bar(
            x=pct.fillna(0),
            y=bar_y,
            orientation="h",
            width=BAR_PX * 0.6 if bullet else BAR_PX,
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
    _labelled_bars(fig, labels, bar_y, text_y, plot_h)
    top = max(100.0, float(pct.max()) if pct.notna().any() else 100.0)
    # The 100% mark crosses each bar only, not the labels written between the bars.
    reach = BAR_PX / 2 + 5
    fig.add_trace(
        go.Scatter(
            x=[v for _y in bar_y for v in (100, 100, None)],
            y=[v for y in bar_y for v in (y - reach, y + reach, None)],
            mode="lines",
            line={"color": "#333", "dash": "dot", "width": 2},
            hoverinfo="skip",
            showlegend=False,
            meta="derived",
            name=_("Target (100%)"),
        )
    )
    fig.add_annotation(
        x=100,
        y=1.0,
        yref="paper",
        xanchor="right",  # ends at the mark: never past the chart's right edge
        yanchor="bottom",
        text=_("target (100%)"),
        showarrow=False,
    )
    step = 50 if top <= 150 else 100  # four or five ticks at most: they fit a phone
    ticks = list(range(0, int(top * 1.02) + 1, step))
    fig.update_xaxes(
        title=_("Latest reported value, percent of target"),
        range=[0, top * 1.05],
        tickvals=ticks,
        ticktext=[f"{v}%" for v in ticks],
        fixedrange=True,
    )
    below = 60
    return layout(
        fig,
        int(plot_h) + 30 + below,
        showlegend=False,
        barmode="overlay",
        margin={"t": 30, "r": 10, "b": below},
    )


# --- time series ------------------------------------------------------------------------------


def _points_trace(
    f: pd.DataFrame, name: str, colour: str, filled: bool, text: bool, lang: str
) -> go.Scatter:
    symbols = [COMPARATOR_SYMBOLS.get(c or "=", "circle") for c in f["_comparator"]]
    if not filled:
        symbols = [f"{s}-open" for s in symbols]
    return _rows_scatter(
        f,
        lang,
        mode="markers+text" if text else "markers",
        name=name,
        marker={"color": colour, "size": 13, "symbol": symbols, "line": {"width": 2}},
        text=[esc(x) for x in f["_figure"]] if text else None,
        textposition="top center",
        textfont={"size": 13, "color": TEXT_SHADE.get(colour, colour)},
        cliponaxis=False,
    )


def _rows_scatter(f: pd.DataFrame, lang: str, **style) -> go.Scatter:
    """A trace plotting frame rows: each point at (`_x`, value), its hover text (in `lang`), and
    its row position in `customdata` (meta "rows": see `plotted_rows`)."""
    return go.Scatter(
        x=f["_x"],
        y=f["value"].astype(float),
        customdata=list(
            zip(f["_row"], [hover_text(r, lang) for _i, r in f.iterrows()], strict=True)
        ),
        hovertemplate="%{customdata[1]}<extra></extra>",
        meta="rows",
        **style,
    )


def _labelled_points(f: pd.DataFrame) -> pd.Series:
    """Which observation points get a text label: the latest, then each earlier one at least a
    quarter of the chart's time span before the last labelled (a label is about a quarter of a
    phone's plot wide), so that no two labels overlap; every figure is in the hover text and in
    the table."""
    keep = pd.Series(False, index=f.index)
    xs = pd.to_datetime(f["_x"])
    span = max((xs.max() - xs.min()) * 1.12, pd.Timedelta(days=240)) if len(xs) else None
    last_x = None
    for i in reversed(f.index):
        x = xs[i]
        if last_x is None or (last_x - x) >= span / 4:
            keep[i] = True
            last_x = x
    return keep


def _close_pairs(points: pd.DataFrame, targets: pd.DataFrame, obs: pd.DataFrame) -> set:
    """(point index, target index) of each labelled point that a target stands just above:
    within half the time span (a target's label is about a third of a phone's plot wide) and a
    fifth of the value axis. Such a point's label goes under it and the target's over its star,
    or the two would meet."""
    if targets.empty or points.empty:
        return set()
    xs = pd.to_datetime(pd.concat([obs["_x"], targets["_x"]]))
    span = max((xs.max() - xs.min()) * 1.12, pd.Timedelta(days=240))
    top = float(pd.concat([obs["value"], targets["value"]]).astype(float).max()) * 1.25
    return {
        (i, j)
        for i, px, pv in zip(
            points.index, pd.to_datetime(points["_x"]), points["value"].astype(float), strict=True
        )
        for j, tx, tv in zip(
            targets.index,
            pd.to_datetime(targets["_x"]),
            targets["value"].astype(float),
            strict=True,
        )
        if abs(tx - px) < span / 2 and 0 <= tv - pv < top / 5
    }


def series_chart(frame: pd.DataFrame, title: str | None = None, *, lang: str) -> go.Figure:
    """One indicator over time: comparable figures (filled markers joined by a line), figures not
    comparable with the target's series (open grey markers), and each target as a marker at its
    deadline with a dashed line at its level. Marker shape gives the comparator: triangles for
    "more than"/"at least", circles for exact figures."""
    _ = i18n.words(lang)
    if frame.empty:
        return empty_figure(_("No reported value"))
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
    close: set = set()
    # Labels spaced over every plotted figure, comparable or not, so that none overlap.
    labelled = _labelled_points(obs.sort_values("_x"))
    if not comparable.empty:
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
        trace = _points_trace(comparable, _("Reported figure"), COMPARABLE_COLOUR, True, True, lang)
        trace.text = [esc(t) if labelled[i] else "" for i, t in comparable["_figure"].items()]
        close = _close_pairs(comparable[labelled[comparable.index]], targets, obs)
        trace.textposition = [
            "bottom center" if any(p == i for p, _t in close) else "top center"
            for i in comparable.index
        ]
        fig.add_trace(trace)
    if not other.empty:
        trace = _points_trace(
            other,
            _("Not comparable (not used for status)"),
            NOT_COMPARABLE_COLOUR,
            False,
            True,
            lang,
        )
        trace.text = [esc(t) if labelled[i] else "" for i, t in other["_figure"].items()]
        fig.add_trace(trace)
    if not counted.empty:
        trace = _points_trace(
            counted,
            _("Counted over a period ({periods})").format(
                periods=_(", ").join(esc(p) for p in dict.fromkeys(counted["_period"]))
            ),
            PERIOD_COLOUR,
            True,
            True,
            lang,
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
                lang,
                mode="markers+text",
                name=_("Target at its deadline"),
                marker={"color": TARGET_COLOUR, "size": 16, "symbol": "star"},
                text=[_("target {target}").format(target=esc(x)) for x in targets["_figure"]],
                textposition=[
                    "top center" if any(j == k for _p, k in close) else "bottom center"
                    for j in targets.index
                ],
                textfont={"color": TEXT_SHADE[TARGET_COLOUR], "size": 13},
                cliponaxis=False,
            )
        )
    values = f["value"].astype(float)
    top = float(values.max()) if values.notna().any() else 1.0
    fig.update_yaxes(title=fmt.unit_title(unit, lang), range=[0, top * 1.25])
    # An explicit padded range and a month-year format: plotly's autorange gives a chart with one
    # date an axis of times of day ("23:59:59.999 Apr 17, 2024").
    xs = pd.to_datetime(f["_x"].dropna())
    fig.update_xaxes(title=None)
    if not xs.empty:
        pad = max((xs.max() - xs.min()) * 0.06, pd.Timedelta(days=120))
        start, end = xs.min() - pad, xs.max() + pad
        fig.update_xaxes(range=[start, end], **_date_ticks(start, end, lang))
    # A fixed left margin that the tick labels and unit fit in: the footer starts under it.
    layout(fig, 300 + AXIS_BELOW_PX, margin={"t": 10, "b": AXIS_BELOW_PX, "l": 64})
    _legend_below(fig)
    return titled(fig, title) if title else fig


# Date ticks a phone's axis holds (about 200 px): a few years ("2025", "2025年"), else a few
# months ("Sep 2025", "2025年9月"): (months between ticks, most ticks).
DATE_STEPS = [(3, 3), (6, 3), (12, 5), (24, 5), (60, 5), (120, 5)]


def _date_ticks(start: pd.Timestamp, end: pd.Timestamp, lang: str) -> dict:
    """The x axis's ticks for dates from `start` to `end`: the first step of DATE_STEPS that
    gives no more than its most ticks, from a January; years written alone when the step is
    whole years. Plotly's own ticks ran together, or turned on their side, on a phone."""
    months = (end - start).days / 30.44
    step, _most = next(((m, n) for m, n in DATE_STEPS if months / m <= n), DATE_STEPS[-1])
    # Plotly writes the numbers in "2025年9月".
    formats = {("zh", True): "%Y年", ("zh", False): "%Y年%-m月", ("en", True): "%Y"}
    form = formats.get((lang, step % 12 == 0), "%b %Y")
    return {"dtick": f"M{step}", "tick0": "2000-01-01", "tickformat": form, "tickangle": 0}


def _legend_below(fig: go.Figure) -> go.Figure:
    """The legend under the x axis, one entry a line (a row of entries spills off a phone), its
    place in px from the figure's bottom (`chart_context.with_footer` moves it above a
    footer); the figure made as much taller as its entries need, the plot keeping its size."""
    entries = [t for t in fig.data if t.showlegend is not False and t.name]
    below = AXIS_BELOW_PX + LEGEND_ENTRY_PX * len(entries)
    plot_h = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    fig.update_layout(
        legend={
            "orientation": "v",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "font": {"size": 13},
        },
        showlegend=True,
        margin={"b": below},
        height=plot_h + fig.layout.margin.t + below,
    )
    return fig


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


def trajectory_chart(frame: pd.DataFrame, *, lang: str) -> go.Figure:
    """A target's trajectory: the observations, the path required from the baseline (earliest
    comparable figure) to the target at its deadline, and the observed rate projected to the
    deadline from the latest comparable figure."""
    _ = i18n.words(lang)
    if frame.empty:
        return empty_figure(_("No target"))
    f = frame.reset_index(drop=True).copy()
    f["_row"] = range(len(f))
    roles = f.get("_role", pd.Series("", index=f.index)).fillna("")
    target = f[roles == "target"]
    baseline = f[roles == "baseline"]
    latest = f[roles == "latest"]
    projection = f[roles == "projection"]
    fig = series_chart(f[roles != "projection"].drop(columns=["_row"]), lang=lang)
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
                lang,
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
    return _legend_below(fig)


def plotted_rows(fig: go.Figure) -> list[int]:
    """Positions of the frame rows a figure plots (traces with meta "rows"), sorted."""
    rows: list[int] = []
    for trace in fig.data:
        if trace.meta == "rows" and trace.customdata is not None:
            rows += [int(c[0]) for c in trace.customdata]
    return sorted(rows)
