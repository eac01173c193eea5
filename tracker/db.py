"""Where the database is, and building it when it is missing.

`TRACKER_DB` (environment) or `build/tracker.duckdb` under the repository. No DuckDB import here:
`tracker.store` is the only module that queries the database.

A missing database is built once per server, not per request: `ensure_database` takes an
exclusive lock (`fcntl.flock` on `.<name>.lock` beside the database) before building, and
whoever gets the lock after a build finds the database there and does not build again. The lock
holds across threads and processes alike (each call opens its own lock file description).
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from datetime import date
from pathlib import Path

from etl.build import DEFAULT_DB

FIX_COMMAND = "make etl"
LOCK_WAIT_S = 120.0  # a build takes about a second; a lock held longer is a stuck build

_log = logging.getLogger(__name__)


class DatabaseUnavailable(RuntimeError):
    """The database is missing and could not be built, or cannot be read."""


def db_path() -> Path:
    env = os.environ.get("TRACKER_DB", "").strip()
    return Path(env).expanduser() if env else DEFAULT_DB


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def _build(path: Path) -> None:
    from etl.build import DEFAULT_DATASETS, build

    build(DEFAULT_DATASETS, path, date.today())


def ensure_database(path: Path | None = None) -> Path:
    """The database path; builds the database from `datasets/` first if the file is missing,
    once, under a lock beside it."""
    path = path or db_path()
    if path.exists():
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path(path), "a+b") as lock:
            deadline = time.monotonic() + LOCK_WAIT_S
            while True:
                try:
                    fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise TimeoutError(
                            f"another build of {path} has held {lock_path(path)} for more "
                            f"than {LOCK_WAIT_S:.0f} s"
                        ) from None
                    time.sleep(0.05)
            try:
                if not path.exists():  # nobody built it while we waited
                    _log.warning("database %s is missing: building it from the datasets", path)
                    _build(path)
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
    except Exception as exc:  # any failure: the page says what to run
        _log.exception("database %s is missing and could not be built", path)
        raise DatabaseUnavailable(
            f"The database {path} is missing and could not be built: {exc}"
        ) from exc
    return path
