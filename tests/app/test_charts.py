"""Chart builders: traces, axes, target lines, labels, and rows plotted = rows offered."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from tests.app.conftest import ALL_AREAS as ALL
from tracker import chart_style, charts, data, indicators, status_style


def traces(fig, meta=None):
    return [t for t in fig.data if meta is None or t.meta == meta]


def test_series_chart_plots_every_row_and_marks_non_comparable():
    f = indicators.series_frame(["standards"], lang="en")
    national = f[f["_indicator_id"] == "national_standards"]
    fig = charts.series_chart(national, title="National standards", lang="en")
    assert charts.plotted_rows(fig) == list(range(len(national)))
    names = [t.name for t in traces(fig, "rows")]
    # a count over 2021-2025 is not a point of the series of totals: its own trace
    assert names == [
        "Reported figure",
        "Counted over a period (1 Jan 2021 – 4 Sep 2025)",
        "Target at its deadline",
    ]
    assert list(traces(fig, "rows")[1].y) == [491.0]
    target = traces(fig, "rows")[-1]
    assert list(target.text) == [
        "target ≥ 200 made during 2021–2025",
        "target ≥ 100 made during 2025–2026",
    ]
    assert fig.layout.yaxis.title.text == "Number"
    # the dashed target line of a period count runs at its level over its period
    line = next(t for t in traces(fig, "derived") if t.line.dash == "dash")
    assert list(line.y) == [200.0, 200.0]
    assert str(line.x[0])[:10] == "2021-01-01"
    hover = " ".join(c[1] for t in traces(fig, "rows") for c in t.customdata)
    assert "Source: SCIO press conference" in hover and "stated 18 Apr 2024" in hover
    assert "> 300" in hover  # the comparator, not a rounded number

    international = f[f["_indicator_id"] == "international_standards"]
    fig = charts.series_chart(international, lang="en")
    not_comparable = [t for t in traces(fig, "rows") if t.name.startswith("Not comparable")]
    assert len(not_comparable) == 1 and list(not_comparable[0].y) == [38.0]
    assert all(s.endswith("-open") for s in not_comparable[0].marker.symbol)
    assert "not used for status" in not_comparable[0].customdata[0][1]


def test_series_chart_marks_more_than_with_triangles():
    f = indicators.series_frame(["infrastructure"], lang="en")
    platforms = f[f["_indicator_id"] == "industrial_internet_platforms"]
    fig = charts.series_chart(platforms, lang="en")
    points = traces(fig, "rows")[0]
    assert set(points.marker.symbol) == {"triangle-up"}
    assert "> 340" in list(points.text)


def test_percent_of_target_chart_sorted_coloured_labelled():
    f = data.targets_frame(ALL, lang="en")
    fig = charts.percent_of_target_chart(f, lang="en")
    bars = traces(fig, "rows")[0]
    assert sorted(int(c[0]) for c in bars.customdata) == list(range(len(f)))
    xs = list(bars.x)
    assert xs[0] > 280 and xs == sorted(xs, reverse=True)
    labels = next(t for t in traces(fig, "derived") if t.mode == "text").text
    # Each bar's label above it: the indicator's name, wrapped for a phone, then its figures.
    assert labels[0] == (
        "<b>Influential industrial internet<br>platforms</b>"
        "<br>> 283% · > 340 of ≥ 120 · ✔ Achieved"
    )
    assert any(label.endswith("<br>∅ No reported value · target > 50%") for label in labels)
    assert all(
        len(line) <= chart_style.LABEL_WIDTH
        for label in labels
        for line in re.sub("</?b>", "", label).split("<br>")
    )
    assert "#009E73" in bars.marker.color  # achieved, Okabe-Ito bluish green
    mark = next(t for t in traces(fig, "derived") if t.mode == "lines")  # the target, 100%
    assert {x for x in mark.x if x is not None} == {100}
    assert len(set(bars.y)) == len(f)  # two targets of one indicator stay two bars
    assert fig.layout.yaxis.visible is False  # no tick labels squeeze the bars on a phone


def test_bullet_chart_has_target_background():
    f = data.targets_frame(["applications"], lang="en")
    fig = charts.percent_of_target_chart(f, bullet=True, lang="en")
    background = traces(fig, "derived")[0]
    assert set(background.x) == {100}
    assert len(traces(fig, "rows")[0].x) == len(f) >= 5


def test_status_counts_chart_counts_the_rows():
    f = data.targets_frame(ALL, lang="en")
    fig = charts.status_counts_chart(f, lang="en")
    bar = fig.data[0]
    assert sum(bar.x) == len(f)
    counted = Counter(status_style.text(s, lang="en") for s in f["_status"])
    assert dict(zip(bar.customdata, bar.x, strict=True)) == counted
    labels = next(t for t in fig.data if getattr(t, "mode", "") == "text").text
    achieved = counted["✔ Achieved"]
    assert f"✔ Achieved: {achieved} targets" in labels  # each bar's label says its count
    assert len(fig.layout.xaxis.tickvals) <= 6  # few enough ticks for a phone
    assert counted["✔ Achieved"] >= 3 and counted["◷ Deadline passed, no result reported"] >= 3
    assert fig.layout.xaxis.title.text == "Number of targets"


def test_trajectory_chart_path_projection_and_rows():
    f = data.trajectory_frame("t-cnc-68", ALL, lang="en")
    fig = charts.trajectory_chart(f, lang="en")
    assert charts.plotted_rows(fig) == list(range(len(f)))
    path = next(t for t in fig.data if t.name == "Path required from the baseline")
    assert list(path.y) == [54.6, 68.0]
    projection = next(t for t in fig.data if t.name == "Projection at the observed rate")
    assert round(projection.y[0], 2) == 69.07
    assert fig.layout.yaxis.title.text == "Percent (%)"


def test_empty_frames_say_so():
    empty = data.targets_frame([], lang="en")
    assert empty.empty
    fig = charts.percent_of_target_chart(empty, lang="en")
    assert fig.layout.annotations[0].text == "No targets for the selected areas"
    assert (
        charts.series_chart(pd.DataFrame(), lang="en").layout.annotations[0].text
        == "No reported value"
    )
