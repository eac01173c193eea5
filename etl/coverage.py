"""Coverage: account for every number in every source text of the curated dataset.

Each numeric mention that `etl.numbers.find_numbers` finds in a source's text file is

- **used** when it is the figure of an observation or target of that source (the mention lies
  inside the quote as located in the text, and states the row's value in its indicator's
  unit), or the deadline year of a target or commitment of that source whose quote holds it;
- **ignored** when `coverage_ignore.csv` lists it (source_id, 1-based line of the text file,
  the mention's exact text, and a reviewed reason), or when it is an ordinal ("First,",
  "第一"): ordinals only structure the text, so a built-in rule ignores them and says so;
- **unaccounted** otherwise.

The report is one line per mention, `FILE:LINE: status: «mention» ... in: «sentence»`, then
errors (stale or reason-less ignore rows, quotes not found in their text) and a summary.
The exit code is 1 when anything is unaccounted or any error is reported, else 0.

I/O happens only in `load_coverage_input` (through `etl.read`) and `run_coverage`; everything
between is pure.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from etl.numbers import NumberMention, find_numbers, mention_matches, sentences
from etl.read import RawTable, display_path, parse_csv, read_dataset, read_table
from etl.schema import (
    COMMITMENTS,
    COVERAGE_IGNORE,
    INDICATORS,
    OBSERVATIONS,
    SOURCES,
    TARGETS,
    Table,
)

IGNORE_FILE = COVERAGE_IGNORE.file
ORDINAL_RULE = "built-in rule: ordinals structure the text and are never figures"


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class SourceDoc:
    source_id: str
    file: str  # path as shown in the report
    text: str | None  # None when the file is missing


@dataclass(frozen=True)
class Claim:
    """A number the dataset takes from a source: a figure or a deadline year."""

    row: str  # "observation scio-equipment-2024-04", "target t-cnc-68 (deadline)"
    source_id: str
    quote: str
    value: float
    unit: str  # a dataset unit, or "deadline year"


@dataclass(frozen=True)
class IgnoreRow:
    number: int  # line of coverage_ignore.csv
    source_id: str
    line: str
    mention: str
    reason: str


@dataclass(frozen=True)
class CoverageInput:
    sources: tuple[SourceDoc, ...]
    claims: tuple[Claim, ...]
    ignores: tuple[IgnoreRow, ...]
    ignore_file: str
    read_problems: tuple[str, ...] = ()  # rows of the ignore file that could not be read


@dataclass(frozen=True)
class Account:
    file: str
    line: int
    mention: NumberMention
    sentence: str
    status: str  # "used" | "ignored" | "unaccounted"
    detail: str


@dataclass(frozen=True)
class Report:
    accounts: tuple[Account, ...]
    errors: tuple[str, ...]

    @property
    def unaccounted(self) -> tuple[Account, ...]:
        return tuple(a for a in self.accounts if a.status == "unaccounted")

    @property
    def exit_code(self) -> int:
        return 1 if self.unaccounted or self.errors else 0


# --------------------------------------------------------------------------- loading (I/O)


def load_coverage_input(datasets_dir: Path) -> CoverageInput:
    raw = read_dataset(datasets_dir)

    def rows(table: Table) -> list[dict[str, str]]:
        return [dict(r.fields) for r in raw.tables[table.name].rows]

    sources = []
    for row in rows(SOURCES):
        name = (row.get("text_file") or "").strip()
        if name:
            text = raw.texts.get(name)
            file = text.file if text else display_path(datasets_dir, name)
            sources.append(SourceDoc(row["source_id"], file, text.text if text else None))
    claims = dataset_claims(
        {row["indicator_id"]: row["unit"] for row in rows(INDICATORS)},
        rows(OBSERVATIONS),
        rows(TARGETS),
        rows(COMMITMENTS),
    )
    ignore, found, data = read_table(datasets_dir, COVERAGE_IGNORE)
    problems = tuple(str(p) for p in found) if data is not None else ()
    return CoverageInput(
        tuple(sources), tuple(claims), tuple(ignore_rows(ignore)), ignore.file, problems
    )


# --------------------------------------------------------------------------- pure functions


def ignore_rows(table: RawTable) -> list[IgnoreRow]:
    """The rows of coverage_ignore.csv; each keeps the file line it starts on."""
    return [
        IgnoreRow(
            number=r.line,
            source_id=r.fields.get("source_id", "").strip(),
            line=r.fields.get("line", "").strip(),
            mention=r.fields.get("mention", ""),
            reason=r.fields.get("reason", "").strip(),
        )
        for r in table.rows
    ]


def parse_ignore_rows(text: str) -> list[IgnoreRow]:
    """Parse coverage_ignore.csv text (see `ignore_rows`)."""
    return ignore_rows(parse_csv(text, COVERAGE_IGNORE, IGNORE_FILE)[0])


def deadline_year(deadline: str) -> int | None:
    m = re.match(r"(\d{4})", deadline.strip())
    return int(m.group(1)) if m else None


def dataset_claims(
    indicator_units: dict[str, str],
    observations: list[dict[str, str]],
    targets: list[dict[str, str]],
    commitments: list[dict[str, str]],
) -> list[Claim]:
    """Every figure and deadline year the dataset takes from a source, with its quote."""
    claims = []
    for kind, rows in (("observation", observations), ("target", targets)):
        for row in rows:
            row_id = row[f"{kind}_id"]
            unit = indicator_units.get(row["indicator_id"])
            try:
                value = float(row["value"])
            except ValueError:
                value = None
            if unit is not None and value is not None:
                claims.append(
                    Claim(f"{kind} {row_id}", row["source_id"], row["quote"], value, unit)
                )
    for kind, rows in (("target", targets), ("commitment", commitments)):
        for row in rows:
            year = deadline_year(row.get("deadline") or "")
            if year is not None:
                row_id = row[f"{kind}_id"]
                claims.append(
                    Claim(
                        f"{kind} {row_id} (deadline)",
                        row["source_id"],
                        row["quote"],
                        float(year),
                        "deadline year",
                    )
                )
    return claims


_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def _normalised(text: str) -> tuple[str, list[int]]:
    """Text with whitespace runs collapsed and curly quotes straightened, and for each
    character of it the offset it came from."""
    chars, offsets = [], []
    for i, ch in enumerate(text.translate(_FOLD)):
        if ch.isspace():
            if chars and chars[-1] == " ":
                continue
            ch = " "
        chars.append(ch)
        offsets.append(i)
    return "".join(chars), offsets


def locate_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Spans of `text` where `quote` occurs: verbatim, else up to whitespace and curly quotes."""
    quote = quote.strip()
    if not quote:
        return []
    spans = [(m.start(), m.start() + len(quote)) for m in re.finditer(re.escape(quote), text)]
    if spans:
        return spans
    norm_text, offsets = _normalised(text)
    norm_quote, _ = _normalised(quote)
    return [
        (offsets[m.start()], offsets[m.start() + len(norm_quote) - 1] + 1)
        for m in re.finditer(re.escape(norm_quote), norm_text)
    ]


def claim_uses(claim: Claim, mention: NumberMention) -> bool:
    """Does `mention` state the claim's number (a figure, or a deadline year)?"""
    if claim.unit == "deadline year":
        return mention.kind in ("year", "date") and mention.number == claim.value
    return mention_matches(mention, claim.value, claim.unit)


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def sentence_at(spans: list[tuple[int, int, str]], offset: int) -> str:
    return next((s for start, end, s in spans if start <= offset < end), "")


def account_source(
    source: SourceDoc, claims: list[Claim], ignores: list[IgnoreRow]
) -> tuple[list[Account], list[str], set[int]]:
    """Accounts for every mention of one source text, errors, and the ignore rows used."""
    text = source.text or ""
    errors = []
    located: list[tuple[Claim, list[tuple[int, int]]]] = []
    for claim in claims:
        spans = locate_quote(text, claim.quote)
        if not spans:
            errors.append(f"{source.file}: the quote of {claim.row} is not in the text")
        located.append((claim, spans))
    sentence_spans = sentences(text)
    accounts, matched = [], set()
    for mention in find_numbers(text):
        line = line_of(text, mention.start)
        users = sorted(
            {
                claim.row
                for claim, spans in located
                if any(s <= mention.start and mention.end <= e for s, e in spans)
                and claim_uses(claim, mention)
            }
        )
        rows = [r for r in ignores if r.line == str(line) and r.mention == mention.text]
        if users:
            status, detail = "used", "by " + ", ".join(users)
        elif rows:
            status, detail = "ignored", "(reason: " + "; ".join(r.reason for r in rows) + ")"
            matched.update(r.number for r in rows)
        elif mention.kind == "ordinal":
            status, detail = "ignored", f"({ORDINAL_RULE})"
        else:
            status, detail = "unaccounted", f"({mention.kind})"
        if users and rows:
            matched.update(r.number for r in rows)
            errors.extend(
                f"ignore row {r.number}: «{r.mention}» on line {line} of {source.file} is "
                f"already used {detail}; remove the row"
                for r in rows
            )
        sentence = sentence_at(sentence_spans, mention.start)
        accounts.append(Account(source.file, line, mention, sentence, status, detail))
    return accounts, errors, matched


def _mentions_on_line(accounts: list[Account], file: str, line: str) -> str:
    texts = [f"«{a.mention.text}»" for a in accounts if a.file == file and str(a.line) == line]
    return ", ".join(texts) if texts else "none"


def check_ignore_rows(
    inputs: CoverageInput, accounts: list[Account], matched: set[int]
) -> list[str]:
    """Errors for ignore rows that are malformed, reason-less, duplicated or stale."""
    errors = list(inputs.read_problems)
    files = {s.source_id: s.file for s in inputs.sources}
    seen: dict[tuple[str, str, str], int] = {}
    for row in inputs.ignores:
        where = f"{inputs.ignore_file}:{row.number}"
        if not row.reason:
            errors.append(f"{where}: ignore row for «{row.mention}» has no reason")
        if row.source_id not in files:
            errors.append(f"{where}: unknown source_id {row.source_id!r} (or it has no text file)")
            continue
        if not row.line.isdigit():
            errors.append(f"{where}: line must be a positive whole number, not {row.line!r}")
            continue
        key = (row.source_id, row.line, row.mention)
        if key in seen:
            errors.append(f"{where}: duplicate of the ignore row on line {seen[key]}")
        seen.setdefault(key, row.number)
        if row.number not in matched:
            file = files[row.source_id]
            errors.append(
                f"{where}: stale ignore row: no mention «{row.mention}» on line {row.line} of "
                f"{file} (mentions on that line: {_mentions_on_line(accounts, file, row.line)})"
            )
    return errors


def account_all(inputs: CoverageInput) -> Report:
    """Classify every mention in every source text and check the ignore rows."""
    accounts: list[Account] = []
    errors: list[str] = []
    matched: set[int] = set()
    for source in inputs.sources:
        if source.text is None:
            errors.append(f"{source.file}: text file of source {source.source_id} is missing")
            continue
        claims = [c for c in inputs.claims if c.source_id == source.source_id]
        ignores = [r for r in inputs.ignores if r.source_id == source.source_id]
        found, problems, used_rows = account_source(source, claims, ignores)
        accounts.extend(found)
        errors.extend(problems)
        matched |= used_rows
    errors.extend(check_ignore_rows(inputs, accounts, matched))
    return Report(tuple(accounts), tuple(errors))


def _short(sentence: str, limit: int = 160) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def format_report(report: Report, source_count: int) -> list[str]:
    lines = [
        f"{a.file}:{a.line}: {a.status}: «{a.mention.text}» {a.detail} in: «{_short(a.sentence)}»"
        for a in report.accounts
    ]
    lines.extend(f"error: {e}" for e in report.errors)
    statuses = [a.status for a in report.accounts]
    by_rule = sum(1 for a in report.accounts if a.detail == f"({ORDINAL_RULE})")
    lines.append(
        f"coverage: {len(statuses)} numbers in {source_count} source texts: "
        f"{statuses.count('used')} used, {statuses.count('ignored')} ignored "
        f"({by_rule} ordinals by the built-in rule), {statuses.count('unaccounted')} "
        f"unaccounted; {len(report.errors)} errors"
    )
    return lines


def run_coverage(datasets_dir: Path, out: TextIO) -> int:
    """Print the coverage report for the dataset in `datasets_dir`; 0 if all is accounted for."""
    inputs = load_coverage_input(datasets_dir)
    report = account_all(inputs)
    for line in format_report(report, len(inputs.sources)):
        print(line, file=out)
    return report.exit_code


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("datasets")
    sys.exit(run_coverage(folder, sys.stdout))
