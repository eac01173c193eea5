"""One indicator's figures against its targets as an inline SVG, drawn from its API document
(`documents.indicator_document`): the baked page's chart, readable without JavaScript.

The same marks and colours as the app's chart (`tracker.charts.series_chart`): comparable
figures as filled Okabe-Ito blue markers joined by a line (a triangle for "more than" / "at
least", a circle for an exact figure), figures not comparable with the targets as hollow grey
circles, counts over a period as green diamonds, each target as a vermillion star at its
deadline with a dashed line at its level. Written by hand (no Plotly static export: Kaleido
needs Chrome, and a page must bake on a machine without a browser).
"""

from __future__ import annotations

import html
import math
from datetime import date
from typing import Any

from etl import figures
from tracker import i18n
from tracker.chart_style import CHART_TEXT_COLOUR

COMPARABLE = "#0072B2"
NOT_COMPARABLE = "#595959"  # the darker grey the app uses for text on white (7:1)
TARGET = "#D55E00"
PERIOD = "#009E73"
AXIS = "#5C5F6B"
GRID = "#E6E6EA"

WIDTH, HEIGHT = 540, 300
LEFT, RIGHT, TOP, BOTTOM = 58, 20, 34, 36


def _day(value: str) -> int:
    return date.fromisoformat(value[:10]).toordinal()


def _nice_step(span: float) -> float:
    """A step of 1, 2 or 5 times a power of ten giving four to six gridlines."""
    if span <= 0:
        return 1.0
    raw = span / 5
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if raw <= m * power)


def _star(x: float, y: float, r: float = 8) -> str:
    points = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.45
        angle = math.pi / 2 + k * math.pi / 5
        points.append(f"{x + radius * math.cos(angle):.1f},{y - radius * math.sin(angle):.1f}")
    return " ".join(points)


def _marker(kind: str, x: float, y: float, colour: str, filled: bool, label: str) -> str:
    fill = colour if filled else "#ffffff"
    title = f"<title>{html.escape(label)}</title>"
    if kind == "triangle":
        shape = (
            f'<polygon points="{x:.1f},{y - 7:.1f} {x - 6.5:.1f},{y + 5:.1f} {x + 6.5:.1f},'
            f'{y + 5:.1f}" fill="{fill}" stroke="{colour}" stroke-width="2">{title}</polygon>'
        )
    elif kind == "diamond":
        shape = (
            f'<polygon points="{x:.1f},{y - 7:.1f} {x - 7:.1f},{y:.1f} {x:.1f},{y + 7:.1f} '
            f'{x + 7:.1f},{y:.1f}" fill="{fill}" stroke="{colour}" stroke-width="2">'
            f"{title}</polygon>"
        )
    elif kind == "star":
        shape = (
            f'<polygon points="{_star(x, y)}" fill="{fill}" stroke="{colour}" '
            f'stroke-width="1.5">{title}</polygon>'
        )
    else:
        shape = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="{fill}" stroke="{colour}" '
            f'stroke-width="2">{title}</circle>'
        )
    return shape


def describe(document: dict[str, Any], name: str, lang: str) -> str:
    """The chart's text alternative: how many figures, the latest with its date, and each
    target with its deadline and status (as `chart_context.describe_series` says it)."""
    _ = i18n.words(lang)
    ngettext = i18n.plural_words(lang)
    from tracker import status_style

    unit = document["indicator"]["unit"]
    obs = sorted(document["observations"], key=lambda o: o["as_of"] or "")
    parts = []
    if obs:
        latest = obs[-1]
        text = _("latest {figure}, {date}").format(
            figure=figures.figure_text(latest["value"], latest["comparator"], unit, lang=lang),
            date=figures.show_date(latest["as_of"], lang=lang),
        )
        if not latest["comparable"]:
            text += _(" (not comparable with its targets)")
        parts.append(
            ngettext("{n} figure reported", "{n} figures reported", len(obs)).format(n=len(obs))
            + _(", ")
            + text
        )
    else:
        parts.append(_("no reported value"))
    for t in document["targets"]:
        goal = _("goal {figure} {date}").format(
            figure=figures.figure_text(t["value"], t["comparator"], unit, lang=lang),
            date=figures.show_date(t["deadline"], lang=lang),
        )
        parts.append(f"{goal} ({status_style.text(t['status'], lang)})")
    return _("{name}: {details}.").format(name=name, details=_("; ").join(parts))


def svg_chart(document: dict[str, Any], name: str, lang: str, chart_id: str = "chart") -> str:
    """The SVG element (role img, its title and description), or "" when there is nothing to
    draw (no figure and no numeric target)."""
    _ = i18n.words(lang)
    unit = document["indicator"]["unit"]
    obs = [o for o in document["observations"] if o["value"] is not None and o["as_of"]]
    targets = [t for t in document["targets"] if t["value"] is not None and t["deadline"]]
    if not obs and not targets:
        return ""
    days = [_day(o["as_of"]) for o in obs] + [_day(t["deadline"]) for t in targets]
    values = [float(o["value"]) for o in obs] + [float(t["value"]) for t in targets]
    first, last = min(days), max(days)
    if first == last:
        first, last = first - 365, last + 365
    pad = (last - first) * 0.04
    first, last = first - pad, last + pad
    # The value axis starts at zero (or below it, for a negative figure), so bars of
    # progress are never exaggerated.
    top_value = max(max(values), 0.0)
    low_value = min(min(values), 0.0)
    step = _nice_step(top_value - low_value or 1.0)
    ymax = step * (math.floor(top_value / step) + 1)
    ymin = step * math.floor(low_value / step)

    def x_of(day: float) -> float:
        return LEFT + (day - first) / (last - first) * (WIDTH - LEFT - RIGHT)

    def y_of(value: float) -> float:
        return HEIGHT - BOTTOM - (value - ymin) / (ymax - ymin) * (HEIGHT - TOP - BOTTOM)

    out = []
    # Gridlines and the value axis.
    tick = ymin
    while tick <= ymax + step / 2:
        y = y_of(tick)
        label = figures.number_text(tick, lang=lang)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">{html.escape(label)}</text>'
        )
        tick += step
    # Years on the time axis (every year, or every other when there are many).
    y0, y1 = date.fromordinal(int(first)).year + 1, date.fromordinal(int(last)).year
    years = list(range(y0, y1 + 1)) or [date.fromordinal(int(first)).year]
    every = max(1, (len(years) + 7) // 8)
    for year in years[::every]:
        x = x_of(date(year, 1, 1).toordinal())
        if LEFT <= x <= WIDTH - RIGHT:
            out.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{HEIGHT - BOTTOM}" '
                f'y2="{HEIGHT - BOTTOM + 5}" stroke="{AXIS}"/>'
                f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 20}" text-anchor="middle">{year}</text>'
            )
    out.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" y2="{HEIGHT - BOTTOM}" '
        f'stroke="{AXIS}"/>'
    )
    start = min((_day(o["as_of"]) for o in obs), default=None)
    for t in targets:
        end = _day(t["deadline"])
        begin = _day(t["period_start"]) if t.get("period_start") else (start or end - 365)
        y = y_of(float(t["value"]))
        out.append(
            f'<line x1="{x_of(min(begin, end)):.1f}" x2="{x_of(end):.1f}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
    level = sorted(
        (o for o in obs if o["comparable"] and not o.get("period_start")),
        key=lambda o: o["as_of"],
    )
    if len(level) > 1:
        points = " ".join(f"{x_of(_day(o['as_of'])):.1f},{y_of(o['value']):.1f}" for o in level)
        out.append(
            f'<polyline points="{points}" fill="none" stroke="{COMPARABLE}" stroke-width="2"/>'
        )
    for o in obs:
        figure = figures.figure_text(o["value"], o["comparator"], unit, lang=lang)
        label = f"{figure}, {figures.show_date(o['as_of'], lang=lang)}"
        x, y = x_of(_day(o["as_of"])), y_of(float(o["value"]))
        if o.get("period_start"):
            out.append(_marker("diamond", x, y, PERIOD, True, label))
        elif not o["comparable"]:
            out.append(_marker("circle", x, y, NOT_COMPARABLE, False, label))
        elif o["comparator"] in (">", ">="):
            out.append(_marker("triangle", x, y, COMPARABLE, True, label))
        else:
            out.append(_marker("circle", x, y, COMPARABLE, True, label))
    for t in targets:
        figure = figures.figure_text(t["value"], t["comparator"], unit, lang=lang)
        label = _("goal {figure} {date}").format(
            figure=figure, date=figures.show_date(t["deadline"], lang=lang)
        )
        out.append(
            _marker("star", x_of(_day(t["deadline"])), y_of(float(t["value"])), TARGET, True, label)
        )
    unit_title = figures.unit_title(unit, lang)
    title = html.escape(_("{name} over time, against its targets").format(name=name))
    desc = html.escape(describe(document, name, lang))
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="system-ui, sans-serif" font-size="15" fill="{CHART_TEXT_COLOUR}">'
        f'<title id="{chart_id}-title">{title}</title><desc id="{chart_id}-desc">{desc}</desc>'
        f'<text x="4" y="16" font-size="14" fill="{AXIS}">'
        f"{html.escape(unit_title)}</text>" + "".join(out) + "</svg>"
    )


def legend(lang: str) -> list[tuple[str, str]]:
    """The chart's marks and what each means: (an inline SVG of the mark, its words)."""
    _ = i18n.words(lang)

    def mark(shape: str) -> str:
        return f'<svg class="mark" viewBox="0 0 20 20" aria-hidden="true">{shape}</svg>'

    return [
        (mark(_marker("circle", 10, 10, COMPARABLE, True, "")), _("exact figure")),
        (
            mark(_marker("triangle", 10, 11, COMPARABLE, True, "")),
            _("“more than” or “at least”"),
        ),
        (
            mark(_marker("circle", 10, 10, NOT_COMPARABLE, False, "")),
            _("not comparable with its targets"),
        ),
        (mark(_marker("diamond", 10, 10, PERIOD, True, "")), _("counted over a period")),
        (mark(_marker("star", 10, 10, TARGET, True, "")), _("target at its deadline")),
    ]
