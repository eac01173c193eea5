"""Every page run through Streamlit's AppTest, started from dashboard.py."""

from __future__ import annotations

import builtins
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl.build import DEFAULT_DATASETS, build
from tests.app.conftest import ASSESSED_ON, DASHBOARD, decode, figure_json, plotted_rows
from tracker import releases, ui
from tracker.text import md

TIMEOUT = 60
# page script -> (title, charts, chart downloads) with every area selected: one area (the
# first) and one trajectory are drawn at a time
PAGES = {
    "pages/overview_page.py": ("Overview", 2, 2),
    "pages/work_areas_page.py": ("Work areas", 2, 2),
    "pages/priorities_page.py": ("Forward priorities", 2, 2),
    "pages/targets_page.py": ("Targets vs actual", 1, 1),
    "pages/indicator_page.py": ("Indicators", 0, 0),
    "pages/data_page.py": ("Data", 0, 0),
    "pages/sources_page.py": ("Sources & method", 0, 0),
}


def open_page(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    if query:
        for k, v in query.items():
            at.query_params[k] = v
    at.run()
    if page != "pages/overview_page.py":
        at.switch_page(page)
        at.run()
    return at


def url_areas(at: AppTest) -> list[str]:
    value = at.query_params.get("area", [])
    return [value] if isinstance(value, str) else list(value)


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", list(PAGES))
def test_page_runs_with_title_charts_and_downloads(page, downloads):
    title, n_charts, n_chart_downloads = PAGES[page]
    at = open_page(page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    assert [t.value for t in at.title] == [title]
    assert len(at.get("plotly_chart")) == n_charts
    chart_downloads = [b for b in at.get("download_button") if b.label == "Download CSV"]
    assert len(chart_downloads) == n_chart_downloads
    assert any(c.value.startswith("**As of ") for c in at.caption)


def test_downloads_hold_exactly_the_rows_each_chart_plots(downloads):
    for page in ("pages/overview_page.py", "pages/work_areas_page.py", "pages/priorities_page.py"):
        downloads.clear()
        at = open_page(page)
        charts_ = at.get("plotly_chart")
        assert charts_
        for chart in charts_:
            # the chart "<key>_chart" has its download "<key>_download", file
            # "<key>-<version>.csv"
            key = chart.key.removesuffix("_chart")
            assert at.get_by_key(f"{key}_download") is not None
            payload = downloads[f"{ui.slug(key)}-{releases.current_version()}.csv"]
            frame = pd.read_csv(io.BytesIO(payload), keep_default_na=False)
            fig = figure_json(chart)
            rows = plotted_rows(fig)
            if not rows:  # an aggregate (status counts): the bars add up to the rows
                assert sum(decode(fig["data"][0]["x"])) == len(frame)
                continue
            assert sorted(rows) == list(range(len(frame))), page
            for i, point in rows.items():
                hover = point["hover"].replace("<br>", " ")
                assert str(frame.loc[i, "indicator"]) in hover  # the row's indicator ...
                if isinstance(point["x"], str):  # ... and, on a time series, its value
                    assert point["y"] == pytest.approx(float(frame.loc[i, "value"]))
                if frame.loc[i, "record"] == "observation":  # ... and its source
                    assert str(frame.loc[i, "source_title"])[:30] in hover


def test_overview_shows_comparators_and_no_reported_value():
    at = open_page("pages/overview_page.py", {"horizon": "2025"})
    values = [m.value for m in at.metric]
    assert "> 340" in values and "421" in values and "> 150" in values
    # the 70% goal stated twice, counted once; platform penetration 45% (issue 26) has no value
    assert "**∅ No reported value**: 4 ·" in texts(at)
    assert "**No reported value.**" in texts(at)


def test_overview_answers_were_the_2025_goals_met(downloads):
    at = open_page("pages/overview_page.py")
    body = texts(at)
    assert (
        "**✔ Met**: 1 · **✔? Met on a proxy only**: 3 · **? No verdict**: 9 "
        "(of 13 goals due by the end of 2025)" in body
    )
    # the period count is decided by what was done in 2021-2025, with its sentence
    assert "Goal: ≥ 200 made during 2021–2025 by 31 Dec 2025" in body
    assert "Decided by **491** (Sep 2025)" in body
    assert "> “491 national standards were issued in the smart manufacturing sector”" in body
    # no verdict: the latest figure and its trend instead
    assert "Latest figure: **83.5%** (31 Mar 2025) · trend: ▲ On track" in body
    verdicts = pd.read_csv(io.BytesIO(downloads["verdicts-2025.csv"]), keep_default_na=False)
    assert len(verdicts) == 13  # the 70% goal, stated twice, is one goal
    met = verdicts.set_index("goal").loc["≥ 200 made during 2021–2025"]
    assert (met["verdict"], met["deciding_figure"], met["deciding_date"]) == (
        "Met on a proxy only",
        "491",
        "2025-09",
    )
    # commitments without a figure: evidence quoted, or "no evidence found"
    expanders = [e.label for e in at.expander]
    assert any(
        label.startswith("∅ No evidence found: Plan and deploy major") for label in expanders
    )
    assert any(label.startswith("✔ Evidence found: Build several smart") for label in expanders)
    assert "Awaited figures" in [h.value for h in at.subheader]


def test_overview_shows_every_2025_verdict_first_in_one_table():
    at = open_page("pages/overview_page.py")
    tables = [m.value for m in at.markdown if m.value.startswith("| Goal | Verdict |")]
    assert len(tables) == 1
    # the table comes straight after the counts, before any detail
    values = [m.value for m in at.markdown]
    assert values.index(tables[0]) == values.index(next(v for v in values if "goals due" in v)) + 1
    rows = tables[0].splitlines()[2:]
    assert len(rows) == 13  # one row a goal (the 70% goal, stated twice, is one), all on a page
    assert all('<a href="/indicator?id=' in r and 'target="_self"' in r for r in rows)
    assert sum("manufacturing_digital_networked" in r for r in rows) <= 1
    platforms = next(r for r in rows if "industrial_internet_platforms" in r)
    assert "| **✔ Met** | **> 340** (15 Jan 2026), [China Daily" in platforms
    cnc = next(r for r in rows if "key_process_cnc_rate" in r)
    assert "**? No verdict** | latest: 66.2% (31 Mar 2025), decides nothing" in cnc


def test_horizon_filter_lives_in_the_url_and_filters_targets():
    at = open_page("pages/targets_page.py", {"horizon": "after-2025"})
    table = at.dataframe[0].value
    assert len(table) > 0 and not (table["_horizon"] == "2025").any()
    assert at.radio(key="sidebar_horizon").value == "after-2025"
    at.radio(key="sidebar_horizon").set_value("2025").run()
    assert at.query_params["horizon"] == ["2025"] or at.query_params["horizon"] == "2025"
    assert set(at.dataframe[0].value["_horizon"]) == {"2025"}
    at.radio(key="sidebar_horizon").set_value("all").run()
    assert "horizon" not in at.query_params
    bogus = open_page("pages/targets_page.py", {"horizon": "2099"})
    assert "2099" in bogus.warning[0].value and not bogus.exception


def test_area_filter_changes_what_pages_show():
    at = open_page("pages/work_areas_page.py")
    assert at.button_group(key="work_tabs").options == [
        "Technological breakthroughs",
        "Solution supply",
        "Leadership and demonstration",
        "Standards",
    ]
    for area in ("technological_breakthroughs", "solution_supply", "leadership_demonstration"):
        at.checkbox(key=f"sidebar_area_{area}").uncheck()
    at.run()
    assert at.button_group(key="work_tabs").options == ["Standards"]
    assert len(at.get("plotly_chart")) == 2
    assert url_areas(at) == [
        "standards",
        "applications",
        "supply_support",
        "infrastructure",
    ]
    # the filter survives a page switch, and the URL keeps it
    at.switch_page("pages/targets_page.py")
    at.run()
    expected = ui.data.targets_frame(
        ["standards", "applications", "supply_support", "infrastructure"], lang="en"
    )
    assert len(at.dataframe[0].value) == len(expected) > 10
    at.checkbox(key="sidebar_area_applications").uncheck()
    at.checkbox(key="sidebar_area_supply_support").uncheck()
    at.checkbox(key="sidebar_area_infrastructure").uncheck()
    at.run()
    table = at.dataframe[0].value
    assert set(table["indicator"]) == {"National standards for intelligent manufacturing"}
    assert url_areas(at) == ["standards"]


def test_url_opens_filtered():
    at = open_page("pages/overview_page.py", {"area": ["standards"]})
    assert at.checkbox(key="sidebar_area_standards").value
    assert not at.checkbox(key="sidebar_area_applications").value
    assert [m.value for m in at.metric] == ["491"]  # counted over 2021-2025
    assert not at.warning
    at.switch_page("pages/work_areas_page.py")
    at.run()
    assert at.button_group(key="work_tabs").options == ["Standards"]


def test_unknown_area_shows_a_notice_not_an_error():
    at = open_page("pages/overview_page.py", {"area": ["standards", "bogus"]})
    assert not at.exception and not at.error
    assert len(at.warning) == 1 and "bogus" in at.warning[0].value
    assert [m.value for m in at.metric] == ["491"]


def test_page_of_other_kind_says_nothing_selected():
    at = open_page("pages/priorities_page.py", {"area": ["standards"]})
    assert not at.exception
    assert "No area of this page is selected" in at.info[0].value


def test_priorities_say_no_reported_value_plainly():
    at = open_page("pages/priorities_page.py")
    assert at.button_group(key="prio_tabs").options == [
        "Applications",
        "Supply support",
        "Infrastructure",
    ]
    goals = at.selectbox(key="prio_applications_goal")
    assert len(at.get("plotly_chart")) == 2  # the first goal shown has figures to draw
    no_value = next(
        i for i, label in enumerate(goals.options) if label.startswith("High-level industrial AI")
    )
    goals.set_value(no_value).run()
    assert "No reported value: no figure has been found for this goal" in texts(at)
    assert len(at.get("plotly_chart")) == 1
    at.button_group(key="prio_tabs").set_value("infrastructure").run()
    assert at.header[-1].value == "Infrastructure"


def test_data_page_downloads_and_filters(downloads):
    at = open_page("pages/data_page.py")
    assert {b.label for b in at.get("download_button")} == {
        "CSV (one file)",
        "Excel workbook",
        "Data package (zip)",
        "Parquet (zip)",
    }
    assert (
        downloads[f"china-intelligent-manufacturing-progress-{releases.current_version()}.xlsx"][:2]
        == b"PK"
    )
    assert (
        downloads[f"china-intelligent-manufacturing-progress-{releases.current_version()}.zip"][:2]
        == b"PK"
    )
    assert (
        b"more than"
        in downloads[f"china-intelligent-manufacturing-progress-{releases.current_version()}.csv"]
    )
    n_all = len(at.dataframe[0].value)
    at.text_input(key="data_search").input("platform").run()
    filtered = at.dataframe[0].value
    assert 0 < len(filtered) < n_all
    assert all("platform" in " ".join(map(str, r)).lower() for r in filtered.values)


def test_sources_page_transcript_method_dictionary():
    at = open_page("pages/sources_page.py")
    listed = "".join(m.value for m in at.markdown)
    for title in (
        "SCIO press conference on industry and information technology in Q1 2024",
        "14th Five-Year Plan for Intelligent Manufacturing Development",
        "China Economic Weekly: tiered smart factories at the end of 2025",
    ):
        # every source listed with its whole title (as literal text: tracker.text.md)
        assert f"**{md(title)}" in listed
    sources = (DEFAULT_DATASETS / "sources.csv").read_text(encoding="utf-8").count("\n") - 1
    assert listed.count(" confidence · ") == sources
    html = "".join(h.proto.body for h in at.get("html"))
    assert '<div class="transcript">' in html
    assert "<mark" in html and "Figures quoted from this source" in html
    # the figure's own words in the quote, marked and linked to its row
    assert (
        '<a href="#figure-observation-scio-companies-empowered-2024-04">more than 3,400</a></mark>'
        in html
    )
    body = texts(at)
    assert "Open SDG" in body  # the status method
    assert "How to cite" in "".join(h.value for h in at.header)


def test_unreadable_database_gives_the_fix_command(tmp_path, monkeypatch):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"not a database")
    monkeypatch.setenv("TRACKER_DB", str(bad))
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    assert "make etl" in at.error[0].value


def test_pages_serve_from_the_database_alone(tmp_path, monkeypatch, downloads):
    """The served database is the app's one input: built from a copy of datasets/ that is then
    deleted, with every read of the real datasets/ refused, every page serves and downloads."""
    copy = tmp_path / "datasets"
    shutil.copytree(DEFAULT_DATASETS, copy)
    served = tmp_path / "tracker.duckdb"
    build(copy, served, ASSESSED_ON)
    shutil.rmtree(copy)
    monkeypatch.setenv("TRACKER_DB", str(served))
    refused: list[str] = []
    real_open = io.open

    def guarded_open(file, *args, **kwargs):
        if isinstance(file, str | Path) and Path(file).resolve().is_relative_to(DEFAULT_DATASETS):
            refused.append(str(file))
            raise PermissionError(f"the app opened {file}")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(builtins, "open", guarded_open)
    for page, (title, n_charts, n_chart_downloads) in PAGES.items():
        downloads.clear()
        at = open_page(page)
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not at.error, page
        assert [t.value for t in at.title] == [title]
        assert len(at.get("plotly_chart")) == n_charts
        csvs = [name for name in downloads if name.endswith(".csv")]
        assert len(csvs) >= n_chart_downloads, page
        assert all(downloads[name] for name in downloads), page
    assert refused == []
    html = "".join(h.proto.body for h in at.get("html"))  # the sources page, last
    assert '<div class="transcript">' in html and "more than 3,400</a></mark>" in html


def test_the_overview_says_where_no_official_figure_was_found():
    at = open_page("pages/overview_page.py")
    [table] = [m.value for m in at.markdown if m.value.startswith("| Goal | Verdict |")]
    cnc = next(r for r in table.splitlines() if "key_process_cnc_rate" in r)
    # two sentences, each ended (issue 28: "decides nothing No official figure…")
    assert "decides nothing. No official figure found as of 6 Dec 2026. |" in cnc
    zh = open_page("pages/overview_page.py", {"lang": "zh"})
    [table_zh] = [m.value for m in zh.markdown if m.value.startswith("| 目标 |")]
    cnc_zh = next(r for r in table_zh.splitlines() if "key_process_cnc_rate" in r)
    assert "不足以判定。截至" in cnc_zh and "不足以判定 " not in cnc_zh
    # a commitment with no evidence shows what was searched for it
    expanders = [e for e in at.expander if e.label.startswith("∅ No evidence found")]
    assert expanders
    assert any(
        inner.label.startswith("What was searched") for e in expanders for inner in e.expander
    )


def test_the_overview_says_why_it_counts_fewer_targets_than_the_data():
    """Issue 28: the Overview counted 26 targets, the API and Data page 27, unexplained: the
    70% goal is stated by two documents and counted once."""
    from tracker import documents

    at = open_page("pages/overview_page.py")
    rows = len(documents.targets_document()["targets"])
    said = [c.value for c in at.caption if "stated twice" in c.value]
    assert said == [
        f"{rows - 1} goals: 1 goal is stated twice, by two documents, and counted once (the "
        f"data, its downloads and the API list {rows} target rows, one a statement)."
    ]
    assert f"(of {rows - 1} targets)" in texts(at)
