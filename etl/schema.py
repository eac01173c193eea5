"""The dataset's tables, declared once.

Each table is one CSV file in `datasets/` and one table in the database. The declarations drive
validation (types, required fields, accepted values, keys, references), the database DDL and the
database contract tests, so a rule is written in one place only.
"""

from __future__ import annotations

from dataclasses import dataclass

COMPARATORS = ("=", ">", ">=", "<", "<=", "~")
UNITS = ("count", "percent", "trillion yuan", "billion yuan", "yuan")
DIRECTIONS = ("increase", "decrease")
AREA_KINDS = ("work_area", "priority")
MATCHES = ("exact", "proxy")
DATE_BASES = ("stated", "refers_to")
COMMITMENT_KINDS = ("achievement", "commitment")
CONFIDENCES = ("high", "medium", "low")
DATE_PRECISIONS = ("day", "month", "year")

SQL_TYPES = {
    "text": "VARCHAR",
    "int": "INTEGER",
    "float": "DOUBLE",
    "date": "DATE",
    "bool": "BOOLEAN",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "text"  # a key of SQL_TYPES
    required: bool = True
    accepted: tuple[str, ...] | None = None
    references: tuple[str, str] | None = None  # (table, column)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    quoted: bool = False  # rows carry source_id + a verbatim quote

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


SOURCES = Table(
    "sources",
    (
        Column("source_id"),
        Column("title"),
        Column("publisher"),
        Column("published_on", "date"),
        Column("date_precision", accepted=DATE_PRECISIONS),
        Column("url"),
        Column("language"),
        Column("kind"),
        Column("confidence", accepted=CONFIDENCES),
        Column("text_file"),
        Column("sha256", required=False),  # of text_file, where the text is a whole copy
    ),
    key=("source_id",),
)
AREAS = Table(
    "areas",
    (
        Column("area_id"),
        Column("kind", accepted=AREA_KINDS),
        Column("position", "int"),
        Column("name_en"),
        Column("name_zh"),
        Column("description", required=False),
    ),
    key=("area_id",),
)
INDICATORS = Table(
    "indicators",
    (
        Column("indicator_id"),
        Column("name_en"),
        Column("name_zh"),
        Column("unit", accepted=UNITS),
        Column("direction", accepted=DIRECTIONS),
        Column("definition"),
        Column("note", required=False),
    ),
    key=("indicator_id",),
)
INDICATOR_AREAS = Table(
    "indicator_areas",
    (
        Column("indicator_id", references=("indicators", "indicator_id")),
        Column("area_id", references=("areas", "area_id")),
    ),
    key=("indicator_id", "area_id"),
)
OBSERVATIONS = Table(
    "observations",
    (
        Column("observation_id"),
        Column("indicator_id", references=("indicators", "indicator_id")),
        Column("value", "float"),
        Column("comparator", accepted=COMPARATORS),
        Column("as_of", "date"),
        Column("date_basis", accepted=DATE_BASES),
        Column("comparable", "bool"),
        Column("source_id", references=("sources", "source_id")),
        Column("quote"),
        Column("note", required=False),
    ),
    key=("observation_id",),
    quoted=True,
)
TARGETS = Table(
    "targets",
    (
        Column("target_id"),
        Column("indicator_id", references=("indicators", "indicator_id")),
        Column("value", "float"),
        Column("comparator", accepted=COMPARATORS),
        Column("deadline", "date"),
        Column("match", accepted=MATCHES),
        Column("match_note", required=False),
        Column("source_id", references=("sources", "source_id")),
        Column("quote"),
        Column("note", required=False),
    ),
    key=("target_id",),
    quoted=True,
)
COMMITMENTS = Table(
    "commitments",
    (
        Column("commitment_id"),
        Column("area_id", references=("areas", "area_id")),
        Column("kind", accepted=COMMITMENT_KINDS),
        Column("text"),
        Column("deadline", "date", required=False),
        Column("source_id", references=("sources", "source_id")),
        Column("quote"),
        Column("note", required=False),
    ),
    key=("commitment_id",),
    quoted=True,
)

# In load order: a table only references tables before it.
INPUT_TABLES: tuple[Table, ...] = (
    SOURCES,
    AREAS,
    INDICATORS,
    INDICATOR_AREAS,
    OBSERVATIONS,
    TARGETS,
    COMMITMENTS,
)

STATUSES = (
    "achieved",
    "on_track",
    "acceleration_needed",
    "limited_progress",
    "deterioration",
    "insufficient_data",
    "no_data",
    "deadline_passed",
    "missed",
)
TREND_STATUSES = ("on_track", "acceleration_needed", "limited_progress", "deterioration")
RATE_METHODS = ("compound", "linear")

# Derived by the ETL, not read from a file.
PROGRESS = Table(
    "progress",
    (
        Column("target_id", references=("targets", "target_id")),
        Column("indicator_id", references=("indicators", "indicator_id")),
        Column("target_value", "float"),
        Column("target_comparator", accepted=COMPARATORS),
        Column("deadline", "date"),
        Column("match", accepted=MATCHES),
        Column("status", accepted=STATUSES),
        Column("trend_status", required=False, accepted=TREND_STATUSES),
        Column("deadline_passed", "bool"),
        Column("comparable_observations", "int"),
        Column(
            "latest_observation_id", required=False, references=("observations", "observation_id")
        ),
        Column("latest_value", "float", required=False),
        Column("latest_comparator", required=False, accepted=COMPARATORS),
        Column("latest_as_of", "date", required=False),
        Column(
            "baseline_observation_id", required=False, references=("observations", "observation_id")
        ),
        Column("baseline_value", "float", required=False),
        Column("baseline_as_of", "date", required=False),
        Column("percent_of_target", "float", required=False),
        Column("observed_rate", "float", required=False),
        Column("required_rate", "float", required=False),
        Column("rate_method", required=False, accepted=RATE_METHODS),
        Column("ratio", "float", required=False),
        Column("projected_value", "float", required=False),
        Column("status_note"),
        Column("assessed_on", "date"),
    ),
    key=("target_id",),
)
BUILD_INFO = Table(
    "build_info",
    (Column("key"), Column("value")),
    key=("key",),
)

ALL_TABLES: tuple[Table, ...] = (*INPUT_TABLES, PROGRESS, BUILD_INFO)

# --- built for the app, beyond the dataset ------------------------------------------------------
# The served database is the app's one input: everything a page shows is in it. These tables are
# not part of the dataset downloads (ALL_TABLES is).

SOURCE_TEXTS = Table(
    "source_texts",
    (Column("text_file"), Column("text")),  # text_file as named in sources.csv
    key=("text_file",),
)
_TARGET_FIELDS = ("target_id", "indicator_id", "target_value", "target_comparator", "deadline")
# A mart: one row per target with its indicator, its progress and its latest comparable
# observation, each with its source; what every page reads (SQL in etl/transform.py).
TARGET_PROGRESS = Table(
    "target_progress",
    (
        *(c for c in PROGRESS.columns if c.name in _TARGET_FIELDS),
        Column("indicator_name"),
        Column("unit", accepted=UNITS),
        Column("direction", accepted=DIRECTIONS),
        Column("match", accepted=MATCHES),
        Column("match_note", required=False),
        Column("target_quote"),
        Column("target_note", required=False),
        Column("target_source_title"),
        Column("target_source_url"),
        Column("target_source_date", "date"),
        Column("target_source_precision", accepted=DATE_PRECISIONS),
        *(c for c in PROGRESS.columns if c.name not in (*_TARGET_FIELDS, "match")),
        Column("latest_date_basis", required=False, accepted=DATE_BASES),
        Column("latest_quote", required=False),
        Column("latest_note", required=False),
        Column("latest_source_title", required=False),
        Column("latest_source_url", required=False),
        Column("latest_source_date", "date", required=False),
        Column("latest_source_precision", required=False, accepted=DATE_PRECISIONS),
    ),
    key=("target_id",),
)
APP_TABLES: tuple[Table, ...] = (SOURCE_TEXTS, TARGET_PROGRESS)
DATABASE_TABLES: tuple[Table, ...] = (*ALL_TABLES, *APP_TABLES)

# Not a table of the database: the reviewed numeric mentions of source texts that are not
# figures (`python -m etl coverage`), one CSV file in `datasets/`.
COVERAGE_IGNORE = Table(
    "coverage_ignore",
    (Column("source_id"), Column("line", "int"), Column("mention"), Column("reason")),
    key=("source_id", "line", "mention"),
)
