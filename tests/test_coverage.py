"""Coverage: every number in every source text is used, ignored for a reason, or reported."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from etl.coverage import (
    Claim,
    SourceDoc,
    account_source,
    dataset_claims,
    locate_quote,
    parse_ignore_rows,
    run_coverage,
)

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
TRANSCRIPT = "sources/scio-2024-04-18-shan-zhongde.en.txt"


def coverage(datasets: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = run_coverage(datasets, out)
    return code, out.getvalue()


def rewrite_csv(path: Path, keep) -> None:
    """Rewrite a CSV file keeping only the rows for which keep(row) is true."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, [r for r in reader if keep(r)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def append_line(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n" + line + "\n", encoding="utf-8")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "datasets"
    shutil.copytree(DATASETS, target)
    return target


# ----------------------------------------------------------------- the real curated dataset


def test_curated_dataset_has_no_unaccounted_numbers():
    code, report = coverage(DATASETS)
    assert " unaccounted: " not in report, report
    assert "error:" not in report, report
    assert code == 0
    summary = report.strip().splitlines()[-1]
    assert " 0 unaccounted" in summary and "0 errors" in summary


def test_curated_transcript_figures_are_used_by_their_rows():
    _, report = coverage(DATASETS)
    used = [line for line in report.splitlines() if TRANSCRIPT in line and ": used: " in line]
    for figure in ("«exceeded 3.2 trillion yuan»", "«421»", "«more than 10,000»", "«over 90%»"):
        assert any(figure in line for line in used), figure
    assert any("«by 2025»" in line and "(deadline)" in line for line in used)


def test_ordinals_are_ignored_by_the_stated_rule():
    _, report = coverage(DATASETS)
    first = next(line for line in report.splitlines() if "«First»" in line)
    assert ": ignored: " in first and "built-in rule" in first


# ----------------------------------------------------------------- a temporary copy


def test_a_new_figure_sentence_makes_coverage_fail_naming_it(copy):
    sentence = "Industrial robot density reached 470 units per 10,000 workers."
    append_line(copy / "sources/scio-2024-01-tao.txt", sentence)
    code, report = coverage(copy)
    assert code == 1
    unaccounted = [line for line in report.splitlines() if ": unaccounted: " in line]
    assert len(unaccounted) == 2
    assert all("scio-2024-01-tao.txt:3:" in line and sentence in line for line in unaccounted)
    assert "«470»" in unaccounted[0] and "«10,000»" in unaccounted[1]
    assert report.strip().splitlines()[-1].endswith("2 unaccounted; 0 errors")


def test_removing_an_observation_makes_its_figure_unaccounted(copy):
    rewrite_csv(
        copy / "observations.csv",
        lambda row: row["observation_id"] != "scio-demo-factories-2024-04",
    )
    code, report = coverage(copy)
    assert code == 1
    [line] = [line for line in report.splitlines() if ": unaccounted: " in line]
    assert line.startswith(f"{copy / TRANSCRIPT}:7: unaccounted: «421»")
    assert "we have cultivated 421 national demonstration factories" in line


def test_removing_a_commitment_leaves_its_deadline_year_unaccounted(copy):
    rewrite_csv(
        copy / "commitments.csv",
        lambda row: row["commitment_id"] != "com-digital-transformation-2025",
    )
    code, report = coverage(copy)
    assert code == 1
    [line] = [line for line in report.splitlines() if ": unaccounted: " in line]
    assert ":11: unaccounted: «by 2025»" in line


def test_stale_and_reasonless_ignore_rows_are_errors(copy):
    with (copy / "coverage_ignore.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("scio-2024-04-18,7,five,A mention that is not there.\n")
        handle.write("scio-2024-04-18,8,408,\n")
    code, report = coverage(copy)
    assert code == 1
    errors = [line for line in report.splitlines() if line.startswith("error:")]
    assert any("stale ignore row" in e and "«five»" in e and "«four»" in e for e in errors)
    assert any("no reason" in e and "«408»" in e for e in errors)
    assert any("already used" in e and "«408»" in e for e in errors)


def test_a_wrong_line_number_makes_the_ignore_row_stale(copy):
    rewrite_csv(
        copy / "coverage_ignore.csv",
        lambda row: row["source_id"] != "demo-notice-2023",
    )
    with (copy / "coverage_ignore.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("demo-notice-2023,2,2023年度,Year that names the batch.\n")
    code, report = coverage(copy)
    assert code == 1
    assert "demo-notice-2023.txt:1: unaccounted: «2023年度»" in report
    assert "stale ignore row: no mention «2023年度» on line 2" in report


# ----------------------------------------------------------------- a tiny dataset of our own


def write_tiny_dataset(root: Path) -> Path:
    files = {
        "sources.csv": (
            "source_id,title,publisher,published_on,date_precision,url,language,kind,"
            "confidence,text_file\n"
            "s1,Tiny,Me,2024-01-01,day,http://example.org,zh,statement,high,sources/s1.txt\n"
        ),
        "indicators.csv": (
            "indicator_id,name_en,name_zh,unit,direction,definition,note\n"
            "factories,Factories,工厂,count,increase,Factories.,\n"
            "output,Output,产值,trillion yuan,increase,Output.,\n"
        ),
        "observations.csv": (
            "observation_id,indicator_id,value,comparator,as_of,date_basis,comparable,"
            "source_id,quote,note\n"
            "o1,factories,10000,>,2024-01-01,stated,true,s1,建成万余家工厂,\n"
            "o2,output,3.2,>,2024-01-01,stated,true,s1,产值突破3.2万亿元,\n"
        ),
        "targets.csv": (
            "target_id,indicator_id,value,comparator,deadline,match,match_note,source_id,"
            "quote,note\n"
            "t1,factories,500,>=,2025-12-31,exact,,s1,到2025年建成500个以上工厂,\n"
        ),
        "commitments.csv": "commitment_id,area_id,kind,text,deadline,source_id,quote,note\n",
        "coverage_ignore.csv": "source_id,line,mention,reason\ns1,3,三年,Duration of the plan.\n",
        "sources/s1.txt": (
            "建成万余家工厂\n产值突破3.2万亿元\n三年行动计划。到2025年建成500个以上工厂\n"
        ),
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_tiny_dataset_is_fully_accounted(tmp_path):
    code, report = coverage(write_tiny_dataset(tmp_path))
    assert code == 0, report
    lines = report.splitlines()
    assert lines[0].endswith("s1.txt:1: used: «万余家» by observation o1 in: «建成万余家工厂»")
    assert "s1.txt:2: used: «突破3.2万亿元» by observation o2" in lines[1]
    assert "s1.txt:3: ignored: «三年» (reason: Duration of the plan.)" in lines[2]
    assert "«到2025年» by target t1 (deadline)" in lines[3]
    assert "«500个以上» by target t1 in: «到2025年建成500个以上工厂»" in lines[4]
    assert lines[-1].startswith("coverage: 5 numbers in 1 source texts: 4 used, 1 ignored")


def test_tiny_dataset_value_must_match_the_mention(tmp_path):
    root = write_tiny_dataset(tmp_path)
    rewrite_csv(root / "observations.csv", lambda row: True)
    text = (root / "observations.csv").read_text(encoding="utf-8").replace(",3.2,", ",3.3,")
    (root / "observations.csv").write_text(text, encoding="utf-8")
    code, report = coverage(root)
    assert code == 1
    assert "s1.txt:2: unaccounted: «突破3.2万亿元»" in report


def test_a_quote_missing_from_the_text_is_an_error(tmp_path):
    root = write_tiny_dataset(tmp_path)
    text = (root / "observations.csv").read_text(encoding="utf-8")
    (root / "observations.csv").write_text(
        text.replace("建成万余家工厂", "建成一万家工厂"), "utf-8"
    )
    code, report = coverage(root)
    assert code == 1
    assert "error: " in report and "the quote of observation o1 is not in the text" in report


def test_missing_text_file_is_an_error(tmp_path):
    root = write_tiny_dataset(tmp_path)
    (root / "sources/s1.txt").unlink()
    code, report = coverage(root)
    assert code == 1
    assert "text file of source s1 is missing" in report


# ----------------------------------------------------------------- pure functions


def test_locate_quote_verbatim_and_up_to_whitespace_and_curly_quotes():
    text = "He said:  “China’s output\nexceeded 3.2 trillion yuan.” Then more."
    assert locate_quote(text, "exceeded 3.2") == [(text.index("exceeded"), text.index(" trillion"))]
    [(start, end)] = locate_quote(text, '"China\'s output exceeded 3.2 trillion yuan."')
    assert text[start:end] == "“China’s output\nexceeded 3.2 trillion yuan.”"
    assert locate_quote(text, "4 trillion") == []
    assert locate_quote(text, "  ") == []


def test_dataset_claims_take_figures_in_indicator_units_and_deadline_years():
    claims = dataset_claims(
        {"i": "percent"},
        [{"observation_id": "o", "indicator_id": "i", "value": "54.6", "source_id": "s",
          "quote": "q"}],
        [{"target_id": "t", "indicator_id": "i", "value": "70", "deadline": "2025-12-31",
          "source_id": "s", "quote": "q2"}],
        [{"commitment_id": "c", "deadline": "", "source_id": "s", "quote": "q3"},
         {"commitment_id": "d", "deadline": "2027-06-30", "source_id": "s", "quote": "q4"}],
    )  # fmt: skip
    assert claims == [
        Claim("observation o", "s", "q", 54.6, "percent"),
        Claim("target t", "s", "q2", 70.0, "percent"),
        Claim("target t (deadline)", "s", "q2", 2025.0, "deadline year"),
        Claim("commitment d (deadline)", "s", "q4", 2027.0, "deadline year"),
    ]


def test_a_figure_outside_its_quote_is_not_used():
    source = SourceDoc("s", "s.txt", "Output hit 421 units.\nWe built 421 factories.")
    claims = [Claim("observation o", "s", "We built 421 factories.", 421, "count")]
    accounts, errors, _ = account_source(source, claims, [])
    assert errors == []
    assert [(a.line, a.status) for a in accounts] == [(1, "unaccounted"), (2, "used")]


def test_parse_ignore_rows_keeps_file_lines_across_quoted_newlines():
    rows = parse_ignore_rows('source_id,line,mention,reason\ns,1,four,"two\nlines"\ns,2,5,ok\n')
    # each row names the line it starts on (as every FILE:LINE of the ETL does)
    assert [(r.number, r.source_id, r.line, r.mention) for r in rows] == [
        (2, "s", "1", "four"),
        (4, "s", "2", "5"),
    ]
