"""Bad data never lands: every case of the broken-dataset corpus (tests/etl/broken/cases.py)
makes `python -m etl build` exit 1, names the damaged file first, and leaves the previous
database byte-identical (and no temporary file beside it). A BOM and CRLF line ends are
accepted: the build succeeds with the same data."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from etl.build import DEFAULT_DATASETS, build
from etl.cli import main
from etl.read import MAX_FILE_ENV, read_dataset
from etl.schema import ALL_TABLES, INPUT_TABLES, SEARCHES
from etl.validate import validate
from tests.etl.broken.cases import CASES, TABLES, Broken
from tests.etl.conftest import ASSESSED_ON

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def served_db(curated_db, tmp_path) -> Path:
    (tmp_path / "db").mkdir()
    db = tmp_path / "db" / "tracker.duckdb"
    shutil.copy(curated_db, db)
    return db


@pytest.fixture
def datasets(tmp_path) -> Path:
    root = tmp_path / "datasets"
    shutil.copytree(DEFAULT_DATASETS, root)
    return root


def test_the_corpus_has_a_case_for_every_kind_of_fault():
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 40
    for table in TABLES:  # every table emptied and header-only
        assert {f"{table} empty", f"{table} header only"} <= set(names)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_dataset_never_lands(case: Broken, datasets, served_db, capsys, monkeypatch):
    monkeypatch.delenv(MAX_FILE_ENV, raising=False)
    case.mutation(datasets / case.file)
    before = served_db.read_bytes()

    code = main(["build", "--datasets", str(datasets), "--db", str(served_db)])

    report = capsys.readouterr().err.splitlines()
    assert code == 1, report
    first = report[0]
    assert first.startswith(f"{datasets / case.report_file}:"), "\n".join(report)
    assert case.file in first, f"the first line does not name {case.file}:\n" + "\n".join(report)
    assert any(case.fragment in line for line in report), "\n".join(report)
    assert report[-1] == f"Nothing was built; {served_db} is unchanged."
    assert served_db.read_bytes() == before
    assert [p.name for p in served_db.parent.iterdir()] == ["tracker.duckdb"]


def test_the_command_itself_exits_1_on_a_header_only_observations_file(datasets, served_db):
    (datasets / "observations.csv").write_text(
        (datasets / "observations.csv").read_text(encoding="utf-8").split("\n", 1)[0] + "\n",
        encoding="utf-8",
    )
    before = served_db.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--datasets", str(datasets), "--db", str(served_db)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f"{datasets / 'observations.csv'}:1: file: has a header but no rows"
    )
    assert served_db.read_bytes() == before


def test_the_size_cap_is_configurable(datasets, monkeypatch):
    # The largest table file read (searches.csv, optional, is read too).
    names = [t.file for t in INPUT_TABLES] + [SEARCHES.file]
    largest = max(names, key=lambda name: (datasets / name).stat().st_size)
    size = (datasets / largest).stat().st_size
    monkeypatch.setenv(MAX_FILE_ENV, str((size - 1) / 1024 / 1024))
    _, problems = validate(read_dataset(datasets))
    assert [(Path(p.file).name, p.line, p.field) for p in problems] == [(largest, 0, "file")]
    assert problems[0].message == (
        f"is {size:,} bytes, over the limit of {size - 1:,} bytes per file "
        "(set TRACKER_MAX_FILE_MB to raise it)"
    )
    monkeypatch.setenv(MAX_FILE_ENV, "50")
    assert validate(read_dataset(datasets))[1] == []


def table_contents(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t.name: sorted(con.execute(f"SELECT * FROM {t.name}").fetchall(), key=repr)
            for t in ALL_TABLES
            if t.name != "build_info"
        }
    finally:
        con.close()


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="BOM"),
        pytest.param(lambda b: b.replace(b"\n", b"\r\n"), id="CRLF"),
        pytest.param(lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"), id="BOM and CRLF"),
    ],
)
def test_bom_and_crlf_are_accepted_with_the_same_data(encode, datasets, curated_db, tmp_path):
    for name in TABLES:
        path = datasets / name
        path.write_bytes(encode(path.read_bytes()))
    db = tmp_path / "bom.duckdb"

    build(datasets, db, ASSESSED_ON)

    assert table_contents(db) == table_contents(curated_db)
    assert table_contents(db)["observations"]  # not vacuously equal
