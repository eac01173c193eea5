"""Figures that disagree (datasets/figure_disagreements.csv): every pair of official figures of
one indicator and about one date that say different things is declared with its reason or as
`unexplained`; what the pair finder counts as a disagreement; what the validator refuses."""

from __future__ import annotations

import csv

import pytest

from etl.build import DEFAULT_DATASETS
from etl.disagreements import WINDOW_DAYS, disagreeing_pairs, figures_agree
from etl.read import read_dataset
from etl.schema import DISAGREEMENT_REASONS, FIGURE_DISAGREEMENTS
from etl.validate import validate


def curated(name: str) -> list[dict[str, str]]:
    with open(DEFAULT_DATASETS / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_pair_of_curated_figures_that_disagree_is_declared_with_a_reason():
    observations = [dict(r, value=float(r["value"])) for r in curated("observations.csv")]
    declared = {
        frozenset((r["observation_id"], r["other_id"])): r
        for r in curated(FIGURE_DISAGREEMENTS.file)
    }
    pairs = disagreeing_pairs(observations)
    assert pairs, "the curated data has figures that disagree (7,000 and 8,200 advanced factories)"
    undeclared = [p for p in pairs if frozenset(p) not in declared]
    assert undeclared == [], (
        "figures that disagree without a row in figure_disagreements.csv (a reason, or "
        f"'unexplained'): {undeclared}"
    )
    for pair in pairs:
        row = declared[frozenset(pair)]
        assert row["reason"] in DISAGREEMENT_REASONS
        assert row["note"].strip() and row["note_zh"].strip()


def figure(oid: str, value: float, comparator: str, as_of: str, **more) -> dict:
    return {"observation_id": oid, "indicator_id": "i", "value": value,
            "comparator": comparator, "as_of": as_of, **more}  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (figure("a", 7000, ">", "2026-01-02"), figure("b", 8200, ">", "2026-01-21"), False),
        (figure("a", 500, ">", "2026-02-02"), figure("b", 504, "=", "2026-03-05"), True),
        (figure("a", 30, ">", "2025-12-31"), figure("b", 30, ">", "2025-12-31"), True),
        (figure("a", 500, ">", "2026-02-02"), figure("b", 700, "=", "2026-02-02"), False),
        (figure("a", 62.9, "=", "2023-12-31"), figure("b", 66.2, "=", "2023-12-31"), False),
    ],
)
def test_figures_agree_when_equal_or_one_rounds_the_other(a, b, agree):
    assert figures_agree(a, b) is agree
    assert figures_agree(b, a) is agree


def test_pairs_are_of_one_indicator_one_period_and_dates_within_the_window():
    rows = [
        figure("near", 7000, ">", "2026-01-02"),
        figure("later", 8200, ">", "2026-01-21"),
        figure("far", 9000, ">", "2026-06-30"),
        figure("period", 100, "=", "2026-01-10", period_start="2025-01-01"),
        dict(figure("elsewhere", 1, "=", "2026-01-03"), indicator_id="other"),
    ]
    assert disagreeing_pairs(rows) == [("near", "later")]
    edge = [figure("a", 1, "=", "2026-01-01"), figure("b", 2, "=", "2026-02-15")]
    assert (WINDOW_DAYS, disagreeing_pairs(edge)) == (45, [("a", "b")])
    edge[1]["as_of"] = "2026-02-16"
    assert disagreeing_pairs(edge) == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"other_id": "o-tier-advanced-2026-01-02"}, "other_id", "cannot disagree with itself"),
        ({"other_id": "o-ai-adoption-2025"}, "other_id", "figures that disagree are of one"),
        ({"other_id": "o-nope"}, "other_id", "o-nope"),
        ({"reason": "hunch"}, "reason", "hunch"),
        ({"note_zh": ""}, "note_zh", ""),
    ],
)
def test_a_bad_disagreement_row_is_refused_with_file_line_and_field(
    dataset, changes, field, message
):
    rows = dataset.rows(FIGURE_DISAGREEMENTS.file)
    rows[0].update(changes)
    dataset.write_rows(FIGURE_DISAGREEMENTS.file, rows, dataset.header(FIGURE_DISAGREEMENTS.file))
    _, found = validate(read_dataset(dataset.root))
    hits = [p for p in found if p.file.endswith(FIGURE_DISAGREEMENTS.file)]
    assert hits, found
    assert any(p.line == 2 and p.field == field and message in p.message for p in hits), hits


def test_a_pair_declared_twice_is_refused(dataset):
    rows = dataset.rows(FIGURE_DISAGREEMENTS.file)
    swapped = dict(rows[0], disagreement_id="d-again")
    swapped["observation_id"], swapped["other_id"] = rows[0]["other_id"], rows[0]["observation_id"]
    dataset.write_rows(
        FIGURE_DISAGREEMENTS.file, [*rows, swapped], dataset.header(FIGURE_DISAGREEMENTS.file)
    )
    _, found = validate(read_dataset(dataset.root))
    assert any("declared twice" in p.message for p in found), found
