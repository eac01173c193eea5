"""Suggest dataset rows for the numbers in a new source text (printed, never written).

For each numeric mention that is not an ordinal, print a candidate row in the dataset's own
CSV format: a targets.csv row when the sentence has a future-goal cue ("by 2025", goal,
target, aim, objective, 到2025年, 目标, 力争), otherwise an observations.csv row. The quote is
the sentence; the value is the number in a dataset unit (3.2 for "3.2 trillion yuan", 1 for
"10亿元" in billion yuan); the comparator is the qualifier's; the indicator is the existing
one whose names and definition share the most words (English) or character pairs (Chinese)
with the words around the number and with the sentence, among indicators of a compatible
unit; its score is in the note. A year or date in the sentence becomes the as_of (read as
refers_to) or the deadline; the year's own row has no value. Whatever only a person can
know is a `TODO-` placeholder (source_id, ids that could not be derived, as_of when the
sentence gives no date). Nothing is written to disk.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TextIO

from etl.coverage import line_of
from etl.figures import plain_number
from etl.numbers import NumberMention, find_numbers, sentences
from etl.read import read_dataset
from etl.schema import INDICATORS, OBSERVATIONS, TARGETS, Table

OBSERVATION_COLUMNS = OBSERVATIONS.column_names
TARGET_COLUMNS = TARGETS.column_names
SOURCE_PLACEHOLDER = "TODO-source-id"
MONEY_UNITS = ("trillion yuan", "billion yuan", "yuan")
MIN_SCORE = 0.25  # below this the closest indicator is a guess, left as TODO-indicator

_GOAL_CUE_RE = re.compile(
    r"\b(?:goals?|targets?|aim(?:s|ed|ing)?|objectives?|strive|striving)\b|目标|目標|力争|力爭",
    re.IGNORECASE | re.ASCII,
)
_STOPWORDS = frozenset(
    {
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "these",
        "those",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "its",
        "their",
        "our",
        "such",
        "than",
        "over",
        "more",
        "into",
        "per",
        "all",
        "any",
        "not",
        "only",
        "also",
        "been",
        "being",
        "which",
        "who",
        "will",
        "would",
        "can",
        "could",
        "may",
        "one",
    }
)
_MONTH_NUMBERS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    name.lower(): i for i, name in enumerate(calendar.month_abbr) if name
}


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    unit: str
    name_en: frozenset[str]  # English words of name_en
    name_zh: frozenset[str]  # character pairs of name_zh
    definition: frozenset[str]  # English words of the definition


class Context(NamedTuple):
    sentence: str
    before: str  # the words between the previous mention of the sentence and this one
    after: str  # this mention and the words up to the next mention of the sentence
    latin: bool  # the sentence is written in Latin script rather than Chinese
    line: int


@dataclass(frozen=True)
class Candidate:
    """One suggested row: `file` is "observations" or "targets"."""

    file: str
    row: dict[str, str]


# --------------------------------------------------------------------------- text similarity


def _stem(word: str) -> str:
    word = word.lower().removesuffix("'s").removesuffix("’s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def english_tokens(text: str) -> frozenset[str]:
    words = (_stem(w) for w in re.findall(r"[A-Za-z]+(?:['’]s)?", text))
    return frozenset(w for w in words if len(w) > 2 and w not in _STOPWORDS)


def chinese_tokens(text: str) -> frozenset[str]:
    """Character pairs of each run of CJK characters (a lone character stands for itself)."""
    tokens = set()
    for run in re.findall(r"[\u3400-\u9fff]+", text):
        tokens.update(run[i : i + 2] for i in range(max(1, len(run) - 1)))
    return frozenset(tokens)


def indicator_from_row(row: dict[str, str]) -> Indicator:
    return Indicator(
        row["indicator_id"],
        row["unit"],
        english_tokens(row["name_en"]),
        chinese_tokens(row["name_zh"]),
        english_tokens(row["definition"]),
    )


def _share(tokens: frozenset[str], of: frozenset[str]) -> float:
    return len(tokens & of) / len(of) if of else 0.0


def similarity(text: str, indicator: Indicator) -> float:
    """How much of the indicator's name (3/4) and definition (1/4) `text` contains: the
    share of its English words, or of its Chinese character pairs, found in the text."""
    words, pairs = english_tokens(text), chinese_tokens(text)
    name = max(_share(words, indicator.name_en), _share(pairs, indicator.name_zh))
    return 0.75 * name + 0.25 * _share(words, indicator.definition)


def rank_indicators(
    context: Context, indicators: list[Indicator], unit: str | None
) -> list[tuple[float, str]]:
    """(score, indicator_id), best first, among indicators of a compatible unit if any.

    The score is 0.6 x the words next to the number + 0.4 x the whole sentence. English
    names the counted thing after the number ("421 national demonstration factories"), so
    the words before it count half; Chinese often names it before ("数控化率达54.6%").
    """
    compatible = [i for i in indicators if _unit_compatible(unit, i.unit)] or indicators
    before_weight = 0.5 if context.latin else 1.0

    def score(indicator: Indicator) -> float:
        near = max(
            similarity(context.after, indicator),
            before_weight * similarity(context.before, indicator),
        )
        return round(0.6 * near + 0.4 * similarity(context.sentence, indicator), 2)

    ranked = [(score(i), i.indicator_id) for i in compatible]
    return sorted(ranked, key=lambda pair: (-pair[0], pair[1]))


def _unit_compatible(unit: str | None, indicator_unit: str) -> bool:
    if unit in MONEY_UNITS:
        return indicator_unit in MONEY_UNITS
    return unit == indicator_unit


# --------------------------------------------------------------------------- reading mentions


def dataset_value(mention: NumberMention) -> tuple[float, str | None, str]:
    """(value, dataset unit or None, unit as described in the note) for a mention."""
    if mention.unit == "percent":
        return mention.value, "percent", "percent"
    money = mention.unit == "yuan" or (mention.kind == "count" and mention.scale >= 1e8)
    if money:
        for unit, size in (("trillion yuan", 1e12), ("billion yuan", 1e9)):
            if abs(mention.value) >= size:
                described = unit if mention.unit == "yuan" else f"{unit} (no currency stated)"
                return mention.value / size, unit, described
        return mention.value, "yuan", "yuan"
    if mention.kind == "count":
        return mention.value, "count", "count"
    described = {
        "duration": f"{mention.unit} (a duration: not a dataset unit)",
        "multiple": "times (a multiple: not a dataset unit)",
        "year": "calendar year",
        "date": "date",
    }.get(mention.kind, f"{mention.unit} (not a dataset unit)")
    return mention.number, None, described


def _last_day(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def mention_date(mention: NumberMention) -> str | None:
    """ISO date a year or date mention stands for (a year or month alone: its last day)."""
    if mention.kind == "year":
        return f"{int(mention.number):04d}-12-31"
    if mention.kind != "date":
        return None
    text = mention.text
    if m := re.search(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", text):
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    if m := re.search(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号號])?", text):
        if m[3]:
            return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
        return _last_day(int(m[1]), int(m[2]))
    word = re.search(r"[A-Za-z]+", text)
    month = _MONTH_NUMBERS.get(word[0].lower()) if word else None
    year = re.search(r"\d{4}", text)
    if month and year:
        day = re.search(r"(?<!\d)(\d{1,2})(?!\d)", text)
        if day:
            return f"{int(year[0]):04d}-{month:02d}-{int(day[1]):02d}"
        return _last_day(int(year[0]), month)
    return None


def is_goal_sentence(sentence: str, mentions: list[NumberMention]) -> bool:
    """A future-goal cue: goal/target/aim/目标 words, or a deadline year ("by 2025", 到2025年)."""
    deadline = any(m.kind == "year" and m.comparator == "<=" for m in mentions)
    return deadline or bool(_GOAL_CUE_RE.search(sentence))


# --------------------------------------------------------------------------- building rows


def _slug(*parts: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def suggest_rows(
    text: str, indicators: list[Indicator], taken_ids: set[str]
) -> tuple[list[Candidate], int]:
    """Candidate rows for every non-ordinal mention of `text`, and the number of ordinals."""
    taken = set(taken_ids)
    candidates, ordinals = [], 0
    mentions = find_numbers(text)
    for s_start, s_end, sentence in sentences(text):
        inside = [m for m in mentions if s_start <= m.start < s_end]
        goal = is_goal_sentence(sentence, inside)
        dates = [d for d in (mention_date(m) for m in inside) if d]
        for i, mention in enumerate(inside):
            if mention.kind == "ordinal":
                ordinals += 1
                continue
            previous_end = inside[i - 1].end if i else s_start
            next_start = inside[i + 1].start if i + 1 < len(inside) else s_end
            context = Context(
                sentence,
                text[previous_end : mention.start],
                text[mention.start : next_start],
                len(re.findall(r"[A-Za-z]", sentence)) > len(chinese_tokens(sentence)),
                line_of(text, mention.start),
            )
            candidates.append(_candidate(mention, context, goal, dates, indicators, taken))
    return candidates, ordinals


def _candidate(
    mention: NumberMention,
    context: Context,
    goal: bool,
    dates: list[str],
    indicators: list[Indicator],
    taken: set[str],
) -> Candidate:
    sentence, line = context.sentence, context.line
    value, unit, described = dataset_value(mention)
    is_date = mention.kind in ("year", "date")
    ranked = rank_indicators(context, indicators, unit)
    best = ranked[0] if ranked and ranked[0][0] >= MIN_SCORE else None
    indicator = best[1] if best else "TODO-indicator"
    scores = "; ".join(f"{i} {score:.2f}" for score, i in ranked[:2])
    if best:
        match = f"closest indicator by name: {scores}"
    else:
        match = f"no indicator scores {MIN_SCORE:.2f} or more by name (best: {scores or 'none'})"
    note = f"mention «{mention.text}» on line {line}; unit {described}; {match}"
    if is_date:
        role = "deadline" if goal else "date the figures refer to"
        note += (
            f"; a {role}, not a figure: use it for this sentence's rows, "
            "or a commitments.csv row if the sentence states no figure, "
            "or else list it in coverage_ignore.csv"
        )
    date = mention_date(mention) if is_date else (dates[0] if dates else None)
    value_text = "" if is_date else plain_number(value)
    year = (date or "")[:4] or "new"
    common = {
        "indicator_id": indicator,
        "value": value_text,
        "comparator": "" if is_date else mention.comparator,
        "source_id": SOURCE_PLACEHOLDER,
        "quote": sentence,
        "note": note,
    }
    if goal:
        table = TARGETS
        own = {
            "target_id": _unique(
                _slug("t", indicator.removeprefix("TODO-"), value_text or year), taken
            ),
            "deadline": date or "TODO-deadline",
            "kind": "level",  # or period_count, with its period_start
            "scope": "national",
            "match": "TODO-exact-or-proxy",
            "match_note": "",
        }
    else:
        table = OBSERVATIONS
        own = {
            "observation_id": _unique(_slug("o", indicator.removeprefix("TODO-"), year), taken),
            "as_of": date or "TODO-as-of",
            "date_basis": "refers_to" if date else "stated",
            "comparable": "true",
        }
    row = {**common, **own}
    # Columns the sentence says nothing of (period_start, translations) are left empty.
    return Candidate(table.name, {c: row.get(c, "") for c in table.column_names})


def format_blocks(candidates: list[Candidate], source_name: str, ordinals: int) -> str:
    """Two CSV blocks with headers, each after a comment naming the file it belongs to."""
    out = io.StringIO()
    out.write(
        f"# suggest: {len(candidates)} numbers in {source_name} "
        f"({ordinals} ordinals skipped); review every row, fill each TODO-, nothing was written\n"
    )
    for file, columns in (("observations", OBSERVATION_COLUMNS), ("targets", TARGET_COLUMNS)):
        rows = [c.row for c in candidates if c.file == file]
        out.write(f"\n# -> datasets/{file}.csv ({len(rows)} candidate rows)\n")
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()


# --------------------------------------------------------------------------- I/O edge


def run_suggest(source_txt: Path, datasets_dir: Path, out: TextIO) -> int:
    """Print candidate rows for the numbers in `source_txt`; returns 0."""
    text = source_txt.read_text(encoding="utf-8")
    raw = read_dataset(datasets_dir)

    def column(table: Table, name: str) -> list[str]:
        return [r.fields.get(name, "") for r in raw.tables[table.name].rows]

    indicators = [indicator_from_row(r.fields) for r in raw.tables[INDICATORS.name].rows]
    taken = set(column(OBSERVATIONS, "observation_id")) | set(column(TARGETS, "target_id"))
    candidates, ordinals = suggest_rows(text, indicators, taken)
    out.write(format_blocks(candidates, str(source_txt), ordinals))
    return 0


if __name__ == "__main__":
    sys.exit(run_suggest(Path(sys.argv[1]), Path("datasets"), sys.stdout))
