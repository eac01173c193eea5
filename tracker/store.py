"""Running queries against the served database: the only module that imports DuckDB.

One in-memory DuckDB connection per process. The database file is ATTACHed to it READ_ONLY
under an alias of its own for each *identity* of the file (path, inode, size, mtime in ns), and
each query runs on its own cursor that `USE`s that alias. A rebuilt database (a new file moved
over the old one with `os.replace`) has a new identity: the next read attaches it, and the old
file's alias is detached as soon as no query is running on it, so the old file is not held open
and no restart is needed. Results are cached per identity too, so a cached result can never be
served for another version of the file.

A page is many queries. `pin` (called by dashboard.py, through `tracker.data.begin_run`, at the
start of every script run) fixes the identity for the queries of the calling thread that follow,
until its next `pin`: a page reads one version of the file from its first query to its last,
even when the file is replaced while it runs (never a mix of two versions), and the next run
reads the new one. A pinned file stays attached while its pin lives; the pin is let go by the
thread's next pin or when the thread ends.
"""

from __future__ import annotations

import io
import itertools
import os
import threading
import weakref
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from tracker.db import DatabaseUnavailable, ensure_database
from tracker.queries import Query

T = TypeVar("T")
Identity = tuple[str, int, int, int]  # path, inode, size, mtime_ns

MAX_RESULTS = 256  # cached query results, all identities together
MAX_DATABASES = 4  # attached files kept (one per path; tests switch between a few)

_lock = threading.RLock()
_connection: duckdb.DuckDBPyConnection | None = None
_aliases = itertools.count(1)
_attached: OrderedDict[Identity, str] = OrderedDict()  # least recently used first
_in_use: Counter[str] = Counter()
_results: OrderedDict[tuple[Identity, Hashable], Any] = OrderedDict()
_local = threading.local()  # .pin: the calling thread's _Pin


def identity(path: Path) -> Identity:
    """What tells one version of the database file from another."""
    st = os.stat(path)
    return (str(path), st.st_ino, st.st_size, st.st_mtime_ns)


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _con() -> duckdb.DuckDBPyConnection:
    global _connection
    if _connection is None:
        _connection = duckdb.connect(":memory:")
    return _connection


def _stale(ident: Identity, alias: str) -> bool:
    latest_of_path = [i for i in _attached if i[0] == ident[0]][-1]
    too_many = list(_attached).index(ident) < len(_attached) - MAX_DATABASES
    return ident != latest_of_path or too_many


def _detach_stale() -> None:
    """Detach every alias that is not the latest version of its path (or beyond the most
    recently used MAX_DATABASES) and that no query is running on; forget its results."""
    for ident, alias in list(_attached.items()):
        if _in_use[alias] or not _stale(ident, alias):
            continue
        try:
            _con().execute(f"DETACH {alias}")
        except duckdb.Error:
            continue  # try again on a later read
        del _attached[ident]
        del _in_use[alias]
        for key in [k for k in _results if k[0] == ident]:
            del _results[key]


def _acquire(path: Path) -> tuple[Identity, str]:
    """The identity of the file at `path` now and the alias it is attached under, marked in
    use until `_release`."""
    with _lock:
        for _ in range(3):  # the file can be replaced between stat and ATTACH: check again
            ident = identity(path)
            alias = _attached.get(ident)
            if alias is None:
                alias = f"tracker_db_{next(_aliases)}"
                _con().execute(f"ATTACH {_sql_literal(str(path))} AS {alias} (READ_ONLY)")
                _attached[ident] = alias
                if identity(path) != ident:
                    continue  # attached a file that is already gone: the next turn detaches it
            _attached.move_to_end(ident)
            _in_use[alias] += 1
            _detach_stale()
            return ident, alias
        raise DatabaseUnavailable(f"The database {path} keeps changing while it is read.")


def _release(alias: str) -> None:
    with _lock:
        _in_use[alias] -= 1
        _detach_stale()


class _Pin:
    """An identity held in use for one thread; released when the pin is dropped (the thread's
    next pin, or the thread's end clearing its thread-local data)."""

    def __init__(self, ident: Identity, alias: str) -> None:
        self.ident = ident
        self.alias = alias
        weakref.finalize(self, _release, alias)


def pin(path: Path | None = None) -> Identity:
    """Read every later query of the calling thread (for this path) from the file as it is
    now, until the thread's next `pin`. Raises DatabaseUnavailable like `run`."""
    path = Path(path or ensure_database())
    try:
        ident, alias = _acquire(path)
    except (duckdb.Error, OSError) as exc:
        raise DatabaseUnavailable(f"The database {path} cannot be read: {exc}") from exc
    _local.pin = _Pin(ident, alias)  # the previous pin, if any, is released
    return ident


def _pinned(path: Path) -> _Pin | None:
    held = getattr(_local, "pin", None)
    return held if held is not None and held.ident[0] == str(path) else None


def _execute(alias: str, query: Query) -> pd.DataFrame:
    with _lock:
        cursor = _con().cursor()  # one cursor per query: thread-safe
    try:
        cursor.execute(f"USE {alias}")
        return cursor.execute(query[0], query[1]).df()
    finally:
        cursor.close()


def _remember(ident: Identity, key: Hashable, make: Callable[[], T]) -> T:
    with _lock:
        if (ident, key) in _results:
            _results.move_to_end((ident, key))
            return _results[(ident, key)]
    value = make()
    with _lock:
        _results[(ident, key)] = value
        while len(_results) > MAX_RESULTS:
            _results.popitem(last=False)
    return value


def _params_key(params: list[Any]) -> tuple:
    return tuple(tuple(p) if isinstance(p, list) else p for p in params)


def run(query: Query, path: Path | None = None) -> pd.DataFrame:
    """Run a (sql, params) query against the current database; a fresh copy of the result.
    Raises DatabaseUnavailable when the file is missing (and cannot be built) or unreadable."""
    path = Path(path or ensure_database())
    key = ("query", query[0], _params_key(query[1]))
    try:
        held = _pinned(path)
        if held is not None:  # this run's version of the file (in use while pinned)
            return _remember(held.ident, key, lambda: _execute(held.alias, query)).copy()
        ident, alias = _acquire(path)
        try:
            return _remember(ident, key, lambda: _execute(alias, query)).copy()
        finally:
            _release(alias)
    except (duckdb.Error, OSError) as exc:
        raise DatabaseUnavailable(f"The database {path} cannot be read: {exc}") from exc


def current_identity(path: Path | None = None) -> Identity:
    """The identity of the database version the calling thread reads (its pin, else the file
    as it is now)."""
    path = Path(path or ensure_database())
    held = _pinned(path)
    try:
        return held.ident if held is not None else identity(path)
    except OSError as exc:
        raise DatabaseUnavailable(f"The database {path} cannot be read: {exc}") from exc


def per_database(name: Hashable, make: Callable[[Path], T], path: Path | None = None) -> T:
    """`make(path)` computed once per identity of the database file and `name` (a name, or a
    function's name with its arguments), for results that take long to build from several
    queries: frames, figures, the workbook download. Not copied: do not modify what it
    returns."""
    path = Path(path or ensure_database())
    held = _pinned(path)
    try:
        ident = held.ident if held is not None else identity(path)
    except OSError as exc:
        raise DatabaseUnavailable(f"The database {path} cannot be read: {exc}") from exc
    return _remember(ident, ("derived", name), lambda: make(path))


def parquet_zip(path: Path) -> bytes:
    """Every table of the database at `path` as Parquet (written by DuckDB, zstd-compressed,
    one file per table), in one zip: the whole dataset for readers with big-data tools. The
    files are written to a temporary folder and zipped without compressing them again."""
    import tempfile
    import zipfile

    from tracker.queries import TABLE_NAMES, table_query

    # The calling thread's pinned version when it has one (the version its page shows, and the
    # one `per_database` keys the result by): a rebuild during the run must not slip the new
    # file's tables into a download cached under the old version.
    held = _pinned(Path(path))
    try:
        alias = held.alias if held is not None else _acquire(Path(path))[1]
    except (duckdb.Error, OSError) as exc:
        raise DatabaseUnavailable(f"The database {path} cannot be read: {exc}") from exc
    try:
        with tempfile.TemporaryDirectory(prefix="tracker-parquet-") as tmp:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
                for name in TABLE_NAMES:
                    out = Path(tmp) / f"{name}.parquet"
                    sql, params = table_query(name)
                    with _lock:
                        cursor = _con().cursor()
                    try:
                        cursor.execute(f"USE {alias}")
                        # the query is a declared table's (table_query): no user text in it
                        cursor.execute(
                            f"COPY ({sql}) TO {_sql_literal(str(out))} "
                            "(FORMAT parquet, COMPRESSION zstd)",
                            params,
                        )
                    finally:
                        cursor.close()
                    # a fixed date and mode: the same data gives the same bytes in any process
                    info = zipfile.ZipInfo(f"{name}.parquet", date_time=(1980, 1, 1, 0, 0, 0))
                    info.external_attr = 0o644 << 16
                    zf.writestr(info, out.read_bytes())
                    out.unlink()
            return buffer.getvalue()
    except (duckdb.Error, OSError) as exc:
        raise DatabaseUnavailable(f"The database {path} cannot be read: {exc}") from exc
    finally:
        if held is None:
            _release(alias)


def attached() -> list[tuple[str, str]]:
    """(alias, path) of every database file attached now (for tests and diagnostics)."""
    with _lock:
        rows = (
            _con()
            .execute("SELECT database_name, path FROM duckdb_databases() WHERE path IS NOT NULL")
            .fetchall()
        )
    return [(str(a), str(p)) for a, p in rows]
