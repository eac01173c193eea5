"""What the app builds from the database is built once per database identity and reused on the
next rerun; a rebuilt database (a new file moved over the old one) is never served from what was
built from the old one."""

from __future__ import annotations

import os
from datetime import date

import pandas as pd

from etl.build import build
from tests.fixtures.small_dataset import write_small_dataset
from tracker import areas as areas_module
from tracker import charts, data, indicators, releases
from tracker import targets as targets_module


def series_of_first_indicator(areas):
    overview = indicators.indicator_overview(areas, lang="en")
    indicator = overview.loc[overview["observations"] > 0, "indicator_id"].iloc[0]
    return indicators.series_frame(areas, indicator, lang="en")


def test_frames_are_built_once_per_database(tracker_db):
    areas = list(data.areas()["area_id"])
    assert indicators.series_frame(areas[:1], lang="en") is indicators.series_frame(
        areas[:1], lang="en"
    )
    assert data.targets_frame(areas, lang="en") is data.targets_frame(areas, lang="en")
    assert data.targets_frame(areas, lang="en") is not data.targets_frame(areas[:1], lang="en")
    assert data.targets_frame(areas, ("2025",), lang="en") is not data.targets_frame(
        areas, lang="en"
    )


def test_each_language_has_its_own_build(tracker_db):
    # The language is part of every key (an argument of `built`): what was built in one
    # language is never served in the other, whichever is asked for first.
    areas = list(data.areas()["area_id"])
    zh = data.targets_frame(areas, lang="zh")
    en = data.targets_frame(areas, lang="en")
    assert zh is not en and zh is data.targets_frame(areas, lang="zh")
    assert list(en["_status_text"]) != list(zh["_status_text"])
    assert list(en["indicator"]) == list(zh["indicator"])  # the public columns stay English
    assert data.area_names("zh") != data.area_names("en")
    assert data.cached(("test_words",), lambda: "zh", lang="zh") == "zh"
    assert data.cached(("test_words",), lambda: "en", lang="en") == "en"


def test_a_chart_is_built_once_and_reused(tracker_db):
    areas = list(data.areas()["area_id"])
    frame = series_of_first_indicator(areas)
    built = []

    def build_figure():
        built.append(1)
        return charts.series_chart(frame, lang="en")

    fig, csv = data.chart_parts("test_chart", frame, build_figure, lang="en")
    again, csv_again = data.chart_parts(
        "test_chart", series_of_first_indicator(areas), build_figure, lang="en"
    )
    assert built == [1]  # the second call built nothing
    assert again is fig and csv_again is csv
    assert csv == data.chart_csv_bytes(frame)
    # the same content in another frame object is recognised by its content
    copy = frame.copy(deep=True)
    assert data.frame_fingerprint(copy) != data.frame_fingerprint(frame)  # not from data
    assert data.frame_fingerprint(copy) == data.frame_fingerprint(frame.copy(deep=True))
    assert data.chart_parts("test_chart", copy, build_figure, lang="en")[0] is not fig
    assert (
        data.chart_parts("test_chart", frame.copy(deep=True), build_figure, lang="en")[0] is not fig
    )
    assert built == [1, 1]
    # other rows, another key: another chart
    fewer = frame.iloc[:-1]
    csv = data.chart_parts("test_chart", fewer, build_figure, lang="en")[1]
    assert csv == data.chart_csv_bytes(fewer)
    assert data.chart_parts("other_chart", frame, build_figure, lang="en")[0] is not fig


def test_a_figure_given_built_is_drawn_as_given_with_its_csv(tracker_db):
    frame = series_of_first_indicator(list(data.areas()["area_id"]))
    fig = charts.series_chart(frame, lang="en")
    drawn, csv = data.chart_parts("given", frame, fig, lang="en")
    assert drawn is fig and csv == data.chart_csv_bytes(frame)


def test_a_rebuilt_database_invalidates_frames_and_charts(tmp_path, monkeypatch):
    datasets = write_small_dataset(tmp_path / "datasets")
    served = tmp_path / "tracker.duckdb"
    build(datasets, served, date(2026, 11, 24))
    monkeypatch.setenv("TRACKER_DB", str(served))
    areas = list(data.areas()["area_id"])
    before = data.targets_frame(areas, lang="en")
    fig, _ = data.chart_parts(
        "rebuilt", before, lambda: charts.percent_of_target_chart(before, lang="en"), lang="en"
    )
    assert data.targets_frame(areas, lang="en") is before

    rebuilt = tmp_path / "next.duckdb"
    build(datasets, rebuilt, date(2031, 1, 1))  # another assessment date: other statuses
    os.replace(rebuilt, served)
    after = data.targets_frame(areas, lang="en")
    assert after is not before
    assert releases.build_info()["assessed_on"] == "2031-01-01"
    fig_after, _ = data.chart_parts(
        "rebuilt", after, lambda: charts.percent_of_target_chart(after, lang="en"), lang="en"
    )
    assert fig_after is not fig
    pd.testing.assert_frame_equal(
        after,
        targets_module.shape_targets_frame(
            data.targets(areas, lang="en"), areas_module.indicator_area_names(areas), lang="en"
        ),
    )


def test_the_work_areas_summary_matches_the_series_frames(tracker_db):
    """The counts and dates Work areas reads from the database agree with the chart frames
    it used to build for the whole area."""
    for area in data.areas()["area_id"]:
        whole = indicators.series_frame([area], lang="en")
        overview = indicators.indicator_overview([area], lang="en")
        assert data.latest_source_date(overview, lang="en") == data.latest_source_date(
            whole, lang="en"
        )
        for ind in overview.itertuples(index=False):
            rows = whole[whole["_indicator_id"] == ind.indicator_id]
            assert ind.observations == (rows["record"] == "observation").sum()
            if ind.observations:
                assert data.chart_csv_bytes(
                    indicators.series_frame([area], ind.indicator_id, lang="en")
                ) == (data.chart_csv_bytes(rows))


def test_bounded_pages_through_more_rows_than_it_draws_at_once():
    from streamlit.testing.v1 import AppTest

    def app():
        import pandas as pd
        import streamlit as st

        from tracker import ui

        shown = ui.bounded(
            pd.DataFrame({"n": range(20)}), 8, key="pages", noun="indicators", lang="en"
        )
        st.text(",".join(str(n) for n in shown["n"]))
        few = ui.bounded(pd.DataFrame({"n": range(3)}), 8, key="few", noun="indicators", lang="en")
        st.text(",".join(str(n) for n in few["n"]))

    at = AppTest.from_function(app).run()
    assert at.selectbox(key="pages").options == ["1–8 of 20", "9–16 of 20", "17–20 of 20"]
    assert len(at.selectbox) == 1  # no choice when everything fits
    assert [t.value for t in at.text] == ["0,1,2,3,4,5,6,7", "0,1,2"]
    at.selectbox(key="pages").set_value(16).run()
    assert [t.value for t in at.text] == ["16,17,18,19", "0,1,2"]


def test_headlines_read_only_the_observations_they_use(tracker_db):
    """The headline changes from the few observations the database selects are those computed
    from every observation of the areas."""
    areas = list(data.areas()["area_id"])
    for chosen in (areas, areas[:1], areas[-1:]):
        for horizons in (("2025",), ("after_2025",), ("2025", "after_2025")):
            every = indicators.shape_headlines(
                data.targets_frame(chosen, horizons, lang="en"),
                data.observations(chosen, lang="en"),
                lang="en",
            )
            pd.testing.assert_frame_equal(indicators.headlines(chosen, horizons, lang="en"), every)


def test_what_pages_keep_is_rebuilt_with_the_database(tmp_path, monkeypatch):
    """`data.cached`, the kept searches, row slices and frames derived with `per_frame` are
    reused on the next rerun and built again from a rebuilt database."""
    datasets = write_small_dataset(tmp_path / "datasets")
    served = tmp_path / "tracker.duckdb"
    build(datasets, served, date(2026, 11, 24))
    monkeypatch.setenv("TRACKER_DB", str(served))
    areas = list(data.areas()["area_id"])

    def kept():
        targets = data.targets_frame(areas, lang="en")
        return {
            "assessed": data.cached(
                ("assessed",), lambda: releases.build_info()["assessed_on"], lang="en"
            ),
            "searches": data.searches("target", list(targets["_target_id"]), lang="en"),
            "rows": data.rows(targets, 0, 2),
            "derived": data.per_frame("first", "", targets, lambda: targets.head(1), lang="en"),
        }

    before = kept()
    again = kept()
    assert all(again[k] is before[k] for k in before)
    assert data.frame_fingerprint(before["rows"])[0] == "built"
    assert data.frame_fingerprint(before["derived"])[0] == "built"

    rebuilt = tmp_path / "next.duckdb"
    build(datasets, rebuilt, date(2031, 1, 1))
    os.replace(rebuilt, served)
    after = kept()
    assert after["assessed"] == "2031-01-01" != before["assessed"]
    assert after["rows"] is not before["rows"] and after["derived"] is not before["derived"]
    assert after["searches"] is not before["searches"]  # read again from the new file
    assert after["searches"] == before["searches"]  # the same dataset, the same records
