"""A missing database is built once per server, under a lock beside it, however many sessions
(threads) or processes ask for it at the same moment."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tracker import db

REPO = Path(__file__).resolve().parents[2]
WAIT_S = 60

# Rows of the curated observations file: what a build of it holds.
CURATED_OBSERVATIONS = (
    Path(__file__).resolve().parents[2] / "datasets" / "observations.csv"
).read_text(encoding="utf-8").count("\n") - 1


def observations(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM observations").fetchone()[0]
    finally:
        con.close()


def test_threads_asking_at_once_build_the_missing_database_once(tmp_path, monkeypatch):
    path = tmp_path / "build" / "tracker.duckdb"
    real = db._build
    builds = []

    def counted(p):
        builds.append(p)
        time.sleep(0.3)  # a slow build: the others arrive while it runs
        real(p)

    monkeypatch.setattr(db, "_build", counted)
    start = threading.Barrier(4)
    results, errors = [], []

    def ask():
        try:
            start.wait(timeout=WAIT_S)
            results.append(db.ensure_database(path))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=WAIT_S)

    assert errors == []
    assert results == [path] * 4
    assert builds == [path]
    assert observations(path) == CURATED_OBSERVATIONS
    assert sorted(p.name for p in path.parent.iterdir()) == [".tracker.duckdb.lock", path.name]


ASK = """
import sys, time
from pathlib import Path
import tracker.db as db
real = db._build
def counted(p):
    with open(sys.argv[2], "a") as f:
        f.write("built\\n")
    time.sleep(0.5)
    real(p)
db._build = counted
Path(sys.argv[3] + ".ready").touch()
while not Path(sys.argv[3]).exists():  # start together
    time.sleep(0.01)
print(db.ensure_database(Path(sys.argv[1])))
"""


def test_processes_asking_at_once_build_the_missing_database_once(tmp_path):
    path = tmp_path / "tracker.duckdb"
    count = tmp_path / "builds.txt"
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", ASK, str(path), str(count), str(go) + str(i)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    deadline = time.monotonic() + WAIT_S
    while not all(Path(f"{go}{i}.ready").exists() for i in range(2)):
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs)
        time.sleep(0.01)
    for i in range(2):
        Path(f"{go}{i}").touch()
    outputs = [p.communicate(timeout=WAIT_S) for p in procs]

    assert [p.returncode for p in procs] == [0, 0], outputs
    assert [out.strip() for out, _ in outputs] == [str(path), str(path)]
    assert count.read_text().splitlines() == ["built"]
    assert observations(path) == CURATED_OBSERVATIONS


def test_a_failed_build_is_reported_as_unavailable(tmp_path, monkeypatch):
    def broken(p):
        raise ValueError("the dataset has problems")

    monkeypatch.setattr(db, "_build", broken)
    path = tmp_path / "tracker.duckdb"
    with pytest.raises(db.DatabaseUnavailable) as raised:
        db.ensure_database(path)
    assert str(raised.value) == (
        f"The database {path} is missing and could not be built: the dataset has problems"
    )
    assert not path.exists()
