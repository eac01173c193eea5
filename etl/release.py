"""Releases: reviewed states of `datasets/`, each with a version, a date, a summary in both
languages and the changes since the release before (`python -m etl release`).

Recorded in the dataset itself:

- `datasets/releases.csv`: one row per release (version, released_on, summary_en, summary_zh,
  datasets_sha256: the fingerprint of the input files, as in the database's build_info);
- `datasets/releases/<version>/state.json`: the release's rows of every input table as written
  in its CSV files, and each target's status and verdict as of the release date: what the next
  release is compared with;
- `datasets/releases/<version>/changes.json`: rows added, changed (column, old -> new) and
  removed per table since the previous release, statuses and verdicts that moved, goals
  (targets) added or changed;
- `datasets/releases/<version>/datapackage.zip`: the whole dataset as that release served it
  (the Data page's Frictionless package of a build of the release's data on its day), so that a
  citation of the release resolves to exactly the data cited;
- `datasets/releases/<version>/documents.zip`: the API's documents of every indicator (`.json`,
  `.csv`) and `targets.json` as the app served them that day (issue 27), served for ever at
  `/api/v1/releases/<version>/...`, so that a citation of an indicator resolves.

These files are not input tables: they do not enter the fingerprint (etl/read.py), so recording
a release does not make the data "unreleased". See docs/releases.md.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from etl.problems import InvalidData, Problem
from etl.read import parse_csv, read_dataset
from etl.schema import (
    INPUT_TABLES,
    PROGRESS,
    RELEASE_CHANGES,
    RELEASE_DOCUMENTS,
    RELEASE_PACKAGES,
    RELEASES_TABLE,
    TARGETS,
    Table,
)
from etl.transform import build_tables
from etl.validate import validate

RELEASES_FILE = "releases.csv"
RELEASES_DIR = "releases"
PACKAGE_FILE = "datapackage.zip"
DOCUMENTS_FILE = "documents.zip"
# The code root of this checkout: the code that builds and packages today's data.
REPO = Path(__file__).resolve().parent.parent
# What a release keeps is made by the app of the packaging code's checkout, with this entry
# point: run by its path with `python -P` and that checkout alone on PYTHONPATH, so that a past
# revision's `tracker` (which may predate the entry point) is the one it imports.
PACKAGING = REPO / "tracker" / "release_package.py"
# YYYY.MM.DD, then .2, .3 ... for a second and later release the same day.
VERSION = re.compile(r"^(\d{4})\.(\d{2})\.(\d{2})(?:\.([2-9]|[1-9]\d+))?$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
# releases.csv: the first five columns of the database's releases table.
RELEASES = Table(
    "releases",
    tuple(c for c in RELEASES_TABLE.columns[:5]),
    key=("version",),
)
# What moves between releases in the progress table.
MOVING = ("status", "verdict")


@dataclass(frozen=True)
class Release:
    version: str
    released_on: date
    summary_en: str
    summary_zh: str
    datasets_sha256: str
    line: int  # in releases.csv


def version_key(version: str) -> tuple[int, int, int, int]:
    m = VERSION.match(version)
    assert m, version
    return (int(m[1]), int(m[2]), int(m[3]), int(m[4] or 1))


def next_version(day: date, existing: set[str]) -> str:
    """The version of a release made on `day`: YYYY.MM.DD, or with .2, .3 ... when taken."""
    base = day.strftime("%Y.%m.%d")
    if base not in existing:
        return base
    n = 2
    while f"{base}.{n}" in existing:
        n += 1
    return f"{base}.{n}"


def read_releases(datasets: Path) -> list[Release]:
    """The recorded releases, oldest first; InvalidData naming file and line when the record
    is damaged (a bad version, date or hash, a duplicate, a missing changes.json/state.json)."""
    datasets = Path(datasets)
    path = datasets / RELEASES_FILE
    if not path.exists():
        return []
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise InvalidData([Problem(file, 1, "file", f"is not valid UTF-8 ({err})")]) from err
    raw, problems = parse_csv(text, RELEASES, file)
    if raw.readable and raw.header != RELEASES.column_names:
        expected = ", ".join(RELEASES.column_names)
        problems.append(Problem(file, 1, "header", f"expected {expected}, got {raw.header}"))
        raise InvalidData(problems)
    out: list[Release] = []
    seen: set[str] = set()
    for row in raw.rows:
        f = row.fields
        version = f["version"].strip()
        if not VERSION.match(version):
            problems.append(
                Problem(file, row.line, "version", f"expected YYYY.MM.DD[.N], got {version!r}")
            )
            continue
        if version in seen:
            problems.append(Problem(file, row.line, "version", f"{version} is listed twice"))
            continue
        seen.add(version)
        try:
            released_on = date.fromisoformat(f["released_on"].strip())
        except ValueError:
            message = f"expected a date as YYYY-MM-DD, got {f['released_on']!r}"
            problems.append(Problem(file, row.line, "released_on", message))
            continue
        if released_on.strftime("%Y.%m.%d") != version[:10]:
            message = f"{released_on.isoformat()} is not the date of version {version}"
            problems.append(Problem(file, row.line, "released_on", message))
        for name in ("summary_en", "summary_zh"):
            if not f[name].strip():
                problems.append(Problem(file, row.line, name, "is empty"))
        sha = f["datasets_sha256"].strip()
        if not SHA256.match(sha):
            message = f"expected 64 lowercase hexadecimal digits, got {sha!r}"
            problems.append(Problem(file, row.line, "datasets_sha256", message))
        for name in ("state.json", "changes.json"):
            if not (datasets / RELEASES_DIR / version / name).is_file():
                message = f"{RELEASES_DIR}/{version}/{name} is missing"
                problems.append(Problem(file, row.line, "version", message))
        out.append(Release(version, released_on, f["summary_en"], f["summary_zh"], sha, row.line))
    ordered = sorted(out, key=lambda r: version_key(r.version))
    if [r.version for r in ordered] != [r.version for r in out]:
        problems.append(Problem(file, 0, "version", "releases are not listed oldest first"))
    if problems:
        raise InvalidData(problems)
    return out


def load_json(path: Path) -> Any:
    """A release's JSON file; InvalidData naming file and line when it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise InvalidData([Problem(str(path), err.lineno, "file", err.msg)]) from err
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidData([Problem(str(path), 0, "file", str(err))]) from err


def state_of(datasets: Path, released_on: date) -> tuple[dict[str, Any], str]:
    """The state a release records, and the fingerprint; InvalidData when the data has
    problems."""
    raw = read_dataset(datasets)
    data, problems = validate(raw)
    if problems:
        raise InvalidData(problems)
    tables = {
        table.name: [dict(row.fields) for row in raw.tables[table.name].rows]
        for table in INPUT_TABLES
    }
    built = build_tables(data, released_on, raw.fingerprint, raw.texts)
    progress = {}
    for row in built[PROGRESS.name]:
        values = dict(zip(PROGRESS.column_names, row, strict=True))
        progress[values["target_id"]] = progress_entry(values)
    state = {"datasets_sha256": raw.fingerprint, "tables": tables, "progress": progress}
    return state, raw.fingerprint


def key_of(table: Table, fields: dict[str, str]) -> str:
    return "/".join(fields.get(k, "").strip() for k in table.key)


def compare_states(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """Rows added, changed and removed per input table, statuses and verdicts that moved, goals
    added or changed: from `old` (None for the first release) to `new`."""
    tables: dict[str, Any] = {}
    for table in INPUT_TABLES:
        before = {key_of(table, r): r for r in (old or {}).get("tables", {}).get(table.name, [])}
        after = {key_of(table, r): r for r in new["tables"].get(table.name, [])}
        changed = []
        for key in sorted(set(before) & set(after)):
            a, b = before[key], after[key]
            columns = [c for c in dict.fromkeys([*a, *b]) if a.get(c) != b.get(c)]
            if columns:
                changed.append(
                    {
                        "key": key,
                        "changes": [
                            {"column": c, "old": a.get(c), "new": b.get(c)} for c in columns
                        ],
                    }
                )
        entry = {
            "added": [{"key": k, "row": after[k]} for k in sorted(set(after) - set(before))],
            "changed": changed,
            "removed": [{"key": k, "row": before[k]} for k in sorted(set(before) - set(after))],
        }
        if any(entry.values()):
            tables[table.name] = entry
    moves = []
    old_progress = (old or {}).get("progress", {})
    for target in sorted(set(old_progress) | set(new["progress"])):
        a, b = old_progress.get(target), new["progress"].get(target)
        for name in MOVING:
            va, vb = (a or {}).get(name), (b or {}).get(name)
            if a is not None and b is not None and va != vb:
                moves.append(
                    {
                        "target_id": target,
                        "indicator_id": b["indicator_id"],
                        "field": name,
                        "old": va,
                        "new": vb,
                        "verdict_value": b.get("verdict_value"),
                        "verdict_comparator": b.get("verdict_comparator"),
                        "verdict_as_of": b.get("verdict_as_of"),
                    }
                )
    goals = tables.get(TARGETS.name, {})
    return {
        "tables": tables,
        "moves": moves,
        "goals_added": [e["key"] for e in goals.get("added", [])],
        "goals_changed": [e["key"] for e in goals.get("changed", [])],
        "goals_removed": [e["key"] for e in goals.get("removed", [])],
        "counts": {
            "added": sum(len(t["added"]) for t in tables.values()),
            "changed": sum(len(t["changed"]) for t in tables.values()),
            "removed": sum(len(t["removed"]) for t in tables.values()),
            "moves": len(moves),
        },
    }


def write_json(path: Path, value: Any) -> None:
    path.write_text(
        json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


def csv_cell(text: str) -> str:
    if any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def run_code(code: Path, args: list[str], *, env: dict[str, str] | None = None, what: str):
    """Run `python args` with the checkout `code` first on the path; InvalidData with its
    error output, line by line, when it fails."""
    done = subprocess.run(
        [sys.executable, *args],
        cwd=code,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {}), "PYTHONPATH": str(code)},
    )
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()] or ["failed"]
        raise InvalidData([Problem(what, 0, "build", line) for line in lines])


def build_with(code: Path, datasets: Path, db: Path, day: date, *, what: str) -> None:
    """Build `datasets` into `db` as of `day` with the code of the checkout `code`."""
    args = ["-m", "etl", "build", "--datasets", str(datasets), "--db", str(db)]
    run_code(code, [*args, "--as-of", day.isoformat()], what=what)


def release_package(code: Path, db: Path, *, what: str) -> bytes:
    """The full-dataset data package that the app of the checkout `code` serves for `db`."""
    out = db.with_name(PACKAGE_FILE)
    args = ["-P", str(PACKAGING), "package", str(out)]
    run_code(code, args, env={"TRACKER_DB": str(db)}, what=what)
    return out.read_bytes()


def release_documents(code: Path, db: Path, day: date, *, what: str) -> bytes:
    """The API documents that the app of the checkout `code` serves for `db`."""
    out = db.with_name(DOCUMENTS_FILE)
    args = ["-P", str(PACKAGING), "documents", str(out), day.isoformat()]
    run_code(code, args, env={"TRACKER_DB": str(db)}, what=what)
    return out.read_bytes()


def empty_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w"):
        pass
    return buffer.getvalue()


def record_release(
    datasets: Path, release: Release, state: dict[str, Any], changes: dict[str, Any]
) -> None:
    """Write a release's row and files (but its package) into `datasets`."""
    folder = datasets / RELEASES_DIR / release.version
    folder.mkdir(parents=True, exist_ok=False)
    write_json(folder / "state.json", state)
    write_json(folder / "changes.json", changes)
    path = datasets / RELEASES_FILE
    row = [
        release.version,
        release.released_on.isoformat(),
        release.summary_en,
        release.summary_zh,
        release.datasets_sha256,
    ]
    text = path.read_text(encoding="utf-8") if path.exists() else ",".join(RELEASES.column_names)
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + ",".join(csv_cell(c) for c in row) + "\n", encoding="utf-8")


def package_of_current_code(
    datasets: Path, release: Release, state: dict[str, Any], changes: dict[str, Any]
) -> tuple[bytes, bytes]:
    """The package and the API documents today's app serves for the data of `datasets` once
    `release` is recorded: built in a copy, so that nothing is written to `datasets` if it
    fails. The copy records the release with documents (an empty zip standing for them), so
    that the documents' citations already point to the release's pinned addresses: the
    documents are then byte for byte what the server answers once the release is recorded."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "datasets"
        shutil.copytree(datasets, copy)
        record_release(copy, release, state, changes)
        (copy / RELEASES_DIR / release.version / DOCUMENTS_FILE).write_bytes(empty_zip())
        db = Path(tmp) / "release.duckdb"
        what = f"{datasets / RELEASES_FILE} ({release.version})"
        build_with(REPO, copy, db, release.released_on, what=what)
        package = release_package(REPO, db, what=what)
        return package, release_documents(REPO, db, release.released_on, what=what)


def make_release(
    datasets: Path,
    *,
    summary_en: str,
    summary_zh: str,
    version: str | None = None,
    released_on: date | None = None,
    state: dict[str, Any] | None = None,
    package: bytes | None = None,
) -> tuple[Release, dict[str, Any]]:
    """Record a release of the data in `datasets` (or of `state`, a past state, with its
    `package`) into `datasets`, with the data package today's app serves for it.
    Nothing is written when the data has problems (InvalidData, every problem listed), the
    release record is damaged, or the version exists already (InvalidData on releases.csv)."""
    datasets = Path(datasets)
    releases = read_releases(datasets)
    existing = {r.version for r in releases}
    day = released_on or date.today()
    file = str(datasets / RELEASES_FILE)
    if version is None:
        version = next_version(day, existing)
    elif not VERSION.match(version):
        raise InvalidData(
            [Problem(file, 0, "version", f"expected YYYY.MM.DD[.N], got {version!r}")]
        )
    if version in existing:
        line = next(r.line for r in releases if r.version == version)
        raise InvalidData([Problem(file, line, "version", f"release {version} exists already")])
    if released_on is None:
        day = date(*version_key(version)[:3])
    elif day.strftime("%Y.%m.%d") != version[:10]:
        message = f"{day.isoformat()} is not the date of version {version}"
        raise InvalidData([Problem(file, 0, "released_on", message)])
    if releases and version_key(version) <= version_key(releases[-1].version):
        message = f"{version} is not after the latest release, {releases[-1].version}"
        raise InvalidData([Problem(file, releases[-1].line, "version", message)])
    for name, text in (("summary_en", summary_en), ("summary_zh", summary_zh)):
        if not text.strip():
            raise InvalidData([Problem(file, 0, name, "a release needs a summary")])
    if state is None:
        state, _ = state_of(datasets, day)
    fingerprint = state["datasets_sha256"]
    if releases and fingerprint == releases[-1].datasets_sha256:
        message = f"the data is that of release {releases[-1].version} already: nothing to release"
        raise InvalidData([Problem(file, releases[-1].line, "datasets_sha256", message)])
    previous = None
    if releases:
        previous = load_json(datasets / RELEASES_DIR / releases[-1].version / "state.json")
    changes = {
        "version": version,
        "previous": releases[-1].version if releases else None,
        "released_on": day.isoformat(),
        **compare_states(previous, state),
    }
    release = Release(version, day, summary_en, summary_zh, fingerprint, 0)
    kept = None
    if package is None:
        package, kept = package_of_current_code(datasets, release, state, changes)
    record_release(datasets, release, state, changes)
    (datasets / RELEASES_DIR / version / PACKAGE_FILE).write_bytes(package)
    if kept is not None:  # a past state (release_from_git) has no documents of today's app
        (datasets / RELEASES_DIR / version / DOCUMENTS_FILE).write_bytes(kept)
    return release, changes


def release_from_git(
    datasets: Path,
    rev: str,
    *,
    summary_en: str,
    summary_zh: str,
    version: str | None = None,
) -> tuple[Release, dict[str, Any]]:
    """Record the state of `datasets/` at git revision `rev` as a release, dated the commit's
    day unless `version` says otherwise (the reconstruction of past releases).

    The past state is validated and assessed by the code of that revision (its own
    `python -m etl build`, as of the release day): the schema has grown since, so today's
    rules would reject data that was valid then. Its rows are recorded as its CSV files hold
    them; the fingerprint is computed as today's builds compute it."""
    datasets = Path(datasets).resolve()
    top = Path(git(datasets, "rev-parse", "--show-toplevel").strip())
    inside = datasets.relative_to(top).as_posix()
    day = date.fromisoformat(git(top, "show", "-s", "--format=%cs", rev).strip())
    if version:
        if not VERSION.match(version):
            message = f"expected YYYY.MM.DD[.N], got {version!r}"
            raise InvalidData([Problem(str(datasets / RELEASES_FILE), 0, "version", message)])
        day = date(*version_key(version)[:3])
    with tempfile.TemporaryDirectory() as tmp:
        source = checkout(top, rev, Path(tmp)) / inside
        shutil.rmtree(source / RELEASES_DIR, ignore_errors=True)
        db = Path(tmp) / "release.duckdb"
        what = f"{rev}:{inside}"
        build_with(Path(tmp), source, db, day, what=what)
        raw = read_dataset(source)
        state = {
            "datasets_sha256": raw.fingerprint,
            "tables": {
                table.name: [dict(row.fields) for row in raw.tables[table.name].rows]
                for table in INPUT_TABLES
            },
            "progress": progress_of_database(db),
        }
        return make_release(
            datasets,
            summary_en=summary_en,
            summary_zh=summary_zh,
            version=version,
            released_on=day,
            state=state,
            package=release_package(Path(tmp), db, what=what),
        )


def checkout(top: Path, rev: str, into: Path) -> Path:
    """The files of git revision `rev` of the repository `top`, written into `into`."""
    archive = subprocess.run(
        ["git", "-C", str(top), "archive", "--format=tar", rev],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def _release_lacking(datasets: Path, version: str, name: str, what: str) -> tuple[Any, str, Path]:
    """The recorded release `version`, the record's file and where its file `name` goes;
    refused (InvalidData naming releases.csv) when there is no such release or when it has
    its file `name` (`what`) already: what is recorded is never replaced."""
    file = str(datasets / RELEASES_FILE)
    found = {r.version: r for r in read_releases(datasets)}
    if version not in found:
        raise InvalidData([Problem(file, 0, "version", f"no release {version!r} is recorded")])
    release = found[version]
    target = datasets / RELEASES_DIR / version / name
    if target.exists():
        message = f"release {version} has {what} already ({target.name})"
        raise InvalidData([Problem(file, release.line, "version", message)])
    return release, file, target


def _build_at(
    code: Path, source: Path, what: str, release: Any, file: str, tmp: Path | None = None
) -> tuple[Path, str]:
    """The database of `source` (the datasets at a revision, `what` = "REV:path") built by the
    app of checkout `code` as of the release day, in `tmp` (default: `code`); refused when that
    data is not the release's (its fingerprint differs from the one recorded)."""
    fingerprint = read_dataset(source).fingerprint
    if fingerprint != release.datasets_sha256:
        rev = what.split(":")[0]
        message = f"the data at {rev} ({fingerprint[:8]}) is not that of release {release.version}"
        raise InvalidData([Problem(file, release.line, "datasets_sha256", message)])
    db = (tmp or code) / "release.duckdb"
    build_with(code, source, db, release.released_on, what=what)
    return db, what


def package_from_git(datasets: Path, version: str, rev: str) -> bytes:
    """Record the data package of a release made before packages were recorded: the package
    the app of git revision `rev` serves for its own `datasets/`, built as of the release day.
    Refused when the release has a package already, or when the data at `rev` is not the
    release's (its fingerprint differs from the one in releases.csv)."""
    datasets = Path(datasets).resolve()
    release, file, target = _release_lacking(datasets, version, PACKAGE_FILE, "its package")
    top = Path(git(datasets, "rev-parse", "--show-toplevel").strip())
    inside = datasets.relative_to(top).as_posix()
    with tempfile.TemporaryDirectory() as tmp:
        source = checkout(top, rev, Path(tmp)) / inside
        db, what = _build_at(Path(tmp), source, f"{rev}:{inside}", release, file)
        package = release_package(Path(tmp), db, what=what)
    target.write_bytes(package)
    return package


def progress_of_database(db: Path) -> dict[str, dict[str, Any]]:
    """Each target's status and verdict in a database built by a past revision's code."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        cursor = con.execute(f"SELECT * FROM {PROGRESS.name} ORDER BY target_id")
        columns = [d[0] for d in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()
    return {r["target_id"]: progress_entry(r) for r in rows}


def progress_entry(values: dict[str, Any]) -> dict[str, Any]:
    as_of = values.get("verdict_as_of")
    return {
        "indicator_id": values["indicator_id"],
        **{name: values.get(name) for name in MOVING},
        "verdict_value": values.get("verdict_value"),
        "verdict_comparator": values.get("verdict_comparator"),
        "verdict_as_of": str(as_of) if as_of else None,
    }


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True
    ).stdout


def unreleased(datasets: Path, fingerprint: str) -> tuple[str | None, bool]:
    """The latest release's version, and whether `fingerprint` differs from its data."""
    releases = read_releases(datasets)
    if not releases:
        return None, True
    return releases[-1].version, releases[-1].datasets_sha256 != fingerprint


def release_rows(datasets: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of the database's releases, release_changes and release_packages tables: every
    recorded release with the counts of its changes, its changes.json as written, and its data
    package where one is recorded."""
    releases, changes, packages, kept = [], [], [], []
    for r in read_releases(datasets):
        path = Path(datasets) / RELEASES_DIR / r.version / "changes.json"
        found = load_json(path)
        counts = found.get("counts") if isinstance(found, dict) else None
        if not isinstance(counts, dict) or not all(
            isinstance(counts.get(k), int) for k in ("added", "changed", "removed", "moves")
        ):
            raise InvalidData([Problem(str(path), 1, "counts", "missing or not whole numbers")])
        releases.append(
            (
                r.version,
                r.released_on,
                r.summary_en,
                r.summary_zh,
                r.datasets_sha256,
                counts["added"],
                counts["changed"],
                counts["removed"],
                counts["moves"],
            )
        )
        changes.append((r.version, path.read_text(encoding="utf-8")))
        package = Path(datasets) / RELEASES_DIR / r.version / PACKAGE_FILE
        if package.is_file():
            data = package.read_bytes()
            packages.append((r.version, hashlib.sha256(data).hexdigest(), data))
        documents = Path(datasets) / RELEASES_DIR / r.version / DOCUMENTS_FILE
        if documents.is_file():
            data = documents.read_bytes()
            kept.append((r.version, hashlib.sha256(data).hexdigest(), data))
    return {
        RELEASES_TABLE.name: releases,
        RELEASE_CHANGES.name: changes,
        RELEASE_PACKAGES.name: packages,
        RELEASE_DOCUMENTS.name: kept,
    }


def served_version(datasets: Path, fingerprint: str) -> tuple[str, bool]:
    """The version a build is served as: the latest release's, or `<last>+<first 8 of the
    fingerprint>` when the data differs from it (`unreleased+<8>` before any release)."""
    last, moved = unreleased(datasets, fingerprint)
    if not moved:
        return str(last), False
    return f"{last or 'unreleased'}+{fingerprint[:8]}", True


def cite_release(citation_file: Path, release: Release) -> bool:
    """Write `release`'s version and date into CITATION.cff (its `version` and `date-released`
    lines), so that the file cites the latest release; False when there is no such file."""
    path = Path(citation_file)
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    for key, value in (
        ("version", release.version),
        ("date-released", release.released_on.isoformat()),
    ):
        text, n = re.subn(rf"(?m)^{key}: .*$", f"{key}: {value}", text)
        if n != 1:
            raise InvalidData([Problem(str(path), 0, key, "expected one such line")])
    path.write_text(text, encoding="utf-8")
    return True


def documents_from_git(datasets: Path, version: str, rev: str, *, top: Path | None = None) -> bytes:
    """Record the API documents of a release made before documents were kept: those the app of
    git revision `rev` (of the repository `top`, by default the one holding `datasets`) serves
    for its own `datasets/`, built as of the release day. Refused when the release has them
    already, when the data at `rev` is not the release's, or when that app had no API."""
    datasets = Path(datasets).resolve()
    release, file, target = _release_lacking(datasets, version, DOCUMENTS_FILE, "its documents")
    top = Path(top or git(datasets, "rev-parse", "--show-toplevel").strip()).resolve()
    inside = (
        "datasets" if not datasets.is_relative_to(top) else datasets.relative_to(top).as_posix()
    )
    with tempfile.TemporaryDirectory() as tmp:
        code = checkout(top, rev, Path(tmp))
        source = code / inside
        if not (code / "tracker" / "api.py").is_file():
            message = f"the app at {rev} served no API documents (tracker/api.py came later)"
            raise InvalidData([Problem(file, release.line, "version", message)])
        db, what = _build_at(code, source, f"{rev}:{inside}", release, file, Path(tmp))
        documents = release_documents(code, db, release.released_on, what=what)
    target.write_bytes(documents)
    return documents
