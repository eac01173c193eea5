"""Turn validated records into the database's rows: pure functions, no I/O.

Besides the dataset's tables: `source_texts` (every source text, so the app never reads
`datasets/`) and the marts, derived tables written in SQL that the database builds from the
loaded tables once per build (`MARTS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from etl.read import SourceText
from etl.schema import ALL_TABLES, INPUT_TABLES, PROGRESS, SOURCE_TEXTS, Table
from etl.status import Observation, Target, assess
from etl.validate import Dataset

Rows = list[tuple[Any, ...]]


def table_rows(table: Table, data: Dataset) -> Rows:
    return [tuple(r.values.get(c) for c in table.column_names) for r in data[table.name]]


def finite_or_none(value: float | None) -> float | None:
    """Infinite rates (a jump over a few days) are stored as NULL: no number to show."""
    return None if value is None or value in (float("inf"), float("-inf")) else value


def progress_rows(data: Dataset, assessed_on: date) -> Rows:
    """One row per target: its latest comparable observation, percent of target and status."""
    indicators = {r["indicator_id"]: r for r in data["indicators"]}
    by_indicator: dict[str, list[Observation]] = {}
    for r in data["observations"]:
        if r["comparable"]:
            by_indicator.setdefault(r["indicator_id"], []).append(
                Observation(r["observation_id"], r["value"], r["comparator"], r["as_of"])
            )
    rows: Rows = []
    for t in data["targets"]:
        target = Target(
            t["value"], t["comparator"], t["deadline"], indicators[t["indicator_id"]]["direction"]
        )
        a = assess(target, by_indicator.get(t["indicator_id"], []), assessed_on)
        latest, baseline = a.latest, a.baseline
        row = {
            "target_id": t["target_id"],
            "indicator_id": t["indicator_id"],
            "target_value": t["value"],
            "target_comparator": t["comparator"],
            "deadline": t["deadline"],
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
            "assessed_on": assessed_on,
        }
        rows.append(tuple(row[c] for c in PROGRESS.column_names))
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
) -> dict[str, Rows]:
    """Every table of the database, in load order: the dataset's tables (ALL_TABLES), then
    the source texts. The marts are built from these in the database (`MARTS`)."""
    tables = {table.name: table_rows(table, data) for table in INPUT_TABLES}
    tables["progress"] = progress_rows(data, assessed_on)
    latest = latest_source_date(data)
    tables["build_info"] = [
        ("assessed_on", assessed_on.isoformat()),
        ("latest_source_date", latest.isoformat() if latest else ""),
        ("datasets_sha256", fingerprint),
    ]
    assert set(tables) == {t.name for t in ALL_TABLES}
    tables[SOURCE_TEXTS.name] = source_text_rows(texts or {})
    return tables


# One row per target: the target, its indicator, its progress and its latest comparable
# observation, each with its source. Every page reads targets this way.
TARGET_PROGRESS_SQL = """
SELECT t.target_id, t.indicator_id, i.name_en AS indicator_name, i.unit, i.direction,
  t.value AS target_value, t.comparator AS target_comparator, t.deadline, t.match,
  t.match_note, t.quote AS target_quote, t.note AS target_note,
  ts.title AS target_source_title, ts.url AS target_source_url,
  ts.published_on AS target_source_date, ts.date_precision AS target_source_precision,
  p.status, p.trend_status, p.deadline_passed, p.comparable_observations,
  p.latest_observation_id, p.latest_value, p.latest_comparator, p.latest_as_of,
  p.baseline_observation_id, p.baseline_value, p.baseline_as_of, p.percent_of_target,
  p.observed_rate, p.required_rate, p.rate_method, p.ratio, p.projected_value,
  p.status_note, p.assessed_on,
  lo.date_basis AS latest_date_basis, lo.quote AS latest_quote, lo.note AS latest_note,
  ls.title AS latest_source_title, ls.url AS latest_source_url,
  ls.published_on AS latest_source_date, ls.date_precision AS latest_source_precision
FROM targets t
JOIN progress p USING (target_id)
JOIN indicators i ON i.indicator_id = t.indicator_id
JOIN sources ts ON ts.source_id = t.source_id
LEFT JOIN observations lo ON lo.observation_id = p.latest_observation_id
LEFT JOIN sources ls ON ls.source_id = lo.source_id
"""
# mart table name -> the SELECT that fills it (by column name), run after every table is loaded.
MARTS: dict[str, str] = {"target_progress": TARGET_PROGRESS_SQL}
