"""One page, one version of the database: a rebuild while a page runs never mixes two versions
on it (every query of a script run reads the file it pinned at the start of the run,
`tracker.store.pin` through `tracker.data.begin_run`), and the next run shows the new one.

Found by `make loadtest`: before the pin, a page whose queries straddled a rebuild showed the
old "As of" line beside the new figure."""

from __future__ import annotations

import gc
import os
import threading
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.loadtest import version_of, write_dataset
from etl.build import build
from tests.app.conftest import DASHBOARD
from tracker import observations, store


@pytest.fixture
def versions(tmp_path) -> dict[str, Path]:
    """Databases of the load test's versions A and B (B: a later, larger figure)."""
    out = {}
    for v in "AB":
        out[v] = tmp_path / f"{v}.duckdb"
        build(write_dataset(tmp_path / f"datasets-{v}", v), out[v], date(2026, 11, 24))
    return out


def served_copy(versions, tmp_path, v: str) -> Path:
    served = tmp_path / "served" / "tracker.duckdb"
    served.parent.mkdir(exist_ok=True)
    replace_with(served, versions[v])
    return served


def replace_with(served: Path, source: Path) -> None:
    """A rebuild as the ETL makes it: a new file moved over the served one."""
    tmp = served.with_name(".next.duckdb")
    tmp.write_bytes(source.read_bytes())
    os.replace(tmp, served)


def figure(path: Path) -> float:
    found = store.run(observations.observations_query(["alpha", "beta"]), path)
    return float(found.set_index("observation_id").loc["w-2025", "value"])


def open_deleted(prefix: str) -> list[str]:
    fds = Path("/proc/self/fd")
    targets = [os.readlink(fd) for fd in fds.iterdir() if fd.is_symlink()]
    return [t for t in targets if t.startswith(prefix) and t.endswith(" (deleted)")]


def test_a_pinned_thread_reads_one_version_until_it_pins_again(versions, tmp_path):
    served = served_copy(versions, tmp_path, "A")
    seen: dict[str, float] = {}

    def run(name: str, steps) -> None:
        for step in steps:
            step(name)

    # This thread pins A, then the file is rebuilt as B: it still reads A...
    store.pin(served)
    assert figure(served) == 180
    replace_with(served, versions["B"])
    assert figure(served) == 180
    # ... while a thread that did not pin, or pins now, reads B.
    other = threading.Thread(target=lambda: seen.__setitem__("other", figure(served)))
    other.start()
    other.join()
    assert seen["other"] == 187
    # Its next pin (the next run) reads B, and the old file is let go.
    store.pin(served)
    assert figure(served) == 187
    assert open_deleted(str(served)) == []


def test_a_pin_is_let_go_when_its_thread_ends(versions, tmp_path):
    served = served_copy(versions, tmp_path, "A")
    worker = threading.Thread(target=lambda: (store.pin(served), figure(served)))
    worker.start()
    worker.join()
    replace_with(served, versions["B"])
    gc.collect()
    assert figure(served) == 187
    assert open_deleted(str(served)) == []


@pytest.mark.parametrize("page", ["pages/overview_page.py", "pages/priorities_page.py"])
def test_a_rebuild_while_a_page_runs_shows_one_version(page, versions, tmp_path, monkeypatch):
    served = served_copy(versions, tmp_path, "A")
    monkeypatch.setenv("TRACKER_DB", str(served))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    if page != "pages/overview_page.py":
        at.switch_page(page)
        at.run()
    assert version_of(texts(at)) == "A"

    # The next run: the file is rebuilt as B after its third query (cached results count:
    # a run reads them per version of the file too).
    calls = {"n": 0}
    remember = store._remember

    def rebuilding(ident, key, make):
        calls["n"] += 1
        if calls["n"] == 3:
            replace_with(served, versions["B"])
        return remember(ident, key, make)

    monkeypatch.setattr(store, "_remember", rebuilding)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert calls["n"] > 3, "the run read too little to straddle the rebuild"
    assert version_of(texts(at)) == "A"  # the version it started with, all of it
    at.run()
    assert version_of(texts(at)) == "B"  # and the next run shows the rebuilt file


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [str(m.value) for m in at.metric]
    return "\n".join(str(p) for p in parts).replace("\\>", ">")
