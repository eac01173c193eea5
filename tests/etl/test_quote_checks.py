"""Quote checks kept between builds (etl/quote_checks.py): an unchanged (quote, value, unit) is
not read again, a changed one is, and the problems found are the same with or without them."""

from __future__ import annotations

from etl import quote_checks
from etl.build import build
from etl.problems import InvalidData
from etl.quote_checks import QuoteChecks
from etl.read import read_dataset
from etl.validate import validate

from .conftest import ASSESSED_ON


def test_kept_answers_give_the_same_problems_without_reading_again(dataset, tmp_path):
    # one problem of each kind the number finder decides: a figure not stated, a qualifier
    dataset.set_cell("observations.csv", "observation_id", "scio-equipment-2024-04", "value", "3.3")
    raw = read_dataset(dataset.root)
    _, plain = validate(raw)
    first = QuoteChecks()
    _, found = validate(raw, first)
    assert found == plain and any("does not state the figure" in p.message for p in plain)
    assert first.read > 0 and first.reused == 0
    path = tmp_path / "x.duckdb.quotes"
    quote_checks.save(first, path)
    again = quote_checks.load(path)
    _, found = validate(raw, again)
    assert found == plain
    assert again.read == 0 and again.reused == first.read + first.reused


def test_a_changed_row_is_read_again(dataset, tmp_path, monkeypatch):
    monkeypatch.setattr(quote_checks, "KEEP_FROM", 0)  # the curated dataset is under it
    db = tmp_path / "tracker.duckdb"
    build(dataset.root, db, ASSESSED_ON)
    kept = quote_checks.load(quote_checks.cache_path(db))
    assert kept.known, "the first build keeps its quote checks next to the database"
    line = dataset.set_cell(
        "observations.csv", "observation_id", "scio-equipment-2024-04", "value", "3.3"
    )
    checks = quote_checks.load(quote_checks.cache_path(db))
    _, problems = validate(read_dataset(dataset.root), checks)
    assert checks.read == 1  # the changed row only
    assert any(p.line == line and "does not state the figure" in p.message for p in problems)
    try:
        build(dataset.root, db, ASSESSED_ON)
        raise AssertionError("the changed figure must be refused")
    except InvalidData:
        pass


def test_other_checking_code_empties_the_kept_answers(tmp_path, monkeypatch):
    path = tmp_path / "x.quotes"
    checks = QuoteChecks()
    checks.put(("a quote of 5", "5.0", "count"), (("=", "5"),))
    quote_checks.save(checks, path)
    assert quote_checks.load(path).known
    monkeypatch.setattr(quote_checks, "code_digest", lambda: "another")
    assert not quote_checks.load(path).known
    path.write_bytes(b"not a pickle")
    assert not quote_checks.load(path).known
