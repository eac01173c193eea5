"""`python -m etl diff` lists what a build would change in the served database; `build` refuses
to remove more than a tenth of a table's rows unless --accept-removals."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from etl.cli import main
from tests.etl.conftest import ASSESSED_ON

AS_OF = ["--as-of", ASSESSED_ON.isoformat()]
OBS = ("observations.csv", "observation_id")
TGT = ("targets.csv", "target_id")
SEARCHED = ("searches.csv", "subject_id")  # what was searched for a target names it


def ids(dataset, name, key):
    return [r[key] for r in dataset.rows(name)]


@pytest.fixture
def served_db(curated_db, tmp_path):
    (tmp_path / "db").mkdir()
    db = tmp_path / "db" / "tracker.duckdb"
    shutil.copy(curated_db, db)
    return db


def drop(dataset, name, key, ids):
    rows = [r for r in dataset.rows(name) if r[key] not in ids]
    dataset.write_rows(name, rows, dataset.header(name))


def count(db, table):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def run(argv, capsys):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err.splitlines()


def test_diff_lists_rows_added_removed_changed_and_status_moves(dataset, served_db, capsys):
    rows = dataset.rows("observations.csv")
    copy = dict(next(r for r in rows if r["observation_id"] == "o-natstd-2020"))
    copy["observation_id"] = "o-natstd-2020-copy"
    dataset.write_rows("observations.csv", [*rows, copy], dataset.header("observations.csv"))
    drop(dataset, *OBS, {"o-cnc-2023"})
    for o in ("o-cnc-2021-10", "o-cnc-2022-02", "o-cnc-2022-07", "o-cnc-2025-03"):
        dataset.set_cell(*OBS, o, "comparable", "false")
    dataset.set_cell(*OBS, "o-rd-2023", "note", "Reworded.")
    before = served_db.read_bytes()

    code, out, _ = run(
        ["diff", "--datasets", str(dataset.root), "--db", str(served_db), *AS_OF], capsys
    )

    assert code == 0
    n = len(rows)
    assert f"observations: {n} -> {n} rows: 1 added, 1 removed, 5 changed" in out
    assert "  + o-natstd-2020-copy" in out
    assert "  - o-cnc-2023" in out
    assert "  ~ o-cnc-2021-10: comparable True -> False" in out
    assert any(line.startswith("  ~ o-rd-2023: note ") for line in out)
    assert f"targets: {len(ids(dataset, *TGT))} rows, no change" in out
    assert any(line.startswith("status moves (") for line in out)
    assert "  t-cnc-68: deadline_passed -> no_data" in out
    assert served_db.read_bytes() == before  # diff never writes


def test_diff_of_the_served_dataset_is_no_change(dataset, served_db, capsys):
    code, out, _ = run(
        ["diff", "--datasets", str(dataset.root), "--db", str(served_db), *AS_OF], capsys
    )
    assert code == 0
    assert out[-2:] == ["status moves: none", "No change."]
    assert f"observations: {len(ids(dataset, *OBS))} rows, no change" in out


def test_diff_without_a_database_adds_everything(dataset, tmp_path, capsys):
    db = tmp_path / "none.duckdb"
    code, out, _ = run(["diff", "--datasets", str(dataset.root), "--db", str(db), *AS_OF], capsys)
    assert code == 0
    assert out[0] == f"No database at {db}: a build would add every row."
    assert f"observations: {len(ids(dataset, *OBS))} rows, all added" in out
    assert not db.exists()


def test_diff_of_an_invalid_dataset_reports_its_problems(dataset, served_db, capsys):
    dataset.set_cell(*OBS, "o-natstd-2020", "value", "x")
    code, _, err = run(["diff", "--datasets", str(dataset.root), "--db", str(served_db)], capsys)
    assert code == 1
    assert err[0].startswith(f"{dataset.path('observations.csv')}:")


def test_diff_of_an_unreadable_database_exits_1(dataset, tmp_path, capsys):
    db = tmp_path / "junk.duckdb"
    db.write_bytes(b"not a database" * 1000)
    code, _, err = run(["diff", "--datasets", str(dataset.root), "--db", str(db)], capsys)
    assert code == 1
    assert err[0].startswith(f"python -m etl diff: cannot read {db}")


def test_build_refuses_to_remove_more_than_a_tenth_of_a_table(dataset, served_db, capsys):
    all_ids = ids(dataset, *OBS)
    n, k = len(all_ids), len(all_ids) // 10 + 1  # more than a tenth
    drop(dataset, *OBS, set(all_ids[:k]))
    before = served_db.read_bytes()

    code, _, err = run(
        ["build", "--datasets", str(dataset.root), "--db", str(served_db), *AS_OF], capsys
    )

    assert code == 1
    assert err[0].startswith(
        f"{dataset.path('observations.csv')}:0: rows: a build would remove {k} of the {n} rows "
        f"of table observations in {served_db} (more than a tenth; {n - k} left): "
    )
    assert err[0].endswith("If that is intended, build with --accept-removals")
    assert err[-1] == f"Nothing was built; {served_db} is unchanged."
    assert served_db.read_bytes() == before
    assert [p.name for p in served_db.parent.iterdir()] == ["tracker.duckdb"]


def test_accept_removals_builds_anyway(dataset, served_db, capsys):
    all_ids = ids(dataset, *OBS)
    k = len(all_ids) // 10 + 1
    drop(dataset, *OBS, set(all_ids[:k]))
    argv = ["build", "--datasets", str(dataset.root), "--db", str(served_db), *AS_OF]
    code, _, _ = run([*argv, "--accept-removals"], capsys)
    assert code == 0
    assert count(served_db, "observations") == len(all_ids) - k


def test_removing_a_tenth_or_less_builds(dataset, served_db, capsys):
    observations, targets = ids(dataset, *OBS), ids(dataset, *TGT)
    k_obs, k_tgt = len(observations) // 10, len(targets) // 10  # a tenth or less
    # Targets nobody else depends on: the ones set after 2025 (the last rows), with the
    # searches recorded for them.
    drop(dataset, *OBS, set(observations[:k_obs]))
    drop(dataset, *TGT, set(targets[-k_tgt:]))
    drop(dataset, *SEARCHED, set(targets[-k_tgt:]))
    argv = ["build", "--datasets", str(dataset.root), "--db", str(served_db), *AS_OF]
    code, _, err = run(argv, capsys)
    assert code == 0, err
    assert (count(served_db, "observations"), count(served_db, "targets")) == (
        len(observations) - k_obs,
        len(targets) - k_tgt,
    )


def test_more_than_a_tenth_of_the_targets_removed_is_refused(dataset, served_db, capsys):
    targets = ids(dataset, *TGT)
    k = len(targets) // 10 + 1
    drop(dataset, *TGT, set(targets[-k:]))
    drop(dataset, *SEARCHED, set(targets[-k:]))
    argv = ["build", "--datasets", str(dataset.root), "--db", str(served_db), *AS_OF]
    code, _, err = run(argv, capsys)
    assert code == 1
    assert f"a build would remove {k} of the {len(targets)} rows of table targets" in err[0]
    assert ", ".join(sorted(targets[-k:])) in err[0]


def test_the_guard_refuses_with_the_message_of_the_full_comparison(dataset, served_db, capsys):
    # The guard counts removals from keys in SQL (diff.removals); its refusal is word for word
    # what removal_problems says of the full comparison (diff.compare) of the same data.
    from etl.build import planned_tables
    from etl.diff import compare, read_database, removal_problems

    observations, targets = ids(dataset, *OBS), ids(dataset, *TGT)
    drop(dataset, *OBS, set(observations[: len(observations) // 10 + 7]))
    drop(dataset, *TGT, set(targets[-(len(targets) // 10 + 1) :]))
    drop(dataset, *SEARCHED, set(targets[-(len(targets) // 10 + 1) :]))
    full = compare(planned_tables(dataset.root, ASSESSED_ON), read_database(served_db), served_db)
    expected = [p.message for p in removal_problems(full, dataset.root)]
    assert len(expected) == 2

    argv = ["build", "--datasets", str(dataset.root), "--db", str(served_db), *AS_OF]
    code, _, err = run(argv, capsys)

    assert code == 1
    assert [line.split(": rows: ", 1)[1] for line in err[:2]] == expected


def test_a_build_over_an_unreadable_database_notes_it_and_builds(dataset, tmp_path, capsys):
    db = tmp_path / "junk.duckdb"
    db.write_bytes(b"not a database" * 1000)
    argv = ["build", "--datasets", str(dataset.root), "--db", str(db), *AS_OF]
    code, _, err = run(argv, capsys)
    assert code == 0
    assert err[0].startswith(f"note: could not read the existing {db} to compare (")
    assert count(db, "observations") == len(ids(dataset, *OBS))
