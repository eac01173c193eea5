"""Write the database: the only module of the ETL that writes files.

The database is built in a temporary file beside the target and then moved over it with an
atomic rename, so a failed build leaves the previous database byte-for-byte unchanged and a
reader never sees half a database. The temporary name is unique per build
(`.<name>.tmp-<pid>-<random>`), so two builds at once never share a file; what a killed build
left behind (its temporary file and .wal) is removed by the next build once its process is gone.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from etl.schema import DATABASE_TABLES, SQL_TYPES, Table
from etl.transform import MARTS

# A build whose tables all have up to this many rows writes each by one INSERT ... VALUES
# statement; a build with a larger table writes every table through Arrow (see write_database).
SMALL_TABLE_ROWS = 1000


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_table_sql(table: Table) -> str:
    """DDL for one declared table: types, NOT NULL, accepted values, keys, references."""
    parts = []
    for c in table.columns:
        part = f"{c.name} {SQL_TYPES[c.type]}"
        if c.required:
            part += " NOT NULL"
        if c.accepted is not None:
            values = ", ".join(sql_literal(v) for v in c.accepted)
            part += f" CHECK ({c.name} IN ({values}))"
        parts.append(part)
    parts.append(f"PRIMARY KEY ({', '.join(table.key)})")
    for c in table.columns:
        if c.references is not None:
            ref_table, ref_column = c.references
            parts.append(f"FOREIGN KEY ({c.name}) REFERENCES {ref_table} ({ref_column})")
    return f"CREATE TABLE {table.name} (\n  " + ",\n  ".join(parts) + "\n)"


def temp_path(path: Path) -> Path:
    """A temporary name beside `path`, unique to this build: the pid and a random part."""
    return path.with_name(f".{path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex}")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, someone else's
    return True


def clear_leftovers(path: Path) -> list[Path]:
    """Remove the temporary files (and their .wal) of builds of `path` whose process is no
    longer alive; return what was removed. A running build's files are left alone."""
    pattern = re.compile(re.escape(f".{path.name}.tmp-") + r"(\d+)(?:-[0-9a-f]+)?(?:\.wal)?")
    removed = []
    for candidate in path.parent.glob(f".{path.name}.tmp-*"):
        found = pattern.fullmatch(candidate.name)
        if found is None or pid_alive(int(found.group(1))):
            continue
        try:
            candidate.unlink()
        except FileNotFoundError:
            continue
        removed.append(candidate)
    return removed


def write_database(
    tables: dict[str, list[tuple[Any, ...]]],
    path: Path,
    before_replace: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
) -> None:
    """Create every table in a temporary file, then atomically replace `path` with it.

    `tables` holds the rows of every table but the marts; each mart is then filled by its SQL
    (`etl.transform.MARTS`), under its declared constraints. `before_replace(con)` is called
    with the filled database's connection before `path` is replaced; what it raises leaves
    `path` unchanged (the removal guard, etl/build.py)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(path)
    tmp = temp_path(path)
    leftovers = (tmp, tmp.with_name(tmp.name + ".wal"))
    # Once one table needs Arrow (and pyarrow is imported), every table takes it: DuckDB binds
    # the parameters of INSERT ... VALUES one by one (at 10^5 observations, five tables of 434
    # to 837 rows took 1.0 s of wall time, 0.55 s of CPU, that way).
    bulk = any(len(rows) > SMALL_TABLE_ROWS for rows in tables.values())
    try:
        con = duckdb.connect(str(tmp))
        try:
            for table in DATABASE_TABLES:
                con.execute(create_table_sql(table))
                if table.name in MARTS:
                    con.execute(f"INSERT INTO {table.name} BY NAME {MARTS[table.name]}")
                    continue
                rows = tables[table.name]
                if rows and not bulk:
                    # A small table: one statement (executemany costs a round trip per row).
                    row_marks = "(" + ", ".join("?" for _ in table.columns) + ")"
                    marks = ", ".join(row_marks for _ in rows)
                    params = [value for row in rows for value in row]
                    con.execute(f"INSERT INTO {table.name} VALUES {marks}", params)
                elif rows:
                    # DuckDB's bulk path: the rows as one typed Arrow table (a column per declared
                    # column), scanned by one INSERT ... SELECT. One INSERT ... VALUES with every
                    # row's parameters took minutes and gigabytes at 10^5 rows. (Imported here:
                    # pyarrow imports pandas, which the curated data's build does not need.)
                    import pyarrow as pa

                    arrow_types = {
                        "text": pa.string(),
                        "int": pa.int32(),
                        "float": pa.float64(),
                        "date": pa.date32(),
                        "bool": pa.bool_(),
                        "blob": pa.binary(),
                    }
                    columns = list(zip(*rows, strict=True))
                    frame = pa.table(
                        {
                            c.name: pa.array(values, type=arrow_types[c.type])
                            for c, values in zip(table.columns, columns, strict=True)
                        }
                    )
                    del columns
                    con.register("_load_rows", frame)
                    try:
                        names = ", ".join(table.column_names)
                        con.execute(
                            f"INSERT INTO {table.name} ({names}) SELECT {names} FROM _load_rows"
                        )
                    finally:
                        con.unregister("_load_rows")
            if before_replace is not None:
                before_replace(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        for f in leftovers:
            f.unlink(missing_ok=True)
