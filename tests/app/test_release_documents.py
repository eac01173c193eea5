"""A release keeps its API documents (issue 27): `etl release` records, beside its data package,
every indicator's .json and .csv and targets.json as the API served them that day; they are
served at /api/v1/releases/{version}/... byte for byte, immutable, written by the static copy,
and the citations point to them. A release made before answers a 404 that says why."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import feedparser
import jsonschema
import pytest

from etl.build import DEFAULT_DATASETS, build
from etl.problems import InvalidData
from etl.release import (
    DOCUMENTS_FILE,
    RELEASES_DIR,
    documents_from_git,
    make_release,
    read_releases,
)
from tests.app.test_api import call, schema
from tracker import api, documents, indicators

REPO = Path(__file__).resolve().parents[2]
VERSION = "2026.12.10"
CHANGED = "industrial_internet_platforms"  # the indicator of the observation the release revises
DAY = date(2026, 12, 10)


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """A copy of the curated data, one note revised, released as VERSION and built that day."""
    root = tmp_path_factory.mktemp("released")
    datasets = root / "datasets"
    shutil.copytree(DEFAULT_DATASETS, datasets)
    path = datasets / "observations.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    changed = next(r for r in rows if r["indicator_id"] == CHANGED)
    changed["note"] = "Revised for the test release."
    changed["note_zh"] = "为测试发布而修订。"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    make_release(datasets, version=VERSION, summary_en="Test.", summary_zh="测试。")
    db = root / "tracker.duckdb"
    build(datasets, db, DAY)
    return db


@pytest.fixture
def served(released, monkeypatch) -> Path:
    monkeypatch.setenv("TRACKER_DB", str(released))
    api.DOCUMENTS.clear()
    return released


def test_a_release_keeps_its_documents_byte_for_byte_and_serves_them_immutable(served):
    kept = served.parent / "datasets" / RELEASES_DIR / VERSION / DOCUMENTS_FILE
    with zipfile.ZipFile(kept) as z:
        names = z.namelist()
    ids = indicators.indicator_ids()
    assert sorted(names) == sorted(
        ["targets.json"] + [f"indicators/{i}.{e}" for i in ids for e in ("json", "csv")]
    )
    assert documents.version() == VERSION
    for name in names:
        status, live_headers, live = call(f"/api/v1/{name}")
        assert status == 200
        status, headers, pinned = call(f"/api/v1/releases/{VERSION}/{name}")
        assert status == 200, name
        assert pinned == live, name  # what the API served the day of the release
        assert headers["cache-control"] == "public, max-age=31536000, immutable"
        assert headers["content-type"] == live_headers["content-type"]
        assert (
            call(f"/api/v1/releases/{VERSION}/{name}", "GET", {"If-None-Match": headers["etag"]})[0]
            == 304
        )


def test_citations_point_to_the_pinned_document(served, monkeypatch):
    monkeypatch.setenv("TRACKER_PUBLIC_URL", "https://tracker.example.org")
    pinned = f"/api/v1/releases/{VERSION}/indicators/key_process_cnc_rate.json"
    doc = json.loads(call("/api/v1/indicators/key_process_cnc_rate.json")[2])
    assert doc["citation"]["address"] == "https://tracker.example.org" + pinned
    assert "https://tracker.example.org" + pinned in doc["citation"]["text"]
    for ext in ("bib", "ris", "csl.json"):
        body = call(f"/api/v1/indicators/key_process_cnc_rate.{ext}")[2].decode("utf-8")
        assert "https://tracker.example.org" + pinned in body, ext


def test_unknown_names_and_releases_made_before_get_a_json_404(served):
    for path in (
        f"/api/v1/releases/{VERSION}/indicators/nope.json",
        f"/api/v1/releases/{VERSION}/indicators/..%2Fversion.json",
        "/api/v1/releases/1999.01.01/targets.json",
        f"/api/v1/releases/{VERSION}/datapackage.json",
    ):
        status, _, body = call(path)
        assert status == 404, path
        assert json.loads(body)["error"] == "not found"
    status, _, body = call("/api/v1/releases/2026.11.24/indicators/key_process_cnc_rate.json")
    assert status == 404
    answer = json.loads(body)
    assert "made before each release kept its own API documents" in answer["message"]
    assert answer["datapackage"] == "/api/v1/releases/2026.11.24/datapackage.zip"


def test_the_static_copy_lists_the_kept_documents(served):
    """The static copy writes `answer(path)` for every path of `api.DOCUMENTS.paths()`
    (checked byte for byte against the server by tests/app/test_api_server.py): the kept
    documents are listed."""
    listed = set(api.DOCUMENTS.paths())
    for name in ("targets.json", "indicators/key_process_cnc_rate.json", "indicators/x.csv"):
        path = f"/api/v1/releases/{VERSION}/{name}"
        assert (path in listed) == (name != "indicators/x.csv"), path
    assert not any(p.startswith("/api/v1/releases/2026.11.24/indicators/") for p in listed)


def test_the_indicator_feed_links_the_releases_kept_documents(served, monkeypatch):
    monkeypatch.setenv("TRACKER_PUBLIC_URL", "https://tracker.example.org")
    feed = feedparser.parse(call("/api/v1/indicators/" + CHANGED + ".atom")[2])
    newest = feed.entries[0]
    assert newest.id == f"https://tracker.example.org/api/v1/releases/{VERSION}.json#{CHANGED}"
    assert "Figure revised" in newest.summary and "修订数字" in newest.summary
    related = {link.type: link.href for link in newest.links if link.rel == "related"}
    base = f"https://tracker.example.org/api/v1/releases/{VERSION}/indicators/{CHANGED}"
    assert related == {"application/json": base + ".json", "text/csv": base + ".csv"}


def test_releases_json_says_where_each_release_kept_its_documents(served):
    index = json.loads(call("/api/v1/releases.json")[2])
    jsonschema.validate(index, schema("releases"))
    newest, *older = index["releases"]
    assert newest["version"] == VERSION
    assert newest["documents"] == {
        "targets": f"/api/v1/releases/{VERSION}/targets.json",
        "indicators": f"/api/v1/releases/{VERSION}/indicators/{{id}}.json",
    }
    assert call(newest["documents"]["targets"])[0] == 200
    # An older release names its documents exactly when it kept them (recorded from its
    # revision with `etl release-documents`, or made since releases keep them).
    for r in older:
        kept = (DEFAULT_DATASETS / RELEASES_DIR / r["version"] / DOCUMENTS_FILE).exists()
        assert (r["documents"] is not None) == kept, r["version"]
    assert any(r["documents"] is None for r in older)  # the earliest kept none


def git_out(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(REPO), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def test_a_past_release_gets_the_documents_its_own_revision_served(tmp_path):
    """`python -m etl release-documents VERSION --from-git REV`: the latest release's documents
    as the app of the revision that recorded it serves them; refused where that cannot be."""
    latest = read_releases(DEFAULT_DATASETS)[-1]
    rev = git_out("log", "-1", "--format=%H", "--", "datasets/releases.csv")
    copy = tmp_path / "datasets"
    shutil.copytree(DEFAULT_DATASETS, copy)
    (copy / RELEASES_DIR / latest.version / DOCUMENTS_FILE).unlink(missing_ok=True)
    kept = documents_from_git(copy, latest.version, rev, top=REPO)
    with zipfile.ZipFile(io.BytesIO(kept)) as z:
        names = set(z.namelist())
        doc = json.loads(z.read("indicators/key_process_cnc_rate.json"))
    assert "targets.json" in names and "indicators/key_process_cnc_rate.csv" in names
    assert doc["version"] == latest.version
    assert (copy / RELEASES_DIR / latest.version / DOCUMENTS_FILE).read_bytes() == kept

    def refused(version: str, at: str) -> str:
        with pytest.raises(InvalidData) as err:
            documents_from_git(copy, version, at, top=REPO)
        return err.value.report()

    assert "has its documents already" in refused(latest.version, rev)
    assert "no release '1999.01.01' is recorded" in refused("1999.01.01", rev)
    first = read_releases(DEFAULT_DATASETS)[0]
    first_rev = git_out("log", "--diff-filter=A", "--format=%H", "--", "datasets/releases.csv")
    assert "served no API documents" in refused(first.version, first_rev.splitlines()[-1])
