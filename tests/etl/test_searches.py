"""Recorded searches (datasets/searches.csv): optional; a good row passes, and a row naming a
subject, corpus or observation that does not exist is refused with file, line and field."""

from __future__ import annotations

import csv

import pytest

from etl.build import DEFAULT_DATASETS
from etl.read import read_dataset
from etl.schema import SEARCHES
from etl.validate import validate
from tests.fixtures.small_dataset import ROWS, write_small_dataset

GOOD = {
    "search_id": "s-widgets",
    "subject_kind": "indicator",
    "subject_id": ROWS["indicators"][0]["indicator_id"],
    "searched_on": "2026-12-04",
    "corpus": "pages | docs",
    "terms": "widgets 2025 | 小部件 2025年",
    "found": "none",
    "note": "Nothing newer was found.",
    "note_zh": "未找到更新的数据。",
}


def dataset_with(tmp_path, rows: list[dict]):
    root = write_small_dataset(tmp_path / "datasets")
    with open(root / SEARCHES.file, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, SEARCHES.column_names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return root


def problems(root) -> list[str]:
    _, found = validate(read_dataset(root))
    return [str(p) for p in found]


def test_a_missing_file_is_named_like_any_input_table(tmp_path):
    root = write_small_dataset(tmp_path / "datasets")
    (root / SEARCHES.file).unlink()
    assert problems(root) == [f"{root / SEARCHES.file}:0: file: missing file"]


def test_a_header_only_file_is_valid(tmp_path):
    assert problems(dataset_with(tmp_path, [])) == []


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"subject_kind": "commitment", "subject_id": ROWS["commitments"][0]["commitment_id"]},
        {"subject_kind": "target", "subject_id": ROWS["targets"][0]["target_id"]},
        {"found": ROWS["observations"][0]["observation_id"], "corpus": "pages"},
        {"note": "", "note_zh": ""},
    ],
)
def test_a_good_row_passes(tmp_path, changes):
    assert problems(dataset_with(tmp_path, [{**GOOD, **changes}])) == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"subject_id": "no-such-indicator"},
            "subject_id",
            "unknown indicator 'no-such-indicator'",
        ),
        # An id of another table is not a subject of this kind.
        (
            {"subject_kind": "target", "subject_id": ROWS["indicators"][0]["indicator_id"]},
            "subject_id",
            "unknown target",
        ),
        (
            {"subject_kind": "commitment", "subject_id": "c-none"},
            "subject_id",
            "unknown commitment 'c-none'",
        ),
        ({"subject_kind": "goal"}, "subject_kind", "is not one of"),
        ({"corpus": "pages | web"}, "corpus", "'web' is not one of"),
        ({"found": "o-none"}, "found", "unknown observation 'o-none'"),
        ({"searched_on": "2026-13-04"}, "searched_on", "impossible date"),
        ({"terms": ""}, "terms", "is required"),
        ({"note_zh": ""}, "note_zh", "required where note is given"),
    ],
)
def test_a_bad_row_is_named_with_file_line_and_field(tmp_path, changes, field, message):
    root = dataset_with(tmp_path, [GOOD, {**GOOD, "search_id": "s-bad", **changes}])
    found = problems(root)
    prefix = f"{root / SEARCHES.file}:3: {field}: "
    assert any(p.startswith(prefix) and message in p for p in found), found


def test_a_duplicate_id_is_refused(tmp_path):
    found = problems(dataset_with(tmp_path, [GOOD, GOOD]))
    assert any(
        p.startswith(f"{tmp_path / 'datasets' / SEARCHES.file}:3: search_id: ") for p in found
    )


def test_the_curated_searches_are_valid():
    raw = read_dataset(DEFAULT_DATASETS)
    assert raw.searches is not None and raw.searches.rows
    _, found = validate(raw)
    assert [str(p) for p in found] == []


def test_a_comparator_glossed_with_pinyin_is_read():
    """Mirrored pages gloss characters with pinyin (超過(guò)): the comparator is still read, so a
    quote carrying it agrees with its row's '>'."""
    from etl.numbers import find_numbers

    assert [(m.comparator, m.value) for m in find_numbers("5G工廠(chǎng)超過(guò)8000家")] == [
        (">", 8000)
    ]
    assert [(m.comparator, m.value) for m in find_numbers("項目超過(guò)2萬(wàn)個(gè)")] == [
        (">", 20000)
    ]


def test_every_commitment_and_every_goal_without_a_verdict_has_a_figure_or_a_search(curated_db):
    """issue 17: what was not found is data too. Each of the curated data's commitments has
    evidence or a recorded search; each goal whose deadline passed without a verdict has a
    recorded search; the infrastructure priority and AI adoption have figures from 2025 on."""
    import duckdb

    with duckdb.connect(str(curated_db), read_only=True) as con:

        def ids(sql: str) -> set[str]:
            return {r[0] for r in con.execute(sql).fetchall()}

        searched = {
            kind: ids(f"SELECT subject_id FROM searches WHERE subject_kind = '{kind}'")
            for kind in ("commitment", "target")
        }
        commitments = ids("SELECT commitment_id FROM commitments")
        with_evidence = ids("SELECT commitment_id FROM commitment_evidence")
        no_verdict = ids("SELECT target_id FROM progress WHERE verdict = 'no_verdict'")
        recent = ids(
            "SELECT DISTINCT a.area_id FROM observations o JOIN indicator_areas a "
            "USING (indicator_id) WHERE o.as_of >= DATE '2025-01-01'"
        )
        ai = ids(
            "SELECT indicator_id FROM observations WHERE as_of >= DATE '2025-01-01' "
            "AND indicator_id = 'ai_manufacturing_adoption_rate'"
        )
    assert len(commitments) == 15
    assert commitments - with_evidence - searched["commitment"] == set()
    assert commitments <= searched["commitment"]
    assert no_verdict and no_verdict <= searched["target"]
    assert "infrastructure" in recent
    assert ai == {"ai_manufacturing_adoption_rate"}
