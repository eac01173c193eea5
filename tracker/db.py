"""Where the database is, and building it when it is missing.

`TRACKER_DB` (environment) or `build/tracker.duckdb` under the repository. No DuckDB import here:
`tracker.store` is the only module that queries the database.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DB = REPO / "build" / "tracker.duckdb"
FIX_COMMAND = "make etl"


class DatabaseUnavailable(RuntimeError):
    """The database is missing and could not be built, or cannot be read."""


def db_path() -> Path:
    env = os.environ.get("TRACKER_DB", "").strip()
    return Path(env).expanduser() if env else DEFAULT_DB


def ensure_database(path: Path | None = None) -> Path:
    """The database path; builds the database from `datasets/` first if the file is missing."""
    path = path or db_path()
    if path.exists():
        return path
    try:
        from etl.build import DEFAULT_DATASETS, build

        path.parent.mkdir(parents=True, exist_ok=True)
        build(DEFAULT_DATASETS, path, date.today())
    except Exception as exc:  # any failure: the page says what to run
        raise DatabaseUnavailable(
            f"The database {path} is missing and could not be built: {exc}"
        ) from exc
    return path


def cache_key(path: Path) -> tuple[str, int]:
    """(path, mtime in ns): a rebuilt database gets a new key, so caches are not stale."""
    return (str(path), path.stat().st_mtime_ns)
