"""Turn validated records into the database's rows: pure functions, no I/O.

Besides the dataset's tables: `source_texts` (every source text, so the app never reads
`datasets/`) and the marts, derived tables written in SQL that the database builds from the
loaded tables once per build (`MARTS`).
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from etl.i18n import N_
from etl.notes import Figure, Note, render
from etl.read import SourceText
from etl.schema import (
    ALL_TABLES,
    INPUT_TABLES,
    PROGRESS,
    RELEASE_CHANGES,
    RELEASE_DOCUMENTS,
    RELEASE_PACKAGES,
    RELEASES_TABLE,
    SOURCE_TEXTS,
    STALE_MONTHS,
    Table,
)
from etl.status import Observation, Target, assess
from etl.validate import Dataset

Rows = list[tuple[Any, ...]]


def table_rows(table: Table, data: Dataset) -> Rows:
    names = table.column_names  # a property: made once, not once a row
    return [tuple(map(r.values.get, names)) for r in data[table.name]]


def finite_or_none(value: float | None) -> float | None:
    """Infinite rates (a jump over a few days) are stored as NULL: no number to show."""
    return None if value is None or value in (float("inf"), float("-inf")) else value


CONFIDENCE_RANK = {"high": 2, "medium": 1}  # low-confidence figures never decide a status
LAST_2025_DAY = date(2025, 12, 31)


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day where it has fewer:
    12 months before 2028-02-29 is 2027-02-28)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def comparable_observations(
    data: Dataset, indicator_ids: Collection[str]
) -> dict[str, list[Observation]]:
    """Per indicator of `indicator_ids`, the figures that may decide a status: comparable, from
    a source of high or medium confidence, ranked by that confidence."""
    confidence = {r["source_id"]: r["confidence"] for r in data["sources"]}
    by_indicator: dict[str, list[Observation]] = {}
    for record in data["observations"]:
        r = record.values  # a dict: once a row per field, Record's [] is a call
        if not (r["comparable"] and r["indicator_id"] in indicator_ids):
            continue
        rank = CONFIDENCE_RANK.get(confidence.get(r["source_id"], "low"))
        if rank is not None:
            by_indicator.setdefault(r["indicator_id"], []).append(
                Observation(
                    r["observation_id"],
                    r["value"],
                    r["comparator"],
                    r["as_of"],
                    rank,
                    r["period_start"],
                )
            )
    return by_indicator


def conflict_note(chosen: Observation | None, others: list[Observation]) -> Note | None:
    """Says so when another figure for the same date and period states otherwise."""
    if chosen is None:
        return None
    disagree = [
        o
        for o in others
        if o.as_of == chosen.as_of
        and o.period_start == chosen.period_start
        and o.observation_id != chosen.observation_id
        and (o.value, o.comparator) != (chosen.value, chosen.comparator)
    ]
    if not disagree:
        return None
    listed = ", ".join(f"{o.observation_id} ({o.comparator} {o.value:g})" for o in disagree)
    return Note(
        N_(
            "Sources disagree for {date}: {listed} also reported. The status rests on "
            "{chosen}, from the more authoritative source."
        ),
        date=chosen.as_of,
        listed=listed,
        chosen=chosen.observation_id,
    )


def progress_rows(data: Dataset, assessed_on: date) -> Rows:
    """One row per target: its latest comparable observation, percent of target, status and,
    once the deadline has passed, its verdict."""
    indicators = {r["indicator_id"]: r for r in data["indicators"]}
    # only the indicators that have a target: the others' figures decide nothing here
    by_indicator = comparable_observations(data, {t["indicator_id"] for t in data["targets"]})
    columns = PROGRESS.column_names
    rows: Rows = []
    for t in data["targets"]:
        target = Target(
            t["value"],
            t["comparator"],
            t["deadline"],
            indicators[t["indicator_id"]]["direction"],
            t["kind"],
            t["period_start"],
            t["match"],
        )
        observations = by_indicator.get(t["indicator_id"], [])
        a = assess(target, observations, assessed_on)
        latest, baseline, decider = a.latest, a.baseline, a.decided_by
        period_note = (decider or latest).note if (decider or latest) else None
        conflict = conflict_note(decider or latest, observations)
        row = {
            "target_id": t["target_id"],
            "indicator_id": t["indicator_id"],
            "target_value": t["value"],
            "target_comparator": t["comparator"],
            "deadline": t["deadline"],
            "kind": t["kind"],
            "period_start": t["period_start"],
            "scope": t["scope"],
            "horizon": "2025" if t["deadline"] <= LAST_2025_DAY else "after_2025",
            "match": t["match"],
            "status": a.status,
            "trend_status": a.trend,
            "deadline_passed": a.deadline_passed,
            "comparable_observations": a.comparable_observations,
            "latest_observation_id": latest.observation_id if latest else None,
            "latest_value": latest.value if latest else None,
            "latest_comparator": latest.comparator if latest else None,
            "latest_as_of": latest.as_of if latest else None,
            "baseline_observation_id": baseline.observation_id if baseline else None,
            "baseline_value": baseline.value if baseline else None,
            "baseline_as_of": baseline.as_of if baseline else None,
            "percent_of_target": a.percent_of_target,
            "observed_rate": finite_or_none(a.observed_rate),
            "required_rate": finite_or_none(a.required_rate),
            "rate_method": a.rate_method,
            "ratio": finite_or_none(a.ratio),
            "projected_value": finite_or_none(a.projected_value),
            "status_note": a.note,
            "status_note_zh": render(a.note, "zh"),
            "period_note": period_note,
            "period_note_zh": render(period_note, "zh"),
            "conflict_note": conflict,
            "conflict_note_zh": render(conflict, "zh"),
            "verdict": a.verdict,
            "verdict_observation_id": decider.observation_id if decider else None,
            "verdict_value": decider.value if decider else None,
            "verdict_comparator": decider.comparator if decider else None,
            "verdict_as_of": decider.as_of if decider else None,
            "shortfall": a.shortfall,
            "verdict_note": a.verdict_note,
            "verdict_note_zh": render(a.verdict_note, "zh"),
            "assessed_on": assessed_on,
        }
        rows.append(tuple(map(row.__getitem__, columns)))
    return rows


def freshness_rows(data: Dataset, progress: Rows, assessed_on: date) -> Rows:
    """Per indicator: its latest figure, whether that is stale (nothing newer than
    STALE_MONTHS months before the assessment date), and whether a figure for a passed deadline
    is awaited."""
    latest: dict[str, Any] = {}
    for r in data["observations"]:
        if r["as_of"] <= assessed_on:
            current = latest.get(r["indicator_id"])
            if current is None or (r["as_of"], r["observation_id"]) > (
                current["as_of"],
                current["observation_id"],
            ):
                latest[r["indicator_id"]] = r
    columns = PROGRESS.column_names
    units = {i["indicator_id"]: i["unit"] for i in data["indicators"]}
    awaited: dict[str, list[Note]] = {}
    for row in progress:
        p = dict(zip(columns, row, strict=True))
        if p["verdict"] == "no_verdict":
            goal = Figure(p["target_value"], p["target_comparator"], units.get(p["indicator_id"]))
            awaited.setdefault(p["indicator_id"], []).append(
                Note(
                    N_("a figure for the goal {goal} due {deadline}"),
                    deadline=p["deadline"],
                    goal=goal,
                )
            )
    rows: Rows = []
    for i in data["indicators"]:
        r = latest.get(i["indicator_id"])
        as_of = r["as_of"] if r else None
        waits = awaited.get(i["indicator_id"])
        note = Note(N_("Awaited: {figures}."), figures=tuple(waits)) if waits else None
        rows.append(
            (
                i["indicator_id"],
                r["observation_id"] if r else None,
                as_of,
                as_of is None or as_of < months_before(assessed_on, STALE_MONTHS),
                bool(waits),
                note,
                render(note, "zh"),
            )
        )
    return rows


def commitment_rows(data: Dataset, assessed_on: date) -> Rows:
    """Per commitment (not achievement): the evidence found on whether it was kept."""
    evidence: dict[str, list[date]] = {}
    for r in data["commitment_evidence"]:
        evidence.setdefault(r["commitment_id"], []).append(r["as_of"])
    rows: Rows = []
    for c in data["commitments"]:
        if c["kind"] != "commitment":
            continue  # achievements are reported as done, not promised
        found = evidence.get(c["commitment_id"], [])
        passed = c["deadline"] is not None and assessed_on > c["deadline"]
        assessment = "evidence_found" if found else "no_evidence_found"
        rows.append(
            (c["commitment_id"], passed, len(found), assessment, max(found) if found else None)
        )
    return rows


def latest_source_date(data: Dataset) -> date | None:
    used = {
        r["source_id"] for name in ("observations", "targets", "commitments") for r in data[name]
    }
    dates = [r["published_on"] for r in data["sources"] if r["source_id"] in used]
    return max(dates) if dates else None


def source_text_rows(texts: Mapping[str, SourceText]) -> Rows:
    """One row per source text file: (text_file as named in sources.csv, text)."""
    return [(name, t.text) for name, t in sorted(texts.items()) if t.text is not None]


def build_tables(
    data: Dataset,
    assessed_on: date,
    fingerprint: str,
    texts: Mapping[str, SourceText] | None = None,
    releases: Mapping[str, Rows] | None = None,
) -> dict[str, Rows]:
    """Every table of the database, in load order: the dataset's tables (ALL_TABLES), then
    the source texts. The marts are built from these in the database (`MARTS`)."""
    tables = {table.name: table_rows(table, data) for table in INPUT_TABLES}
    tables["progress"] = progress_rows(data, assessed_on)
    tables["indicator_freshness"] = freshness_rows(data, tables["progress"], assessed_on)
    tables["commitment_assessments"] = commitment_rows(data, assessed_on)
    latest = latest_source_date(data)
    tables["build_info"] = [
        ("assessed_on", assessed_on.isoformat()),
        ("latest_source_date", latest.isoformat() if latest else ""),
        ("datasets_sha256", fingerprint),
    ]
    assert set(tables) == {t.name for t in ALL_TABLES}
    tables[SOURCE_TEXTS.name] = source_text_rows(texts or {})
    # The recorded releases (etl.release.release_rows); none when not given.
    for table in (RELEASES_TABLE, RELEASE_CHANGES, RELEASE_PACKAGES, RELEASE_DOCUMENTS):
        tables[table.name] = list((releases or {}).get(table.name, []))
    return tables


# One row per target: the target, its indicator, its progress and its latest comparable
# observation, each with its source. Every page reads targets this way.
TARGET_PROGRESS_SQL = """
SELECT t.target_id, t.indicator_id, i.name_en AS indicator_name,
  i.name_zh AS indicator_name_zh, i.unit, i.direction,
  t.value AS target_value, t.comparator AS target_comparator, t.deadline, t.match,
  t.match_note, t.match_note_zh, t.quote AS target_quote, t.note AS target_note,
  t.note_zh AS target_note_zh, ts.title AS target_source_title,
  ts.title_zh AS target_source_title_zh, ts.url AS target_source_url,
  ts.published_on AS target_source_date, ts.date_precision AS target_source_precision,
  p.status, p.trend_status, p.deadline_passed, p.comparable_observations,
  p.latest_observation_id, p.latest_value, p.latest_comparator, p.latest_as_of,
  p.baseline_observation_id, p.baseline_value, p.baseline_as_of, p.percent_of_target,
  p.observed_rate, p.required_rate, p.rate_method, p.ratio, p.projected_value,
  p.status_note, p.status_note_zh, p.assessed_on, p.kind, p.period_start, p.scope, p.horizon,
  p.period_note, p.period_note_zh, p.conflict_note, p.conflict_note_zh, p.verdict,
  p.verdict_observation_id, p.verdict_value, p.verdict_comparator,
  p.verdict_as_of, p.shortfall, p.verdict_note, p.verdict_note_zh,
  lo.date_basis AS latest_date_basis, lo.quote AS latest_quote, lo.note AS latest_note,
  lo.note_zh AS latest_note_zh, ls.title AS latest_source_title,
  ls.title_zh AS latest_source_title_zh, ls.url AS latest_source_url,
  ls.published_on AS latest_source_date, ls.date_precision AS latest_source_precision,
  vo.quote AS verdict_quote, vo.note AS verdict_note_of_figure,
  vo.note_zh AS verdict_note_of_figure_zh, vs.title AS verdict_source_title,
  vs.title_zh AS verdict_source_title_zh, vs.url AS verdict_source_url,
  vs.published_on AS verdict_source_date, vs.date_precision AS verdict_source_precision,
  f.stale AS latest_stale
FROM targets t
JOIN progress p USING (target_id)
JOIN indicators i ON i.indicator_id = t.indicator_id
JOIN sources ts ON ts.source_id = t.source_id
JOIN indicator_freshness f ON f.indicator_id = t.indicator_id
LEFT JOIN observations lo ON lo.observation_id = p.latest_observation_id
LEFT JOIN sources ls ON ls.source_id = lo.source_id
LEFT JOIN observations vo ON vo.observation_id = p.verdict_observation_id
LEFT JOIN sources vs ON vs.source_id = vo.source_id
"""
# mart table name -> the SELECT that fills it (by column name), run after every table is loaded.
MARTS: dict[str, str] = {"target_progress": TARGET_PROGRESS_SQL}
