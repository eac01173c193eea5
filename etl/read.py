"""Read the curated dataset from disk: the only module that reads the dataset's files, and the
project's only CSV reader (validation, build, coverage and suggest all read through it).

Rows keep the line they start on, so that every later problem can name FILE:LINE. Problems with
a file as a whole (missing, too large, empty, not UTF-8, not CSV, cut off mid-row) are found
here; everything about the values is left to `etl.validate`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from etl.problems import Problem
from etl.schema import INPUT_TABLES, SEARCHES, SOURCES, Table

# No input file is read beyond this size: a runaway export or a wrong file dropped into
# datasets/ is reported, not loaded into memory. TRACKER_MAX_FILE_MB overrides it.
DEFAULT_MAX_FILE_MB = 50.0
MAX_FILE_ENV = "TRACKER_MAX_FILE_MB"
PROVENANCE_SUFFIXES = (".yaml", ".yml")


def max_file_bytes() -> int:
    """The size cap for one input file, from TRACKER_MAX_FILE_MB (default 50 MB)."""
    text = os.environ.get(MAX_FILE_ENV, "").strip()
    try:
        mb = float(text) if text else DEFAULT_MAX_FILE_MB
    except ValueError:
        mb = DEFAULT_MAX_FILE_MB
    if not mb > 0:
        mb = DEFAULT_MAX_FILE_MB
    return int(mb * 1024 * 1024)


def size_text(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


@dataclass(frozen=True, slots=True)  # slots: a third of the time to make, less memory
class RawRow:
    line: int
    fields: dict[str, str]


@dataclass(frozen=True)
class RawTable:
    table: Table
    file: str  # as shown in messages
    header: tuple[str, ...]
    rows: tuple[RawRow, ...]
    readable: bool = True  # False when the file is missing or could not be read as a whole


@dataclass(frozen=True)
class SourceText:
    file: str  # as shown in messages
    text: str | None  # None when the file is missing, too large or not UTF-8
    sha256: str | None
    problem: str | None = None  # why `text` is None, where the file exists


@dataclass(frozen=True)
class ProvenanceFile:
    """A provenance record (`sources/<name>.yaml`) beside a source text (`<name>.txt`)."""

    name: str  # relative to the dataset folder, e.g. sources/x.en.yaml
    file: str  # as shown in messages
    text: str | None  # None when it could not be read (the problem is in RawDataset.problems)


@dataclass(frozen=True)
class RawDataset:
    directory: Path
    tables: dict[str, RawTable]
    texts: dict[str, SourceText]  # by text_file as written in sources.csv
    problems: tuple[Problem, ...] = field(default=())
    fingerprint: str = ""  # sha256 over every input file read
    provenance: tuple[ProvenanceFile, ...] = field(default=())
    # searches.csv (also in `tables`: an input table whose rows are checked by check_searches)
    searches: RawTable | None = None


def display_path(directory: Path, name: str) -> str:
    return str(directory / name)


def parse_csv(text: str, table: Table, file: str) -> tuple[RawTable, list[Problem]]:
    """Parse CSV text into rows that know their starting line; pure."""
    problems: list[Problem] = []
    if not text.strip():
        columns = ", ".join(table.column_names)
        problems.append(Problem(file, 1, "file", f"is empty (expected a header row: {columns})"))
        return RawTable(table, file, (), (), readable=False), problems
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        problems.append(Problem(file, line, "file", "contains a NUL byte: not a text file"))
        return RawTable(table, file, (), (), readable=False), problems
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: tuple[str, ...] = ()
    rows: list[RawRow] = []
    next_line = 1  # where the record the reader reads next starts
    try:
        for record in reader:
            line, next_line = next_line, reader.line_num + 1
            if not header:
                header = tuple(h.strip() for h in record)
                continue
            if not any(map(str.strip, record)):
                continue  # blank line
            if len(record) != len(header):
                problems.append(
                    Problem(
                        file,
                        line,
                        "row",
                        f"has {len(record)} fields, the header has {len(header)}",
                    )
                )
                continue
            rows.append(RawRow(line, dict(zip(header, record, strict=True))))
    except csv.Error as err:
        # A NUL byte, or a quoted field still open at the end of the file.
        problems.append(Problem(file, next_line, "file", f"cannot be read as CSV: {err}"))
        return RawTable(table, file, header, tuple(rows), readable=False), problems
    if not text.endswith(("\n", "\r")):
        # Every row ends with a line break; a file that does not was cut off, and its last
        # row may look complete with its last field cut short.
        last = text.count("\n") + 1
        problems.append(
            Problem(file, last, "file", "ends mid-row, without a line break: truncated?")
        )
    return RawTable(table, file, header, tuple(rows)), problems


MISSING = "missing file"


def read_capped(path: Path, limit: int) -> tuple[bytes | None, str | None]:
    """The file's bytes, or None and what is wrong (MISSING, a folder, over the size cap)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None, MISSING
    if not path.is_file():
        return None, "is not a file"
    if size > limit:
        return None, (
            f"is {size_text(size)}, over the limit of {size_text(limit)} per file "
            f"(set {MAX_FILE_ENV} to raise it)"
        )
    return path.read_bytes(), None


def read_table(
    directory: Path, table: Table, limit: int | None = None
) -> tuple[RawTable, list[Problem], bytes | None]:
    """One declared table's CSV file in `directory`: its rows, the problems found, and the
    file's bytes (None when it cannot be read)."""
    path = directory / table.file
    file = display_path(directory, table.file)
    data, why = read_capped(path, max_file_bytes() if limit is None else limit)
    if data is None:
        unread = RawTable(table, file, (), (), readable=False)
        return unread, [Problem(file, 0, "file", why or MISSING)], None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        unread = RawTable(table, file, (), (), readable=False)
        return unread, [Problem(file, line, "file", "is not valid UTF-8")], data
    raw, found = parse_csv(text, table, file)
    return raw, found, data


def read_dataset(directory: Path, max_bytes: int | None = None) -> RawDataset:
    """Read every table file, every source text named in sources.csv, and the provenance
    records beside the source texts."""
    directory = Path(directory)
    limit = max_file_bytes() if max_bytes is None else max_bytes
    digest = hashlib.sha256()
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for table in INPUT_TABLES:
        raw, found, data = read_table(directory, table, limit)
        if data is not None:
            digest.update(table.file.encode() + b"\0" + data)
        tables[table.name] = raw
        problems.extend(found)
    searches = tables[SEARCHES.name]
    texts: dict[str, SourceText] = {}
    for row in tables[SOURCES.name].rows:
        name = row.fields.get("text_file", "").strip()
        if not name or name in texts:
            continue
        path = directory / name
        file = display_path(directory, name)
        data, why = read_capped(path, limit)
        if data is None:
            # A missing text is reported as "file not found" on its row of sources.csv.
            texts[name] = SourceText(file, None, None, None if why == MISSING else f"{file} {why}")
            continue
        digest.update(name.encode() + b"\0" + data)
        sha = hashlib.sha256(data).hexdigest()
        try:
            texts[name] = SourceText(file, data.decode("utf-8"), sha)
        except UnicodeDecodeError:
            texts[name] = SourceText(file, None, sha, f"{file} is not valid UTF-8")
    provenance: list[ProvenanceFile] = []
    sources_dir = directory / "sources"
    found_yaml = sorted(sources_dir.iterdir()) if sources_dir.is_dir() else []
    for path in found_yaml:
        if path.suffix not in PROVENANCE_SUFFIXES:
            continue
        name = f"sources/{path.name}"
        file = display_path(directory, name)
        data, why = read_capped(path, limit)
        if data is None:
            problems.append(Problem(file, 0, "file", why or MISSING))
            provenance.append(ProvenanceFile(name, file, None))
            continue
        digest.update(name.encode() + b"\0" + data)
        try:
            provenance.append(ProvenanceFile(name, file, data.decode("utf-8-sig")))
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            problems.append(Problem(file, line, "file", "is not valid UTF-8"))
            provenance.append(ProvenanceFile(name, file, None))
    return RawDataset(
        directory,
        tables,
        texts,
        tuple(problems),
        digest.hexdigest(),
        tuple(provenance),
        searches,
    )
