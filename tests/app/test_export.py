"""The dataset downloads: the journalist's CSV, the Excel workbook and the data package zip.

Each behaviour is checked on the real curated dataset built into DuckDB by the ETL and on a
small hand-made dataset with awkward values (Chinese text, an "=" comparator, missing cells,
an indicator in two areas, a commitment without deadline).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date, datetime

import duckdb
import openpyxl
import pandas as pd
import pytest

from etl.build import DEFAULT_DATASETS, build
from etl.figures import comparator_words
from etl.schema import ALL_TABLES
from tracker import licence, safe_csv
from tracker.export import (
    DATASET_CSV_COLUMNS,
    FRICTIONLESS_TYPES,
    datapackage_zip,
    dataset_csv,
    excel_workbook,
    is_comparator,
    sheet_names,
)

ASSESSED_ON = date(2026, 11, 24)
DECLARED = {t.name: t for t in ALL_TABLES}


# --- the two datasets -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def real_tables(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """Every table of a database built by the ETL from the curated dataset."""
    db = tmp_path_factory.mktemp("export-db") / "tracker.duckdb"
    build(DEFAULT_DATASETS, db, ASSESSED_ON)
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t.name: con.execute(f"SELECT * FROM {t.name}").df() for t in ALL_TABLES}
    finally:
        con.close()


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    columns = DECLARED[name].column_names
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)
    for column in DECLARED[name].columns:
        if column.type == "date":
            frame[column.name] = pd.to_datetime(frame[column.name])
    return frame


QUOTE_ZH = "建成500个以上引领行业发展的智能制造示范工厂"
QUOTE_EQ = 'We have cultivated 421 national demonstration factories, "a record" & more.'


@pytest.fixture(scope="session")
def hand_tables() -> dict[str, pd.DataFrame]:
    """A tiny dataset in every table, with the values that break naive exports."""
    return {
        "sources": _frame(
            "sources",
            [
                {
                    "source_id": "plan",
                    "title": "“十四五”智能制造发展规划",
                    "title_zh": "“十四五”智能制造发展规划",
                    "publisher": "MIIT",
                    "publisher_zh": "工业和信息化部",
                    "published_on": "2021-12-28",
                    "date_precision": "day",
                    "url": "http://example.org/plan",
                    "language": "zh",
                    "kind": "plan",
                    "confidence": "high",
                    "text_file": "sources/plan.txt",
                    "sha256": None,
                },
                {
                    "source_id": "press",
                    "title": "Press conference",
                    "title_zh": "新闻发布会",
                    "publisher": "SCIO",
                    "publisher_zh": "国务院新闻办公室",
                    "published_on": "2024-04-18",
                    "date_precision": "day",
                    "url": "http://example.org/press",
                    "language": "en",
                    "kind": "transcript",
                    "confidence": "high",
                    "text_file": "sources/press.txt",
                    "sha256": "ab" * 32,
                },
            ],
        ),
        "areas": _frame(
            "areas",
            [
                {
                    "area_id": "demo",
                    "kind": "work_area",
                    "position": 1,
                    "name_en": "Demonstration",
                    "name_zh": "示范引领",
                },
                {
                    "area_id": "apps",
                    "kind": "priority",
                    "position": 2,
                    "name_en": "Applications",
                    "name_zh": "应用",
                    "description": "Use.",
                    "description_zh": "应用。",
                },
            ],
        ),
        "indicators": _frame(
            "indicators",
            [
                {
                    "indicator_id": "factories",
                    "name_en": "Demonstration factories",
                    "name_zh": "智能制造示范工厂",
                    "unit": "count",
                    "direction": "increase",
                    "definition": "National demonstration factories.",
                    "definition_zh": "国家级智能制造示范工厂。",
                },
                {
                    "indicator_id": "output",
                    "name_en": "Output value",
                    "name_zh": "产业规模",
                    "unit": "trillion yuan",
                    "direction": "increase",
                    "definition": "Output.",
                    "definition_zh": "产业规模。",
                    "note": "A note, with a comma",
                    "note_zh": "说明，带逗号",
                },
            ],
        ),
        "indicator_areas": _frame(
            "indicator_areas",
            [
                {"indicator_id": "factories", "area_id": "demo"},
                {"indicator_id": "factories", "area_id": "apps"},
                {"indicator_id": "output", "area_id": "apps"},
            ],
        ),
        "observations": _frame(
            "observations",
            [
                {
                    "observation_id": "obs-421",
                    "indicator_id": "factories",
                    "value": 421.0,
                    "comparator": "=",
                    "as_of": "2024-04-18",
                    "date_basis": "stated",
                    "comparable": True,
                    "source_id": "press",
                    "quote": QUOTE_EQ,
                },
                {
                    "observation_id": "obs-3.2",
                    "indicator_id": "output",
                    "value": 3.2,
                    "comparator": ">",
                    "as_of": "2023-12-31",
                    "date_basis": "refers_to",
                    "comparable": False,
                    "source_id": "press",
                    "quote": "exceeded 3.2 trillion yuan",
                    "note": "line one\nline two",
                    "note_zh": "第一行\n第二行",
                },
            ],
        ),
        "targets": _frame(
            "targets",
            [
                {
                    "target_id": "t-500",
                    "indicator_id": "factories",
                    "value": 500.0,
                    "comparator": ">=",
                    "deadline": "2025-12-31",
                    "kind": "level",
                    "scope": "national",
                    "match": "proxy",
                    "match_note": "Counts national ones.",
                    "match_note_zh": "统计国家级示范工厂。",
                    "source_id": "plan",
                    "quote": QUOTE_ZH,
                }
            ],
        ),
        "commitments": _frame(
            "commitments",
            [
                {
                    "commitment_id": "c-1",
                    "area_id": "apps",
                    "kind": "commitment",
                    "text": "Build smart factories.",
                    "text_zh": "建设智能工厂。",
                    "deadline": None,
                    "source_id": "press",
                    "quote": "We will build smart factories.",
                }
            ],
        ),
        "progress": _frame(
            "progress",
            [
                {
                    "target_id": "t-500",
                    "indicator_id": "factories",
                    "target_value": 500.0,
                    "target_comparator": ">=",
                    "deadline": "2025-12-31",
                    "kind": "level",
                    "scope": "national",
                    "horizon": "2025",
                    "match": "proxy",
                    "status": "missed",
                    "trend_status": None,
                    "deadline_passed": True,
                    "comparable_observations": 1,
                    "latest_observation_id": "obs-421",
                    "latest_value": 421.0,
                    "latest_comparator": "=",
                    "latest_as_of": "2024-04-18",
                    "status_note": "421 of 500.",
                    "status_note_zh": "500中的421。",
                    "verdict": "no_verdict",
                    "verdict_note": "Nothing reported for the deadline decides this target.",
                    "verdict_note_zh": "截止日期后没有报告可判定该目标的数据。",
                    "assessed_on": "2026-11-24",
                }
            ],
        ),
        "commitment_evidence": _frame(
            "commitment_evidence",
            [
                {
                    "evidence_id": "e-1",
                    "commitment_id": "c-1",
                    "as_of": "2025-12-31",
                    "source_id": "plan",
                    "quote": "=SUM(A1) smart factories were built.",
                }
            ],
        ),
        "indicator_freshness": _frame(
            "indicator_freshness",
            [
                {
                    "indicator_id": "factories",
                    "latest_observation_id": "obs-421",
                    "latest_as_of": "2024-04-18",
                    "stale": True,
                    "awaited": True,
                    "awaited_note": "Awaited: a figure for the deadline 2025-12-31 (t-500).",
                    "awaited_note_zh": "待报：截止日期2025年12月31日的数据（t-500）。",
                }
            ],
        ),
        "commitment_assessments": _frame(
            "commitment_assessments",
            [
                {
                    "commitment_id": "c-1",
                    "deadline_passed": False,
                    "evidence_count": 1,
                    "assessment": "evidence_found",
                    "latest_evidence_as_of": "2025-12-31",
                }
            ],
        ),
        "build_info": _frame(
            "build_info",
            [
                {"key": "assessed_on", "value": "2026-11-24"},
                {"key": "datasets_sha256", "value": "x"},
            ],
        ),
    }


DATASETS = ["real_tables", "hand_tables"]


@pytest.fixture(params=DATASETS)
def tables(request) -> dict[str, pd.DataFrame]:
    return request.getfixturevalue(request.param)


def curated_rows(name: str) -> list[dict[str, str]]:
    with open(DEFAULT_DATASETS / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_dataset_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# --- 1. the journalist's CSV ------------------------------------------------------------------


def test_dataset_csv_has_a_bom_and_the_documented_columns(tables):
    data = dataset_csv(tables)
    assert data.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header == list(DATASET_CSV_COLUMNS)
    # pandas (and so most tools) reads it with the declared encoding, no BOM in the first name.
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(DATASET_CSV_COLUMNS)


def test_dataset_csv_has_one_row_per_observation_target_and_commitment(tables):
    rows = read_dataset_csv(dataset_csv(tables))
    expected = {
        "observation": list(tables["observations"]["observation_id"]),
        "target": list(tables["targets"]["target_id"]),
        "commitment": list(tables["commitments"]["commitment_id"]),
    }
    assert len(rows) == sum(len(ids) for ids in expected.values())
    for record_type, ids in expected.items():
        assert [r["record_id"] for r in rows if r["record_type"] == record_type] == ids


KNOWN_ROWS = [
    # (dataset, record_id, column, expected value)
    ("hand_tables", "obs-421", "quote", QUOTE_EQ),
    ("hand_tables", "obs-421", "comparator", "exactly"),
    ("hand_tables", "obs-421", "value", "421"),
    ("hand_tables", "obs-421", "figure", "421"),
    ("hand_tables", "obs-421", "date", "2024-04-18"),
    ("hand_tables", "obs-421", "date_type", "as_of"),
    ("hand_tables", "obs-421", "areas", "Demonstration; Applications"),
    ("hand_tables", "obs-421", "area_ids", "demo; apps"),
    ("hand_tables", "obs-421", "comparable", "true"),
    ("hand_tables", "obs-3.2", "figure", "more than 3.2 trillion yuan"),
    ("hand_tables", "obs-3.2", "note", "line one\nline two"),
    ("hand_tables", "obs-3.2", "comparable", "false"),
    ("hand_tables", "t-500", "quote", QUOTE_ZH),
    ("hand_tables", "t-500", "indicator_name_zh", "智能制造示范工厂"),
    ("hand_tables", "t-500", "source_title", "“十四五”智能制造发展规划"),
    ("hand_tables", "t-500", "status", "missed"),
    ("hand_tables", "t-500", "match", "proxy"),
    ("hand_tables", "t-500", "match_note", "Counts national ones."),
    ("hand_tables", "t-500", "date", "2025-12-31"),
    ("hand_tables", "t-500", "date_type", "deadline"),
    ("hand_tables", "t-500", "source_date", "2021-12-28"),
    ("hand_tables", "c-1", "areas", "Applications"),
    ("hand_tables", "c-1", "date", ""),
    ("hand_tables", "c-1", "value", ""),
    ("hand_tables", "c-1", "commitment_kind", "commitment"),
    (
        "real_tables",
        "scio-equipment-2024-04",
        "quote",
        "The total output value of China's intelligent manufacturing equipment sector has now "
        "exceeded 3.2 trillion yuan.",
    ),
    ("real_tables", "scio-equipment-2024-04", "figure", "more than 3.2 trillion yuan"),
    ("real_tables", "scio-equipment-2024-04", "source_publisher", "SCIO"),
    ("real_tables", "scio-companies-empowered-2024-04", "value", "3400"),
    (
        "real_tables",
        "t-digital-networked-70",
        "quote",
        "70%的规模以上制造业企业基本实现数字化网络化",
    ),
    ("real_tables", "t-digital-networked-70", "comparator", "at least"),
    ("real_tables", "t-digital-networked-70", "indicator_name_zh", None),  # from indicators.csv
]


@pytest.mark.parametrize(("dataset", "record_id", "column", "expected"), KNOWN_ROWS)
def test_dataset_csv_known_cells(request, dataset, record_id, column, expected):
    tables = request.getfixturevalue(dataset)
    rows = {r["record_id"]: r for r in read_dataset_csv(dataset_csv(tables))}
    if expected is None:  # look it up in the curated CSVs
        indicator = rows[record_id]["indicator_id"]
        expected = next(r for r in curated_rows("indicators") if r["indicator_id"] == indicator)[
            "name_zh"
        ]
        assert re.search(r"[\u4e00-\u9fff]", expected)
    assert rows[record_id][column] == expected


@pytest.mark.parametrize("name", ["observations", "targets", "commitments"])
def test_dataset_csv_round_trips_every_curated_quote(real_tables, name):
    key = DECLARED[name].key[0]
    exported = {r["record_id"]: r["quote"] for r in read_dataset_csv(dataset_csv(real_tables))}
    curated = {r[key]: r["quote"] for r in curated_rows(name)}
    assert {k: exported[k] for k in curated} == curated


def test_dataset_csv_targets_carry_their_progress_status(real_tables):
    rows = read_dataset_csv(dataset_csv(real_tables))
    progress = real_tables["progress"]
    status = dict(zip(progress["target_id"], progress["status"], strict=True))
    targets = [r for r in rows if r["record_type"] == "target"]
    assert targets and all(r["status"] == status[r["record_id"]] for r in targets)
    assert all(r["status"] == "" for r in rows if r["record_type"] != "target")


def test_dataset_csv_has_no_cell_excel_would_read_as_a_formula(tables):
    for row in read_dataset_csv(dataset_csv(tables)):
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "@")), (column, cell)


# --- 2. the Excel workbook --------------------------------------------------------------------


def open_workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_workbook_has_readme_then_one_sheet_per_table(tables):
    wb = open_workbook(excel_workbook(tables))
    assert wb.sheetnames == ["README", *tables]


def test_workbook_sheets_hold_every_row_with_a_frozen_header(tables):
    wb = open_workbook(excel_workbook(tables))
    for name, frame in tables.items():
        ws = wb[name]
        header = [c.value for c in ws[1]]
        assert header == list(frame.columns)
        data_rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if any(r)]
        assert len(data_rows) == len(frame), name
        assert ws.freeze_panes == "A2"
        widths = [ws.column_dimensions[c.column_letter].width for c in ws[1]]
        assert all(8 <= w <= 60 for w in widths)


def test_workbook_dates_are_dates_and_text_is_never_a_formula(tables):
    wb = open_workbook(excel_workbook(tables))
    ws = wb["observations"]
    header = [c.value for c in ws[1]]
    as_of = header.index("as_of") + 1
    comparator = header.index("comparator") + 1
    expected_dates = [pd.Timestamp(v).date() for v in tables["observations"]["as_of"]]
    cells = [ws.cell(row=i, column=as_of) for i in range(2, ws.max_row + 1)]
    assert all(c.is_date and c.number_format == "yyyy-mm-dd" for c in cells)
    assert [c.value.date() for c in cells] == expected_dates
    comparators = [ws.cell(row=i, column=comparator) for i in range(2, ws.max_row + 1)]
    assert [c.value for c in comparators] == list(tables["observations"]["comparator"])
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row)


def test_workbook_readme_says_what_it_is_and_how_to_cite(tables):
    ws = open_workbook(excel_workbook(tables))["README"]
    text = "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)
    for words in ("What this is", "Source of the data", "How to cite", "sources"):
        assert words in text
    assert "assessed_on" in text  # the build info is shown
    assert "Licence" in text and "CC-BY-4.0 https://creativecommons.org/licenses/by/4.0/" in text


def test_dataset_csv_carries_the_licence_on_every_row(tables):
    rows = read_dataset_csv(dataset_csv(tables))
    assert rows and {r["licence"] for r in rows} == {licence.CELL}
    assert licence.CELL.startswith(licence.LICENCE["name"] + " " + licence.LICENCE["path"])


def test_workbook_keeps_chinese_text(hand_tables):
    ws = open_workbook(excel_workbook(hand_tables))["targets"]
    quote_column = [c.value for c in ws[1]].index("quote") + 1
    assert QUOTE_ZH in [c.value for c in next(ws.iter_cols(min_col=quote_column))]


def test_sheet_names_are_cut_to_31_characters_and_unique():
    names = sheet_names(["a" * 40, "a" * 35, "README", "ok"])
    assert all(len(n) <= 31 for n in names.values())
    assert len(set(names.values())) == 4
    assert names["ok"] == "ok" and names["README"] != "README"


# --- 3. the data package zip ------------------------------------------------------------------

CREATED = datetime(2026, 11, 24, 12, 0, 0)


def package(tables, created=CREATED) -> tuple[zipfile.ZipFile, dict]:
    data = datapackage_zip(tables, ALL_TABLES, tables["sources"], created=created)
    archive = zipfile.ZipFile(io.BytesIO(data))
    return archive, json.loads(archive.read("datapackage.json"))


def csv_rows(archive: zipfile.ZipFile, path: str) -> tuple[list[str], list[list[str]]]:
    text = archive.read(path).decode("utf-8")
    assert not text.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    return header, rows


def test_zip_holds_one_csv_per_table_and_the_descriptor(tables):
    archive, _ = package(tables)
    assert sorted(archive.namelist()) == sorted(
        ["datapackage.json", *(f"data/{name}.csv" for name in tables)]
    )


def parse_cell(text: str, kind: str):
    if text == "":
        return None
    return {
        "text": str,
        "int": int,
        "float": float,
        "date": date.fromisoformat,
        "bool": {"true": True, "false": False}.__getitem__,
    }[kind](text)


def normalise(value, kind: str):
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return None
    if kind == "date":
        return pd.Timestamp(value).date()
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return bool(value)
    return str(value)


def test_zip_csvs_hold_exactly_the_tables_rows(tables):
    archive, _ = package(tables)
    for name, frame in tables.items():
        table = DECLARED[name]
        header, rows = csv_rows(archive, f"data/{name}.csv")
        assert header == list(table.column_names)
        assert len(rows) == len(frame)
        kinds = [c.type for c in table.columns]
        parsed = [[parse_cell(cell, k) for cell, k in zip(row, kinds, strict=True)] for row in rows]
        expected = [
            [written(normalise(v, c.type), c) for v, c in zip(values, table.columns, strict=True)]
            for values in frame[list(table.column_names)].itertuples(index=False, name=None)
        ]
        assert parsed == expected, name


def written(value, column):
    """How the zip writes a text cell: comparators in words, formula-like text quoted."""
    if column.type != "text" or value is None:
        return value
    return safe_csv.cell(comparator_words(value) if is_comparator(column) else value)


def test_descriptor_fields_match_csv_headers_and_declared_types(tables):
    archive, descriptor = package(tables)
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert list(resources) == [t.name for t in ALL_TABLES if t.name in tables]
    for name in tables:
        table = DECLARED[name]
        fields = resources[name]["schema"]["fields"]
        header, _ = csv_rows(archive, resources[name]["path"])
        assert [f["name"] for f in fields] == header
        assert [f["type"] for f in fields] == [FRICTIONLESS_TYPES[c.type] for c in table.columns]
        for field, column in zip(fields, table.columns, strict=True):
            constraints = field.get("constraints", {})
            assert constraints.get("required", False) == column.required
            accepted = column.accepted and [
                comparator_words(a) if is_comparator(column) else a for a in column.accepted
            ]
            assert constraints.get("enum") == (accepted or None)


@pytest.mark.parametrize("table", ALL_TABLES, ids=lambda t: t.name)
def test_descriptor_keys_match_the_schema(real_tables, table):
    _, descriptor = package(real_tables)
    schema = next(r for r in descriptor["resources"] if r["name"] == table.name)["schema"]
    assert schema["primaryKey"] == list(table.key)
    expected = [
        {
            "fields": [c.name],
            "reference": {"resource": c.references[0], "fields": [c.references[1]]},
        }
        for c in table.columns
        if c.references
    ]
    assert schema.get("foreignKeys", []) == expected


NAME = re.compile(r"^[a-z0-9._-]+$")
FIELD_TYPES = {
    "string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime",
    "year", "yearmonth", "duration", "geopoint", "geojson", "any",
}  # fmt: skip


def test_descriptor_meets_the_tabular_data_package_spec(tables):
    """What `frictionless validate` would check of the descriptor, by hand (not installed)."""
    archive, d = package(tables)
    assert d["profile"] == "tabular-data-package"
    assert NAME.match(d["name"])
    assert d["title"] and d["description"]
    assert datetime.fromisoformat(d["created"].replace("Z", "+00:00"))
    assert d["licenses"] and all("name" in lic or "path" in lic for lic in d["licenses"])
    # The data's licence, CC BY 4.0, as the API and the README say (the code's MIT is not it).
    assert [(lic["name"], lic["path"]) for lic in d["licenses"]] == [
        ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/")
    ]
    assert d["sources"] and all(s.get("title") for s in d["sources"])
    assert [s["title"] for s in d["sources"]] == list(tables["sources"]["title"])
    assert [s["path"] for s in d["sources"]] == list(tables["sources"]["url"])
    assert isinstance(d["resources"], list) and d["resources"]
    names = [r["name"] for r in d["resources"]]
    assert len(set(names)) == len(names)
    for r in d["resources"]:
        assert NAME.match(r["name"])
        assert r["profile"] == "tabular-data-resource"
        assert ("path" in r) != ("data" in r)
        assert not r["path"].startswith("/") and ".." not in r["path"].split("/")
        assert r["path"] in archive.namelist()
        assert (r["format"], r["mediatype"], r["encoding"]) == ("csv", "text/csv", "utf-8")
        schema = r["schema"]
        field_names = [f["name"] for f in schema["fields"]]
        assert all(f["type"] in FIELD_TYPES for f in schema["fields"])
        assert set(schema["primaryKey"]) <= set(field_names)
        for fk in schema.get("foreignKeys", []):
            assert set(fk["fields"]) <= set(field_names)
            ref = fk["reference"]
            assert ref["resource"] in names
            target = next(x for x in d["resources"] if x["name"] == ref["resource"])
            assert set(ref["fields"]) <= {f["name"] for f in target["schema"]["fields"]}


def test_csv_data_satisfies_its_own_descriptor(tables):
    """Required, enum, primary key and foreign key constraints hold in the CSVs themselves."""
    archive, d = package(tables)
    data = {}
    for r in d["resources"]:
        header, rows = csv_rows(archive, r["path"])
        data[r["name"]] = [dict(zip(header, row, strict=True)) for row in rows]
    for r in d["resources"]:
        rows = data[r["name"]]
        for field in r["schema"]["fields"]:
            constraints = field.get("constraints", {})
            for row in rows:
                cell = row[field["name"]]
                if constraints.get("required"):
                    assert cell != "", (r["name"], field["name"])
                if "enum" in constraints and cell != "":
                    assert cell in constraints["enum"], (r["name"], field["name"], cell)
        key = r["schema"]["primaryKey"]
        keys = [tuple(row[k] for k in key) for row in rows]
        assert len(set(keys)) == len(keys)
        for fk in r["schema"].get("foreignKeys", []):
            ref = fk["reference"]
            known = {tuple(row[f] for f in ref["fields"]) for row in data[ref["resource"]]}
            for row in rows:
                value = tuple(row[f] for f in fk["fields"])
                assert all(v == "" for v in value) or value in known, (r["name"], value)


def test_zip_is_deterministic(hand_tables):
    first = datapackage_zip(hand_tables, ALL_TABLES, hand_tables["sources"])
    assert first == datapackage_zip(hand_tables, ALL_TABLES, hand_tables["sources"])
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "created" not in json.loads(archive.read("datapackage.json"))
    _, descriptor = package(hand_tables, created=CREATED)
    assert descriptor["created"] == "2026-11-24T12:00:00Z"


def test_zip_refuses_a_table_the_schema_does_not_declare(hand_tables):
    with pytest.raises(ValueError, match="not declared"):
        datapackage_zip({"mystery": pd.DataFrame({"a": [1]})}, ALL_TABLES, hand_tables["sources"])


def test_zip_refuses_a_table_whose_columns_differ(hand_tables):
    broken = {"areas": hand_tables["areas"].drop(columns=["name_zh"])}
    with pytest.raises(ValueError, match="name_zh"):
        datapackage_zip(broken, ALL_TABLES, hand_tables["sources"])


def test_every_table_of_the_downloads_has_a_description():
    """The data dictionary (Sources & method), the workbook's README and the data package
    describe every table they hold."""
    from etl.schema import ALL_TABLES, TABLE_DESCRIPTIONS

    assert [t.name for t in ALL_TABLES if not TABLE_DESCRIPTIONS.get(t.name)] == []
