"""Downloads of the whole dataset, for people who cite it.

Three pure functions turn the database's tables (a dict of table name -> DataFrame, as read from
DuckDB or built by hand) into the bytes of a download:

- `dataset_csv`: one flat CSV of every figure and commitment with its source, for a journalist.
- `excel_workbook`: an .xlsx with a README sheet and one sheet per table.
- `datapackage_zip`: a Frictionless Tabular Data Package (one CSV per table + datapackage.json).

Nothing here imports Streamlit or DuckDB. Values are read leniently: a date may be a
`pandas.Timestamp`, a `datetime.date` or an ISO string; a boolean may be a bool or "true"/"false".
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl import figures as fmt
from etl.i18n import N_
from etl.schema import TABLE_DESCRIPTIONS
from tracker import licence, safe_csv, xlsx
from tracker.columns import distinct_rows, distinct_texts
from tracker.columns import texts as column_texts
from tracker.site import TITLE

# The texts below are written in English into the downloads (data); the ones marked N_ are
# also shown on the Sources page in the reader's language.
DESCRIPTION = (
    "Stated achievements, 2025 goals and commitments of China's intelligent manufacturing "
    "programme, each traced to a verbatim quote from its source (plans, press conferences, "
    "official statements), with an assessment of progress towards each target."
)
PACKAGE_NAME = "china-intelligent-manufacturing-progress"
CITATION_TEMPLATE = N_(
    "{title} (dataset). Figures and quotes as published by the sources listed in the "
    "`sources` table; cite the original source of any figure you use together with this "
    "dataset and the date it was built (see `build_info: assessed_on`)."
)
CITATION = CITATION_TEMPLATE.format(title=TITLE)
# The project's declared licence (pyproject.toml). Pass `licenses=` to override.
# The data's licence (CC BY 4.0, tracker.licence); the code's MIT licence is not the data's.
DEFAULT_LICENSES: tuple[dict[str, str], ...] = (
    {k: licence.LICENCE[k] for k in ("name", "path", "title")},
)

# The columns of `dataset_csv`, in order, with what each holds.
DATASET_CSV_COLUMNS: dict[str, str] = {
    "record_type": "observation, target or commitment",
    "record_id": "observation_id, target_id or commitment_id",
    "indicator_id": "the indicator measured (empty for commitments)",
    "indicator_name_en": "the indicator's English name",
    "indicator_name_zh": "the indicator's Chinese name",
    "unit": "count, percent, trillion yuan, billion yuan or yuan",
    "area_ids": "area_id(s) of the indicator or commitment, joined with '; '",
    "areas": "English name(s) of those areas, joined with '; '",
    "comparator": "the figure's qualifier in words: exactly, more than, at least, less than, "
    "at most, about",
    "value": "the number, in the unit (empty for commitments)",
    "figure": "comparator, value and unit in one phrase, e.g. 'more than 3.2 trillion yuan'",
    "date": "YYYY-MM-DD: as_of for an observation, deadline for a target or commitment",
    "date_type": "as_of or deadline",
    "date_basis": "observations: stated (the date it was stated) or refers_to (the date it "
    "refers to)",
    "comparable": "observations: true if comparable with the indicator's other observations",
    "match": "targets: exact, or proxy when the indicator only approximates the target",
    "match_note": "targets: why a proxy was accepted",
    "status": "targets: progress status as assessed by the tracker",
    "status_note": "targets: how that status was reached",
    "commitment_kind": "commitments: achievement or commitment",
    "commitment_text": "commitments: the commitment in short",
    "quote": "the verbatim quote from the source",
    "source_id": "the source's id",
    "source_title": "the source's title",
    "source_publisher": "who published it",
    "source_date": "YYYY-MM-DD the source was published",
    "source_url": "where it was published",
    "note": "curator's note",
    licence.COLUMN: "the licence of the compilation (SPDX id and address)",
}

# Frictionless field types for the schema's column types.
FRICTIONLESS_TYPES = {
    "text": "string",
    "int": "integer",
    "float": "number",
    "date": "date",
    "bool": "boolean",
}


# --- value formatting -------------------------------------------------------------------------


def _date_text(value: Any) -> str:
    """YYYY-MM-DD for a Timestamp, datetime, date or ISO string; '' when missing."""
    if fmt.missing(value):
        return ""
    if isinstance(value, datetime):  # pd.Timestamp is a datetime
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", text) else text


def _int_text(value: Any) -> str:
    return "" if fmt.missing(value) else str(int(value))


def _bool_text(value: Any) -> str:
    if fmt.missing(value):
        return ""
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "1", "yes"):
            return "true"
        if lowered in ("false", "0", "no"):
            return "false"
        raise ValueError(f"not a boolean: {value!r}")
    return "true" if bool(value) else "false"


FORMATTERS = {
    "text": fmt.text_of,
    "int": _int_text,
    "float": fmt.plain_number,
    "date": _date_text,
    "bool": _bool_text,
}


def _records(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
    if frame is None:
        return []
    return frame.to_dict(orient="records")


# --- 1. the journalist's CSV ------------------------------------------------------------------


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column of `frame`, or a column of missing values where the frame has none."""
    if name in frame.columns:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


# Where the number goes in a figure's words (a character no unit or comparator holds).
NUMBER_MARK = "\x00"


def _constant(text: str, rows: int) -> pa.Array:
    return pa.array(np.full(rows, text, dtype=object), type=pa.large_string())


def _record_columns(
    kind: str,
    frame: pd.DataFrame,
    id_column: str,
    lookups: dict[str, Any],
) -> dict[str, pa.Array]:
    """The columns every kind of record shares (see `DATASET_CSV_COLUMNS`), as texts."""
    rows = len(frame)
    empty = _constant("", rows)
    out = dict.fromkeys(DATASET_CSV_COLUMNS, empty)
    out[licence.COLUMN] = _constant(licence.CELL, rows)
    indicators, area_names, areas_of, sources = (
        lookups["indicators"],
        lookups["area_names"],
        lookups["areas_of"],
        lookups["sources"],
    )

    def indicator_field(field: str):
        return lambda i: fmt.text_of(indicators.get(fmt.text_of(i), {}).get(field))

    def source_field(field: str, text=fmt.text_of):
        return lambda i: text(sources.get(fmt.text_of(i), {}).get(field))

    indicator_id = _column(frame, "indicator_id")
    out["record_type"] = _constant(kind, rows)
    out["record_id"] = column_texts(frame[id_column], fmt.text_of)
    out["indicator_id"] = column_texts(indicator_id, fmt.text_of)
    out["indicator_name_en"] = distinct_texts(indicator_id, indicator_field("name_en"))
    out["indicator_name_zh"] = distinct_texts(indicator_id, indicator_field("name_zh"))
    out["unit"] = distinct_texts(indicator_id, indicator_field("unit"))

    def area_ids(indicator: Any, area: Any) -> list[str]:
        if fmt.text_of(indicator):
            return areas_of.get(fmt.text_of(indicator), [])
        return [fmt.text_of(area)] if fmt.text_of(area) else []

    pairs = pd.DataFrame(
        {"indicator": indicator_id.to_numpy(), "area": _column(frame, "area_id").to_numpy()}
    )
    out["area_ids"] = distinct_rows(pairs, lambda i, a: "; ".join(area_ids(i, a)))
    out["areas"] = distinct_rows(
        pairs, lambda i, a: "; ".join(area_names.get(x, x) for x in area_ids(i, a))
    )
    # The journalist's CSV has comparators in words: a cell holding just "=" would be read
    # by Excel as the start of a formula.
    comparator = _column(frame, "comparator")
    out["comparator"] = distinct_texts(comparator, lambda c: fmt.comparator_words(fmt.text_of(c)))
    value = _column(frame, "value")
    out["value"] = distinct_texts(value, fmt.plain_number)

    # "more than 3.2 trillion yuan": the words and unit around the plain number, found once
    # per comparator and indicator (etl.figures.figure_text's words with the plain number), and
    # joined with each row's number by Arrow (a figure_text call per row took 9 s at 10^6)
    def around(comparator: Any, indicator: Any) -> str:
        unit = fmt.text_of(indicators.get(fmt.text_of(indicator), {}).get("unit"))
        return fmt.in_words(fmt.unit_after(NUMBER_MARK, unit), fmt.text_of(comparator))

    pattern = pd.DataFrame(
        {"comparator": comparator.to_numpy(), "indicator": indicator_id.to_numpy()}
    )
    before = distinct_rows(pattern, lambda c, i: around(c, i).split(NUMBER_MARK)[0])
    after = distinct_rows(pattern, lambda c, i: around(c, i).split(NUMBER_MARK)[1])
    nothing = pa.scalar("", pa.large_string())
    out["figure"] = pc.if_else(
        pc.equal(out["value"], nothing),
        nothing,
        pc.binary_join_element_wise(before, out["value"], after, nothing),
    )
    source_id = _column(frame, "source_id")
    out["quote"] = column_texts(_column(frame, "quote"), fmt.text_of)
    out["source_id"] = column_texts(source_id, fmt.text_of)
    out["source_title"] = distinct_texts(source_id, source_field("title"))
    out["source_publisher"] = distinct_texts(source_id, source_field("publisher"))
    out["source_date"] = distinct_texts(source_id, source_field("published_on", _date_text))
    out["source_url"] = distinct_texts(source_id, source_field("url"))
    out["note"] = column_texts(_column(frame, "note"), fmt.text_of)
    return out


def dataset_columns(tables: Mapping[str, pd.DataFrame]) -> dict[str, pa.ChunkedArray]:
    """The columns of `dataset_csv` as texts (Arrow arrays), keyed by `DATASET_CSV_COLUMNS`:
    observations, then targets, then commitments, each in its table's order. Built column by
    column (each cell's text once per distinct value) rather than row by row: at 10^6
    observations a row of Python dicts per record took a minute."""
    areas_of: dict[str, list[str]] = {}
    for r in _records(tables.get("indicator_areas")):
        areas_of.setdefault(r["indicator_id"], []).append(r["area_id"])
    lookups = {
        "indicators": {r["indicator_id"]: r for r in _records(tables.get("indicators"))},
        "area_names": {
            r["area_id"]: fmt.text_of(r.get("name_en")) for r in _records(tables.get("areas"))
        },
        "areas_of": areas_of,
        "sources": {r["source_id"]: r for r in _records(tables.get("sources"))},
    }
    parts = []
    frame = tables.get("observations")
    if frame is not None:
        out = _record_columns("observation", frame, "observation_id", lookups)
        out["date"] = distinct_texts(_column(frame, "as_of"), _date_text)
        out["date_type"] = _constant("as_of", len(frame))
        out["date_basis"] = column_texts(_column(frame, "date_basis"), fmt.text_of)
        out["comparable"] = distinct_texts(_column(frame, "comparable"), _bool_text)
        parts.append(out)
    frame = tables.get("targets")
    if frame is not None:
        progress = {r["target_id"]: r for r in _records(tables.get("progress"))}
        out = _record_columns("target", frame, "target_id", lookups)
        out["date"] = distinct_texts(_column(frame, "deadline"), _date_text)
        out["date_type"] = _constant("deadline", len(frame))
        out["match"] = column_texts(_column(frame, "match"), fmt.text_of)
        out["match_note"] = column_texts(_column(frame, "match_note"), fmt.text_of)
        for field in ("status", "status_note"):
            out[field] = distinct_texts(
                frame["target_id"],
                lambda t, field=field: fmt.text_of(progress.get(fmt.text_of(t), {}).get(field)),
            )
        parts.append(out)
    frame = tables.get("commitments")
    if frame is not None:
        out = _record_columns("commitment", frame, "commitment_id", lookups)
        deadline = _column(frame, "deadline")
        out["date"] = distinct_texts(deadline, _date_text)
        out["date_type"] = distinct_texts(deadline, lambda d: "deadline" if _date_text(d) else "")
        out["commitment_kind"] = column_texts(_column(frame, "kind"), fmt.text_of)
        out["commitment_text"] = column_texts(_column(frame, "text"), fmt.text_of)
        parts.append(out)
    # each column as chunks, one a kind of record (concatenating them copied every text)
    return {
        name: pa.chunked_array([p[name] for p in parts], type=pa.large_string())
        for name in DATASET_CSV_COLUMNS
    }


def dataset_csv(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """One CSV of the whole dataset: a row per observation, target and commitment.

    Columns, in order (see `DATASET_CSV_COLUMNS` for each one's meaning): record_type, record_id,
    indicator_id, indicator_name_en, indicator_name_zh, unit, area_ids, areas, comparator, value,
    figure, date, date_type, date_basis, comparable, match, match_note, status, status_note,
    commitment_kind, commitment_text, quote, source_id, source_title, source_publisher,
    source_date, source_url, note, licence. A column that does not apply to a row is empty.

    Encoding: UTF-8 *with* a byte-order mark (``utf-8-sig``). Excel opens a CSV without a BOM
    in the system's legacy code page, which garbles the Chinese names and quotes; with the BOM
    it reads UTF-8. Most other tools (pandas, R, LibreOffice) skip the BOM; readers that do not
    should decode with ``utf-8-sig``. Lines end with CRLF (RFC 4180); every text field is
    quoted only when it needs to be.

    The comparator is given in words ("more than", not ">"): a cell holding just "=" would be
    taken by Excel for a formula; any other text cell that starts like a formula (`=`, `+`,
    `-`, `@`, tab, carriage return) gets a single quote in front (`tracker.safe_csv`). Numbers
    are written without a spurious ".0" (3400, 3.2); dates as YYYY-MM-DD.
    """
    cells = [
        safe_csv.safe_column(values, name == "value", text=None)
        for name, values in dataset_columns(tables).items()
    ]
    return safe_csv.csv_bytes(list(DATASET_CSV_COLUMNS), cells, prefix="\ufeff".encode())


# --- 2. the Excel workbook --------------------------------------------------------------------

README_SHEET = "README"
MAX_SHEET_NAME = 31
EXCEL_MAX_ROWS = 1_048_576  # rows a sheet holds, the header row included


def sheet_parts(name: str, rows: int) -> list[tuple[str, int, int]]:
    """The sheets a table of `rows` rows is written to, as (sheet name, first row, end row):
    one sheet, or, over Excel's limit, the table's sheet and then "<name> (2)", "(3)", ...
    each with its own header row."""
    per_sheet = EXCEL_MAX_ROWS - 1
    parts = []
    for k, start in enumerate(range(0, max(rows, 1), per_sheet), start=1):
        sheet = name if k == 1 else f"{name[: MAX_SHEET_NAME - len(f' ({k})')]} ({k})"
        parts.append((sheet, start, min(rows, start + per_sheet)))
    return parts


def sheet_names(names: Iterable[str]) -> dict[str, str]:
    """Table name -> a unique Excel sheet name (at most 31 characters, not README)."""
    taken = {README_SHEET.lower()}
    out = {}
    for name in names:
        base = re.sub(r"[\[\]:*?/\\]", "_", name)[:MAX_SHEET_NAME] or "sheet"
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            suffix = f"~{n}"
            candidate = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        taken.add(candidate.lower())
        out[name] = candidate
    return out


def _readme_rows(tables: Mapping[str, pd.DataFrame], names: Mapping[str, str]) -> list[list[str]]:
    rows = [
        [TITLE, ""],
        ["", ""],
        ["What this is", DESCRIPTION],
        [
            "Source of the data",
            "Curated by hand from the sources in the 'sources' sheet (title, publisher, date, "
            "URL); every figure carries a verbatim quote and the id of its source. The "
            "'progress' sheet is derived by the tracker's ETL from the observations and targets.",
        ],
        ["How to cite", CITATION],
        ["Licence", f"{licence.LICENCE['title']} ({licence.CELL}): {licence.LICENCE['note']}"],
        [
            "Comparators",
            "= exactly, > more than, >= at least, < less than, <= at most, ~ about.",
        ],
    ]
    build = tables.get("build_info")
    if build is not None and {"key", "value"} <= set(build.columns):
        rows.append(["", ""])
        rows.append(["Build", ""])
        rows.extend([fmt.text_of(r["key"]), fmt.text_of(r["value"])] for r in _records(build))
    rows.append(["", ""])
    rows.append(["Sheet", "Rows: contents"])
    for table, frame in tables.items():
        about = TABLE_DESCRIPTIONS.get(table, "")
        parts = sheet_parts(names[table], len(frame))
        if len(parts) > 1:  # said where the table goes on: Excel holds 1,048,576 rows a sheet
            about += (
                f" (over Excel's {EXCEL_MAX_ROWS:,} rows a sheet: continued in sheets "
                + ", ".join(p[0] for p in parts[1:])
                + "; the CSV and Parquet downloads hold it in one file)"
            )
        rows.append([names[table], f"{len(frame)}: {about}".rstrip(": ")])
    return rows


def excel_workbook(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook: a README sheet, then one sheet per table in the dict's order.

    Sheet names are the table names (cut to Excel's 31 characters, made unique). Each table
    sheet has its header row frozen, an autofilter, column widths fitted to the content (between
    8 and 60 characters) and dates as Excel dates shown YYYY-MM-DD. No cell is a formula: text
    such as the comparator "=" is stored as text. Written by `tracker.xlsx` (column by column:
    the workbook of 10^6 observations in seconds, not minutes).
    """
    names = sheet_names(tables)
    sheets = [
        xlsx.Sheet(
            README_SHEET,
            pd.DataFrame(_readme_rows(tables, names), dtype=object),
            table=False,
            widths=(22, 100),
        )
    ]
    for table, whole in tables.items():
        for sheet, start, end in sheet_parts(names[table], len(whole)):
            frame = whole if start == 0 and end == len(whole) else whole.iloc[start:end]
            sheets.append(xlsx.Sheet(sheet, frame))
    return xlsx.workbook(sheets)


# --- 3. the Frictionless data package ---------------------------------------------------------

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _field(column: Any) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": FRICTIONLESS_TYPES[column.type]}
    if column.type == "bool":
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    if column.type == "date":
        field["format"] = "default"  # YYYY-MM-DD
    description = column.description
    if description:
        field["description"] = description
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.accepted is not None:
        constraints["enum"] = [
            fmt.comparator_words(a) if is_comparator(column) else a for a in column.accepted
        ]
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(table: Any) -> dict[str, Any]:
    """The Frictionless Table Schema of one declared `etl.schema.Table`."""
    schema: dict[str, Any] = {
        "fields": [_field(c) for c in table.columns],
        "primaryKey": list(table.key),
        "missingValues": [""],
    }
    foreign_keys = []
    for c in table.columns:
        if c.references is not None:
            ref_table, ref_column = c.references
            foreign_keys.append(
                {
                    "fields": [c.name],
                    # The spec's self-reference is the empty string.
                    "reference": {
                        "resource": "" if ref_table == table.name else ref_table,
                        "fields": [ref_column],
                    },
                }
            )
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def is_comparator(column: Any) -> bool:
    """A column holding comparators (its accepted values are comparator symbols)."""
    return bool(column.accepted) and set(column.accepted) <= set(fmt.COMPARATOR_WORDS)


def _comparator_text(value: Any) -> str:
    return fmt.comparator_words(fmt.text_of(value))


def table_csv(frame: pd.DataFrame, table: Any) -> bytes:
    """One table as UTF-8 CSV (no BOM, no index), columns in the declared order, values
    written in the Table Schema's default formats: dates YYYY-MM-DD, booleans true/false,
    integers without a decimal point, missing values as empty fields. Comparators are written
    in words ("at least", never ">=": a cell holding "=" is a formula to a spreadsheet), and
    every other text cell that starts like a formula gets a single quote in front
    (`tracker.safe_csv`)."""
    columns = list(table.column_names)
    missing = [c for c in columns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in columns]
    if missing or extra:
        raise ValueError(
            f"table {table.name!r} does not match its declaration: "
            f"missing columns {missing}, undeclared columns {extra}"
        )
    formatters = [
        _comparator_text if is_comparator(table.column(c)) else FORMATTERS[table.column(c).type]
        for c in columns
    ]
    numeric = {c for c in columns if table.column(c).type in ("int", "float")}
    cells = [
        safe_csv.neutralised(
            # a text column is taken as it is, any other formatted once per distinct value
            column_texts(frame[c], text) if text is fmt.text_of else distinct_texts(frame[c], text),
            c in numeric,
        )
        for c, text in zip(columns, formatters, strict=True)
    ]
    return safe_csv.csv_bytes(columns, cells)


def _created_text(created: datetime | date | str | None) -> str | None:
    if created is None:
        return None
    if isinstance(created, datetime):  # RFC 3339 in UTC; a naive datetime is taken as UTC
        if created.tzinfo is not None:
            created = created.astimezone(UTC).replace(tzinfo=None)
        return created.isoformat() + "Z"
    if isinstance(created, date):
        return f"{created.isoformat()}T00:00:00Z"
    return str(created)


def datapackage_descriptor(
    tables: Mapping[str, pd.DataFrame],
    schema_tables: Sequence[Any],
    sources: pd.DataFrame,
    *,
    created: datetime | date | str | None = None,
    licenses: Sequence[Mapping[str, str]] = DEFAULT_LICENSES,
) -> dict[str, Any]:
    """The datapackage.json descriptor (a dict) of `datapackage_zip`."""
    declared = {t.name: t for t in schema_tables}
    undeclared = [name for name in tables if name not in declared]
    if undeclared:
        raise ValueError(f"tables not declared in the schema: {undeclared}")
    package_sources = []
    for r in _records(sources):
        entry = {"title": fmt.text_of(r.get("title"))}
        if fmt.text_of(r.get("url")):
            entry["path"] = fmt.text_of(r.get("url"))
        package_sources.append(entry)
    resources = []
    for table in schema_tables:  # the schema's (load) order
        if table.name not in tables:
            continue
        resource = {
            "name": table.name,
            "path": f"data/{table.name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": table_schema(table),
        }
        if table.description:
            resource["description"] = table.description
        resources.append(resource)
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": TITLE,
        "description": f"{DESCRIPTION} How to cite: {CITATION}",
        "licenses": [dict(lic) for lic in licenses],
        "sources": package_sources,
        "resources": resources,
    }
    created_text = _created_text(created)
    if created_text is not None:
        descriptor["created"] = created_text
    # The data's release (docs/releases.md), as build_info records it.
    build = tables.get("build_info")
    if build is not None and {"key", "value"} <= set(build.columns):
        version = {fmt.text_of(r["key"]): fmt.text_of(r["value"]) for r in _records(build)}.get(
            "version"
        )
        if version:
            descriptor["version"] = version
    return descriptor


def datapackage_zip(
    tables: Mapping[str, pd.DataFrame],
    schema_tables: Sequence[Any],
    sources: pd.DataFrame,
    *,
    created: datetime | date | str | None = None,
    licenses: Sequence[Mapping[str, str]] = DEFAULT_LICENSES,
) -> bytes:
    """A zip holding a Frictionless Tabular Data Package of the tables.

    Contents: ``datapackage.json`` then ``data/<table>.csv`` for every table in `tables`, in the
    order of `schema_tables` (pass ``etl.schema.ALL_TABLES``). Each CSV is written by
    `table_csv`; the descriptor declares each resource's Table Schema from the declaration:
    types (text->string, int->integer, float->number, date->date, bool->boolean), required and
    enum constraints, primaryKey and foreignKeys. `sources` (the sources table) becomes the
    package's ``sources`` (title, path = URL).

    The bytes are the same for the same input: fixed zip timestamps and permissions, JSON with
    sorted keys. `created` (a datetime, date or RFC 3339 string) is included only if given.
    Raises ValueError if a table is not declared or its columns differ from the declaration.
    """
    descriptor = datapackage_descriptor(
        tables, schema_tables, sources, created=created, licenses=licenses
    )
    declared = {t.name: t for t in schema_tables}
    members = [
        (
            "datapackage.json",
            (json.dumps(descriptor, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode(
                "utf-8"
            ),
        )
    ]
    for resource in descriptor["resources"]:
        name = resource["name"]
        members.append((resource["path"], table_csv(tables[name], declared[name])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in members:
            info = zipfile.ZipInfo(path, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
