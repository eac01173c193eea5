"""Suggest: candidate dataset rows for the numbers of a new source text, printed only."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from etl.figures import plain_number
from etl.numbers import find_numbers
from etl.suggest import (
    dataset_value,
    is_goal_sentence,
    mention_date,
    run_suggest,
)

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
TRANSCRIPT = DATASETS / "sources/scio-2024-04-18-shan-zhongde.en.txt"


def suggest(source: Path, datasets: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = run_suggest(source, datasets, out)
    return code, out.getvalue()


def blocks(output: str) -> dict[str, tuple[list[str], list[dict[str, str]]]]:
    """{file name: (header, rows)} for each block introduced by '# -> datasets/FILE'."""
    parts: dict[str, list[str]] = {}
    current = None
    for line in output.splitlines(keepends=True):
        if line.startswith("# -> datasets/"):
            current = line.split("datasets/")[1].split()[0]
            parts[current] = []
        elif current and line.strip() and not line.startswith("#"):
            parts[current].append(line)
    result = {}
    for name, lines in parts.items():
        reader = csv.DictReader(io.StringIO("".join(lines), newline=""))
        result[name] = (list(reader.fieldnames or []), list(reader))
    return result


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def transcript_output() -> str:
    before = snapshot(DATASETS)
    code, output = suggest(TRANSCRIPT, DATASETS)
    assert code == 0
    assert snapshot(DATASETS) == before, "suggest must not write anything"
    return output


def test_output_is_two_csv_blocks_in_the_dataset_format(transcript_output):
    found = blocks(transcript_output)
    assert list(found) == ["observations.csv", "targets.csv"]
    # the headers are the dataset files' own
    for name in ("observations.csv", "targets.csv"):
        with open(DATASETS / name, encoding="utf-8", newline="") as fh:
            assert found[name][0] == next(csv.reader(fh))
    comments = [line for line in transcript_output.splitlines() if line.startswith("#")]
    assert comments[1].startswith("# -> datasets/observations.csv")
    assert comments[2].startswith("# -> datasets/targets.csv")


@pytest.mark.parametrize(
    ("value", "comparator", "unit", "indicator"),
    [
        ("3.2", ">", "trillion yuan", "equipment_output_value"),
        ("150", ">", "count", "solution_providers_1bn"),
        ("1", ">", "billion yuan", None),
        ("3400", ">", "count", "companies_empowered_by_solutions"),
        ("421", "=", "count", "national_demonstration_factories"),
        ("10000", ">", "count", "provincial_digital_workshops_smart_factories"),
        ("90", ">", "percent", "demo_factories_ai_digital_twin_share"),
        ("408", "=", "count", "national_standards"),
        ("48", "=", "count", "international_standards"),
    ],
)
def test_transcript_figures_become_observation_rows(
    transcript_output, value, comparator, unit, indicator
):
    _, rows = blocks(transcript_output)["observations.csv"]
    [row] = [r for r in rows if r["value"] == value and f"; unit {unit};" in r["note"]]
    assert row["comparator"] == comparator
    assert row["source_id"] == "TODO-source-id"
    assert row["date_basis"] == "stated" and row["as_of"] == "TODO-as-of"
    assert row["quote"] in TRANSCRIPT.read_text(encoding="utf-8")
    if indicator:
        assert row["indicator_id"] == indicator
        assert f"closest indicator by name: {indicator} " in row["note"]


def test_the_2025_goal_becomes_target_rows(transcript_output):
    _, rows = blocks(transcript_output)["targets.csv"]
    [goal] = [r for r in rows if r["value"] == "70"]
    assert goal["comparator"] == ">"
    assert goal["deadline"] == "2025-12-31"
    assert goal["indicator_id"] == "enterprises_digital_networked_share"
    assert goal["quote"].startswith("The goal is that by 2025, more than 70%")
    years = [r for r in rows if "«by 2025»" in r["note"]]
    assert len(years) == 3
    assert all(r["deadline"] == "2025-12-31" and r["value"] == "" for r in years)
    assert all("a deadline, not a figure" in r["note"] for r in years)


def test_ordinals_get_no_rows_and_every_other_number_does(transcript_output):
    found = blocks(transcript_output)
    rows = found["observations.csv"][1] + found["targets.csv"][1]
    text = TRANSCRIPT.read_text(encoding="utf-8")
    mentions = [m for m in find_numbers(text) if m.kind != "ordinal"]
    assert len(rows) == len(mentions) == 16
    assert not any("«First»" in r["note"] or "«Second»" in r["note"] for r in rows)
    assert "(7 ordinals skipped)" in transcript_output.splitlines()[0]
    ids = [r.get("observation_id") or r.get("target_id") for r in rows]
    assert len(set(ids)) == len(ids)


# ----------------------------------------------------------------- a tiny dataset of our own


def write_indicators(root: Path) -> Path:
    (root / "indicators.csv").write_text(
        "indicator_id,name_en,name_zh,unit,direction,definition,note\n"
        "key_process_cnc_rate,CNC rate of key processes,关键工序数控化率,percent,increase,"
        "Share of key processes under numerical control.,\n"
        "equipment_output_value,Output value of equipment,智能制造装备产业规模,trillion yuan,"
        "increase,Output value.,\n",
        encoding="utf-8",
    )
    (root / "observations.csv").write_text(
        "observation_id,indicator_id,value,comparator,as_of,date_basis,comparable,source_id,"
        "quote,note\n"
        "o-equipment-output-value-2023,equipment_output_value,3,>,2023-01-01,stated,true,s,q,\n",
        encoding="utf-8",
    )
    return root


def test_chinese_source_goal_and_dated_observation(tmp_path):
    source = tmp_path / "new.txt"
    source.write_text(
        "到2025年，关键工序数控化率达68%。\n截至2023年12月底，智能制造装备产业规模突破3.2万亿元。\n",
        encoding="utf-8",
    )
    code, output = suggest(source, write_indicators(tmp_path))
    assert code == 0
    found = blocks(output)
    targets = found["targets.csv"][1]
    [goal] = [r for r in targets if r["value"] == "68"]
    assert (goal["indicator_id"], goal["comparator"], goal["deadline"]) == (
        "key_process_cnc_rate",
        "=",
        "2025-12-31",
    )
    observations = found["observations.csv"][1]
    [figure] = [r for r in observations if r["value"] == "3.2"]
    assert figure["indicator_id"] == "equipment_output_value"
    assert (figure["comparator"], figure["as_of"], figure["date_basis"]) == (
        ">",
        "2023-12-31",
        "refers_to",
    )
    ids = [r["observation_id"] for r in observations]
    assert "o-equipment-output-value-2023" not in ids  # taken by observations.csv
    assert len(set(ids)) == len(ids)
    assert figure["observation_id"].startswith("o-equipment-output-value-2023-")
    [date_row] = [r for r in observations if "«2023年12月»" in r["note"]]
    assert (date_row["value"], date_row["as_of"]) == ("", "2023-12-31")
    assert figure["quote"] == "截至2023年12月底，智能制造装备产业规模突破3.2万亿元。"


def test_quotes_with_commas_and_quotes_survive_csv(tmp_path):
    source = tmp_path / "new.txt"
    source.write_text('He said "output, in total, exceeded 4 trillion yuan".\n', encoding="utf-8")
    _, output = suggest(source, write_indicators(tmp_path))
    [row] = blocks(output)["observations.csv"][1]
    assert row["quote"] == 'He said "output, in total, exceeded 4 trillion yuan".'
    assert (row["value"], row["comparator"]) == ("4", ">")


def test_a_text_without_numbers_prints_empty_blocks(tmp_path):
    source = tmp_path / "new.txt"
    source.write_text("We will build several platforms.\n", encoding="utf-8")
    _, output = suggest(source, write_indicators(tmp_path))
    assert {name: rows for name, (_, rows) in blocks(output).items()} == {
        "observations.csv": [],
        "targets.csv": [],
    }


# ----------------------------------------------------------------- pure functions


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("10亿元", 1, "billion yuan"),
        ("3.2万亿元", 3.2, "trillion yuan"),
        ("500 million yuan", 500e6, "yuan"),
        ("1 bn", 1, "billion yuan"),
        ("54.6%", 54.6, "percent"),
        ("万余家", 10000, "count"),
        ("three consecutive years", 3, None),
    ],
)
def test_dataset_value(text, value, unit):
    [mention] = find_numbers(text)
    got_value, got_unit, _ = dataset_value(mention)
    assert got_value == pytest.approx(value)
    assert got_unit == unit


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("by 2025", "2025-12-31"),
        ("2024-04-18", "2024-04-18"),
        ("2024年4月18日", "2024-04-18"),
        ("截至2023年12月底", "2023-12-31"),
        ("end of February 2024", "2024-02-29"),
        ("April 18, 2024", "2024-04-18"),
        ("421", None),
    ],
)
def test_mention_date(text, date):
    [mention] = find_numbers(text)
    assert mention_date(mention) == date


@pytest.mark.parametrize(
    ("sentence", "goal"),
    [
        ("The goal is that by 2025, more than 70% will have transitioned.", True),
        ("We aim to promote 100 platforms.", True),
        ("到2025年，建成500个以上示范工厂。", True),
        ("目标是培育150家供应商。", True),
        ("We have cultivated 421 factories.", False),
        ("In 2022 alone, output exceeded 4 trillion yuan.", False),
    ],
)
def test_is_goal_sentence(sentence, goal):
    assert is_goal_sentence(sentence, find_numbers(sentence)) is goal


@pytest.mark.parametrize(
    ("value", "text"), [(3.2, "3.2"), (150.0, "150"), (1e12, "1000000000000"), (0.05, "0.05")]
)
def test_plain_number(value, text):
    assert plain_number(value) == text
