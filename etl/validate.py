"""Validate the raw dataset and cast it to typed records: pure functions, no I/O.

Every rule adds to one list of problems, so a single run reports all of them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from etl.figures import with_unit
from etl.numbers import find_numbers, mention_matches
from etl.problems import Problem
from etl.quote_checks import Answer, QuoteChecks
from etl.read import ProvenanceFile, RawDataset, RawTable
from etl.schema import (
    INPUT_TABLES,
    SEARCH_CORPORA,
    SEARCH_NONE,
    SEARCH_SEPARATOR,
    Column,
    Table,
)

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PLAUSIBLE_YEARS = range(1949, 2101)
URL_SCHEMES = ("http", "https")
# What a URL may not hold: whitespace (\s is what str.isspace accepts) and control characters.
SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")
SHA256 = re.compile(r"[0-9a-f]{64}")
# Keys every provenance record (sources/<name>.yaml beside <name>.txt) must have.
PROVENANCE_KEYS = ("id", "title", "publisher", "url", "language", "sha256")
# A Chinese cell has at least one of these: CJK Unified Ideographs (with extension A and the
# supplementary planes) and the compatibility ideographs.
CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# A web address alone (a host name such as policycn.com, or an IP address): a name the Chinese
# keeps as written, so its translation may be the address itself.
WEB_ADDRESS = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}|(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")
# Comparators a target may use for each direction: a target says which way is better.
TARGET_COMPARATORS = {
    "increase": {">", ">=", "=", "~"},
    "decrease": {"<", "<=", "=", "~"},
}


@dataclass(frozen=True, slots=True)  # slots: quicker to make, less memory
class Record:
    file: str
    line: int
    values: dict[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


Dataset = dict[str, list[Record]]


def cast_value(raw: str, column: Column) -> tuple[Any, str | None]:
    """Cast one CSV cell; return (value, error message or None)."""
    text = raw.strip()
    if text == "":
        return None, ("is required" if column.required else None)
    if column.type == "text":
        value: Any = raw
    elif column.type == "int":
        if not re.fullmatch(r"-?\d+", text):
            return None, f"expected a whole number, got {raw!r}"
        value = int(text)
    elif column.type == "float":
        try:
            value = float(text)
        except ValueError:
            hint = " (no thousands separators)" if "," in text else ""
            return None, f"expected a number{hint}, got {raw!r}"
        if not math.isfinite(value):
            return None, f"expected a finite number, got {raw!r}"
    elif column.type == "date":
        if not ISO_DATE.fullmatch(text):
            return None, f"expected a date as YYYY-MM-DD, got {raw!r}"
        try:
            value = date.fromisoformat(text)
        except ValueError:
            return None, f"impossible date {raw!r}"
        if value.year not in PLAUSIBLE_YEARS:
            return None, f"impossible date {raw!r} (year outside 1949-2100)"
    elif column.type == "bool":
        if text.lower() not in ("true", "false"):
            return None, f"expected true or false, got {raw!r}"
        value = text.lower() == "true"
    else:  # pragma: no cover - schema error
        raise ValueError(f"unknown column type {column.type}")
    if column.accepted is not None and value not in column.accepted:
        return None, f"{raw!r} is not one of: {', '.join(column.accepted)}"
    return value, None


def check_header(raw: RawTable) -> list[Problem]:
    if not raw.header:
        return []
    expected = raw.table.column_names
    problems = [
        Problem(raw.file, 1, name, "missing column") for name in expected if name not in raw.header
    ]
    problems += [
        Problem(raw.file, 1, name, f"unknown column (expected: {', '.join(expected)})")
        for name in raw.header
        if name not in expected
    ]
    seen: set[str] = set()
    for name in raw.header:
        if name in seen:
            problems.append(Problem(raw.file, 1, name, "column appears twice"))
        seen.add(name)
    return problems


# Casts kept per column in cast_table, for the columns whose cells repeat (dates, accepted
# values, numbers): a dict look-up instead of cast_value per cell. Emptied when it holds this
# many, so a column of distinct figures costs a bounded memory.
CASTS_KEPT = 4096


def cast_table(raw: RawTable) -> tuple[list[Record], list[Problem]]:
    """Cast every row; a row with a bad cell is reported and left out. Each cell is cast as
    cast_value does; a free-text cell (a text column without accepted values) that is not blank
    is its own value, any other cell's cast is kept per distinct text (`CASTS_KEPT`)."""
    problems: list[Problem] = []
    records: list[Record] = []
    columns = [
        (c, None if c.type == "text" and c.accepted is None else {})
        for c in raw.table.columns
        if c.name in raw.header
    ]
    for row in raw.rows:
        fields = row.fields
        values: dict[str, Any] = {}
        ok = True
        for column, casts in columns:
            cell = fields[column.name]
            if casts is None:
                if cell.strip():
                    values[column.name] = cell
                    continue
                value, error = cast_value(cell, column)
            else:
                cast = casts.get(cell)
                if cast is None:
                    if len(casts) >= CASTS_KEPT:
                        casts.clear()
                    cast = casts[cell] = cast_value(cell, column)
                value, error = cast
            if error:
                problems.append(Problem(raw.file, row.line, column.name, error))
                ok = False
            values[column.name] = value
        if ok:
            records.append(Record(raw.file, row.line, values))
    return records, problems


def check_keys(table: Table, records: list[Record]) -> list[Problem]:
    problems = []
    first_line: dict[tuple, int] = {}
    for record in records:
        key = tuple(record[k] for k in table.key)
        if key in first_line:
            label = "duplicate id" if len(key) == 1 else "duplicate row"
            shown = ", ".join(str(k) for k in key)
            problems.append(
                Problem(
                    record.file,
                    record.line,
                    table.key[0],
                    f"{label} {shown!r} (first on line {first_line[key]})",
                )
            )
        else:
            first_line[key] = record.line
    return problems


def check_references(
    table: Table,
    records: list[Record],
    ids: dict[str, set],
    skip: set[str] | frozenset = frozenset(),
) -> list[Problem]:
    problems = []
    for column in table.columns:
        if column.references is None:
            continue
        target_table, _ = column.references
        if target_table in skip:
            continue  # that table is reported as a whole
        known = ids.get(target_table, set())
        singular = target_table.removesuffix("s")
        for record in records:
            value = record.values.get(column.name)
            if value is not None and value not in known:
                problems.append(
                    Problem(record.file, record.line, column.name, f"unknown {singular} {value!r}")
                )
    return problems


def check_source_texts(raw: RawDataset, sources: list[Record]) -> list[Problem]:
    problems = []
    for source in sources:
        text = raw.texts.get(source["text_file"])
        if text is None or (text.text is None and text.problem is None):
            problems.append(
                Problem(
                    source.file, source.line, "text_file", f"file not found: {source['text_file']}"
                )
            )
        elif text.text is None:
            problems.append(Problem(source.file, source.line, "text_file", str(text.problem)))
        elif not text.text.strip():
            problems.append(Problem(source.file, source.line, "text_file", f"{text.file} is empty"))
        elif source["sha256"] and source["sha256"] != text.sha256:
            problems.append(
                Problem(
                    source.file,
                    source.line,
                    "sha256",
                    f"does not match {text.file} (its sha256 is {text.sha256})",
                )
            )
    return problems


def url_problem(url: str) -> str | None:
    """Why `url` is not a plain http(s) address with a host, or None."""
    text = url.strip()
    if SPACE_OR_CONTROL.search(text):
        return f"must be an http(s) address without spaces or control characters, got {url!r}"
    try:
        parts = urlsplit(text)
    except ValueError:
        return f"must be an http(s) address, got {url!r}"
    if parts.scheme.lower() not in URL_SCHEMES or not parts.hostname:
        return f"must be an http(s) address (http://... or https://...), got {url!r}"
    return None


def check_urls(sources: list[Record]) -> list[Problem]:
    problems = []
    for source in sources:
        message = url_problem(source["url"])
        if message:
            problems.append(Problem(source.file, source.line, "url", message))
    return problems


def key_lines(text: str) -> dict[str, int]:
    """The line each top-level key of a YAML mapping is on."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}


def check_provenance(
    raw: RawDataset, record: ProvenanceFile, sources: list[Record]
) -> list[Problem]:
    """A provenance record is YAML, has every key, and describes the source text beside it:
    its id is the source whose text_file is that text, its sha256 is that text's."""
    if record.text is None:
        return []  # reported when read
    file = record.file
    try:
        data = yaml.safe_load(record.text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        what = getattr(err, "problem", None) or str(err).splitlines()[0]
        return [Problem(file, line, "file", f"is not valid YAML: {what}")]
    if not isinstance(data, dict):
        return [Problem(file, 1, "file", "is not a YAML mapping of key: value")]
    lines = key_lines(record.text)
    problems = []
    for key in PROVENANCE_KEYS:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            line = lines.get(key, 1)
            problems.append(
                Problem(file, line, key, "missing key" if key not in data else "is empty")
            )
    if problems:
        return problems
    text_name = str(PurePosixPath(record.name).with_suffix(".txt"))
    described = [s for s in sources if s["text_file"] == text_name]
    text = raw.texts.get(text_name)
    if not described or text is None:
        message = f"describes {text_name}, which no row of sources.csv names as its text_file"
        return [Problem(file, 1, "file", message)]
    source = described[0]
    if str(data["id"]) != source["source_id"]:
        message = (
            f"{data['id']!r} is not the source of {text_name} "
            f"({source['source_id']!r} in {source.file}:{source.line})"
        )
        problems.append(Problem(file, lines.get("id", 1), "id", message))
    sha = str(data["sha256"]).strip().lower()
    if not SHA256.fullmatch(sha):
        message = f"expected 64 hexadecimal digits, got {data['sha256']!r}"
        problems.append(Problem(file, lines.get("sha256", 1), "sha256", message))
    elif text.sha256 is not None and sha != text.sha256:
        message = f"does not match {text.file} (its sha256 is {text.sha256})"
        problems.append(Problem(file, lines.get("sha256", 1), "sha256", message))
    message = url_problem(str(data["url"]))
    if message:
        problems.append(Problem(file, lines.get("url", 1), "url", message))
    return problems


def end_of_period(day: date, precision: str) -> date:
    """The last day a date of the given precision can stand for (2025-11-01, month: 2025-11-30)."""
    if precision == "year":
        return date(day.year, 12, 31)
    if precision == "month":
        following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return day


def stating_mentions(
    quote: str, value: float, unit: str, checks: QuoteChecks | None = None
) -> Answer:
    """The mentions of `quote` that state `value` in `unit`, each (comparator, text): read by
    the number finder, or taken from `checks` when the same (quote, value, unit) was read by
    the same code in an earlier build (etl/quote_checks.py)."""
    if checks is None:
        return tuple(
            (m.comparator, m.text) for m in find_numbers(quote) if mention_matches(m, value, unit)
        )
    key = checks.key(quote, value, unit)
    answer = checks.get(key)
    if answer is None:
        answer = stating_mentions(quote, value, unit)
        checks.put(key, answer)
    return answer


def check_figure(
    table: Table, record: Record, unit: str, checks: QuoteChecks | None = None
) -> list[Problem]:
    """The quote states the row's figure; an observation also keeps the quote's qualifier
    ("more than 150" is `>` 150). A target's qualifier is the plan's reading (达85% is >= 85)."""
    value, comparator = record["value"], record["comparator"]
    mentions = stating_mentions(record["quote"], value, unit, checks)
    if not mentions:
        figure = with_unit(value, unit, decimals=None)
        message = f"the quote does not state the figure {figure}"
        return [Problem(record.file, record.line, "value", message)]
    stated = {stated_comparator for stated_comparator, _ in mentions}
    if table.name == "observations" and comparator not in stated:
        first_comparator, first_text = mentions[0]
        message = f"the quote states {first_text!r} ({first_comparator}), not {comparator!r}"
        return [Problem(record.file, record.line, "comparator", message)]
    return []


def check_quotes(
    table: Table,
    records: list[Record],
    sources: dict[str, Record],
    raw: RawDataset,
    units: dict[str, str],
    checks: QuoteChecks | None = None,
    lines: dict[str, set[str]] | None = None,
) -> list[Problem]:
    """Each quote occurs verbatim in its source's text, and states the row's figure. `lines`:
    each text's lines by text_file, made here when missing (a quote that is a whole line of
    its text is found by a set look-up: searching a bulletin of 10^4 lines for every quote
    costs ~4 s at 10^6 quotes); pass one dict to share them between tables."""
    problems = []
    lines = {} if lines is None else lines
    for record in records:
        source = sources.get(record["source_id"])
        if source is None:
            continue  # reported as an unknown reference
        name = source["text_file"]
        text = raw.texts.get(name)
        # blank as `not strip()` says, without copying the whole text for every quote
        if text is None or not text.text or text.text.isspace():
            continue  # reported on the source
        quote = record["quote"]
        if name not in lines:
            lines[name] = set(text.text.splitlines())
        if quote not in lines[name] and quote not in text.text:
            problems.append(
                Problem(
                    record.file,
                    record.line,
                    "quote",
                    f"does not occur verbatim in {text.file}",
                )
            )
        unit = units.get(record.values.get("indicator_id", ""))
        if "value" in record.values and unit is not None:
            problems += check_figure(table, record, unit, checks)
    return problems


def check_dates(data: Dataset, sources: dict[str, Record]) -> list[Problem]:
    """Dates that cannot be: a figure describing a day after it was published."""
    problems = []
    for record in data["observations"]:
        source = sources.get(record["source_id"])
        if source is None:
            continue
        published = end_of_period(source["published_on"], source["date_precision"])
        if record["as_of"] > published:
            problems.append(
                Problem(
                    record.file,
                    record.line,
                    "as_of",
                    f"impossible date {record['as_of']}: after its source "
                    f"{source['source_id']} was published ({source['published_on']})",
                )
            )
    for name in ("targets", "commitments"):
        for record in data[name]:
            source = sources.get(record["source_id"])
            deadline = record["deadline"]
            if source is None or deadline is None:
                continue
            if deadline < source["published_on"]:
                problems.append(
                    Problem(
                        record.file,
                        record.line,
                        "deadline",
                        f"impossible date {deadline}: before its source "
                        f"{source['source_id']} was published ({source['published_on']})",
                    )
                )
    return problems


def check_target_directions(data: Dataset, indicators: dict[str, Record]) -> list[Problem]:
    problems = []
    for record in data["targets"]:
        indicator = indicators.get(record["indicator_id"])
        if indicator is None:
            continue
        allowed = TARGET_COMPARATORS[indicator["direction"]]
        if record["comparator"] not in allowed:
            problems.append(
                Problem(
                    record.file,
                    record.line,
                    "comparator",
                    f"{record['comparator']!r} does not fit indicator "
                    f"{indicator['indicator_id']!r}, whose direction is {indicator['direction']} "
                    "(use one of: "
                    f"{', '.join(sorted(allowed))})",
                )
            )
    return problems


def check_target_kinds(data: Dataset) -> list[Problem]:
    """A period count names the start of its period (and only a period count does), and an
    indicator's targets share one scope: a sector's targets are a series of their own."""
    problems = []
    scope_of: dict[str, tuple[str, int]] = {}
    for r in data["targets"]:
        start = r["period_start"]
        if r["kind"] == "period_count" and start is None:
            problems.append(Problem(r.file, r.line, "period_start", "a period count needs one"))
        elif r["kind"] == "level" and start is not None:
            problems.append(
                Problem(r.file, r.line, "period_start", "only a period_count target has one")
            )
        elif start is not None and start >= r["deadline"]:
            problems.append(
                Problem(r.file, r.line, "period_start", f"{start} is not before the deadline")
            )
        first = scope_of.setdefault(r["indicator_id"], (r["scope"], r.line))
        if first[0] != r["scope"]:
            problems.append(
                Problem(
                    r.file,
                    r.line,
                    "scope",
                    f"{r['scope']!r} differs from the {first[0]!r} target of indicator "
                    f"{r['indicator_id']!r} on line {first[1]}: give the sector its own indicator",
                )
            )
    for r in data["observations"]:
        start = r["period_start"]
        if start is not None and start >= r["as_of"]:
            problems.append(
                Problem(r.file, r.line, "period_start", f"{start} is not before as_of {r['as_of']}")
            )
    return problems


def check_lineage(data: Dataset) -> list[Problem]:
    """A lineage row links two targets of one indicator, later to earlier, and no chain of
    rows comes back to where it started."""
    problems = []
    targets = {r["target_id"]: r for r in data["targets"]}
    follows: dict[str, set[str]] = {}
    for r in data.get("target_lineage", []):
        later, earlier = targets.get(r["target_id"]), targets.get(r["follows_id"])
        if r["target_id"] == r["follows_id"]:
            problems.append(Problem(r.file, r.line, "follows_id", "a target cannot follow itself"))
            continue
        if later is None or earlier is None:
            continue  # reported as an unknown reference
        if later["indicator_id"] != earlier["indicator_id"]:
            problems.append(
                Problem(
                    r.file,
                    r.line,
                    "follows_id",
                    f"{r['follows_id']!r} is a target of {earlier['indicator_id']!r}, not of "
                    f"{later['indicator_id']!r}: a goal's lineage stays on one indicator",
                )
            )
        follows.setdefault(r["target_id"], set()).add(r["follows_id"])
    for r in data.get("target_lineage", []):
        seen, todo = set(), [r["follows_id"]]
        while todo:
            t = todo.pop()
            if t == r["target_id"]:
                problems.append(
                    Problem(r.file, r.line, "follows_id", "the lineage comes back to this target")
                )
                break
            if t not in seen:
                seen.add(t)
                todo += follows.get(t, ())
    return problems


def check_disagreements(data: Dataset) -> list[Problem]:
    """A declared disagreement pairs two different observations of one indicator, once."""
    problems = []
    observations = {r["observation_id"]: r for r in data["observations"]}
    seen: set[frozenset[str]] = set()
    for r in data.get("figure_disagreements", []):
        one, other = observations.get(r["observation_id"]), observations.get(r["other_id"])
        if r["observation_id"] == r["other_id"]:
            problems.append(
                Problem(r.file, r.line, "other_id", "a figure cannot disagree with itself")
            )
            continue
        if one is None or other is None:
            continue  # reported as an unknown reference
        if one["indicator_id"] != other["indicator_id"]:
            problems.append(
                Problem(
                    r.file,
                    r.line,
                    "other_id",
                    f"{r['other_id']!r} is a figure of {other['indicator_id']!r}, not of "
                    f"{one['indicator_id']!r}: figures that disagree are of one indicator",
                )
            )
        pair = frozenset((r["observation_id"], r["other_id"]))
        if pair in seen:
            problems.append(
                Problem(r.file, r.line, "other_id", "this pair of figures is declared twice")
            )
        seen.add(pair)
    return problems


def check_indicators_have_areas(data: Dataset) -> list[Problem]:
    with_area = {r["indicator_id"] for r in data["indicator_areas"]}
    return [
        Problem(
            r.file, r.line, "indicator_id", "belongs to no area (add it to indicator_areas.csv)"
        )
        for r in data["indicators"]
        if r["indicator_id"] not in with_area
    ]


def check_translations(table: Table, records: list[Record]) -> list[Problem]:
    """A Chinese column (`<twin>_zh`, see Column.translates) is filled exactly where its English
    twin is, and holds Chinese characters: not an English text copied across (a web address
    alone, kept as written, excepted)."""
    problems = []
    for column in table.translations:
        twin = column.translates
        for r in records:
            english, chinese = r.values.get(twin), r.values.get(column.name)
            if english is not None and chinese is None:
                message = f"required where {twin} is given"
            elif english is None and chinese is not None:
                message = f"given where {twin} is empty"
            elif chinese is not None and chinese == english and WEB_ADDRESS.fullmatch(english):
                continue  # a web address alone stays as written
            elif chinese is not None and not CJK.search(chinese):
                message = "no Chinese characters (Latin-only text where Chinese is required)"
            else:
                continue
            problems.append(Problem(r.file, r.line, column.name, message))
    return problems


# The table a search's subject_kind names, and its key.
SEARCH_SUBJECTS = {
    "indicator": ("indicators", "indicator_id"),
    "commitment": ("commitments", "commitment_id"),
    "target": ("targets", "target_id"),
}


def check_searches(
    records: list[Record], ids: dict[str, set], skip: set[str] | frozenset = frozenset()
) -> list[Problem]:
    """A recorded search (searches.csv) names an existing indicator, commitment or target as its
    subject_kind says, corpora the search tool has, at least one query, and in `found` either
    `none` or existing observation ids. Ids come from every row of their table (`ids`), as for
    the other references; a table that could not be read (`skip`) is reported by its own name."""
    problems = []
    for r in records:
        kind, subject = r["subject_kind"], r["subject_id"]
        table = SEARCH_SUBJECTS[kind][0]
        if table not in skip and subject not in ids.get(table, set()):
            problems.append(
                Problem(
                    r.file, r.line, "subject_id", f"unknown {kind} {subject!r} (not in {table}.csv)"
                )
            )
        for corpus in r["corpus"].split(SEARCH_SEPARATOR):
            if corpus.strip() not in SEARCH_CORPORA:
                problems.append(
                    Problem(
                        r.file,
                        r.line,
                        "corpus",
                        f"{corpus.strip()!r} is not one of: {', '.join(SEARCH_CORPORA)}",
                    )
                )
        if not any(t.strip() for t in r["terms"].split(SEARCH_SEPARATOR)):
            problems.append(Problem(r.file, r.line, "terms", "no query given"))
        found = [f.strip() for f in r["found"].split(SEARCH_SEPARATOR)]
        if found != [SEARCH_NONE] and "observations" not in skip:
            for observation_id in found:
                if observation_id not in ids.get("observations", set()):
                    problems.append(
                        Problem(
                            r.file,
                            r.line,
                            "found",
                            f"unknown observation {observation_id!r} (expected {SEARCH_NONE!r} "
                            f"or observation ids joined by {SEARCH_SEPARATOR!r})",
                        )
                    )
    return problems


def check_has_rows(raw: RawTable) -> list[Problem]:
    """A table file with a header and no rows builds an empty table: every table has rows."""
    if raw.readable and raw.header and not raw.rows:
        return [Problem(raw.file, 1, "file", "has a header but no rows")]
    return []


def validate(raw: RawDataset, checks: QuoteChecks | None = None) -> tuple[Dataset, list[Problem]]:
    """Check everything; return the typed records and every problem found. `checks`: the
    quote checks kept from an earlier build, and where this build's are added."""
    problems = list(raw.problems)
    data: Dataset = {}
    for table in INPUT_TABLES:
        raw_table = raw.tables[table.name]
        problems += check_header(raw_table)
        if not table.optional:
            problems += check_has_rows(raw_table)
        if any(name not in raw_table.header for name in table.column_names):
            data[table.name] = []  # cannot read rows reliably without every column
            continue
        records, found = cast_table(raw_table)
        problems += found
        problems += check_keys(table, records)
        data[table.name] = records
    # Ids come from every row, even one with a bad cell, so one mistake is reported once
    # and not again as an unknown reference wherever the row is named. A table that could not
    # be read, or has no rows, is reported by its own name, not as unknown ids everywhere.
    ids = {
        table.name: {row.fields.get(table.key[0]) for row in raw.tables[table.name].rows}
        for table in INPUT_TABLES
        if len(table.key) == 1
    }
    unread = {name for name, t in raw.tables.items() if not t.readable or not t.rows}
    for table in INPUT_TABLES:
        problems += check_references(table, data[table.name], ids, skip=unread)
    sources = {r["source_id"]: r for r in data["sources"]}
    indicators = {r["indicator_id"]: r for r in data["indicators"]}
    units = {k: r["unit"] for k, r in indicators.items()}
    problems += check_source_texts(raw, data["sources"])
    problems += check_urls(data["sources"])
    for record in raw.provenance:
        problems += check_provenance(raw, record, data["sources"])
    lines: dict[str, set[str]] = {}  # each source text's lines, for check_quotes
    for table in INPUT_TABLES:
        if table.quoted:
            problems += check_quotes(table, data[table.name], sources, raw, units, checks, lines)
    del lines
    for table in INPUT_TABLES:
        problems += check_translations(table, data[table.name])
    problems += check_dates(data, sources)
    problems += check_target_directions(data, indicators)
    problems += check_target_kinds(data)
    problems += check_lineage(data)
    problems += check_disagreements(data)
    if "indicator_areas" not in unread:
        problems += check_indicators_have_areas(data)
    if raw.searches is not None and raw.searches.readable:
        problems += check_header(raw.searches)
        if all(name in raw.searches.header for name in raw.searches.table.column_names):
            records, found = cast_table(raw.searches)
            problems += found
            problems += check_keys(raw.searches.table, records)
            problems += check_translations(raw.searches.table, records)
            problems += check_searches(records, ids, skip=unread)
    return data, sorted(set(problems))
