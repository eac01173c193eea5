"""Read the curated dataset from disk: the only module that reads the dataset's files, and the
project's only CSV reader (validation, build, coverage and suggest all read through it).

Rows keep the line they start on, so that every later problem can name FILE:LINE.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from etl.problems import Problem
from etl.schema import INPUT_TABLES, SOURCES, Table


@dataclass(frozen=True)
class RawRow:
    line: int
    fields: dict[str, str]


@dataclass(frozen=True)
class RawTable:
    table: Table
    file: str  # as shown in messages
    header: tuple[str, ...]
    rows: tuple[RawRow, ...]


@dataclass(frozen=True)
class SourceText:
    file: str  # as shown in messages
    text: str | None  # None when the file is missing or not UTF-8
    sha256: str | None


@dataclass(frozen=True)
class RawDataset:
    directory: Path
    tables: dict[str, RawTable]
    texts: dict[str, SourceText]  # by text_file as written in sources.csv
    problems: tuple[Problem, ...] = field(default=())
    fingerprint: str = ""  # sha256 over every input file read


def display_path(directory: Path, name: str) -> str:
    return str(directory / name)


def parse_csv(text: str, table: Table, file: str) -> tuple[RawTable, list[Problem]]:
    """Parse CSV text into rows that know their starting line; pure."""
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    header: tuple[str, ...] = ()
    rows: list[RawRow] = []
    next_line = 1
    for record in reader:
        line = next_line
        next_line = reader.line_num + 1
        if not header:
            header = tuple(h.strip() for h in record)
            continue
        if not any(cell.strip() for cell in record):
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
    return RawTable(table, file, header, tuple(rows)), problems


def read_table(directory: Path, table: Table) -> tuple[RawTable, list[Problem], bytes | None]:
    """One declared table's CSV file in `directory`: its rows, the problems found, and the
    file's bytes (None when it is missing)."""
    path = directory / table.file
    file = display_path(directory, table.file)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return RawTable(table, file, (), ()), [Problem(file, 0, "file", "missing file")], None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return (
            RawTable(table, file, (), ()),
            [Problem(file, line, "file", "is not valid UTF-8")],
            data,
        )
    raw, found = parse_csv(text, table, file)
    return raw, found, data


def read_dataset(directory: Path) -> RawDataset:
    """Read every table file and every source text named in sources.csv."""
    directory = Path(directory)
    digest = hashlib.sha256()
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for table in INPUT_TABLES:
        raw, found, data = read_table(directory, table)
        if data is not None:
            digest.update(table.file.encode() + b"\0" + data)
        tables[table.name] = raw
        problems.extend(found)
    texts: dict[str, SourceText] = {}
    for row in tables[SOURCES.name].rows:
        name = row.fields.get("text_file", "").strip()
        if not name or name in texts:
            continue
        path = directory / name
        file = display_path(directory, name)
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            texts[name] = SourceText(file, None, None)
            continue
        digest.update(name.encode() + b"\0" + data)
        try:
            texts[name] = SourceText(file, data.decode("utf-8"), hashlib.sha256(data).hexdigest())
        except UnicodeDecodeError:
            texts[name] = SourceText(file, None, hashlib.sha256(data).hexdigest())
    return RawDataset(directory, tables, texts, tuple(problems), digest.hexdigest())
