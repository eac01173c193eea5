"""Each validation rule fires on a small break of the curated dataset, with its message, and a
failed build leaves the previous database byte-for-byte unchanged."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from etl.cli import main
from etl.problems import Problem
from etl.read import read_dataset
from etl.schema import INPUT_TABLES, Column
from etl.validate import cast_value, validate

TRANSCRIPT = "sources/scio-2024-04-18-shan-zhongde.en.txt"


@dataclass(frozen=True)
class Case:
    name: str
    breaks: Callable  # (DatasetCopy) -> (file, line, field, message fragment)


def drop_column(ds, name, column):
    header = [h for h in ds.header(name) if h != column]
    rows = [{k: v for k, v in r.items() if k != column} for r in ds.rows(name)]
    ds.write_rows(name, rows, header)
    return name, 1, column, "missing column"


def add_column(ds, name, column):
    header = [*ds.header(name), column]
    rows = [{**r, column: "x"} for r in ds.rows(name)]
    ds.write_rows(name, rows, header)
    return name, 1, column, "unknown column"


def cell(name, key, row_id, column, value, message):
    def breaks(ds):
        line = ds.set_cell(name, key, row_id, column, value)
        return name, line, column, message

    return breaks


def duplicate_id(ds):
    rows = ds.rows("observations.csv")
    first = ds.line_of("observations.csv", "observation_id", "o-natstd-2020")
    rows.append(dict(rows[first - 2]))
    ds.write_rows("observations.csv", rows, ds.header("observations.csv"))
    message = f"duplicate id 'o-natstd-2020' (first on line {first})"
    return "observations.csv", len(rows) + 1, "observation_id", message


def missing_text(ds):
    ds.path("sources/jin-2024-07.txt").unlink()
    line = ds.line_of("sources.csv", "source_id", "jin-2024-07")
    return "sources.csv", line, "text_file", "file not found: sources/jin-2024-07.txt"


def altered_transcript(ds):
    ds.replace_text(TRANSCRIPT, "That's all from me.", "That is all from me.")
    line = ds.line_of("sources.csv", "source_id", "scio-2024-04-18")
    return "sources.csv", line, "sha256", "does not match"


def indicator_without_area(ds):
    rows = [
        r for r in ds.rows("indicator_areas.csv") if r["indicator_id"] != "smart_factories_pioneer"
    ]
    ds.write_rows("indicator_areas.csv", rows, ds.header("indicator_areas.csv"))
    line = ds.line_of("indicators.csv", "indicator_id", "smart_factories_pioneer")
    return "indicators.csv", line, "indicator_id", "belongs to no area"


def ragged_row(ds):
    ds.replace_text("areas.csv", "standards,work_area,4,", "standards,work_area,4,extra,")
    line = ds.line_of("areas.csv", "area_id", "standards")
    return "areas.csv", line, "row", "has 8 fields, the header has 7"


def not_utf8(ds):
    path = ds.path("commitments.csv")
    path.write_bytes(path.read_bytes() + "ach-x,standards,achievement,é\n".encode("latin-1"))
    line = path.read_bytes().count(b"\n")
    return "commitments.csv", line, "file", "is not valid UTF-8"


OBS = ("observations.csv", "observation_id")
TGT = ("targets.csv", "target_id")
CASES = [
    Case("missing column", lambda ds: drop_column(ds, "targets.csv", "comparator")),
    Case("unknown column", lambda ds: add_column(ds, "observations.csv", "colour")),
    Case(
        "not a number",
        cell(*OBS, "o-natstd-2020", "value", "two hundred", "expected a number, got 'two hundred'"),
    ),
    Case(
        "thousands separator",
        cell(*OBS, "o-tier-basic-2025-02", "value", "30,000", "(no thousands separators)"),
    ),
    Case(
        "not a whole number",
        cell("areas.csv", "area_id", "standards", "position", "4.5", "expected a whole number"),
    ),
    Case(
        "not a boolean",
        cell(*OBS, "o-rd-2023", "comparable", "yes", "expected true or false, got 'yes'"),
    ),
    Case("required field empty", cell(*TGT, "t-cnc-68", "source_id", "", "is required")),
    Case(
        "comparator outside the set",
        cell(*OBS, "o-platforms-2021", "comparator", "≥", "'≥' is not one of: =, >, >=, <, <=, ~"),
    ),
    Case(
        "unit outside the set",
        cell(
            "indicators.csv",
            "indicator_id",
            "key_process_cnc_rate",
            "unit",
            "percentage",
            "'percentage' is not one of: count, percent",
        ),
    ),
    Case(
        "match outside the set",
        cell(
            *TGT,
            "t-standards-200",
            "match",
            "approximate",
            "'approximate' is not one of: exact, proxy",
        ),
    ),
    Case(
        "unknown indicator",
        cell(*OBS, "o-cnc-2023", "indicator_id", "cnc_rate", "unknown indicator 'cnc_rate'"),
    ),
    Case(
        "unknown area",
        cell(
            "commitments.csv",
            "commitment_id",
            "com-major-projects",
            "area_id",
            "supply",
            "unknown area 'supply'",
        ),
    ),
    Case(
        "unknown source",
        cell(*TGT, "t-rd-tools-85", "source_id", "plan-2021", "unknown source 'plan-2021'"),
    ),
    Case("duplicate id", duplicate_id),
    Case(
        "impossible date",
        cell(*OBS, "o-cnc-2025-03", "as_of", "2025-02-30", "impossible date '2025-02-30'"),
    ),
    Case(
        "malformed date",
        cell(*TGT, "t-cnc-68", "deadline", "2025", "expected a date as YYYY-MM-DD, got '2025'"),
    ),
    Case(
        "figure dated after its source was published",
        cell(
            *OBS,
            "o-intstd-2024-12",
            "as_of",
            "2025-01-31",
            "impossible date 2025-01-31: after its source people-2024-12-21 was published "
            "(2024-12-21)",
        ),
    ),
    Case(
        "deadline before its source was published",
        cell(
            *TGT,
            "t-platforms-120",
            "deadline",
            "2020-12-31",
            "impossible date 2020-12-31: before its source plan-im-14fyp was published",
        ),
    ),
    Case(
        "quote not verbatim in its source",
        cell(
            *OBS,
            "scio-equipment-2024-04",
            "quote",
            "The total output value of China's intelligent manufacturing equipment sector "
            "has exceeded 3.2 trillion yuan.",
            "does not occur verbatim in",
        ),
    ),
    Case(
        "quote without its figure",
        cell(
            *OBS,
            "scio-equipment-2024-04",
            "value",
            "3.4",
            "the quote does not state the figure 3.4 trillion yuan",
        ),
    ),
    Case(
        "quote without its figure (Chinese notation)",
        cell(
            *OBS,
            "o-tier-basic-2026-02",
            "value",
            "3500",
            "the quote does not state the figure 3,500",
        ),
    ),
    Case(
        "comparator other than the quote's qualifier",
        cell(
            *OBS,
            "scio-providers-1bn-2024-04",
            "comparator",
            "=",
            "the quote states 'over 150' (>), not '='",
        ),
    ),
    Case(
        "target comparator against the indicator's direction",
        cell(
            *TGT,
            "t-cnc-68",
            "comparator",
            "<=",
            "'<=' does not fit indicator 'key_process_cnc_rate', whose direction is increase",
        ),
    ),
    Case(
        "period count without the start of its period",
        cell(*TGT, "t-standards-200", "period_start", "", "a period count needs one"),
    ),
    Case(
        "level target with a period",
        cell(*TGT, "t-cnc-68", "period_start", "2021-01-01", "only a period_count target has one"),
    ),
    Case(
        "period that starts after its deadline",
        cell(*TGT, "t-standards-200", "period_start", "2026-01-01", "is not before the deadline"),
    ),
    Case(
        "sector target on a national series",
        cell(
            *TGT,
            "t-cnc-75-2027",
            "scope",
            "light_industry",
            "'light_industry' differs from the 'national' target of indicator",
        ),
    ),
    Case(
        "period figure that starts after its date",
        cell(
            *OBS,
            "o-natstd-14fyp-2025-09",
            "period_start",
            "2025-10-01",
            "2025-10-01 is not before as_of 2025-09-04",
        ),
    ),
    Case(
        "Chinese missing where the English is given",
        cell(*TGT, "t-cnc-68", "match_note_zh", "", "required where match_note is given"),
    ),
    Case(
        "Chinese given where the English is empty",
        cell(*OBS, "o-natstd-2020", "note_zh", "累计发布的国家标准。", "given where note is empty"),
    ),
    Case(
        "Chinese cell with no Chinese characters",
        cell(
            "indicators.csv",
            "indicator_id",
            "key_process_cnc_rate",
            "definition_zh",
            "Share of key production processes under numerical control.",
            "no Chinese characters (Latin-only text where Chinese is required)",
        ),
    ),
    Case(
        "source without its publisher in Chinese",
        cell("sources.csv", "source_id", "scio-2024-04-18", "publisher_zh", "", "is required"),
    ),
    Case(
        "publisher in Chinese copied from the English (only a web address alone stays)",
        cell(
            "sources.csv",
            "source_id",
            "scio-2024-04-18",
            "publisher_zh",
            "SCIO",
            "no Chinese characters (Latin-only text where Chinese is required)",
        ),
    ),
    Case(
        "required Chinese text empty",
        cell(
            "commitments.csv", "commitment_id", "com-major-projects", "text_zh", "", "is required"
        ),
    ),
    Case("source text missing", missing_text),
    Case("transcript not a byte-for-byte copy", altered_transcript),
    Case("indicator in no area", indicator_without_area),
    Case("row with too many fields", ragged_row),
    Case("file not UTF-8", not_utf8),
]


@pytest.fixture
def previous_db(curated_db, tmp_path):
    (tmp_path / "db").mkdir()
    db = tmp_path / "db" / "serving.duckdb"
    shutil.copy(curated_db, db)
    return db


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rule_fires_with_its_message_and_the_database_is_unchanged(
    case, dataset, previous_db, capsys
):
    file, line, field, fragment = case.breaks(dataset)
    before = previous_db.read_bytes()

    code = main(["build", "--datasets", str(dataset.root), "--db", str(previous_db)])

    report = capsys.readouterr().err
    assert code == 1
    prefix = f"{dataset.root / file}:{line}: {field}: "
    matching = [row for row in report.splitlines() if row.startswith(prefix)]
    assert matching, f"no line starting {prefix!r} in:\n{report}"
    assert any(fragment in row for row in matching), report
    assert report.rstrip().endswith(f"Nothing was built; {previous_db} is unchanged.")
    assert previous_db.read_bytes() == before
    assert sorted(p.name for p in previous_db.parent.iterdir()) == ["serving.duckdb"]


def test_curated_dataset_has_no_problems(dataset):
    _, problems = validate(read_dataset(dataset.root))
    assert problems == []


def test_all_problems_are_reported_in_one_run(dataset, capsys):
    dataset.set_cell("observations.csv", "observation_id", "o-natstd-2020", "value", "x")
    dataset.set_cell("targets.csv", "target_id", "t-cnc-68", "match", "close")
    dataset.set_cell("areas.csv", "area_id", "standards", "kind", "theme")

    code = main(["validate", "--datasets", str(dataset.root)])

    lines = capsys.readouterr().err.splitlines()
    assert code == 1
    assert [line.split(": ")[1] for line in lines[:-1]] == ["kind", "value", "match"]
    assert lines[-1] == "3 problem(s) found."


@pytest.mark.parametrize("table", [t for t in INPUT_TABLES if t.translations], ids=lambda t: t.name)
def test_each_chinese_column_follows_its_english_twin(table):
    names = table.column_names
    for column in table.translations:
        twin = table.column(column.translates)
        assert column.name == f"{twin.name}_zh"
        assert names.index(column.name) == names.index(twin.name) + 1
        assert (column.type, column.required) == ("text", twin.required)


def test_missing_table_file_is_reported(dataset):
    dataset.path("commitments.csv").unlink()
    _, problems = validate(read_dataset(dataset.root))
    assert Problem(str(dataset.path("commitments.csv")), 0, "file", "missing file") in problems


@pytest.mark.parametrize(
    ("raw", "column", "expected"),
    [
        ("3.2", Column("v", "float"), (3.2, None)),
        (" 421 ", Column("v", "float"), (421.0, None)),
        ("nan", Column("v", "float"), (None, "expected a finite number, got 'nan'")),
        ("inf", Column("v", "float"), (None, "expected a finite number, got 'inf'")),
        ("", Column("v", "float", required=False), (None, None)),
        ("", Column("v"), (None, "is required")),
        ("TRUE", Column("v", "bool"), (True, None)),
        ("false", Column("v", "bool"), (False, None)),
        (
            "1900-01-01",
            Column("v", "date"),
            (None, "impossible date '1900-01-01' (year outside 1949-2100)"),
        ),
        ("2024-13-01", Column("v", "date"), (None, "impossible date '2024-13-01'")),
        ("-7", Column("v", "int"), (-7, None)),
        (">", Column("v", accepted=(">", "=")), (">", None)),
    ],
)
def test_cast_value(raw, column, expected):
    value, error = cast_value(raw, column)
    assert (value, error) == expected
