"""The bulk load (Arrow, for every table of a build that has a table above `SMALL_TABLE_ROWS`)
writes exactly the tables the one-statement load writes: same rows, same types, same NULLs, the
same constraints enforced."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from etl import load
from etl.build import DEFAULT_DATASETS, planned_tables
from etl.load import create_table_sql, write_database
from etl.schema import DATABASE_TABLES
from etl.transform import MARTS

ASSESSED = date(2026, 11, 24)


def one_statement_database(tables, path) -> None:
    """The load as it was before the bulk path: one INSERT ... VALUES per table."""
    con = duckdb.connect(str(path))
    for table in DATABASE_TABLES:
        con.execute(create_table_sql(table))
        if table.name in MARTS:
            con.execute(f"INSERT INTO {table.name} BY NAME {MARTS[table.name]}")
            continue
        rows = tables[table.name]
        if rows:
            marks = ", ".join("(" + ", ".join("?" for _ in table.columns) + ")" for _ in rows)
            con.execute(f"INSERT INTO {table.name} VALUES {marks}", [v for r in rows for v in r])
    con.execute("CHECKPOINT")
    con.close()


def contents(path) -> dict[str, tuple[list, list]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in DATABASE_TABLES:
            described = con.execute(f"DESCRIBE {table.name}").fetchall()
            key = ", ".join(table.key)
            out[table.name] = (
                described,
                con.execute(f"SELECT * FROM {table.name} ORDER BY {key}").fetchall(),
            )
        return out
    finally:
        con.close()


@pytest.mark.parametrize("small", [load.SMALL_TABLE_ROWS, 0], ids=["as-built", "all-bulk"])
def test_bulk_load_gives_identical_tables(tmp_path, monkeypatch, small):
    tables = planned_tables(DEFAULT_DATASETS, ASSESSED)
    one_statement_database(tables, tmp_path / "reference.duckdb")
    monkeypatch.setattr(load, "SMALL_TABLE_ROWS", small)  # 0: every table through Arrow
    write_database(tables, tmp_path / "bulk.duckdb")
    reference = contents(tmp_path / "reference.duckdb")
    bulk = contents(tmp_path / "bulk.duckdb")
    assert bulk.keys() == reference.keys()
    for name in reference:
        assert bulk[name] == reference[name], name


def test_bulk_load_enforces_the_constraints(tmp_path, monkeypatch):
    tables = planned_tables(DEFAULT_DATASETS, ASSESSED)
    monkeypatch.setattr(load, "SMALL_TABLE_ROWS", 0)
    observations = tables["observations"]
    tables = {**tables, "observations": [*observations, observations[0]]}  # a duplicate key
    target = tmp_path / "db.duckdb"
    with pytest.raises(duckdb.ConstraintException):
        write_database(tables, target)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind
