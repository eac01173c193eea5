"""How every chart looks, in both languages: its colours and fonts, how a text is cut into lines
(a CJK character counts double; a line never ends on an opening bracket), the layout's sizes,
a title above the plot, a row's hover text, and the figure for nothing to plot. Pure functions
of plotly and pandas; the chart builders (`tracker.charts`) use them.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from tracker import i18n
from tracker.text import is_wide, text_width
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
    """`lines_of(text, width)` joined by <br>, each line escaped for Plotly
    (`tracker.text.plot`): markup in the data is shown, never rendered."""
    if not text:
        return ""
    return "<br>".join(esc(line) for line in lines_of(str(text), width))


OPENING = "([{“‘《「（"  # a line never ends with one: it stays with what follows
CLOSING = ")]}”’》」），。；：、!?;:,."  # nor starts with one


def _tokens(text: str) -> list[str]:
    """What a line may break between: each wide (CJK) character alone, and runs of narrow
    characters (a word, a number, "MIIT", "2025") whole, each with the spaces after it; an
    opening bracket or quote joined to what follows it, a closing one or a stop to what
    precedes it, a number to the CJK character after it ("2023年", "4月")."""
    tokens: list[str] = []
    for c in text:
        wide = is_wide(c)
        joined = tokens and (
            tokens[-1][-1] in OPENING or c in CLOSING or (wide and tokens[-1][-1].isdigit())
        )
        if not joined and (not tokens or wide or is_wide(tokens[-1][-1]) or tokens[-1][-1] == " "):
            tokens.append(c)
        else:
            tokens[-1] += c
    return tokens


def lines_of(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, a CJK character counting two (it is about two Latin
    ones wide), broken between words and between CJK characters, never inside a word or
    number (one longer than a line stands alone): the one line-breaking rule of chart texts."""
    lines, line = [], ""
    for token in _tokens(text):
        if line.strip() and text_width(line + token.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        if token.strip() or line:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


# Every chart lays out for the narrowest screen it is read on (a 320 px phone: a chart 288 px
# wide) and stays readable when wider: texts are wrapped before they reach it, bar labels sit
# above their bars instead of beside them, and the title starts under the toolbar's band.
TITLE_WIDTH = 36  # characters a title line holds (Latin; CJK counts double): 15 px text, 288 px
LABEL_WIDTH = 40  # characters a bar label line holds: 13 px text in a 288 px chart
TOOLBAR_PX = 46  # the plotly toolbar's band (26 px) and the title's ascent: nothing under it
TITLE_LINE_PX = 20
BAR_PX = 16
BAR_GAP_PX = 16
LABEL_LINE_PX = 17  # 13 px text, plotly's 1.3 line spacing
LEGEND_ENTRY_PX = 24  # a legend line: 14 px text and its gap
AXIS_BELOW_PX = 44  # a date axis's tick labels, and a gap before the legend


def layout(fig: go.Figure, height: int, **kwargs) -> go.Figure:
    margin = {"l": 10, "r": 30, "t": 40, "b": 10, **kwargs.pop("margin", {})}
    # The "plotly_white" template is validated once per process and then set without being
    # validated again, as plotly sets its own default template: naming it in update_layout made
    # plotly resolve, validate and copy the whole template for every figure (~25 ms a chart).
    template = getattr(layout, "template", None)
    if template is None:
        import plotly.io as pio

        template = layout.template = go.layout.Template(pio.templates["plotly_white"])
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


def titled(fig: go.Figure, title: str) -> go.Figure:
    """`fig` with `title` written at its top left, in the image its toolbar exports too: wrapped
    to fit a phone, below the toolbar's band, the figure made taller by as much so that the plot
    keeps its size. Changed in place and returned."""
    text = wrap(title, TITLE_WIDTH)
    lines = text.count("<br>") + 1 if text else 0
    top = TOOLBAR_PX + TITLE_LINE_PX * lines + 8
    old = fig.layout.margin.t if fig.layout.margin.t is not None else 40
    fig.update_layout(
        title={
            "text": f"<b>{text}</b>" if text else "",
            "font": {"size": 15, "color": CHART_TEXT_COLOUR},
            "xref": "container",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"l": 6, "t": TOOLBAR_PX},
        },
        margin={"t": old + top},
        height=(fig.layout.height or 450) + top,
    )
    return fig


def row_name(row: pd.Series) -> str:
    """The row's indicator in the reader's language (`_indicator_name`), else its English."""
    name = row.get("_indicator_name", "")
    return name if isinstance(name, str) and name else str(row["indicator"])


def hover_text(row: pd.Series, lang: str, heading: str | None = None) -> str:
    """A plotted row's hover text: its name, figure and date, source; its words in `lang`."""
    _ = i18n.words(lang)
    lines = [f"<b>{wrap(heading or row_name(row), 60)}</b>"]
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


def empty_figure(message: str, height: int = 220) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font=FONT
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return layout(fig, height)
