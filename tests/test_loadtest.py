"""Smoke test of the load test's own logic (bench/loadtest.py; `make loadtest` runs it): the two
datasets build and differ where every page shows it, a page's text tells the version, and the
versions a load may show follow the builds."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from bench import loadtest
from bench.loadtest import Build, Timeline, version_of
from etl.build import build


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("**As of Nov 2025**: ... > 180", "A"),
        ("As of Dec 2025 · more than 187", "B"),
        ("As of Nov 2025 and > 187", "mix"),
        ("No area of this page is selected.", "none"),
    ],
)
def test_a_page_text_tells_its_version(text, version):
    assert version_of(text) == version


def test_a_load_may_show_what_was_served_when_it_started_or_what_a_build_wrote_during_it():
    t = Timeline("A")
    t.builds += [
        Build("B", start=10, done=12, completed=True),
        Build("A", start=20, done=21, killed=True, completed=False),
        Build("A", start=30, done=31, killed=True, completed=True),
    ]
    assert t.allowed(0, 5) == {"A"}
    assert t.allowed(5, 11) == {"A", "B"}  # the rename may fall anywhere in the build
    assert t.allowed(13, 19) == {"B"}  # after a completed build: never the old version
    assert t.allowed(20, 25) == {"B"}  # a build killed before its rename changes nothing
    assert t.allowed(29, 30.5) == {"B", "A"}
    assert t.allowed(32, 40) == {"A"}
    t.builds.append(Build("B", start=41))  # running
    assert t.allowed(42, 43) == {"A", "B"}


def test_the_two_datasets_build_and_differ_in_the_shown_figure(tmp_path):
    values = {}
    for v in "AB":
        db = tmp_path / f"{v}.duckdb"
        build(loadtest.write_dataset(tmp_path / v, v), db, date(2026, 11, 24))
        con = duckdb.connect(str(db), read_only=True)
        try:
            values[v] = con.execute(
                "SELECT value, as_of FROM observations WHERE observation_id = 'w-2025'"
            ).fetchone()
        finally:
            con.close()
    assert values["A"][0] == 180 and values["B"][0] == 187
    assert values["A"][1] < values["B"][1]


def test_every_page_has_addresses_to_load():
    assert {name for name, _ in loadtest.URLS} == set(loadtest.PAGES)
