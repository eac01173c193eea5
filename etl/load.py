"""Write the database: the only module of the ETL that writes files.

The database is built in a temporary file beside the target and then moved over it with an
atomic rename, so a failed build leaves the previous database byte-for-byte unchanged and a
reader never sees half a database.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb

from etl.schema import DATABASE_TABLES, SQL_TYPES, Table
from etl.transform import MARTS


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


def write_database(tables: dict[str, list[tuple[Any, ...]]], path: Path) -> None:
    """Create every table in a temporary file, then atomically replace `path` with it.

    `tables` holds the rows of every table but the marts; each mart is then filled by its SQL
    (`etl.transform.MARTS`), under its declared constraints."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    leftovers = (tmp, tmp.with_name(tmp.name + ".wal"))
    for f in leftovers:
        f.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            for table in DATABASE_TABLES:
                con.execute(create_table_sql(table))
                if table.name in MARTS:
                    con.execute(f"INSERT INTO {table.name} BY NAME {MARTS[table.name]}")
                    continue
                rows = tables[table.name]
                if rows:
                    # One statement per table: executemany costs a round trip per row.
                    row_marks = "(" + ", ".join("?" for _ in table.columns) + ")"
                    marks = ", ".join(row_marks for _ in rows)
                    params = [value for row in rows for value in row]
                    con.execute(f"INSERT INTO {table.name} VALUES {marks}", params)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        for f in leftovers:
            f.unlink(missing_ok=True)
