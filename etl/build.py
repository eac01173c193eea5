"""The pipeline: read → validate → transform → load."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from etl.load import write_database
from etl.problems import InvalidData
from etl.read import read_dataset
from etl.transform import build_tables
from etl.validate import Dataset, validate

DEFAULT_DATASETS = Path(__file__).resolve().parent.parent / "datasets"
DEFAULT_DB = Path(__file__).resolve().parent.parent / "build" / "tracker.duckdb"


def load_valid(datasets: Path) -> tuple[Dataset, str]:
    """Read and validate; raise InvalidData with every problem found."""
    raw = read_dataset(datasets)
    data, problems = validate(raw)
    if problems:
        raise InvalidData(problems)
    return data, raw.fingerprint


def build(datasets: Path, db: Path, assessed_on: date) -> dict[str, int]:
    """Build the database; return the row count of each table. Nothing is written on error."""
    data, fingerprint = load_valid(datasets)
    tables = build_tables(data, assessed_on, fingerprint)
    write_database(tables, db)
    return {name: len(rows) for name, rows in tables.items()}
