"""Downloads are safe to open: no text cell of any CSV the app offers starts like a formula
(OWASP CSV injection: `=`, `+`, `-`, `@`, tab, carriage return), numbers stay numbers, and
comparators are words. One writer (`tracker.safe_csv`) serves the per-chart CSVs, the dataset
CSV and the data package's CSVs; Streamlit's own table download is switched off
(tests/app/test_server_config.py).

Checked on a table of hostile cells, and on every download of every page of a database whose
every free-text field starts like a formula (tests/fixtures/hostile_dataset.py).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl import figures as fmt
from etl.build import build
from etl.figures import COMPARATOR_WORDS
from etl.schema import ALL_TABLES
from tests.app import test_export as export_checks
from tests.app.conftest import ASSESSED_ON, DASHBOARD, record_downloads
from tests.fixtures.hostile_dataset import FORMULAS, write_formula_dataset
from tracker import export, frames, licence, releases, safe_csv

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE_CELLS = [
    *FORMULAS,
    "\r=1+1",
    "\r\n=1+1",
    "=",
    "+",
    "@",
    "\t",
    "-1",
    "-2.5",
    "+3",
    "=-2.5",
    "@@",
    "==",
]
HARMLESS_CELLS = ["", "plain", " =not a formula (leading space)", "'=already quoted", "1-2", "a=b"]
DECLARED = {t.name: t for t in ALL_TABLES}


@pytest.mark.parametrize("value", HOSTILE_CELLS)
def test_a_formula_like_text_cell_gets_a_quote(value):
    assert safe_csv.cell(value) == "'" + value
    assert safe_csv.is_neutral(safe_csv.cell(value))
    assert not safe_csv.is_neutral(value)


@pytest.mark.parametrize("value", HARMLESS_CELLS)
def test_other_text_is_left_alone(value):
    assert safe_csv.cell(value) == value


@pytest.mark.parametrize("value", ["-2.5", "-1", "+3", "0", "1e-3", "-1.5E+10", ".5", "340"])
def test_a_number_of_a_numeric_column_stays_a_number(value):
    assert safe_csv.cell(value, numeric=True) == value
    assert safe_csv.cell(value) in (value, "'" + value)  # as text it may be quoted


@pytest.mark.parametrize("value", ["-2+3", "=1", "-", "@SUM(A1)", "-1e", "--1"])
def test_a_numeric_column_holding_no_number_is_text(value):
    assert safe_csv.cell(value, numeric=True) == "'" + value


def test_write_round_trips_through_a_csv_reader():
    rows = [[v, "-2.5"] for v in HOSTILE_CELLS + HARMLESS_CELLS]
    written = safe_csv.write(["text", "value"], rows, numeric={"value"})
    header, *back = list(csv.reader(io.StringIO(written, newline="")))
    assert header == ["text", "value"]
    assert [r[0] for r in back] == [safe_csv.cell(v) for v in HOSTILE_CELLS + HARMLESS_CELLS]
    assert {r[1] for r in back} == {"-2.5"}


PIECES = ["a", ",", '"', "\r", "\n", " ", "=", "-", "1", "中", "\t", "", "+2", ".5", "@", "e3"]


@pytest.mark.parametrize("lineterminator", ["\r\n", "\n"])
@pytest.mark.parametrize("width", [1, 2, 3])
def test_the_column_writer_writes_what_the_csv_module_writes(lineterminator, width):
    """The downloads are quoted and joined column by column (Arrow) for speed at 10^6 rows;
    the text must be the csv module's, cell for cell, whatever the cells hold."""
    import random

    rng = random.Random(width)
    rows = [
        ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 4))) for _ in range(width)]
        for _ in range(2000)
    ] + [[""] * width]
    columns = [f"c{i}" for i in range(width)]
    for numeric in (set(), {"c0"}):
        expected = io.StringIO()
        writer = csv.writer(expected, lineterminator=lineterminator)
        writer.writerow(columns)
        writer.writerows(
            [
                [safe_csv.cell(v, c in numeric) for v, c in zip(r, columns, strict=True)]
                for r in rows
            ]
        )
        written = safe_csv.write(columns, rows, numeric=numeric, lineterminator=lineterminator)
        assert written == expected.getvalue()
    assert safe_csv.write(columns, [], lineterminator=lineterminator) == ",".join(columns) + (
        lineterminator
    )


@pytest.mark.parametrize(
    "values",
    [
        [1, 1.0, True, None, "1"],  # equal to Python, formatted apart
        [3.5, float("nan"), 3.5, -0.0, 0.0],
        ["b", None, "b", "a", float("nan")],
        pd.Series(pd.to_datetime(["2025-01-01", None, "2025-01-01"])),
        pd.Series(["x", None, "x"], dtype="str"),
    ],
)
def test_a_column_is_formatted_once_per_distinct_value_as_value_by_value(values):
    from tracker.columns import distinct_texts

    def text(value):  # missing values (None, NaN, NaT) count as one: every formatter gives ""
        return "missing" if fmt.missing(value) else f"{type(value).__name__}:{value}"

    expected = [text(v) for v in values]
    assert distinct_texts(values, text).to_pylist() == expected


def read(data: bytes, encoding: str = "utf-8") -> tuple[list[str], list[list[str]]]:
    header, *rows = list(csv.reader(io.StringIO(data.decode(encoding), newline="")))
    return header, rows


def unsafe_cells(header, rows, numeric=()) -> list[tuple[str, str]]:
    return [
        (column, cell)
        for row in rows
        for column, cell in zip(header, row, strict=True)
        if not safe_csv.is_neutral(cell, numeric=column in numeric)
    ]


def neutralised(rows) -> int:
    return sum(1 for row in rows for cell in row if cell[:1] == "'" and cell[1:2] in DANGEROUS)


def test_chart_csv_neutralises_every_text_column_and_keeps_negative_values():
    chart = pd.DataFrame(
        [
            {c: HOSTILE_CELLS[i % len(HOSTILE_CELLS)] for c in frames.DOWNLOAD_COLUMNS}
            | {"value": v}
            for i, v in enumerate([-2.5, 0.0, 340.0, -1e-3, None])
        ]
    )
    header, rows = read(frames.chart_csv_bytes(chart))
    assert header == [*frames.DOWNLOAD_COLUMNS, licence.COLUMN]
    assert unsafe_cells(header, rows, numeric={"value"}) == []
    assert [r[header.index("value")] for r in rows] == ["-2.5", "0", "340", "-0.001", ""]
    assert neutralised(rows) == len(rows) * (len(header) - 2)  # all but value and licence


# --- every download of every page, on a database of formula-like text -------------------------


@pytest.fixture(scope="module")
def formula_db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("formulas")
    db = root / "tracker.duckdb"
    build(write_formula_dataset(root / "datasets"), db, ASSESSED_ON)
    return db


@pytest.fixture(autouse=True)
def tracker_db(formula_db, monkeypatch) -> Path:  # overrides tests/app/conftest.py's
    monkeypatch.setenv("TRACKER_DB", str(formula_db))
    return formula_db


@pytest.fixture(scope="module")
def formula_tables(formula_db) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(formula_db), read_only=True)
    try:
        return {t.name: con.execute(f"SELECT * FROM {t.name}").df() for t in ALL_TABLES}
    finally:
        con.close()


def test_the_database_holds_formula_like_text(formula_tables):
    starts = {
        v[:1]
        for frame in formula_tables.values()
        for column in frame.columns
        for v in frame[column]
        if isinstance(v, str)
    }
    assert {"=", "+", "-", "@", "\t"} <= starts


@pytest.fixture(scope="module")
def downloads(formula_db) -> dict[str, bytes]:
    """file name -> bytes of every download button of every page."""
    with pytest.MonkeyPatch.context() as mp:
        seen = record_downloads(mp)
        mp.setenv("TRACKER_DB", str(formula_db))
        for page in [
            "pages/overview_page.py",
            "pages/work_areas_page.py",
            "pages/priorities_page.py",
            "pages/targets_page.py",
            "pages/data_page.py",
        ]:
            at = AppTest.from_file(DASHBOARD, default_timeout=60)
            at.run()
            if page != "pages/overview_page.py":
                at.switch_page(page)
                at.run()
            assert not at.exception, [e.value for e in at.exception]
    return seen


def test_every_chart_download_is_safe(downloads):
    charts = {n: d for n, d in downloads.items() if n.endswith(".csv") and "progress" not in n}
    assert len(charts) >= 5, sorted(downloads)
    total = 0
    for name, data in charts.items():
        header, rows = read(data)
        assert unsafe_cells(header, rows, numeric={"value"}) == [], name
        if "comparator" in header:
            comparators = {r[header.index("comparator")] for r in rows}
            assert comparators <= {"", *COMPARATOR_WORDS.values()}, (name, comparators)
        total += neutralised(rows)
    assert total > 0


def test_dataset_csv_download_is_safe(downloads):
    (data,) = [
        d
        for n, d in downloads.items()
        if n == f"china-intelligent-manufacturing-progress-{releases.current_version()}.csv"
    ]
    header, rows = read(data, "utf-8-sig")
    assert unsafe_cells(header, rows, numeric={"value"}) == []
    assert {r[header.index("comparator")] for r in rows} <= {"", *COMPARATOR_WORDS.values()}
    assert neutralised(rows) > 0


def test_zip_download_is_safe_and_its_descriptor_still_holds(downloads, formula_tables):
    (data,) = [
        d for n, d in downloads.items() if n.endswith(".zip") and not n.endswith(".parquet.zip")
    ]
    archive = zipfile.ZipFile(io.BytesIO(data))
    count = 0
    for name in archive.namelist():
        if not name.endswith(".csv"):
            continue
        table = DECLARED[name.removeprefix("data/").removesuffix(".csv")]
        numeric = {c.name for c in table.columns if c.type in ("int", "float")}
        header, rows = read(archive.read(name))
        assert unsafe_cells(header, rows, numeric=numeric) == [], name
        count += neutralised(rows)
    assert count > 0
    export_checks.test_csv_data_satisfies_its_own_descriptor(formula_tables)
    export_checks.test_zip_csvs_hold_exactly_the_tables_rows(formula_tables)
    export_checks.test_descriptor_meets_the_tabular_data_package_spec(formula_tables)


def test_negative_numbers_stay_numbers_in_the_dataset_csv_and_the_zip(formula_tables):
    tables = {k: v.copy() for k, v in formula_tables.items()}
    tables["observations"].loc[0, "value"] = -2.5
    header, rows = read(export.dataset_csv(tables), "utf-8-sig")
    assert rows[0][header.index("value")] == "-2.5"
    archive = zipfile.ZipFile(io.BytesIO(export_checks.package(tables)[0].fp.getvalue()))
    header, rows = read(archive.read("data/observations.csv"))
    assert rows[0][header.index("value")] == "-2.5"
    assert rows[0][header.index("comparator")] in COMPARATOR_WORDS.values()
