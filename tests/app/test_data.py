"""What the pages read, on the small fixture dataset (tests/fixtures/small_dataset.py, assessed
on 2026-11-24): queries, the frames built from them, headline changes and downloads."""

from __future__ import annotations

import io

import duckdb
import pandas as pd
import pytest

from tracker import (
    areas,
    commitments,
    data,
    db,
    frames,
    indicators,
    licence,
    observations,
    queries,
    releases,
    targets,
)
from tracker import sources as source_rows

ALL = ["alpha", "beta"]


@pytest.fixture(autouse=True)
def small(small_db, monkeypatch):
    monkeypatch.setenv("TRACKER_DB", str(small_db))
    return small_db


def test_query_builders_pass_user_values_as_parameters():
    evil = "standards'); DROP TABLE targets; --"
    for sql, params in (
        observations.observations_query([evil]),
        targets.targets_query([evil]),
        commitments.commitments_query([evil], kind=evil),
        areas.indicator_areas_query([evil]),
        source_rows.quoted_records_query(evil),
        source_rows.source_text_query(evil),
    ):
        assert evil not in sql
        assert sql.count("?") == len(params)
        assert any(evil == p or (isinstance(p, list) and evil in p) for p in params)
    with pytest.raises(ValueError):
        queries.table_query("targets; DROP TABLE x")


def test_query_builders_filter_by_area(small):
    con = duckdb.connect(str(small), read_only=True)
    sql, params = observations.observations_query(["alpha"])
    assert set(con.execute(sql, params).df()["indicator_id"]) == {"widgets"}
    sql, params = commitments.commitments_query(ALL, kind="commitment")
    assert list(con.execute(sql, params).df()["commitment_id"]) == ["c-zones"]
    sql, params = targets.targets_query(["alpha"])
    assert list(con.execute(sql, params).df()["target_id"]) == ["t-widgets-200"]


def test_targets_frame_one_row_per_target_with_comparators():
    f = data.targets_frame(ALL, lang="en").set_index("_target_id")
    assert list(f.index) == ["t-widgets-200", "t-zones-30", "t-share-70"]  # by indicator name
    widgets = f.loc["t-widgets-200"]
    assert widgets["value"] == 180
    assert widgets["comparator"] == "more than"  # never 181
    assert widgets["_comparator"] == ">"
    assert widgets["_figure"] == "> 180"
    assert widgets["target"] == "at least 200"
    assert widgets["status"] == "Deadline passed, no result reported"
    assert widgets["date"] == "2025-11"  # the source gives the month only
    assert widgets["_percent_text"] == "> 90%"
    assert widgets["area"] == "Alpha area; Beta priority"
    share = f.loc["t-share-70"]
    assert share["status"] == "Limited progress"
    assert share["_match"] == "proxy" and "Proxy: Plants, not enterprises." in share["note"]
    zones = f.loc["t-zones-30"]
    assert pd.isna(zones["value"]) and zones["status"] == "No reported value"
    assert zones["_figure"] == "no reported value"
    assert zones["_percent_text"] == "n/a"
    assert list(frames.download_frame(f).columns) == frames.DOWNLOAD_COLUMNS


def test_targets_frame_follows_the_filter():
    f = data.targets_frame(["alpha"], lang="en")
    assert list(f["_target_id"]) == ["t-widgets-200"]
    assert list(f["area"]) == ["Alpha area"]  # only the areas selected are named
    assert len(data.targets_frame(["beta"], lang="en")) == 3


def test_series_frame_has_every_observation_and_the_target():
    f = indicators.series_frame(["beta"], lang="en")
    assert (f["record"] == "observation").sum() == 7
    assert list(f.loc[f["record"] == "target", "_target_id"]) == [
        "t-widgets-200",
        "t-zones-30",
        "t-share-70",
    ]
    assert list(f.loc[f["comparable"] == "false", "value"]) == [60.0]
    more_than = f[(f["record"] == "observation") & (f["comparator"] == "more than")]
    assert list(more_than["value"]) == [140.0, 150.0, 180.0]
    assert list(more_than["_figure"]) == ["> 140", "> 150", "> 180"]
    one = indicators.series_frame(["beta"], "share", lang="en")
    assert list(one["record"]) == ["observation"] * 3 + ["target"]


def test_trajectory_frame_roles():
    f = data.trajectory_frame("t-share-70", ALL, lang="en")
    roles = dict(zip(f["_role"], f["value"], strict=True))
    assert roles["baseline"] == 50
    assert roles["latest"] == 52.5
    assert roles["target"] == 70
    assert roles["projection"] == pytest.approx(57.885, abs=0.001)  # 52.5 x 1.05^2
    assert f.loc[f["_role"] == "projection", "record"].item() == "projection"
    assert f.loc[f["value"] == 60, "comparable"].item() == "false"  # shown, flagged
    assert data.trajectory_frame("no-such-target", ALL, lang="en").empty


def test_headlines_change_since_previous():
    h = indicators.headlines(ALL, lang="en").set_index("_indicator_id")
    assert list(h.index) == ["widgets", "share", "zones"]  # no value last
    assert h.loc["widgets", "_delta"] == "+30"
    assert h.loc["widgets", "_since"] == "since 18 Apr 2024"
    # "> 150" to "> 180" is a change between stated bounds, and says so
    assert (
        h.loc["widgets", "_previous"] == "> 150 (18 Apr 2024); the change is between stated bounds"
    )
    assert h.loc["widgets", "_change"] == "+30 since 18 Apr 2024 (between stated bounds)"
    # percent changes in points; the previous comparable figure skips the non-comparable one
    assert h.loc["share", "_delta"] == "+2.5 points"
    assert h.loc["share", "_previous"] == "50% (31 Dec 2021)"
    assert not h.loc["zones", "_has_value"]
    assert h.loc["zones", "_figure"] == "no reported value"


def test_csv_bytes_are_the_frame_rows():
    f = indicators.series_frame(["alpha"], lang="en")
    text = data.chart_csv_bytes(f).decode("utf-8")
    back = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert list(back.columns) == [*data.DOWNLOAD_COLUMNS, licence.COLUMN]
    assert set(back[licence.COLUMN]) == {"CC-BY-4.0 https://creativecommons.org/licenses/by/4.0/"}
    assert list(back["value"].astype(float)) == [100.0, 140.0, 150.0, 180.0, 200.0]
    assert ",180,more than," in text and "180.0" not in text  # whole numbers without ".0"


def test_latest_source_date_sources_and_texts():
    assert data.latest_source_date(data.targets_frame(ALL, lang="en"), lang="en") == "Nov 2025"
    assert (
        data.latest_source_date(data.targets_frame(["beta"], lang="en")[1:], lang="en")
        == "18 Apr 2024"
    )
    assert list(source_rows.all_sources()["source_id"]) == ["plan", "report", "monthly"]
    assert releases.build_info()["assessed_on"] == "2026-11-24"
    assert source_rows.source_text("sources/monthly.txt") == (
        "Certified widget makers now number more than 180.\nWork on the pilot zones has started.\n"
    )
    with pytest.raises(ValueError, match="no stored source text"):
        source_rows.source_text("../etl/build.py")


def test_commitments_with_their_dates():
    c = commitments.commitments(ALL, lang="en").set_index("commitment_id")
    assert c.loc["c-zones", "deadline_text"] == "31 Dec 2025"
    assert c.loc["c-robots", "deadline_text"] == ""
    assert c.loc["c-robots", "source_date_text"] == "18 Apr 2024"


def test_missing_database_is_built(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "tracker.duckdb"
    monkeypatch.setenv("TRACKER_DB", str(path))
    assert db.db_path() == path
    assert releases.build_info()["datasets_sha256"]
    assert path.exists()


def test_unreadable_database_raises_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "broken.duckdb"
    path.write_bytes(b"this is not a database")
    monkeypatch.setenv("TRACKER_DB", str(path))
    with pytest.raises(db.DatabaseUnavailable, match="cannot be read"):
        releases.build_info()
