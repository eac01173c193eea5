"""Turn validated records into the database's rows: pure functions, no I/O."""

from __future__ import annotations

from datetime import date
from typing import Any

from etl.schema import ALL_TABLES, INPUT_TABLES, PROGRESS, Table
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


def build_tables(data: Dataset, assessed_on: date, fingerprint: str) -> dict[str, Rows]:
    """Every table of the database, in load order."""
    tables = {table.name: table_rows(table, data) for table in INPUT_TABLES}
    tables["progress"] = progress_rows(data, assessed_on)
    latest = latest_source_date(data)
    tables["build_info"] = [
        ("assessed_on", assessed_on.isoformat()),
        ("latest_source_date", latest.isoformat() if latest else ""),
        ("datasets_sha256", fingerprint),
    ]
    assert set(tables) == {t.name for t in ALL_TABLES}
    return tables
