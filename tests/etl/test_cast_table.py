"""cast_table keeps casts per distinct cell (validate.CASTS_KEPT) and passes free text through:
every row must come out as cast_value alone would cast it, with the same problems."""

from __future__ import annotations

from etl import validate
from etl.problems import Problem
from etl.read import RawRow, RawTable
from etl.schema import OBSERVATIONS
from etl.validate import cast_table, cast_value

CELLS = {
    "observation_id": ["o-1", " ", "", "o-2 "],
    "indicator_id": ["i-1"],
    "value": ["1.5", "1,5", "nan", "", " 2 ", "1.5"],
    "comparator": ["=", ">", "≈", "="],
    "as_of": ["2020-01-31", "2020-02-30", "1900-01-01", "2020-1-1", "2020-01-31"],
    "date_basis": ["stated", "refers_to", ""],
    "period_start": ["", "2019-12-31", " "],
    "comparable": ["true", "False", "yes", "true"],
    "source_id": ["s-1"],
    "quote": ["A quote.", "  ", "Another."],
    "note": ["", "A note."],
    "note_zh": ["", "注。"],
}


def rows(n: int) -> list[RawRow]:
    return [
        RawRow(i + 2, {name: cells[i % len(cells)] for name, cells in CELLS.items()})
        for i in range(n)
    ]


def cast_cell_by_cell(raw: RawTable) -> tuple[list[tuple[int, dict]], list[Problem]]:
    records, problems = [], []
    for row in raw.rows:
        cast = {c.name: cast_value(row.fields[c.name], c) for c in OBSERVATIONS.columns}
        for name, (_, error) in cast.items():
            if error:
                problems.append(Problem(raw.file, row.line, name, error))
        if not any(error for _, error in cast.values()):
            records.append((row.line, {name: value for name, (value, _) in cast.items()}))
    return records, problems


def test_cast_table_is_cast_value_cell_by_cell(monkeypatch):
    monkeypatch.setattr(validate, "CASTS_KEPT", 3)  # emptied many times over
    raw = RawTable(OBSERVATIONS, "observations.csv", OBSERVATIONS.column_names, tuple(rows(400)))
    records, problems = cast_table(raw)
    assert problems  # the cells above hold every kind of error
    assert ([(r.line, r.values) for r in records], problems) == cast_cell_by_cell(raw)
    assert records
