"""Builds: a unique temporary file per build (two builds at once in one process do not
collide), and what a killed build left behind is cleared by the next build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb

from etl.build import DEFAULT_DATASETS, build
from etl.load import clear_leftovers, temp_path
from tests.etl.conftest import ASSESSED_ON

REPO = Path(__file__).resolve().parents[2]
WAIT_S = 60

# Rows of the curated observations file: what a build of it holds.
CURATED_OBSERVATIONS = (
    Path(__file__).resolve().parents[2] / "datasets" / "observations.csv"
).read_text(encoding="utf-8").count("\n") - 1


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait(timeout=WAIT_S)
    return proc.pid


def observations(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM observations").fetchone()[0]
    finally:
        con.close()


def test_every_build_gets_its_own_temporary_name(tmp_path):
    db = tmp_path / "tracker.duckdb"
    first, second = temp_path(db), temp_path(db)
    assert first != second
    assert first.parent == db.parent
    assert first.name.startswith(f".tracker.duckdb.tmp-{os.getpid()}-")


def test_two_builds_at_once_in_one_process_both_succeed(tmp_path):
    db = tmp_path / "tracker.duckdb"
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def one_build():
        try:
            start.wait(timeout=WAIT_S)
            build(DEFAULT_DATASETS, db, ASSESSED_ON)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=one_build) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=WAIT_S)
    assert errors == []
    assert observations(db) == CURATED_OBSERVATIONS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tracker.duckdb"]


def test_leftovers_of_dead_builds_are_cleared_and_a_live_builds_kept(tmp_path):
    db = tmp_path / "tracker.duckdb"
    gone = dead_pid()
    dead = [
        tmp_path / f".tracker.duckdb.tmp-{gone}",  # the old per-pid name
        tmp_path / f".tracker.duckdb.tmp-{gone}.wal",
        tmp_path / f".tracker.duckdb.tmp-{gone}-0123abcd",
        tmp_path / f".tracker.duckdb.tmp-{gone}-0123abcd.wal",
    ]
    live = tmp_path / f".tracker.duckdb.tmp-{os.getppid()}-feed"  # a running process's
    other = tmp_path / ".other.duckdb.tmp-1"  # another database's: not ours to clear
    for f in [*dead, live, other]:
        f.write_bytes(b"partial")

    build(DEFAULT_DATASETS, db, ASSESSED_ON)

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["tracker.duckdb", live.name, other.name]
    )
    assert clear_leftovers(db) == []


SLOW_BUILD = """
import sys, time
import etl.load as load
real = load.create_table_sql
def slow(table):
    if table.name == "targets":
        time.sleep(60)  # killed here, half-way through writing
    return real(table)
load.create_table_sql = slow
from etl.cli import main
sys.exit(main(["build", "--db", sys.argv[1], "--as-of", "2026-11-24"]))
"""


def test_a_killed_builds_leftovers_are_removed_by_the_next_build(tmp_path):
    db = tmp_path / "tracker.duckdb"
    build(DEFAULT_DATASETS, db, ASSESSED_ON)
    before = db.read_bytes()
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_BUILD, str(db)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + WAIT_S
        while not list(tmp_path.glob(f".tracker.duckdb.tmp-{proc.pid}-*")):
            assert proc.poll() is None, "the slow build ended by itself"
            assert time.monotonic() < deadline, "the slow build never started writing"
            time.sleep(0.05)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=WAIT_S)
    leftovers = list(tmp_path.glob(".tracker.duckdb.tmp-*"))
    assert leftovers, "a killed build leaves its temporary file"
    assert db.read_bytes() == before  # the killed build never replaced the database

    build(DEFAULT_DATASETS, db, ASSESSED_ON)

    assert sorted(p.name for p in tmp_path.iterdir()) == ["tracker.duckdb"]
    assert observations(db) == CURATED_OBSERVATIONS
