"""The store serves the database file as it is now: a rebuilt file (moved over the old one) is
read on the next query without a restart, and the old file is let go."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from etl.build import DEFAULT_DATASETS, build
from tests.fixtures.small_dataset import write_small_dataset
from tracker import queries, store
from tracker import sources as source_rows


def open_deleted_files() -> list[str]:
    """Files this process holds open that were deleted (or replaced) since."""
    fds = Path("/proc/self/fd")
    targets = [os.readlink(fd) for fd in fds.iterdir() if fd.is_symlink()]
    return [t for t in targets if t.endswith(" (deleted)")]


def assessed_on(path: Path) -> str:
    info = store.run(queries.build_info_query(), path)
    return dict(zip(info["key"], info["value"], strict=True))["assessed_on"]


def test_a_rebuilt_database_is_served_on_the_next_read(tmp_path):
    datasets = write_small_dataset(tmp_path / "datasets")
    served = tmp_path / "tracker.duckdb"
    build(datasets, served, date(2026, 11, 24))  # database A
    assert assessed_on(served) == "2026-11-24"
    assert assessed_on(served) == "2026-11-24"  # the cached result of the same file

    rebuilt = tmp_path / "next.duckdb"
    build(datasets, rebuilt, date(2027, 1, 1))  # database B, then moved over A
    os.replace(rebuilt, served)
    assert assessed_on(served) == "2027-01-01"

    # the old file is detached: one attached file for this path, and no deleted file held open
    assert [p for _, p in store.attached() if p == str(served)] == [str(served)]
    assert not [f for f in open_deleted_files() if f.startswith(str(served))]


def test_queries_run_on_their_own_file(tmp_path, small_db, app_db):
    # two databases served in one process do not see each other's rows
    sources = source_rows.sources_query()
    assert len(store.run(sources, small_db)) == 3
    curated = (DEFAULT_DATASETS / "sources.csv").read_text(encoding="utf-8").count("\n") - 1
    assert len(store.run(sources, app_db)) == curated
    assert len(store.run(sources, small_db)) == 3


def test_the_parquet_download_is_of_the_pinned_version(tmp_path):
    """A page pins the version it shows; its Parquet download, built in the same run after the
    file was rebuilt, is still that version's (it read the new file, and was kept under the
    old version's key, for every later reader of that version)."""
    import io
    import zipfile

    import pyarrow.parquet as pq

    datasets = write_small_dataset(tmp_path / "datasets")
    served = tmp_path / "tracker.duckdb"
    build(datasets, served, date(2026, 11, 24))  # database A
    store.pin(served)
    rebuilt = tmp_path / "next.duckdb"
    build(datasets, rebuilt, date(2027, 1, 1))  # database B, moved over A during the run
    os.replace(rebuilt, served)
    archive = zipfile.ZipFile(io.BytesIO(store.parquet_zip(served)))
    info = pq.read_table(io.BytesIO(archive.read("build_info.parquet"))).to_pydict()
    assert dict(zip(info["key"], info["value"], strict=True))["assessed_on"] == "2026-11-24"
    store.pin(served)  # the next run reads B
    archive = zipfile.ZipFile(io.BytesIO(store.parquet_zip(served)))
    info = pq.read_table(io.BytesIO(archive.read("build_info.parquet"))).to_pydict()
    assert dict(zip(info["key"], info["value"], strict=True))["assessed_on"] == "2027-01-01"
