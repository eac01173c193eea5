"""What every chart carries (issue 19): a text alternative in the reader's language, a footer
inside the figure (sources, release, address: what the toolbar's image keeps), the image's file
name, and its rows as a table one click away."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.app.test_pages import PAGES, open_page
from tracker import chart_context, chart_style, charts, indicators, releases, ui
from tracker.text import md

CHART_PAGES = [p for p, (_, n_charts, _) in PAGES.items() if n_charts]


def footer_of(chart) -> str:
    fig = json.loads(chart.proto.spec)
    [footer] = [a for a in fig["layout"].get("annotations", []) if a.get("name") == "footer"]
    return footer["text"]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", CHART_PAGES)
def test_every_chart_has_its_footer_text_alternative_table_and_image_name(page, lang):
    at = open_page(page, {"lang": lang})
    assert not at.exception, [e.value for e in at.exception]
    version = releases.current_version()
    charts = at.get("plotly_chart")
    assert charts
    chart_word = "**图表：**" if lang == "zh" else "**Chart:**"
    described = [m.value for m in at.markdown if m.value.startswith(chart_word)]
    assert len(described) == len(charts)
    assert all(len(d) > len(chart_word) + 20 for d in described)
    tables = [
        e for e in at.expander if e.label in ("The chart's data as a table", "以表格查看图表数据")
    ]
    assert len(tables) == len(charts)
    assert all(len(e.get("table")) == 1 for e in tables)
    for chart in charts:
        footer = footer_of(chart)
        release = f"版本 {version}" if lang == "zh" else f"release {version}"
        assert release in footer
        assert "CC BY 4.0" in footer
        assert "http://" in footer  # the chart's address, whole on its own line
        key = chart.key.removesuffix("_chart")
        name = json.loads(chart.proto.config)["toImageButtonOptions"]["filename"]
        assert name == f"{ui.slug(key)}-{version}"


def test_the_indicator_chart_is_described_with_its_latest_figure_and_goals():
    at = open_page("pages/indicator_page.py", {"id": "key_process_cnc_rate"})
    [described] = [m.value for m in at.markdown if m.value.startswith("**Chart:**")]
    described = described.replace("\\", "").replace("\u2060", "")  # the Markdown escapes
    assert "Numerical control rate of key processes: 6 figures reported, latest 66.2%" in described
    assert "goal ≥ 68% by 31 Dec 2025" in described
    assert "goal > 75% by 31 Dec 2027" in described
    [chart] = at.get("plotly_chart")
    footer = footer_of(chart)
    assert footer.startswith("Source: 21st Century Business Herald")
    assert "and 5 more sources" in footer.replace("<br>", " ")
    # The address at the end, broken only before its query: each line typed as it stands.
    assert footer.rstrip().endswith("/indicator<br>?id=key_process_cnc_rate")
    name = json.loads(chart.proto.config)["toImageButtonOptions"]["filename"]
    assert name == f"indicator-key_process_cnc_rate-{releases.current_version()}"


def frame(**columns) -> pd.DataFrame:
    return pd.DataFrame(columns)


def test_descriptions_of_targets_and_statuses():
    targets = frame(
        indicator=["A", "B", "C"],
        _indicator_name=["Alpha", "Beta", "Gamma"],
        _target_text=["≥ 10", "> 5", "100"],
        _percent=[120.0, 40.0, None],
        _percent_text=["120%", "40%", ""],
        _status=["met", "off_track", "no_data"],
    )
    text = chart_context.describe_percent(targets, lang="en")
    assert text.startswith("Latest value as a percentage of the target, for 3 targets: ")
    assert "highest: Alpha (target ≥ 10): 120%" in text
    assert "lowest: Beta (target > 5): 40%" in text
    assert text.endswith("1 target has no reported value.")
    counts = chart_context.describe_status_counts(targets, lang="en")
    assert counts.startswith("3 targets by progress status: ")
    assert chart_context.describe_percent(targets.iloc[0:0], lang="en") == (
        "No targets for the selected areas."
    )
    # the language is the argument's, whatever the thread's
    chinese = chart_context.describe_status_counts(targets, lang="zh")
    assert chinese.startswith("按进展状态统计的3个目标：")


def test_the_footer_lists_a_few_sources_then_how_many_more_and_keeps_the_address_whole():
    rows = frame(_source_title=[f"Source {i}" for i in range(5)] + ["Source 0"])
    address = "http://example.org/indicator?id=" + "x" * 150
    lines = chart_context.footer_lines(rows, "2026.12.04", address, lang="en")
    # Each line fits a phone's chart (FOOTER_WIDTH), broken between words; the address only
    # before its query, so that no name or id is cut.
    assert lines[:2] == ["Source: Source 0; Source 1; Source 2 and 2 more", "sources"]
    assert lines[2:4] == [
        "China intelligent manufacturing progress tracker,",
        "release 2026.12.04 · CC BY 4.0",
    ]
    assert lines[4:] == ["http://example.org/indicator", "?id=" + "x" * 150]
    assert all(len(line) <= chart_context.FOOTER_WIDTH for line in lines[:5])


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (  # a word, a number, an abbreviation: never cut inside
            "Source: MIIT notice on People's Daily figures for 2025 (nearly 10,000 firms)",
            ["Source: MIIT notice on People's", "Daily figures for 2025 (nearly", "10,000 firms)"],
        ),
        (  # Chinese breaks between characters, a number stays with its unit, brackets whole
            "来源：辛国斌（工业和信息化部）谈智能制造，2023年4月7日",
            ["来源：辛国斌（工业和信息化部）谈", "智能制造，2023年4月7日"],
        ),
    ],
)
def test_footer_lines_break_between_words_never_inside_one(text, lines):
    assert chart_style.lines_of(text, 32) == lines


def test_the_footer_makes_the_figure_taller_and_keeps_the_plot_size():

    series = indicators.indicator_series("key_process_cnc_rate", lang="en")
    fig = charts.series_chart(series, title="x", lang="en")
    before = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    chart_context.with_footer(fig, ["one", "two"])
    after = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    assert after == before
    assert fig.layout.annotations[-1].text == "one<br>two"


def test_the_table_shows_each_cell_as_its_characters():
    table = chart_context.table(
        frame(
            record=["observation", "target"],
            _figure=["66.2%", "> 75%"],
            _date_text=["as of 31 Mar 2025", "by 31 Dec 2027"],
            _source_title=["A report", "A plan"],
        ),
        lang="en",
    )
    assert list(table.columns) == ["Row", "Value", "Date", "Source"]
    assert table["Value"].tolist() == [md("66.2%"), md("> 75%")]
