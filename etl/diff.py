"""What a build would change in the served database, and the guard against losing rows.

`python -m etl diff` compares the rows a build of the dataset would write with the rows of the
database, table by table and by key: rows added, removed, and changed (with the columns that
change), and the progress status of every target that would move. `python -m etl build` uses
the same comparison to refuse a build that would remove more than a tenth of any table's rows,
unless `--accept-removals` is given; it counts the removals from keys only, in SQL
(`removals`), against the tables it has just written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from etl.problems import InvalidData, Problem
from etl.schema import ALL_TABLES, BUILD_INFO, INPUT_TABLES, PROGRESS, Table

# A build may remove at most this share of a table's rows without --accept-removals.
MAX_REMOVED_SHARE = 0.1
# Columns left out of "changed": they change with the day a build runs, not with the data.
VOLATILE = {PROGRESS.name: {"assessed_on"}}
SHOWN_KEYS = 20  # rows listed per kind of change and table; the rest are counted

Key = tuple[Any, ...]
TableRows = dict[Key, dict[str, Any]]


@dataclass
class TableDiff:
    table: Table
    old_count: int | None  # None: the table is not in the database
    new_count: int
    added: list[Key] = field(default_factory=list)
    removed: list[Key] = field(default_factory=list)
    changed: list[tuple[Key, list[tuple[str, Any, Any]]]] = field(default_factory=list)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not (
            self.added or self.removed or self.changed or self.columns_added or self.columns_removed
        )


@dataclass
class Diff:
    db: Path
    database_found: bool
    tables: list[TableDiff]
    status_moves: list[tuple[str, str | None, str | None]]  # target_id, old, new

    @property
    def unchanged(self) -> bool:
        return all(t.unchanged for t in self.tables) and not self.status_moves


class RemovalRefused(InvalidData):
    """A build would remove more than a tenth of a table's rows."""


def compared_tables() -> tuple[Table, ...]:
    return tuple(t for t in ALL_TABLES if t is not BUILD_INFO)


def keyed(table: Table, columns: list[str], rows: list[tuple]) -> TableRows:
    return {
        tuple(values[k] for k in table.key): values
        for values in (dict(zip(columns, row, strict=True)) for row in rows)
    }


def read_database(db: Path) -> dict[str, tuple[list[str], TableRows]]:
    """Every compared table of the database as (columns, rows by key); raises duckdb.Error
    when the file is not a database that can be read."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        present = {
            name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        out = {}
        for table in compared_tables():
            if table.name not in present:
                continue
            cursor = con.execute(f'SELECT * FROM "{table.name}"')
            columns = [d[0] for d in cursor.description]
            out[table.name] = (columns, keyed(table, columns, cursor.fetchall()))
        return out
    finally:
        con.close()


def compare(
    new_tables: dict[str, list[tuple]], old: dict[str, tuple[list[str], TableRows]] | None, db: Path
) -> Diff:
    """Compare the rows a build would write (`new_tables`, as from build_tables) with the
    database's (`old`, from read_database; None when there is no database)."""
    diffs = []
    for table in compared_tables():
        new_columns = list(table.column_names)
        new_rows = keyed(table, new_columns, new_tables[table.name])
        if old is None or table.name not in old:
            diffs.append(TableDiff(table, None, len(new_rows), added=sorted(new_rows, key=repr)))
            continue
        old_columns, old_rows = old[table.name]
        shared = [
            c for c in new_columns if c in old_columns and c not in VOLATILE.get(table.name, ())
        ]
        diff = TableDiff(
            table,
            len(old_rows),
            len(new_rows),
            added=sorted((k for k in new_rows if k not in old_rows), key=repr),
            removed=sorted((k for k in old_rows if k not in new_rows), key=repr),
            columns_added=[c for c in new_columns if c not in old_columns],
            columns_removed=[c for c in old_columns if c not in new_columns],
        )
        for key in sorted((k for k in new_rows if k in old_rows), key=repr):
            before, after = old_rows[key], new_rows[key]
            changes = [(c, before[c], after[c]) for c in shared if before[c] != after[c]]
            if changes:
                diff.changed.append((key, changes))
        diffs.append(diff)
    moves: list[tuple[str, str | None, str | None]] = []
    new_status = {
        r["target_id"]: r["status"]
        for r in (
            dict(zip(PROGRESS.column_names, row, strict=True)) for row in new_tables[PROGRESS.name]
        )
    }
    old_status: dict[str, str] = {}
    if old is not None and PROGRESS.name in old:
        old_status = {k[0]: r.get("status") for k, r in old[PROGRESS.name][1].items()}
    for target in sorted(set(new_status) | set(old_status)):
        before, after = old_status.get(target), new_status.get(target)
        if before != after:
            moves.append((target, before, after))
    return Diff(db, old is not None, diffs, moves)


def removals(con: Any, old: str, db: Path) -> Diff:
    """The input tables' rows of the attached database `old` (the one at `db`) whose keys the
    tables of `con`'s own database lack: the part of `compare` that `removal_problems` reads,
    from the key columns only, by DuckDB (compare reads every row of both into Python: seconds
    and gigabytes at 10^6 rows). `con`: a DuckDB connection; raises duckdb.Error when `old`
    cannot be read."""
    present = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [old]
        ).fetchall()
    }
    diffs = []
    for table in INPUT_TABLES:
        if table.name not in present:
            continue
        keys = ", ".join(f'"{k}"' for k in table.key)
        old_rows, new_rows = f'{old}."{table.name}"', f'"{table.name}"'
        (old_count,) = con.execute(f"SELECT count(*) FROM {old_rows}").fetchone()
        (new_count,) = con.execute(f"SELECT count(*) FROM {new_rows}").fetchone()
        removed = con.execute(
            f"SELECT {keys} FROM {old_rows} EXCEPT SELECT {keys} FROM {new_rows}"
        ).fetchall()
        diffs.append(TableDiff(table, old_count, new_count, removed=sorted(removed, key=repr)))
    return Diff(db, True, diffs, [])


def removal_problems(diff: Diff, datasets: Path) -> list[Problem]:
    """A problem for every input table that would lose more than a tenth of its rows."""
    problems = []
    for t in diff.tables:
        if t.table not in INPUT_TABLES or not t.old_count:
            continue
        if len(t.removed) > MAX_REMOVED_SHARE * t.old_count:
            shown = ", ".join(show_key(k) for k in t.removed[:5])
            more = f" and {len(t.removed) - 5} more" if len(t.removed) > 5 else ""
            message = (
                f"a build would remove {len(t.removed)} of the {t.old_count} rows of table "
                f"{t.table.name} in {diff.db} (more than a tenth; {t.new_count} left): "
                f"{shown}{more}. If that is intended, build with --accept-removals"
            )
            problems.append(Problem(str(Path(datasets) / t.table.file), 0, "rows", message))
    return problems


def show_key(key: Key) -> str:
    return "/".join(str(k) for k in key)


def show_value(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def listed(keys: list, mark: str, line) -> list[str]:
    out = [f"  {mark} {line(k)}" for k in keys[:SHOWN_KEYS]]
    if len(keys) > SHOWN_KEYS:
        out.append(f"  {mark} ... and {len(keys) - SHOWN_KEYS} more")
    return out


def format_diff(diff: Diff) -> str:
    lines = []
    if not diff.database_found:
        lines.append(f"No database at {diff.db}: a build would add every row.")
    for t in diff.tables:
        name = t.table.name
        if t.old_count is None:
            lines.append(f"{name}: {t.new_count} rows, all added")
            continue
        if t.unchanged:
            lines.append(f"{name}: {t.old_count} rows, no change")
            continue
        counts = f"{len(t.added)} added, {len(t.removed)} removed, {len(t.changed)} changed"
        lines.append(f"{name}: {t.old_count} -> {t.new_count} rows: {counts}")
        if t.columns_added:
            lines.append(f"  columns added: {', '.join(t.columns_added)}")
        if t.columns_removed:
            lines.append(f"  columns removed: {', '.join(t.columns_removed)}")
        lines += listed(t.added, "+", show_key)
        lines += listed(t.removed, "-", show_key)
        lines += listed(
            t.changed,
            "~",
            lambda item: (
                show_key(item[0])
                + ": "
                + "; ".join(f"{c} {show_value(a)} -> {show_value(b)}" for c, a, b in item[1])
            ),
        )
    if diff.status_moves:
        lines.append(f"status moves ({len(diff.status_moves)}):")
        for target, before, after in diff.status_moves:
            lines.append(f"  {target}: {before or '(new target)'} -> {after or '(removed)'}")
    elif diff.database_found:
        lines.append("status moves: none")
    lines.append("No change." if diff.unchanged else "")
    return "\n".join(line for line in lines if line)
