"""Goal lineage (datasets/target_lineage.csv): what the validator refuses, with file, line and
field, and what the curated data links."""

from __future__ import annotations

import csv

import pytest

from etl.build import DEFAULT_DATASETS
from etl.read import read_dataset
from etl.schema import TARGET_LINEAGE
from etl.validate import validate
from tests.fixtures.hostile_dataset import hostile_rows
from tests.fixtures.small_dataset import ROWS, TEXTS, write_small_dataset


def dataset_with(tmp_path, lineage: list[dict]):
    import tests.fixtures.small_dataset as small

    rows, texts = hostile_rows()  # has a second widgets target and a lineage row
    original = small.ROWS, small.TEXTS
    try:
        small.ROWS, small.TEXTS = rows, texts
        root = write_small_dataset(tmp_path / "datasets")
    finally:
        small.ROWS, small.TEXTS = original
    with open(root / TARGET_LINEAGE.file, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, TARGET_LINEAGE.column_names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(lineage)
    return root, rows


def row(rows, **changes) -> dict:
    base = dict(rows["target_lineage"][0])
    base.update(changes)
    return base


def problems(root) -> list[str]:
    _, found = validate(read_dataset(root))
    return [str(p) for p in found]


def test_the_hostile_fixture_lineage_is_valid(tmp_path):
    root, rows = dataset_with(tmp_path, [])
    root, rows = dataset_with(tmp_path, rows["target_lineage"])
    assert problems(root) == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"follows_id": "t-widgets-250"}, "follows_id", "a target cannot follow itself"),
        ({"follows_id": "t-share-70"}, "follows_id", "a goal's lineage stays on one indicator"),
        ({"follows_id": "t-nope"}, "follows_id", "t-nope"),
        ({"relation": "doubles"}, "relation", "doubles"),
    ],
)
def test_bad_links_are_named_with_file_line_and_field(tmp_path, changes, field, message):
    _, rows = dataset_with(tmp_path, [])
    root, _ = dataset_with(tmp_path, [row(rows, **changes)])
    found = [p for p in problems(root) if f"target_lineage.csv:2: {field}:" in p]
    assert any(message in p for p in found), problems(root)


def test_a_cycle_is_refused(tmp_path):
    _, rows = dataset_with(tmp_path, [])
    back = row(rows, lineage_id="l-back", target_id="t-widgets-200", follows_id="t-widgets-250")
    root, _ = dataset_with(tmp_path, [row(rows), back])
    assert any("comes back to this target" in p for p in problems(root)), problems(root)


def test_curated_chains_and_the_goal_stated_twice():
    data, found = validate(read_dataset(DEFAULT_DATASETS))
    assert found == []
    links = {(r["target_id"], r["follows_id"], r["relation"]) for r in data["target_lineage"]}
    assert ("scio-digital-networked-70", "t-digital-networked-70", "same_goal") in links
    assert ("t-rd-tools-90-2027", "t-rd-tools-85", "raises") in links
    assert ("t-cnc-75-2027", "t-cnc-68", "raises") in links
    assert ("t-platforms-450-2028", "t-platforms-120", "raises") in links


def test_small_dataset_has_no_lineage_and_is_valid(tmp_path):
    assert ROWS["target_lineage"] == [] and TEXTS
    assert problems(write_small_dataset(tmp_path / "d")) == []
