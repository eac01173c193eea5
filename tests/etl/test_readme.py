"""docs/data.md's database contract names every table and column the schema declares; the
README's quick start is the two commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl.schema import DATABASE_TABLES

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
DATA_DOC = (REPO / "docs" / "data.md").read_text(encoding="utf-8")


def contract_rows() -> dict[str, str]:
    section = DATA_DOC.split("## Database contract", 1)[1].split("\n## ", 1)[0]
    return {m[1]: m[2] for m in re.finditer(r"^\| `(\w+)` \| (.*) \|$", section, re.M)}


@pytest.mark.parametrize("table", DATABASE_TABLES, ids=lambda t: t.name)
def test_readme_documents_every_column(table):
    documented = contract_rows()
    assert table.name in documented
    named = re.findall(r"`(\w+)`", documented[table.name])
    missing = [c for c in table.column_names if c not in named]
    assert missing == []


def test_quick_start_is_the_two_commands():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^make (\w+)", quick, re.M) == ["run", "test"]
