"""The broken-dataset corpus: one fault per case, applied in code to a copy of the curated
`datasets/`, so the corpus is a table to read rather than folders of copies.

Each case is (name, file, mutation, expected message fragment[, reported_in]): `file` is the one
file the mutation damages (relative to the dataset folder), `reported_in` the file whose
`FILE:LINE:` the first line of the report starts with, when the problem is reported on the row
that names the damaged file (a source text is reported on its row of sources.csv). Either way
the first line of the report names the damaged file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Mutation = Callable[[Path], None]

TRANSCRIPT = "sources/scio-2024-04-18-shan-zhongde.en.txt"
PROVENANCE = "sources/scio-2024-04-18-shan-zhongde.en.yaml"
OVERSIZE_BYTES = 51 * 1024 * 1024  # over the default 50 MB cap


@dataclass(frozen=True)
class Broken:
    name: str
    file: str
    mutation: Mutation
    fragment: str
    reported_in: str | None = None  # default: `file`

    @property
    def report_file(self) -> str:
        return self.reported_in or self.file


# --- mutations -------------------------------------------------------------------------------


def _read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    return rows[0], rows[1:]


def _write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def cell(row_id: str, column: str, value: str) -> Mutation:
    """Set one cell of the row whose first column is `row_id`."""

    def mutate(path: Path) -> None:
        header, rows = _read_rows(path)
        i = header.index(column)
        hits = [r for r in rows if r[0] == row_id]
        assert hits, f"no row {row_id!r} in {path}"
        hits[0][i] = value
        _write_rows(path, header, rows)

    return mutate


def replace(old: str, new: str) -> Mutation:
    def mutate(path: Path) -> None:
        text = path.read_bytes()
        assert old.encode() in text, f"{old!r} not in {path}"
        path.write_bytes(text.replace(old.encode(), new.encode(), 1))

    return mutate


def content(data: bytes) -> Mutation:
    def mutate(path: Path) -> None:
        path.write_bytes(data)

    return mutate


def header_only(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("\n", 1)[0] + "\n", encoding="utf-8")


def cut_last_row(at: str) -> Mutation:
    """Cut the file just before the first occurrence of `at` in its last row: a download or a
    copy that stopped part-way."""

    def mutate(path: Path) -> None:
        data = path.read_bytes()
        start = data.rstrip(b"\n").rfind(b"\n") + 1
        cut = data.index(at.encode(), start)
        path.write_bytes(data[:cut])

    return mutate


def insert_bytes(after: str, extra: bytes) -> Mutation:
    def mutate(path: Path) -> None:
        data = path.read_bytes()
        i = data.index(after.encode()) + len(after.encode())
        path.write_bytes(data[:i] + extra + data[i:])

    return mutate


def delete(path: Path) -> None:
    path.unlink()


def oversize(path: Path) -> None:
    """Grow the file past the size cap (sparse: the tail is a hole of NUL bytes)."""
    with open(path, "r+b") as fh:
        fh.truncate(OVERSIZE_BYTES)


def duplicate_row(row_id: str) -> Mutation:
    def mutate(path: Path) -> None:
        header, rows = _read_rows(path)
        rows.append(list(next(r for r in rows if r[0] == row_id)))
        _write_rows(path, header, rows)

    return mutate


def drop_rows(first_column: str) -> Mutation:
    def mutate(path: Path) -> None:
        header, rows = _read_rows(path)
        _write_rows(path, header, [r for r in rows if r[0] != first_column])

    return mutate


def edit_header(edit: Callable[[list[str]], list[str]], fill: str = "x") -> Mutation:
    def mutate(path: Path) -> None:
        header, rows = _read_rows(path)
        new = edit(list(header))
        out = []
        for r in rows:
            values = dict(zip(header, r, strict=True))
            out.append([values.get(h, fill) for h in new])
        _write_rows(path, new, out)

    return mutate


# --- the corpus ------------------------------------------------------------------------------

TABLES = [
    "sources.csv",
    "areas.csv",
    "indicators.csv",
    "indicator_areas.csv",
    "observations.csv",
    "targets.csv",
    "commitments.csv",
]
OBS, TGT = "observations.csv", "targets.csv"

CASES: list[Broken] = [
    # Every table emptied, and left with its header only: each is reported by its own name.
    *[Broken(f"{t} empty", t, content(b""), "is empty (expected a header row") for t in TABLES],
    *[Broken(f"{t} header only", t, header_only, "has a header but no rows") for t in TABLES],
    # The file as a whole.
    Broken("table file missing", "commitments.csv", delete, "missing file"),
    Broken(
        "truncated inside a quoted field",
        "areas.csv",
        cut_last_row("computing power"),
        "cannot be read as CSV: unexpected end of data",
    ),
    Broken(
        "truncated in its last field",
        OBS,
        cut_last_row("轻工业企业数字化研发设计工具普及率达84.9%"),
        "ends mid-row, without a line break: truncated?",
    ),
    Broken(
        "truncated mid-row, fields missing",
        TGT,
        cut_last_row("2030-12-31"),
        "has 5 fields, the header has 15",
    ),
    Broken(
        "bad bytes (Latin-1, not UTF-8)",
        "indicators.csv",
        insert_bytes("equipment sector", " caf\xe9".encode("latin-1")),
        "is not valid UTF-8",
    ),
    Broken("NUL byte", "areas.csv", insert_bytes("Standards", b"\0"), "contains a NUL byte"),
    Broken(
        "stray quote after a quoted field",
        "commitments.csv",
        replace(',"Development of', ',"Development"x of'),
        "cannot be read as CSV",
    ),
    Broken(
        "row with too many fields",
        "areas.csv",
        replace("standards,work_area,4,", "standards,work_area,4,extra,"),
        "has 8 fields, the header has 7",
    ),
    Broken("oversized table file", OBS, oversize, "over the limit of 50.0 MB per file"),
    Broken(
        "oversized source text",
        TRANSCRIPT,
        oversize,
        "over the limit of 50.0 MB per file",
        reported_in="sources.csv",
    ),
    Broken("oversized provenance file", PROVENANCE, oversize, "over the limit of 50.0 MB"),
    # Columns.
    Broken(
        "missing column",
        TGT,
        edit_header(lambda h: [c for c in h if c != "comparator"]),
        "missing column",
    ),
    Broken("unknown column", OBS, edit_header(lambda h: [*h, "colour"]), "unknown column"),
    Broken(
        "column twice",
        "areas.csv",
        edit_header(lambda h: [*h, "kind"]),
        "column appears twice",
    ),
    # Cell types.
    Broken("not a number", OBS, cell("o-natstd-2020", "value", "two hundred"), "expected a number"),
    Broken(
        "thousands separator",
        OBS,
        cell("o-tier-basic-2025-02", "value", "30,000"),
        "(no thousands separators)",
    ),
    Broken(
        "huge value overflowing to inf (1e308*10)",
        OBS,
        cell("o-natstd-2020", "value", "1e309"),
        "expected a finite number, got '1e309'",
    ),
    Broken(
        "nan", OBS, cell("o-natstd-2020", "value", "nan"), "expected a finite number, got 'nan'"
    ),
    Broken("inf", TGT, cell("t-cnc-68", "value", "inf"), "expected a finite number, got 'inf'"),
    Broken(
        "-Infinity",
        OBS,
        cell("o-cnc-2023", "value", "-Infinity"),
        "expected a finite number, got '-Infinity'",
    ),
    Broken(
        "not a whole number",
        "areas.csv",
        cell("standards", "position", "4.5"),
        "expected a whole number",
    ),
    Broken("not a boolean", OBS, cell("o-rd-2023", "comparable", "yes"), "expected true or false"),
    Broken("required field empty", TGT, cell("t-cnc-68", "source_id", ""), "is required"),
    Broken(
        "required quote blank",
        "commitments.csv",
        cell("com-major-projects", "quote", "   "),
        "quote: is required",
    ),
    Broken(
        "comparator outside the set",
        OBS,
        cell("o-platforms-2021", "comparator", "≥"),
        "'≥' is not one of",
    ),
    Broken(
        "unit outside the set",
        "indicators.csv",
        cell("key_process_cnc_rate", "unit", "percentage"),
        "'percentage' is not one of",
    ),
    Broken(
        "direction outside the set",
        "indicators.csv",
        cell("key_process_cnc_rate", "direction", "up"),
        "'up' is not one of: increase, decrease",
    ),
    Broken(
        "area kind outside the set",
        "areas.csv",
        cell("standards", "kind", "theme"),
        "'theme' is not one of: work_area, priority",
    ),
    Broken(
        "confidence outside the set",
        "sources.csv",
        cell("jin-2024-07", "confidence", "certain"),
        "'certain' is not one of: high, medium, low",
    ),
    Broken(
        "date basis outside the set",
        OBS,
        cell("o-cnc-2023", "date_basis", "reported"),
        "'reported' is not one of: stated, refers_to",
    ),
    Broken(
        "match outside the set",
        TGT,
        cell("t-standards-200", "match", "approximate"),
        "'approximate' is not one of: exact, proxy",
    ),
    Broken(
        "malformed date",
        TGT,
        cell("t-cnc-68", "deadline", "2025"),
        "expected a date as YYYY-MM-DD",
    ),
    Broken(
        "impossible calendar date",
        OBS,
        cell("o-cnc-2025-03", "as_of", "2025-02-30"),
        "impossible date '2025-02-30'",
    ),
    Broken(
        "year out of range",
        "sources.csv",
        cell("jin-2024-07", "published_on", "1900-01-01"),
        "year outside 1949-2100",
    ),
    # Keys and references.
    Broken(
        "duplicated row (whole observation copied)",
        OBS,
        duplicate_row("o-natstd-2020"),
        "duplicate id 'o-natstd-2020'",
    ),
    Broken(
        "duplicated row (indicator in an area twice)",
        "indicator_areas.csv",
        duplicate_row("equipment_output_value"),
        "duplicate row",
    ),
    Broken(
        "unknown indicator",
        OBS,
        cell("o-cnc-2023", "indicator_id", "cnc_rate"),
        "unknown indicator 'cnc_rate'",
    ),
    Broken(
        "unknown area",
        "commitments.csv",
        cell("com-major-projects", "area_id", "supply"),
        "unknown area 'supply'",
    ),
    Broken(
        "unknown source",
        TGT,
        cell("t-rd-tools-85", "source_id", "plan-2021"),
        "unknown source 'plan-2021'",
    ),
    Broken(
        "indicator in no area",
        "indicator_areas.csv",
        drop_rows("smart_factories_pioneer"),
        "belongs to no area (add it to indicator_areas.csv)",
        reported_in="indicators.csv",
    ),
    # Source texts.
    Broken(
        "source text missing",
        "sources/jin-2024-07.txt",
        delete,
        "file not found: sources/jin-2024-07.txt",
        reported_in="sources.csv",
    ),
    Broken(
        "source text empty",
        "sources/jin-2024-07.txt",
        content(b""),
        "jin-2024-07.txt is empty",
        reported_in="sources.csv",
    ),
    Broken(
        "source text blank (whitespace only)",
        "sources/miit-2025-03.txt",
        content(b"\n  \n"),
        "miit-2025-03.txt is empty",
        reported_in="sources.csv",
    ),
    Broken(
        "source text with bad bytes",
        "sources/jin-2024-07.txt",
        content(b"Jin \xff\xfe said"),
        "jin-2024-07.txt is not valid UTF-8",
        reported_in="sources.csv",
    ),
    Broken(
        "transcript not a byte-for-byte copy",
        TRANSCRIPT,
        replace("That's all from me.", "That is all from me."),
        "does not match",
        reported_in="sources.csv",
    ),
    Broken(
        "sha256 in sources.csv not the transcript's",
        "sources.csv",
        replace("58314abad0858137", "68314abad0858137"),
        "does not match",
    ),
    # Quotes and figures.
    Broken(
        "quote not verbatim in its source",
        OBS,
        cell(
            "scio-equipment-2024-04",
            "quote",
            "The total output value of China's intelligent manufacturing equipment sector "
            "has exceeded 3.2 trillion yuan.",
        ),
        "does not occur verbatim in",
    ),
    Broken(
        "quote without its figure",
        OBS,
        cell("scio-equipment-2024-04", "value", "3.4"),
        "the quote does not state the figure 3.4 trillion yuan",
    ),
    Broken(
        "comparator other than the quote's qualifier",
        OBS,
        cell("scio-providers-1bn-2024-04", "comparator", "="),
        "the quote states 'over 150' (>), not '='",
    ),
    # Dates and directions.
    Broken(
        "figure dated after its source was published",
        OBS,
        cell("o-intstd-2024-12", "as_of", "2025-01-31"),
        "after its source people-2024-12-21 was published",
    ),
    Broken(
        "deadline before its source was published",
        TGT,
        cell("t-platforms-120", "deadline", "2020-12-31"),
        "before its source plan-im-14fyp was published",
    ),
    Broken(
        "target comparator against the indicator's direction",
        TGT,
        cell("t-cnc-68", "comparator", "<="),
        "does not fit indicator 'key_process_cnc_rate'",
    ),
    # Addresses.
    Broken(
        "javascript: address",
        "sources.csv",
        cell("jin-2024-07", "url", "javascript:alert(1)"),
        "url: must be an http(s) address (http://... or https://...), got 'javascript:alert(1)'",
    ),
    Broken(
        "address without a scheme",
        "sources.csv",
        cell("jin-2024-07", "url", "www.miit.gov.cn/page"),
        "url: must be an http(s) address",
    ),
    Broken(
        "data: address",
        "sources.csv",
        cell("miit-2025-03", "url", "data:text/html,<script>alert(1)</script>"),
        "url: must be an http(s) address",
    ),
    # The transcript's provenance record.
    Broken(
        "provenance not YAML",
        PROVENANCE,
        replace("language: en", "language: [en"),
        "is not valid YAML",
    ),
    Broken("provenance emptied", PROVENANCE, content(b""), "is not a YAML mapping"),
    Broken(
        "provenance without its sha256",
        PROVENANCE,
        replace("sha256: 58314abad0858137ccede243b2037094d041ed5c7acfcda349cd45e1dc70688b\n", ""),
        "sha256: missing key",
    ),
    Broken(
        "provenance sha256 not the transcript's",
        PROVENANCE,
        replace("sha256: 58314abad", "sha256: 00000abad"),
        "sha256: does not match",
    ),
    Broken(
        "provenance for another source",
        PROVENANCE,
        replace("id: scio-2024-04-18", "id: scio-2022-06-18"),
        "id: 'scio-2022-06-18' is not the source of",
    ),
    Broken(
        "provenance with a javascript: address",
        PROVENANCE,
        replace(
            "url: http://english.scio.gov.cn/m/pressroom", "url: javascript:alert(1)//pressroom"
        ),
        "url: must be an http(s) address",
    ),
    Broken(
        "provenance with bad bytes",
        PROVENANCE,
        insert_bytes("publisher: State", b" \xc3\x28"),
        "is not valid UTF-8",
    ),
]
