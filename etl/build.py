"""The pipeline: read → validate → transform → (guard) → load."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from etl import quote_checks
from etl.diff import Diff, RemovalRefused, compare, read_database, removal_problems, removals
from etl.load import sql_literal, write_database
from etl.problems import InvalidData
from etl.quote_checks import QuoteChecks
from etl.read import RawDataset, read_dataset
from etl.release import release_rows, served_version
from etl.transform import build_tables
from etl.validate import Dataset, validate

DEFAULT_DATASETS = Path(__file__).resolve().parent.parent / "datasets"
DEFAULT_DB = Path(__file__).resolve().parent.parent / "build" / "tracker.duckdb"


def read_valid(datasets: Path, checks: QuoteChecks | None = None) -> tuple[Dataset, RawDataset]:
    """Read and validate; raise InvalidData with every problem found. `checks`: the quote
    checks kept from an earlier build (etl/quote_checks.py), to which this one's are added."""
    raw = read_dataset(datasets)
    data, problems = validate(raw, checks)
    if problems:
        raise InvalidData(problems)
    return data, raw


def load_valid(datasets: Path) -> tuple[Dataset, str]:
    """The validated records and the fingerprint of the files read."""
    data, raw = read_valid(datasets)
    return data, raw.fingerprint


def planned_tables(
    datasets: Path, assessed_on: date, checks: QuoteChecks | None = None
) -> dict[str, list[tuple[Any, ...]]]:
    """The rows a build would write; raise InvalidData when the dataset has problems."""
    data, raw = read_valid(datasets, checks)
    tables = build_tables(data, assessed_on, raw.fingerprint, raw.texts, release_rows(datasets))
    # The version served (docs/releases.md): the latest release's, or it with + and the first
    # 8 of the fingerprint when the data differs from it. A damaged release record is refused.
    version, moved = served_version(datasets, raw.fingerprint)
    tables["build_info"] += [("version", version), ("unreleased", "true" if moved else "false")]
    return tables


def diff(datasets: Path, db: Path, assessed_on: date) -> Diff:
    """What a build would change in `db` (every row added when there is none)."""
    tables = planned_tables(datasets, assessed_on)
    old = read_database(db) if Path(db).exists() else None
    return compare(tables, old, Path(db))


def removal_guard(db: Path, datasets: Path) -> Callable[[Any], None]:
    """What raises RemovalRefused, given the connection of the database a build has written,
    when it lacks more than a tenth of an input table's rows of the database at `db`. The keys
    are compared in DuckDB, with `db` attached read-only: nothing of it is read into Python
    but the removed keys."""

    def refuse_removals(con: Any) -> None:
        try:
            con.execute(f"ATTACH {sql_literal(str(db))} AS old_database (READ_ONLY)")
            try:
                found = removals(con, "old_database", db)
            finally:
                con.execute("DETACH old_database")
        except Exception as exc:  # not a database we can read: nothing there to protect
            print(f"note: could not read the existing {db} to compare ({exc})", file=sys.stderr)
            return
        problems = removal_problems(found, datasets)
        if problems:
            raise RemovalRefused(problems)

    return refuse_removals


def build(
    datasets: Path, db: Path, assessed_on: date, *, accept_removals: bool = False
) -> dict[str, int]:
    """Build the database; return the row count of each table. Nothing is written on error,
    nor when the build would remove more than a tenth of a table's rows of the existing
    database (RemovalRefused) unless `accept_removals`: the new database is written to its
    temporary file, compared with `db` by key (`removal_guard`) and only then moved over it.
    After a build of more than
    `quote_checks.KEEP_FROM` quotes, their checks are kept next to the database
    (`<db>.quotes`, etl/quote_checks.py) for the next build."""
    db = Path(db)
    kept = quote_checks.cache_path(db)
    checks = quote_checks.load(kept)
    tables = planned_tables(datasets, assessed_on, checks)
    guard = None if accept_removals or not db.exists() else removal_guard(db, datasets)
    write_database(tables, db, before_replace=guard)
    # something new was read (an unchanged dataset rewrites nothing); a small dataset, read in
    # well under a second, leaves only its database
    if checks.read and checks.read + checks.reused > quote_checks.KEEP_FROM:
        quote_checks.save(checks, kept)
    return {name: len(rows) for name, rows in tables.items()}
