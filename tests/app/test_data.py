"""The data module against a database built by the ETL (assessed on 2026-11-24)."""

from __future__ import annotations

import io

import duckdb
import pandas as pd
import pytest

from tests.app.conftest import ALL_AREAS as ALL
from tracker import data, db, frames, queries


def test_query_builders_pass_user_values_as_parameters():
    evil = "standards'); DROP TABLE targets; --"
    for sql, params in (
        queries.observations_query([evil]),
        queries.targets_query([evil]),
        queries.commitments_query([evil], kind=evil),
        queries.indicator_areas_query([evil]),
        queries.quoted_records_query(evil),
    ):
        assert evil not in sql
        assert sql.count("?") == len(params)
        assert any(evil == p or (isinstance(p, list) and evil in p) for p in params)
    with pytest.raises(ValueError):
        queries.table_query("targets; DROP TABLE x")


def test_query_builders_filter_by_area(app_db):
    con = duckdb.connect(str(app_db), read_only=True)
    sql, params = queries.observations_query(["standards"])
    ids = set(con.execute(sql, params).df()["indicator_id"])
    assert ids == {"national_standards", "international_standards"}
    sql, params = queries.commitments_query(["applications"], kind="commitment")
    got = con.execute(sql, params).df()
    assert set(got["area_id"]) == {"applications"} and set(got["kind"]) == {"commitment"}


def test_targets_frame_one_row_per_target_with_comparators():
    f = data.targets_frame(ALL)
    assert len(f) == 10
    platforms = f[f["_target_id"] == "t-platforms-120"].iloc[0]
    assert platforms["value"] == 340
    assert platforms["comparator"] == "more than"  # never 341
    assert platforms["_figure"] == "> 340"
    assert platforms["target"] == "at least 120"
    assert platforms["status"] == "Achieved"
    assert platforms["date"] == "2026-01"  # the source gives the month only
    demo = f[f["_target_id"] == "t-demo-factories-500"].iloc[0]
    assert demo["status"] == "Deadline passed, no result reported"
    assert demo["_percent"] == pytest.approx(84.2)
    software = f[f["_target_id"] == "t-software-satisfaction-50"].iloc[0]
    assert pd.isna(software["value"]) and software["status"] == "No reported value"
    assert software["_figure"] == "no reported value"
    assert list(frames.download_frame(f).columns) == data.DOWNLOAD_COLUMNS


def test_targets_frame_follows_the_filter():
    f = data.targets_frame(["standards"])
    assert list(f["_target_id"]) == ["t-standards-200"]
    assert set(f["area"]) == {"Standards"}
    assert len(data.targets_frame(["applications"])) == 5


def test_series_frame_has_every_observation_and_the_target(app_db):
    f = data.series_frame(["standards"])
    con = duckdb.connect(str(app_db), read_only=True)
    n_obs = con.execute(
        "SELECT count(*) FROM observations WHERE indicator_id IN "
        "('national_standards', 'international_standards')"
    ).fetchone()[0]
    assert (f["record"] == "observation").sum() == n_obs
    assert list(f.loc[f["record"] == "target", "_target_id"]) == ["t-standards-200"]
    not_comparable = f[f["comparable"] == "false"]
    assert list(not_comparable["value"]) == [38.0]
    more_than = f[(f["indicator"].str.startswith("National")) & (f["comparator"] == "more than")]
    assert list(more_than["value"]) == [300.0]
    assert set(more_than["_figure"]) == {"> 300"}
    assert f["source_title"].str.len().min() > 0 and f["quote"].str.len().min() > 0


def test_trajectory_frame_roles():
    f = data.trajectory_frame("t-cnc-68", ALL)
    roles = dict(zip(f["_role"], f["value"], strict=True))
    assert roles["baseline"] == 54.6
    assert roles["latest"] == 66.2
    assert roles["target"] == 68
    assert roles["projection"] == pytest.approx(69.07, abs=0.01)
    assert f.loc[f["_role"] == "projection", "record"].item() == "projection"
    # the non-comparable 2023 figure is shown too, flagged
    assert f.loc[f["value"] == 62.9, "comparable"].item() == "false"
    assert data.trajectory_frame("no-such-target", ALL).empty


def test_headlines_change_since_previous():
    h = data.headlines(ALL).set_index("_indicator_id")
    assert h.loc["national_standards", "_delta"] == "+39"
    assert h.loc["national_standards", "_since"] == "since 7 Apr 2023"
    assert h.loc["national_demonstration_factories", "_delta"] == "no change"
    # percent changes in points; the previous comparable figure skips non-comparable ones
    assert h.loc["key_process_cnc_rate", "_delta"] == "+10.9 points"
    assert h.loc["key_process_cnc_rate", "_previous"] == "55.3% (28 Feb 2022)"
    assert not h.loc["equipment_market_satisfaction_rate", "_has_value"]
    assert h.loc["equipment_market_satisfaction_rate", "_figure"] == "no reported value"
    # "> 140" to "> 150" is a change between stated bounds, and says so
    assert h.loc["solution_providers_1bn", "_delta"] == "+10"
    assert h.loc["solution_providers_1bn", "_since"] == "since 7 Apr 2023"
    assert h.loc["solution_providers_1bn", "_previous"] == (
        "> 140 (7 Apr 2023); the change is between stated bounds"
    )
    assert h.loc["solution_providers_1bn", "_change"].endswith("(between stated bounds)")


def test_percent_of_target_keeps_the_figures_bound():
    t = data.targets_frame(ALL).set_index("_target_id")
    assert t.loc["t-solution-providers-150", "_percent_text"] == "> 100%"
    assert t.loc["t-standards-200", "_percent_text"] == "204%"
    assert t.loc["t-equipment-satisfaction-70", "_percent_text"] == "n/a"


def test_csv_bytes_are_the_frame_rows():
    f = data.series_frame(["infrastructure"])
    back = pd.read_csv(io.BytesIO(data.csv_bytes(f)), keep_default_na=False)
    assert list(back.columns) == data.DOWNLOAD_COLUMNS
    assert len(back) == len(f)
    assert list(back["value"].astype(float)) == list(f["value"].astype(float))


def test_latest_source_date_and_sources():
    assert data.latest_source_date(data.targets_frame(ALL)) == "Jan 2026"
    assert data.latest_source_date(data.targets_frame(["standards"])) == "18 Apr 2024"
    assert len(data.sources()) == 22
    assert data.build_info()["assessed_on"] == "2026-11-24"


def test_missing_database_is_built(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "tracker.duckdb"
    monkeypatch.setenv("TRACKER_DB", str(path))
    assert db.db_path() == path
    assert data.check_database()["datasets_sha256"]
    assert path.exists()


def test_unreadable_database_raises_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "broken.duckdb"
    path.write_bytes(b"this is not a database")
    monkeypatch.setenv("TRACKER_DB", str(path))
    with pytest.raises(db.DatabaseUnavailable, match="cannot be read"):
        data.check_database()


def test_csv_writes_whole_numbers_without_a_decimal_point():
    text = data.csv_bytes(data.series_frame(["infrastructure"])).decode("utf-8")
    assert ",340," in text and "340.0" not in text
