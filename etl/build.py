"""The pipeline: read → validate → transform → load."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from etl.load import write_database
from etl.problems import InvalidData
from etl.read import RawDataset, read_dataset
from etl.transform import build_tables
from etl.validate import Dataset, validate

DEFAULT_DATASETS = Path(__file__).resolve().parent.parent / "datasets"
DEFAULT_DB = Path(__file__).resolve().parent.parent / "build" / "tracker.duckdb"


def read_valid(datasets: Path) -> tuple[Dataset, RawDataset]:
    """Read and validate; raise InvalidData with every problem found."""
    raw = read_dataset(datasets)
    data, problems = validate(raw)
    if problems:
        raise InvalidData(problems)
    return data, raw


def load_valid(datasets: Path) -> tuple[Dataset, str]:
    """The validated records and the fingerprint of the files read."""
    data, raw = read_valid(datasets)
    return data, raw.fingerprint


def build(datasets: Path, db: Path, assessed_on: date) -> dict[str, int]:
    """Build the database; return the row count of each table. Nothing is written on error."""
    data, raw = read_valid(datasets)
    tables = build_tables(data, assessed_on, raw.fingerprint, raw.texts)
    write_database(tables, db)
    return {name: len(rows) for name, rows in tables.items()}
