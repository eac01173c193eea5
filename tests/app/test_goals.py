"""The Overview's, Targets and Priorities pages' goal texts as plain functions
(tracker/goals.py): the verdict table and counts, the status line, the targets table and the
trajectory choices, in the language asked, on the curated data."""

from __future__ import annotations

import re

import pytest

from tracker import goals
from tracker.areas import all_area_ids
from tracker.targets import targets_frame
from tracker.verdicts import verdicts_of_areas


def link(indicator_id: str, name: str) -> str:
    return f"<a href='/indicator?id={indicator_id}'>{name}</a>"


@pytest.mark.parametrize(("lang", "header"), [("en", "| Goal |"), ("zh", "| 目标 |")])
def test_the_verdict_table_has_a_row_a_goal_each_linked(lang, header):
    verdicts = verdicts_of_areas(all_area_ids(), lang)
    records = verdicts.to_dict("records")
    table = goals.verdict_table(records, link, lang)
    lines = table.splitlines()
    assert lines[0].startswith(header) and len(lines) == 2 + len(records)
    for r, line in zip(records, lines[2:], strict=True):
        assert f"/indicator?id={r['_indicator_id']}" in line
        assert line.count(" | ") == 2  # three columns, a phone's width
    # a goal nothing decides says so, with the searches' date, in the reader's full stops
    undecided = [
        line for r, line in zip(records, lines[2:], strict=True) if not r["_deciding_figure"]
    ]
    assert undecided
    stop = "。" if lang == "zh" else ". "
    assert all(stop in line or line.rstrip(" |").endswith((".", "。")) for line in undecided)


def test_the_counts_add_up_to_the_goals_due():
    verdicts = verdicts_of_areas(all_area_ids(), "en")
    line = goals.verdict_counts(verdicts, "en")
    counted = sum(int(n) for n in re.findall(r"\*\*: (\d+)", line))
    assert counted == len(verdicts)
    assert line.endswith(f"(of {len(verdicts)} goals due by the end of 2025)")
    chinese = goals.verdict_counts(verdicts_of_areas(all_area_ids(), "zh"), "zh")
    assert "goal" not in chinese and "2025" in chinese


def test_the_status_line_counts_every_target_once():
    targets = targets_frame(all_area_ids(), lang="en")
    line = goals.status_count_line(targets, "en")
    assert sum(int(n.replace(",", "")) for n in re.findall(r"\*\*: ([\d,]+)", line)) == len(targets)


def test_the_targets_table_writes_value_goal_status_and_page():
    targets = targets_frame(all_area_ids(), lang="zh")
    table = goals.targets_table(targets, lambda i: f"/indicator?id={i}&lang=zh", "zh")
    assert set(goals.GOAL_FRAME_COLUMNS) <= set(table.columns)
    no_value = table[table["value"].isna()]
    assert set(no_value["_value_shown"]) <= {"—"}
    assert all("前" in t for t in table["_target_shown"])  # "{target} by {deadline}" in Chinese
    assert all(p.startswith("/indicator?id=") for p in table["_page"])
    assert not any("on_track" in s or "no_data" in s for s in table["_status_shown"])


def test_the_trajectory_choices_put_goals_with_a_value_first():
    targets = targets_frame(all_area_ids(), lang="en")
    choices, labels = goals.trajectory_choices(targets, "en")
    has_value = [c["value"] == c["value"] for c in choices]
    assert has_value == sorted(has_value, reverse=True)
    assert len(labels) == len(choices) and all(" by " in label for label in labels)
