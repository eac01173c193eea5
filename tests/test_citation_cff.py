"""CITATION.cff: valid by cffconvert (in its own environment, .venv-cff: requirements-cff.in says
why), and naming the latest release and the data's licence."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml

from etl.release import Release, cite_release, read_releases
from tracker.documents import LICENCE

REPO = Path(__file__).resolve().parent.parent
CFFCONVERT = REPO / ".venv-cff" / "bin" / "cffconvert"


def test_cffconvert_validates_citation_cff():
    if not CFFCONVERT.exists():
        pytest.skip("cffconvert missing: make .venv-cff/bin/cffconvert (make test does)")
    done = subprocess.run(
        [str(CFFCONVERT), "--validate", "-i", str(REPO / "CITATION.cff")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_citation_cff_names_the_latest_release_and_the_licence():
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    latest = read_releases(REPO / "datasets")[-1]
    assert cff["type"] == "dataset"
    assert (cff["version"], str(cff["date-released"])) == (
        latest.version,
        latest.released_on.isoformat(),
    ), "CITATION.cff names another release than datasets/releases.csv's latest"
    assert cff["license"] == LICENCE["name"]


def test_a_release_rewrites_the_version_and_date_cited(tmp_path):
    copy = tmp_path / "CITATION.cff"
    shutil.copy(REPO / "CITATION.cff", copy)
    made = Release("2027.01.02.2", date(2027, 1, 2), "x", "x", "0" * 64, 0)
    assert cite_release(copy, made)
    cff = yaml.safe_load(copy.read_text(encoding="utf-8"))
    assert (cff["version"], str(cff["date-released"])) == ("2027.01.02.2", "2027-01-02")
    assert not cite_release(tmp_path / "missing.cff", made)
    if CFFCONVERT.exists():
        done = subprocess.run([str(CFFCONVERT), "--validate", "-i", str(copy)], capture_output=True)
        assert done.returncode == 0, done.stdout
