"""`python -m etl release`: a release records its version, summary and changes; bad data,
an existing version and a damaged record are refused with file and line; the build serves the
latest release's version, or it with + and the fingerprint's first 8 when the data moved on."""

from __future__ import annotations

import json
import shutil
from datetime import date

import duckdb
import pytest

from etl.build import build
from etl.cli import main
from etl.problems import InvalidData
from etl.read import read_dataset
from etl.release import (
    RELEASES_DIR,
    RELEASES_FILE,
    make_release,
    next_version,
    read_releases,
    served_version,
)

TEXTS = {"summary_en": "A test release.", "summary_zh": "测试发布。"}


@pytest.fixture
def fresh(dataset):
    """The curated dataset without its recorded releases."""
    dataset.path(RELEASES_FILE).unlink()
    shutil.rmtree(dataset.path(RELEASES_DIR))
    return dataset


def test_the_recorded_releases_are_read_oldest_first_and_the_last_is_the_current_data():
    from etl.build import DEFAULT_DATASETS

    releases = read_releases(DEFAULT_DATASETS)
    assert len(releases) >= 3
    assert [r.version for r in releases][:2] == ["2026.11.24", "2026.11.25"]
    fingerprint = read_dataset(DEFAULT_DATASETS).fingerprint
    assert served_version(DEFAULT_DATASETS, fingerprint) == (releases[-1].version, False)
    for r in releases:
        changes = json.loads(
            (DEFAULT_DATASETS / RELEASES_DIR / r.version / "changes.json").read_text("utf-8")
        )
        assert changes["version"] == r.version


def test_a_release_records_its_changes_from_the_previous_one(fresh):
    first, changes = make_release(fresh.root, version="2026.12.01", **TEXTS)
    assert changes["previous"] is None
    assert changes["counts"]["added"] > 0 and changes["counts"]["changed"] == 0
    assert first.version == "2026.12.01" and first.released_on == date(2026, 12, 1)
    old = fresh.rows("observations.csv")
    old_note = next(r["note"] for r in old if r["observation_id"] == "o-platforms-2026-01")
    fresh.set_cell("observations.csv", "observation_id", "o-platforms-2026-01", "note", "Revised.")
    _, changes = make_release(fresh.root, version="2026.12.02", **TEXTS)
    assert changes["previous"] == "2026.12.01"
    changed = changes["tables"]["observations"]["changed"]
    assert changed == [
        {
            "key": "o-platforms-2026-01",
            "changes": [{"column": "note", "old": old_note, "new": "Revised."}],
        }
    ]
    assert changes["counts"] == {"added": 0, "changed": 1, "removed": 0, "moves": 0}
    assert [r.version for r in read_releases(fresh.root)] == ["2026.12.01", "2026.12.02"]


def test_a_verdict_that_moves_is_listed(fresh):
    make_release(fresh.root, version="2026.12.01", **TEXTS)
    rows = [
        r
        for r in fresh.rows("observations.csv")
        if r["indicator_id"] != "industrial_internet_platforms"
    ]
    fresh.write_rows("observations.csv", rows, fresh.header("observations.csv"))
    _, changes = make_release(fresh.root, version="2026.12.02", **TEXTS)
    removed = [e["key"] for e in changes["tables"]["observations"]["removed"]]
    assert "o-platforms-2026-01" in removed
    moved = {(m["target_id"], m["field"]): (m["old"], m["new"]) for m in changes["moves"]}
    assert moved[("t-platforms-120", "verdict")][0] == "met"
    assert moved[("t-platforms-120", "verdict")][1] != "met"


def test_a_second_release_the_same_day_gets_a_suffix():
    assert next_version(date(2026, 12, 3), set()) == "2026.12.03"
    assert next_version(date(2026, 12, 3), {"2026.12.03"}) == "2026.12.03.2"
    assert next_version(date(2026, 12, 3), {"2026.12.03", "2026.12.03.2"}) == "2026.12.03.3"


def test_an_existing_version_is_refused_and_nothing_is_recorded(fresh):
    make_release(fresh.root, version="2026.12.01", **TEXTS)
    before = fresh.path(RELEASES_FILE).read_text("utf-8")
    with pytest.raises(InvalidData) as err:
        make_release(fresh.root, version="2026.12.01", **TEXTS)
    assert "2026.12.01 exists already" in err.value.report()
    assert f"{RELEASES_FILE}:2: version" in err.value.report()
    assert fresh.path(RELEASES_FILE).read_text("utf-8") == before


def test_data_with_problems_is_refused_with_the_problems_and_nothing_is_recorded(fresh, capsys):
    line = fresh.set_cell(
        "observations.csv", "observation_id", "o-platforms-2026-01", "value", "many"
    )
    code = main(
        [
            *("release", "--datasets", str(fresh.root), "--version", "2026.12.01"),
            *("--summary-en", "x", "--summary-zh", "乙"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert f"observations.csv:{line}: value" in err
    assert "Nothing was released or recorded." in err
    assert not fresh.path(RELEASES_FILE).exists()
    assert not fresh.path(RELEASES_DIR).exists()


@pytest.mark.parametrize(
    ("cell", "field"),
    [("2026.13.40", "version"), ("not-a-hash", "datasets_sha256"), ("", "summary_zh")],
)
def test_a_damaged_release_record_is_named_with_file_and_line(dataset, cell, field):
    path = dataset.path(RELEASES_FILE)
    lines = path.read_text("utf-8").splitlines()
    cells = lines[2].split(",")
    index = {"version": 0, "datasets_sha256": -1, "summary_zh": -2}[field]
    cells[index] = cell
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        read_releases(dataset.root)
    assert f"{path}:3: {field}" in err.value.report()


def test_a_build_of_data_that_moved_on_is_served_as_unreleased(dataset, tmp_path):
    db = tmp_path / "t.duckdb"
    last = read_releases(dataset.root)[-1].version
    dataset.set_cell(
        "observations.csv", "observation_id", "o-platforms-2026-01", "note", "Revised."
    )
    build(dataset.root, db, date(2026, 11, 24))
    con = duckdb.connect(str(db), read_only=True)
    info = dict(con.execute("SELECT key, value FROM build_info").fetchall())
    con.close()
    assert info["version"] == f"{last}+{info['datasets_sha256'][:8]}"
    assert info["unreleased"] == "true"


def test_unchanged_data_is_not_released_again(dataset):
    last = read_releases(dataset.root)[-1].version
    with pytest.raises(InvalidData) as err:
        make_release(dataset.root, version="2030.01.01", **TEXTS)
    assert f"the data is that of release {last} already" in err.value.report()
    assert not dataset.path(RELEASES_DIR).joinpath("2030.01.01").exists()


# --- each release's whole dataset, as it served it (datasets/releases/<version>/datapackage.zip)


def package_descriptor_and_tables(data: bytes, into) -> tuple[dict, dict[str, list[dict]]]:
    """The package's datapackage.json, and its CSV files' rows, after checking it is a valid
    Frictionless package."""
    import csv
    import io
    import zipfile

    from frictionless import validate

    archive = zipfile.ZipFile(io.BytesIO(data))
    archive.extractall(into)
    report = validate(into / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    descriptor = json.loads(archive.read("datapackage.json"))
    tables = {
        r["name"]: list(csv.DictReader(io.StringIO(archive.read(r["path"]).decode("utf-8"))))
        for r in descriptor["resources"]
    }
    return descriptor, tables


def test_a_release_records_the_package_the_app_serves_for_its_data(fresh, tmp_path):
    from tracker import frames
    from tracker.data import tables as database_tables

    made, _ = make_release(fresh.root, version="2026.12.01", **TEXTS)
    stored = (fresh.path(RELEASES_DIR) / made.version / "datapackage.zip").read_bytes()
    # What the Data page of a build of the same data on the release day offers.
    db = tmp_path / "served.duckdb"
    build(fresh.root, db, made.released_on)
    served = frames.dataset_files_bytes(database_tables(db))["zip"]
    assert stored == served
    descriptor, tables = package_descriptor_and_tables(stored, tmp_path / "unzipped")
    assert descriptor["version"] == "2026.12.01"
    assert descriptor["created"] == "2026-12-01T00:00:00Z"
    ids = {r["observation_id"] for r in fresh.rows("observations.csv")}
    assert {r["observation_id"] for r in tables["observations"]} == ids
    # ... and the build loads it, for the API to serve.
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT sha256, datapackage_zip FROM release_packages").fetchall()
    assert [(bytes(b)) for _, b in row] == [stored]


def test_every_recorded_release_has_a_valid_package_of_its_own_data(tmp_path):
    """The recorded packages hold each release's rows (state.json), are valid Frictionless
    packages, dated the release day, and carry the release's version where their app wrote one."""
    from etl.build import DEFAULT_DATASETS

    for r in read_releases(DEFAULT_DATASETS):
        folder = DEFAULT_DATASETS / RELEASES_DIR / r.version
        data = (folder / "datapackage.zip").read_bytes()
        descriptor, tables = package_descriptor_and_tables(data, tmp_path / r.version)
        assert descriptor["created"] == f"{r.released_on.isoformat()}T00:00:00Z"
        assert descriptor.get("version") in (None, r.version)
        if r.version >= "2026.12.04":  # packages written since releases were recorded
            assert descriptor["version"] == r.version
        state = json.loads((folder / "state.json").read_text("utf-8"))
        for name in ("observations", "targets", "indicators", "sources"):
            key = {"observations": "observation_id", "targets": "target_id"}.get(
                name, f"{name[:-1]}_id"
            )
            assert {row[key] for row in tables[name]} == {row[key] for row in state["tables"][name]}


def test_a_package_is_not_recorded_twice_nor_from_another_releases_data(tmp_path):
    import subprocess

    from etl.build import DEFAULT_DATASETS
    from etl.release import package_from_git

    latest = read_releases(DEFAULT_DATASETS)[-1]
    with pytest.raises(InvalidData) as err:
        package_from_git(DEFAULT_DATASETS, latest.version, "HEAD")
    assert "has its package already" in err.value.report()
    with pytest.raises(InvalidData) as err:
        package_from_git(DEFAULT_DATASETS, "1999.01.01", "HEAD")
    assert "no release '1999.01.01' is recorded" in err.value.report()
    # A repository whose latest release has no package yet, and whose data then moved on.
    repo = tmp_path / "repo"
    shutil.copytree(DEFAULT_DATASETS, repo / "datasets")
    (repo / "datasets" / RELEASES_DIR / latest.version / "datapackage.zip").unlink()

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "release")
    notes = repo / "datasets" / "observations.csv"
    notes.write_text(notes.read_text("utf-8").replace("Stated among", "Said among", 1), "utf-8")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "moved on")
    with pytest.raises(InvalidData) as err:
        package_from_git(repo / "datasets", latest.version, "HEAD")
    assert "is not that of release" in err.value.report()
    assert err.value.problems[0].file.endswith("releases.csv")
    assert err.value.problems[0].line == latest.line
    assert not (repo / "datasets" / RELEASES_DIR / latest.version / "datapackage.zip").exists()
