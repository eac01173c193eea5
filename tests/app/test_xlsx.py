"""The column-wise .xlsx writer (`tracker.xlsx`): what it writes reads back, cell for cell, in
openpyxl, whatever the text holds; the workbook's other checks are in test_export.py."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tracker import xlsx

HOSTILE_TEXTS = [
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "<b>&amp;</b> & < >",
    "a\tb\nc",
    "\r=1+1",
    "line one\r\nline two",
    "_x0041_ is not A",
    "bell \x07 and nul \x00 inside",
    "引号“中文”与 emoji 🚀",
    "",
    " leading and trailing ",
]


def read_back(sheets: list[xlsx.Sheet]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx.workbook(sheets)))


def test_text_reads_back_as_written_and_never_as_a_formula():
    frame = pd.DataFrame({"text": HOSTILE_TEXTS})
    ws = read_back([xlsx.Sheet("t", frame)])["t"]
    cells = [ws.cell(row=i, column=1) for i in range(2, len(HOSTILE_TEXTS) + 2)]
    assert all(c.data_type != "f" for c in cells)
    # openpyxl leaves OOXML's _xHHHH_ escapes as they are; Excel reads them as the character
    expected = [
        t.replace("\x07", "_x0007_").replace("\x00", "_x0000_").replace("_x0041_", "_x005F_x0041_")
        for t in HOSTILE_TEXTS
    ]
    assert [c.value if c.value is not None else "" for c in cells] == expected


def test_each_kind_of_column_keeps_its_type():
    frame = pd.DataFrame(
        {
            "float": [3.2, float("nan"), -0.5, float("inf")],
            "int": pd.array([1, None, 3, 4], dtype="Int64"),
            "bool": pd.array([True, False, None, True], dtype="boolean"),
            "stamp": pd.to_datetime(
                ["2025-12-31", None, "2024-02-29 13:45", "1999-01-01"], format="ISO8601"
            ),
            "day": [date(2025, 1, 2), None, date(2026, 3, 4), date(2000, 1, 1)],
            "mixed": [1, "two", None, 2.5],
        }
    )
    ws = read_back([xlsx.Sheet("kinds", frame)])["kinds"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [3.2, None, -0.5, None]  # an infinity is no number to Excel
    assert [r[1] for r in rows] == [1, None, 3, 4]
    assert [r[2] for r in rows] == [True, False, None, True]
    assert [r[3] for r in rows] == [
        datetime(2025, 12, 31),
        None,
        datetime(2024, 2, 29),  # the day: the time of day is dropped, as dates are shown
        datetime(1999, 1, 1),
    ]
    assert [r[4] for r in rows] == [
        datetime(2025, 1, 2),
        None,
        datetime(2026, 3, 4),
        datetime(2000, 1, 1),
    ]
    assert [r[5] for r in rows] == ["1", "two", None, "2.5"]
    assert ws.cell(row=2, column=4).number_format == "yyyy-mm-dd"


def test_a_table_sheet_has_a_frozen_bold_header_an_autofilter_and_fitted_widths():
    frame = pd.DataFrame({"id": ["a", "b"], "quote": ["x" * 200, "中" * 10]})
    ws = read_back([xlsx.Sheet("quoted 'name' & more", frame)])["quoted 'name' & more"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:B3"
    assert ws["A1"].font.b and ws["A1"].value == "id"
    assert ws.column_dimensions["A"].width == xlsx.MIN_WIDTH
    assert ws.column_dimensions["B"].width == xlsx.MAX_WIDTH


def test_a_notes_sheet_wraps_its_text_under_a_title():
    frame = pd.DataFrame([["Title", ""], ["What", "a long text"]], dtype=object)
    ws = read_back([xlsx.Sheet("README", frame, table=False, widths=(22, 100))])["README"]
    assert ws["A1"].value == "Title" and ws["A1"].font.sz == 14 and ws["A1"].font.b
    assert ws["B2"].alignment.wrap_text and not ws["A2"].font.b
    assert ws.freeze_panes is None
    assert ws.column_dimensions["B"].width == 100


def test_a_sheet_of_several_blocks_holds_every_row_in_order(monkeypatch):
    monkeypatch.setattr(xlsx, "BLOCK_ROWS", 7)
    frame = pd.DataFrame({"n": np.arange(50), "t": [f"row {i}" for i in range(50)]})
    ws = read_back([xlsx.Sheet("n", frame)])["n"]
    assert [r for r in ws.iter_rows(min_row=2, values_only=True)] == [
        (i, f"row {i}") for i in range(50)
    ]


@pytest.mark.parametrize("rows", [0, 1])
def test_an_empty_or_one_row_table_is_a_valid_sheet(rows):
    frame = pd.DataFrame({"a": ["x"] * rows, "b": [1.5] * rows})
    ws = read_back([xlsx.Sheet("e", frame)])["e"]
    assert [c.value for c in ws[1]] == ["a", "b"]
    assert ws.max_row == rows + 1


def test_the_same_tables_give_the_same_bytes():
    frame = pd.DataFrame({"a": HOSTILE_TEXTS})
    first, second = xlsx.workbook([xlsx.Sheet("a", frame)]), xlsx.workbook([xlsx.Sheet("a", frame)])
    assert first == second
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {
        (1980, 1, 1, 0, 0, 0)
    }


@pytest.mark.parametrize(
    "index, letters", [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters(index, letters):
    assert xlsx.column_letter(index) == letters
