"""Fixtures for the ETL tests: the curated dataset, copies of it to break, a built database."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pytest

from etl.build import DEFAULT_DATASETS, build

ASSESSED_ON = date(2026, 11, 24)


@pytest.fixture(scope="session")
def curated_db(tmp_path_factory) -> Path:
    """The real curated dataset built once per session, assessed on a fixed date."""
    db = tmp_path_factory.mktemp("db") / "tracker.duckdb"
    build(DEFAULT_DATASETS, db, ASSESSED_ON)
    return db


class DatasetCopy:
    """A writable copy of the curated dataset, with helpers to break it in one place."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, name: str) -> Path:
        return self.root / name

    def rows(self, name: str) -> list[dict[str, str]]:
        with open(self.path(name), encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    def write_rows(self, name: str, rows: list[dict[str, str]], header: list[str]) -> None:
        out = io.StringIO()
        writer = csv.DictWriter(out, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        self.path(name).write_text(out.getvalue(), encoding="utf-8")

    def header(self, name: str) -> list[str]:
        with open(self.path(name), encoding="utf-8", newline="") as fh:
            return next(csv.reader(fh))

    def set_cell(self, name: str, key: str, row_id: str, column: str, value: str) -> int:
        """Set one cell; return the line the row is on."""
        rows = self.rows(name)
        for i, row in enumerate(rows):
            if row[key] == row_id:
                row[column] = value
                self.write_rows(name, rows, self.header(name))
                return i + 2
        raise KeyError(row_id)

    def line_of(self, name: str, key: str, row_id: str) -> int:
        return next(i + 2 for i, r in enumerate(self.rows(name)) if r[key] == row_id)

    def replace_text(self, name: str, old: str, new: str) -> None:
        text = self.path(name).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        self.path(name).write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def dataset(tmp_path) -> DatasetCopy:
    root = tmp_path / "datasets"
    shutil.copytree(DEFAULT_DATASETS, root)
    return DatasetCopy(root)
