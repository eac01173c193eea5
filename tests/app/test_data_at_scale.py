"""The Data page at any size: observations filtered, counted and paged by DuckDB (the same rows
pandas filtering gave), the downloads built when asked for, Parquet written by DuckDB, and
Excel's row limit handled by continuing a table on further sheets."""

from __future__ import annotations

import io
import zipfile

import duckdb
import openpyxl
import pandas as pd
import pytest

from tests.app.conftest import ALL_AREAS
from tracker import data, export
from tracker import queries as q
from tracker.commitments import commitments
from tracker.observations import observation_filter


def test_the_filter_is_parameters_only():
    sql, params = observation_filter(["a"], ["x"], True, "'; DROP TABLE observations; --")
    assert "DROP" not in sql and "'; DROP TABLE observations; --".lower() in params


@pytest.mark.parametrize(
    ("indicators", "comparable", "search"),
    [
        ((), False, ""),
        ((), True, ""),
        ((), False, "platform"),
        ((), False, "智能"),
        ((), False, "%"),
    ],
)
def test_paged_rows_are_the_filtered_rows(indicators, comparable, search):
    every = data.observations(ALL_AREAS, lang="en")
    expected = every[every["comparable"]] if comparable else every
    if search:
        columns = ["indicator_id", "indicator_name", "indicator_name_zh", "quote", "note"]
        columns += ["note_zh", "source_id", "source_title", "source_title_zh"]
        hit = False
        for c in columns:
            hit = hit | expected[c].fillna("").astype(str).str.lower().str.contains(
                search.lower(), regex=False
            )
        expected = expected[hit]
    where = observation_filter(ALL_AREAS, indicators, comparable, search)
    assert data.observation_count(where) == len(expected)
    pages = [
        data.observation_page(where, 7, k, lang="en") for k in range(0, max(len(expected), 1), 7)
    ]
    got = pd.concat(pages)["observation_id"].tolist()
    assert got == expected["observation_id"].tolist()


def test_records_as_of_is_the_latest_source_date():
    obs, tg, com = (f(ALL_AREAS, lang="en") for f in (data.observations, data.targets, commitments))
    latest = data.latest_date(
        [
            *zip(obs["source_date"], obs["source_precision"], strict=True),
            *zip(tg["target_source_date"], tg["target_source_precision"], strict=True),
            *zip(com["source_date"], com["source_precision"], strict=True),
        ],
        lang="en",
    )
    assert data.records_as_of(ALL_AREAS, lang="en") == latest


def test_parquet_download_holds_every_table(tracker_db, tmp_path):
    with zipfile.ZipFile(io.BytesIO(data.dataset_file("parquet"))) as zf:
        assert sorted(zf.namelist()) == sorted(f"{t}.parquet" for t in q.TABLE_NAMES)
        # the same bytes from any process (the load test through nginx compares them): no
        # time of writing in the zip
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        con = duckdb.connect()
        for name in q.TABLE_NAMES:
            path = tmp_path / f"{name}.parquet"
            with open(path, "wb") as f:
                f.write(zf.read(f"{name}.parquet"))
            n = con.execute(f"SELECT count(*) FROM '{path}'").fetchone()[0]
            assert n == len(data.tables()[name])


def test_a_table_over_the_sheet_limit_goes_on_in_further_sheets(monkeypatch):
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 4)  # 3 rows and a header a sheet
    frame = pd.DataFrame({"n": list(range(8))})
    book = openpyxl.load_workbook(io.BytesIO(export.excel_workbook({"numbers": frame})))
    assert book.sheetnames == ["README", "numbers", "numbers (2)", "numbers (3)"]
    values = [c.value for s in book.sheetnames[1:] for (c,) in book[s].iter_rows(min_row=2)]
    assert values == list(range(8))
    readme = " ".join(str(c.value) for row in book["README"].iter_rows() for c in row)
    assert "continued in sheets numbers (2), numbers (3)" in readme


@pytest.mark.parametrize("limit, deferred", [(50_000, False), (0, True)])
def test_small_data_builds_its_downloads_with_the_page_large_data_when_clicked(
    monkeypatch, limit, deferred
):
    """A small dataset's files come from the version the page shows (a rebuild before the
    click cannot change them); a large one's are built on the click."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    from tests.app.test_pages import open_page

    calls: list[tuple[str, bool]] = []
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def eager(self, data_, mimetype, coordinates, file_name=None, **kwargs):
        calls.append((file_name or "", False))
        return add(self, data_, mimetype, coordinates, file_name=file_name, **kwargs)

    def lazy(self, make, mimetype, coordinates, file_name=None, **kwargs):
        calls.append((file_name or "", True))
        return add_deferred(self, make, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", eager)
    monkeypatch.setattr(MediaFileManager, "add_deferred", lazy)
    monkeypatch.setattr(data, "DOWNLOADS_WITH_PAGE_ROWS", limit)
    at = open_page("pages/data_page.py")
    assert not at.exception
    dataset = [d for name, d in calls if name.startswith("china-intelligent-manufacturing")]
    assert dataset == [deferred] * 4
