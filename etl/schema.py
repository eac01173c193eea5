"""The dataset's tables, declared once.

Each table is one CSV file in `datasets/` and one table in the database. The declarations drive
validation (types, required fields, accepted values, keys, references), the database DDL and the
database contract tests, so a rule is written in one place only.
"""

from __future__ import annotations

from dataclasses import dataclass

from etl.i18n import N_

COMPARATORS = ("=", ">", ">=", "<", "<=", "~")
UNITS = ("count", "percent", "trillion yuan", "billion yuan", "yuan")
DIRECTIONS = ("increase", "decrease")
AREA_KINDS = ("work_area", "priority")
MATCHES = ("exact", "proxy")
DATE_BASES = ("stated", "refers_to")
COMMITMENT_KINDS = ("achievement", "commitment")
CONFIDENCES = ("high", "medium", "low")
DATE_PRECISIONS = ("day", "month", "year")
# A level target is met by the indicator's value at the deadline; a period count by what was done
# within its period (from period_start to the deadline), never by a total that includes earlier
# years.
TARGET_KINDS = ("level", "period_count")
# Whose target: national plans, or one sector's plan (a separate series, never mixed).
SCOPES = ("national", "light_industry", "machinery")

SQL_TYPES = {
    "text": "VARCHAR",
    "int": "INTEGER",
    "float": "DOUBLE",
    "date": "DATE",
    "bool": "BOOLEAN",
    "blob": "BLOB",
}


# What a column holds, by column name (the same in every table that has it), in English (msgids:
# the Sources page shows them translated): the data package's field descriptions, the data
# dictionary.
FIELD_DESCRIPTIONS = {
    "value": N_("The figure, in the indicator's unit."),
    "comparator": N_(
        "How the figure is qualified, in words (the database's symbol in brackets): "
        "exactly (=), more than (>), at least (>=), less than (<), at most (<=), about (~)."
    ),
    "as_of": N_("The date the figure was stated (date_basis stated) or refers to (refers_to)."),
    "deadline": N_("The date by which the target or commitment is to be met."),
    "quote": N_("The verbatim quote from the source."),
    "comparable": N_(
        "Whether the observation is comparable with the indicator's other "
        "observations (same scope and definition)."
    ),
    "match": N_("exact, or proxy when the indicator only approximates the target."),
    "source_id": N_("The source the row is quoted from."),
    "status": N_("Progress status of the target as assessed on assessed_on."),
    "assessed_on": N_("The date progress was assessed."),
    "sha256": N_("SHA-256 of text_file, where the text is a whole copy of the source."),
    "publisher": N_(
        "Who published the source: the body or outlet, and the site a copy was read on, in English."
    ),
    "publisher_zh": N_(
        "The publisher in Chinese: bodies and outlets by their official Chinese names; web "
        "addresses, Latin-script site names and reporters' names in pinyin as written."
    ),
}


# What a reader calls a column, by column name (msgids: the What's new page shows them
# translated, never the column's id). A Chinese twin (`note_zh`) is its English column's label
# said to be the Chinese (`field_label`); `name_zh`'s twin is `name_en`.
FIELD_LABELS = {
    "source_id": N_("source"),
    "title": N_("title"),
    "publisher": N_("publisher"),
    "published_on": N_("publication date"),
    "date_precision": N_("precision of the date"),
    "url": N_("web address"),
    "language": N_("language"),
    "kind": N_("kind"),
    "confidence": N_("confidence"),
    "text_file": N_("stored text"),
    "sha256": N_("fingerprint of the stored text"),
    "area_id": N_("area"),
    "position": N_("position"),
    "name_en": N_("name"),
    "description": N_("description"),
    "indicator_id": N_("indicator"),
    "unit": N_("unit"),
    "direction": N_("direction (which way is better)"),
    "definition": N_("definition"),
    "note": N_("note"),
    "observation_id": N_("figure"),
    "value": N_("value"),
    "comparator": N_("comparator"),
    "as_of": N_("date of the figure"),
    "date_basis": N_("what the date is (stated or refers to)"),
    "period_start": N_("start of period"),
    "comparable": N_("comparable"),
    "quote": N_("quote"),
    "target_id": N_("goal"),
    "deadline": N_("deadline"),
    "scope": N_("scope"),
    "match": N_("match"),
    "match_note": N_("match note"),
    "commitment_id": N_("commitment"),
    "text": N_("text"),
    "evidence_id": N_("evidence"),
    "lineage_id": N_("link between goals"),
    "follows_id": N_("earlier goal"),
    "relation": N_("relation"),
    "disagreement_id": N_("disagreement"),
    "other_id": N_("other figure"),
    "reason": N_("reason"),
    "search_id": N_("search"),
    "subject_kind": N_("kind of subject"),
    "subject_id": N_("subject"),
    "searched_on": N_("date of the search"),
    "corpus": N_("where it was searched"),
    "terms": N_("search terms"),
    "found": N_("what was found"),
}
# What a reader calls a row of each input table (msgids, as FIELD_LABELS).
TABLE_LABELS = {
    "sources": N_("Source"),
    "areas": N_("Area"),
    "indicators": N_("Indicator"),
    "indicator_areas": N_("Indicator's area"),
    "observations": N_("Figure"),
    "targets": N_("Goal"),
    "commitments": N_("Commitment"),
    "commitment_evidence": N_("Evidence of a commitment"),
    "target_lineage": N_("Link between goals"),
    "figure_disagreements": N_("Figures that disagree"),
    "searches": N_("Search"),
}


def field_label(column: str) -> tuple[str, bool] | None:
    """A column's label (a FIELD_LABELS msgid) and whether the column is the Chinese twin of
    the labelled one; None for a column without a label."""
    twin = column.removesuffix("_zh")
    for name in (column, twin, f"{twin}_en"):
        if name in FIELD_LABELS:
            return FIELD_LABELS[name], name != column
    return None


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "text"  # a key of SQL_TYPES
    required: bool = True
    accepted: tuple[str, ...] | None = None
    references: tuple[str, str] | None = None  # (table, column)
    # The English column this one gives in Simplified Chinese (`<twin>_zh`, declared right after
    # its twin and required where it is): filled exactly where the twin is, and with Chinese
    # characters (validate.check_translations). Quotes are never translated.
    translates: str | None = None

    @property
    def description(self) -> str | None:
        """What the column holds (FIELD_DESCRIPTIONS), where a column of that name is described."""
        return FIELD_DESCRIPTIONS.get(self.name)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    quoted: bool = False  # rows carry source_id + a verbatim quote
    optional: bool = False  # may have no rows (a dataset may state no such relation)
    # What the table holds, in English (a msgid: the Sources page shows it translated): the
    # data package's resource description, the workbook's README row, the data dictionary.
    description: str = ""

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def translations(self) -> tuple[Column, ...]:
        """The Chinese columns, each naming the English column it translates."""
        return tuple(c for c in self.columns if c.translates is not None)


SOURCES = Table(
    "sources",
    (
        Column("source_id"),
        Column("title"),
        Column("title_zh", translates="title"),
        Column("publisher"),
        Column("publisher_zh", translates="publisher"),
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
    description=N_("Every source quoted: plans, press-conference transcripts, news reports."),
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
        Column("description_zh", required=False, translates="description"),
    ),
    key=("area_id",),
    description=N_("The programme's work areas and priorities."),
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
        Column("definition_zh", translates="definition"),
        Column("note", required=False),
        Column("note_zh", required=False, translates="note"),
    ),
    key=("indicator_id",),
    description=N_("What is measured: one row per indicator, with its unit and direction."),
)
INDICATOR_AREAS = Table(
    "indicator_areas",
    (
        Column("indicator_id", references=("indicators", "indicator_id")),
        Column("area_id", references=("areas", "area_id")),
    ),
    key=("indicator_id", "area_id"),
    description=N_("Which area(s) each indicator belongs to."),
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
        # Set for a count of what was done in a period (from period_start to as_of).
        Column("period_start", "date", required=False),
        Column("comparable", "bool"),
        Column("source_id", references=("sources", "source_id")),
        Column("quote"),
        Column("note", required=False),
        Column("note_zh", required=False, translates="note"),
    ),
    key=("observation_id",),
    quoted=True,
    description=N_("Figures stated by the sources: one value of an indicator at a date."),
)
TARGETS = Table(
    "targets",
    (
        Column("target_id"),
        Column("indicator_id", references=("indicators", "indicator_id")),
        Column("value", "float"),
        Column("comparator", accepted=COMPARATORS),
        Column("deadline", "date"),
        Column("kind", accepted=TARGET_KINDS),
        Column("period_start", "date", required=False),  # period counts only
        Column("scope", accepted=SCOPES),
        Column("match", accepted=MATCHES),
        Column("match_note", required=False),
        Column("match_note_zh", required=False, translates="match_note"),
        Column("source_id", references=("sources", "source_id")),
        Column("quote"),
        Column("note", required=False),
        Column("note_zh", required=False, translates="note"),
    ),
    key=("target_id",),
    quoted=True,
    description=N_("Goals for an indicator: a value to reach by a deadline."),
)
COMMITMENTS = Table(
    "commitments",
    (
        Column("commitment_id"),
        Column("area_id", references=("areas", "area_id")),
        Column("kind", accepted=COMMITMENT_KINDS),
        Column("text"),
        Column("text_zh", translates="text"),
        Column("deadline", "date", required=False),
        Column("source_id", references=("sources", "source_id")),
        Column("quote"),
        Column("note", required=False),
        Column("note_zh", required=False, translates="note"),
    ),
    key=("commitment_id",),
    quoted=True,
    description=N_("Qualitative achievements and commitments, each with its quote."),
)

# What was found, after a commitment's deadline, on whether it was kept: one quote a row.
COMMITMENT_EVIDENCE = Table(
    "commitment_evidence",
    (
        Column("evidence_id"),
        Column("commitment_id", references=("commitments", "commitment_id")),
        Column("as_of", "date"),  # the date the evidence describes
        Column("source_id", references=("sources", "source_id")),
        Column("quote"),
        Column("note", required=False),
        Column("note_zh", required=False, translates="note"),
    ),
    key=("evidence_id",),
    quoted=True,
    description=N_(
        "What was found on whether a commitment was kept: one quote a row, with its date and "
        "source."
    ),
)

# How a later statement of a goal relates to the earlier one it follows (goal lineage):
# `same_goal`, two statements of one goal (the earlier, `follows_id`, decides its verdict);
# `restates` (same figure, later document), `raises`, `lowers`, `extends` (a new deadline or
# period for the same aim), `drops` (a later document leaves the goal out, said in words).
LINEAGE_RELATIONS = ("same_goal", "restates", "raises", "lowers", "extends", "drops")

TARGET_LINEAGE = Table(
    "target_lineage",
    (
        Column("lineage_id"),
        Column("target_id", references=("targets", "target_id")),  # the later statement
        Column("follows_id", references=("targets", "target_id")),  # the one it follows
        Column("relation", accepted=LINEAGE_RELATIONS),
        Column("source_id", references=("sources", "source_id")),  # the later document
        Column("quote"),  # the later document's words that show the change
        Column("note", required=False),
        Column("note_zh", required=False, translates="note"),
    ),
    key=("lineage_id",),
    quoted=True,
    optional=True,
    description=N_(
        "How a later statement of a goal relates to the one it follows: the same goal stated "
        "twice, restated, raised, lowered, extended or dropped."
    ),
)

# Two official figures for one indicator and (about) one date that say different things: both
# are kept, and a row here says why they differ where the reason is known (`tier`, `population`,
# `date_basis`, `definition`) or says `unexplained`. The pairs that need a row are found by
# etl.disagreements.disagreeing_pairs; tests/etl/test_disagreements.py fails on one without a row.
DISAGREEMENT_REASONS = ("tier", "population", "date_basis", "definition", "unexplained")
FIGURE_DISAGREEMENTS = Table(
    "figure_disagreements",
    (
        Column("disagreement_id"),
        Column("observation_id", references=("observations", "observation_id")),
        Column("other_id", references=("observations", "observation_id")),
        Column("reason", accepted=DISAGREEMENT_REASONS),
        Column("note"),
        Column("note_zh", translates="note"),
    ),
    key=("disagreement_id",),
    optional=True,
    description=N_(
        "Two official figures of one indicator, about the same date, that say different things: "
        "the pair, the reason if one is known (tier, population, date basis, definition) or "
        "unexplained, and a note."
    ),
)

# What was searched for and not found is data too: one row per search, on an indicator, a
# commitment or a target (`subject_kind` says which table `subject_id` names), with the date, the
# corpus searched (`pages`, `docs`, `issues`, `code`, several joined by ` | `), the exact queries in
# both languages (joined by ` | `), and `found`: `none`, or the observation ids the search led to
# (joined by ` | `). It may hold no rows (a header-only file). Checked by validate
# (validate.check_searches); the indicator page and the Overview say what was searched where no
# official figure was found.
SEARCH_SUBJECT_KINDS = ("indicator", "commitment", "target")
SEARCH_CORPORA = ("pages", "docs", "issues", "code")
SEARCH_SEPARATOR = " | "
SEARCH_NONE = "none"
SEARCHES = Table(
    "searches",
    (
        Column("search_id"),
        Column("subject_kind", accepted=SEARCH_SUBJECT_KINDS),
        Column("subject_id"),
        Column("searched_on", "date"),
        Column("corpus"),
        Column("terms"),
        Column("found"),
        Column("note", required=False),
        Column("note_zh", required=False, translates="note"),
    ),
    key=("search_id",),
    optional=True,
    description=N_(
        "Every search for a figure: the date, where it was searched, the exact queries, and "
        "what it found (none, or the observations it led to)."
    ),
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
    COMMITMENT_EVIDENCE,
    TARGET_LINEAGE,
    FIGURE_DISAGREEMENTS,
    SEARCHES,
)

# A figure is stale when nothing is newer than this many months before the assessment date: the
# `stale` column of indicator_freshness, and every page text that names the window.
STALE_MONTHS = 12

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
VERDICTS = ("met", "not_met", "met_on_proxy", "not_met_on_proxy", "no_verdict")
# Targets due by the end of 2025 (the press conference's and the 14th Five-Year Plans' goals),
# and those set since for later years.
HORIZONS = ("2025", "after_2025")
COMMITMENT_ASSESSMENTS = ("evidence_found", "no_evidence_found")

# Derived by the ETL, not read from a file.
PROGRESS = Table(
    "progress",
    (
        Column("target_id", references=("targets", "target_id")),
        Column("indicator_id", references=("indicators", "indicator_id")),
        Column("target_value", "float"),
        Column("target_comparator", accepted=COMPARATORS),
        Column("deadline", "date"),
        Column("kind", accepted=TARGET_KINDS),
        Column("period_start", "date", required=False),
        Column("scope", accepted=SCOPES),
        Column("horizon", accepted=HORIZONS),
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
        # The notes the ETL writes (etl.notes), each with its Chinese twin.
        Column("status_note"),
        Column("status_note_zh", translates="status_note"),
        # A figure derived for a period count (the increase between two level figures).
        Column("period_note", required=False),
        Column("period_note_zh", required=False, translates="period_note"),
        # Another figure for the same date that says otherwise (two sources disagree).
        Column("conflict_note", required=False),
        Column("conflict_note_zh", required=False, translates="conflict_note"),
        # Once the deadline has passed: the verdict and the figure that decided it.
        Column("verdict", required=False, accepted=VERDICTS),
        Column(
            "verdict_observation_id", required=False, references=("observations", "observation_id")
        ),
        Column("verdict_value", "float", required=False),
        Column("verdict_comparator", required=False, accepted=COMPARATORS),
        Column("verdict_as_of", "date", required=False),
        Column("shortfall", "float", required=False),
        Column("verdict_note", required=False),
        Column("verdict_note_zh", required=False, translates="verdict_note"),
        Column("assessed_on", "date"),
    ),
    key=("target_id",),
    description=N_("The tracker's assessment of each target, derived from the observations."),
)
# One row per indicator: how fresh its figures are.
FRESHNESS = Table(
    "indicator_freshness",
    (
        Column("indicator_id", references=("indicators", "indicator_id")),
        Column(
            "latest_observation_id", required=False, references=("observations", "observation_id")
        ),
        Column("latest_as_of", "date", required=False),
        # Nothing newer than STALE_MONTHS months before the assessment date (or nothing).
        Column("stale", "bool"),
        # A target's deadline has passed and no figure for it has been reported yet.
        Column("awaited", "bool"),
        Column("awaited_note", required=False),
        Column("awaited_note_zh", required=False, translates="awaited_note"),
    ),
    key=("indicator_id",),
    description=N_(
        "How fresh each indicator's figures are: its latest figure, whether it is stale, and "
        "whether a figure is awaited for a passed deadline."
    ),
)
# One row per commitment (kind = commitment): what was found on whether it was kept.
COMMITMENT_STATUS = Table(
    "commitment_assessments",
    (
        Column("commitment_id", references=("commitments", "commitment_id")),
        Column("deadline_passed", "bool"),
        Column("evidence_count", "int"),
        Column("assessment", accepted=COMMITMENT_ASSESSMENTS),
        Column("latest_evidence_as_of", "date", required=False),
    ),
    key=("commitment_id",),
    description=N_(
        "The tracker's assessment of each commitment: whether its deadline has passed and what "
        "evidence was found on it."
    ),
)
BUILD_INFO = Table(
    "build_info",
    (Column("key"), Column("value")),
    key=("key",),
    description=N_("When and from what the database was built."),
)

ALL_TABLES: tuple[Table, ...] = (
    *INPUT_TABLES,
    PROGRESS,
    FRESHNESS,
    COMMITMENT_STATUS,
    BUILD_INFO,
)
# each dataset table's description by its name (`Table.description`)
TABLE_DESCRIPTIONS = {t.name: t.description for t in ALL_TABLES}

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
        Column("indicator_name_zh"),
        Column("unit", accepted=UNITS),
        Column("direction", accepted=DIRECTIONS),
        Column("match", accepted=MATCHES),
        Column("match_note", required=False),
        Column("match_note_zh", required=False, translates="match_note"),
        Column("target_quote"),
        Column("target_note", required=False),
        Column("target_note_zh", required=False, translates="target_note"),
        Column("target_source_title"),
        Column("target_source_title_zh", translates="target_source_title"),
        Column("target_source_url"),
        Column("target_source_date", "date"),
        Column("target_source_precision", accepted=DATE_PRECISIONS),
        *(c for c in PROGRESS.columns if c.name not in (*_TARGET_FIELDS, "match")),
        Column("latest_date_basis", required=False, accepted=DATE_BASES),
        Column("latest_quote", required=False),
        Column("latest_note", required=False),
        Column("latest_note_zh", required=False, translates="latest_note"),
        Column("latest_source_title", required=False),
        Column("latest_source_title_zh", required=False, translates="latest_source_title"),
        Column("latest_source_url", required=False),
        Column("latest_source_date", "date", required=False),
        Column("latest_source_precision", required=False, accepted=DATE_PRECISIONS),
        # The figure that decided the verdict, with its source (after the deadline).
        Column("verdict_quote", required=False),
        Column("verdict_note_of_figure", required=False),
        Column("verdict_note_of_figure_zh", required=False, translates="verdict_note_of_figure"),
        Column("verdict_source_title", required=False),
        Column("verdict_source_title_zh", required=False, translates="verdict_source_title"),
        Column("verdict_source_url", required=False),
        Column("verdict_source_date", "date", required=False),
        Column("verdict_source_precision", required=False, accepted=DATE_PRECISIONS),
        Column("latest_stale", "bool", required=False),
    ),
    key=("target_id",),
)
# The releases recorded in datasets/releases.csv (etl/release.py, docs/releases.md), and each
# one's changes since the release before, as its changes.json.
RELEASES_TABLE = Table(
    "releases",
    (
        Column("version"),
        Column("released_on", "date"),
        Column("summary_en"),
        Column("summary_zh", translates="summary_en"),
        Column("datasets_sha256"),
        Column("rows_added", "int"),
        Column("rows_changed", "int"),
        Column("rows_removed", "int"),
        Column("moves", "int"),
    ),
    key=("version",),
)
RELEASE_CHANGES = Table(
    "release_changes",
    (Column("version", references=("releases", "version")), Column("changes_json")),
    key=("version",),
)
# Each release's whole dataset as it served it (datasets/releases/<version>/datapackage.zip):
# what /api/v1/releases/<version>/datapackage.zip serves, so that a citation resolves.
RELEASE_PACKAGES = Table(
    "release_packages",
    (
        Column("version", references=("releases", "version")),
        Column("sha256"),
        Column("datapackage_zip", "blob"),
    ),
    key=("version",),
)
# Each release's API documents as it served them (datasets/releases/<version>/documents.zip:
# indicators/<id>.json and .csv, targets.json): served, never replaced, at
# /api/v1/releases/<version>/..., so that a citation of an indicator resolves (issue 27).
RELEASE_DOCUMENTS = Table(
    "release_documents",
    (
        Column("version", references=("releases", "version")),
        Column("sha256"),
        Column("documents_zip", "blob"),
    ),
    key=("version",),
)
APP_TABLES: tuple[Table, ...] = (
    SOURCE_TEXTS,
    TARGET_PROGRESS,
    RELEASES_TABLE,
    RELEASE_CHANGES,
    RELEASE_PACKAGES,
    RELEASE_DOCUMENTS,
)
DATABASE_TABLES: tuple[Table, ...] = (*ALL_TABLES, *APP_TABLES)

# Not a table of the database: the reviewed numeric mentions of source texts that are not
# figures (`python -m etl coverage`), one CSV file in `datasets/`.
COVERAGE_IGNORE = Table(
    "coverage_ignore",
    (Column("source_id"), Column("line", "int"), Column("mention"), Column("reason")),
    key=("source_id", "line", "mention"),
)
